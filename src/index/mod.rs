//! The index on disk: where it lives, how it is opened, and what a stored
//! passage looks like.
//!
//! An index folder (default `index/`, or `$BANTIN_INDEX`) holds one tantivy
//! index per schema version, in `v1/`, `v2/`, …: an index built by another
//! version of bantin is never misread, and is replaced by the next
//! `bantin index`. Beside tantivy's files, a version folder holds the
//! dictionary of the stored passages ([`store::DICT_FILE`]).

mod build;
mod schema;
pub mod store;

pub use build::{index_folders, Event, IndexConfig, Summary};
pub use schema::{build_schema, Fields, PassageMeta, SCHEMA_VERSION};

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{TantivyDocument, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher};

use store::{PassageDecoder, PassageDict, Stored};

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
    /// The dictionary of the stored passages.
    pub dict: PassageDict,
    /// The title and id columns of the last searcher's segments.
    columns: std::sync::Mutex<Option<Arc<HitColumns>>>,
}

/// Per segment of one searcher generation, each once opened: the title
/// column and the id column.
struct HitColumns {
    generation: u64,
    titles: Vec<OnceLock<Option<StrColumn>>>,
    ids: Vec<OnceLock<Option<Column<u64>>>>,
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
        let dict = store::read_dict(&dir)?;
        let dict = PassageDict::new(dict.as_deref()).map_err(|e| Error::BadIndex {
            path: root.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(OpenIndex {
            index,
            reader,
            fields,
            root: root.to_path_buf(),
            dict,
            columns: std::sync::Mutex::new(None),
        })
    }

    /// A searcher over the last commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// A reader of the passages `searcher` sees.
    pub fn passages<'a>(&'a self, searcher: &'a Searcher) -> Result<PassageReader<'a>> {
        Ok(PassageReader {
            searcher,
            fields: self.fields,
            dict: &self.dict,
            decoder: None,
            columns: self.hit_columns(searcher),
        })
    }

    /// The title and id columns of `searcher`'s segments, kept from one
    /// search to the next (opening them took a tenth of a keyword query).
    fn hit_columns(&self, searcher: &Searcher) -> Arc<HitColumns> {
        let generation = searcher.generation().generation_id();
        let segments = searcher.segment_readers().len();
        let fresh = || {
            Arc::new(HitColumns {
                generation,
                titles: (0..segments).map(|_| OnceLock::new()).collect(),
                ids: (0..segments).map(|_| OnceLock::new()).collect(),
            })
        };
        let Ok(mut cached) = self.columns.lock() else {
            return fresh();
        };
        match &*cached {
            Some(columns) if columns.generation == generation => columns.clone(),
            _ => cached.insert(fresh()).clone(),
        }
    }
}

/// Reads the stored passages of one searcher: position, path and text
/// from the document store, the title and the id from their fast columns
/// (opened once per segment).
pub struct PassageReader<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    dict: &'a PassageDict,
    /// Made at the first passage read (title lookups need none).
    decoder: Option<PassageDecoder<'a>>,
    columns: Arc<HitColumns>,
}

impl PassageReader<'_> {
    /// The position, path and text of the passage at `address` (a file's
    /// placeholder document has none: empty).
    pub fn stored(&mut self, address: DocAddress) -> Result<Stored> {
        let doc: TantivyDocument = self
            .searcher
            .doc(address)
            .map_err(|e| Error::tantivy("cannot read a stored passage", e))?;
        match doc
            .get_first(self.fields.passage)
            .and_then(|v| v.as_bytes())
        {
            Some(stored) => {
                let decoder = match &mut self.decoder {
                    Some(decoder) => decoder,
                    None => self.decoder.insert(self.dict.decoder()?),
                };
                decoder.decode(stored)
            }
            None => Ok(Stored::default()),
        }
    }

    /// The passage at `address`.
    pub fn passage(&mut self, address: DocAddress) -> Result<StoredPassage> {
        let Stored { meta, path, text } = self.stored(address)?;
        let mut title = String::new();
        self.title(address, &mut title)?;
        // The id was computed when the passage was indexed.
        let id = self
            .id(address)
            .unwrap_or_else(|| passage_id(&path, meta.start as usize, &text));
        Ok(StoredPassage {
            id: format_id(id),
            path,
            line: meta.line,
            start: meta.start,
            end: meta.end,
            ordinal: meta.ordinal,
            title,
            text,
        })
    }

    /// The title of the file of the passage at `address`, into `out`
    /// (cleared first).
    pub fn title(&mut self, address: DocAddress, out: &mut String) -> Result<()> {
        out.clear();
        let err = |e| Error::tantivy("cannot read passage titles", e);
        let Some(slot) = self.columns.titles.get(address.segment_ord as usize) else {
            return Ok(());
        };
        let column = match slot.get() {
            Some(column) => column,
            None => {
                let reader = self.searcher.segment_reader(address.segment_ord);
                let opened = reader.fast_fields().str("title").map_err(err)?;
                slot.get_or_init(|| opened)
            }
        };
        if let Some(column) = column {
            if let Some(ord) = column.ords().first(address.doc_id) {
                column.ord_to_str(ord, out).map_err(|e| err(e.into()))?;
            }
        }
        Ok(())
    }
}

impl PassageReader<'_> {
    /// The id of the passage at `address`, from its fast column (`None`
    /// when the column cannot be read: the caller computes it).
    fn id(&self, address: DocAddress) -> Option<u64> {
        let slot = self.columns.ids.get(address.segment_ord as usize)?;
        let column = slot.get_or_init(|| {
            let reader = self.searcher.segment_reader(address.segment_ord);
            reader.fast_fields().u64("id").ok()
        });
        column.as_ref()?.first(address.doc_id)
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
