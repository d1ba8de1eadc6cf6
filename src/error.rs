//! The library's error type: every variant names what failed and, where a
//! user can act, what to do.

use std::path::PathBuf;

/// Errors of the bantin library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index where one was expected.
    #[error("no index at {}: run `bantin index DIR` first (or pass --index PATH)", path.display())]
    NoIndex { path: PathBuf },

    /// The index exists but cannot be used.
    #[error("cannot open the index at {}: {reason}; rebuild it with `bantin index DIR`", path.display())]
    BadIndex { path: PathBuf, reason: String },

    /// Another `bantin index` holds the index.
    #[error("the index at {} is being updated by another `bantin index`; wait for it to finish", path.display())]
    IndexLocked { path: PathBuf },

    /// A folder given to `bantin index` is not there.
    #[error("{}: {reason}", path.display())]
    BadInput { path: PathBuf, reason: String },

    /// An I/O error on a named path.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// No passage has this id.
    #[error("no passage with id {id} in the index at {}; ids come from `bantin search --json`", path.display())]
    NoSuchPassage { id: String, path: PathBuf },

    /// A stored passage that cannot be compressed or read back.
    #[error("stored passage: {0}; rebuild the index with `bantin index DIR` if this persists")]
    Store(String),

    /// A tantivy error, with what bantin was doing.
    #[error("{context}: {source}")]
    Tantivy {
        context: String,
        #[source]
        source: tantivy::TantivyError,
    },
}

/// Result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A tantivy error while doing `context`.
    pub fn tantivy(context: impl Into<String>, source: tantivy::TantivyError) -> Self {
        Error::Tantivy {
            context: context.into(),
            source,
        }
    }
}
