//! A disjunction of BM25 terms with MaxScore pruning, for every ranked
//! query.
//!
//! A question of thirty syllables ORs in function words (`của`, `là`,
//! `được`) whose postings cover most passages, and bantin's BM25 scorer
//! ([`super::bm25`]) has no block-max data for tantivy's WAND, so a plain
//! union walks every posting of every term. Keyword searches use it too:
//! their folded, exact and bigram terms of one syllable are few but
//! correlated, and on the 200 keyword queries MaxScore found the hits of
//! tantivy's block-max WAND in about 0.75 of its time.
//!
//! MaxScore (Turtle and Flood, 1995) needs only one bound per term: with
//! the terms sorted by bound, the lowest-bound terms whose bounds add up to
//! no more than the score a passage needs to enter the top hits cannot
//! make a passage enter on their own. Only the other ("essential") terms'
//! postings are walked; the rest are sought, one skip-list jump each, for
//! the passages that could still make it. As the top hits fill up, more
//! terms stop being essential. Nothing is approximated: the hits and
//! scores are those of the full disjunction (of the terms scored: a
//! question leaves out its commonest terms before the walk, see
//! [`MaxScoreQuery::leaving_out_common`]).
//!
//! The work goes a window of documents at a time: each essential term adds
//! its scores for the window in one tight loop over its decoded blocks
//! (`Bm25TermScorer::add_window`), then the sought terms are taken one at
//! a time, highest bound first, over the window's remaining candidates
//! (term at a time keeps one term's blocks in cache where document at a
//! time visited every sought term for each candidate). A passage's scores
//! are added in the same order either way, so to the same bits.
//!
//! A rare term of the highest bound (a keyword query's rarest pair, say)
//! is taken first and whole: each of its passages is scored with the
//! other terms sought, which raises the threshold before the walk, and the
//! walk then goes on without that term (see `MaxScoreWeight::seed`): 5.6 %
//! fewer instructions over the 200 keyword queries, at 1x and 4x the news
//! corpus alike.
//!
//! With tantivy's BM25 parameters (keyword searches) the bounds of blocks
//! of postings, from tantivy's skip data, prune further (bantin's own
//! parameters have none):
//! - a walked term passes over the blocks whose bound, plus the bounds of
//!   all the other terms, cannot reach the threshold (a one-word query
//!   typed without accents, such as `cung`, takes a third of its time);
//! - before each window, up to the end of the first of the terms' current
//!   blocks (the sought terms sought to the window's start, one at a time
//!   while it can still help), no passage scores more than those blocks'
//!   bounds together; if that cannot reach the threshold the stretch is
//!   passed unscored (`không` and `một` at 4x the news corpus: 5.2 and
//!   5.0 ms before, 1.9 and 1.3 ms after).

use std::ops::Range;

use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, Term, TERMINATED};

use super::bm25::{explain_score, Bm25TermQuery, Bm25TermScorer, Bm25TermWeight};

/// Common terms are left out of a query (see
/// [`MaxScoreQuery::leaving_out_common`]) only when one of its other terms
/// alone is in at least this many passages: more than a page of hits and
/// the passages a question's titles re-rank.
pub const COMMON_LEFT_FOR: u64 = 100;

/// The sum of its terms' scores (each with a boost), over passages that
/// have any of them.
#[derive(Debug, Clone)]
pub struct MaxScoreQuery {
    terms: Vec<(Bm25TermQuery, Score)>,
    /// Terms in more than this share of the passages are left out.
    common: f32,
}

impl MaxScoreQuery {
    /// See the module docs.
    pub fn new(terms: Vec<(Bm25TermQuery, Score)>) -> Self {
        MaxScoreQuery { terms, common: 1.0 }
    }

    /// The same query, scored without its terms found in more than `share`
    /// of the passages, as long as one of the others alone is in
    /// [`COMMON_LEFT_FOR`] passages; else every term is scored. So in a
    /// small folder, or for a question of common words only, no list of
    /// hits is cut short, and the rule depends on the index alone, never
    /// on the page asked for, so that pages agree.
    ///
    /// A question of some seventy terms ORs in the language's commonest
    /// syllables (`có`, `của`, `được`, `người`): each adds less than any
    /// rare term to a passage's score (its idf is at most ln 4 = 1.39 at a
    /// quarter of the passages, against 8-10 for a rare one), but their
    /// postings are most of the walk. At a quarter, 30 ALQAC questions
    /// over the news benchmark took 0.80x the instructions (0.86x the time
    /// at 1x, 0.80x at 4x), and MRR@10 on the ALQAC dev questions stayed
    /// within 0.003 of scoring every term (EVAL.md).
    pub fn leaving_out_common(mut self, share: f32) -> Self {
        self.common = share;
        self
    }

    /// The boost of each term, in the query's order.
    #[cfg(test)]
    pub(crate) fn boosts(&self) -> impl Iterator<Item = Score> + '_ {
        self.terms.iter().map(|(_, boost)| *boost)
    }
}

impl MaxScoreQuery {
    /// The weight, typed (the `Query` impl boxes it), for
    /// [`MaxScoreWeight::for_each_pruning_in`].
    pub(crate) fn max_score_weight(
        &self,
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<MaxScoreWeight> {
        let infos = TermInfos::of(&self.terms, enable_scoring)?;
        let kept = self.kept(infos.as_ref(), enable_scoring)?;
        let mut terms = Vec::with_capacity(self.terms.len());
        for (i, (query, boost)) in self.terms.iter().enumerate() {
            if !kept[i] {
                continue;
            }
            let doc_freq = infos.as_ref().map(|infos| infos.doc_freq(i));
            terms.push((query.bm25_weight_with(enable_scoring, doc_freq)?, *boost, i));
        }
        // Lowest bound first: the first terms are the first to stop being
        // essential.
        terms.sort_by(|a, b| (a.0.max_score() * a.1).total_cmp(&(b.0.max_score() * b.1)));
        Ok(MaxScoreWeight { terms, infos })
    }

    /// Which terms are scored: all but those in more than `common` of the
    /// passages, unless no other term is in [`COMMON_LEFT_FOR`] passages
    /// (see [`MaxScoreQuery::leaving_out_common`]).
    fn kept(
        &self,
        infos: Option<&TermInfos>,
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<Vec<bool>> {
        let mut kept = vec![true; self.terms.len()];
        // Unscored (a count, a filter), the same passages match: the
        // searcher's statistics decide.
        let stats: &dyn Bm25StatisticsProvider = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => statistics_provider,
            EnableScoring::Disabled {
                searcher_opt: Some(searcher),
                ..
            } => searcher,
            EnableScoring::Disabled { .. } => return Ok(kept),
        };
        if self.common >= 1.0 || self.terms.is_empty() {
            return Ok(kept);
        }
        let limit = f64::from(self.common) * stats.total_num_docs()? as f64;
        let mut matched = 0;
        for (i, (query, _)) in self.terms.iter().enumerate() {
            let df = match infos {
                Some(infos) => infos.doc_freq(i),
                None => stats.doc_freq(query.term())?,
            };
            kept[i] = df as f64 <= limit;
            if kept[i] {
                matched = matched.max(df);
            }
        }
        if matched < COMMON_LEFT_FOR {
            kept.fill(true);
        }
        Ok(kept)
    }
}

impl Query for MaxScoreQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.max_score_weight(enable_scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (q, _) in &self.terms {
            q.query_terms(visitor);
        }
    }
}

/// The term infos of a query's terms in each segment, looked up once per
/// distinct term and segment: they give the document frequencies (as the
/// searcher's `doc_freq` sums them) and then the postings, where each term
/// was otherwise looked up twice per segment, and a repeated term as
/// often as it is repeated.
struct TermInfos {
    /// Per segment: its id, and the info of each distinct term (`None`
    /// where it lacks the term).
    segments: Vec<(SegmentId, Vec<Option<TermInfo>>)>,
    /// The distinct term of each query term.
    distinct: Vec<usize>,
}

impl TermInfos {
    /// The infos, when the statistics are the searcher's own (the only
    /// case where the frequencies can be taken from its segments).
    fn of(
        terms: &[(Bm25TermQuery, Score)],
        enable_scoring: EnableScoring<'_>,
    ) -> tantivy::Result<Option<TermInfos>> {
        let EnableScoring::Enabled {
            searcher,
            statistics_provider,
        } = enable_scoring
        else {
            return Ok(None);
        };
        let provider: *const dyn Bm25StatisticsProvider = statistics_provider;
        if !std::ptr::addr_eq(provider, searcher as *const Searcher) {
            return Ok(None);
        }
        let mut unique: Vec<&Term> = Vec::new();
        let mut distinct = Vec::with_capacity(terms.len());
        for (query, _) in terms {
            let term = query.term();
            distinct.push(unique.iter().position(|t| *t == term).unwrap_or_else(|| {
                unique.push(term);
                unique.len() - 1
            }));
        }
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let mut infos = Vec::with_capacity(unique.len());
            for term in &unique {
                infos.push(reader.inverted_index(term.field())?.get_term_info(term)?);
            }
            segments.push((reader.segment_id(), infos));
        }
        Ok(Some(TermInfos { segments, distinct }))
    }

    /// Query term `i`'s document frequency over all segments.
    fn doc_freq(&self, i: usize) -> u64 {
        let d = self.distinct[i];
        self.segments
            .iter()
            .map(|(_, infos)| infos[d].as_ref().map_or(0, |info| u64::from(info.doc_freq)))
            .sum()
    }

    /// Query term `i`'s info in `reader` (`None`: not looked up there).
    fn get(&self, reader: &SegmentReader, i: usize) -> Option<Option<&TermInfo>> {
        let id = reader.segment_id();
        let (_, infos) = self.segments.iter().find(|(s, _)| *s == id)?;
        Some(infos[self.distinct[i]].as_ref())
    }
}

/// Most seeks a seed may take (see [`MaxScoreWeight::seed`]): its
/// passages times the other terms.
const SEED_SEEKS: usize = 4096;

/// Most terms of a query seeded (see [`MaxScoreWeight::seed`]): a keyword
/// query has up to eight (three syllables), a question some seventy,
/// for which opening every term twice cost more than the seed saved (30
/// ALQAC questions: 2.3 % more instructions).
const SEED_TERMS: usize = 16;

/// The weight of a [`MaxScoreQuery`].
pub(crate) struct MaxScoreWeight {
    /// Each term's weight, boost and place in the query.
    terms: Vec<(Bm25TermWeight, Score, usize)>,
    infos: Option<TermInfos>,
}

impl MaxScoreWeight {
    fn union(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<UnionScorer> {
        let mut scorers = Vec::with_capacity(self.terms.len());
        // prefix[i]: the most that terms 0..i can add together.
        let mut prefix = Vec::with_capacity(self.terms.len() + 1);
        prefix.push(0.0);
        for (weight, own, i) in &self.terms {
            let info = self.infos.as_ref().and_then(|infos| infos.get(reader, *i));
            // A term the segment lacks adds nothing.
            if let Some(scorer) = weight.term_scorer(reader, boost * own, info)? {
                scorers.push(scorer);
                prefix
                    .push(prefix.last().copied().unwrap_or(0.0) + weight.max_score() * boost * own);
            }
        }
        let mut union = UnionScorer {
            scorers,
            prefix,
            doc: 0,
        };
        union.doc = union.min_doc(0);
        Ok(union)
    }

    /// The seed of the walk: when the term of the highest bound is rare in
    /// the segment, each of its passages is scored whole first (the other
    /// terms sought in a second union) and offered to `callback`, which
    /// raises the threshold before the walk starts; the walk then goes on
    /// without that term, over the passages without it (the seed's, sorted,
    /// are returned, for the walk to leave out). A query's best passages
    /// usually hold its rarest term: `cuối tháng mỹ`, whose pair `tháng
    /// mỹ` is in 29 of 290,000 passages, had its first segment walked
    /// with a threshold rising slowly from zero.
    fn seed(
        &self,
        union: &mut UnionScorer,
        reader: &SegmentReader,
        range: &Range<DocId>,
        threshold: &mut Score,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<Vec<DocId>> {
        let n = union.scorers.len();
        let Some(top) = union.scorers.last() else {
            return Ok(Vec::new());
        };
        let passages = top.size_hint() as usize;
        if !(2..=SEED_TERMS).contains(&n) || passages.saturating_mul(n - 1) > SEED_SEEKS {
            return Ok(Vec::new());
        }
        let alive = reader.alive_bitset();
        // The same terms, to seek in: the walk needs its own from the start.
        let mut others = self.union(reader, 1.0)?;
        let Some(mut seed) = others.scorers.pop() else {
            return Ok(Vec::new());
        };
        let mut docs = Vec::with_capacity(passages);
        let mut doc = seed.seek(range.start);
        while doc < range.end {
            let mut score = seed.score();
            for scorer in others.scorers.iter_mut().rev() {
                if scorer.doc() < doc {
                    scorer.seek(doc);
                }
                if scorer.doc() == doc {
                    score += scorer.score();
                }
            }
            docs.push(doc);
            if score > *threshold && alive.is_none_or(|a| a.is_alive(doc)) {
                *threshold = callback(doc, score);
            }
            doc = seed.advance();
        }
        union.scorers.pop();
        union.prefix.pop();
        union.doc = union.min_doc(0);
        Ok(docs)
    }

    /// The postings of the query's terms in all segments (each repeat of a
    /// term counted), when known: the size of a walk without pruning.
    pub(crate) fn postings(&self) -> Option<u64> {
        let infos = self.infos.as_ref()?;
        Some(self.terms.iter().map(|(_, _, i)| infos.doc_freq(*i)).sum())
    }

    /// [`Weight::for_each_pruning`] over the passages of `range` only (the
    /// same hits as the whole segment's walk has in it, and the same
    /// scores): a segment's ranges can be walked at once, on several
    /// threads. Each term is first sought to the range's start.
    pub(crate) fn for_each_pruning_in(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        range: Range<DocId>,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut union = self.union(reader, 1.0)?;
        if range.start > 0 {
            for scorer in &mut union.scorers {
                scorer.seek(range.start);
            }
            union.doc = union.min_doc(0);
        }
        let alive = reader.alive_bitset();
        let mut threshold = threshold;
        let seeded = self.seed(&mut union, reader, &range, &mut threshold, callback)?;
        let n = union.scorers.len();

        // Documents are taken a window at a time: the essential terms add
        // their scores into `scores` term by term (as tantivy's own union
        // does), then the sought terms are added to the window's
        // candidates term by term too.
        // Kept zeroed between windows (every slot set is taken back), and
        // so reused between calls instead of allocated zeroed each time.
        let mut scores = WINDOW_SCORES.take();
        if scores.len() != WINDOW as usize {
            scores = vec![0.0 as Score; WINDOW as usize];
        }
        let mut seen = [0u64; WINDOW as usize / 64];
        let mut candidates: Vec<(DocId, Score)> = Vec::new();
        // Terms essential..n are walked; 0..essential are only sought.
        let mut essential = 0;
        loop {
            while essential < n && union.prefix[essential + 1] <= threshold {
                essential += 1;
            }
            let start = union.min_doc(essential);
            if start >= range.end {
                break;
            }
            // Where tantivy keeps block bounds: up to the end of the walked
            // terms' current blocks, no passage scores more than those
            // blocks' bounds and the sought terms' bounds together; a
            // sought term brought to the window's start bounds it by its
            // current block instead, up to that block's end. If the bound
            // cannot reach the threshold, the stretch is passed unscored.
            // The sought terms are brought there one at a time, highest
            // bound first, only while the bound can still come down enough.
            let (bound, stretch) = stretch_bound(&mut union, essential, start, threshold);
            if bound <= threshold && stretch != TERMINATED {
                for scorer in &mut union.scorers[essential..] {
                    if scorer.doc() < stretch {
                        scorer.pass_to(stretch);
                    }
                }
                continue;
            }
            let end = start.saturating_add(WINDOW).min(range.end);
            // A posting of term t can only enter if its own score is above
            // the threshold less what all the other terms can add. Highest
            // bound first, as the sought terms after them: a passage's
            // scores are added in one order, from the last term to the
            // first, whichever terms were walked or sought when it was
            // reached, and so to the same bits.
            let total = union.prefix[n];
            for (t, scorer) in union.scorers.iter_mut().enumerate().skip(essential).rev() {
                let others = total - (union.prefix[t + 1] - union.prefix[t]);
                scorer.add_window(start, end, &mut scores, &mut seen, threshold - others);
            }
            // The window's candidates: the passages the sought terms could
            // still lift above the threshold.
            candidates.clear();
            let reach = union.prefix[essential];
            for (word_at, word) in seen.iter_mut().enumerate() {
                while *word != 0 {
                    let bit = word.trailing_zeros() as usize;
                    *word &= *word - 1;
                    let i = word_at * 64 + bit;
                    let score = std::mem::take(&mut scores[i]);
                    if score + reach > threshold {
                        candidates.push((start + i as DocId, score));
                    }
                }
            }
            // The sought terms, highest bound first, a term at a time over
            // the candidates, each dropped once the terms left cannot lift
            // it above the threshold (the one of the window's start: it
            // only rises, so this keeps every passage that can enter).
            for t in (0..essential).rev() {
                if candidates.is_empty() {
                    break;
                }
                let reach = union.prefix[t + 1];
                let scorer = &mut union.scorers[t];
                let mut kept = 0;
                for at in 0..candidates.len() {
                    let (doc, mut score) = candidates[at];
                    if score + reach <= threshold {
                        continue;
                    }
                    let mut on = scorer.doc();
                    if on < doc {
                        on = scorer.seek(doc);
                    }
                    if on == doc {
                        score += scorer.score();
                    }
                    candidates[kept] = (doc, score);
                    kept += 1;
                }
                candidates.truncate(kept);
            }
            for &(doc, score) in &candidates {
                if score > threshold
                    && alive.is_none_or(|a| a.is_alive(doc))
                    && seeded.binary_search(&doc).is_err()
                {
                    threshold = callback(doc, score);
                }
            }
        }
        debug_assert!(scores.iter().all(|&s| s == 0.0));
        WINDOW_SCORES.set(scores);
        Ok(())
    }
}

impl Weight for MaxScoreWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.union(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_score(self.scorer(reader, 1.0)?, doc, "sum of BM25 terms")
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.for_each_pruning_in(threshold, reader, 0..TERMINATED, callback)
    }
}

/// The bound of the passages from `start` to the stretch's end (the second
/// value, `TERMINATED` when there is no stretch) by block bounds; see
/// [`MaxScoreWeight::for_each_pruning`]. Terms `essential..` are walked,
/// the others sought. Stops as soon as the bound is at most `threshold`.
fn stretch_bound(
    union: &mut UnionScorer,
    essential: usize,
    start: DocId,
    threshold: Score,
) -> (Score, DocId) {
    let own = |union: &UnionScorer, t: usize| union.prefix[t + 1] - union.prefix[t];
    let mut stretch = TERMINATED;
    for scorer in &mut union.scorers[essential..] {
        if scorer.doc() == TERMINATED {
            continue;
        }
        match scorer.block_bound() {
            Some((last, _)) => stretch = stretch.min(last.saturating_add(1)),
            None => return (Score::INFINITY, TERMINATED),
        }
    }
    if stretch == TERMINATED {
        return (Score::INFINITY, TERMINATED);
    }
    // A term whose next passage is past the stretch adds nothing in it.
    let mut bound = 0.0;
    for scorer in &mut union.scorers[essential..] {
        if scorer.doc() < stretch {
            bound += scorer.block_bound().map_or(Score::INFINITY, |(_, max)| max);
        }
    }
    if bound > threshold {
        return (bound, stretch);
    }
    bound += union.prefix[essential];
    for t in (0..essential).rev() {
        if bound <= threshold {
            break;
        }
        let scorer = &mut union.scorers[t];
        if !scorer.has_block_bounds() {
            continue;
        }
        if scorer.doc() < start {
            scorer.seek(start);
        }
        let add = if scorer.doc() == TERMINATED {
            0.0
        } else {
            match scorer.block_bound() {
                Some((last, max)) => {
                    stretch = stretch.min(last.saturating_add(1));
                    if scorer.doc() < stretch {
                        max
                    } else {
                        0.0
                    }
                }
                None => own(union, t),
            }
        };
        bound += add - own(union, t);
    }
    (bound, stretch)
}

/// Documents per window of [`MaxScoreWeight::for_each_pruning`].
const WINDOW: DocId = 4096;

thread_local! {
    /// The window's scores, all zero when not in use.
    static WINDOW_SCORES: std::cell::Cell<Vec<Score>> = const { std::cell::Cell::new(Vec::new()) };
}

/// The plain union, for use inside other queries (no pruning there).
struct UnionScorer {
    scorers: Vec<Bm25TermScorer>,
    prefix: Vec<Score>,
    doc: DocId,
}

impl UnionScorer {
    fn min_doc(&self, from: usize) -> DocId {
        self.scorers[from..]
            .iter()
            .map(|s| s.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for UnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let doc = self.doc;
        for scorer in &mut self.scorers {
            if scorer.doc() == doc {
                scorer.advance();
            }
        }
        self.doc = self.min_doc(0);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for scorer in &mut self.scorers {
            if scorer.doc() < target {
                scorer.seek(target);
            }
        }
        self.doc = self.min_doc(0);
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for UnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        if doc == TERMINATED {
            return 0.0;
        }
        // In the walk's order (see `for_each_pruning_in`).
        self.scorers
            .iter_mut()
            .rev()
            .filter(|s| s.doc() == doc)
            .map(|s| s.score())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, DocAddress, Index};

    /// Common words everywhere, rare ones here and there, some deleted.
    fn index() -> (Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..4000u32 {
            let mut text = format!("la cua duoc n{}", i % 97);
            for (k, word) in ["mot", "hai", "ba", "bon", "nam"].iter().enumerate() {
                if i % (7 + 3 * k as u32) == 0 {
                    text.push(' ');
                    text.push_str(word);
                }
            }
            if i % 3 == 0 {
                text.push_str(" la la");
            }
            if i % 5 == 0 {
                text.push_str(" cua");
            }
            writer.add_document(doc!(body => text)).unwrap();
            if i == 2000 {
                writer.commit().unwrap();
            }
        }
        writer.delete_term(Term::from_field_text(body, "n3"));
        writer.commit().unwrap();
        (index, body)
    }

    /// The pruned top hits are the plain disjunction's, scores included,
    /// whatever the number of hits asked for.
    #[test]
    fn pruning_keeps_the_top_hits_and_their_scores() {
        let words = ["la", "cua", "duoc", "mot", "hai", "ba", "bon", "nam", "n5"];
        same_hits_as_the_plain_union(&words, &|i| 0.5 + i as f32 * 0.25, 0.6, 0.5);
    }

    /// The same, for other sets of terms (repeated ones too), boosts and
    /// parameters.
    #[test]
    fn pruning_keeps_the_top_hits_of_any_query() {
        let all = [
            "la", "cua", "duoc", "mot", "hai", "ba", "bon", "nam", "n5", "n7", "n11", "n96",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..12 {
            let len = 2 + (next() % 10) as usize;
            let words: Vec<&str> = (0..len).map(|_| all[(next() % 12) as usize]).collect();
            let boosts: Vec<f32> = (0..len)
                .map(|_| 0.1 + (next() % 40) as f32 / 10.0)
                .collect();
            let (k1, b) = if next() % 3 == 0 {
                // tantivy's: blocks are passed over by their bounds.
                (1.2, 0.75)
            } else {
                (
                    0.2 + (next() % 20) as f32 / 10.0,
                    (next() % 11) as f32 / 10.0,
                )
            };
            same_hits_as_the_plain_union(&words, &|i| boosts[i], k1, b);
        }
    }

    /// With tantivy's parameters the walked terms pass over the blocks
    /// that tantivy's bounds rule out: the hits stay those of the plain
    /// union, for one common term, common ones together, and common with
    /// rare ones.
    #[test]
    fn block_bounds_keep_the_top_hits() {
        let queries: [&[&str]; 6] = [
            &["la"],
            &["la", "cua"],
            &["la", "mot"],
            &["cua", "duoc", "n5"],
            &["nam", "la", "la"],
            &["duoc", "hai", "ba", "n96"],
        ];
        for words in queries {
            same_hits_as_the_plain_union(words, &|i| 1.0 + i as f32 * 0.5, 1.2, 0.75);
        }
    }

    /// A rare term of the highest bound is seeded (its passages scored
    /// whole first, then left out of the walk): the hits stay the plain
    /// union's, with the rare term's passages deleted (`n3`) or not.
    #[test]
    fn a_seeded_rare_term_keeps_the_top_hits() {
        let queries: [&[&str]; 4] = [
            &["la", "cua", "n5"],
            &["la", "mot", "n3"],
            &["duoc", "n3", "n5"],
            &["la", "cua", "duoc", "mot", "hai", "n96"],
        ];
        for words in queries {
            // The last word boosted most: the highest bound.
            let last = words.len() - 1;
            for (k1, b) in [(1.2, 0.75), (0.6, 0.5)] {
                same_hits_as_the_plain_union(words, &|i| if i == last { 4.0 } else { 1.0 }, k1, b);
            }
        }
    }

    /// Terms in more than the share of passages asked are left out, and
    /// the hits and scores are the plain union's of the others; when no
    /// other term is in `COMMON_LEFT_FOR` passages (or none is left),
    /// nothing is left out. In the test index `la`, `cua` and `duoc` are
    /// in every passage, `mot` in 1/7, `hai` in 1/10, `n5` in 1/97 (42).
    #[test]
    fn common_terms_are_left_out_when_the_others_match_enough() {
        let cases: [(&[&str], f32, &[bool]); 8] = [
            (&["la", "n5"], 0.25, &[true, true]),
            (&["la", "cua", "n5", "n7"], 0.25, &[true, true, true, true]),
            (&["la", "mot", "n5"], 0.25, &[false, true, true]),
            (
                &["la", "cua", "duoc", "mot", "hai"],
                0.25,
                &[false, false, false, true, true],
            ),
            // `mot` (572 passages) is above 0.12 of the 3,959 left after
            // the deletions, `hai` (400) below.
            (
                &["cua", "mot", "hai", "n5"],
                0.12,
                &[false, false, true, true],
            ),
            (&["la", "cua"], 0.25, &[true, true]),
            (&["la", "cua", "duoc"], 0.99, &[true, true, true]),
            (&["la", "mot", "n5"], 1.0, &[true, true, true]),
        ];
        for (words, share, kept) in cases {
            for (k1, b) in [(0.6, 0.5), (1.2, 0.75)] {
                same_hits_as_the_union_of(words, &|i| 1.0 + i as f32 * 0.5, k1, b, share, kept);
            }
        }
    }

    /// MaxScore over `words` (word `i` boosted by `boost(i)`) finds the
    /// plain union's top hits, for several numbers of hits.
    fn same_hits_as_the_plain_union(words: &[&str], boost: &dyn Fn(usize) -> f32, k1: f32, b: f32) {
        same_hits_as_the_union_of(words, boost, k1, b, 1.0, &vec![true; words.len()]);
    }

    /// MaxScore over `words` leaving out those in more than `share` of
    /// the passages finds the top hits of the plain union of the words
    /// marked in `kept`.
    fn same_hits_as_the_union_of(
        words: &[&str],
        boost: &dyn Fn(usize) -> f32,
        k1: f32,
        b: f32,
        share: f32,
        kept: &[bool],
    ) {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let bm25 = |w: &str| Bm25TermQuery::new(Term::from_field_text(body, w), k1, b);
        let pruned = MaxScoreQuery::new(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (bm25(w), boost(i)))
                .collect(),
        )
        .leaving_out_common(share);
        let plain = BooleanQuery::new(
            words
                .iter()
                .enumerate()
                .filter(|(i, _)| kept[*i])
                .map(|(i, w)| {
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(bm25(w)), boost(i)));
                    (Occur::Should, q)
                })
                .collect(),
        );
        for limit in [1, 10, 100, 5000] {
            let top = TopDocs::with_limit(limit).order_by_score();
            let got = searcher.search(&pruned, &top).unwrap();
            let want = searcher.search(&plain, &top).unwrap();
            assert_eq!(got.len(), want.len(), "limit {limit}");
            for ((gs, _), (ws, _)) in got.iter().zip(&want) {
                assert!((gs - ws).abs() < 1e-4, "{gs} vs {ws}");
            }
            // Above the last score the passages are the same (ties at the
            // cut may be broken either way).
            let last = want.last().unwrap().0 + 1e-4;
            let above = |hits: &[(Score, DocAddress)]| {
                let mut a: Vec<DocAddress> =
                    hits.iter().filter(|h| h.0 > last).map(|h| h.1).collect();
                a.sort();
                a
            };
            assert_eq!(above(&got), above(&want), "limit {limit}");
        }
        // Inside another query, the union matches and scores the same.
        let count = tantivy::collector::Count;
        let must = |q: Box<dyn Query>| BooleanQuery::new(vec![(Occur::Must, q)]);
        assert_eq!(
            searcher.search(&must(Box::new(pruned)), &count).unwrap(),
            searcher.search(&plain, &count).unwrap()
        );
    }
}
