//! The indexed forms of a passage from one analysis.
//!
//! A passage is indexed three ways (`exact`, `folded`, `bigram`), and
//! tantivy tokenizes each field on its own, so the same text would be
//! segmented, normalized and tone-canonicalized three times. The
//! tokenizers here share the work: the first to see a text analyzes it once
//! into a per-thread [`Analyzed`] (every syllable in both forms, and which
//! pairs make a bigram), and the others replay it when they get the same
//! text. tantivy's indexing threads each have their own copy, and a text is
//! compared in full before it is replayed, so a mismatch only costs a new
//! analysis, never a wrong token.
//!
//! The streams give the same tokens as [`super::VietnameseTokenizer`] and
//! [`super::BigramTokenizer`] (a property test checks it), except that the
//! exact stream leaves out syllables without marks: their exact form is
//! their folded form, which the `folded` field already holds, and a query
//! asks the `exact` field only for marked syllables.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::bigram::adjacent;
use super::letters::fold_char;
use super::tokenizer::{Form, VietnameseTokenizer, MAX_TOKEN_BYTES};

/// Which form a [`FormTokenizer`] emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexedForm {
    /// Exact forms of the syllables that carry a mark.
    Marked,
    /// Folded forms of every syllable.
    Folded,
    /// Folded pairs of adjacent syllables.
    Bigram,
}

/// One syllable of an analyzed text.
#[derive(Debug, Clone, Copy)]
struct Syl {
    /// Byte ranges of the exact and folded forms in [`Analyzed::forms`].
    exact: (u32, u32),
    folded: (u32, u32),
    /// Byte range in the text.
    from: usize,
    to: usize,
    /// The exact form differs from the folded one.
    marked: bool,
    /// Pairs with the syllable before it into a bigram.
    pairs: bool,
}

/// Every syllable of the last text analyzed on this thread.
#[derive(Default)]
struct Analyzed {
    text: String,
    valid: bool,
    /// Counts analyses, so that a stream tells whether the analysis it
    /// started from is still the current one without comparing texts.
    generation: u64,
    forms: String,
    syllables: Vec<Syl>,
    tokenizer: Option<VietnameseTokenizer>,
}

impl Analyzed {
    /// Analyzes `text` unless it is the last text analyzed; returns the
    /// generation of the analysis.
    fn ensure(&mut self, text: &str) -> u64 {
        if self.valid && self.text == text {
            return self.generation;
        }
        self.valid = false;
        self.generation = self.generation.wrapping_add(1);
        self.text.clear();
        self.text.push_str(text);
        self.forms.clear();
        self.syllables.clear();
        let tokenizer = self
            .tokenizer
            .get_or_insert_with(|| VietnameseTokenizer::new(Form::Exact));
        let mut stream = tokenizer.token_stream(text);
        let mut previous: Option<(usize, usize)> = None; // (end in text, folded len)
        while stream.advance() {
            let token = stream.token();
            let e0 = self.forms.len();
            self.forms.push_str(&token.text);
            let e1 = self.forms.len();
            if token.text.is_ascii() {
                self.forms.push_str(&token.text);
            } else {
                self.forms.extend(token.text.chars().map(fold_char));
            }
            let f1 = self.forms.len();
            let marked = self.forms[e0..e1] != self.forms[e1..f1];
            let folded_len = f1 - e1;
            let pairs = previous.is_some_and(|(end, len)| {
                adjacent(text, end, token.offset_from) && len + 1 + folded_len <= MAX_TOKEN_BYTES
            });
            previous = Some((token.offset_to, folded_len));
            self.syllables.push(Syl {
                exact: (e0 as u32, e1 as u32),
                folded: (e1 as u32, f1 as u32),
                from: token.offset_from,
                to: token.offset_to,
                marked,
                pairs,
            });
        }
        self.valid = true;
        self.generation
    }

    fn exact(&self, s: &Syl) -> &str {
        &self.forms[s.exact.0 as usize..s.exact.1 as usize]
    }

    fn folded(&self, s: &Syl) -> &str {
        &self.forms[s.folded.0 as usize..s.folded.1 as usize]
    }

    /// Writes the `i`-th token of `form` from syllable `at` on into
    /// `token`; returns the syllable index after it, or `None` at the end.
    fn fill(&self, form: IndexedForm, mut at: usize, token: &mut Token) -> Option<usize> {
        while let Some(s) = self.syllables.get(at) {
            at += 1;
            match form {
                IndexedForm::Folded => {
                    set(token, self.folded(s), s.from, s.to, at - 1);
                    return Some(at);
                }
                IndexedForm::Marked => {
                    if s.marked {
                        set(token, self.exact(s), s.from, s.to, at - 1);
                        return Some(at);
                    }
                }
                IndexedForm::Bigram => {
                    if s.pairs {
                        let p = &self.syllables[at - 2];
                        token.text.clear();
                        token.text.push_str(self.folded(p));
                        token.text.push(' ');
                        token.text.push_str(self.folded(s));
                        token.offset_from = p.from;
                        token.offset_to = s.to;
                        token.position = token.position.wrapping_add(1);
                        token.position_length = 1;
                        return Some(at);
                    }
                }
            }
        }
        None
    }
}

fn set(token: &mut Token, text: &str, from: usize, to: usize, position: usize) {
    token.text.clear();
    token.text.push_str(text);
    token.offset_from = from;
    token.offset_to = to;
    token.position = position;
    token.position_length = 1;
}

thread_local! {
    static LAST: RefCell<Analyzed> = RefCell::new(Analyzed::default());
}

/// One syllable of a text, borrowed from the analysis of [`with_syllables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyllableRef<'a> {
    /// Accents kept, canonical spelling: `tăng`.
    pub exact: &'a str,
    /// Accents removed: `tang`.
    pub folded: &'a str,
    /// Byte range in the text.
    pub from: usize,
    pub to: usize,
}

/// Calls `f` with the syllables of `text` (those of
/// [`super::syllables`]), analyzed into this thread's reused buffers: no
/// allocation per syllable, for snippets of search hits. `f` must not
/// analyze text itself (the buffers are borrowed meanwhile).
pub fn with_syllables<R>(text: &str, f: impl FnOnce(&[SyllableRef<'_>]) -> R) -> R {
    LAST.with(|cell| {
        let mut guard = cell.borrow_mut();
        let _ = guard.ensure(text);
        let a: &Analyzed = &guard;
        let refs: Vec<SyllableRef<'_>> = a
            .syllables
            .iter()
            .map(|s| SyllableRef {
                exact: a.exact(s),
                folded: a.folded(s),
                from: s.from,
                to: s.to,
            })
            .collect();
        f(&refs)
    })
}

/// A tantivy [`Tokenizer`] for one indexed form, sharing the analysis of
/// each text with the other forms on the same thread.
#[derive(Debug, Clone)]
pub struct FormTokenizer {
    form: IndexedForm,
    token: Token,
}

impl FormTokenizer {
    /// A tokenizer that emits `form`.
    pub fn new(form: IndexedForm) -> Self {
        FormTokenizer {
            form,
            token: Token::default(),
        }
    }
}

impl Tokenizer for FormTokenizer {
    type TokenStream<'a> = FormStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FormStream<'a> {
        self.token.reset();
        let generation = LAST.with(|a| a.borrow_mut().ensure(text));
        FormStream {
            text,
            form: self.form,
            at: 0,
            generation,
            token: &mut self.token,
        }
    }
}

/// The tokens of one form of one text.
pub struct FormStream<'a> {
    text: &'a str,
    form: IndexedForm,
    at: usize,
    /// The analysis `at` refers to.
    generation: u64,
    token: &'a mut Token,
}

impl TokenStream for FormStream<'_> {
    fn advance(&mut self) -> bool {
        let (form, at, text) = (self.form, self.at, self.text);
        let token = &mut *self.token;
        let generation = &mut self.generation;
        let next = LAST.with(|a| {
            let mut a = a.borrow_mut();
            // Another text was analyzed on this thread meanwhile (a stream
            // kept across documents): analyze this one again.
            if a.generation != *generation {
                *generation = a.ensure(text);
            }
            a.fill(form, at, token)
        });
        match next {
            Some(at) => {
                self.at = at;
                true
            }
            None => {
                self.at = usize::MAX;
                false
            }
        }
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
    use crate::analysis::BigramTokenizer;

    fn collect<T: Tokenizer>(tokenizer: &mut T, text: &str) -> Vec<Token> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().clone());
        }
        out
    }

    /// Each form against the tokenizer it replaces, interleaved the way
    /// tantivy runs them (three fields of one text, then the next text).
    #[test]
    fn forms_match_the_reference_tokenizers() {
        let texts = [
            "Tăng trưởng GDP đạt 2,91% năm 2020, theo Tổng cục Thống kê.",
            "hoà bình, thuỷ lợi; khoẻ mạnh - COVID-19 ngày 28/12/2020",
            "ta\u{306}ng tru\u{31b}o\u{31b}\u{309}ng the\u{300}o",
            "",
            "   ",
            "a b c",
        ];
        let mut marked = FormTokenizer::new(IndexedForm::Marked);
        let mut folded = FormTokenizer::new(IndexedForm::Folded);
        let mut bigram = FormTokenizer::new(IndexedForm::Bigram);
        for text in texts {
            let reference_exact: Vec<Token> =
                collect(&mut VietnameseTokenizer::new(Form::Exact), text);
            let reference_folded = collect(&mut VietnameseTokenizer::new(Form::Folded), text);
            let want_marked: Vec<Token> = reference_exact
                .iter()
                .zip(&reference_folded)
                .filter(|(e, f)| e.text != f.text)
                .map(|(e, _)| e.clone())
                .collect();
            assert_eq!(collect(&mut marked, text), want_marked, "{text:?}");
            assert_eq!(collect(&mut folded, text), reference_folded, "{text:?}");
            let want_bigrams = collect(&mut BigramTokenizer::default(), text);
            assert_eq!(collect(&mut bigram, text), want_bigrams, "{text:?}");
        }
    }

    #[test]
    fn with_syllables_matches_syllables() {
        for text in ["Tăng trưởng GDP 2,91%, hoà bình", "", "ta\u{306}ng x"] {
            let owned = crate::analysis::syllables(text);
            with_syllables(text, |refs| {
                assert_eq!(refs.len(), owned.len(), "{text:?}");
                for (r, o) in refs.iter().zip(&owned) {
                    assert_eq!(
                        (r.exact, r.folded, r.from, r.to),
                        (&*o.exact, &*o.folded, o.from, o.to)
                    );
                }
            });
        }
    }

    #[test]
    fn a_stream_survives_another_text_analyzed_meanwhile() {
        let mut a = FormTokenizer::new(IndexedForm::Folded);
        let mut b = FormTokenizer::new(IndexedForm::Folded);
        let mut first = a.token_stream("một hai");
        assert!(first.advance());
        assert_eq!(first.token().text, "mot");
        let other = collect(&mut b, "ba bốn năm");
        assert_eq!(other.len(), 3);
        assert!(first.advance());
        assert_eq!(first.token().text, "hai");
        assert!(!first.advance());
    }
}
