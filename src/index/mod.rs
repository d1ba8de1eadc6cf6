//! The index on disk: where it lives, how it is opened, and what a stored
//! passage looks like.
//!
//! An index folder (default `index/`, or `$BANTIN_INDEX`) holds one tantivy
//! index per schema version, in `v1/`, `v2/`, …: an index built by another
//! version of bantin is never misread, and is replaced by the next
//! `bantin index`. Beside tantivy's files, a version folder holds the
//! dictionary of the stored passages ([`store::DICT_FILE`]).

mod build;
mod docstore;
mod pack;
mod schema;
pub mod store;

pub use build::{index_folders, Event, IndexConfig, Summary};
pub use schema::{build_schema, Fields, PassageMeta, SCHEMA_VERSION};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use tantivy::columnar::{Column, StrColumn};
use tantivy::store::StoreReader;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher};

use docstore::RawStore;
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
    /// The title and id columns and the document stores of the last
    /// searcher's segments.
    columns: std::sync::Mutex<Option<Arc<HitColumns>>>,
    /// Whether titles are decoded once and kept, and stores read in place
    /// (see [`OpenIndex::prepare_for_many_searches`]).
    many_searches: AtomicBool,
}

/// Per segment of one searcher generation, each once opened: the title
/// column, the id column and the document store.
struct HitColumns {
    generation: u64,
    titles: Vec<OnceLock<Option<StrColumn>>>,
    ids: Vec<OnceLock<Option<Column<u64>>>>,
    /// Each segment's titles, decoded (when kept in memory).
    decoded: Vec<OnceLock<Titles>>,
    /// Each segment's document store, read without its block cache: a
    /// block is stored uncompressed (each passage is its own zstd frame),
    /// so a read copies 4 KiB, where the cache's lookup cost as much.
    stores: Vec<OnceLock<StoreReader>>,
    /// Each segment's store read in place (after
    /// [`OpenIndex::prepare_for_many_searches`]), `None` where it cannot be.
    raw: Vec<OnceLock<Option<RawStore>>>,
}

/// The value of `slot`, made by `open` at the first call that finds it
/// empty; an error is returned, not kept (a later call opens again).
fn once<T>(slot: &OnceLock<T>, open: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(value) = slot.get() {
        return Ok(value);
    }
    let value = open()?;
    Ok(slot.get_or_init(|| value))
}

/// What [`stored_bytes`] reads: `None` for bytes it cannot read, then the
/// first value's field id and bytes, if any.
type StoredValue<'a> = Option<Option<(u32, &'a [u8])>>;

/// tantivy's type code of a bytes value in a stored document.
const BYTES_CODE: u8 = 4;

/// The first value of a stored document in tantivy's binary format, when
/// it is a bytes value: `Some(None)` for a document without stored
/// values, `None` for bytes this cannot read. The format (tantivy
/// 0.27): the number of values (VInt), then each value as its field
/// (u32, little-endian), its type code (a byte) and, for bytes, their
/// length (VInt) and the bytes. Read by hand since tantivy's own reader
/// builds a whole document and copies the bytes one by one (about 5,000
/// instructions a hit more, 2 % of a keyword search).
fn stored_bytes(doc: &[u8]) -> StoredValue<'_> {
    let (values, rest) = read_vint(doc)?;
    if values == 0 {
        return Some(None);
    }
    let (field, rest) = rest.split_first_chunk::<4>()?;
    let (&code, rest) = rest.split_first()?;
    if code != BYTES_CODE {
        return None;
    }
    let (len, rest) = read_vint(rest)?;
    let bytes = rest.get(..usize::try_from(len).ok()?)?;
    Some(Some((u32::from_le_bytes(*field), bytes)))
}

/// tantivy's VInt: seven bits a byte, least significant first, the last
/// byte's high bit set.
fn read_vint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 != 0 {
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

/// A segment's titles, decoded from the column's dictionary in the order
/// of their ordinals: title `i` is `text[ends[i - 1]..ends[i]]`.
struct Titles {
    text: String,
    ends: Vec<usize>,
}

impl Titles {
    /// Every title of `column`, in ordinal order.
    fn decode(column: &StrColumn) -> std::io::Result<Titles> {
        let mut titles = Titles {
            text: String::new(),
            ends: Vec::with_capacity(column.num_terms()),
        };
        let mut stream = column.dictionary().stream()?;
        while stream.advance() {
            debug_assert_eq!(stream.term_ord() as usize, titles.ends.len());
            titles.text.push_str(&String::from_utf8_lossy(stream.key()));
            titles.ends.push(titles.text.len());
        }
        Ok(titles)
    }

    /// Title `ord` (empty if there is none).
    fn get(&self, ord: u64) -> &str {
        let i = ord as usize;
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..end]
    }
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
            many_searches: AtomicBool::new(false),
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
            many_searches: self.many_searches.load(Ordering::Relaxed),
        })
    }

    /// Prepares for a process that runs many searches on this index
    /// (batch queries, evaluations, benchmarks), at the cost of work
    /// and memory up front that a single search does not pay:
    /// - each segment's titles are decoded at their first lookup and kept,
    ///   so that a hit's title is a slice, where a lookup in the column's
    ///   dictionary decodes part of a 4 KB block (a sixth of a keyword
    ///   search's time); decoding every title takes a few milliseconds on a
    ///   million passages;
    /// - each segment's table of store blocks (`index/docstore.rs`) is read
    ///   once, and a passage is then sliced out of the mapped file.
    pub fn prepare_for_many_searches(&self) {
        self.many_searches.store(true, Ordering::Relaxed);
    }

    /// The title and id columns and the document stores of `searcher`'s
    /// segments, kept from one search to the next (opening them took a tenth of a keyword query).
    fn hit_columns(&self, searcher: &Searcher) -> Arc<HitColumns> {
        let generation = searcher.generation().generation_id();
        let segments = searcher.segment_readers().len();
        let fresh = || {
            Arc::new(HitColumns {
                generation,
                titles: (0..segments).map(|_| OnceLock::new()).collect(),
                ids: (0..segments).map(|_| OnceLock::new()).collect(),
                decoded: (0..segments).map(|_| OnceLock::new()).collect(),
                stores: (0..segments).map(|_| OnceLock::new()).collect(),
                raw: (0..segments).map(|_| OnceLock::new()).collect(),
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
    /// See [`OpenIndex::prepare_for_many_searches`].
    many_searches: bool,
}

impl PassageReader<'_> {
    /// The position, path and text of the passage at `address` (a file's
    /// placeholder document has none: empty).
    pub fn stored(&mut self, address: DocAddress) -> Result<Stored> {
        let err = |e| Error::tantivy("cannot read a stored passage", e);
        let ord = address.segment_ord as usize;
        let Some(slot) = self.columns.stores.get(ord) else {
            return Ok(Stored::default());
        };
        let searcher = self.searcher;
        let raw = match self.columns.raw.get(ord) {
            Some(raw) if self.many_searches => raw
                .get_or_init(|| {
                    RawStore::open(searcher, searcher.segment_reader(address.segment_ord))
                })
                .as_ref(),
            _ => None,
        };
        let owned;
        let doc = match raw.and_then(|raw| raw.doc_bytes(address.doc_id)) {
            Some(doc) => doc,
            None => {
                let store = once(slot, || {
                    let reader = searcher.segment_reader(address.segment_ord);
                    reader.get_store_reader(0).map_err(|e| err(e.into()))
                })?;
                owned = store.get_document_bytes(address.doc_id).map_err(err)?;
                owned.as_slice()
            }
        };
        match stored_bytes(doc) {
            Some(Some((field, stored))) if field == self.fields.passage.field_id() => {
                let decoder = match &mut self.decoder {
                    Some(decoder) => decoder,
                    None => self.decoder.insert(self.dict.decoder()?),
                };
                decoder.decode(stored)
            }
            Some(_) => Ok(Stored::default()),
            None => Err(Error::Store(format!(
                "document {} of segment {} is not a stored passage",
                address.doc_id, address.segment_ord
            ))),
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

    /// The title of the file of the passage at `address`, into `out`
    /// (cleared first).
    pub fn title(&mut self, address: DocAddress, out: &mut String) -> Result<()> {
        out.clear();
        let err = |e| Error::tantivy("cannot read passage titles", e);
        let Some(slot) = self.columns.titles.get(address.segment_ord as usize) else {
            return Ok(());
        };
        let column = once(slot, || {
            let reader = self.searcher.segment_reader(address.segment_ord);
            reader.fast_fields().str("title").map_err(err)
        })?;
        let Some(column) = column else {
            return Ok(());
        };
        let Some(ord) = column.ords().first(address.doc_id) else {
            return Ok(());
        };
        if self.many_searches {
            let slot = &self.columns.decoded[address.segment_ord as usize];
            let titles = once(slot, || Titles::decode(column).map_err(|e| err(e.into())))?;
            out.push_str(titles.get(ord));
        } else {
            column.ord_to_str(ord, out).map_err(|e| err(e.into()))?;
        }
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every passage's title and id, as `index` reads them.
    fn titles_and_ids(index: &OpenIndex, searcher: &Searcher) -> Vec<(String, String)> {
        let mut reader = index.passages(searcher).unwrap();
        let mut out = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..segment.max_doc() {
                let p = reader.passage(DocAddress::new(ord as u32, doc)).unwrap();
                if p.text.is_empty() {
                    continue; // a file's placeholder
                }
                assert_eq!(
                    p.id,
                    format_id(passage_id(&p.path, p.start as usize, &p.text))
                );
                out.push((p.title, p.id));
            }
        }
        out
    }

    /// Titles kept in memory are those looked up one at a time, and a
    /// hit's id, read from its column, is the hash of where it is and what
    /// it says.
    #[test]
    fn kept_titles_and_column_ids_are_those_looked_up() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        let filler = " Số liệu được cập nhật hằng tháng.".repeat(8);
        for i in 0..12 {
            let text = format!(
                "Bản tin số {i} về giá lúa\n\nGiá tăng {i}.{filler}\n\nLương tăng.{filler}\n"
            );
            std::fs::write(docs.join(format!("f{i}.txt")), text).unwrap();
        }
        let root = dir.path().join("index");
        index_folders(&IndexConfig::new(root.clone(), vec![docs]), &mut |_| {}).unwrap();
        let index = OpenIndex::open(&root).unwrap();
        let searcher = index.searcher();
        let looked_up = titles_and_ids(&index, &searcher);
        index.prepare_for_many_searches();
        let kept = titles_and_ids(&index, &searcher);
        assert_eq!(looked_up, kept);
        assert!(kept.len() >= 24, "{}", kept.len());
        let distinct: std::collections::HashSet<&str> =
            kept.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(distinct.len(), 12, "{distinct:?}");
    }

    /// A stored document read by hand is the one tantivy reads: the same
    /// passage bytes for every document, none for a file's placeholder.
    #[test]
    fn stored_bytes_are_those_tantivy_reads() {
        use tantivy::schema::{TantivyDocument, Value};
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        for i in 0..5 {
            let body = "Giá lúa tăng mạnh trong tháng. ".repeat(40 * i + 1);
            std::fs::write(
                docs.join(format!("f{i}.txt")),
                format!("Tin {i}\n\n{body}\n"),
            )
            .unwrap();
        }
        std::fs::write(docs.join("empty.txt"), "\n\n").unwrap();
        let root = dir.path().join("index");
        index_folders(&IndexConfig::new(root.clone(), vec![docs]), &mut |_| {}).unwrap();
        let index = OpenIndex::open(&root).unwrap();
        let searcher = index.searcher();
        let (mut passages, mut placeholders) = (0, 0);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let store = segment.get_store_reader(0).unwrap();
            // bantin's store is one the raw reader reads, as tantivy does.
            let raw = RawStore::open(&searcher, segment).expect("an uncompressed store");
            for doc in 0..segment.max_doc() {
                let bytes = store.get_document_bytes(doc).unwrap();
                assert_eq!(raw.doc_bytes(doc), Some(bytes.as_slice()));
                let theirs: TantivyDocument =
                    searcher.doc(DocAddress::new(ord as u32, doc)).unwrap();
                let theirs = theirs
                    .get_first(index.fields.passage)
                    .and_then(|v| v.as_bytes())
                    .map(|b| (index.fields.passage.field_id(), b.to_vec()));
                let ours = stored_bytes(&bytes)
                    .expect("readable")
                    .map(|(f, b)| (f, b.to_vec()));
                assert_eq!(ours, theirs, "doc {doc} of segment {ord}");
                if ours.is_some() {
                    passages += 1;
                } else {
                    placeholders += 1;
                }
            }
        }
        assert!(
            passages >= 5 && placeholders >= 1,
            "{passages} {placeholders}"
        );
    }

    /// Bytes that are not a stored passage are refused, never a panic or
    /// a read past the end.
    #[test]
    fn stored_bytes_refuses_what_it_cannot_read() {
        let cases: &[(&[u8], StoredValue)] = &[
            (&[0x80], Some(None)),
            (
                &[0x81, 7, 0, 0, 0, BYTES_CODE, 0x82, b'h', b'i'],
                Some(Some((7, b"hi"))),
            ),
            (&[0x81, 7, 0, 0, 0, BYTES_CODE, 0x85, b'h', b'i'], None),
            (&[0x81, 7, 0, 0, 0, 0, 0x82, b'h', b'i'], None),
            (&[0x81, 7, 0], None),
            (&[0x01, 0x01], None),
            (&[], None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(stored_bytes(bytes), *expected, "{bytes:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn stored_bytes_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            if let Some(Some((_, b))) = stored_bytes(&bytes) {
                proptest::prop_assert!(b.len() < bytes.len());
            }
        }
    }
}
