//! The tantivy schema: one document per passage.
//!
//! The passage text is stored once (compressed on its own, see
//! [`super::store`]) and indexed three ways, so that ranking
//! can tell an exact match from a folded one and a compound from its
//! syllables apart (all three with term frequencies, none with positions:
//! a phrase is found through its bigrams):
//! - `exact`: syllables that carry a mark, accented, canonical tone
//!   placement (an unmarked syllable's exact form is its folded form);
//! - `folded`: every syllable, unaccented;
//! - `bigram`: unaccented adjacent-syllable pairs.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
};

use crate::analysis;

/// Bump when the schema or the analyzer changes what is indexed: an index
/// of another version is rebuilt, never misread.
pub const SCHEMA_VERSION: u32 = 7;

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Stable passage id (a 64-bit hash of path, start and text, shown in
    /// hex), fast only: `show` finds a passage by scanning the column, and
    /// a stored passage's id is computed again from what is stored.
    pub id: Field,
    /// Display path of the document (the file's, or `FILE#ID` for a
    /// document of a JSON-lines collection), indexed as one term (`show`
    /// finds a passage's neighbours by it); stored in the passage.
    pub path: Field,
    /// Display path of the file the passage came from, indexed as one term
    /// and fast: the unit of incremental updates.
    pub file: Field,
    /// Passage number within its file, from 0, indexed and fast (`show`
    /// looks up a passage's neighbours by it).
    pub ordinal: Field,
    /// The file's title (first line), a fast column only (one dictionary
    /// entry per distinct title, where storing it with every passage
    /// repeated it).
    pub title: Field,
    /// The stored passage: where it is in its file (its 1-based line, byte
    /// range in the file's text and number within its file, as
    /// [`PassageMeta`]) and its text as in the file, one zstd frame
    /// ([`super::store`]).
    pub passage: Field,
    pub exact: Field,
    pub folded: Field,
    pub bigram: Field,
    /// The file's size, modification time and content hash, to update the
    /// index without reading unchanged files; on the file's first document
    /// only.
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

/// A string indexed as one term, without field norms (nothing scores by
/// the length of a path; norms took a byte per passage and field).
fn one_term() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_fieldnorms(false)
            .set_index_option(IndexRecordOption::Basic),
    )
}

/// Builds the schema and its field handles.
pub fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_u64_field("id", FAST),
        path: b.add_text_field("path", one_term()),
        file: b.add_text_field("file", one_term() | FAST),
        ordinal: b.add_u64_field(
            "ordinal",
            NumericOptions::default().set_indexed().set_fast(),
        ),
        title: b.add_text_field("title", FAST),
        passage: b.add_bytes_field("passage", STORED),
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
            ordinal: f("ordinal")?,
            title: f("title")?,
            passage: f("passage")?,
            exact: f("exact")?,
            folded: f("folded")?,
            bigram: f("bigram")?,
            file_size: f("file_size")?,
            file_mtime: f("file_mtime")?,
            file_hash: f("file_hash")?,
        })
    }
}

/// The position of a passage in its file, as stored in [`Fields::passage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PassageMeta {
    pub line: u64,
    pub start: u64,
    pub end: u64,
    pub ordinal: u64,
}

impl PassageMeta {
    /// Four LEB128 numbers: line, start, length, ordinal.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(12);
        self.encode_into(&mut out);
        out
    }

    /// [`PassageMeta::encode`], appended to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        for v in [
            self.line,
            self.start,
            self.end.saturating_sub(self.start),
            self.ordinal,
        ] {
            write_leb128(v, out);
        }
    }

    /// The inverse of [`PassageMeta::encode`]; missing numbers are 0.
    pub fn decode(bytes: &[u8]) -> PassageMeta {
        Self::decode_prefix(bytes).0
    }

    /// The meta at the start of `bytes` and how many bytes it took.
    pub fn decode_prefix(bytes: &[u8]) -> (PassageMeta, usize) {
        let mut values = [0u64; 4];
        let mut used = 0;
        for slot in &mut values {
            let (value, len) = read_leb128(&bytes[used..]);
            *slot = value;
            used += len;
        }
        let [line, start, len, ordinal] = values;
        let meta = PassageMeta {
            line,
            start,
            end: start.saturating_add(len),
            ordinal,
        };
        (meta, used)
    }
}

/// Appends `v` to `out` as LEB128 (seven bits a byte, low first).
pub(crate) fn write_leb128(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// The LEB128 number at the start of `bytes` and how many bytes it took
/// (bits past 64 are dropped; no bytes: 0, a number cut short: what it
/// has).
pub(crate) fn read_leb128(bytes: &[u8]) -> (u64, usize) {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        if i < 10 {
            value |= u64::from(b & 0x7f) << (7 * i);
        }
        if b & 0x80 == 0 {
            return (value, i + 1);
        }
    }
    (value, bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_round_trips() {
        for meta in [
            PassageMeta::default(),
            PassageMeta {
                line: 1,
                start: 0,
                end: 430,
                ordinal: 0,
            },
            PassageMeta {
                line: 127,
                start: 128,
                end: 16_511,
                ordinal: 300,
            },
            PassageMeta {
                line: u64::MAX,
                start: u64::MAX - 1,
                end: u64::MAX,
                ordinal: u64::MAX,
            },
        ] {
            assert_eq!(PassageMeta::decode(&meta.encode()), meta);
        }
        assert_eq!(
            PassageMeta {
                line: 1,
                start: 0,
                end: 430,
                ordinal: 0
            }
            .encode()
            .len(),
            5
        );
    }
}
