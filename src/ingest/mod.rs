//! From files on disk to bulletins split into passages.
//!
//! - [`walk`](mod@walk): which files under a folder are bulletins;
//! - [`format`](mod@format): a file's bytes into plain text, by file format;
//! - [`encoding`]: bytes into text, by character encoding;
//! - [`passage`]: a text into passages.

pub mod encoding;
pub mod format;
pub mod jsonl;
pub mod passage;
pub mod walk;

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

pub use encoding::Encoding;
pub use format::Format;
pub use passage::{split_passages, title_of, PassageSpan};

/// Files larger than this are skipped unless `--max-file-size` says more.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;
pub use walk::{walk, Candidate};

/// A file that was not indexed, and why.
#[derive(Debug, Clone)]
pub struct Skip {
    pub path: PathBuf,
    pub reason: String,
}

/// What identifies a version of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: u64,
}

impl FileStamp {
    /// The stamp of a file on disk.
    pub fn of(path: &Path) -> std::io::Result<FileStamp> {
        let meta = std::fs::metadata(path)?;
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Ok(FileStamp {
            size: meta.len(),
            mtime_ns,
        })
    }
}

/// A bulletin read from disk, ready to index: a file, or one document of
/// a JSON-lines collection.
#[derive(Debug)]
pub struct Bulletin {
    /// Display path, as stored in the index: the file's, or `FILE#ID` for a
    /// document of a collection.
    pub path: String,
    /// Display path of the file it came from (the unit of updates).
    pub file: String,
    /// Document id: the collection's id, or the path for a plain file.
    pub doc_id: String,
    /// For a document of a collection, the line of the file it is on: every
    /// passage reports it.
    pub fixed_line: Option<usize>,
    pub title: String,
    pub text: String,
    pub passages: Vec<PassageSpan>,
    pub stamp: FileStamp,
    /// Hash of the file's bytes.
    pub content_hash: u64,
    /// Something the user should know about this file (decoding).
    pub warning: Option<String>,
    /// The encoding the file was read in.
    pub encoding: Option<Encoding>,
}

impl Bulletin {
    /// Builds a bulletin from decoded text.
    pub fn from_text(path: String, text: String, stamp: FileStamp, content_hash: u64) -> Self {
        let title = title_of(&text).to_string();
        let passages = split_passages(&text);
        Bulletin {
            file: path.clone(),
            doc_id: path.clone(),
            fixed_line: None,
            path,
            title,
            text,
            passages,
            stamp,
            content_hash,
            warning: None,
            encoding: None,
        }
    }
}

/// Hash of a file's bytes, to tell a changed file from a touched one.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let hash = blake3::hash(bytes);
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// Reads a candidate file into a bulletin, or says why it was skipped.
pub fn load(
    candidate: &Candidate,
    stamp: FileStamp,
    max_file_size: u64,
    forced: Option<Encoding>,
) -> Result<Bulletin, Skip> {
    let skip = |reason: String| Skip {
        path: candidate.fs_path.clone(),
        reason,
    };
    if stamp.size > max_file_size {
        return Err(skip(format!(
            "larger than --max-file-size ({} bytes > {max_file_size})",
            stamp.size
        )));
    }
    let bytes = std::fs::read(&candidate.fs_path).map_err(|e| skip(e.to_string()))?;
    let hash = content_hash(&bytes);
    let format =
        Format::of(&candidate.fs_path).ok_or_else(|| skip("not a supported format".into()))?;
    let extracted = format::extract(format, &bytes, forced).map_err(|e| skip(e.to_string()))?;
    let mut bulletin = Bulletin::from_text(candidate.path.clone(), extracted.text, stamp, hash);
    if let Some(title) = extracted.title.filter(|t| !t.trim().is_empty()) {
        bulletin.title = title;
    }
    bulletin.warning = extracted.warning;
    bulletin.encoding = extracted.encoding;
    Ok(bulletin)
}
