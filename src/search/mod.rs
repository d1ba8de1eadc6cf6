//! From a query string to ranked passages with snippets, and from a
//! passage id to the passage in its context.

pub mod query;
pub mod snippet;

pub use query::{Clause, ParsedQuery, Weights};
pub use snippet::{Highlighter, Snippet};

use tantivy::collector::TopDocs;
use tantivy::query::{Bm25StatisticsProvider, BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::Term;

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
    if parsed.is_empty() || request.limit == 0 {
        return Ok(Vec::new());
    }
    let query = parsed.to_query(&index.fields, &request.weights);
    let searcher = index.searcher();
    let collector = TopDocs::with_limit(request.limit)
        .and_offset(request.offset)
        .order_by_score();
    let stats = PassageStatistics {
        searcher: &searcher,
        length_scale: request.weights.length_scale,
    };
    let top = searcher
        .search_with_statistics_provider(&query, &collector, &stats)
        .map_err(|e| Error::tantivy("search failed", e))?;
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

/// BM25 statistics with the average passage length scaled by
/// `length_scale`. tantivy's BM25 has `b = 0.75` built in, which suits
/// documents of any length; passages are already cut to 40-120 words, and a
/// scale above 1 softens the length penalty (it acts as a lower `b` and
/// `k1`) so that a longer passage saying a word twice is not beaten by a
/// short one saying it once.
struct PassageStatistics<'a> {
    searcher: &'a tantivy::Searcher,
    length_scale: f32,
}

impl Bm25StatisticsProvider for PassageStatistics<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        let tokens = self.searcher.total_num_tokens(field)?;
        Ok((tokens as f64 * f64::from(self.length_scale)) as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher.doc_freq(term)
    }
}

/// A passage and its neighbours in the same file.
#[derive(Debug, Clone)]
pub struct InContext {
    /// Passages in file order; `passages[hit]` is the one asked for.
    pub passages: Vec<StoredPassage>,
    pub hit: usize,
}

/// Finds passage `id` and up to `context` passages before and after it.
pub fn show(index: &OpenIndex, id: &str, context: usize) -> Result<InContext> {
    let f = &index.fields;
    let searcher = index.searcher();
    let not_found = || Error::NoSuchPassage {
        id: id.to_string(),
        path: index.root.clone(),
    };
    let by_id = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
    let found = searcher
        .search(&by_id, &TopDocs::with_limit(1).order_by_score())
        .map_err(|e| Error::tantivy("lookup failed", e))?;
    let (_, address) = *found.first().ok_or_else(not_found)?;
    let doc: TantivyDocument = searcher
        .doc(address)
        .map_err(|e| Error::tantivy("cannot read a stored passage", e))?;
    let target = StoredPassage::from_doc(&doc, f);

    let low = target.ordinal.saturating_sub(context as u64);
    let high = target.ordinal.saturating_add(context as u64);
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
    let limit = (2 * context + 1).min(10_000);
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
