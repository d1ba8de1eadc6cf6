//! Property tests: the analyzer, the query parser and the snippets on
//! arbitrary input.
//!
//! Inputs mix random Unicode with generated Vietnamese (onset × rhyme ×
//! final × tone, any case, NFC or NFD, the tone on any vowel), lone
//! combining marks, control characters, numbers and punctuation. Cases are
//! few so the file runs in seconds in a debug build; set `PROPTEST_CASES`
//! for a deeper run.

use bantin::analysis::{
    exact_form_into, fold_in_place, syllables, BigramTokenizer, Form, FormTokenizer, IndexedForm,
    VietnameseTokenizer, MAX_TOKEN_BYTES,
};
use bantin::index::build_schema;
use bantin::search::rerank::TitleMatch;
use bantin::search::snippet::SNIPPET_CHARS;
use bantin::search::{Clause, Highlighter, ParsedQuery, Weights};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::time::{Duration, Instant};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::{is_nfc, UnicodeNormalization};

// ---------------------------------------------------------------------------
// Generated Vietnamese

const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];
const RHYMES: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uy", "ai", "ao", "au",
    "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oi", "ôi", "ơi", "ua", "uô", "ưa", "ươ", "ui",
    "ưi", "uyê", "oai", "oay", "uôi", "ươi", "iêu", "yêu", "ươu",
];
const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
/// Combining tone marks: huyền, sắc, hỏi, ngã, nặng.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
const NUMBERS: &[&str] = &[
    "2,91%",
    "5.210",
    "28/12/2020",
    "2016-2020",
    "2016–2020",
    "COVID-19",
    "8:30",
    "1.234.567",
    "-3,5",
    "50%",
    // joiners at the edge, to meet a word or white space
    "2020:",
    "28/",
    "19-",
    "/2020",
    "–5",
];
const PUNCTUATION: &[&str] = &[
    ".", ",", ";", ":", "!", "?", "(", ")", "[", "]", "\"", "'", "-", "–", "—", "/", "…", "%", "«",
    "»", "“", "”", "*", "./.", "...", "&",
];
/// Chars that have broken, or could break, a Unicode assumption: title
/// case, lower case that leaves NFC, marks that are letters, white space
/// inside a UAX #29 word, Hangul, emoji.
const TRICKY: &[&str] = &[
    "ǅ", "J\u{30c}", "İ", "ẞ", "\u{212a}", "\u{2126}", "\u{345}", "\u{363}", "\u{202f}", "\u{ad}",
    "\u{200d}", "\u{200b}", "\u{feff}", "\u{2028}", "\u{85}", "한", "ガ", "🇻🇳", "👍🏽", "ΐ", "ǖ",
    "\u{f43}", "Σ", "ß", "ﬁ", "_", "a_b", "can't", "U.S.A", "1e-3",
];
const SEPARATORS: &[&str] = &[
    " ", " ", " ", "", "  ", "\n", "\t", "\r\n", "\u{a0}", "\u{202f}", "\u{2003}", "\u{3000}",
];

fn is_vowel(c: char) -> bool {
    "aăâeêioôơuưy".contains(c)
}

/// Letter case of a generated word.
#[derive(Debug, Clone, Copy)]
enum Case {
    Lower,
    Upper,
    Title,
    /// Bit `i` upper-cases letter `i`.
    Mixed(u16),
}

/// A generated syllable: toneless letters, a tone, and where it is written.
#[derive(Debug, Clone)]
struct GenSyllable {
    letters: Vec<char>,
    /// 0 for none, else 1..=5 (huyền, sắc, hỏi, ngã, nặng).
    tone: usize,
    /// Which vowel carries the tone, modulo the number of vowels.
    toned_vowel: usize,
    case: Case,
    nfd: bool,
}

impl GenSyllable {
    fn vowel_indices(&self) -> Vec<usize> {
        (0..self.letters.len())
            .filter(|&i| is_vowel(self.letters[i]))
            .collect()
    }

    /// The syllable with its tone on letter `at`, in its case and form.
    fn spell_at(&self, at: usize, case: Case, nfd: bool) -> String {
        let mut raw = String::new();
        for (i, &c) in self.letters.iter().enumerate() {
            raw.push(c);
            if i == at && self.tone > 0 {
                raw.push(TONE_MARKS[self.tone - 1]);
            }
        }
        let cased: String = raw
            .nfc()
            .enumerate()
            .flat_map(|(i, c)| {
                let upper = match case {
                    Case::Lower => false,
                    Case::Upper => true,
                    Case::Title => i == 0,
                    Case::Mixed(bits) => bits & (1 << (i % 16)) != 0,
                };
                let mut out: Vec<char> = Vec::new();
                if upper {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                out
            })
            .collect();
        if nfd {
            cased.nfd().collect()
        } else {
            cased.nfc().collect()
        }
    }

    fn spell(&self) -> String {
        let vowels = self.vowel_indices();
        let at = vowels[self.toned_vowel % vowels.len()];
        self.spell_at(at, self.case, self.nfd)
    }

    /// The letters without any mark, `đ` as `d`: what folding must give.
    fn ascii(&self) -> String {
        let plain: String = self.letters.iter().collect::<String>().replace('đ', "d");
        plain.nfd().filter(char::is_ascii).collect()
    }
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        4 => Just(Case::Lower),
        1 => Just(Case::Upper),
        2 => Just(Case::Title),
        1 => any::<u16>().prop_map(Case::Mixed),
    ]
}

fn gen_syllable() -> impl Strategy<Value = GenSyllable> {
    (
        prop::sample::select(ONSETS),
        prop::sample::select(RHYMES),
        prop::sample::select(FINALS),
        0..=5usize,
        0..3usize,
        case(),
        any::<bool>(),
    )
        .prop_map(
            |(onset, rhyme, coda, tone, toned_vowel, case, nfd)| GenSyllable {
                letters: format!("{onset}{rhyme}{coda}").chars().collect(),
                tone,
                toned_vowel,
                case,
                nfd,
            },
        )
}

fn vietnamese_word() -> impl Strategy<Value = String> {
    gen_syllable().prop_map(|s| s.spell())
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(NUMBERS).prop_map(str::to_string),
        "[0-9]{1,4}([,./:–-][0-9]{1,3}){0,3}%?",
    ]
}

fn control_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::char::range('\0', '\u{1f}'),
        prop::char::range('\u{7f}', '\u{9f}')
    ]
}

fn combining_mark() -> impl Strategy<Value = char> {
    prop::char::range('\u{300}', '\u{36f}')
}

/// One piece of mixed text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => vietnamese_word(),
        2 => number(),
        2 => prop::sample::select(PUNCTUATION).prop_map(str::to_string),
        1 => combining_mark().prop_map(String::from),
        1 => control_char().prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{1,6}",
        1 => prop::sample::select(TRICKY).prop_map(str::to_string),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(SEPARATORS)
}

fn joined(pieces: impl Strategy<Value = String>, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec((pieces, separator()), 0..max).prop_map(|parts| {
        parts
            .into_iter()
            .flat_map(|(p, s)| [p, s.to_string()])
            .collect()
    })
}

/// Mixed text as typed, or in NFC, or in NFD.
fn mixed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => joined(piece(), 40),
        1 => joined(piece(), 40).prop_map(|t| t.nfc().collect()),
        1 => joined(piece(), 40).prop_map(|t| t.nfd().collect()),
        1 => any::<String>(),
    ]
}

/// Vietnamese words and ASCII punctuation only.
fn vietnamese_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        6 => vietnamese_word(),
        1 => prop::sample::select(&[".", ",", "(", ")", "-", "/", ":", "!", "\"", "..."][..])
            .prop_map(str::to_string),
    ];
    joined(pieces, 40)
}

/// `cases` unless `PROPTEST_CASES` says otherwise. No regression files:
/// each failure found becomes a unit test next to the code it broke.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

// ---------------------------------------------------------------------------
// Checks

fn tokens<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Vec<Token> {
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// Offsets on char boundaries, inside the text, in order; dense positions;
/// non-empty texts within the length limit. `disjoint`: no two tokens
/// overlap (syllables; bigrams share their middle syllable).
fn check_stream(text: &str, tokens: &[Token], disjoint: bool) -> Result<(), TestCaseError> {
    let mut previous: Option<&Token> = None;
    for (i, t) in tokens.iter().enumerate() {
        prop_assert!(t.offset_from < t.offset_to, "empty range: {t:?}");
        prop_assert!(t.offset_to <= text.len(), "past the end: {t:?}");
        prop_assert!(text.is_char_boundary(t.offset_from), "{t:?}");
        prop_assert!(text.is_char_boundary(t.offset_to), "{t:?}");
        prop_assert_eq!(t.position, i, "position of {:?}", t);
        prop_assert!(!t.text.is_empty(), "empty text: {t:?}");
        prop_assert!(t.text.len() <= MAX_TOKEN_BYTES, "too long: {t:?}");
        if let Some(p) = previous {
            prop_assert!(p.offset_from <= t.offset_from, "{p:?} then {t:?}");
            if disjoint {
                prop_assert!(p.offset_to <= t.offset_from, "{p:?} overlaps {t:?}");
            }
        }
        previous = Some(t);
    }
    Ok(())
}

/// The token texts of one text, stream by stream.
#[derive(Debug, PartialEq)]
struct Analysis {
    exact: Vec<String>,
    folded: Vec<String>,
    bigrams: Vec<String>,
}

/// Every check of one analyzed text; returns its token texts.
fn check_analysis(text: &str) -> Result<Analysis, TestCaseError> {
    let exact = tokens(&mut VietnameseTokenizer::new(Form::Exact), text);
    let folded = tokens(&mut VietnameseTokenizer::new(Form::Folded), text);
    let bigrams = tokens(&mut BigramTokenizer::default(), text);
    check_stream(text, &exact, true)?;
    check_stream(text, &folded, true)?;
    check_stream(text, &bigrams, false)?;

    // The two forms are the same syllables: same count, same ranges, and
    // the folded text is the exact text folded.
    prop_assert_eq!(exact.len(), folded.len(), "{:?} vs {:?}", exact, folded);
    let mut scratch = String::new();
    for (e, f) in exact.iter().zip(&folded) {
        prop_assert_eq!((e.offset_from, e.offset_to), (f.offset_from, f.offset_to));
        let mut refolded = e.text.clone();
        fold_in_place(&mut refolded, &mut scratch);
        prop_assert_eq!(&refolded, &f.text);
        // A syllable's source is a word: no white space in it.
        let source = &text[e.offset_from..e.offset_to];
        prop_assert!(
            !source.contains(char::is_whitespace),
            "white space inside {:?}",
            source
        );
        // The exact form is canonical: NFC, lower case.
        prop_assert!(is_nfc(&e.text), "not NFC: {:?}", e.text);
        prop_assert!(
            e.text.chars().all(|c| c.to_lowercase().eq([c])),
            "not lower case: {:?}",
            e.text
        );
    }

    // Bigrams are exactly the folded pairs with only white space between.
    let want: Vec<(String, usize, usize)> = folded
        .windows(2)
        .filter(|w| {
            text[w[0].offset_to..w[1].offset_from]
                .chars()
                .all(char::is_whitespace)
        })
        .map(|w| {
            (
                format!("{} {}", w[0].text, w[1].text),
                w[0].offset_from,
                w[1].offset_to,
            )
        })
        .filter(|(t, _, _)| t.len() <= MAX_TOKEN_BYTES)
        .collect();
    let got: Vec<(String, usize, usize)> = bigrams
        .iter()
        .map(|t| (t.text.clone(), t.offset_from, t.offset_to))
        .collect();
    prop_assert_eq!(got, want);

    // `syllables` is the exact and folded streams together.
    let both = syllables(text);
    prop_assert_eq!(both.len(), exact.len());
    for ((s, e), f) in both.iter().zip(&exact).zip(&folded) {
        prop_assert_eq!(&s.exact, &e.text);
        prop_assert_eq!(&s.folded, &f.text);
        prop_assert_eq!((s.from, s.to), (e.offset_from, e.offset_to));
    }

    // The index-time tokenizers, which share one analysis, give the same
    // tokens (the exact field: the marked syllables only).
    let marked: Vec<Token> = exact
        .iter()
        .zip(&folded)
        .filter(|(e, f)| e.text != f.text)
        .map(|(e, _)| e.clone())
        .collect();
    prop_assert_eq!(
        tokens(&mut FormTokenizer::new(IndexedForm::Marked), text),
        marked
    );
    prop_assert_eq!(
        tokens(&mut FormTokenizer::new(IndexedForm::Folded), text),
        folded.clone()
    );
    prop_assert_eq!(
        tokens(&mut FormTokenizer::new(IndexedForm::Bigram), text),
        bigrams.clone()
    );

    let owned = |v: &[Token]| v.iter().map(|t| t.text.clone()).collect();
    Ok(Analysis {
        exact: owned(&exact),
        folded: owned(&folded),
        bigrams: owned(&bigrams),
    })
}

/// `text` analyzed as a whole, exact form then folded: the reference that
/// query syllables must be found in.
fn folded_whole(text: &str) -> String {
    let (mut out, mut scratch) = (String::new(), String::new());
    exact_form_into(text, &mut out, &mut scratch);
    fold_in_place(&mut out, &mut scratch);
    out
}

/// After a consonant, `i` and `y` are one vowel, and the analyzer may write
/// either: compare with them as one letter.
fn i_for_y(s: &str) -> String {
    s.replace('y', "i")
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::new();
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// 1-3: the analyzer on mixed and on Vietnamese text

proptest! {
    #![proptest_config(config(128))]

    /// Property 1 (and the exact/folded/bigram agreement) on mixed text,
    /// and property 2: the raw, NFC and NFD spellings give the same tokens.
    #[test]
    fn analyzer_is_well_formed_and_normalization_blind(text in mixed_text()) {
        let raw = check_analysis(&text)?;
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(&check_analysis(&nfc)?, &raw, "NFC of {:?}", text);
        prop_assert_eq!(&check_analysis(&nfd)?, &raw, "NFD of {:?}", text);
    }

    /// Property 3: Vietnamese letters fold to ASCII, and each word of the
    /// text is one syllable whose folded form is its bare letters.
    #[test]
    fn vietnamese_folds_to_ascii(text in vietnamese_text()) {
        let analysis = check_analysis(&text)?;
        prop_assert!(!analysis.exact.is_empty() || !text.chars().any(char::is_alphabetic));
        for f in analysis.folded.iter().chain(&analysis.bigrams) {
            prop_assert!(f.is_ascii(), "folded {:?} of {:?}", f, text);
        }
    }

    /// Property 3, one word at a time, against an independent oracle.
    #[test]
    fn syllable_forms(s in gen_syllable()) {
        let word = s.spell();
        let got = syllables(&word);
        prop_assert_eq!(got.len(), 1, "{:?} gives {:?}", word, got);
        let got = &got[0];
        prop_assert_eq!((got.from, got.to), (0, word.len()));
        // After a consonant, `i` and `y` are one vowel and may be written
        // either way in the index: compare with them as one letter.
        prop_assert_eq!(i_for_y(&got.folded), i_for_y(&s.ascii()), "folded form of {:?}", word);
        // The exact form keeps every shape mark and exactly the tone typed.
        let marks: Vec<char> = got.exact.nfd().filter(|c| TONE_MARKS.contains(c)).collect();
        let want: Vec<char> = TONE_MARKS.get(s.tone.wrapping_sub(1)).copied().into_iter().collect();
        prop_assert_eq!(marks, want, "tone of {:?} in {:?}", word, got.exact);
        let toneless: String = got.exact.nfd().filter(|c| !TONE_MARKS.contains(c)).nfc().collect();
        prop_assert_eq!(i_for_y(&toneless), i_for_y(&s.letters.iter().collect::<String>()));
    }
}

// ---------------------------------------------------------------------------
// 4: tone placement and case

proptest! {
    #![proptest_config(config(256))]

    /// Property 4: the tone written on any vowel, in any case, NFC or NFD,
    /// gives one exact token (hòa/hoà, thủy/thuỷ, khỏe/khoẻ, HOÀ).
    #[test]
    fn tone_placement_and_case_do_not_matter(mut s in gen_syllable(), tone in 1..=5usize) {
        s.tone = tone;
        let mut forms = Vec::new();
        for at in s.vowel_indices() {
            for case in [Case::Lower, Case::Upper, Case::Title, s.case] {
                for nfd in [false, true] {
                    let word = s.spell_at(at, case, nfd);
                    let got = syllables(&word);
                    prop_assert_eq!(got.len(), 1, "{:?}", word);
                    forms.push((word, got[0].exact.clone()));
                }
            }
        }
        let (first_word, first) = &forms[0];
        for (word, exact) in &forms {
            prop_assert_eq!(exact, first, "{:?} vs {:?}", word, first_word);
        }
    }
}

// ---------------------------------------------------------------------------
// 5: megabyte lines

const MEGABYTE: usize = 1 << 20;
/// Generous: a debug build does each input in about a second; only a
/// quadratic path could come near this.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// A pseudo-random number below `n`, from a xorshift state.
fn next_below(state: &mut u64, n: usize) -> usize {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state % n as u64) as usize
}

/// 512 deterministic syllables from a seed, to fill a megabyte by picking
/// from: generating a megabyte through proptest strategies, or even
/// spelling every word anew, takes longer than analyzing it.
fn seeded_syllables(state: &mut u64) -> Vec<String> {
    (0..512)
        .map(|_| {
            GenSyllable {
                letters: format!(
                    "{}{}{}",
                    ONSETS[next_below(state, ONSETS.len())],
                    RHYMES[next_below(state, RHYMES.len())],
                    FINALS[next_below(state, FINALS.len())]
                )
                .chars()
                .collect(),
                tone: next_below(state, 6),
                toned_vowel: next_below(state, 3),
                case: [Case::Lower, Case::Title, Case::Upper][next_below(state, 3)],
                nfd: next_below(state, 4) == 0,
            }
            .spell()
        })
        .collect()
}

/// Runs the exact stream over a big text, with every check; returns the
/// number of syllables. (The other streams are the same code, and get
/// every check on smaller texts.)
fn analyze_big(text: &str) -> Result<usize, TestCaseError> {
    let started = Instant::now();
    let exact = tokens(&mut VietnameseTokenizer::new(Form::Exact), text);
    check_stream(text, &exact, true)?;
    let elapsed = started.elapsed();
    prop_assert!(
        elapsed < TIME_LIMIT,
        "{} bytes took {elapsed:?}",
        text.len()
    );
    Ok(exact.len())
}

/// Parses a big text as a query and cuts a snippet from it.
fn query_and_snippet_big(text: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let (_, fields) = build_schema();
    drop(ParsedQuery::parse(text).to_query(&fields, &Weights::default()));
    let snippet = Highlighter::new(&syllables("nguyễn hoà ngang")).snippet(text);
    prop_assert!(snippet.text.chars().count() <= SNIPPET_CHARS + 2);
    let elapsed = started.elapsed();
    prop_assert!(
        elapsed < TIME_LIMIT,
        "{} bytes took {elapsed:?}",
        text.len()
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(1))]

    /// Property 5: a megabyte line of words; every word is a syllable.
    #[test]
    fn megabyte_line_of_words(seed in 1..u64::MAX) {
        let mut state = seed;
        let pool = seeded_syllables(&mut state);
        let mut text = String::with_capacity(MEGABYTE + 64);
        let mut words = 0;
        while text.len() < MEGABYTE {
            text.push_str(&pool[next_below(&mut state, pool.len())]);
            text.push(' ');
            words += 1;
        }
        prop_assert_eq!(analyze_big(&text)?, words);
        // Every stream, query and snippet on a cut: 64 KB is already an
        // absurd query or passage.
        let mut cut = MEGABYTE / 16;
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        check_analysis(&text[..cut])?;
        query_and_snippet_big(&text[..cut])?;
    }

    /// Property 5: one megabyte word without spaces, of letters or of
    /// numbers and joiners: too long to be a token.
    #[test]
    fn megabyte_word(seed in 1..u64::MAX) {
        let mut state = seed;
        let pool = seeded_syllables(&mut state);
        let mut letters = String::with_capacity(MEGABYTE + 64);
        let mut digits = String::with_capacity(MEGABYTE + 64);
        while letters.len() < MEGABYTE {
            letters.push_str(&pool[next_below(&mut state, pool.len())]);
        }
        while digits.len() < MEGABYTE {
            // Digits and joiners merge into one number.
            digits.push_str(&next_below(&mut state, 10_000).to_string());
            digits.push(['/', '-', '.', ','][next_below(&mut state, 4)]);
        }
        digits.push('9');
        for text in [&letters, &digits] {
            prop_assert_eq!(analyze_big(&format!("hoà {text} bình"))?, 2);
        }
        query_and_snippet_big(&letters)?;
    }

    /// Property 5: a megabyte of combining marks, alone or after a letter.
    #[test]
    fn megabyte_of_combining_marks(seed in any::<u32>()) {
        let mut marks = String::with_capacity(MEGABYTE + 64);
        let mut i = seed;
        while marks.len() < MEGABYTE {
            marks.push(char::from_u32(0x300 + i % 0x70).unwrap());
            i = i.wrapping_mul(1_103_515_245).wrapping_add(12_345) >> 1;
        }
        // Some marks (U+0345, U+0363..) are letters: the run may be a word,
        // but never one that fits in a token.
        prop_assert_eq!(analyze_big(&marks)?, 0);
        prop_assert_eq!(analyze_big(&format!("hoà a{marks} bình"))?, 2);
        query_and_snippet_big(&marks)?;
    }
}

// ---------------------------------------------------------------------------
// 6: the query parser

/// Mixed text with the query syntax thrown in, balanced or not.
fn query_text() -> impl Strategy<Value = String> {
    let syntax = prop::sample::select(
        &[
            "\"", "\"", "-", "-\"", ":", "(", ")", "*", "title:", "--", "\"-",
        ][..],
    )
    .prop_map(str::to_string);
    let pieces = prop_oneof![6 => piece(), 3 => syntax];
    prop_oneof![
        5 => joined(pieces, 16),
        1 => any::<String>(),
    ]
}

/// A query built from parts whose parse is known.
#[derive(Debug, Clone)]
enum Part {
    Words(String),
    Phrase(String),
    ExcludeWord(String),
    ExcludePhrase(String),
}

fn plain_words(max: usize) -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        6 => vietnamese_word(),
        1 => number().prop_filter("no leading '-'", |n| !n.starts_with('-')),
        1 => prop::sample::select(&[",", ".", "(", ")", ":", "…", "“", "*"][..])
            .prop_map(str::to_string),
    ];
    prop::collection::vec(pieces, 0..max).prop_map(|w| w.join(" "))
}

fn part() -> impl Strategy<Value = Part> {
    prop_oneof![
        3 => plain_words(5).prop_map(Part::Words),
        1 => plain_words(4).prop_map(Part::Phrase),
        1 => vietnamese_word().prop_map(Part::ExcludeWord),
        1 => plain_words(3).prop_map(Part::ExcludePhrase),
    ]
}

fn exacts(text: &str) -> Vec<String> {
    syllables(text).into_iter().map(|s| s.exact).collect()
}

/// Clauses as (kind, exact syllables).
fn shape(q: &ParsedQuery) -> Vec<(char, Vec<String>)> {
    q.clauses
        .iter()
        .map(|c| match c {
            Clause::Words(s) => ('w', s),
            Clause::Phrase(s) => ('p', s),
            Clause::Exclude(s) => ('x', s),
        })
        .map(|(k, s)| (k, s.iter().map(|x| x.exact.clone()).collect()))
        .collect()
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 6: parsing and building the tantivy query never panic, and
    /// every syllable of the parse comes from the input.
    #[test]
    fn query_parser_never_panics(input in query_text()) {
        let parsed = ParsedQuery::parse(&input);
        let (_, fields) = build_schema();
        drop(parsed.to_query(&fields, &Weights::default()));
        let whole = i_for_y(&folded_whole(&input));
        for clause in &parsed.clauses {
            let (Clause::Words(s) | Clause::Phrase(s) | Clause::Exclude(s)) = clause;
            prop_assert!(!s.is_empty(), "empty clause in {:?}", parsed);
            for syllable in s {
                prop_assert!(
                    whole.contains(&i_for_y(&syllable.folded)),
                    "{:?} is not in {:?}",
                    syllable.folded,
                    input
                );
                prop_assert!(!syllable.exact.is_empty());
            }
        }
        prop_assert_eq!(parsed.is_empty(), parsed.positive_syllables().next().is_none());
        // A framing clause is part of the first clause, never all of it.
        if let Some(Clause::Words(first)) = parsed.clauses.first() {
            prop_assert!(parsed.framing < first.len() || parsed.framing == 0);
        } else {
            prop_assert_eq!(parsed.framing, 0);
        }
        // The title share of re-ranking is a share, whatever the text.
        let share = TitleMatch::new(&input).share(&input, &mut |_| 1.0);
        prop_assert!((0.0..=1.0).contains(&share), "{share}");
        // A text repeats every pair of itself; fewer than two syllables
        // make no pair.
        let want = if bantin::analysis::syllables(&input).len() >= 2 { 1.0 } else { 0.0 };
        prop_assert_eq!(share, want, "{:?}", input);
    }

    /// Property 6: text without syntax is one clause of its syllables, the
    /// same ones the index sees.
    #[test]
    fn plain_query_is_its_syllables(input in joined(piece(), 20)) {
        let input = input.replace(['"', '-'], " ");
        let want = exacts(&input);
        let got = shape(&ParsedQuery::parse(&input));
        if want.is_empty() {
            prop_assert!(got.is_empty(), "{:?}", got);
        } else {
            prop_assert_eq!(got, vec![('w', want)]);
        }
    }

    /// Property 6: a query built from words, phrases and exclusions parses
    /// back into those clauses.
    #[test]
    fn structured_query_parses_back(parts in prop::collection::vec(part(), 0..6)) {
        let mut input = String::new();
        let mut want: Vec<(char, Vec<String>)> = Vec::new();
        let mut words = Vec::new();
        for part in &parts {
            let (kind, body, text) = match part {
                Part::Words(w) => {
                    input.push_str(w);
                    input.push(' ');
                    words.extend(exacts(w));
                    continue;
                }
                Part::Phrase(p) => ('p', p, format!("\"{p}\" ")),
                Part::ExcludeWord(w) => ('x', w, format!("-{w} ")),
                Part::ExcludePhrase(p) => ('x', p, format!("-\"{p}\" ")),
            };
            if !words.is_empty() {
                want.push(('w', std::mem::take(&mut words)));
            }
            let syllables = exacts(body);
            if !syllables.is_empty() {
                want.push((kind, syllables));
            }
            input.push_str(&text);
        }
        if !words.is_empty() {
            want.push(('w', words));
        }
        prop_assert_eq!(shape(&ParsedQuery::parse(&input)), want, "parse of {:?}", input);
    }
}

// ---------------------------------------------------------------------------
// 7: snippets

/// A query of generated words, and a passage that may contain them.
fn query_and_passage() -> impl Strategy<Value = (String, String)> {
    let query_words = prop::collection::vec((gen_syllable(), any::<bool>()), 1..4);
    (query_words, 0..120usize).prop_flat_map(|(words, len)| {
        let typed: Vec<String> = words
            .iter()
            .map(
                |(s, accented)| {
                    if *accented {
                        s.spell()
                    } else {
                        s.ascii()
                    }
                },
            )
            .collect();
        // The passage: pieces, some of them the query's words in another
        // spelling.
        let spellings: Vec<String> = words.iter().map(|(s, _)| s.spell()).collect();
        let pieces = prop_oneof![
            3 => piece(),
            1 => prop::sample::select(spellings),
            1 => prop::sample::select(typed.clone()),
        ];
        let query = typed.join(" ");
        (Just(query), joined(pieces, len.max(1)))
    })
}

proptest! {
    #![proptest_config(config(128))]

    /// Property 7: snippets are short, and their highlights are in order,
    /// inside the text, and are the query's words.
    #[test]
    fn snippets_are_well_formed(
        (query, passage) in prop_oneof![
            4 => query_and_passage(),
            1 => (query_text(), mixed_text()),
        ]
    ) {
        let query_syllables = syllables(&query);
        let snippet = Highlighter::new(&query_syllables).snippet(&passage);
        let text = &snippet.text;
        prop_assert!(text.chars().count() <= SNIPPET_CHARS + 2, "{} chars", text.chars().count());

        let mut last_end = 0;
        for &(from, to) in &snippet.highlights {
            prop_assert!(last_end <= from && from < to && to <= text.len(), "{:?}", snippet);
            prop_assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
            last_end = to;
            let marked = syllables(&text[from..to]);
            prop_assert_eq!(marked.len(), 1, "{:?} in {:?}", &text[from..to], snippet);
            prop_assert!(
                query_syllables.iter().any(|q| q.folded == marked[0].folded),
                "{:?} is not a query word of {:?}",
                &text[from..to],
                query
            );
        }

        // The snippet is the passage, white space collapsed, maybe cut.
        let collapsed = collapse_whitespace(passage.trim_end());
        let body = text.strip_prefix('…').unwrap_or(text);
        let body = body.strip_suffix('…').unwrap_or(body);
        prop_assert!(
            collapsed.contains(text.as_str()) || collapsed.contains(body),
            "{:?} is not in {:?}",
            text,
            collapsed
        );
        if passage.trim_end().chars().count() <= SNIPPET_CHARS {
            prop_assert_eq!(text, &collapsed);
            // Short passage: every word typed without accents is marked
            // wherever it occurs, in any spelling.
            let loose: Vec<&str> = query_syllables
                .iter()
                .filter(|q| !q.is_marked())
                .map(|q| q.folded.as_str())
                .collect();
            let want = syllables(&passage)
                .iter()
                .filter(|s| loose.contains(&s.folded.as_str()))
                .count();
            prop_assert!(snippet.highlights.len() >= want, "{:?} for {:?}", snippet, query);
        }
    }
}
