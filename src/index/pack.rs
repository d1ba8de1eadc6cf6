//! Stored text with each lowercase Vietnamese letter that carries a mark
//! in one byte instead of two or three, before zstd compresses it.
//!
//! In UTF-8, `ế` is three bytes (`E1 BB BF`) and `ư` two; a Vietnamese
//! passage is about a fifth such letters. zstd codes each of those bytes
//! as a literal or inside a match, so a letter costs it up to three
//! symbols where one would do. Written here as one byte each, the news
//! benchmark's passages shrink from 125.4 to 98.0 MiB before compression
//! and from 51.6 to 47.8 MiB after it (one frame a passage, level 3, a
//! dictionary trained on the first 2 MiB of each form; measured with a
//! temporary example), for no more time to compress.
//!
//! The 67 letters (`à` … `ỵ` and `đ`) take the bytes that cannot begin a
//! UTF-8 character: `0x80`-`0xC1` (continuation bytes and the two
//! overlong leads) and `0xF5`-`0xFF`. Every other character keeps its UTF-8
//! bytes, so the packed form of a string is read back without ambiguity:
//! at each character's start, a byte below `0x80` is ASCII, a code byte is
//! its letter, and a lead byte (`0xC2`-`0xF4`) begins a UTF-8 character
//! of two to four bytes. Uppercase and decomposed (NFD) letters stay as
//! they are: there are not codes enough for them, and they are rare.

/// The letters packed, in the order of [`CODES`].
const LETTERS: [char; 67] = [
    'à', 'á', 'ả', 'ã', 'ạ', 'ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ', 'â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ', 'è', 'é',
    'ẻ', 'ẽ', 'ẹ', 'ê', 'ề', 'ế', 'ể', 'ễ', 'ệ', 'ì', 'í', 'ỉ', 'ĩ', 'ị', 'ò', 'ó', 'ỏ', 'õ', 'ọ',
    'ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ', 'ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ', 'ù', 'ú', 'ủ', 'ũ', 'ụ', 'ư', 'ừ',
    'ứ', 'ử', 'ữ', 'ự', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ', 'đ',
];

/// The byte of `LETTERS[i]` is `CODES[i]`: bytes no UTF-8 character
/// begins with.
const CODES: [u8; 67] = {
    let mut codes = [0u8; 67];
    let mut i = 0;
    while i < 67 {
        codes[i] = if i < 66 { 0x80 + i as u8 } else { 0xF5 };
        i += 1;
    }
    codes
};

/// The UTF-8 bytes of each code's letter, by `code - 0x80`, and their
/// number (0: the byte is no code).
const UTF8_OF: [([u8; 3], u8); 128] = {
    let mut table = [([0u8; 3], 0u8); 128];
    let mut i = 0;
    while i < 67 {
        let mut utf8 = [0u8; 3];
        let len = LETTERS[i].encode_utf8(&mut utf8).len();
        table[(CODES[i] - 0x80) as usize] = (utf8, len as u8);
        i += 1;
    }
    table
};

/// The packed letters below U+0200 (`à` … `ư`) and from U+1EA0 (`ạ` …
/// `ỹ`): their codes by code point, 0 for none.
const LOW: usize = 0x200;
const HIGH: u32 = 0x1EA0;
const CODE_OF: ([u8; LOW], [u8; 0x60]) = {
    let mut low = [0u8; LOW];
    let mut high = [0u8; 0x60];
    let mut i = 0;
    while i < 67 {
        let c = LETTERS[i] as u32;
        if (c as usize) < LOW {
            low[c as usize] = CODES[i];
        } else {
            high[(c - HIGH) as usize] = CODES[i];
        }
        i += 1;
    }
    (low, high)
};

/// The code of `c`, if it is one of the letters packed.
fn code_of(c: char) -> Option<u8> {
    let c = c as u32;
    let code = if (c as usize) < LOW {
        CODE_OF.0[c as usize]
    } else if (HIGH..HIGH + 0x60).contains(&c) {
        CODE_OF.1[(c - HIGH) as usize]
    } else {
        0
    };
    (code != 0).then_some(code)
}

/// Appends the packed form of `text` to `out`.
pub fn pack_into(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    for (at, c) in text.char_indices() {
        if c.is_ascii() {
            continue;
        }
        if let Some(code) = code_of(c) {
            out.extend_from_slice(&bytes[copied..at]);
            out.push(code);
            copied = at + c.len_utf8();
        }
    }
    out.extend_from_slice(&bytes[copied..]);
}

/// The text whose packed form is `packed`; `None` when `packed` is not the
/// packed form of any text (a cut or corrupt frame).
///
/// Written byte by byte into a buffer large enough for any packed text
/// (a code becomes at most three bytes), then checked as UTF-8 once, with
/// SIMD (encoding_rs): pushing to a `String` a character at a time took
/// more instructions than zstd's decompression.
pub fn unpack(packed: &[u8]) -> Option<String> {
    let mut out = vec![0u8; packed.len() * 3];
    let mut n = 0;
    // Continuation bytes still due to a UTF-8 character copied as it is:
    // copied whatever their value (they share theirs with codes).
    let mut due = 0u8;
    for &b in packed {
        if b < 0x80 || due > 0 {
            out[n] = b;
            n += 1;
            due = due.saturating_sub(1);
            continue;
        }
        let (utf8, len) = UTF8_OF[usize::from(b - 0x80)];
        if len > 0 {
            out[n..n + 3].copy_from_slice(&utf8);
            n += usize::from(len);
            continue;
        }
        due = match b {
            0xC2..=0xDF => 1,
            0xE0..=0xEF => 2,
            0xF0..=0xF4 => 3,
            _ => return None,
        };
        out[n] = b;
        n += 1;
    }
    // A corrupt frame may still hold broken UTF-8 (a character cut short,
    // or ASCII where a continuation was due): checked here.
    out.truncate(n);
    super::store::utf8(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn packed(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        pack_into(text, &mut out);
        out
    }

    #[test]
    fn letters_codes_and_lengths() {
        // (text, packed length): each marked lowercase letter one byte.
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("abc 2,91%", 9),
            ("tăng trưởng", 11),
            ("Đồng Nai", 8 + 1), // `Đ` (uppercase) stays two bytes
            ("hoà hòa", 7),
            ("thuý", 4),
            ("tie\u{0302}\u{0301}ng", 3 + 4 + 2), // NFD: combining marks stay
            ("中文 😀", 3 + 3 + 1 + 4),
            ("đ", 1),
        ];
        for &(text, len) in cases {
            let p = packed(text);
            assert_eq!(p.len(), len, "{text:?} packs to {p:?}");
            assert_eq!(unpack(&p).as_deref(), Some(text), "{text:?}");
        }
    }

    #[test]
    fn every_letter_round_trips_and_codes_are_distinct() {
        let mut seen = std::collections::HashSet::new();
        for (&letter, &code) in LETTERS.iter().zip(&CODES) {
            assert!(seen.insert(code), "code {code:#x} twice");
            assert!(
                !(0xC2..=0xF4).contains(&code) && code >= 0x80,
                "{code:#x} could begin a UTF-8 character"
            );
            assert_eq!(code_of(letter), Some(code));
            let text = letter.to_string();
            assert_eq!(packed(&text), [code]);
            assert_eq!(unpack(&[code]).as_deref(), Some(text.as_str()));
        }
        assert_eq!(code_of('a'), None);
        assert_eq!(code_of('Ế'), None);
    }

    #[test]
    fn bytes_that_are_no_packed_text_are_none() {
        // Unused codes, a cut sequence, a stray continuation after a lead.
        for bad in [
            &[0xF6][..],
            &[0xFF],
            &[b'a', 0xE1, 0xBB],
            &[0xE1, 0x80],
            &[0xC2],
        ] {
            assert_eq!(unpack(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn any_text_round_trips(text in "\\PC*") {
            prop_assert_eq!(unpack(&packed(&text)), Some(text));
        }

        #[test]
        fn vietnamese_text_round_trips(text in "[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐẾ ,.%0-9]*") {
            let p = packed(&text);
            prop_assert!(p.len() <= text.len());
            prop_assert_eq!(unpack(&p), Some(text));
        }

        #[test]
        fn any_bytes_unpack_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            // Whatever they are, valid UTF-8 out or None.
            let _ = unpack(&bytes);
        }
    }
}
