//! File formats: from a file's bytes to its plain text and title.
//!
//! Stub: plain text and Markdown (read as plain text) so far.

use std::path::Path;

use super::encoding::{self, Encoding, NotText};

/// The formats bantin reads, by file name ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
}

impl Format {
    /// The format of a file, from its name; `None` for files bantin skips.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// A file's text, ready to split into passages.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The title, when the format says (HTML `<title>`); else the first
    /// line of `text` is used.
    pub title: Option<String>,
    pub text: String,
    /// The encoding the bytes were read in, when they were text.
    pub encoding: Option<Encoding>,
    /// Something a user should know about this file.
    pub warning: Option<String>,
}

/// Extracts the text of a file in `format`.
pub fn extract(
    format: Format,
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<Extracted, NotText> {
    match format {
        Format::Text | Format::Markdown => {
            let decoded = encoding::decode(bytes, forced)?;
            Ok(Extracted {
                title: None,
                text: decoded.text,
                encoding: Some(decoded.encoding),
                warning: decoded.warning,
            })
        }
    }
}
