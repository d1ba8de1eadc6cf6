//! The index on disk: where it lives, how it is opened, and what a stored
//! passage looks like.
//!
//! An index folder (default `index/`, or `$BANTIN_INDEX`) holds one tantivy
//! index per schema version, in `v1/`, `v2/`, …: an index built by another
//! version of bantin is never misread, and is replaced by the next
//! `bantin index`.

mod build;
mod schema;

pub use build::{index_folders, Event, IndexConfig, Summary};
pub use schema::{build_schema, Fields, PassageMeta, SCHEMA_VERSION};

use std::path::{Path, PathBuf};

use tantivy::schema::{TantivyDocument, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::{analysis, Error, Result};

/// The tantivy folder of the current schema version inside `root`.
pub fn versioned_dir(root: &Path) -> PathBuf {
    root.join(format!("v{SCHEMA_VERSION}"))
}

/// An index opened for reading.
pub struct OpenIndex {
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    pub root: PathBuf,
}

impl OpenIndex {
    /// Opens the index in `root` for searching.
    pub fn open(root: &Path) -> Result<OpenIndex> {
        let dir = versioned_dir(root);
        if !dir.join("meta.json").is_file() {
            if has_other_version(root) {
                return Err(Error::BadIndex {
                    path: root.to_path_buf(),
                    reason: "it was built by another version of bantin".into(),
                });
            }
            return Err(Error::NoIndex {
                path: root.to_path_buf(),
            });
        }
        let bad = |e: tantivy::TantivyError| Error::BadIndex {
            path: root.to_path_buf(),
            reason: e.to_string(),
        };
        let index = Index::open_in_dir(&dir).map_err(bad)?;
        analysis::register(index.tokenizers());
        let fields = Fields::from_schema(&index.schema()).map_err(bad)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(bad)?;
        Ok(OpenIndex {
            index,
            reader,
            fields,
            root: root.to_path_buf(),
        })
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }
}

/// True when `root` holds an index folder of another schema version.
fn has_other_version(root: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(root) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.starts_with('v')
            && name[1..].parse::<u32>().is_ok_and(|v| v != SCHEMA_VERSION)
            && e.path().join("meta.json").is_file()
    })
}

/// A passage as stored in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPassage {
    pub id: String,
    pub path: String,
    pub line: u64,
    pub start: u64,
    pub end: u64,
    pub ordinal: u64,
    pub title: String,
    pub text: String,
}

impl StoredPassage {
    /// Reads a passage out of a stored document.
    pub fn from_doc(doc: &TantivyDocument, f: &Fields) -> StoredPassage {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let meta = doc
            .get_first(f.meta)
            .and_then(|v| v.as_bytes())
            .map(PassageMeta::decode)
            .unwrap_or_default();
        let path = text(f.path);
        let body = text(f.text);
        StoredPassage {
            id: format_id(passage_id(&path, meta.start as usize, &body)),
            path,
            line: meta.line,
            start: meta.start,
            end: meta.end,
            ordinal: meta.ordinal,
            title: text(f.title),
            text: body,
        }
    }
}

/// The stable id of a passage: a hash of where it is and what it says, so
/// re-indexing an unchanged file gives the same ids.
pub fn passage_id(path: &str, start: usize, text: &str) -> u64 {
    let mut hasher = blake3::Hasher::new();
    hasher.update(path.as_bytes());
    hasher.update(&[0]);
    hasher.update(&(start as u64).to_le_bytes());
    hasher.update(text.as_bytes());
    let hash = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_be_bytes(first)
}

/// A passage id as users see it: 16 hex digits.
pub fn format_id(id: u64) -> String {
    format!("{id:016x}")
}

/// The id in a user's hex spelling, if it is one.
pub fn parse_id(id: &str) -> Option<u64> {
    if id.is_empty() || id.len() > 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u64::from_str_radix(id, 16).ok()
}
