//! The query language and its translation into a tantivy query.
//!
//! Syntax, forgiving by design (a query is never an error):
//! - words: `tăng trưởng`, `tang truong`, `tăng truong`;
//! - `"quoted phrases"`: the syllables must appear together, in order,
//!   separated by white space only (an accented syllable as typed, an
//!   unaccented one in any accented form);
//! - `-word` and `-"a phrase"`: passages containing them are left out.
//!
//! An unbalanced quote is read as if it were not there; any other
//! punctuation (`:`, `(`, `*`) is just a separator.
//!
//! Scoring (all BM25, summed):
//! - each syllable matches the `folded` field, so accents never hide a hit;
//! - a syllable typed with accents also matches the `exact` field, so
//!   `tăng` ranks passages with `tăng` above those with only `tầng`; one
//!   typed without accents matches every accented form alike;
//! - each pair of adjacent query syllables matches the `bigram` field, so
//!   `tăng trưởng` together ranks above `tăng … trưởng` apart.
//!
//! The index keeps no positions: a phrase is looked up as the conjunction
//! of its bigrams (and its accented syllables), and [`ParsedQuery::accepts`]
//! checks each candidate passage's text for the phrase itself.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

use super::bm25::{Bm25TermQuery, TANTIVY_BM25};
use super::maxscore::MaxScoreQuery;
use crate::analysis::{adjacent, syllables, Syllable, MAX_TOKEN_BYTES};
use crate::index::Fields;

/// A clause a hit must (or must not) match, beside the scored terms.
pub(crate) type Required = (Occur, Box<dyn Query>);

/// Weights of the score components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Query syllables in the folded field.
    pub folded: f32,
    /// Accented query syllables in the exact field.
    pub exact: f32,
    /// Adjacent query syllables in the bigram field.
    pub bigram: f32,
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// BM25 length normalization.
    pub b: f32,
    /// Questions: the bonus of a passage whose title the question
    /// repeats, in units of the best passage's score, times the share
    /// of the title found (see [`super::rerank`]).
    pub title: f32,
    /// Questions: the weight of the framing clause (`Theo …,`; see
    /// [`framing_syllables`]).
    pub frame: f32,
    /// Questions: a term found in more than this share of the passages
    /// is left out of the score (1 or more: none is), when another term
    /// is in enough passages (see [`MaxScoreQuery::leaving_out_common`]).
    pub common: f32,
}

impl Default for Weights {
    fn default() -> Self {
        // Tuned on the ALQAC dev queries (see EVAL.md for the ablation).
        Weights {
            bigram: 1.5,
            k1: 0.6,
            b: 0.5,
            title: 0.2,
            frame: 0.25,
            common: 0.25,
            ..Weights::baseline()
        }
    }
}

/// Queries of at most this many syllables are keyword searches.
pub const KEYWORD_SYLLABLES: usize = 4;

impl Weights {
    /// The weights for a query of `syllables` syllables. A keyword search
    /// (a few syllables, as people type them) ranks with tantivy's own
    /// BM25 parameters, which suit it as well as the passage-tuned ones
    /// (measured on the keyword set, see EVAL.md), and scores every term,
    /// however common; long questions use the tuned weights.
    pub fn for_query(&self, syllables: usize) -> Weights {
        if syllables > KEYWORD_SYLLABLES {
            return *self;
        }
        Weights {
            k1: TANTIVY_BM25.0,
            b: TANTIVY_BM25.1,
            common: 1.0,
            ..*self
        }
    }

    /// Untuned: tantivy's BM25 over folded and exact syllables and
    /// bigrams; the starting point of the ablation.
    pub fn baseline() -> Weights {
        Weights {
            folded: 1.0,
            exact: 1.0,
            bigram: 1.0,
            k1: TANTIVY_BM25.0,
            b: TANTIVY_BM25.1,
            title: 0.0,
            frame: 1.0,
            common: 1.0,
        }
    }
}

impl Weights {
    /// Applies `name=value,name=value` overrides (names as the fields,
    /// `ls` for `length_scale`), for tuning and ablations.
    pub fn with_overrides(mut self, spec: &str) -> Result<Weights, String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: expected name=value"))?;
            let value: f32 = value
                .trim()
                .parse()
                .map_err(|_| format!("{part:?}: not a number"))?;
            let slot = match name.trim() {
                "folded" => &mut self.folded,
                "exact" => &mut self.exact,
                "bigram" => &mut self.bigram,
                "k1" => &mut self.k1,
                "b" => &mut self.b,
                "title" => &mut self.title,
                "frame" => &mut self.frame,
                "common" => &mut self.common,
                other => return Err(format!("unknown weight {other:?}")),
            };
            *slot = value;
        }
        Ok(self)
    }
}

/// A piece of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// Loose words, ranked.
    Words(Vec<Syllable>),
    /// A quoted phrase, required.
    Phrase(Vec<Syllable>),
    /// Words or a phrase to leave out.
    Exclude(Vec<Syllable>),
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub clauses: Vec<Clause>,
    /// How many syllables at the start of the first clause only say where
    /// the question comes from (see [`framing_syllables`]).
    pub framing: usize,
}

impl ParsedQuery {
    /// Parses a query string; never fails.
    pub fn parse(input: &str) -> ParsedQuery {
        let balanced = input.matches('"').count().is_multiple_of(2);
        let mut clauses = Vec::new();
        let mut words = String::new();
        let mut rest = input;
        let flush = |words: &mut String, clauses: &mut Vec<Clause>| {
            let s = syllables(words);
            if !s.is_empty() {
                clauses.push(Clause::Words(s));
            }
            words.clear();
        };
        while !rest.is_empty() {
            let trimmed = rest.trim_start();
            let negated = trimmed.starts_with('-');
            let after_sign = if negated { &trimmed[1..] } else { trimmed };
            if balanced && after_sign.starts_with('"') {
                let body = &after_sign[1..];
                let close = body.find('"').unwrap_or(body.len());
                let phrase = syllables(&body[..close]);
                flush(&mut words, &mut clauses);
                if !phrase.is_empty() {
                    clauses.push(if negated {
                        Clause::Exclude(phrase)
                    } else {
                        Clause::Phrase(phrase)
                    });
                }
                rest = body.get(close + 1..).unwrap_or("");
                continue;
            }
            // One whitespace-separated word.
            let end = after_sign
                .find(|c: char| c.is_whitespace() || (balanced && c == '"'))
                .unwrap_or(after_sign.len());
            let word = &after_sign[..end];
            if negated && !word.is_empty() {
                flush(&mut words, &mut clauses);
                let s = syllables(word);
                if !s.is_empty() {
                    clauses.push(Clause::Exclude(s));
                }
            } else {
                words.push(' ');
                words.push_str(word);
            }
            rest = &after_sign[end..];
            if end == 0 && !negated {
                // A lone quote in an unbalanced query, or similar: skip a char.
                let mut chars = rest.chars();
                chars.next();
                rest = chars.as_str();
            }
        }
        flush(&mut words, &mut clauses);
        let framing = match clauses.first() {
            Some(Clause::Words(_)) => framing_syllables(input),
            _ => 0,
        };
        ParsedQuery { clauses, framing }
    }

    /// True when nothing could match: no positive clause.
    pub fn is_empty(&self) -> bool {
        !self
            .clauses
            .iter()
            .any(|c| matches!(c, Clause::Words(_) | Clause::Phrase(_)))
    }

    /// The syllables a passage is ranked on (words and phrases).
    pub fn positive_syllables(&self) -> impl Iterator<Item = &Syllable> {
        self.clauses.iter().flat_map(|c| match c {
            Clause::Words(s) | Clause::Phrase(s) => s.as_slice(),
            Clause::Exclude(_) => &[],
        })
    }

    /// The tantivy query for this parsed query. It finds every passage
    /// that [`ParsedQuery::accepts`], and some more when the query has
    /// phrases ([`ParsedQuery::has_phrases`]).
    ///
    /// The scored terms are one [`MaxScoreQuery`], for keyword searches
    /// (with tantivy's BM25 parameters, see [`Weights::for_query`]) as for
    /// questions: on the 200 keyword queries it gives the hits of
    /// tantivy's block-max WAND over the same terms, in less time.
    pub fn to_query(&self, f: &Fields, w: &Weights) -> Box<dyn Query> {
        let (required, union) = self.to_parts(f, w);
        joined(required, union)
    }

    /// The parts of [`ParsedQuery::to_query`]: the clauses a hit must (or
    /// must not) match, and the scored union of the terms.
    pub(crate) fn to_parts(&self, f: &Fields, w: &Weights) -> (Vec<Required>, MaxScoreQuery) {
        let mut scored: Vec<(Term, f32)> = Vec::new();
        let mut required: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let long = self.positive_syllables().count() > KEYWORD_SYLLABLES;
        for (c, clause) in self.clauses.iter().enumerate() {
            match clause {
                Clause::Words(s) if c == 0 && long && self.framing > 0 => {
                    let (frame, rest) = s.split_at(self.framing.min(s.len()));
                    let framed = Weights {
                        folded: w.folded * w.frame,
                        exact: w.exact * w.frame,
                        bigram: w.bigram * w.frame,
                        ..*w
                    };
                    for syllable in frame {
                        push_syllable(&mut scored, syllable, f, &framed);
                    }
                    push_bigrams(&mut scored, frame, f, &framed);
                    for syllable in rest {
                        push_syllable(&mut scored, syllable, f, w);
                    }
                    push_bigrams(&mut scored, rest, f, w);
                }
                Clause::Words(s) => {
                    for syllable in s {
                        push_syllable(&mut scored, syllable, f, w);
                    }
                    push_bigrams(&mut scored, s, f, w);
                }
                Clause::Phrase(s) => {
                    required.extend(phrase_candidates(s, f));
                    // Phrases also rank like words.
                    for syllable in s {
                        push_syllable(&mut scored, syllable, f, w);
                    }
                    push_bigrams(&mut scored, s, f, w);
                }
                // A longer exclusion is applied by `accepts`: the bigrams
                // it has in common with a passage do not prove the phrase.
                Clause::Exclude(s) if s.len() == 1 => {
                    required.push((Occur::MustNot, matching_term(&s[0], f)));
                }
                Clause::Exclude(_) => {}
            }
        }
        let terms = merged(scored)
            .into_iter()
            .filter(|(_, boost)| *boost > 0.0)
            .map(|(t, boost)| (Bm25TermQuery::new(t, w.k1, w.b), boost))
            .collect();
        (
            required,
            MaxScoreQuery::new(terms).leaving_out_common(w.common),
        )
    }

    /// True when some clause is a phrase of two or more syllables, included
    /// or excluded: its hits need [`ParsedQuery::accepts`].
    pub fn has_phrases(&self) -> bool {
        self.clauses
            .iter()
            .any(|c| matches!(c, Clause::Phrase(s) | Clause::Exclude(s) if s.len() > 1))
    }

    /// True when `text` has every included phrase and none of the excluded
    /// ones (single words are left to the index).
    pub fn accepts(&self, text: &str) -> bool {
        if !self.has_phrases() {
            return true;
        }
        let found = syllables(text);
        self.clauses.iter().all(|c| match c {
            Clause::Phrase(s) if s.len() > 1 => contains_phrase(text, &found, s),
            Clause::Exclude(s) if s.len() > 1 => !contains_phrase(text, &found, s),
            _ => true,
        })
    }
}

/// True when `phrase` occurs in `found` (the syllables of `text`): its
/// syllables in order, separated by white space only, each folded form
/// equal and each accented syllable exactly as typed.
fn contains_phrase(text: &str, found: &[Syllable], phrase: &[Syllable]) -> bool {
    found.windows(phrase.len()).any(|window| {
        window.iter().zip(phrase).enumerate().all(|(j, (t, p))| {
            t.folded == p.folded
                && (!p.is_marked() || t.exact == p.exact)
                && (j == 0 || adjacent(text, window[j - 1].to, t.from))
        })
    })
}

/// Required clauses that every passage with `phrase` matches: each of its
/// bigrams (a pair too long to be indexed as one: both syllables) and each
/// accented syllable in the exact field.
fn phrase_candidates(phrase: &[Syllable], f: &Fields) -> Vec<(Occur, Box<dyn Query>)> {
    let exact = Weights::baseline();
    let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if phrase.len() == 1 {
        out.push((Occur::Must, matching_term(&phrase[0], f)));
        return out;
    }
    let mut bigram = String::new();
    for pair in phrase.windows(2) {
        if let Some(term) = bigram_term(pair, f, &mut bigram) {
            out.push((Occur::Must, term_query(term, 0.0, &exact)));
        } else {
            for s in pair {
                out.push((Occur::Must, folded_term(s, f, 0.0, &exact)));
            }
        }
    }
    for s in phrase.iter().filter(|s| s.is_marked()) {
        out.push((Occur::Must, exact_term(s, f, 0.0, &exact)));
    }
    out
}

fn term_query(term: Term, boost: f32, w: &Weights) -> Box<dyn Query> {
    let query: Box<dyn Query> = if (w.k1, w.b) == TANTIVY_BM25 {
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
    } else {
        Box::new(super::bm25::Bm25TermQuery::new(term, w.k1, w.b))
    };
    if boost == 1.0 {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

fn folded_term(s: &Syllable, f: &Fields, boost: f32, w: &Weights) -> Box<dyn Query> {
    term_query(Term::from_field_text(f.folded, &s.folded), boost, w)
}

fn exact_term(s: &Syllable, f: &Fields, boost: f32, w: &Weights) -> Box<dyn Query> {
    term_query(Term::from_field_text(f.exact, &s.exact), boost, w)
}

/// The term a syllable must match as typed: exact if accented.
fn matching_term(s: &Syllable, f: &Fields) -> Box<dyn Query> {
    if s.is_marked() {
        exact_term(s, f, 1.0, &Weights::default())
    } else {
        folded_term(s, f, 1.0, &Weights::default())
    }
}

/// The query of [`ParsedQuery::to_parts`]'s parts: the union alone, or
/// with the clauses a hit must (or must not) match.
pub(crate) fn joined(mut required: Vec<Required>, union: MaxScoreQuery) -> Box<dyn Query> {
    if required.is_empty() {
        return Box::new(union);
    }
    required.push((Occur::Should, Box::new(union)));
    Box::new(BooleanQuery::new(required))
}

/// Each term once, in the order of its first place, its boosts added: a
/// term's BM25 score is linear in its boost, so a term repeated (`vi
/// phạm` twice in a question, `bao nhiêu đến bao nhiêu`) scores as the
/// sum of its repeats (but for the last bits of a float), with one
/// posting list walked instead of one per repeat.
fn merged(terms: Vec<(Term, f32)>) -> Vec<(Term, f32)> {
    let mut at: HashMap<Term, usize> = HashMap::with_capacity(terms.len());
    let mut out: Vec<(Term, f32)> = Vec::with_capacity(terms.len());
    for (term, boost) in terms {
        match at.get(&term) {
            Some(&i) => out[i].1 += boost,
            None => {
                at.insert(term.clone(), out.len());
                out.push((term, boost));
            }
        }
    }
    out
}

fn push_syllable(out: &mut Vec<(Term, f32)>, s: &Syllable, f: &Fields, w: &Weights) {
    out.push((Term::from_field_text(f.folded, &s.folded), w.folded));
    if s.is_marked() && w.exact > 0.0 {
        out.push((Term::from_field_text(f.exact, &s.exact), w.exact));
    }
}

fn push_bigrams(out: &mut Vec<(Term, f32)>, s: &[Syllable], f: &Fields, w: &Weights) {
    if w.bigram <= 0.0 {
        return;
    }
    let mut bigram = String::new();
    for pair in s.windows(2) {
        if let Some(term) = bigram_term(pair, f, &mut bigram) {
            out.push((term, w.bigram));
        }
    }
}

/// Words that open a clause naming the source of a question: `Theo Bộ
/// luật Dân sự 2015, …` ("according to"), `Căn cứ …` ("on the basis of").
const FRAMING_OPENERS: [&[&str]; 3] = [&["theo"], &["can", "cu"], &["dua", "theo"]];

/// Most syllables a framing clause has.
const MAX_FRAMING: usize = 12;

/// The number of syllables of the clause at the start of `input` that
/// says where a question comes from rather than what it asks: an opener
/// (`theo`, `căn cứ`, `dựa theo`), then anything up to the first comma,
/// at most 12 (`MAX_FRAMING`) syllables, with at least [`KEYWORD_SYLLABLES`]
/// syllables after the comma. 0 when there is none. A question's framing
/// ranks with [`Weights::frame`]: it names a law, a report or an agency
/// that the passages answering it seldom repeat, while passages that cite
/// it by name abound.
pub fn framing_syllables(input: &str) -> usize {
    // A comma that ends a word, not one inside a number (`2,91`).
    let Some(comma) = input.match_indices(',').map(|(i, _)| i).find(|&i| {
        !input[i + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    }) else {
        return 0;
    };
    let (head, rest) = (&input[..comma], &input[comma + 1..]);
    // Quotes and exclusions make clauses of their own.
    if head.contains('"') || head.split_whitespace().any(|w| w.starts_with('-')) {
        return 0;
    }
    let head = syllables(head);
    let opens = FRAMING_OPENERS.iter().any(|opener| {
        opener.len() < head.len() && opener.iter().zip(&head).all(|(o, s)| s.folded == *o)
    });
    if !opens || head.len() > MAX_FRAMING || syllables(rest).len() < KEYWORD_SYLLABLES {
        return 0;
    }
    head.len()
}

/// The bigram-field term of two adjacent syllables (`buf` is scratch), or
/// `None` for a pair too long to be indexed as one (see
/// `analysis::bigram`).
fn bigram_term(pair: &[Syllable], f: &Fields, buf: &mut String) -> Option<Term> {
    buf.clear();
    buf.push_str(&pair[0].folded);
    buf.push(' ');
    buf.push_str(&pair[1].folded);
    (buf.len() <= MAX_TOKEN_BYTES).then(|| Term::from_field_text(f.bigram, buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(q: &str) -> Vec<String> {
        ParsedQuery::parse(q)
            .clauses
            .iter()
            .map(|c| {
                let (kind, s) = match c {
                    Clause::Words(s) => ("w", s),
                    Clause::Phrase(s) => ("p", s),
                    Clause::Exclude(s) => ("x", s),
                };
                let words: Vec<&str> = s.iter().map(|x| x.exact.as_str()).collect();
                format!("{kind}:{}", words.join(" "))
            })
            .collect()
    }

    /// Keyword searches score every term, however common, with tantivy's
    /// BM25; questions leave out the commonest terms, with the tuned
    /// parameters; an override reaches both fields.
    #[test]
    fn keyword_searches_keep_common_terms_and_questions_leave_them_out() {
        let tuned = Weights::default();
        for (syllables, k1, common) in [
            (1, TANTIVY_BM25.0, 1.0),
            (KEYWORD_SYLLABLES, TANTIVY_BM25.0, 1.0),
            (KEYWORD_SYLLABLES + 1, tuned.k1, 0.25),
            (40, tuned.k1, 0.25),
        ] {
            let w = tuned.for_query(syllables);
            assert_eq!((w.k1, w.common), (k1, common), "{syllables} syllables");
        }
        let none = tuned.with_overrides("common=1").unwrap();
        assert_eq!(none.for_query(40).common, 1.0);
        assert_eq!(
            Weights::baseline().common,
            1.0,
            "the baseline scores every term"
        );
    }

    #[test]
    fn parse_table() {
        let cases: &[(&str, &[&str])] = &[
            ("tăng trưởng", &["w:tăng trưởng"]),
            ("  Tăng   TRƯỞNG ", &["w:tăng trưởng"]),
            ("\"tăng trưởng\" GDP", &["p:tăng trưởng", "w:gdp"]),
            ("xuất khẩu -gạo", &["w:xuất khẩu", "x:gạo"]),
            ("-\"bộ trưởng\" tăng", &["x:bộ trưởng", "w:tăng"]),
            ("a -b c", &["w:a", "x:b", "w:c"]),
            // unbalanced quote: plain words
            ("\"tăng trưởng", &["w:tăng trưởng"]),
            ("tăng\" trưởng", &["w:tăng trưởng"]),
            // stray syntax characters are separators
            ("title:(tăng", &["w:title tăng"]),
            ("GDP*", &["w:gdp"]),
            ("-", &[]),
            ("\"\"", &[]),
            ("", &[]),
            ("2,91%", &["w:2,91"]),
        ];
        for (input, want) in cases {
            assert_eq!(shape(input), *want, "parse of {input:?}");
        }
    }

    #[test]
    fn framing_clause_table() {
        let cases: &[(&str, usize)] = &[
            ("Theo Bộ luật Dân sự 2015, lợi tức được hiểu như thế nào?", 6),
            ("theo bo luat dan su 2015, loi tuc duoc hieu nhu the nao", 6),
            ("  THEO Luật Lao động, người lao động có quyền gì?", 4),
            ("Căn cứ Hiến pháp, công dân có những quyền gì?", 4),
            ("Dựa theo báo cáo 2,91%, chỉ số giá tăng bao nhiêu?", 5),
            // No opener, or the opener alone.
            ("Người lao động, người sử dụng lao động có quyền gì?", 0),
            ("Theo, người lao động có quyền gì?", 0),
            // `theo` inside the first word does not open a clause.
            ("Theodore Roosevelt, tổng thống thứ 26 của Mỹ là ai?", 0),
            // Too little question after the comma, or no comma.
            ("Theo Luật Lao động, quyền gì?", 0),
            ("Theo Luật Lao động người lao động có quyền gì?", 0),
            // Too long to be a framing clause.
            (
                "Theo quy định mới nhất của pháp luật hiện hành về lao động tại Việt Nam năm nay, ai được nghỉ?",
                0,
            ),
            // Quotes and exclusions are clauses of their own.
            ("Theo \"Luật Lao động\", người lao động có quyền gì?", 0),
            ("Theo -luật lao động, người lao động có quyền gì?", 0),
            ("", 0),
            (",,,", 0),
        ];
        for &(input, want) in cases {
            assert_eq!(framing_syllables(input), want, "{input:?}");
        }
        // Only a first clause of loose words can be framing.
        assert_eq!(
            ParsedQuery::parse("\"Theo luật\", ai được nghỉ phép năm?").framing,
            0
        );
    }

    #[test]
    fn framing_weighs_only_questions() {
        let (_, f) = crate::index::build_schema();
        let w = Weights::default();
        let question = ParsedQuery::parse("Theo Luật Lao động, người lao động có quyền gì?");
        assert_eq!(question.framing, 4);
        let framed = w.frame * w.folded;
        let boosts = |q: &ParsedQuery| q.to_parts(&f, &w).1.boosts().collect::<Vec<_>>();
        assert!(boosts(&question).contains(&framed), "{question:?}");
        // A keyword search is never framed: every term at full weight.
        let short = ParsedQuery::parse("theo luật, lao động");
        assert!(!boosts(&short).contains(&framed), "{short:?}");
    }

    #[test]
    fn only_exclusions_is_empty() {
        assert!(ParsedQuery::parse("-gạo").is_empty());
        assert!(ParsedQuery::parse("").is_empty());
        assert!(!ParsedQuery::parse("gạo").is_empty());
        assert!(!ParsedQuery::parse("\"gạo\"").is_empty());
    }

    #[test]
    fn repeated_terms_are_one_with_their_boosts_added() {
        let (_, f) = crate::index::build_schema();
        let t = |text: &str| Term::from_field_text(f.folded, text);
        type Boosted<'a> = &'a [(&'a str, f32)];
        let table: [(Boosted, Boosted); 4] = [
            (&[], &[]),
            (&[("a", 1.0)], &[("a", 1.0)]),
            (
                &[("a", 1.0), ("b", 0.5), ("a", 0.25)],
                &[("a", 1.25), ("b", 0.5)],
            ),
            (
                &[("b", 1.0), ("a", 1.0), ("b", 1.0), ("b", 2.0), ("c", 0.0)],
                &[("b", 4.0), ("a", 1.0), ("c", 0.0)],
            ),
        ];
        for (input, want) in table {
            let input = input.iter().map(|&(w, b)| (t(w), b)).collect();
            let want: Vec<(Term, f32)> = want.iter().map(|&(w, b)| (t(w), b)).collect();
            assert_eq!(merged(input), want);
        }
        // A question that repeats syllables and pairs scores each once.
        let q = ParsedQuery::parse("bao nhiêu tiền đến bao nhiêu tiền");
        let (_, union) = q.to_parts(&f, &Weights::default());
        let mut terms = Vec::new();
        union.query_terms(&mut |term, _| terms.push(term.clone()));
        let distinct: std::collections::HashSet<_> = terms.iter().collect();
        assert_eq!(terms.len(), distinct.len());
        assert!(terms.contains(&Term::from_field_text(f.bigram, "bao nhieu")));
    }

    #[test]
    fn pairs_too_long_for_the_index_make_no_bigram_term() {
        let (_, f) = crate::index::build_schema();
        let long = "x".repeat(45);
        let query = ParsedQuery::parse(&format!("{long} {long} a"));
        let mut bigrams = Vec::new();
        query
            .to_query(&f, &Weights::default())
            .query_terms(&mut |term, _| {
                if term.field() == f.bigram {
                    bigrams.push(term.value().as_str().unwrap_or_default().to_string());
                }
            });
        assert_eq!(bigrams, vec![format!("{long} a")]);
    }

    #[test]
    fn phrases_are_checked_in_the_text() {
        // (query, text, accepted)
        let cases = [
            (
                "\"tăng trưởng kinh tế\"",
                "GDP tăng trưởng kinh tế 2,91%",
                true,
            ),
            (
                "\"tang truong kinh te\"",
                "GDP tăng trưởng kinh tế 2,91%",
                true,
            ),
            ("\"tăng trưởng kinh tế\"", "GDP TĂNG TRƯỞNG  KINH\nTẾ", true),
            // Every bigram is there, the phrase is not.
            (
                "\"tăng trưởng kinh tế\"",
                "tăng trưởng nhanh, trưởng kinh doanh, kinh tế mở",
                false,
            ),
            // Punctuation between the syllables breaks the phrase.
            ("\"tăng trưởng\"", "mức tăng, trưởng thôn", false),
            // An accented syllable must match as typed.
            ("\"tăng trưởng\"", "tầng trưởng", false),
            ("\"tang truong\"", "tầng trưởng", true),
            // Exclusions of two or more syllables.
            ("gạo -\"xuất khẩu\"", "gạo xuất khẩu tăng", false),
            ("gạo -\"xuất khẩu\"", "gạo xuất, khẩu phần", true),
        ];
        for (query, text, want) in cases {
            let parsed = ParsedQuery::parse(query);
            assert!(parsed.has_phrases(), "{query}");
            assert_eq!(parsed.accepts(text), want, "{query} in {text:?}");
        }
        // Single words are left to the index.
        let words = ParsedQuery::parse("gạo -lúa \"gạo\"");
        assert!(!words.has_phrases());
        assert!(words.accepts("gạo lúa"));
    }
}
