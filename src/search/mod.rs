//! From a query string to ranked passages with snippets, and from a
//! passage id to the passage in its context.

pub mod bm25;
pub mod maxscore;
pub mod query;
pub mod snippet;

pub use query::{Clause, ParsedQuery, Weights};
pub use snippet::{Highlighter, Snippet};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{DocAddress, Term};

use crate::index::{OpenIndex, StoredPassage};
use crate::{Error, Result};

/// One ranked passage.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank, counting the offset.
    pub rank: usize,
    pub score: f32,
    pub passage: StoredPassage,
    pub snippet: Snippet,
}

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub query: &'a str,
    pub limit: usize,
    pub offset: usize,
    pub weights: Weights,
}

impl<'a> SearchRequest<'a> {
    /// The first `limit` hits of `query`, default weights.
    pub fn new(query: &'a str, limit: usize) -> Self {
        SearchRequest {
            query,
            limit,
            offset: 0,
            weights: Weights::default(),
        }
    }
}

/// Runs a search; an empty or exclusion-only query has no hits.
pub fn search(index: &OpenIndex, request: &SearchRequest) -> Result<Vec<Hit>> {
    let parsed = ParsedQuery::parse(request.query);
    let top = rank(index, &parsed, request)?;
    let searcher = index.searcher();
    let highlighter = Highlighter::new(parsed.positive_syllables());
    let mut hits = Vec::with_capacity(top.len());
    for (i, (score, address)) in top.into_iter().enumerate() {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| Error::tantivy("cannot read a stored passage", e))?;
        let passage = StoredPassage::from_doc(&doc, &index.fields);
        let snippet = highlighter.snippet(&passage.text);
        hits.push(Hit {
            rank: request.offset + i + 1,
            score,
            passage,
            snippet,
        });
    }
    Ok(hits)
}

/// The best passages' scores and addresses, best first.
fn rank(
    index: &OpenIndex,
    parsed: &ParsedQuery,
    request: &SearchRequest,
) -> Result<Vec<(f32, DocAddress)>> {
    if parsed.is_empty() || request.limit == 0 {
        return Ok(Vec::new());
    }
    let weights = request
        .weights
        .for_query(parsed.positive_syllables().count());
    let query = parsed.to_query(&index.fields, &weights);
    let searcher = index.searcher();
    // No more hits than passages: a huge --limit or --offset must neither
    // overflow tantivy's `limit + offset` nor size its heap.
    let passages = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    if request.offset >= passages {
        return Ok(Vec::new());
    }
    let limit = request.limit.min(passages - request.offset);
    if !parsed.has_phrases() {
        let collector = TopDocs::with_limit(limit)
            .and_offset(request.offset)
            .order_by_score();
        return searcher
            .search(&query, &collector)
            .map_err(|e| Error::tantivy("search failed", e));
    }
    // Phrases: the query finds candidates, the text decides. Ask for more
    // candidates until enough pass or there are no more.
    let wanted = request.offset + limit;
    let mut fetch = wanted.saturating_mul(2).saturating_add(16).min(passages);
    loop {
        let collector = TopDocs::with_limit(fetch).order_by_score();
        let candidates = searcher
            .search(&query, &collector)
            .map_err(|e| Error::tantivy("search failed", e))?;
        let exhausted = candidates.len() < fetch || fetch == passages;
        let mut passed = Vec::with_capacity(wanted);
        for (score, address) in candidates {
            let doc: TantivyDocument = searcher
                .doc(address)
                .map_err(|e| Error::tantivy("cannot read a stored passage", e))?;
            let text = doc
                .get_first(index.fields.text)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .unwrap_or_default();
            if parsed.accepts(text) {
                passed.push((score, address));
                if passed.len() == wanted {
                    break;
                }
            }
        }
        if passed.len() == wanted || exhausted {
            return Ok(passed.into_iter().skip(request.offset).collect());
        }
        fetch = fetch.saturating_mul(4).min(passages);
    }
}

/// The documents (paths) of the best passages, best first, each once:
/// a document ranks where its best passage does. Reads no stored text.
pub fn search_documents(index: &OpenIndex, request: &SearchRequest) -> Result<Vec<(f32, String)>> {
    let parsed = ParsedQuery::parse(request.query);
    let top = rank(index, &parsed, request)?;
    let searcher = index.searcher();
    let err = |e| Error::tantivy("cannot read passage paths", e);
    let mut columns = Vec::with_capacity(searcher.segment_readers().len());
    for segment in searcher.segment_readers() {
        columns.push(segment.fast_fields().str("path").map_err(err)?);
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut path = String::new();
    for (score, address) in top {
        let Some(column) = &columns[address.segment_ord as usize] else {
            continue;
        };
        let Some(ord) = column.ords().first(address.doc_id) else {
            continue;
        };
        path.clear();
        if column
            .ord_to_str(ord, &mut path)
            .map_err(|e| err(e.into()))?
            && seen.insert(path.clone())
        {
            out.push((score, path.clone()));
        }
    }
    Ok(out)
}

/// A passage and its neighbours in the same file.
#[derive(Debug, Clone)]
pub struct InContext {
    /// Passages in file order; `passages[hit]` is the one asked for.
    pub passages: Vec<StoredPassage>,
    pub hit: usize,
}

/// The live passage whose id is `id`: a scan of the id column, a few
/// hundred microseconds for a million passages, and no id terms to index.
fn find_id(searcher: &tantivy::Searcher, id: u64) -> Result<Option<DocAddress>> {
    let mut docs = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let column = segment
            .fast_fields()
            .u64("id")
            .map_err(|e| Error::tantivy("cannot read passage ids", e))?;
        docs.clear();
        column.get_docids_for_value_range(id..=id, 0..segment.max_doc(), &mut docs);
        let alive = segment.alive_bitset();
        // The value is checked again: tantivy 0.27's bit-packed columns
        // answer a range below their minimum with the minimum's rows.
        if let Some(&doc) = docs
            .iter()
            .find(|&&d| column.first(d) == Some(id) && alive.is_none_or(|a| a.is_alive(d)))
        {
            return Ok(Some(DocAddress::new(ord as u32, doc)));
        }
    }
    Ok(None)
}

/// Most passages [`show`] gives on each side of the one asked for.
pub const MAX_CONTEXT: usize = 4_999;

/// Finds passage `id` and up to `context` passages before and after it
/// (at most [`MAX_CONTEXT`]).
pub fn show(index: &OpenIndex, id: &str, context: usize) -> Result<InContext> {
    let f = &index.fields;
    let searcher = index.searcher();
    let not_found = || Error::NoSuchPassage {
        id: id.to_string(),
        path: index.root.clone(),
    };
    let wanted = crate::index::parse_id(id).ok_or_else(not_found)?;
    let address = find_id(&searcher, wanted)?.ok_or_else(not_found)?;
    let doc: TantivyDocument = searcher
        .doc(address)
        .map_err(|e| Error::tantivy("cannot read a stored passage", e))?;
    let target = StoredPassage::from_doc(&doc, f);

    // The whole window is collected (it is at most 2 * MAX_CONTEXT + 1
    // documents), so the passage asked for is always in it.
    let context = context.min(MAX_CONTEXT) as u64;
    let low = target.ordinal.saturating_sub(context);
    let high = target.ordinal.saturating_add(context);
    let neighbours: Vec<(Occur, Box<dyn Query>)> = vec![
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.path, &target.path),
                IndexRecordOption::Basic,
            )),
        ),
        (
            Occur::Must,
            Box::new(RangeQuery::new(
                std::ops::Bound::Included(Term::from_field_u64(f.ordinal, low)),
                std::ops::Bound::Included(Term::from_field_u64(f.ordinal, high)),
            )),
        ),
    ];
    let limit = 2 * context as usize + 1;
    let docs = searcher
        .search(
            &BooleanQuery::new(neighbours),
            &TopDocs::with_limit(limit).order_by_score(),
        )
        .map_err(|e| Error::tantivy("lookup failed", e))?;
    let mut passages = Vec::with_capacity(docs.len());
    for (_, address) in docs {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| Error::tantivy("cannot read a stored passage", e))?;
        passages.push(StoredPassage::from_doc(&doc, f));
    }
    passages.sort_by_key(|p| p.ordinal);
    let hit = passages
        .iter()
        .position(|p| p.id == target.id)
        .ok_or_else(not_found)?;
    Ok(InContext { passages, hit })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{index_folders, IndexConfig};

    /// An index over one file of three passages, each saying `tăng`.
    fn three_passages() -> (tempfile::TempDir, OpenIndex) {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        // Paragraphs long enough to stay passages of their own.
        let filler = " Số liệu được cập nhật hằng tháng.".repeat(8);
        let text =
            format!("Giá tăng một.{filler}\n\nLương tăng hai.{filler}\n\nThu tăng ba.{filler}\n");
        std::fs::write(docs.join("a.txt"), text).unwrap();
        let root = dir.path().join("index");
        let config = IndexConfig::new(root.clone(), vec![docs]);
        index_folders(&config, &mut |_| {}).unwrap();
        let index = OpenIndex::open(&root).unwrap();
        (dir, index)
    }

    #[test]
    fn huge_limit_and_offset_are_not_a_panic() {
        let (_dir, index) = three_passages();
        let all = search(&index, &SearchRequest::new("tăng", usize::MAX)).unwrap();
        assert_eq!(all.len(), 3);
        let past_the_end = SearchRequest {
            offset: usize::MAX,
            ..SearchRequest::new("tăng", usize::MAX)
        };
        assert!(search(&index, &past_the_end).unwrap().is_empty());
        let last = SearchRequest {
            offset: 2,
            ..SearchRequest::new("tăng", usize::MAX)
        };
        let last = search(&index, &last).unwrap();
        assert_eq!(last.len(), 1);
        assert_eq!(last[0].rank, 3);
        assert_eq!(last[0].passage.id, all[2].passage.id);
    }

    #[test]
    fn huge_context_shows_the_whole_file() {
        let (_dir, index) = three_passages();
        let hits = search(&index, &SearchRequest::new("hai", 1)).unwrap();
        let found = show(&index, &hits[0].passage.id, usize::MAX).unwrap();
        assert_eq!(found.passages.len(), 3);
        assert_eq!(found.hit, 1);
        assert!(found.passages[1].text.starts_with("Lương tăng hai."));
    }
}
