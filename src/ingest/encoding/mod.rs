//! Bytes to text: which encoding a file is in, and decoding it.
//!
//! Vietnamese archives hold, besides UTF-8 and UTF-16, three legacy
//! encodings: Windows-1258 (tones as combining marks), TCVN3 (one byte per
//! letter) and VNI-Windows (base letter + mark byte).
//! [`decode`] reads a file as follows:
//!
//! 1. `--encoding` (or a declared charset) wins;
//! 2. a byte order mark says UTF-8, UTF-16LE or UTF-16BE;
//! 3. NUL bytes, or mostly control bytes, mean a binary file;
//! 4. valid UTF-8 is UTF-8 (pure ASCII included); so is text whose
//!    multi-byte sequences are mostly valid, with the few bad bytes replaced
//!    by U+FFFD and a warning;
//! 5. otherwise each candidate decodes a sample, and the one whose accented
//!    words are most often well-formed Vietnamese syllables wins; with no
//!    Vietnamese at all, Windows-1252.
//!
//! Legacy text comes out in NFC.

mod cp1252;
#[cfg(test)]
mod samples;
mod syllable;
mod tcvn3;
mod vni;

use unicode_normalization::UnicodeNormalization;

use syllable::Score;

/// The encodings bantin can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows-1258: Vietnamese with tones as combining marks.
    Windows1258,
    /// TCVN3 (ABC), TCVN 5712:1993 VN3.
    Tcvn3,
    /// VNI-Windows.
    Vni,
    /// Windows-1252 (Latin-1): only when forced, or for non-Vietnamese
    /// legacy text.
    Windows1252,
}

impl Encoding {
    /// Every encoding, for help texts and error messages.
    pub const ALL: [Encoding; 7] = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1258,
        Encoding::Tcvn3,
        Encoding::Vni,
        Encoding::Windows1252,
    ];

    /// The name shown by `bantin index --verbose` and taken by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni-windows",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// Parses a `--encoding` value or a `<meta charset>` label
    /// (case, spaces and `_` for `-` do not matter).
    pub fn from_label(label: &str) -> Option<Encoding> {
        let label = label.trim().to_ascii_lowercase().replace('_', "-");
        Some(match label.as_str() {
            "utf-8" | "utf8" | "unicode-1-1-utf-8" => Encoding::Utf8,
            "utf-16le" | "utf16le" | "utf-16" | "utf16" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1258" | "cp1258" | "x-cp1258" | "1258" => Encoding::Windows1258,
            "tcvn3" | "tcvn" | "abc" | "vn3" | "tcvn-5712" | "tcvn5712" => Encoding::Tcvn3,
            "vni" | "vni-windows" | "vni-win" => Encoding::Vni,
            "windows-1252" | "cp1252" | "x-cp1252" | "1252" | "latin1" | "latin-1"
            | "iso-8859-1" | "iso8859-1" => Encoding::Windows1252,
            _ => return None,
        })
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
    #[error("binary file (mostly control bytes)")]
    ControlBytes,
}

/// How much of a file detection looks at: enough words to be sure, and
/// cheap next to decoding the whole of a large file three ways.
const SAMPLE_BYTES: usize = 64 * 1024;

/// Decodes `bytes`, detecting the encoding unless `forced`.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, NotText> {
    if let Some(encoding) = forced {
        let bytes = match encoding {
            Encoding::Utf16Le | Encoding::Utf16Be => strip_bom(bytes, encoding),
            _ => {
                check_text(bytes)?;
                strip_bom(bytes, encoding)
            }
        };
        return Ok(decode_as(bytes, encoding));
    }
    if let Some(encoding) = bom_encoding(bytes) {
        let bytes = strip_bom(bytes, encoding);
        if encoding == Encoding::Utf8 {
            check_text(bytes)?;
        }
        return Ok(decode_as(bytes, encoding));
    }
    check_text(bytes)?;
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: Encoding::Utf8,
            warning: None,
        });
    }
    let utf8 = Utf8Stats::of(bytes);
    if utf8.valid_multibyte > 0 && utf8.valid_multibyte >= utf8.invalid {
        return Ok(decode_as(bytes, Encoding::Utf8));
    }
    let (encoding, score) = detect(sample(bytes));
    let mut decoded = decode_as(bytes, encoding);
    if decoded.warning.is_none() && score.words > 0 && score.share() < 0.5 {
        decoded.warning = Some(format!(
            "encoding guessed as {}: only {} of {} accented words read as Vietnamese",
            encoding.name(),
            score.syllables,
            score.words
        ));
    }
    Ok(decoded)
}

/// The encoding a byte order mark announces.
fn bom_encoding(bytes: &[u8]) -> Option<Encoding> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some(Encoding::Utf8)
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some(Encoding::Utf16Le)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// `bytes` without the byte order mark of `encoding`, if they start with it.
fn strip_bom(bytes: &[u8], encoding: Encoding) -> &[u8] {
    let bom: &[u8] = match encoding {
        Encoding::Utf8 => b"\xEF\xBB\xBF",
        Encoding::Utf16Le => b"\xFF\xFE",
        Encoding::Utf16Be => b"\xFE\xFF",
        _ => return bytes,
    };
    bytes.strip_prefix(bom).unwrap_or(bytes)
}

/// Rejects bytes that are not text in any 8-bit encoding: NUL bytes
/// anywhere, or a head that is mostly control bytes.
fn check_text(bytes: &[u8]) -> Result<(), NotText> {
    if bytes.contains(&0) {
        return Err(NotText::Binary);
    }
    let head = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    // Tab, line feed, form feed, carriage return and escape occur in text.
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | 0x1B)) || b == 0x7F)
        .count();
    if controls * 4 > head.len() {
        return Err(NotText::ControlBytes);
    }
    Ok(())
}

/// Decodes all of `bytes` as `encoding`, replacing what does not decode.
fn decode_as(bytes: &[u8], encoding: Encoding) -> Decoded {
    let (text, warning) = match encoding {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), None),
            Err(_) => {
                let invalid = Utf8Stats::of(bytes).invalid;
                let text = String::from_utf8_lossy(bytes).into_owned();
                let warning = format!(
                    "not valid UTF-8: {invalid} invalid byte sequence(s) replaced with U+FFFD"
                );
                (text, Some(warning))
            }
        },
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let codec = if encoding == Encoding::Utf16Le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            let (text, had_errors) = codec.decode_without_bom_handling(bytes);
            let warning = had_errors.then(|| {
                format!(
                    "not valid {}: unpaired surrogates or an odd last byte replaced with U+FFFD",
                    encoding.name().to_ascii_uppercase()
                )
            });
            (text.into_owned(), warning)
        }
        Encoding::Windows1258 => {
            let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
            // Windows-1258 writes most tones as combining marks.
            (text.nfc().collect(), None)
        }
        Encoding::Tcvn3 => (tcvn3::decode(bytes), None),
        Encoding::Vni => (vni::decode(bytes), None),
        Encoding::Windows1252 => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), None)
        }
    };
    Decoded {
        text,
        encoding,
        warning,
    }
}

/// Valid multi-byte sequences and invalid ones in bytes that are not all
/// valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Utf8Stats {
    valid_multibyte: usize,
    invalid: usize,
}

impl Utf8Stats {
    fn of(mut bytes: &[u8]) -> Utf8Stats {
        let mut stats = Utf8Stats {
            valid_multibyte: 0,
            invalid: 0,
        };
        let count_multibyte = |valid: &[u8]| valid.iter().filter(|&&b| b >= 0xC0).count();
        loop {
            match std::str::from_utf8(bytes) {
                Ok(_) => {
                    stats.valid_multibyte += count_multibyte(bytes);
                    return stats;
                }
                Err(e) => {
                    let (valid, rest) = bytes.split_at(e.valid_up_to());
                    stats.valid_multibyte += count_multibyte(valid);
                    stats.invalid += 1;
                    match e.error_len() {
                        Some(len) => bytes = &rest[len..],
                        None => return stats, // cut short at the end
                    }
                }
            }
        }
    }
}

/// The head of `bytes` that detection reads, cut after a line or word so
/// no letter is split.
fn sample(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= SAMPLE_BYTES {
        return bytes;
    }
    let head = &bytes[..SAMPLE_BYTES];
    match head.iter().rposition(|&b| b == b'\n' || b == b' ') {
        Some(end) => &head[..end],
        None => head,
    }
}

/// Candidates for bytes that are not UTF-8, in the order that wins ties.
const CANDIDATES: [Encoding; 4] = [
    Encoding::Utf8,
    Encoding::Windows1258,
    Encoding::Tcvn3,
    Encoding::Vni,
];

/// The candidate whose decoding of `sample` reads most like Vietnamese, and
/// its score; Windows-1252 when none has a single Vietnamese word.
fn detect(sample: &[u8]) -> (Encoding, Score) {
    let mut best = (Encoding::Windows1252, Score::default());
    for encoding in CANDIDATES {
        let score = syllable::score(&decode_as(sample, encoding).text);
        if score.beats(best.1) {
            best = (encoding, score);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::samples::{self, FIXTURES, SENTENCES};
    use super::*;

    #[test]
    fn names_and_labels() {
        for encoding in Encoding::ALL {
            assert_eq!(Encoding::from_label(encoding.name()), Some(encoding));
            let shouted = format!(" {} ", encoding.name().to_uppercase());
            assert_eq!(Encoding::from_label(&shouted), Some(encoding));
        }
        let aliases = [
            ("utf8", Encoding::Utf8),
            ("UTF16LE", Encoding::Utf16Le),
            ("utf_16be", Encoding::Utf16Be),
            ("cp1258", Encoding::Windows1258),
            ("abc", Encoding::Tcvn3),
            ("VN3", Encoding::Tcvn3),
            ("tcvn3", Encoding::Tcvn3),
            ("vni", Encoding::Vni),
            ("vni-windows", Encoding::Vni),
            ("latin1", Encoding::Windows1252),
            ("iso-8859-1", Encoding::Windows1252),
        ];
        for (label, want) in aliases {
            assert_eq!(Encoding::from_label(label), Some(want), "{label}");
        }
        assert_eq!(Encoding::from_label("klingon"), None);
        assert_eq!(Encoding::from_label(""), None);
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("tăng".as_bytes(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("tăng", Encoding::Utf8));
        let d = decode(b"\xEF\xBB\xBFt\xC4\x83ng", None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("tăng", Encoding::Utf8));
        assert!(d.warning.is_none());
    }

    #[test]
    fn ascii_and_empty_are_utf8() {
        for bytes in [&b""[..], b"Ban tin so 5\r\n", b"\xEF\xBB\xBF"] {
            let d = decode(bytes, None).unwrap();
            assert_eq!(d.encoding, Encoding::Utf8);
            assert!(d.warning.is_none());
        }
        assert_eq!(decode(b"", None).unwrap().text, "");
    }

    #[test]
    fn invalid_byte_is_replaced_with_a_warning() {
        let d = decode(b"t\xC4\x83ng \xFF tr", None).unwrap();
        assert_eq!(d.text, "tăng \u{FFFD} tr");
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(d.warning.unwrap().contains("1 invalid"));
    }

    #[test]
    fn stray_bytes_in_long_utf8_text() {
        let text = SENTENCES.join(" ");
        let mut bytes = text.into_bytes();
        for at in [10, 500, 1500] {
            bytes.insert(at, 0xFF);
        }
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
        assert!(
            d.warning.unwrap().contains("3 invalid"),
            "three stray bytes"
        );
        // A Windows-1252 byte in UTF-8 text, where it breaks no letter.
        let d = decode(&["“Hà Nội” ".as_bytes(), b"\x93"].concat(), None).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn utf16_with_bom() {
        let text = SENTENCES[..5].join("\n");
        for (big_endian, want) in [(false, Encoding::Utf16Le), (true, Encoding::Utf16Be)] {
            let d = decode(&samples::utf16(&text, big_endian), None).unwrap();
            assert_eq!(d.encoding, want);
            assert_eq!(d.text, text);
            assert!(d.warning.is_none());
        }
        // An odd last byte is replaced, with a warning.
        let mut bytes = samples::utf16("ab", false);
        bytes.push(b'c');
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.text, "ab\u{FFFD}");
        assert!(d.warning.unwrap().contains("UTF-16LE"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"abc\0def", None).unwrap_err(), NotText::Binary);
        assert_eq!(
            NotText::Binary.to_string(),
            "binary file (contains NUL bytes)"
        );
        // Even after a UTF-8 BOM, and when an 8-bit encoding is forced.
        assert_eq!(
            decode(b"\xEF\xBB\xBFa\0", None).unwrap_err(),
            NotText::Binary
        );
        assert_eq!(
            decode(b"a\0b", Some(Encoding::Tcvn3)).unwrap_err(),
            NotText::Binary
        );
        // NUL far past the head.
        let mut bytes = vec![b'a'; 200_000];
        bytes.push(0);
        assert_eq!(decode(&bytes, None).unwrap_err(), NotText::Binary);
    }

    #[test]
    fn control_bytes_mean_binary() {
        let bytes: Vec<u8> = (1..=0x1Fu8).cycle().take(300).collect();
        assert_eq!(decode(&bytes, None).unwrap_err(), NotText::ControlBytes);
        assert_eq!(
            NotText::ControlBytes.to_string(),
            "binary file (mostly control bytes)"
        );
        // A few controls (a DOS end-of-file, escape codes) are text.
        let d = decode(b"Ban tin\r\n\x1b[1mso 5\x1b[0m\x0c\x1a", None).unwrap();
        assert_eq!(d.encoding, Encoding::Utf8);
    }

    #[test]
    fn forced_encoding_wins() {
        let tcvn3 = b"xu\xCAt kh\xC8u";
        let cases = [
            (Encoding::Tcvn3, "xuất khẩu"),
            (Encoding::Windows1252, "xuÊt khÈu"),
            (Encoding::Windows1258, "xuÊt khÈu"),
            (Encoding::Utf8, "xu\u{FFFD}t kh\u{FFFD}u"),
        ];
        for (encoding, want) in cases {
            let d = decode(tcvn3, Some(encoding)).unwrap();
            assert_eq!((d.text.as_str(), d.encoding), (want, encoding));
        }
        let d = decode(&samples::utf16("thủy sản", true), Some(Encoding::Utf16Be)).unwrap();
        assert_eq!(d.text, "thủy sản");
        let d = decode(
            &samples::encode("nước lợ", Encoding::Vni),
            Some(Encoding::Vni),
        )
        .unwrap();
        assert_eq!(d.text, "nước lợ");
    }

    /// What TCVN3 keeps of a text: capitals it has no code for become lower
    /// case (outside words in capitals).
    fn as_tcvn3_reads(text: &str) -> String {
        tcvn3::decode(&tcvn3::encode(text))
    }

    #[test]
    fn detects_each_encoding_in_paragraphs() {
        let text = SENTENCES.join(" ");
        let cases = [
            (samples::windows_1258(&text, false), Encoding::Windows1258),
            (samples::windows_1258(&text, true), Encoding::Windows1258),
            (tcvn3::encode(&text), Encoding::Tcvn3),
            (vni::encode(&text), Encoding::Vni),
        ];
        for (bytes, want) in cases {
            let d = decode(&bytes, None).unwrap();
            assert_eq!(d.encoding, want);
            assert!(d.warning.is_none(), "{:?}", d.warning);
            let expected = match want {
                Encoding::Tcvn3 => as_tcvn3_reads(&text),
                _ => text.clone(),
            };
            assert_eq!(d.text, expected, "{want:?}");
        }
    }

    #[test]
    fn windows_1258_is_normalised_to_nfc() {
        let d = decode(&samples::windows_1258("Việt Nam thủy sản", true), None).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1258);
        assert_eq!(d.text, "Việt Nam thủy sản");
        assert!(d
            .text
            .chars()
            .all(|c| !('\u{300}'..='\u{36F}').contains(&c)));
    }

    /// A legacy encoding under test: label, encoder, encoding to detect.
    type Legacy = (&'static str, fn(&str) -> Vec<u8>, Encoding);

    /// The legacy encodings, with an encoder for test text.
    fn encoders() -> [Legacy; 4] {
        [
            (
                "windows-1258",
                |t| samples::windows_1258(t, false),
                Encoding::Windows1258,
            ),
            (
                "windows-1258 decomposed",
                |t| samples::windows_1258(t, true),
                Encoding::Windows1258,
            ),
            ("tcvn3", tcvn3::encode, Encoding::Tcvn3),
            ("vni", vni::encode, Encoding::Vni),
        ]
    }

    #[test]
    fn detects_each_encoding_sentence_by_sentence() {
        let mut failures = Vec::new();
        for (label, encode, want) in encoders() {
            let mut right = 0;
            for sentence in SENTENCES {
                let got = decode(&encode(sentence), None).unwrap().encoding;
                if got == want {
                    right += 1;
                } else {
                    failures.push(format!("{label}: {sentence:?} read as {}", got.name()));
                }
            }
            eprintln!("{label}: {right}/{} sentences detected", SENTENCES.len());
        }
        assert!(failures.is_empty(), "{failures:#?}");
    }

    #[test]
    fn detects_single_words() {
        let cases = [
            (tcvn3::encode("Việt Nam"), Encoding::Tcvn3),
            (vni::encode("Việt Nam"), Encoding::Vni),
            (
                samples::windows_1258("Việt Nam", false),
                Encoding::Windows1258,
            ),
            (tcvn3::encode("các"), Encoding::Tcvn3),
            (vni::encode("được"), Encoding::Vni),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(&bytes, None).unwrap().encoding, want, "{bytes:02X?}");
        }
    }

    #[test]
    fn non_vietnamese_legacy_text_is_windows_1252() {
        let d = decode(b"Caf\xE9 cr\xE8me br\xFBl\xE9e \xA9 2024", None).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(d.text, "Café crème brûlée © 2024");
    }

    #[test]
    fn detection_reads_a_sample_of_large_files() {
        let mut text = String::new();
        while text.len() < 3 * SAMPLE_BYTES {
            text.push_str(&SENTENCES.join("\n"));
            text.push('\n');
        }
        let bytes = vni::encode(&text);
        assert!(sample(&bytes).len() <= SAMPLE_BYTES);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, Encoding::Vni);
        assert_eq!(d.text, text);
    }

    #[test]
    fn utf8_stats() {
        let stats = Utf8Stats::of(b"t\xC4\x83ng \xFF \xE1\xBA\xA3 \xC4");
        assert_eq!(
            stats,
            Utf8Stats {
                valid_multibyte: 2,
                invalid: 2
            }
        );
    }

    /// Texts of one and two words: the hard case, where the same bytes can
    /// be a real word in two encodings (TCVN3 `mét` is `một`, and `mét` in
    /// Windows-1258). Real files are longer; this bounds how short is safe.
    #[test]
    fn detects_most_two_word_texts() {
        let mut words: Vec<&str> = SENTENCES
            .iter()
            .flat_map(|s| s.split(|c: char| !c.is_alphabetic()))
            .filter(|w| !w.is_ascii())
            .collect();
        words.sort_unstable();
        words.dedup();
        let singles: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let pairs: Vec<String> = words.windows(2).map(|p| p.join(" ")).collect();
        for (label, encode, want) in encoders() {
            let right = |texts: &[String]| {
                let detected = |t: &&String| decode(&encode(t), None).unwrap().encoding == want;
                texts.iter().filter(detected).count()
            };
            let (one, two) = (right(&singles), right(&pairs));
            eprintln!(
                "{label}: {one}/{} one-word texts, {two}/{} two-word texts",
                singles.len(),
                pairs.len()
            );
            assert!(
                two * 100 >= pairs.len() * 95,
                "{label}: {two}/{}",
                pairs.len()
            );
        }
    }

    fn fixture_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encodings")
    }

    #[test]
    fn fixtures_on_disk_decode_as_documented() {
        for fixture in &FIXTURES {
            let path = fixture_dir().join(fixture.file);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            assert_eq!(
                bytes,
                samples::fixture_bytes(fixture),
                "{} is stale",
                fixture.file
            );
            let decoded = decode(&bytes, None);
            let Some(want) = fixture.encoding else {
                assert_eq!(decoded.unwrap_err(), NotText::Binary, "{}", fixture.file);
                continue;
            };
            let decoded = decoded.unwrap();
            assert_eq!(decoded.encoding, want, "{}", fixture.file);
            let text: String = decoded.text.nfc().collect();
            assert_eq!(text, fixture.text, "{}", fixture.file);
            assert!(text.contains(fixture.phrase), "{}", fixture.file);
            let has_warning = fixture.file == "invalid-byte.txt";
            assert_eq!(decoded.warning.is_some(), has_warning, "{}", fixture.file);
        }
    }

    /// Writes `tests/fixtures/encodings/`:
    /// `cargo test --lib write_encoding_fixtures -- --ignored`.
    #[test]
    #[ignore = "writes the fixture files"]
    fn write_encoding_fixtures() {
        std::fs::create_dir_all(fixture_dir()).unwrap();
        for fixture in &FIXTURES {
            std::fs::write(
                fixture_dir().join(fixture.file),
                samples::fixture_bytes(fixture),
            )
            .unwrap();
        }
    }
}
