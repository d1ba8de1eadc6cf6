//! A segment's document store read in place, for processes that run many
//! searches.
//!
//! bantin's document store is not compressed by tantivy (each stored
//! passage is a zstd frame of its own, see [`super::store`]), so its file
//! is tantivy's blocks as they are: the documents of a block, then the
//! block's table of their offsets; after the blocks, a skip index of
//! checkpoints (the documents and bytes of each block, in layers); last, a
//! 28-byte footer. `StoreReader` finds a document's block by decoding a
//! block of checkpoints per layer into a vector, then copies the whole
//! 4 KiB block out of the file, for every document read (a tenth of a
//! keyword search's instructions). [`RawStore`] decodes the checkpoints of
//! the last layer (every block) once into a table, finds a block by binary
//! search and slices the document out of the mapped file.
//!
//! Anything it does not recognise (another store version, compressed
//! blocks, checkpoints that do not add up) makes [`RawStore::open`] give
//! `None`, and the caller reads through tantivy's `StoreReader` instead.

use std::ops::Range;
use std::path::PathBuf;

use tantivy::directory::OwnedBytes;
use tantivy::{Directory, DocId, Searcher, SegmentReader};

/// Bytes of tantivy's store footer: version (u32), offset of the skip
/// index (u64), compressor id (u8), 15 bytes of padding.
const FOOTER_BYTES: usize = 28;

/// The document store versions whose layout this reads.
const VERSIONS: [u32; 2] = [1, 2];

/// tantivy's id of "no compression".
const UNCOMPRESSED: u8 = 0;

/// One block of the store: its documents and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    docs: Range<DocId>,
    bytes: Range<usize>,
}

/// A segment's uncompressed document store, mapped, with its blocks'
/// checkpoints in a table.
pub struct RawStore {
    data: OwnedBytes,
    /// In document order, contiguous from document 0.
    blocks: Vec<Block>,
}

impl RawStore {
    /// The store of `segment` of `searcher`, if it is one this can read.
    pub fn open(searcher: &Searcher, segment: &SegmentReader) -> Option<RawStore> {
        let name = PathBuf::from(format!("{}.store", segment.segment_id().uuid_string()));
        let file = searcher.index().directory().open_read(&name).ok()?;
        RawStore::parse(file.read_bytes().ok()?)
    }

    /// Reads a store file's footer and checkpoints.
    fn parse(file: OwnedBytes) -> Option<RawStore> {
        let bytes = file.as_slice();
        let footer_at = bytes.len().checked_sub(FOOTER_BYTES)?;
        let footer = &bytes[footer_at..];
        let version = u32::from_le_bytes(footer[0..4].try_into().ok()?);
        let offset = usize::try_from(u64::from_le_bytes(footer[4..12].try_into().ok()?)).ok()?;
        if !VERSIONS.contains(&version) || footer[12] != UNCOMPRESSED || offset > footer_at {
            return None;
        }
        let blocks = checkpoints(&bytes[offset..footer_at], offset)?;
        Some(RawStore {
            data: file.slice(0..offset),
            blocks,
        })
    }

    /// The stored bytes of document `doc` (`None` if it is not in the
    /// store, or the block's table is not as written).
    pub fn doc_bytes(&self, doc: DocId) -> Option<&[u8]> {
        let at = self.blocks.partition_point(|b| b.docs.end <= doc);
        let block = self.blocks.get(at)?;
        let pos = usize::try_from(doc.checked_sub(block.docs.start)?).ok()?;
        let data = self.data.as_slice().get(block.bytes.clone())?;
        let u32_at = |i: usize| -> Option<usize> {
            let b = data.get(i..i.checked_add(4)?)?;
            usize::try_from(u32::from_le_bytes(b.try_into().ok()?)).ok()
        };
        let count = u32_at(data.len().checked_sub(4)?)?;
        let table = data
            .len()
            .checked_sub(count.checked_add(1)?.checked_mul(4)?)?;
        if pos >= count {
            return None;
        }
        let start = u32_at(table + pos * 4)?;
        let end = if pos + 1 < count {
            u32_at(table + (pos + 1) * 4)?
        } else {
            table
        };
        data.get(start..end)
    }
}

/// A VInt ([`super::read_vint`]) off the front of `data`.
fn vint(data: &mut &[u8]) -> Option<u64> {
    let (value, rest) = super::read_vint(data)?;
    *data = rest;
    Some(value)
}

/// The blocks of a skip index (the bytes from the footer's offset, which
/// is `data_len`, the size of the blocks before it): the checkpoints of its
/// last layer, which name every block. `None` unless they cover the
/// documents from 0 without a gap and the bytes of `0..data_len` in order.
fn checkpoints(index: &[u8], data_len: usize) -> Option<Vec<Block>> {
    let mut rest = index;
    let layers = usize::try_from(vint(&mut rest)?).ok()?;
    let mut ends = Vec::with_capacity(layers.min(64));
    for _ in 0..layers {
        ends.push(usize::try_from(vint(&mut rest)?).ok()?);
    }
    let (&last_end, before) = ends.split_last()?;
    let last_start = before.last().copied().unwrap_or(0);
    let mut layer = rest.get(last_start..last_end)?;
    let mut blocks: Vec<Block> = Vec::new();
    let (mut next_doc, mut next_byte) = (0 as DocId, 0usize);
    while !layer.is_empty() {
        let len = vint(&mut layer)?;
        if len == 0 {
            continue;
        }
        let mut doc = DocId::try_from(vint(&mut layer)?).ok()?;
        let mut byte = usize::try_from(vint(&mut layer)?).ok()?;
        for _ in 0..len {
            let docs = DocId::try_from(vint(&mut layer)?).ok()?;
            let bytes = usize::try_from(vint(&mut layer)?).ok()?;
            if doc != next_doc || byte != next_byte {
                return None;
            }
            let block = Block {
                docs: doc..doc.checked_add(docs)?,
                bytes: byte..byte.checked_add(bytes)?,
            };
            doc = block.docs.end;
            byte = block.bytes.end;
            (next_doc, next_byte) = (doc, byte);
            blocks.push(block);
        }
    }
    (next_byte == data_len).then_some(blocks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Schema, STORED};
    use tantivy::store::Compressor;
    use tantivy::{Index, IndexSettings};

    /// An index of `n` documents of one stored bytes field, in blocks of
    /// `block` bytes, uncompressed, in `segments` commits.
    fn index(n: u32, block: usize, segments: u32) -> Index {
        let mut schema = Schema::builder();
        let field = schema.add_bytes_field("b", STORED);
        let settings = IndexSettings {
            docstore_compression: Compressor::None,
            docstore_blocksize: block,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema.build())
            .settings(settings)
            .create_in_ram()
            .unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..n {
            let len = (i as usize * 37) % 300;
            let bytes: Vec<u8> = (0..len).map(|j| (i as usize + j) as u8).collect();
            writer.add_document(tantivy::doc!(field => bytes)).unwrap();
            if segments > 1 && i % (n / segments).max(1) == 0 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        index
    }

    /// Every document of every segment reads as tantivy's `StoreReader`
    /// reads it, bit for bit; past the last, nothing.
    #[test]
    fn raw_store_reads_what_tantivy_reads() {
        for (n, block, segments) in [
            (0, 4096, 1),
            (1, 4096, 1),
            (3000, 4096, 3),
            (500, 16, 1),
            (2000, 65536, 2),
        ] {
            let index = index(n, block, segments);
            let searcher = index.reader().unwrap().searcher();
            for segment in searcher.segment_readers() {
                let raw = RawStore::open(&searcher, segment).expect("an uncompressed store");
                let store = segment.get_store_reader(0).unwrap();
                for doc in 0..segment.max_doc() {
                    let want = store.get_document_bytes(doc).unwrap();
                    assert_eq!(raw.doc_bytes(doc), Some(want.as_slice()), "doc {doc}");
                }
                assert_eq!(raw.doc_bytes(segment.max_doc()), None);
                assert_eq!(raw.doc_bytes(DocId::MAX), None);
            }
        }
    }

    #[test]
    fn a_compressed_store_is_left_to_tantivy() {
        let mut schema = Schema::builder();
        let field = schema.add_bytes_field("b", STORED);
        let index = Index::builder()
            .schema(schema.build())
            .settings(IndexSettings {
                docstore_compression: Compressor::Lz4,
                ..IndexSettings::default()
            })
            .create_in_ram()
            .unwrap();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer
            .add_document(tantivy::doc!(field => vec![1u8, 2, 3]))
            .unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(RawStore::open(&searcher, &searcher.segment_readers()[0]).is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Any bytes as a store file: a store or none, and any document
        /// read gives bytes or none, without a panic.
        #[test]
        fn any_file_is_read_without_panicking(
            file in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            docs in proptest::collection::vec(proptest::prelude::any::<u32>(), 0..8),
        ) {
            if let Some(raw) = RawStore::parse(OwnedBytes::new(file)) {
                for doc in docs {
                    let _ = raw.doc_bytes(doc);
                }
            }
        }
    }

    #[test]
    fn vints_are_tantivys() {
        let table: [(&[u8], Option<u64>); 5] = [
            (&[0x80], Some(0)),
            (&[0x85], Some(5)),
            (&[0x01, 0x81], Some(129)),
            (&[0x01], None),
            (&[], None),
        ];
        for (bytes, want) in table {
            assert_eq!(vint(&mut &bytes[..]), want, "{bytes:?}");
        }
    }
}
