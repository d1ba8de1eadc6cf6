//! A BM25 term query with its own `k1` and `b`.
//!
//! tantivy's `TermQuery` has BM25 with `k1 = 1.2, b = 0.75` built in. Those
//! suit documents of any length; bantin ranks passages, already cut to a
//! narrow range of lengths, where less length normalization and a
//! different term-frequency saturation can rank better. This query scores
//! the same postings with parameters of our choosing.
//!
//! Every ranked query scores through it, with tantivy's parameters for
//! keyword searches, so that [`super::maxscore`] prunes them all.
//!
//! The scorer walks the decoded blocks of the postings itself (as
//! tantivy's `SegmentPostings` does, to the same documents), so that
//! [`super::maxscore`] can add a window of scores in one loop.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::TermInfo;
use tantivy::postings::{BlockSegmentPostings, Postings, SegmentPostings};
use tantivy::query::{
    Bm25StatisticsProvider, Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight,
};
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
    /// The weight, typed (the `Query` impl boxes it).
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
        let mut blocks = None;
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
                let avg = tokens as f32 / docs as f32;
                // tantivy's postings keep, per block, the posting that
                // scores best under its own BM25: a bound per block for
                // these parameters (and the same average length) only.
                if (self.k1, self.b) == TANTIVY_BM25 && avg >= 1.0 {
                    blocks = Some((Bm25Weight::for_one_term_without_explain(df, docs, avg), avg));
                }
                (idf(df, docs) * (1.0 + self.k1), avg.max(1.0))
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
            blocks,
        })
    }
}

pub(crate) struct Bm25TermWeight {
    term: Term,
    weight: f32,
    norm: Box<[f32; 256]>,
    /// tantivy's weight of the same scores, when the parameters are
    /// tantivy's (it reads the bound of each block from the skip data),
    /// and the average length it has.
    blocks: Option<(Bm25Weight, f32)>,
}

/// tantivy's BM25 `k1` and `b`: those of its `TermQuery`, and those its
/// postings hold block bounds for.
pub(crate) const TANTIVY_BM25: (f32, f32) = (1.2, 0.75);

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
    ) -> tantivy::Result<Option<BlockSegmentPostings>> {
        let index = reader.inverted_index(self.term.field())?;
        let found;
        let info = match info {
            None => {
                found = index.get_term_info(&self.term)?;
                found.as_ref()
            }
            Some(info) => info,
        };
        Ok(match info {
            None => None,
            Some(info) => {
                Some(index.read_block_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?)
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
        let fieldnorms = reader.get_fieldnorms_reader(self.term.field())?;
        let blocks = match &self.blocks {
            Some((w, avg)) => {
                // The posting a block keeps is the best under the segment's
                // average length. With the index's, another may score more,
                // by at most the ratio of the averages twice over: for any
                // posting, score(avg) <= r score(segment's) <= r^2 score(avg)
                // of the kept one. The bound is widened by that, and by a
                // little for scores computed in another order.
                let tokens = reader.inverted_index(self.term.field())?.total_num_tokens();
                let segment = tokens as f32 / fieldnorms.num_docs().max(1) as f32;
                let r = if segment > 0.0 {
                    (avg / segment).max(segment / avg)
                } else {
                    f32::INFINITY
                };
                r.is_finite()
                    .then(|| (w.boost_by(boost), r * r * (1.0 + 1e-5)))
            }
            None => None,
        };
        Ok(Some(Bm25TermScorer {
            block: postings,
            cur: 0,
            fieldnorms,
            weight: self.weight * boost,
            norm: self.norm.clone(),
            blocks,
        }))
    }
}

impl Weight for Bm25TermWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // On its own or in tantivy's unions (keyword queries), the scorer
        // walks tantivy's `SegmentPostings`, one posting at a time.
        let index = reader.inverted_index(self.term.field())?;
        Ok(
            match index.read_postings(&self.term, IndexRecordOption::WithFreqs)? {
                Some(postings) => Box::new(PostingsScorer {
                    postings,
                    fieldnorms: reader.get_fieldnorms_reader(self.term.field())?,
                    weight: self.weight * boost,
                    norm: self.norm.clone(),
                }),
                None => Box::new(tantivy::query::EmptyScorer),
            },
        )
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

/// The scorer of one term in one segment, over tantivy's postings, for
/// tantivy's own unions and intersections. Its scores are those of
/// [`Bm25TermScorer`], to the bit.
struct PostingsScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    weight: f32,
    norm: Box<[f32; 256]>,
}

impl DocSet for PostingsScorer {
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

impl Scorer for PostingsScorer {
    #[inline]
    fn score(&mut self) -> Score {
        let doc = self.postings.doc();
        if doc == TERMINATED {
            return 0.0;
        }
        let tf = self.postings.term_freq();
        term_score(
            self.weight,
            tf,
            &self.norm,
            self.fieldnorms.fieldnorm_id(doc),
        )
    }
}

/// BM25 of one posting: `weight` (idf × (k1 + 1) × boost) × tf / (tf + the
/// length norm of its field norm id). One expression for both scorers, so
/// that they give the same bits.
#[inline(always)]
fn term_score(weight: Score, tf: u32, norm: &[f32; 256], fieldnorm_id: u8) -> Score {
    let tf = tf as f32;
    weight * tf / (tf + norm[fieldnorm_id as usize])
}

/// The scorer of one term in one segment, for [`super::maxscore`]. It walks the term's postings
/// a decoded block at a time (as tantivy's `SegmentPostings` does, and
/// to the same documents), so that a union can score a window of
/// postings in one tight loop ([`Bm25TermScorer::add_window`]).
pub(crate) struct Bm25TermScorer {
    block: BlockSegmentPostings,
    /// The current posting's place in the decoded block.
    cur: usize,
    fieldnorms: FieldNormReader,
    weight: f32,
    norm: Box<[f32; 256]>,
    /// See [`Bm25TermWeight`]: block bounds, when tantivy keeps them, and
    /// the factor they are widened by.
    blocks: Option<(Bm25Weight, f32)>,
}

impl Bm25TermScorer {
    /// True when no posting of the current block can score above `floor`
    /// (by the block's bound, where tantivy keeps one).
    #[inline]
    fn block_below(&mut self, floor: Score) -> bool {
        match &self.blocks {
            Some((w, widen)) if floor > 0.0 => {
                self.block.block_max_score(&self.fieldnorms, w) * widen <= floor
            }
            _ => false,
        }
    }

    /// Whether tantivy keeps bounds of this term's blocks (see
    /// [`Bm25TermWeight`]).
    #[inline]
    pub(crate) fn has_block_bounds(&self) -> bool {
        self.blocks.is_some()
    }

    /// The last document of the current block and the bound of the
    /// block's postings, where tantivy keeps block bounds.
    #[inline]
    pub(crate) fn block_bound(&mut self) -> Option<(DocId, Score)> {
        let (w, widen) = self.blocks.as_ref()?;
        let last = *self.block.docs().last()?;
        Some((
            last,
            self.block.block_max_score(&self.fieldnorms, w) * widen,
        ))
    }

    /// Moves to the first posting at or after `end`, unscored; `end` must
    /// be at most one past the current block's last document.
    #[inline]
    pub(crate) fn pass_to(&mut self, end: DocId) {
        let docs = self.block.docs();
        let len = docs.len();
        let mut at = self.cur;
        while at < len && docs[at] < end {
            at += 1;
        }
        if at == len && len == COMPRESSION_BLOCK_SIZE {
            self.block.advance();
            self.cur = 0;
        } else {
            self.cur = at;
        }
    }

    /// The score of the posting at `at` in the decoded block: the same
    /// expression (and so the same bits) for every way of walking.
    #[inline(always)]
    fn score_at(&self, at: usize, doc: DocId) -> Score {
        let tf = self.block.freq(at);
        term_score(
            self.weight,
            tf,
            &self.norm,
            self.fieldnorms.fieldnorm_id(doc),
        )
    }

    /// Adds the score of each of its documents in `start..end` to
    /// `scores[doc - start]` and sets bit `doc - start` of `seen`, and
    /// stops on its first document at or after `end`. `end - start` must
    /// not exceed the room in `scores` and `seen`.
    #[inline]
    pub(crate) fn add_window(
        &mut self,
        start: DocId,
        end: DocId,
        scores: &mut [Score],
        seen: &mut [u64],
        floor: Score,
    ) {
        loop {
            if self.block_below(floor) {
                let docs = self.block.docs();
                let len = docs.len();
                if len == COMPRESSION_BLOCK_SIZE && docs[len - 1] < end {
                    self.block.advance();
                    self.cur = 0;
                    continue;
                }
                let mut at = self.cur;
                while at < len && docs[at] < end {
                    at += 1;
                }
                self.cur = at;
                return;
            }
            let docs = self.block.docs();
            let len = docs.len();
            let mut at = self.cur;
            while at < len {
                let doc = docs[at];
                if doc >= end {
                    self.cur = at;
                    return;
                }
                let i = (doc - start) as usize;
                if let Some(slot) = scores.get_mut(i) {
                    *slot += self.score_at(at, doc);
                }
                if let Some(word) = seen.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
                at += 1;
            }
            if len < COMPRESSION_BLOCK_SIZE {
                // The last block, padded with TERMINATED.
                self.cur = len;
                return;
            }
            self.block.advance();
            self.cur = 0;
        }
    }
}

/// Postings per block, as tantivy encodes them.
const COMPRESSION_BLOCK_SIZE: usize = 128;

impl DocSet for Bm25TermScorer {
    // As `SegmentPostings` does.
    #[inline]
    fn advance(&mut self) -> DocId {
        if self.cur == COMPRESSION_BLOCK_SIZE - 1 {
            self.cur = 0;
            self.block.advance();
        } else {
            self.cur += 1;
        }
        self.doc()
    }

    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        // The next posting first: seeks are often short.
        self.cur = (self.cur + 1).min(COMPRESSION_BLOCK_SIZE - 1);
        if self.doc() >= target {
            return self.doc();
        }
        self.cur = self.block.seek(target);
        self.doc()
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.block.doc(self.cur)
    }

    fn size_hint(&self) -> u32 {
        self.block.doc_freq()
    }
}

impl Scorer for Bm25TermScorer {
    #[inline]
    fn score(&mut self) -> Score {
        let doc = self.doc();
        if doc == TERMINATED {
            return 0.0;
        }
        self.score_at(self.cur, doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    /// The scorer's own walk over the blocks visits the documents that
    /// tantivy's `SegmentPostings` does, with the same frequencies, by
    /// `advance`, by `seek` and by windows; and the windows add the very
    /// scores that `score` gives.
    #[test]
    fn the_block_walk_is_tantivys() {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // 1000 (7 full blocks and a partial one), 512 (full blocks only),
        // 100 (one partial block) and 1 posting.
        for i in 0..3000u32 {
            let mut text = String::from("x");
            for (word, every) in [("a", 3), ("b", 5), ("c", 29), ("d", 3000)] {
                if i % every == 0 && (word != "b" || i < 2560) {
                    for _ in 0..=(i % 4) {
                        text.push(' ');
                        text.push_str(word);
                    }
                }
            }
            writer.add_document(doc!(body => text)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let reader = searcher.segment_reader(0);
        let enable = EnableScoring::enabled_from_searcher(&searcher);
        for word in ["a", "b", "c", "d"] {
            let term = Term::from_field_text(body, word);
            let weight = Bm25TermQuery::new(term.clone(), 0.6, 0.5)
                .bm25_weight(enable)
                .unwrap();
            let postings = || {
                reader
                    .inverted_index(body)
                    .unwrap()
                    .read_postings(&term, IndexRecordOption::WithFreqs)
                    .unwrap()
                    .unwrap()
            };
            let scorer = || weight.term_scorer(reader, 1.5, None).unwrap().unwrap();
            // By advance, with each score.
            let (mut want, mut got) = (postings(), scorer());
            let mut scores = Vec::new();
            loop {
                assert_eq!(got.doc(), want.doc(), "{word}");
                if want.doc() == TERMINATED {
                    break;
                }
                let tf = want.term_freq() as f32;
                let norm = weight.norm[reader
                    .get_fieldnorms_reader(body)
                    .unwrap()
                    .fieldnorm_id(want.doc()) as usize];
                assert_eq!(got.score(), weight.weight * 1.5 * tf / (tf + norm));
                scores.push((got.doc(), got.score()));
                want.advance();
                got.advance();
            }
            // tantivy's postings, as the weight's own scorer walks them.
            let mut own = weight.scorer(reader, 1.5).unwrap();
            let mut walked = Vec::new();
            while own.doc() != TERMINATED {
                walked.push((own.doc(), own.score()));
                own.advance();
            }
            assert_eq!(walked, scores, "{word}");
            // By seek, short and long jumps.
            let (mut want, mut got) = (postings(), scorer());
            let mut target = 0;
            while target < 3100 {
                // tantivy's `seek` wants a target at or past the current doc.
                let to = target.max(want.doc());
                assert_eq!(got.seek(to), want.seek(to), "{word} {to}");
                target += 1 + (target * 7919) % 300;
            }
            // By windows.
            let mut got = scorer();
            let mut added = Vec::new();
            let mut start = 0;
            while start < 3100 {
                let end = start + 256;
                let mut window = vec![0.0; 256];
                let mut seen = [0u64; 4];
                got.add_window(start, end, &mut window, &mut seen, f32::MIN);
                for (i, score) in window.iter().enumerate() {
                    if seen[i / 64] & (1 << (i % 64)) != 0 {
                        added.push((start + i as DocId, *score));
                    }
                }
                assert!(got.doc() >= end);
                start = end;
            }
            assert_eq!(added, scores, "{word}");
        }
    }
}
