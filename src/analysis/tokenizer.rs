//! The Vietnamese tokenizer: syllables out of raw text, in an exact and a
//! folded form, with offsets into the original text.
//!
//! Steps for each word (UAX #29 word boundaries, which keep combining marks
//! with their letter, so NFD text is not split apart):
//! 1. numbers stay whole: `2,91` and `5.210` already are one word for UAX #29;
//!    words joined by `/`, `-`, `–` or `:` where a digit touches the joiner
//!    are merged (`28/12/2020`, `2016-2020`, `COVID-19`, `8:30`);
//! 2. NFC, lower case;
//! 3. one canonical tone placement ([`super::syllable`]);
//! 4. for [`Form::Folded`], tones and vowel marks removed, `đ` to `d`.
//!
//! The stream owns one [`Token`] and a scratch buffer and reuses both: no
//! allocation per token once they have grown. ASCII words take a fast path
//! that skips normalization.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

use super::letters::fold_char;
use super::syllable::canonicalize_tone;

/// Tokens longer than this many bytes are dropped: they are not words
/// (base64, hashes, runs of one letter) and would only bloat the index.
pub const MAX_TOKEN_BYTES: usize = 80;

/// Which form of each syllable a stream emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Accents kept, in canonical NFC spelling: `tăng`, `hoà`, `đồng`.
    Exact,
    /// Every tone and vowel mark removed, `đ` to `d`: `tang`, `hoa`, `dong`.
    Folded,
}

/// A tantivy [`Tokenizer`] for Vietnamese text; see the module docs.
#[derive(Debug, Clone)]
pub struct VietnameseTokenizer {
    form: Form,
    token: Token,
    scratch: String,
}

impl VietnameseTokenizer {
    /// A tokenizer that emits `form`.
    pub fn new(form: Form) -> Self {
        VietnameseTokenizer {
            form,
            token: Token::default(),
            scratch: String::new(),
        }
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = SyllableStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SyllableStream<'a> {
        self.token.reset();
        SyllableStream {
            text,
            words: text.split_word_bound_indices(),
            pending: None,
            form: self.form,
            token: &mut self.token,
            scratch: &mut self.scratch,
        }
    }
}

/// The stream of syllables of one text. Also usable directly (outside
/// tantivy) through [`TokenStream::advance`] and [`TokenStream::token`].
pub struct SyllableStream<'a> {
    text: &'a str,
    words: UWordBoundIndices<'a>,
    /// A segment read ahead while looking for a number joiner.
    pending: Option<(usize, &'a str)>,
    form: Form,
    token: &'a mut Token,
    scratch: &'a mut String,
}

#[inline]
fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

#[inline]
fn is_joiner(segment: &str) -> bool {
    matches!(segment, "/" | "-" | "–" | ":")
}

impl<'a> SyllableStream<'a> {
    fn next_segment(&mut self) -> Option<(usize, &'a str)> {
        self.pending.take().or_else(|| self.words.next())
    }

    /// The byte range of the next word, numbers with joiners merged.
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let (start, first) = loop {
            let (at, segment) = self.next_segment()?;
            if is_word(segment) {
                break (at, segment);
            }
        };
        let mut end = start + first.len();
        let mut last_is_digit = first.chars().next_back().is_some_and(|c| c.is_numeric());
        // Merge `word joiner word` while a digit touches the joiner.
        while let Some((jat, joiner)) = self.next_segment() {
            if jat != end || !is_joiner(joiner) {
                self.pending = Some((jat, joiner));
                break;
            }
            match self.words.next() {
                Some((wat, word)) if is_word(word) => {
                    let first_is_digit = word.chars().next().is_some_and(|c| c.is_numeric());
                    if last_is_digit || first_is_digit {
                        end = wat + word.len();
                        last_is_digit = word.chars().next_back().is_some_and(|c| c.is_numeric());
                        continue;
                    }
                    // `kinh-tế`: two words; the joiner is dropped.
                    self.pending = Some((wat, word));
                    break;
                }
                other => {
                    self.pending = other;
                    break;
                }
            }
        }
        Some((start, end))
    }
}

/// Writes the exact (NFC, lower-case, canonical-tone) form of `word` into
/// `out`. `scratch` is a reused buffer.
pub fn exact_form_into(word: &str, out: &mut String, scratch: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Fast path: no marks, no normalization, byte-wise lower case.
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.nfc() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    canonicalize_tone(out, scratch);
}

/// Rewrites an exact form in place into its folded form.
pub fn fold_in_place(word: &mut String, scratch: &mut String) {
    if word.is_ascii() {
        return;
    }
    scratch.clear();
    scratch.extend(word.chars().map(fold_char));
    std::mem::swap(word, scratch);
}

impl TokenStream for SyllableStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = self.next_word() {
            let word = &self.text[from..to];
            exact_form_into(word, &mut self.token.text, self.scratch);
            if self.form == Form::Folded {
                fold_in_place(&mut self.token.text, self.scratch);
            }
            if self.token.text.len() > MAX_TOKEN_BYTES || self.token.text.is_empty() {
                continue;
            }
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = self.token.position.wrapping_add(1);
            self.token.position_length = 1;
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(form: Form, text: &str) -> Vec<Token> {
        let mut tokenizer = VietnameseTokenizer::new(form);
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    fn assert_token(token: &Token, position: usize, text: &str, from: usize, to: usize) {
        assert_eq!(token.position, position, "position of {token:?}");
        assert_eq!(token.text, text, "text of {token:?}");
        assert_eq!(token.offset_from, from, "offset_from of {token:?}");
        assert_eq!(token.offset_to, to, "offset_to of {token:?}");
    }

    /// (input, exact tokens, folded tokens); offsets checked separately.
    const CASES: &[(&str, &[&str], &[&str])] = &[
        ("tăng trưởng", &["tăng", "trưởng"], &["tang", "truong"]),
        ("Tăng Trưởng", &["tăng", "trưởng"], &["tang", "truong"]),
        ("TĂNG TRƯỞNG", &["tăng", "trưởng"], &["tang", "truong"]),
        // NFD input: combining marks stay with their letters.
        (
            "ta\u{306}ng tru\u{31b}o\u{31b}\u{309}ng",
            &["tăng", "trưởng"],
            &["tang", "truong"],
        ),
        (
            "tăng tầng tặng",
            &["tăng", "tầng", "tặng"],
            &["tang", "tang", "tang"],
        ),
        // đ and Đ
        (
            "Đà Nẵng đầu tư",
            &["đà", "nẵng", "đầu", "tư"],
            &["da", "nang", "dau", "tu"],
        ),
        ("ĐỒNG", &["đồng"], &["dong"]),
        // tone placement: both styles give one token
        ("hòa hoà", &["hoà", "hoà"], &["hoa", "hoa"]),
        ("thúy thuý", &["thuý", "thuý"], &["thuy", "thuy"]),
        ("khỏe khoẻ", &["khoẻ", "khoẻ"], &["khoe", "khoe"]),
        ("Hoà Bình", &["hoà", "bình"], &["hoa", "binh"]),
        // onsets gi, qu
        ("giữa quý", &["giữa", "quý"], &["giua", "quy"]),
        // numbers stay whole
        ("dương 2,91%", &["dương", "2,91"], &["duong", "2,91"]),
        (
            "5.210 tỷ đồng",
            &["5.210", "tỷ", "đồng"],
            &["5.210", "ty", "dong"],
        ),
        (
            "ngày 28/12/2020.",
            &["ngày", "28/12/2020"],
            &["ngay", "28/12/2020"],
        ),
        (
            "giai đoạn 2016-2020",
            &["giai", "đoạn", "2016-2020"],
            &["giai", "doan", "2016-2020"],
        ),
        ("2016–2020", &["2016–2020"], &["2016–2020"]),
        (
            "dịch COVID-19",
            &["dịch", "covid-19"],
            &["dich", "covid-19"],
        ),
        (
            "lúc 8:30 sáng",
            &["lúc", "8:30", "sáng"],
            &["luc", "8:30", "sang"],
        ),
        (
            "1.234.567 người",
            &["1.234.567", "người"],
            &["1.234.567", "nguoi"],
        ),
        // joiners between words without digits split them
        (
            "kinh tế - xã hội",
            &["kinh", "tế", "xã", "hội"],
            &["kinh", "te", "xa", "hoi"],
        ),
        ("kinh-tế", &["kinh", "tế"], &["kinh", "te"]),
        ("a/b", &["a", "b"], &["a", "b"]),
        // punctuation and symbols are not tokens
        ("(TS 28/12)", &["ts", "28/12"], &["ts", "28/12"]),
        ("./.", &[], &[]),
        ("", &[], &[]),
        ("\u{301}\u{300}", &[], &[]),
    ];

    #[test]
    fn table() {
        for (input, exact, folded) in CASES {
            let got: Vec<String> = tokens(Form::Exact, input)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(&got, exact, "exact form of {input:?}");
            let got: Vec<String> = tokens(Form::Folded, input)
                .into_iter()
                .map(|t| t.text)
                .collect();
            assert_eq!(&got, folded, "folded form of {input:?}");
        }
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Tăng trưởng 2,91%";
        let toks = tokens(Form::Folded, text);
        assert_token(&toks[0], 0, "tang", 0, 5);
        assert_token(&toks[1], 1, "truong", 6, 15);
        assert_token(&toks[2], 2, "2,91", 16, 20);
        assert_eq!(&text[toks[1].offset_from..toks[1].offset_to], "trưởng");

        let nfd = "ta\u{306}ng 28/12/2020";
        let toks = tokens(Form::Exact, nfd);
        assert_token(&toks[0], 0, "tăng", 0, 6);
        assert_token(&toks[1], 1, "28/12/2020", 7, 17);

        let toks = tokens(Form::Exact, "COVID-19, 2016-2020");
        assert_token(&toks[0], 0, "covid-19", 0, 8);
        assert_token(&toks[1], 1, "2016-2020", 10, 19);
    }

    #[test]
    fn overlong_tokens_are_dropped_positions_stay_dense() {
        let text = format!("a {} b", "x".repeat(200));
        let toks = tokens(Form::Exact, &text);
        assert_eq!(toks.len(), 2);
        assert_token(&toks[0], 0, "a", 0, 1);
        assert_token(&toks[1], 1, "b", 203, 204);
    }
}
