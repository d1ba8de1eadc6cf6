//! A BM25 term query with its own `k1` and `b`.
//!
//! tantivy's `TermQuery` has BM25 with `k1 = 1.2, b = 0.75` built in. Those
//! suit documents of any length; bantin ranks passages, already cut to a
//! narrow range of lengths, where less length normalization and a
//! different term-frequency saturation can rank better. This query scores
//! the same postings with parameters of our choosing.
//!
//! It is only used when the weights ask for parameters other than
//! tantivy's: tantivy's own `TermQuery` keeps its block-max WAND pruning.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::TermInfo;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// BM25 of one term, with parameters `k1` and `b`.
#[derive(Debug, Clone)]
pub struct Bm25TermQuery {
    term: Term,
    k1: f32,
    b: f32,
}

impl Bm25TermQuery {
    /// A query for `term` scored with BM25(`k1`, `b`).
    pub fn new(term: Term, k1: f32, b: f32) -> Self {
        Bm25TermQuery { term, k1, b }
    }

    /// The term.
    pub fn term(&self) -> &Term {
        &self.term
    }
}

fn idf(doc_freq: u64, doc_count: u64) -> f32 {
    idf_of(doc_freq as f32, doc_count as f32)
}

/// BM25's idf of a term in `doc_freq` of `doc_count` documents, for an
/// estimated (fractional) document frequency too.
pub(crate) fn idf_of(doc_freq: f32, doc_count: f32) -> f32 {
    let x = ((doc_count - doc_freq).max(0.0) + 0.5) / (doc_freq + 0.5);
    (1.0 + x).ln()
}

impl Query for Bm25TermQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.bm25_weight(enable_scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

impl Bm25TermQuery {
    /// The weight, typed (for [`super::optional::OptionalQuery`]).
    pub(crate) fn bm25_weight(
        &self,
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<Bm25TermWeight> {
        self.bm25_weight_with(enable_scoring, None)
    }

    /// [`Bm25TermQuery::bm25_weight`], with the term's document frequency
    /// when the caller has it already (`doc_freq` of the statistics
    /// provider otherwise).
    pub(crate) fn bm25_weight_with(
        &self,
        enable_scoring: EnableScoring<'_>,
        doc_freq: Option<u64>,
    ) -> tantivy::Result<Bm25TermWeight> {
        let (weight, avg_len) = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let stats: &dyn Bm25StatisticsProvider = statistics_provider;
                let docs = stats.total_num_docs()?.max(1);
                let tokens = stats.total_num_tokens(self.term.field())?;
                let df = match doc_freq {
                    Some(df) => df,
                    None => stats.doc_freq(&self.term)?,
                };
                (
                    idf(df, docs) * (1.0 + self.k1),
                    (tokens as f32 / docs as f32).max(1.0),
                )
            }
            EnableScoring::Disabled { .. } => (0.0, 1.0),
        };
        // The length part of the denominator, per fieldnorm id.
        let mut norm = [0f32; 256];
        for (id, slot) in norm.iter_mut().enumerate() {
            let len = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
            *slot = self.k1 * (1.0 - self.b + self.b * len / avg_len);
        }
        Ok(Bm25TermWeight {
            term: self.term.clone(),
            weight,
            norm: Box::new(norm),
        })
    }
}

pub(crate) struct Bm25TermWeight {
    term: Term,
    weight: f32,
    norm: Box<[f32; 256]>,
}

impl Bm25TermWeight {
    /// No passage scores more than this on the term, times the boost:
    /// `tf / (tf + norm)` stays below 1.
    pub(crate) fn max_score(&self) -> Score {
        self.weight
    }

    /// The term's postings in `reader`, from its term info when the caller
    /// looked it up already (`Some(None)`: the segment lacks the term).
    fn postings(
        &self,
        reader: &SegmentReader,
        info: Option<Option<&TermInfo>>,
    ) -> tantivy::Result<Option<SegmentPostings>> {
        let index = reader.inverted_index(self.term.field())?;
        Ok(match info {
            None => index.read_postings(&self.term, IndexRecordOption::WithFreqs)?,
            Some(None) => None,
            Some(Some(info)) => {
                Some(index.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?)
            }
        })
    }
}

impl Bm25TermWeight {
    /// The scorer, typed; `None` when the segment lacks the term. `info`:
    /// the term's info in `reader` if the caller has it (see
    /// `postings`).
    pub(crate) fn term_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
        info: Option<Option<&TermInfo>>,
    ) -> tantivy::Result<Option<Bm25TermScorer>> {
        let Some(postings) = self.postings(reader, info)? else {
            return Ok(None);
        };
        Ok(Some(Bm25TermScorer {
            postings,
            fieldnorms: reader.get_fieldnorms_reader(self.term.field())?,
            weight: self.weight * boost,
            norm: self.norm.clone(),
        }))
    }
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.term_scorer(reader, boost, None)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(tantivy::query::EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_score(self.scorer(reader, 1.0)?, doc, "BM25(k1, b)")
    }
}

/// The explanation of bantin's own weights: the score `scorer` gives
/// `doc`, under `name`, or an error if `doc` does not match.
pub(crate) fn explain_score(
    mut scorer: Box<dyn Scorer>,
    doc: DocId,
    name: &'static str,
) -> tantivy::Result<Explanation> {
    if scorer.seek(doc) != doc {
        return Err(tantivy::TantivyError::InvalidArgument(format!(
            "document {doc} does not match"
        )));
    }
    Ok(Explanation::new(name, scorer.score()))
}

pub(crate) struct Bm25TermScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    weight: f32,
    norm: Box<[f32; 256]>,
}

impl DocSet for Bm25TermScorer {
    #[inline]
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25TermScorer {
    #[inline]
    fn score(&mut self) -> Score {
        let doc = self.postings.doc();
        if doc == TERMINATED {
            return 0.0;
        }
        let tf = self.postings.term_freq() as f32;
        let norm = self.norm[self.fieldnorms.fieldnorm_id(doc) as usize];
        self.weight * tf / (tf + norm)
    }
}
