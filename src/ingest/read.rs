//! A file's bytes into text: binary detection, UTF-8 decoding.

/// Files larger than this are skipped unless `--max-file-size` says more.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A file's text and what was noticed while decoding it.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// Something a user should know, e.g. invalid bytes replaced.
    pub warning: Option<String>,
}

/// Why a file's bytes are not text.
#[derive(Debug, thiserror::Error)]
pub enum NotText {
    #[error("binary file (contains NUL bytes)")]
    Binary,
}

/// Decodes a file's bytes: a UTF-8 BOM is dropped, invalid UTF-8 bytes are
/// replaced with U+FFFD (and a warning says how many).
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Err(NotText::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            warning: None,
        }),
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text.matches('\u{FFFD}').count();
            Ok(Decoded {
                text,
                warning: Some(format!(
                    "not valid UTF-8: {replaced} invalid byte sequence(s) replaced"
                )),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("tăng".as_bytes()).unwrap().text, "tăng");
        assert_eq!(decode(b"\xEF\xBB\xBFt\xC4\x83ng").unwrap().text, "tăng");
    }

    #[test]
    fn invalid_byte_is_replaced_with_a_warning() {
        let d = decode(b"t\xC4\x83ng \xFF tr").unwrap();
        assert_eq!(d.text, "tăng \u{FFFD} tr");
        assert!(d.warning.unwrap().contains("1 invalid"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(matches!(decode(b"abc\0def"), Err(NotText::Binary)));
    }
}
