//! Folded syllable bigrams: `tăng trưởng` gives the one token
//! `tang truong`.
//!
//! Vietnamese words are written as space-separated syllables, so a compound
//! (`tăng trưởng`, `xuất khẩu`) is a pair of adjacent syllables. Indexing
//! every adjacent pair as its own term lets a plain term query reward
//! passages that keep a query's compound together, the way Lucene's CJK
//! bigram filter does for Chinese, without a dictionary or positions.
//!
//! Only syllables separated by white space pair up: `tăng, trưởng` across a
//! comma or a sentence end is not a compound. A pair longer than
//! [`MAX_TOKEN_BYTES`] is no compound either, and is left out.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::tokenizer::{Form, SyllableStream, VietnameseTokenizer, MAX_TOKEN_BYTES};

/// A tantivy [`Tokenizer`] emitting folded syllable bigrams.
#[derive(Debug, Clone)]
pub struct BigramTokenizer {
    syllables: VietnameseTokenizer,
    token: Token,
    previous: String,
}

impl Default for BigramTokenizer {
    fn default() -> Self {
        BigramTokenizer {
            syllables: VietnameseTokenizer::new(Form::Folded),
            token: Token::default(),
            previous: String::new(),
        }
    }
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream<'a> {
        self.token.reset();
        self.previous.clear();
        BigramStream {
            text,
            syllables: self.syllables.token_stream(text),
            token: &mut self.token,
            previous: &mut self.previous,
            previous_from: 0,
            previous_to: None,
        }
    }
}

/// The bigram stream of one text.
pub struct BigramStream<'a> {
    text: &'a str,
    syllables: SyllableStream<'a>,
    token: &'a mut Token,
    previous: &'a mut String,
    previous_from: usize,
    /// End of the previous syllable, `None` before the first.
    previous_to: Option<usize>,
}

/// True when only white space separates two syllables.
#[inline]
pub fn adjacent(text: &str, left_end: usize, right_start: usize) -> bool {
    text[left_end..right_start].chars().all(char::is_whitespace)
}

impl TokenStream for BigramStream<'_> {
    fn advance(&mut self) -> bool {
        while self.syllables.advance() {
            let current = self.syllables.token();
            let joined = self
                .previous_to
                .is_some_and(|end| adjacent(self.text, end, current.offset_from))
                && self.previous.len() + 1 + current.text.len() <= MAX_TOKEN_BYTES;
            if joined {
                self.token.text.clear();
                self.token.text.push_str(self.previous);
                self.token.text.push(' ');
                self.token.text.push_str(&current.text);
                self.token.offset_from = self.previous_from;
                self.token.offset_to = current.offset_to;
                self.token.position = self.token.position.wrapping_add(1);
            }
            self.previous.clear();
            self.previous.push_str(&current.text);
            self.previous_from = current.offset_from;
            self.previous_to = Some(current.offset_to);
            if joined {
                return true;
            }
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

    fn bigrams(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = BigramTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn table() {
        type Case<'a> = (&'a str, &'a [(&'a str, usize, usize)]);
        let cases: &[Case] = &[
            ("tăng trưởng", &[("tang truong", 0, 15)]),
            (
                "xuất khẩu gạo",
                &[("xuat khau", 0, 13), ("khau gao", 7, 19)],
            ),
            ("tăng, trưởng", &[]),
            ("tăng. Trưởng", &[]),
            ("tăng\ntrưởng", &[("tang truong", 0, 15)]),
            ("năm 2020", &[("nam 2020", 0, 9)]),
            // NNBSP between digits: two syllables, one bigram
            ("5\u{202f}210", &[("5 210", 0, 7)]),
            // a pair longer than a token is left out
            (
                "0123456789012345678901234567890123456789abcde 0123456789012345678901234567890123456789abcde x",
                &[("0123456789012345678901234567890123456789abcde x", 46, 93)],
            ),
            ("một", &[]),
            ("", &[]),
        ];
        for (input, want) in cases {
            let want: Vec<(String, usize, usize)> = want
                .iter()
                .map(|(t, f, e)| (t.to_string(), *f, *e))
                .collect();
            assert_eq!(bigrams(input), want, "bigrams of {input:?}");
        }
    }
}
