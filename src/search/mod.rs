//! From a query string to ranked passages with snippets, and from a
//! passage id to the passage in its context.

pub mod bm25;
pub mod maxscore;
pub mod query;
pub mod rerank;
pub mod snippet;
mod topk;

pub use query::{Clause, ParsedQuery, Weights};
pub use snippet::{Highlighter, Snippet};
pub use topk::Split;

use topk::{top_k, top_k_union, Ranked};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
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
    /// Most threads a search runs on (see [`default_threads`] and
    /// [`Split::up_to`]).
    pub threads: usize,
}

/// The threads a search runs on unless told otherwise: one per core.
/// Asked once a process: `available_parallelism` reads the cgroup's CPU
/// quota from files at every call: asked at every search, it made the
/// 1x keyword queries' p50 0.67-0.75 ms, against 0.32-0.54 ms asked once
/// (`examples/latency`, in turns).
pub fn default_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

impl<'a> SearchRequest<'a> {
    /// The first `limit` hits of `query`, default weights.
    pub fn new(query: &'a str, limit: usize) -> Self {
        SearchRequest {
            query,
            limit,
            offset: 0,
            weights: Weights::default(),
            threads: default_threads(),
        }
    }
}

/// Runs a search; an empty or exclusion-only query has no hits.
///
/// A question's passages are re-ranked by their titles: when that only
/// reorders the hits (the first page, as many hits as re-ranked), the
/// titles are weighed on another thread while this one reads the hits'
/// passages and makes their snippets. Each took about a tenth of a
/// question's time on the news benchmark, after a walk already cut
/// between threads.
pub fn search(index: &OpenIndex, request: &SearchRequest) -> Result<Vec<Hit>> {
    let parsed = ParsedQuery::parse(request.query);
    let searcher = index.searcher();
    let found = candidates(index, &searcher, &parsed, request)?;
    let highlighter = Highlighter::new(parsed.positive_syllables());
    // Each hit's passage and snippet, in the order of `top`.
    let made = |top: &[(f32, DocAddress)]| -> Result<Vec<(StoredPassage, Snippet)>> {
        let mut passages = index.passages(&searcher)?;
        top.iter()
            .map(|&(_, address)| {
                let passage = passages.passage(address)?;
                let snippet = highlighter.snippet(&passage.text);
                Ok((passage, snippet))
            })
            .collect()
    };
    let (top, made) = if found.reorders_only() && request.threads > 1 {
        std::thread::scope(|scope| -> Result<_> {
            let reranked = scope.spawn(|| found.clone().finish(index, &searcher, &parsed));
            let ready = made(&found.top);
            let top = match reranked.join() {
                Ok(top) => top?,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // In the order of the re-ranked hits (the same passages).
            let mut ready: Vec<_> = found.top.iter().map(|c| c.1).zip(ready?).collect();
            let mut ordered = Vec::with_capacity(top.len());
            for hit in &top {
                match ready.iter().position(|r| r.0 == hit.1) {
                    Some(at) => ordered.push(ready.swap_remove(at).1),
                    // Not reached (re-ranking keeps the passages), but
                    // made here rather than a panic if it were.
                    None => ordered.extend(made(std::slice::from_ref(hit))?),
                }
            }
            Ok((top, ordered))
        })?
    } else {
        let top = found.finish(index, &searcher, &parsed)?;
        let made = made(&top)?;
        (top, made)
    };
    let hits = top
        .into_iter()
        .zip(made)
        .enumerate()
        .map(|(i, ((score, _), (passage, snippet)))| Hit {
            rank: request.offset + i + 1,
            score,
            passage,
            snippet,
        })
        .collect();
    Ok(hits)
}

/// The passages a search found, before a question's re-ranking by titles.
#[derive(Clone)]
struct Candidates {
    /// Best first: the first `offset + limit` hits, or more to re-rank.
    top: Vec<(f32, DocAddress)>,
    /// The weight of the title re-ranking, if the hits are to be re-ranked.
    title: Option<f32>,
    /// Hits skipped (`--offset`).
    offset: usize,
    /// `offset + limit`.
    wanted: usize,
}

impl Candidates {
    /// Whether re-ranking can only reorder the hits returned: none is
    /// skipped and none is cut.
    fn reorders_only(&self) -> bool {
        self.title.is_some() && self.offset == 0 && self.top.len() <= self.wanted
    }

    /// The hits: re-ranked, then `offset` of them skipped.
    fn finish(
        self,
        index: &OpenIndex,
        searcher: &tantivy::Searcher,
        parsed: &ParsedQuery,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let Candidates {
            mut top,
            title,
            offset,
            wanted,
        } = self;
        if let Some(weight) = title {
            by_title(index, searcher, parsed, weight, &mut top)?;
            top.truncate(wanted);
        }
        Ok(top.into_iter().skip(offset).collect())
    }
}

/// The best passages' scores and addresses, best first.
fn rank(
    index: &OpenIndex,
    parsed: &ParsedQuery,
    request: &SearchRequest,
) -> Result<Vec<(f32, DocAddress)>> {
    let searcher = index.searcher();
    candidates(index, &searcher, parsed, request)?.finish(index, &searcher, parsed)
}

/// The passages [`rank`] gives, before their re-ranking by titles.
fn candidates(
    index: &OpenIndex,
    searcher: &tantivy::Searcher,
    parsed: &ParsedQuery,
    request: &SearchRequest,
) -> Result<Candidates> {
    let none = || Candidates {
        top: Vec::new(),
        title: None,
        offset: 0,
        wanted: 0,
    };
    if parsed.is_empty() || request.limit == 0 {
        return Ok(none());
    }
    let syllables = parsed.positive_syllables().count();
    let weights = request.weights.for_query(syllables);
    let (required, union) = parsed.to_parts(&index.fields, &weights);
    // No more hits than passages: a huge --limit or --offset must neither
    // overflow tantivy's `limit + offset` nor size its heap.
    let passages = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    if request.offset >= passages {
        return Ok(none());
    }
    let limit = request.limit.min(passages - request.offset);
    if !parsed.has_phrases() {
        let wanted = request.offset + limit;
        let rerank = syllables > query::KEYWORD_SYLLABLES && weights.title > 0.0;
        let fetch = if rerank {
            wanted.max(rerank::DEPTH)
        } else {
            wanted
        };
        let top = if required.is_empty() {
            top_k_union(searcher, &union, fetch, Split::up_to(request.threads))
        } else {
            top_k(searcher, query::joined(required, union).as_ref(), fetch)
        }
        .map_err(|e| Error::tantivy("search failed", e))?;
        return Ok(Candidates {
            top,
            title: rerank.then_some(weights.title),
            offset: request.offset,
            wanted,
        });
    }
    // Phrases: the query finds candidates, the text decides. Ask for more
    // candidates until enough pass or there are no more.
    let wanted = request.offset + limit;
    let mut fetch = wanted.saturating_mul(2).saturating_add(16).min(passages);
    let query = query::joined(required, union);
    let mut stored = index.passages(searcher)?;
    loop {
        let collector = TopDocs::with_limit(fetch).order_by_score();
        let candidates = searcher
            .search(&query, &collector)
            .map_err(|e| Error::tantivy("search failed", e))?;
        let exhausted = candidates.len() < fetch || fetch == passages;
        let mut passed = Vec::with_capacity(wanted);
        for (score, address) in candidates {
            let text = stored.stored(address)?.text;
            if parsed.accepts(&text) {
                passed.push((score, address));
                if passed.len() == wanted {
                    break;
                }
            }
        }
        if passed.len() == wanted || exhausted {
            return Ok(Candidates {
                top: passed,
                title: None,
                offset: request.offset,
                wanted,
            });
        }
        fetch = fetch.saturating_mul(4).min(passages);
    }
}

/// Re-ranks the first [`rerank::DEPTH`] passages of `top` (best first) by
/// how much of their title `question` repeats: each gains `weight` times
/// the best score times the share of its title found. A bonus is never
/// negative, so the passages re-ranked stay above those that were not.
fn by_title(
    index: &OpenIndex,
    searcher: &tantivy::Searcher,
    question: &ParsedQuery,
    weight: f32,
    top: &mut [(f32, DocAddress)],
) -> Result<()> {
    let Some(&(best, _)) = top.first() else {
        return Ok(());
    };
    let mut titles = rerank::TitleMatch::of_query(question);
    // A pair's document frequency as the largest segment has it, scaled
    // to the whole index: one term lookup per pair instead of one per
    // pair and segment (measured: a third of the re-ranking's time).
    let passages = searcher.num_docs() as f32;
    let (largest, scale) = match searcher
        .segment_readers()
        .iter()
        .max_by_key(|s| s.num_docs())
    {
        Some(segment) => (
            Some(
                segment
                    .inverted_index(index.fields.bigram)
                    .map_err(|e| Error::tantivy("cannot read the bigram terms", e))?,
            ),
            passages / segment.num_docs().max(1) as f32,
        ),
        None => (None, 1.0),
    };
    let mut idf = |pair: &str| {
        let term = Term::from_field_text(index.fields.bigram, pair);
        let df = largest
            .as_ref()
            .and_then(|ii| ii.doc_freq(&term).ok())
            .unwrap_or(0) as f32
            * scale;
        bm25::idf_of(df, passages)
    };
    let mut passages = index.passages(searcher)?;
    let mut title = String::new();
    let depth = top.len().min(rerank::DEPTH);
    for entry in &mut top[..depth] {
        passages.title(entry.1, &mut title)?;
        entry.0 += weight * best * titles.share(&title, &mut idf);
    }
    // Best first, ties as everywhere else (see `Ranked`).
    top[..depth].sort_by_key(|&(score, address)| std::cmp::Reverse(Ranked(score, address)));
    Ok(())
}

/// The documents (paths) of the best passages, best first, each once:
/// a document ranks where its best passage does. Makes no snippets.
pub fn search_documents(index: &OpenIndex, request: &SearchRequest) -> Result<Vec<(f32, String)>> {
    let parsed = ParsedQuery::parse(request.query);
    let top = rank(index, &parsed, request)?;
    let searcher = index.searcher();
    let mut passages = index.passages(&searcher)?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (score, address) in top {
        let path = passages.stored(address)?.path;
        if seen.insert(path.clone()) {
            out.push((score, path));
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
    let mut stored = index.passages(&searcher)?;
    let target = stored.passage(address)?;

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
        passages.push(stored.passage(address)?);
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

    /// An index over a folder of these files (name, text).
    fn index_of(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> (tempfile::TempDir, OpenIndex) {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        for (name, text) in files {
            std::fs::write(docs.join(name), text).unwrap();
        }
        let root = dir.path().join("index");
        let config = IndexConfig::new(root.clone(), vec![docs]);
        index_folders(&config, &mut |_| {}).unwrap();
        let index = OpenIndex::open(&root).unwrap();
        (dir, index)
    }

    /// An index over one file of three passages, each saying `tăng`.
    fn three_passages() -> (tempfile::TempDir, OpenIndex) {
        // Paragraphs long enough to stay passages of their own.
        let filler = " Số liệu được cập nhật hằng tháng.".repeat(8);
        let text =
            format!("Giá tăng một.{filler}\n\nLương tăng hai.{filler}\n\nThu tăng ba.{filler}\n");
        index_of([("a.txt".to_string(), text)])
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

    /// What a hit shows, with its score's bits.
    fn shown(hits: &[Hit]) -> Vec<(usize, u32, String, String)> {
        hits.iter()
            .map(|h| {
                let snippet = format!("{:?}", h.snippet);
                (h.rank, h.score.to_bits(), h.passage.id.clone(), snippet)
            })
            .collect()
    }

    #[test]
    fn a_question_reranked_beside_its_snippets_gives_the_hits_of_one_thread() {
        let filler = " Số liệu được cập nhật hằng tháng.".repeat(6);
        let titles = [
            "Tội lạm quyền trong khi thi hành công vụ",
            "Tội thiếu trách nhiệm gây hậu quả nghiêm trọng",
            "Quy định chung về xử lý vi phạm hành chính",
            "Thi hành án dân sự",
        ];
        let (_dir, index) = index_of((0..16).map(|i| {
            let title = titles[i % titles.len()];
            let text = format!(
                "{title}\n\nNgười phạm tội {i} bị xử lý theo quy định.{filler}\n\n\
                 Người lạm quyền khi thi hành công vụ số {i} bị phạt.{filler}\n"
            );
            (format!("{i:02}.txt"), text)
        }));
        let question = "Người phạm tội lạm quyền trong khi thi hành công vụ bị xử lý thế nào?";
        for (limit, offset) in [
            (10, 0),
            (rerank::DEPTH, 0),
            (3, 0),
            (5, 2),
            (30, 0),
            (4, 12),
        ] {
            let request = |threads, title| SearchRequest {
                offset,
                threads,
                weights: Weights {
                    title,
                    ..Weights::default()
                },
                ..SearchRequest::new(question, limit)
            };
            let title = Weights::default().title;
            let one = shown(&search(&index, &request(1, title)).unwrap());
            assert!(!one.is_empty(), "{limit} {offset}");
            for threads in [2, 3] {
                let many = shown(&search(&index, &request(threads, title)).unwrap());
                assert_eq!(one, many, "{limit} {offset} on {threads} threads");
            }
            // The titles did re-rank the first passages: the bonus is in
            // their scores.
            if offset < rerank::DEPTH {
                let untitled = shown(&search(&index, &request(2, 0.0)).unwrap());
                assert_ne!(one, untitled, "{limit} {offset}");
            }
        }
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
