//! Stored passages: each passage's position and text, compressed on its
//! own with zstd and a dictionary trained on the index's first passages.
//!
//! tantivy compresses its document store in blocks: reading one passage
//! decompresses its whole 16 KiB block, about 30 µs, and a search reads
//! ten (a third of a keyword query's time). Compressed one by one, a
//! passage of 430 bytes says little that zstd can reuse, unless a
//! dictionary holds what passages have in common (syllables, frequent
//! phrases, the number formats): with a 64 KiB dictionary trained on 2 MiB
//! of the news benchmark's passages, level 3 stores the 123 MB of text in
//! 49 MiB (16 KiB blocks at level 7: 43 MiB, but with the titles and paths
//! that now come from fast columns, 52.5 MiB) and one passage decompresses
//! in about 1.5 µs.
//!
//! The dictionary is trained once, when an index gets its first passages,
//! and written to [`DICT_FILE`] in the index folder before the first
//! commit; every later run and every reader uses the same one. An empty
//! file means that the first run had too little text to train on:
//! passages are then compressed without a dictionary.
//!
//! A stored passage is one zstd frame of the four LEB128 numbers of
//! [`PassageMeta`], the path's length (LEB128) and bytes, and the text,
//! its marked lowercase letters one byte each (`index/pack.rs`: 7 % less
//! store on the news benchmark).
//! The path is stored with each passage although a fast column has it:
//! finding a string by its ordinal in tantivy's column dictionary scans up
//! to a 4,000-byte block of short, prefix-shared paths, about 38,000
//! instructions, a tenth of a keyword query's; compressed with the
//! dictionary, a path costs a few bytes.

use std::path::Path;

use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::DecoderDictionary;

use super::schema::{read_leb128, write_leb128};
use super::PassageMeta;
use crate::{Error, Result};

/// The dictionary's file name in the versioned index folder.
pub const DICT_FILE: &str = "passages.zdict";

/// Passage text gathered before training (the first files' passages).
pub const TRAIN_BYTES: usize = 2 << 20;

/// Largest dictionary trained. Measured on the news benchmark (2 MiB of
/// samples, level 3): 64 KiB 49.4 MiB of store, 110 KiB 49.1 MiB.
const DICT_BYTES: usize = 64 << 10;

/// zstd level. With a dictionary trained for level 3, levels 5 and 9
/// compressed worse or barely better at two to five times the time.
const LEVEL: i32 = 3;

/// Largest passage a stored frame may claim to hold: a corrupt header
/// must not make a reader allocate without bound.
const MAX_PASSAGE: u64 = 1 << 30;

/// Trains a dictionary on `samples` (stored passages before compression,
/// [`frame_into`]); empty when they are too few for zstd to train on.
pub fn train<S: AsRef<[u8]>>(samples: &[S]) -> Vec<u8> {
    let total: usize = samples.iter().map(|s| s.as_ref().len()).sum();
    let size = (total / 8).min(DICT_BYTES);
    if samples.len() < 8 || size < 1024 {
        return Vec::new();
    }
    zstd::dict::from_samples(samples, size).unwrap_or_default()
}

/// Reads the dictionary of the index in `dir`; `None` when it has none.
pub fn read_dict(dir: &Path) -> Result<Option<Vec<u8>>> {
    let path = dir.join(DICT_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Writes the dictionary of the index in `dir`, atomically and durably,
/// before any commit refers to passages compressed with it.
pub fn write_dict(dir: &Path, dict: &[u8]) -> Result<()> {
    let path = dir.join(DICT_FILE);
    let tmp = dir.join(format!("{DICT_FILE}.tmp"));
    let write = || -> std::io::Result<()> {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(dict)?;
        file.sync_all()?;
        std::fs::rename(&tmp, &path)?;
        // The rename itself is durable once the folder is synced.
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    };
    write().map_err(|e| Error::io(&path, e))
}

/// Compresses passages for storing.
pub struct PassageEncoder {
    compressor: Compressor<'static>,
    buffer: Vec<u8>,
}

impl PassageEncoder {
    /// An encoder with `dict` (empty: none).
    pub fn new(dict: &[u8]) -> Result<PassageEncoder> {
        // An empty dictionary is none.
        let mut compressor = Compressor::with_dictionary(LEVEL, dict).map_err(store_error)?;
        // The reader knows its dictionary: 4 bytes a passage saved.
        compressor
            .set_parameter(zstd::zstd_safe::CParameter::DictIdFlag(false))
            .map_err(store_error)?;
        Ok(PassageEncoder {
            compressor,
            buffer: Vec::new(),
        })
    }

    /// One stored passage, compressed.
    pub fn encode(&mut self, meta: &PassageMeta, path: &str, text: &str) -> Result<Vec<u8>> {
        self.buffer.clear();
        frame_into(meta, path, text, &mut self.buffer);
        self.compressor.compress(&self.buffer).map_err(store_error)
    }
}

/// The bytes of a stored passage before compression, appended to `out`.
pub fn frame_into(meta: &PassageMeta, path: &str, text: &str, out: &mut Vec<u8>) {
    meta.encode_into(out);
    write_leb128(path.len() as u64, out);
    out.extend_from_slice(path.as_bytes());
    super::pack::pack_into(text, out);
}

/// A stored passage, read back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stored {
    pub meta: PassageMeta,
    pub path: String,
    pub text: String,
}

/// An index's dictionary, prepared once for every reader of the index.
pub enum PassageDict {
    /// Trained: passages are compressed with it.
    Trained(DecoderDictionary<'static>),
    /// An empty dictionary file: passages are compressed without one.
    None,
    /// No dictionary file: an index without passages, or one that lost it
    /// (its passages cannot be read).
    Missing,
}

impl PassageDict {
    /// Prepares `dict`, the contents of the dictionary file if there is one.
    pub fn new(dict: Option<&[u8]>) -> Result<PassageDict> {
        Ok(match dict {
            None => PassageDict::Missing,
            Some([]) => PassageDict::None,
            Some(dict) => {
                PassageDict::Trained(DecoderDictionary::try_copy(dict).map_err(store_error)?)
            }
        })
    }

    /// A decoder for one thread's reads.
    pub fn decoder(&self) -> Result<PassageDecoder<'_>> {
        let decompressor = match self {
            PassageDict::Trained(dict) => Some(Decompressor::with_prepared_dictionary(dict)),
            PassageDict::None => Some(Decompressor::new()),
            PassageDict::Missing => None,
        };
        Ok(PassageDecoder {
            decompressor: decompressor.transpose().map_err(store_error)?,
        })
    }
}

impl std::fmt::Debug for PassageDict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PassageDict::Trained(_) => "PassageDict::Trained",
            PassageDict::None => "PassageDict::None",
            PassageDict::Missing => "PassageDict::Missing",
        })
    }
}

/// Decompresses stored passages.
pub struct PassageDecoder<'d> {
    /// None when the index's dictionary is missing.
    decompressor: Option<Decompressor<'d>>,
}

impl PassageDecoder<'_> {
    /// A stored passage: its position, path and text.
    pub fn decode(&mut self, stored: &[u8]) -> Result<Stored> {
        let bad = |what: &str| Error::Store(format!("a stored passage {what}"));
        let size = zstd::zstd_safe::get_frame_content_size(stored)
            .ok()
            .flatten()
            .filter(|&size| size <= MAX_PASSAGE)
            .ok_or_else(|| bad("has no valid zstd header"))?;
        let Some(decompressor) = &mut self.decompressor else {
            return Err(Error::Store(format!(
                "the dictionary {DICT_FILE} is missing"
            )));
        };
        let bytes = decompressor
            .decompress(stored, size as usize)
            .map_err(store_error)?;
        let (meta, used) = PassageMeta::decode_prefix(&bytes);
        let (len, more) = read_leb128(&bytes[used..]);
        let path_at = used + more;
        let text_at = usize::try_from(len)
            .ok()
            .and_then(|len| path_at.checked_add(len))
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| bad("is cut short"))?;
        let path =
            utf8(&bytes[path_at..text_at]).ok_or_else(|| bad("has a path that is not UTF-8"))?;
        let text = super::pack::unpack(&bytes[text_at..])
            .ok_or_else(|| bad("holds text that is not packed UTF-8"))?;
        Ok(Stored { meta, path, text })
    }
}

/// `bytes` as a string when they are UTF-8, checked by encoding_rs (with
/// SIMD: the standard library's check took a third of a passage's
/// decoding).
pub(super) fn utf8(bytes: &[u8]) -> Option<String> {
    encoding_rs::UTF_8
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

fn store_error(e: std::io::Error) -> Error {
    Error::Store(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(line: u64) -> PassageMeta {
        PassageMeta {
            line,
            start: line * 100,
            end: line * 100 + 42,
            ordinal: line,
        }
    }

    /// Passages of a few thousand distinct sentences, enough to train on.
    fn samples() -> Vec<String> {
        (0..2_000)
            .map(|i| {
                format!(
                    "Tổng sản phẩm trên địa bàn quý {} năm {} ước tăng {},{}% so với cùng kỳ; \
                     kim ngạch xuất khẩu đạt {} triệu USD, chỉ số giá tiêu dùng tăng {}%.",
                    i % 4 + 1,
                    2000 + i % 25,
                    i % 10,
                    i % 97,
                    i * 7 % 1000,
                    i % 13
                )
            })
            .collect()
    }

    #[test]
    fn round_trips_with_and_without_a_dictionary() {
        let texts = samples();
        let refs: Vec<&[u8]> = texts.iter().map(|t| t.as_bytes()).collect();
        let trained = train(&refs);
        assert!(!trained.is_empty(), "2,000 passages are enough to train on");
        for dict in [trained, Vec::new()] {
            let mut encoder = PassageEncoder::new(&dict).unwrap();
            let prepared = PassageDict::new(Some(&dict)).unwrap();
            let mut decoder = prepared.decoder().unwrap();
            for (i, text) in texts
                .iter()
                .enumerate()
                .step_by(97)
                .chain([(7, &String::new())])
            {
                let path = format!("bản tin/{i}.txt");
                let stored = encoder.encode(&meta(i as u64), &path, text).unwrap();
                let want = Stored {
                    meta: meta(i as u64),
                    path,
                    text: text.clone(),
                };
                assert_eq!(decoder.decode(&stored).unwrap(), want);
            }
        }
    }

    #[test]
    fn the_dictionary_makes_passages_smaller() {
        let texts = samples();
        // Trained on what is compressed, as `index_folders` trains.
        let framed: Vec<Vec<u8>> = texts
            .iter()
            .map(|t| {
                let mut frame = Vec::new();
                frame_into(&meta(1), "a.txt", t, &mut frame);
                frame
            })
            .collect();
        let dict = train(&framed[..1000]);
        let size = |dict: &[u8]| {
            let mut encoder = PassageEncoder::new(dict).unwrap();
            texts[1000..]
                .iter()
                .map(|t| encoder.encode(&meta(1), "a.txt", t).unwrap().len())
                .sum::<usize>()
        };
        let (with, without) = (size(&dict), size(&[]));
        assert!(with * 2 < without, "{with} bytes with, {without} without");
    }

    #[test]
    fn too_little_text_trains_no_dictionary() {
        assert!(train::<&[u8]>(&[]).is_empty());
        assert!(train(&[b"m\xe1\xbb\x99t".as_slice(); 3]).is_empty());
    }

    #[test]
    fn corrupt_passages_are_errors_not_panics() {
        let dict = PassageDict::new(Some(&[])).unwrap();
        let mut decoder = dict.decoder().unwrap();
        let mut encoder = PassageEncoder::new(&[]).unwrap();
        let good = encoder.encode(&meta(3), "a.txt", "Tăng trưởng").unwrap();
        let missing = PassageDict::new(None).unwrap();
        assert!(missing.decoder().unwrap().decode(&good).is_err());
        let mut cases: Vec<Vec<u8>> =
            vec![Vec::new(), vec![0; 16], good[..good.len() / 2].to_vec()];
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        // A byte that is no packed letter (the text is a raw block here).
        flipped[last] = 0xff;
        cases.push(flipped);
        for case in cases {
            assert!(decoder.decode(&case).is_err(), "{case:?}");
        }
        // Frames whose path or text is not UTF-8, or whose path is longer
        // than the frame.
        let mut raw = Compressor::new(LEVEL).unwrap();
        for frame in [
            &[0, 0, 0, 0, 0, 0xff, 0xfe][..],
            &[0, 0, 0, 0, 2, 0xff, 0xfe, b'a'],
            &[0, 0, 0, 0, 9, b'a'],
            &[
                0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ],
        ] {
            let bad = raw.compress(frame).unwrap();
            assert!(decoder.decode(&bad).is_err(), "{frame:?}");
        }
        // After the errors, the same decoder still reads a good passage.
        assert_eq!(decoder.decode(&good).unwrap().text, "Tăng trưởng");
    }

    #[test]
    fn the_dictionary_file_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_dict(dir.path()).unwrap(), None);
        write_dict(dir.path(), b"dict").unwrap();
        assert_eq!(read_dict(dir.path()).unwrap(), Some(b"dict".to_vec()));
        write_dict(dir.path(), b"").unwrap();
        assert_eq!(read_dict(dir.path()).unwrap(), Some(Vec::new()));
    }
}
