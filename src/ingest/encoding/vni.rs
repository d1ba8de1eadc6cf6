//! VNI-Windows (the `VNI-Times` fonts): a Vietnamese letter is its base
//! letter followed by a mark byte, through Windows-1252.
//!
//! `á` is `a` then `ù` (0xF9), `ấ` is `a` then `á` (0xE1: circumflex and
//! sắc in one mark), `ă` is `a` then `ê` (0xEA). A few letters have one byte
//! of their own: `đ` (`ñ`), `ơ` (`ô`), `ư` (`ö`) and the toned `i`s and `ỵ`;
//! `ơ` and `ư` take tone marks after them like a base letter. Capitals use a
//! capital base and the mark byte 0x20 lower (`Á` is `A` then `Ù`). Bytes
//! that are not part of a letter are Windows-1252.

use super::cp1252;

/// VNI-Windows letters: bytes -> letter. Sources, cross-checked: the
/// VNI-Windows tables of the converters in xvnkb (`vni.h`), VBKey and
/// vietnamese-conversion, and the VNI keyboard's mark numbering.
pub(super) const LETTERS: [(&[u8], char); 134] = [
    (b"a\xF8", 'à'),
    (b"a\xF9", 'á'),
    (b"a\xFB", 'ả'),
    (b"a\xF5", 'ã'),
    (b"a\xEF", 'ạ'),
    (b"a\xEA", 'ă'),
    (b"a\xE8", 'ằ'),
    (b"a\xE9", 'ắ'),
    (b"a\xFA", 'ẳ'),
    (b"a\xFC", 'ẵ'),
    (b"a\xEB", 'ặ'),
    (b"a\xE2", 'â'),
    (b"a\xE0", 'ầ'),
    (b"a\xE1", 'ấ'),
    (b"a\xE5", 'ẩ'),
    (b"a\xE3", 'ẫ'),
    (b"a\xE4", 'ậ'),
    (b"\xF1", 'đ'),
    (b"e\xF8", 'è'),
    (b"e\xF9", 'é'),
    (b"e\xFB", 'ẻ'),
    (b"e\xF5", 'ẽ'),
    (b"e\xEF", 'ẹ'),
    (b"e\xE2", 'ê'),
    (b"e\xE0", 'ề'),
    (b"e\xE1", 'ế'),
    (b"e\xE5", 'ể'),
    (b"e\xE3", 'ễ'),
    (b"e\xE4", 'ệ'),
    (b"\xEC", 'ì'),
    (b"\xED", 'í'),
    (b"\xE6", 'ỉ'),
    (b"\xF3", 'ĩ'),
    (b"\xF2", 'ị'),
    (b"o\xF8", 'ò'),
    (b"o\xF9", 'ó'),
    (b"o\xFB", 'ỏ'),
    (b"o\xF5", 'õ'),
    (b"o\xEF", 'ọ'),
    (b"o\xE2", 'ô'),
    (b"o\xE0", 'ồ'),
    (b"o\xE1", 'ố'),
    (b"o\xE5", 'ổ'),
    (b"o\xE3", 'ỗ'),
    (b"o\xE4", 'ộ'),
    (b"\xF4", 'ơ'),
    (b"\xF4\xF8", 'ờ'),
    (b"\xF4\xF9", 'ớ'),
    (b"\xF4\xFB", 'ở'),
    (b"\xF4\xF5", 'ỡ'),
    (b"\xF4\xEF", 'ợ'),
    (b"u\xF8", 'ù'),
    (b"u\xF9", 'ú'),
    (b"u\xFB", 'ủ'),
    (b"u\xF5", 'ũ'),
    (b"u\xEF", 'ụ'),
    (b"\xF6", 'ư'),
    (b"\xF6\xF8", 'ừ'),
    (b"\xF6\xF9", 'ứ'),
    (b"\xF6\xFB", 'ử'),
    (b"\xF6\xF5", 'ữ'),
    (b"\xF6\xEF", 'ự'),
    (b"y\xF8", 'ỳ'),
    (b"y\xF9", 'ý'),
    (b"y\xFB", 'ỷ'),
    (b"y\xF5", 'ỹ'),
    (b"\xEE", 'ỵ'),
    (b"A\xD8", 'À'),
    (b"A\xD9", 'Á'),
    (b"A\xDB", 'Ả'),
    (b"A\xD5", 'Ã'),
    (b"A\xCF", 'Ạ'),
    (b"A\xCA", 'Ă'),
    (b"A\xC8", 'Ằ'),
    (b"A\xC9", 'Ắ'),
    (b"A\xDA", 'Ẳ'),
    (b"A\xDC", 'Ẵ'),
    (b"A\xCB", 'Ặ'),
    (b"A\xC2", 'Â'),
    (b"A\xC0", 'Ầ'),
    (b"A\xC1", 'Ấ'),
    (b"A\xC5", 'Ẩ'),
    (b"A\xC3", 'Ẫ'),
    (b"A\xC4", 'Ậ'),
    (b"\xD1", 'Đ'),
    (b"E\xD8", 'È'),
    (b"E\xD9", 'É'),
    (b"E\xDB", 'Ẻ'),
    (b"E\xD5", 'Ẽ'),
    (b"E\xCF", 'Ẹ'),
    (b"E\xC2", 'Ê'),
    (b"E\xC0", 'Ề'),
    (b"E\xC1", 'Ế'),
    (b"E\xC5", 'Ể'),
    (b"E\xC3", 'Ễ'),
    (b"E\xC4", 'Ệ'),
    (b"\xCC", 'Ì'),
    (b"\xCD", 'Í'),
    (b"\xC6", 'Ỉ'),
    (b"\xD3", 'Ĩ'),
    (b"\xD2", 'Ị'),
    (b"O\xD8", 'Ò'),
    (b"O\xD9", 'Ó'),
    (b"O\xDB", 'Ỏ'),
    (b"O\xD5", 'Õ'),
    (b"O\xCF", 'Ọ'),
    (b"O\xC2", 'Ô'),
    (b"O\xC0", 'Ồ'),
    (b"O\xC1", 'Ố'),
    (b"O\xC5", 'Ổ'),
    (b"O\xC3", 'Ỗ'),
    (b"O\xC4", 'Ộ'),
    (b"\xD4", 'Ơ'),
    (b"\xD4\xD8", 'Ờ'),
    (b"\xD4\xD9", 'Ớ'),
    (b"\xD4\xDB", 'Ở'),
    (b"\xD4\xD5", 'Ỡ'),
    (b"\xD4\xCF", 'Ợ'),
    (b"U\xD8", 'Ù'),
    (b"U\xD9", 'Ú'),
    (b"U\xDB", 'Ủ'),
    (b"U\xD5", 'Ũ'),
    (b"U\xCF", 'Ụ'),
    (b"\xD6", 'Ư'),
    (b"\xD6\xD8", 'Ừ'),
    (b"\xD6\xD9", 'Ứ'),
    (b"\xD6\xDB", 'Ử'),
    (b"\xD6\xD5", 'Ữ'),
    (b"\xD6\xCF", 'Ự'),
    (b"Y\xD8", 'Ỳ'),
    (b"Y\xD9", 'Ý'),
    (b"Y\xDB", 'Ỷ'),
    (b"Y\xD5", 'Ỹ'),
    (b"\xCE", 'Ỵ'),
];

/// Base bytes that take a mark byte after them, in [`PAIRS`] row order.
const BASES: [u8; 14] = [
    b'a', b'e', b'o', b'u', b'y', 0xF4, 0xF6, b'A', b'E', b'O', b'U', b'Y', 0xD4, 0xD6,
];

/// Mark bytes are 0xC0..=0xFF.
const MARK_FIRST: u8 = 0xC0;

/// `PAIRS[row of base][mark - 0xC0]`: the letter, or `'\0'`.
static PAIRS: [[char; 64]; 14] = build_pairs();

/// Bytes 0x80–0xFF on their own: Windows-1252 overlaid with the one-byte
/// letters.
static SINGLE: [char; 128] = build_single();

const fn base_row(byte: u8) -> Option<usize> {
    let mut row = 0;
    while row < BASES.len() {
        if BASES[row] == byte {
            return Some(row);
        }
        row += 1;
    }
    None
}

const fn build_pairs() -> [[char; 64]; 14] {
    let mut pairs = [['\0'; 64]; 14];
    let mut i = 0;
    while i < LETTERS.len() {
        let (bytes, c) = LETTERS[i];
        if bytes.len() == 2 {
            match base_row(bytes[0]) {
                Some(row) => pairs[row][(bytes[1] - MARK_FIRST) as usize] = c,
                None => panic!("pair without a base"),
            }
        }
        i += 1;
    }
    pairs
}

const fn build_single() -> [char; 128] {
    let mut single = ['\0'; 128];
    let mut i = 0;
    while i < 128 {
        single[i] = cp1252::char_of(0x80 + i as u8);
        i += 1;
    }
    let mut i = 0;
    while i < LETTERS.len() {
        let (bytes, c) = LETTERS[i];
        if bytes.len() == 1 {
            single[(bytes[0] - 0x80) as usize] = c;
        }
        i += 1;
    }
    single
}

/// The letter of a base byte and the byte after it, if they make one.
fn pair(base: u8, mark: u8) -> Option<char> {
    if mark < MARK_FIRST {
        return None;
    }
    let c = PAIRS[base_row(base)?][(mark - MARK_FIRST) as usize];
    (c != '\0').then_some(c)
}

fn single(byte: u8) -> char {
    if byte < 0x80 {
        byte as char
    } else {
        SINGLE[(byte - 0x80) as usize]
    }
}

/// Decodes VNI-Windows bytes.
pub(super) fn decode(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(c) = bytes.get(i + 1).and_then(|&m| pair(b, m)) {
            text.push(c);
            i += 2;
        } else {
            text.push(single(b));
            i += 1;
        }
    }
    text
}

/// Encodes text as VNI-Windows; chars with no code become `?`.
#[cfg(test)]
pub(super) fn encode(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
        } else if let Some((bytes, _)) = LETTERS.iter().find(|(_, l)| *l == c) {
            out.extend_from_slice(bytes);
        } else {
            out.push(cp1252::byte_of(c).unwrap_or(b'?'));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    /// The VNI-Windows table as published (xvnkb's `vni.h` layout): per
    /// vowel, the plain letter then sắc, huyền, hỏi, ngã, nặng, each shown
    /// as the Windows-1252 glyphs a VNI document displays in another font.
    const PUBLISHED: [([&str; 6], &str); 24] = [
        (["a", "aù", "aø", "aû", "aõ", "aï"], "aáàảãạ"),
        (["aâ", "aá", "aà", "aå", "aã", "aä"], "âấầẩẫậ"),
        (["aê", "aé", "aè", "aú", "aü", "aë"], "ăắằẳẵặ"),
        (["e", "eù", "eø", "eû", "eõ", "eï"], "eéèẻẽẹ"),
        (["eâ", "eá", "eà", "eå", "eã", "eä"], "êếềểễệ"),
        (["o", "où", "oø", "oû", "oõ", "oï"], "oóòỏõọ"),
        (["oâ", "oá", "oà", "oå", "oã", "oä"], "ôốồổỗộ"),
        (["ô", "ôù", "ôø", "ôû", "ôõ", "ôï"], "ơớờởỡợ"),
        (["u", "uù", "uø", "uû", "uõ", "uï"], "uúùủũụ"),
        (["ö", "öù", "öø", "öû", "öõ", "öï"], "ưứừửữự"),
        (["i", "í", "ì", "æ", "ó", "ò"], "iíìỉĩị"),
        (["y", "yù", "yø", "yû", "yõ", "î"], "yýỳỷỹỵ"),
        (["A", "AÙ", "AØ", "AÛ", "AÕ", "AÏ"], "AÁÀẢÃẠ"),
        (["AÂ", "AÁ", "AÀ", "AÅ", "AÃ", "AÄ"], "ÂẤẦẨẪẬ"),
        (["AÊ", "AÉ", "AÈ", "AÚ", "AÜ", "AË"], "ĂẮẰẲẴẶ"),
        (["E", "EÙ", "EØ", "EÛ", "EÕ", "EÏ"], "EÉÈẺẼẸ"),
        (["EÂ", "EÁ", "EÀ", "EÅ", "EÃ", "EÄ"], "ÊẾỀỂỄỆ"),
        (["O", "OÙ", "OØ", "OÛ", "OÕ", "OÏ"], "OÓÒỎÕỌ"),
        (["OÂ", "OÁ", "OÀ", "OÅ", "OÃ", "OÄ"], "ÔỐỒỔỖỘ"),
        (["Ô", "ÔÙ", "ÔØ", "ÔÛ", "ÔÕ", "ÔÏ"], "ƠỚỜỞỠỢ"),
        (["U", "UÙ", "UØ", "UÛ", "UÕ", "UÏ"], "UÚÙỦŨỤ"),
        (["Ö", "ÖÙ", "ÖØ", "ÖÛ", "ÖÕ", "ÖÏ"], "ƯỨỪỬỮỰ"),
        (["I", "Í", "Ì", "Æ", "Ó", "Ò"], "IÍÌỈĨỊ"),
        (["Y", "YÙ", "YØ", "YÛ", "YÕ", "Î"], "YÝỲỶỸỴ"),
    ];

    fn bytes_of_glyphs(glyphs: &str) -> Vec<u8> {
        glyphs
            .chars()
            .map(|c| cp1252::byte_of(c).unwrap())
            .collect()
    }

    #[test]
    fn every_published_entry() {
        let mut entries = 0;
        for (glyphs, letters) in PUBLISHED
            .iter()
            .chain(&[(["ñ", "Ñ", "", "", "", ""], "đĐ")])
        {
            for (glyph, letter) in glyphs.iter().zip(letters.chars()) {
                let bytes = bytes_of_glyphs(glyph);
                assert_eq!(decode(&bytes), letter.to_string(), "{glyph} {bytes:02X?}");
                if !glyph.is_ascii() {
                    assert!(
                        LETTERS.contains(&(&bytes[..], letter)),
                        "{glyph} in LETTERS"
                    );
                    entries += 1;
                }
            }
        }
        assert_eq!(entries, LETTERS.len());
    }

    #[test]
    fn every_entry_is_its_base_plus_its_marks() {
        // A third derivation: a mark byte's meaning as combining marks.
        let marks = |m: u8| -> &'static str {
            match m | 0x20 {
                0xF8 => "\u{300}",
                0xF9 => "\u{301}",
                0xFB => "\u{309}",
                0xF5 => "\u{303}",
                0xEF => "\u{323}",
                0xE2 => "\u{302}",
                0xE0 => "\u{302}\u{300}",
                0xE1 => "\u{302}\u{301}",
                0xE5 => "\u{302}\u{309}",
                0xE3 => "\u{302}\u{303}",
                0xE4 => "\u{302}\u{323}",
                0xEA => "\u{306}",
                0xE8 => "\u{306}\u{300}",
                0xE9 => "\u{306}\u{301}",
                0xFA => "\u{306}\u{309}",
                0xFC => "\u{306}\u{303}",
                0xEB => "\u{306}\u{323}",
                _ => panic!("not a mark: {m:#04X}"),
            }
        };
        for (bytes, letter) in LETTERS {
            if let [base, mark] = bytes {
                let base = single(*base).to_string();
                let want: String = (base + marks(*mark)).nfc().collect();
                assert_eq!(want, letter.to_string(), "{bytes:02X?}");
            }
        }
    }

    #[test]
    fn all_134_letters_have_one_spelling() {
        let lower = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
        let upper: String = lower.chars().flat_map(char::to_uppercase).collect();
        for c in lower.chars().chain(upper.chars()) {
            let n = LETTERS.iter().filter(|(_, l)| *l == c).count();
            assert_eq!(n, 1, "{c}");
        }
    }

    #[test]
    fn decodes_words() {
        let cases: [(&str, &str); 7] = [
            ("Vieät Nam", "Việt Nam"),
            ("Xin chaøo caùc baïn", "Xin chào các bạn"),
            ("ñöôïc ngöôøi", "được người"),
            ("nuoâi toâm nöôùc lôï", "nuôi tôm nước lợ"),
            ("ÑAÏI HOÄI ÑAÛNG", "ĐẠI HỘI ĐẢNG"),
            ("khuyeán khích", "khuyến khích"),
            ("“Haø Noäi” – 25°C", "“Hà Nội” – 25°C"),
        ];
        for (glyphs, want) in cases {
            assert_eq!(decode(&bytes_of_glyphs(glyphs)), want, "{glyphs}");
        }
    }

    #[test]
    fn stray_marks_stay_windows_1252() {
        // A mark byte after a letter that takes no mark, or at the end.
        assert_eq!(decode(b"t\xF9 a"), "tù a");
        assert_eq!(decode(b"a"), "a");
        assert_eq!(decode(b"\xF9"), "ù");
    }

    #[test]
    fn encode_then_decode() {
        let text = "Ủy ban nhân dân tỉnh Quảng Ngãi: “Khuyến khích nuôi trồng thủy sản”.";
        assert_eq!(decode(&encode(text)), text);
    }
}
