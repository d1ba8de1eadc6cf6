//! Bytes to text: which encoding a file is in, and decoding it.
//!
//! Stub: only UTF-8 (with or without BOM) so far; the legacy Vietnamese
//! encodings come next.

/// The encodings bantin can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
}

impl Encoding {
    /// The name shown by `bantin index --verbose` and taken by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
        }
    }

    /// Parses a `--encoding` value or a `<meta charset>` label.
    pub fn from_label(label: &str) -> Option<Encoding> {
        match label.trim().to_ascii_lowercase().as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            _ => None,
        }
    }
}

/// A file's text and how it was read.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
    /// Something a user should know, e.g. invalid bytes replaced.
    pub warning: Option<String>,
}

/// Why a file's bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotText {
    #[error("binary file (contains NUL bytes)")]
    Binary,
}

/// Decodes `bytes`, detecting the encoding unless `forced`.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, NotText> {
    let _ = forced;
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(NotText::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, warning) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), None),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text.matches('\u{FFFD}').count();
            let warning =
                format!("not valid UTF-8: {replaced} invalid byte sequence(s) replaced");
            (text, Some(warning))
        }
    };
    Ok(Decoded {
        text,
        encoding: Encoding::Utf8,
        warning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("tăng".as_bytes(), None).unwrap().text, "tăng");
        assert_eq!(decode(b"\xEF\xBB\xBFt\xC4\x83ng", None).unwrap().text, "tăng");
    }

    #[test]
    fn invalid_byte_is_replaced_with_a_warning() {
        let d = decode(b"t\xC4\x83ng \xFF tr", None).unwrap();
        assert_eq!(d.text, "tăng \u{FFFD} tr");
        assert!(d.warning.unwrap().contains("1 invalid"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"abc\0def", None).unwrap_err(), NotText::Binary);
    }
}
