//! The `k` best passages of a query, over all of an index's segments.
//!
//! Unlike tantivy's `TopDocs`, which starts every segment from scratch,
//! the score a passage needs to enter the top `k` is carried from one
//! segment to the next, so that later segments prune from their start.
//!
//! The ranked union of terms ([`MaxScoreQuery`], every query without
//! phrases or exclusions) is also walked on several threads at once: the
//! index's passages, segment after segment, are cut into as many equal
//! shares as there are threads, and each thread walks its share, whole
//! segments where a share holds them (a segment's terms are then opened
//! by one thread only) and a range of passages of a segment that two
//! shares divide. The threads offer their passages to one shared top
//! `k` and prune with its entry score (the `k`-th best found by any of
//! them). A passage's score has the same bits whichever thread reached it
//! and when (the walk adds its terms in one order, see
//! [`super::maxscore`]), and the shared top `k` orders ties by address,
//! so the hits, their scores and their order are those of one thread, at
//! every run: ties go to the earlier address, as everywhere.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};

use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use super::maxscore::MaxScoreQuery;

/// How a search is cut between threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Most threads.
    pub threads: usize,
    /// Fewest passages a thread is given: below that, opening every term
    /// once more per range is not worth it.
    pub passages: u64,
    /// Fewest postings of the query's terms a thread is given: a shorter
    /// walk gains less than another thread costs.
    pub postings: u64,
}

impl Split {
    /// Up to `threads` threads, each given at least 32,768 passages and
    /// 250,000 postings. Measured on the news benchmark (2 cores, in
    /// turns with one thread): 30 ALQAC questions (about 70 terms, 0.5 to
    /// 5.4 million postings at 1x, before questions left out their
    /// commonest terms) took 0.79x the time at 1x and 0.66x at 4x.
    /// Keyword queries of 200,000 to 480,000 postings (1x), cut at
    /// 100,000 postings a thread, took longer on two threads (p99 1.3 ->
    /// 2.0 ms): a millisecond's walk gains less than the second thread
    /// costs on a busy machine. Since the threads share one top `k`, a cut
    /// at 250,000 against 500,000 took the 200 keyword queries at 4x to
    /// 0.80x the p99 and 0.95x the mean (7 rounds in turns), the same at 1x
    /// within the noise.
    pub fn up_to(threads: usize) -> Split {
        Split {
            threads,
            passages: 32_768,
            postings: 250_000,
        }
    }

    /// The threads for a search of `passages` and `postings`.
    fn threads(&self, passages: u64, postings: Option<u64>) -> usize {
        let by = |total: u64, each: u64| usize::try_from(total / each.max(1)).unwrap_or(usize::MAX);
        let mut threads = self.threads.min(by(passages, self.passages));
        if let Some(postings) = postings {
            threads = threads.min(by(postings, self.postings));
        }
        threads.max(1)
    }
}

/// A hit in a top-`k` heap: ordered by score, then earlier address first,
/// as tantivy's `TopDocs` breaks ties.
#[derive(PartialEq)]
pub(crate) struct Ranked(pub f32, pub DocAddress);

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .total_cmp(&other.0)
            .then_with(|| other.1.cmp(&self.1))
    }
}

/// The best `k` of a stream of hits, kept in a heap whose least is the
/// entry score.
struct Best {
    heap: BinaryHeap<Reverse<Ranked>>,
    k: usize,
}

impl Best {
    fn new(k: usize) -> Self {
        Best {
            heap: BinaryHeap::with_capacity(k + 1),
            k,
        }
    }

    /// Offers a hit; gives the score a hit now needs to enter (`None`
    /// while fewer than `k` are kept).
    fn offer(&mut self, score: Score, address: DocAddress) -> Option<Score> {
        self.heap.push(Reverse(Ranked(score, address)));
        if self.heap.len() > self.k {
            self.heap.pop();
        }
        if self.heap.len() == self.k {
            self.heap.peek().map(|r| r.0 .0)
        } else {
            None
        }
    }

    /// The hits kept, best first.
    fn into_hits(self) -> Vec<(f32, DocAddress)> {
        let mut all: Vec<Ranked> = self.heap.into_iter().map(|Reverse(r)| r).collect();
        all.sort_unstable_by(|a, b| b.cmp(a));
        all.into_iter().map(|r| (r.0, r.1)).collect()
    }
}

/// The `k` best passages of any `query`, best first, on this thread.
pub(crate) fn top_k(
    searcher: &Searcher,
    query: &dyn Query,
    k: usize,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    walk_alone(searcher, weight.as_ref(), k)
}

/// The `k` best passages of `weight` on this thread, segment after
/// segment in address order, each pruned from the entry score the last
/// left.
fn walk_alone(
    searcher: &Searcher,
    weight: &dyn Weight,
    k: usize,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    let mut best = Best::new(k);
    let mut threshold = f32::MIN;
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let alive = segment.alive_bitset();
        weight.for_each_pruning(threshold, segment, &mut |doc, score| {
            if alive.is_some_and(|a| a.is_deleted(doc)) {
                return threshold;
            }
            if let Some(entry) = best.offer(score, DocAddress::new(ord as u32, doc)) {
                threshold = entry;
            }
            threshold
        })?;
    }
    Ok(best.into_hits())
}

/// The shares of `threads` threads in segments of `sizes` passages: the
/// passages of all segments, in segment order, cut into `threads` equal
/// shares, each a list of (segment, range of its passages). A segment
/// falls whole into one share unless a cut goes through it, so the
/// shares hold at most `sizes.len() + threads - 1` pieces in all.
fn shares(sizes: &[DocId], threads: usize) -> Vec<Vec<(usize, Range<DocId>)>> {
    let total: u64 = sizes.iter().map(|&s| u64::from(s)).sum();
    let cut = |t: usize| total * t as u64 / threads.max(1) as u64;
    (0..threads)
        .map(|t| {
            let (from, to) = (cut(t), cut(t + 1));
            let mut share = Vec::new();
            let mut start = 0u64;
            for (ord, &size) in sizes.iter().enumerate() {
                let end = start + u64::from(size);
                let (a, b) = (from.max(start), to.min(end));
                if a < b {
                    // Both within the segment, so below `size`.
                    share.push((ord, (a - start) as DocId..(b - start) as DocId));
                }
                start = end;
            }
            share
        })
        .collect()
}

/// The score a passage must beat to enter the shared best `k`, from the
/// entry score published (0 bits: none yet). The shared top `k` holds `k`
/// passages scoring at least its entry score, so a passage scoring less
/// cannot enter; one scoring as much may (if its address is earlier than
/// one a thread reached first), so the bar is the float just below.
fn bar(published: &AtomicU32) -> Score {
    match published.load(Ordering::Relaxed) {
        0 => f32::MIN,
        bits => f32::from_bits(bits).next_down(),
    }
}

/// The `k` best passages of the union `query`, best first, walked on the
/// threads `split` gives: the hits of [`top_k`].
///
/// The threads offer their passages to one shared top `k`, under a lock
/// taken only by a passage above the bar, so that each prunes with the
/// `k`-th best score of all the passages found so far. With a top `k` of
/// its own, a thread pruned with its own range's `k`-th best, lower by as
/// much as the `2k`-th best of one walk: the two threads' walks of the 30
/// ALQAC questions of the news benchmark took 1.05-1.12x the CPU time of
/// one.
pub(crate) fn top_k_union(
    searcher: &Searcher,
    query: &MaxScoreQuery,
    k: usize,
    split: Split,
) -> tantivy::Result<Vec<(f32, DocAddress)>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let segments = searcher.segment_readers();
    let passages: u64 = segments.iter().map(|s| u64::from(s.max_doc())).sum();
    let weight = query.max_score_weight(EnableScoring::enabled_from_searcher(searcher))?;
    let threads = split.threads(passages, weight.postings());
    if threads == 1 {
        return walk_alone(searcher, &weight, k);
    }
    let best = Mutex::new(Best::new(k));
    // The shared entry score's bits, set under the lock; 0 while fewer
    // than `k` are kept (or while the entry is 0.0: no pruning then).
    let published = AtomicU32::new(0);
    let sizes: Vec<DocId> = segments.iter().map(SegmentReader::max_doc).collect();
    let shares = shares(&sizes, threads);
    let walk = |t: usize| -> tantivy::Result<()> {
        for (ord, range) in shares[t].iter().cloned() {
            let segment = &segments[ord];
            let alive = segment.alive_bitset();
            weight.for_each_pruning_in(bar(&published), segment, range, &mut |doc, score| {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let mut best = best.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(entry) = best.offer(score, DocAddress::new(ord as u32, doc)) {
                        published.store(entry.to_bits(), Ordering::Relaxed);
                    }
                }
                bar(&published)
            })?;
        }
        Ok(())
    };
    // This thread walks range 0 while new threads walk the others (a
    // pool's idle threads spin for a while, and took the cores from the
    // next searches: keyword queries ran 1.3x slower).
    std::thread::scope(|scope| -> tantivy::Result<()> {
        let walk = &walk;
        let others: Vec<_> = (1..threads).map(|t| scope.spawn(move || walk(t))).collect();
        let mine = walk(0);
        for other in others {
            match other.join() {
                Ok(walked) => walked?,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        mine
    })?;
    let best = best.into_inner().unwrap_or_else(PoisonError::into_inner);
    Ok(best.into_hits())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::Term;

    use crate::search::bm25::Bm25TermQuery;

    /// 3,000 documents of a few words in three segments, with deletes.
    fn index() -> (tantivy::Index, tantivy::schema::Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = tantivy::Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..3000u32 {
            let mut text = format!("w{} common", i % 53);
            for (k, word) in ["mot", "hai", "ba"].iter().enumerate() {
                if i % (3 + 2 * k as u32) == 0 {
                    text.push(' ');
                    text.push_str(word);
                }
            }
            writer.add_document(tantivy::doc!(body => text)).unwrap();
            if i % 1000 == 999 {
                writer.commit().unwrap();
            }
        }
        writer.delete_term(Term::from_field_text(body, "w7"));
        writer.commit().unwrap();
        (index, body)
    }

    const WORDS: [&str; 5] = ["mot", "hai", "ba", "common", "w5"];

    /// The carried threshold changes nothing but the work: the same hits
    /// as tantivy's `TopDocs`, over several segments with deletes.
    #[test]
    fn top_k_is_top_docs() {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let query = BooleanQuery::new(
            WORDS
                .iter()
                .map(|w| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(body, w),
                        IndexRecordOption::WithFreqs,
                    ));
                    (Occur::Should, q)
                })
                .collect(),
        );
        for k in [1, 10, 100, 4000] {
            let got = top_k(&searcher, &query, k).unwrap();
            let want = searcher
                .search(&query, &TopDocs::with_limit(k).order_by_score())
                .unwrap();
            same_hits(&got, &want, &format!("k {k}"));
        }
    }

    /// The same number of hits, the same scores but for their last bits,
    /// and the same passages above the last score (ties at the last score
    /// may be cut either way).
    fn same_hits(got: &[(f32, DocAddress)], want: &[(f32, DocAddress)], what: &str) {
        assert_eq!(got.len(), want.len(), "{what}");
        for ((gs, _), (ws, _)) in got.iter().zip(want) {
            assert!(
                (gs - ws).abs() <= 1e-5 * ws.abs().max(1.0),
                "{what}: {gs} vs {ws}"
            );
        }
        let last = want.last().map_or(0.0, |h| h.0) + 1e-5;
        let above = |hits: &[(f32, DocAddress)]| {
            let mut a: Vec<DocAddress> = hits.iter().filter(|h| h.0 > last).map(|h| h.1).collect();
            a.sort();
            a
        };
        assert_eq!(above(got), above(want), "{what}");
    }

    /// Walked in ranges on several threads, the union gives the hits of
    /// one thread, bit for bit and in the same order, at every run (the
    /// documents repeat a few texts, so many scores tie).
    #[test]
    fn threads_give_the_hits_of_one() {
        let (index, body) = index();
        let searcher = index.reader().unwrap().searcher();
        let queries: Vec<Vec<&str>> = vec![
            WORDS.to_vec(),
            vec!["common"],
            vec!["w5", "w9"],
            vec!["mot", "ba", "nothing"],
            vec!["nothing", "w3"],
        ];
        for words in queries {
            for (k1, b) in [(1.2, 0.75), (0.6, 0.5)] {
                let query = MaxScoreQuery::new(
                    words
                        .iter()
                        .enumerate()
                        .map(|(i, w)| {
                            let term = Term::from_field_text(body, w);
                            (Bm25TermQuery::new(term, k1, b), 1.0 + i as f32 / 4.0)
                        })
                        .collect(),
                );
                for k in [1, 10, 100, 4000] {
                    let one = top_k(&searcher, &query, k).unwrap();
                    assert!(!one.is_empty());
                    let split = |threads| Split {
                        threads,
                        passages: 1,
                        postings: 1,
                    };
                    for threads in [1, 2, 3, 7] {
                        for _ in 0..3 {
                            let got = top_k_union(&searcher, &query, k, split(threads)).unwrap();
                            assert_eq!(got, one, "{words:?} k {k} threads {threads}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn shares_cover_each_passage_once_and_cut_few_segments() {
        let cases: &[&[DocId]] = &[
            &[],
            &[0],
            &[1],
            &[7],
            &[1000],
            &[DocId::MAX - 1],
            &[288_341, 288_341, 288_341, 288_341],
            &[300_000, 5, 0, 41, 288_000],
            &[3, 3, 3],
            &[DocId::MAX - 1, DocId::MAX - 1, 17],
        ];
        for &sizes in cases {
            for threads in 1..=5 {
                let shares = shares(sizes, threads);
                assert_eq!(shares.len(), threads);
                // Each segment's passages are covered once, in order.
                let mut next = vec![0 as DocId; sizes.len()];
                for (ord, range) in shares.iter().flatten() {
                    assert!(!range.is_empty(), "{sizes:?} {threads}: empty piece");
                    assert_eq!(
                        range.start, next[*ord],
                        "{sizes:?} {threads}: gap or overlap"
                    );
                    next[*ord] = range.end;
                }
                assert_eq!(next, sizes, "{sizes:?} {threads}: not covered");
                let pieces: usize = shares.iter().map(Vec::len).sum();
                let nonempty = sizes.iter().filter(|&&s| s > 0).count();
                assert!(
                    pieces < nonempty + threads,
                    "{sizes:?} {threads}: {pieces} pieces"
                );
                // Equal shares, within a passage.
                let total: u64 = sizes.iter().map(|&s| u64::from(s)).sum();
                for share in &shares {
                    let held: u64 = share.iter().map(|(_, r)| u64::from(r.end - r.start)).sum();
                    assert!(
                        held.abs_diff(total / threads as u64) <= 1,
                        "{sizes:?} {threads}"
                    );
                }
            }
        }
        // Four equal segments on two threads: two whole segments each.
        let four = shares(&[10, 10, 10, 10], 2);
        assert_eq!(
            four,
            vec![vec![(0, 0..10), (1, 0..10)], vec![(2, 0..10), (3, 0..10)]]
        );
        // One segment on two threads: a half each.
        assert_eq!(shares(&[10], 2), vec![vec![(0, 0..5)], vec![(0, 5..10)]]);
    }

    #[test]
    fn small_searches_stay_on_one_thread() {
        let split = Split::up_to(4);
        assert_eq!(split.threads(1_000_000, Some(10_000_000)), 4);
        assert_eq!(split.threads(1_000_000, None), 4);
        assert_eq!(split.threads(70_000, Some(10_000_000)), 2);
        assert_eq!(split.threads(1_000_000, Some(750_000)), 3);
        assert_eq!(split.threads(1_000_000, Some(625_000)), 2);
        assert_eq!(split.threads(20_000, Some(10_000_000)), 1);
        assert_eq!(split.threads(1_000_000, Some(499_999)), 1);
        assert_eq!(split.threads(0, Some(0)), 1);
        assert_eq!(Split::up_to(1).threads(u64::MAX, Some(u64::MAX)), 1);
        assert_eq!(Split::up_to(0).threads(u64::MAX, None), 1);
    }

    #[test]
    fn the_bar_is_just_below_the_published_score() {
        let published = AtomicU32::new(0);
        assert_eq!(bar(&published), f32::MIN);
        published.store(3.0f32.to_bits(), Ordering::Relaxed);
        assert_eq!(bar(&published), 3.0f32.next_down());
        assert!(bar(&published) < 3.0);
    }
}
