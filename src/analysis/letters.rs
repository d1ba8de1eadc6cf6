//! The Vietnamese alphabet as data: which letters carry which tone, how a
//! tone is put on a vowel, and how a letter folds to plain ASCII.
//!
//! Everything here works on single lower-case, NFC `char`s and is a `match`
//! or a table lookup: no allocation, no Unicode database walk for the
//! letters Vietnamese actually uses.

/// The five written tones, in the order of the columns of `TONED`.
/// `0` in a [`Tone`] position means "no tone mark" (thanh ngang).
pub type Tone = u8;

/// Vowel bases with their shape marks (ă â ê ô ơ ư), the rows of [`TONED`].
pub const VOWEL_BASES: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// `TONED[row][tone - 1]`: the precomposed vowel for a base and a tone
/// (huyền, sắc, hỏi, ngã, nặng).
pub const TONED: [[char; 5]; 12] = [
    ['à', 'á', 'ả', 'ã', 'ạ'],
    ['ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// Row of a vowel base in [`VOWEL_BASES`], or `None` for a consonant.
#[inline]
fn base_row(base: char) -> Option<usize> {
    Some(match base {
        'a' => 0,
        'ă' => 1,
        'â' => 2,
        'e' => 3,
        'ê' => 4,
        'i' => 5,
        'o' => 6,
        'ô' => 7,
        'ơ' => 8,
        'u' => 9,
        'ư' => 10,
        'y' => 11,
        _ => return None,
    })
}

/// Splits a lower-case vowel into its base (shape mark kept) and its tone.
/// Returns `None` for anything that is not a Vietnamese vowel.
#[inline]
pub fn split_tone(c: char) -> Option<(char, Tone)> {
    if let Some(row) = base_row(c) {
        return Some((VOWEL_BASES[row], 0));
    }
    if c.is_ascii() {
        return None;
    }
    // The toned vowels live in U+00C0..U+01B0 and U+1EA0..U+1EF9: a linear
    // scan of 60 chars only runs for those, never for ASCII text.
    for (row, tones) in TONED.iter().enumerate() {
        if let Some(t) = tones.iter().position(|&x| x == c) {
            return Some((VOWEL_BASES[row], t as Tone + 1));
        }
    }
    None
}

/// Puts `tone` on a vowel base; `tone == 0` returns the base itself.
#[inline]
pub fn with_tone(base: char, tone: Tone) -> char {
    match (base_row(base), tone) {
        (Some(row), 1..=5) => TONED[row][tone as usize - 1],
        _ => base,
    }
}

/// True for a vowel base that carries a shape mark (ă â ê ô ơ ư): in a
/// vowel cluster the tone goes on such a vowel.
#[inline]
pub fn has_shape_mark(base: char) -> bool {
    matches!(base, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

/// Folds a lower-case char to its unmarked letter: tones and shape marks
/// removed, `đ` to `d`. Other accented Latin letters lose their marks too
/// (`ü` to `u`); anything else is returned unchanged.
#[inline]
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    if c == 'đ' {
        return 'd';
    }
    if let Some((base, _)) = split_tone(c) {
        return match base {
            'ă' | 'â' => 'a',
            'ê' => 'e',
            'ô' | 'ơ' => 'o',
            'ư' => 'u',
            other => other,
        };
    }
    // Other scripts and letters: keep the first char of the canonical
    // decomposition when it is a letter and the rest are marks (é -> e,
    // ñ -> n, ç -> c), but not for Hangul, which decomposes into letters.
    let mut first = None;
    let mut rest_are_marks = true;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if first.is_none() {
            first = Some(d);
        } else {
            rest_are_marks &= unicode_normalization::char::is_combining_mark(d);
        }
    });
    match first {
        Some(d) if d != c && rest_are_marks && d.is_alphabetic() => d,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    const MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

    #[test]
    fn every_table_entry_is_base_plus_mark_in_nfc() {
        for (row, base) in VOWEL_BASES.iter().enumerate() {
            for (t, mark) in MARKS.iter().enumerate() {
                let composed: String = [*base, *mark].iter().collect::<String>().nfc().collect();
                assert_eq!(composed, TONED[row][t].to_string(), "{base} + tone {t}");
                assert_eq!(split_tone(TONED[row][t]), Some((*base, t as Tone + 1)));
                assert_eq!(with_tone(*base, t as Tone + 1), TONED[row][t]);
            }
            assert_eq!(split_tone(*base), Some((*base, 0)));
        }
    }

    #[test]
    fn folding_table() {
        let cases = [
            ('a', 'a'),
            ('ắ', 'a'),
            ('ầ', 'a'),
            ('ể', 'e'),
            ('ị', 'i'),
            ('ờ', 'o'),
            ('ổ', 'o'),
            ('ự', 'u'),
            ('ỹ', 'y'),
            ('đ', 'd'),
            ('ü', 'u'),
            ('ñ', 'n'),
            ('ç', 'c'),
            ('ǰ', 'j'),
            ('ǖ', 'u'),
            ('ΐ', 'ι'),
            // Hangul decomposes into jamo, which are letters, not marks
            ('한', '한'),
            ('7', '7'),
            ('中', '中'),
            ('\u{301}', '\u{301}'),
        ];
        for (input, want) in cases {
            assert_eq!(fold_char(input), want, "fold {input:?}");
        }
    }

    #[test]
    fn consonants_have_no_tone() {
        for c in ['b', 'đ', 'q', 'z', '1', ' '] {
            assert_eq!(split_tone(c), None, "{c:?}");
        }
    }
}
