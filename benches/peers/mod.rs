//! Code the benchmarks share: the baomoi news corpus as a folder of files,
//! and the peers bantin is measured against (tantivy with its own
//! tokenizers, SQLite FTS5), each as a user of that engine would write it.
//!
//! A peer indexes [`Unit`]s: a passage (speed benchmark, the same passages
//! bantin cuts) or a whole document (relevance benchmark). A unit's `path`
//! is what a search gives back: a file path or a document id.

// Each benchmark binary uses part of this module.
#![allow(dead_code)]

pub mod baomoi;
pub mod fts5;
pub mod tantivy_peer;

use std::path::Path;

use bantin::ingest;

/// One thing to index: a passage or a document, and what identifies it.
#[derive(Debug, Clone)]
pub struct Unit {
    pub path: String,
    pub text: String,
}

/// The passages of every bantin file under `folder`, in bantin's walk
/// order, cut by bantin's own splitter: the peers index exactly what bantin
/// indexes.
pub fn folder_passages(folder: &Path) -> impl Iterator<Item = Unit> {
    let mut candidates = Vec::new();
    ingest::walk(folder, &mut |c| candidates.push(c), &mut |_| {});
    candidates.into_iter().flat_map(|c| {
        let text = std::fs::read_to_string(&c.fs_path).unwrap_or_default();
        let spans = ingest::split_passages(&text);
        spans
            .into_iter()
            .map(|s| Unit {
                path: c.path.clone(),
                text: text[s.start..s.end].to_string(),
            })
            .collect::<Vec<_>>()
    })
}

/// The `.txt`/`.md` files under `folder` with their sizes, in walk order.
pub fn folder_files(folder: &Path) -> Vec<(std::path::PathBuf, u64)> {
    let mut out = Vec::new();
    ingest::walk(
        folder,
        &mut |c| {
            let size = std::fs::metadata(&c.fs_path).map_or(0, |m| m.len());
            out.push((c.fs_path, size));
        },
        &mut |_| {},
    );
    out
}

/// Bytes taken on disk by the files under `dir`.
pub fn disk_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// The words of a query as a user would type them to a peer: split at white
/// space, keeping only pieces with a letter or digit in them.
pub fn query_words(query: &str) -> impl Iterator<Item = &str> {
    query
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// Today's date and time (UTC), for reports.
pub fn now_utc() -> String {
    std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map_or_else(|| "unknown date".into(), |s| s.trim().to_string())
}

/// Puts `block` between the lines `begin` and `end` of the Markdown file
/// at `path`, keeping everything outside them; appends the markers (after
/// `heading` when the file is new) if they are not there yet.
pub fn write_between_markers(
    path: &Path,
    heading: &str,
    begin: &str,
    end: &str,
    block: &str,
) -> std::io::Result<()> {
    let old = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!("{heading}\n"),
        Err(e) => return Err(e),
    };
    let fenced = format!("{begin}\n{}\n{end}", block.trim_end());
    let new = match (old.find(begin), old.find(end)) {
        (Some(b), Some(e)) if b < e => format!("{}{fenced}{}", &old[..b], &old[e + end.len()..]),
        _ => format!("{}\n{fenced}\n", old.trim_end()),
    };
    std::fs::write(path, new)
}
