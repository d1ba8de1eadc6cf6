//! Finding the bulletins under the folders given to `bantin index`.
//!
//! Folders are walked in file-name order (so runs are reproducible), hidden
//! files and folders are skipped, and anything that cannot be walked is
//! reported as a [`Skip`] and the walk goes on.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Skip;

/// One file to index.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where the file is on disk.
    pub fs_path: PathBuf,
    /// The path shown to users and stored in the index: the indexed
    /// folder's name, then the path inside it, `/`-separated.
    pub path: String,
    /// The file's path is not valid UTF-8: `path` is its lossy form (with
    /// U+FFFD for the bad bytes).
    pub lossy: bool,
}

/// True for a file name bantin indexes.
pub fn has_indexed_extension(path: &Path) -> bool {
    super::Format::of(path).is_some() || super::jsonl::is_jsonl(path)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// The name under which a root's files are stored: its last component, or
/// for `.` and `..` the last component of its absolute path.
pub fn root_name(root: &Path) -> String {
    let named = root
        .file_name()
        .filter(|n| !n.is_empty())
        .map(|n| n.to_string_lossy().into_owned());
    named.unwrap_or_else(|| {
        std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "root".to_string())
    })
}

/// Walks `root` and calls `found` for each file to index and `skipped` for
/// each entry that could not be read.
pub fn walk(root: &Path, found: &mut dyn FnMut(Candidate), skipped: &mut dyn FnMut(Skip)) {
    let name = root_name(root);
    if root.is_file() {
        found(Candidate {
            lossy: root.to_str().is_none(),
            fs_path: root.to_path_buf(),
            path: name,
        });
        return;
    }
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let reason = if err.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    err.io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string())
                };
                skipped(Skip { path, reason });
                continue;
            }
        };
        if !entry.file_type().is_file() || !has_indexed_extension(entry.path()) {
            continue;
        }
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let mut path = name.clone();
        for part in relative.components() {
            path.push('/');
            path.push_str(&part.as_os_str().to_string_lossy());
        }
        found(Candidate {
            lossy: entry.path().to_str().is_none(),
            fs_path: entry.into_path(),
            path,
        });
    }
}
