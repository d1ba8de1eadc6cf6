//! Vietnamese text analysis: the one place that decides what a word is.
//!
//! The same code runs at index time (as tantivy tokenizers registered under
//! [`EXACT`], [`FOLDED`] and [`BIGRAM`]) and at query time (through
//! [`syllables`]), so a query and a passage always agree on their tokens.

mod bigram;
mod forms;
mod letters;
mod spelling;
mod syllable;
mod tokenizer;

pub use bigram::{adjacent, BigramStream, BigramTokenizer};
pub use forms::{with_syllables, FormStream, FormTokenizer, IndexedForm, SyllableRef};
pub use letters::{fold_char, split_tone, with_tone, Tone};
pub use spelling::canonicalize_i_y;
pub use syllable::canonicalize_tone;
pub use tokenizer::{
    exact_form_into, fold_in_place, relax, Form, Initials, SyllableStream, VietnameseTokenizer,
    MAX_TOKEN_BYTES,
};

use tantivy::tokenizer::{TextAnalyzer, TokenStream, Tokenizer, TokenizerManager};

/// Tokenizer name of the exact (accented, canonical) syllable field.
pub const EXACT: &str = "vi_exact";
/// Tokenizer name of the folded (unaccented) syllable field.
pub const FOLDED: &str = "vi_folded";
/// Tokenizer name of the folded syllable-bigram field.
pub const BIGRAM: &str = "vi_bigram";

/// Registers bantin's tokenizers with an index's tokenizer manager. The
/// three share one analysis of each passage ([`FormTokenizer`]).
pub fn register(manager: &TokenizerManager) {
    manager.register(
        EXACT,
        TextAnalyzer::from(FormTokenizer::new(IndexedForm::Marked)),
    );
    manager.register(
        FOLDED,
        TextAnalyzer::from(FormTokenizer::new(IndexedForm::Folded)),
    );
    manager.register(
        BIGRAM,
        TextAnalyzer::from(FormTokenizer::new(IndexedForm::Bigram)),
    );
}

/// One syllable of a text, in both forms, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// Accents kept, canonical spelling: `tăng`.
    pub exact: String,
    /// Accents removed: `tang`.
    pub folded: String,
    /// Byte offset of the first byte in the analyzed text.
    pub from: usize,
    /// Byte offset one past the last byte.
    pub to: usize,
}

impl Syllable {
    /// True when the text carried tone or vowel marks (or `đ`), so the
    /// exact form says more than the folded one.
    pub fn is_marked(&self) -> bool {
        self.exact != self.folded
    }
}

/// All syllables of `text`, both forms. Allocates: meant for queries and
/// snippets, not for indexing.
pub fn syllables(text: &str) -> Vec<Syllable> {
    let mut tokenizer = VietnameseTokenizer::new(Form::Exact);
    let mut stream = tokenizer.token_stream(text);
    let mut scratch = String::new();
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        let mut folded = token.text.clone();
        fold_in_place(&mut folded, &mut scratch);
        out.push(Syllable {
            exact: token.text.clone(),
            folded,
            from: token.offset_from,
            to: token.offset_to,
        });
    }
    out
}
