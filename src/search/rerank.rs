//! Re-ranking of a question's best passages by their title: a question
//! that repeats the wording of a title (`Người phạm tội lạm quyền trong
//! khi thi hành công vụ …` and the article `Tội lạm quyền trong khi thi
//! hành công vụ`) is about that title's document more often than about a
//! passage that only shares its words.
//!
//! The measure is the share of the title's adjacent syllable pairs that
//! the question has adjacent too, each pair weighted by its idf in the
//! bigram field, so that `trong khi` counts for less than `lạm quyền`.
//! Pairs, not single syllables, so that `Tội đánh bạc` is not a full match
//! for a question about `tổ chức đánh bạc`. Folded forms throughout, so
//! the question's accents, tone placement and normalization do not
//! matter. Measured on the ALQAC dev queries in `EVAL.md`.

use std::collections::HashMap;

use super::{Clause, ParsedQuery};
use crate::analysis::with_syllables;

/// The best passages re-ranked: a page of results. Measured on the ALQAC
/// dev queries (alqac2022 MRR@10, orig): 10 0.943, 15 and 30 0.945; more
/// than a page costs a question a deeper top-k search (about 1.5 ms on the
/// news benchmark for 20).
pub const DEPTH: usize = 10;

/// The question's adjacent folded syllable pairs, and a cache of pair
/// weights.
pub struct TitleMatch {
    pairs: Vec<String>,
    weights: HashMap<String, f32>,
    scratch: Vec<String>,
}

/// Two folded syllables as a bigram-field term writes them: `tang truong`.
fn pair(left: &str, right: &str) -> String {
    format!("{left} {right}")
}

/// Successive folded syllable pairs of `text` into `out`.
fn pairs_into(text: &str, out: &mut Vec<String>) {
    out.clear();
    with_syllables(text, |s| {
        out.extend(s.windows(2).map(|w| pair(w[0].folded, w[1].folded)));
    });
}

impl TitleMatch {
    /// The pairs of `question`.
    pub fn new(question: &str) -> TitleMatch {
        let mut pairs = Vec::new();
        pairs_into(question, &mut pairs);
        TitleMatch::of_pairs(pairs)
    }

    /// The pairs of a parsed query: adjacent syllables within each clause
    /// of words or phrase, never of an excluded one.
    pub fn of_query(query: &ParsedQuery) -> TitleMatch {
        let mut pairs = Vec::new();
        for clause in &query.clauses {
            if let Clause::Words(s) | Clause::Phrase(s) = clause {
                pairs.extend(s.windows(2).map(|w| pair(&w[0].folded, &w[1].folded)));
            }
        }
        TitleMatch::of_pairs(pairs)
    }

    fn of_pairs(mut pairs: Vec<String>) -> TitleMatch {
        pairs.sort_unstable();
        pairs.dedup();
        TitleMatch {
            pairs,
            weights: HashMap::new(),
            scratch: Vec::new(),
        }
    }

    /// The idf-weighted share, from 0 to 1, of the pairs of `title` that
    /// the question has; `idf` gives a pair's weight. A title of one
    /// syllable has no pairs and scores 0.
    pub fn share(&mut self, title: &str, idf: &mut dyn FnMut(&str) -> f32) -> f32 {
        let mut title_pairs = std::mem::take(&mut self.scratch);
        pairs_into(title, &mut title_pairs);
        // A title with none of the question's pairs has no share, whatever
        // its pairs weigh: their weights are not looked up.
        if !title_pairs
            .iter()
            .any(|p| self.pairs.binary_search(p).is_ok())
        {
            self.scratch = title_pairs;
            return 0.0;
        }
        let (mut all, mut found) = (0.0f32, 0.0f32);
        for pair in &title_pairs {
            let weight = match self.weights.get(pair) {
                Some(&w) => w,
                None => {
                    let w = idf(pair).max(0.0);
                    self.weights.insert(pair.clone(), w);
                    w
                }
            };
            all += weight;
            if self.pairs.binary_search(pair).is_ok() {
                found += weight;
            }
        }
        self.scratch = title_pairs;
        if all > 0.0 {
            found / all
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(_: &str) -> f32 {
        1.0
    }

    #[test]
    fn share_of_title_pairs_in_the_question() {
        let cases: &[(&str, &str, f32)] = &[
            // Every pair of the title, whatever the accents.
            (
                "Tội tổ chức đánh bạc bị phạt thế nào?",
                "Tội tổ chức đánh bạc",
                1.0,
            ),
            (
                "toi to chuc danh bac bi phat the nao",
                "Tội tổ chức đánh bạc",
                1.0,
            ),
            // `tội đánh` is not in the question: one pair of two.
            ("Tội tổ chức đánh bạc bị phạt thế nào?", "Tội đánh bạc", 0.5),
            // The words, not in order.
            ("bạc đánh tội", "Tội đánh bạc", 0.0),
            // No pairs in a one-syllable title.
            ("Tài sản là gì?", "Tài", 0.0),
            ("", "", 0.0),
        ];
        for &(question, title, want) in cases {
            let got = TitleMatch::new(question).share(title, &mut flat);
            assert!((got - want).abs() < 1e-6, "{question:?} / {title:?}: {got}");
        }
    }

    #[test]
    fn a_parsed_query_pairs_its_own_clauses_only() {
        let q = ParsedQuery::parse("tổ chức đánh bạc -tội bị phạt thế nào");
        let mut m = TitleMatch::of_query(&q);
        // `bạc tội` and `tội bị` are not pairs of the question.
        assert_eq!(m.share("Tội đánh bạc", &mut flat), 0.5);
        assert_eq!(m.share("bạc tội bị", &mut flat), 0.0);
        assert_eq!(m.share("Tổ chức đánh bạc", &mut flat), 1.0);
    }

    #[test]
    fn a_title_without_the_questions_pairs_weighs_nothing() {
        let looked_up = std::cell::Cell::new(0);
        let mut idf = |_: &str| {
            looked_up.set(looked_up.get() + 1);
            1.0
        };
        let mut m = TitleMatch::new("phạm tội lạm quyền khi");
        assert_eq!(m.share("Thi hành án dân sự", &mut idf), 0.0);
        assert_eq!(m.share("Khi quyền tội", &mut idf), 0.0);
        assert_eq!(looked_up.get(), 0);
        // One pair shared: every pair of the title is weighed.
        assert_eq!(m.share("Tội lạm dụng", &mut idf), 0.5);
        assert_eq!(looked_up.get(), 2);
    }

    #[test]
    fn rare_pairs_count_for_more() {
        let mut idf = |pair: &str| if pair == "lam quyen" { 9.0 } else { 1.0 };
        let mut m = TitleMatch::new("phạm tội lạm quyền khi");
        // Pairs: tội lạm (1, found), lạm quyền (9, found), quyền trong (1).
        let got = m.share("Tội lạm quyền trong", &mut idf);
        assert!((got - 10.0 / 11.0).abs() < 1e-6, "{got}");
    }
}
