//! Windows-1252, byte by byte: the code page the legacy Vietnamese fonts
//! were typed through.
//!
//! A TCVN3 or VNI document is Windows-1252 text shown in a font that draws
//! Vietnamese letters at some positions; everything else (Word's curly
//! quotes and dashes at 0x80–0x9F, `°`, `±`) keeps its Windows-1252 meaning.
//! The legacy decoders fall back to this table for bytes that are not
//! letters of their own table.

/// 0x80–0x9F; the five bytes Windows leaves undefined decode to the C1
/// control of the same number, as in the WHATWG index.
const HIGH_C1: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

/// The Windows-1252 char of a byte (0xA0–0xFF are Latin-1).
pub(super) const fn char_of(byte: u8) -> char {
    match byte {
        0x80..=0x9F => HIGH_C1[(byte - 0x80) as usize],
        _ => byte as char,
    }
}

/// The byte of a Windows-1252 char, if it has one.
#[cfg(test)]
pub(super) fn byte_of(c: char) -> Option<u8> {
    match c as u32 {
        0..=0x7F | 0xA0..=0xFF => Some(c as u8),
        _ => HIGH_C1.iter().position(|&h| h == c).map(|i| 0x80 + i as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_encoding_rs_on_every_byte() {
        for byte in 0..=255u8 {
            let bytes = [byte];
            let (want, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            assert_eq!(char_of(byte).to_string(), want, "byte {byte:#04X}");
            assert_eq!(byte_of(char_of(byte)), Some(byte), "byte {byte:#04X}");
        }
    }
}
