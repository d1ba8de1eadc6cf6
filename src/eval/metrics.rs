//! Retrieval metrics at document level: MRR@10, Recall@k, nDCG@10.

use std::collections::HashMap;

/// Relevance of documents to one query (documents not listed: 0).
pub type Judged = HashMap<String, u32>;

/// Scores of one ranked list against its judgements.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub mrr10: f64,
    pub recall1: f64,
    pub recall10: f64,
    pub recall100: f64,
    pub ndcg10: f64,
}

impl Scores {
    /// Scores of `ranked` (document ids, best first, no duplicates).
    pub fn of(ranked: &[String], judged: &Judged) -> Scores {
        let relevant = judged.values().filter(|&&r| r > 0).count();
        if relevant == 0 {
            return Scores::default();
        }
        let rel = |id: &String| judged.get(id).copied().unwrap_or(0);
        let mrr10 = ranked
            .iter()
            .take(10)
            .position(|id| rel(id) > 0)
            .map_or(0.0, |i| 1.0 / (i + 1) as f64);
        let recall = |k: usize| {
            ranked.iter().take(k).filter(|id| rel(id) > 0).count() as f64 / relevant as f64
        };
        let gain = |r: u32| 2f64.powi(r as i32) - 1.0;
        let dcg: f64 = ranked
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, id)| gain(rel(id)) / ((i + 2) as f64).log2())
            .sum();
        let mut ideal: Vec<u32> = judged.values().copied().filter(|&r| r > 0).collect();
        ideal.sort_unstable_by(|a, b| b.cmp(a));
        let idcg: f64 = ideal
            .iter()
            .take(10)
            .enumerate()
            .map(|(i, &r)| gain(r) / ((i + 2) as f64).log2())
            .sum();
        Scores {
            mrr10,
            recall1: recall(1),
            recall10: recall(10),
            recall100: recall(100),
            ndcg10: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        }
    }

    /// The mean of many queries' scores.
    pub fn mean(all: &[Scores]) -> Scores {
        if all.is_empty() {
            return Scores::default();
        }
        let n = all.len() as f64;
        let sum = |f: fn(&Scores) -> f64| all.iter().map(f).sum::<f64>() / n;
        Scores {
            mrr10: sum(|s| s.mrr10),
            recall1: sum(|s| s.recall1),
            recall10: sum(|s| s.recall10),
            recall100: sum(|s| s.recall100),
            ndcg10: sum(|s| s.ndcg10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u32)]) -> Judged {
        pairs.iter().map(|(d, r)| (d.to_string(), *r)).collect()
    }

    fn ranked(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn first_relevant_at_rank_two() {
        let s = Scores::of(&ranked(&["x", "a", "y"]), &judged(&[("a", 1)]));
        assert_eq!(s.mrr10, 0.5);
        assert_eq!(s.recall1, 0.0);
        assert_eq!(s.recall10, 1.0);
        // DCG = 1/log2(3); IDCG = 1.
        assert!((s.ndcg10 - 1.0 / 3f64.log2()).abs() < 1e-12);
    }

    #[test]
    fn graded_ndcg_and_partial_recall() {
        let j = judged(&[("a", 2), ("b", 1), ("c", 1)]);
        let s = Scores::of(&ranked(&["b", "a"]), &j);
        let dcg = 1.0 + 3.0 / 3f64.log2();
        let idcg = 3.0 + 1.0 / 3f64.log2() + 1.0 / 2.0;
        assert!((s.ndcg10 - dcg / idcg).abs() < 1e-12);
        assert!((s.recall10 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.mrr10, 1.0);
    }

    #[test]
    fn nothing_found_scores_zero() {
        let s = Scores::of(&[], &judged(&[("a", 1)]));
        assert_eq!(s, Scores::default());
        // A relevant document past rank 10 counts for recall@100 only.
        let mut long: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
        long.push("a".into());
        let s = Scores::of(&long, &judged(&[("a", 1)]));
        assert_eq!((s.mrr10, s.recall10, s.recall100), (0.0, 0.0, 1.0));
    }
}
