//! The tantivy schema: one document per passage.
//!
//! The passage text is stored once and indexed three ways, so that ranking
//! can tell an exact match from a folded one and a compound from its
//! syllables apart (all three with term frequencies, none with positions:
//! a phrase is found through its bigrams):
//! - `exact`: syllables that carry a mark, accented, canonical tone
//!   placement (an unmarked syllable's exact form is its folded form);
//! - `folded`: every syllable, unaccented;
//! - `bigram`: unaccented adjacent-syllable pairs.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analysis;

/// Bump when the schema or the analyzer changes what is indexed: an index
/// of another version is rebuilt, never misread.
pub const SCHEMA_VERSION: u32 = 3;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable passage id (a 64-bit hash, shown in hex), stored and fast:
    /// `show` finds a passage by scanning the column, so the id costs no
    /// term dictionary.
    pub id: Field,
    /// Display path of the document (the file's, or `FILE#ID` for a
    /// document of a JSON-lines collection), stored, indexed as one term,
    /// fast (documents of hits without reading stored text).
    pub path: Field,
    /// Display path of the file the passage came from, indexed as one term
    /// and fast: the unit of incremental updates.
    pub file: Field,
    /// 1-based line where the passage starts.
    pub line: Field,
    /// Byte range of the passage in the file's text.
    pub start: Field,
    pub end: Field,
    /// Passage number within its file, from 0.
    pub ordinal: Field,
    /// The file's title (first line), stored.
    pub title: Field,
    /// The passage text as in the file, stored only.
    pub text: Field,
    pub exact: Field,
    pub folded: Field,
    pub bigram: Field,
    /// The file's size, modification time and content hash, to update the
    /// index without reading unchanged files.
    pub file_size: Field,
    pub file_mtime: Field,
    pub file_hash: Field,
}

fn indexed_text(tokenizer: &str, record: IndexRecordOption) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(record),
    )
}

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", STORED | FAST),
        path: b.add_text_field("path", STRING | STORED | FAST),
        file: b.add_text_field("file", STRING | FAST),
        line: b.add_u64_field("line", STORED),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        ordinal: b.add_u64_field("ordinal", STORED | INDEXED | FAST),
        title: b.add_text_field("title", STORED),
        text: b.add_text_field("text", STORED),
        exact: b.add_text_field(
            "exact",
            indexed_text(analysis::EXACT, IndexRecordOption::WithFreqs),
        ),
        folded: b.add_text_field(
            "folded",
            indexed_text(analysis::FOLDED, IndexRecordOption::WithFreqs),
        ),
        bigram: b.add_text_field(
            "bigram",
            indexed_text(analysis::BIGRAM, IndexRecordOption::WithFreqs),
        ),
        file_size: b.add_u64_field("file_size", FAST),
        file_mtime: b.add_u64_field("file_mtime", FAST),
        file_hash: b.add_u64_field("file_hash", FAST),
    };
    (b.build(), fields)
}

impl Fields {
    /// Field handles of an opened index's schema.
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f("id")?,
            path: f("path")?,
            file: f("file")?,
            line: f("line")?,
            start: f("start")?,
            end: f("end")?,
            ordinal: f("ordinal")?,
            title: f("title")?,
            text: f("text")?,
            exact: f("exact")?,
            folded: f("folded")?,
            bigram: f("bigram")?,
            file_size: f("file_size")?,
            file_mtime: f("file_mtime")?,
            file_hash: f("file_hash")?,
        })
    }
}
