//! TCVN3 ("ABC", the `.VnTime` fonts): TCVN 5712:1993 code table VN3, one
//! byte per Vietnamese letter.
//!
//! VN3 gives every lower-case letter a code but only seven capitals
//! (Ă Â Ê Ô Ơ Ư Đ): a capital such as `Ế` was typed as the lower-case code
//! in an upper-case font (`.VnTimeH`), so the bytes say `ế`. The decoder
//! reads such letters as lower case, except inside a word that is plainly
//! written in capitals (see [`restore_capitals`]).
//!
//! Bytes that are not VN3 letters:
//! - the positions VN3 leaves empty among its letters hold, in the larger
//!   VN1 table of the same standard, capitals (`0xC0` is `Ắ`); they are read
//!   as those, since VN3 is the lower-case subset of VN1;
//! - everything else is Windows-1252 (Word's quotes and dashes at
//!   0x80–0x9F, `°` at 0xB0), as the fonts were used through that code page.

use super::cp1252;

/// VN3's letters. Sources, cross-checked: TCVN 5712:1993 (VN3 subset of
/// the VN1 table as in GNU libiconv's `tcvn.h`), and the TCVN3 tables of
/// the converters in xvnkb and VBKey.
pub(super) const VN3: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// The VN1 capitals at the positions VN3 leaves empty between 0xA0 and
/// 0xFF (VN1's other capitals sit at 0x80–0x9F and in the C0 controls,
/// where VN3 files have Windows-1252 punctuation and controls instead).
pub(super) const VN1_CAPITALS: [(u8, char); 16] = [
    (0xAF, 'Ằ'),
    (0xBA, 'Ẳ'),
    (0xBF, 'Ẵ'),
    (0xC0, 'Ắ'),
    (0xC1, 'Ầ'),
    (0xC2, 'Ẩ'),
    (0xC3, 'Ẫ'),
    (0xC4, 'Ấ'),
    (0xC5, 'Ề'),
    (0xCD, 'Ể'),
    (0xD9, 'Ễ'),
    (0xDA, 'Ế'),
    (0xDB, 'Ồ'),
    (0xE0, 'Ổ'),
    (0xF0, 'Ỗ'),
    (0xFF, 'Ố'),
];

/// Bytes 0x80–0xFF to chars: Windows-1252 overlaid with the tables above.
static HIGH: [char; 128] = build_high();

const fn build_high() -> [char; 128] {
    let mut high = ['\0'; 128];
    let mut i = 0;
    while i < 128 {
        high[i] = cp1252::char_of(0x80 + i as u8);
        i += 1;
    }
    let mut i = 0;
    while i < VN1_CAPITALS.len() {
        let (byte, c) = VN1_CAPITALS[i];
        high[(byte - 0x80) as usize] = c;
        i += 1;
    }
    let mut i = 0;
    while i < VN3.len() {
        let (byte, c) = VN3[i];
        high[(byte - 0x80) as usize] = c;
        i += 1;
    }
    high
}

/// The char of one TCVN3 byte.
pub(super) fn char_of(byte: u8) -> char {
    if byte < 0x80 {
        byte as char
    } else {
        HIGH[(byte - 0x80) as usize]
    }
}

/// Decodes TCVN3 bytes.
pub(super) fn decode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    text.extend(bytes.iter().map(|&b| char_of(b)));
    restore_capitals(&text).unwrap_or(text)
}

/// Upper-cases the lower-case-coded letters of words written in capitals.
///
/// A word is in capitals when it has no lower-case ASCII letter and at
/// least two capitals (`VIệT` → `VIỆT`, `TỉNH` → `TỈNH`). In a line whose
/// ASCII letters are all capitals and that has such a word, the shorter
/// words are taken as capitals too (`Về VIỆC` → `VỀ VIỆC`). One capital is
/// not enough on its own: `Hà`, `Số: 12/QĐ-UBND` are written the same way
/// in an ordinary font. Returns `None` when nothing changes.
fn restore_capitals(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let words = || {
            line.split(|c: char| !c.is_alphabetic())
                .filter(|w| !w.is_empty())
        };
        let capital_line = !line.chars().any(|c| c.is_ascii_lowercase())
            && words().any(|w| {
                let shape = WordShape::of(w);
                shape.capitals >= 2 && shape.coded_lower
            });
        let mut copied = 0;
        for word in words() {
            let shape = WordShape::of(word);
            if shape.coded_lower && !shape.ascii_lower && (shape.capitals >= 2 || capital_line) {
                // `word` is a slice of `line`: its offset is the pointer difference.
                let at = word.as_ptr() as usize - line.as_ptr() as usize;
                out.push_str(&line[copied..at]);
                out.extend(word.chars().flat_map(char::to_uppercase));
                copied = at + word.len();
                changed = true;
            }
        }
        out.push_str(&line[copied..]);
    }
    changed.then_some(out)
}

/// What [`restore_capitals`] needs to know of a word.
struct WordShape {
    capitals: usize,
    ascii_lower: bool,
    /// A non-ASCII lower-case letter: a VN3 code that may stand for a capital.
    coded_lower: bool,
}

impl WordShape {
    fn of(word: &str) -> WordShape {
        let mut shape = WordShape {
            capitals: 0,
            ascii_lower: false,
            coded_lower: false,
        };
        for c in word.chars() {
            if c.is_uppercase() {
                shape.capitals += 1;
            } else if c.is_ascii_lowercase() {
                shape.ascii_lower = true;
            } else if c.is_lowercase() {
                shape.coded_lower = true;
            }
        }
        shape
    }
}

/// Encodes text as TCVN3 the way an ABC keyboard typed it: capitals that
/// VN3 lacks become their lower-case code. Chars with no code become `?`.
#[cfg(test)]
pub(super) fn encode(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let find = |c: char| VN3.iter().find(|(_, v)| *v == c).map(|(b, _)| *b);
    text.nfc()
        .map(|c| {
            if c.is_ascii() {
                return c as u8;
            }
            let lower = c.to_lowercase().next().unwrap_or(c);
            find(c)
                .or_else(|| find(lower))
                .or_else(|| cp1252::byte_of(c).filter(|&b| HIGH[(b - 0x80) as usize] == c))
                .unwrap_or(b'?')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The VN3 table as published: each letter's code shown as the
    /// Windows-1252 glyph a `.VnTime` document displays in another font,
    /// with the letter's Unicode code point.
    const PUBLISHED: [(&str, u32); 74] = [
        ("¡", 0x0102),      // Ă
        ("¢", 0x00C2),      // Â
        ("£", 0x00CA),      // Ê
        ("¤", 0x00D4),      // Ô
        ("¥", 0x01A0),      // Ơ
        ("¦", 0x01AF),      // Ư
        ("§", 0x0110),      // Đ
        ("¨", 0x0103),      // ă
        ("©", 0x00E2),      // â
        ("ª", 0x00EA),      // ê
        ("«", 0x00F4),      // ô
        ("¬", 0x01A1),      // ơ
        ("\u{AD}", 0x01B0), // ư (soft hyphen position)
        ("®", 0x0111),      // đ
        ("µ", 0x00E0),      // à
        ("¶", 0x1EA3),      // ả
        ("·", 0x00E3),      // ã
        ("¸", 0x00E1),      // á
        ("¹", 0x1EA1),      // ạ
        ("»", 0x1EB1),      // ằ
        ("¼", 0x1EB3),      // ẳ
        ("½", 0x1EB5),      // ẵ
        ("¾", 0x1EAF),      // ắ
        ("Æ", 0x1EB7),      // ặ
        ("Ç", 0x1EA7),      // ầ
        ("È", 0x1EA9),      // ẩ
        ("É", 0x1EAB),      // ẫ
        ("Ê", 0x1EA5),      // ấ
        ("Ë", 0x1EAD),      // ậ
        ("Ì", 0x00E8),      // è
        ("Î", 0x1EBB),      // ẻ
        ("Ï", 0x1EBD),      // ẽ
        ("Ð", 0x00E9),      // é
        ("Ñ", 0x1EB9),      // ẹ
        ("Ò", 0x1EC1),      // ề
        ("Ó", 0x1EC3),      // ể
        ("Ô", 0x1EC5),      // ễ
        ("Õ", 0x1EBF),      // ế
        ("Ö", 0x1EC7),      // ệ
        ("×", 0x00EC),      // ì
        ("Ø", 0x1EC9),      // ỉ
        ("Ü", 0x0129),      // ĩ
        ("Ý", 0x00ED),      // í
        ("Þ", 0x1ECB),      // ị
        ("ß", 0x00F2),      // ò
        ("á", 0x1ECF),      // ỏ
        ("â", 0x00F5),      // õ
        ("ã", 0x00F3),      // ó
        ("ä", 0x1ECD),      // ọ
        ("å", 0x1ED3),      // ồ
        ("æ", 0x1ED5),      // ổ
        ("ç", 0x1ED7),      // ỗ
        ("è", 0x1ED1),      // ố
        ("é", 0x1ED9),      // ộ
        ("ê", 0x1EDD),      // ờ
        ("ë", 0x1EDF),      // ở
        ("ì", 0x1EE1),      // ỡ
        ("í", 0x1EDB),      // ớ
        ("î", 0x1EE3),      // ợ
        ("ï", 0x00F9),      // ù
        ("ñ", 0x1EE7),      // ủ
        ("ò", 0x0169),      // ũ
        ("ó", 0x00FA),      // ú
        ("ô", 0x1EE5),      // ụ
        ("õ", 0x1EEB),      // ừ
        ("ö", 0x1EED),      // ử
        ("÷", 0x1EEF),      // ữ
        ("ø", 0x1EE9),      // ứ
        ("ù", 0x1EF1),      // ự
        ("ú", 0x1EF3),      // ỳ
        ("û", 0x1EF7),      // ỷ
        ("ü", 0x1EF9),      // ỹ
        ("ý", 0x00FD),      // ý
        ("þ", 0x1EF5),      // ỵ
    ];

    /// VN1's capitals in VN3's empty positions, from libiconv's VN1 table.
    const PUBLISHED_VN1: [(u8, u32); 16] = [
        (0xAF, 0x1EB0), // Ằ
        (0xBA, 0x1EB2), // Ẳ
        (0xBF, 0x1EB4), // Ẵ
        (0xC0, 0x1EAE), // Ắ
        (0xC1, 0x1EA6), // Ầ
        (0xC2, 0x1EA8), // Ẩ
        (0xC3, 0x1EAA), // Ẫ
        (0xC4, 0x1EA4), // Ấ
        (0xC5, 0x1EC0), // Ề
        (0xCD, 0x1EC2), // Ể
        (0xD9, 0x1EC4), // Ễ
        (0xDA, 0x1EBE), // Ế
        (0xDB, 0x1ED2), // Ồ
        (0xE0, 0x1ED4), // Ổ
        (0xF0, 0x1ED6), // Ỗ
        (0xFF, 0x1ED0), // Ố
    ];

    fn byte_of_glyph(glyph: &str) -> u8 {
        let c = glyph.chars().next().unwrap();
        cp1252::byte_of(c).unwrap()
    }

    #[test]
    fn every_vn3_entry() {
        for (glyph, code) in PUBLISHED {
            let byte = byte_of_glyph(glyph);
            let want = char::from_u32(code).unwrap();
            assert_eq!(char_of(byte), want, "byte {byte:#04X} ({glyph})");
            assert_eq!(decode(&[byte]), want.to_string(), "byte {byte:#04X}");
            assert!(VN3.contains(&(byte, want)), "byte {byte:#04X} in VN3");
        }
        assert_eq!(VN3.len(), PUBLISHED.len());
    }

    #[test]
    fn every_vn1_capital_entry() {
        for (byte, code) in PUBLISHED_VN1 {
            let want = char::from_u32(code).unwrap();
            assert_eq!(char_of(byte), want, "byte {byte:#04X}");
            assert!(VN1_CAPITALS.contains(&(byte, want)));
        }
        assert_eq!(VN1_CAPITALS.len(), PUBLISHED_VN1.len());
    }

    #[test]
    fn every_other_byte_is_windows_1252() {
        for byte in 0..=255u8 {
            let letter = VN3.iter().chain(&VN1_CAPITALS).any(|(b, _)| *b == byte);
            if !letter {
                assert_eq!(char_of(byte), cp1252::char_of(byte), "byte {byte:#04X}");
            }
        }
        // Word's punctuation and the degree sign survive.
        assert_eq!(decode(b"\x93\xB0C\x94 \x96"), "“°C” –");
    }

    #[test]
    fn every_lower_case_letter_and_seven_capitals_have_one_code() {
        let lower = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
        for c in lower.chars().chain("ĂÂÊÔƠƯĐ".chars()) {
            let codes = (0x80..=0xFFu8).filter(|&b| char_of(b) == c).count();
            assert_eq!(codes, 1, "{c}");
        }
    }

    #[test]
    fn decodes_words() {
        let cases: [(&[u8], &str); 6] = [
            (b"Vi\xD6t Nam", "Việt Nam"),
            (b"c\xB8c", "các"),
            (b"\xAE\xAD\xEEc", "được"),
            (b"xu\xCAt kh\xC8u th\xF1y s\xB6n", "xuất khẩu thủy sản"),
            (b"\xA7\xB5 N\xBDng", "Đà Nẵng"),
            (b"H\xB5 N\xE9i", "Hà Nội"),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes), want);
        }
    }

    #[test]
    fn capitals_typed_in_an_upper_case_font() {
        let cases: [(&[u8], &str); 6] = [
            (b"B\xB6N TIN TH\xDE TR\xAD\xEAng", "BẢN TIN THỊ TRường"),
            (b"V\xD2 VI\xD6C", "VỀ VIỆC"),
            (b"UBND T\xD8NH QU\xB6NG NAM", "UBND TỈNH QUẢNG NAM"),
            (b"S\xE8: 12/Q\xA7-UBND", "Số: 12/QĐ-UBND"),
            (b"\xA7\xB9I H\xE9I", "ĐẠI HỘI"),
            (
                b"Tin VI\xD6T NAM v\xB5 H\xB5 N\xE9i",
                "Tin VIỆT NAM và Hà Nội",
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode(bytes), want, "{bytes:?}");
        }
    }

    #[test]
    fn encode_then_decode() {
        let text = "Kim ngạch xuất khẩu thủy sản tăng mạnh; Ủy ban “nhân dân” tỉnh – 25°C.";
        let want = "Kim ngạch xuất khẩu thủy sản tăng mạnh; ủy ban “nhân dân” tỉnh – 25°C.";
        assert_eq!(decode(&encode(text)), want);
    }
}
