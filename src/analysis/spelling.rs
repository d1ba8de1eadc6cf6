//! Spelling variants of one syllable that Vietnamese writes both ways.
//!
//! After a consonant, `i` and `y` spell the same vowel, and both spellings
//! are in use, often in one text: `lý`/`lí`, `kỹ`/`kĩ`, `Mỹ`/`Mĩ`,
//! `tỷ`/`tỉ`, `sỹ`/`sĩ`, `quy định`/`qui định`. [`canonicalize_i_y`] writes
//! such a syllable with `i`, so both spellings are one token. `y` alone
//! (`ý kiến`, `y tế`) and `y` in a vowel cluster (`thuỷ`, `huy`, `tay`,
//! `khuya`) are different sounds and are left alone.

/// Onsets after which a lone `y` is read as `i` (qu included: `quý`/`quí`).
const ONSETS: &[&str] = &[
    "b", "c", "ch", "d", "đ", "h", "k", "kh", "l", "m", "n", "nh", "p", "ph", "qu", "r", "s", "t",
    "th", "tr", "v", "x",
];

/// `y` with each tone, and the `i` with the same tone.
const Y_TO_I: [(char, char); 6] = [
    ('y', 'i'),
    ('ỳ', 'ì'),
    ('ý', 'í'),
    ('ỷ', 'ỉ'),
    ('ỹ', 'ĩ'),
    ('ỵ', 'ị'),
];

/// Rewrites `word` (lower case, NFC) in place when it is an onset followed
/// by a lone `y`. Returns true if it changed. Never allocates.
pub fn canonicalize_i_y(word: &mut String) -> bool {
    let Some(last) = word.chars().next_back() else {
        return false;
    };
    let Some(&(_, i)) = Y_TO_I.iter().find(|(y, _)| *y == last) else {
        return false;
    };
    let onset_end = word.len() - last.len_utf8();
    if !ONSETS.contains(&&word[..onset_end]) {
        return false;
    }
    let mut buf = [0u8; 4];
    word.replace_range(onset_end.., i.encode_utf8(&mut buf));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("lý", "lí"),
            ("lí", "lí"),
            ("kỹ", "kĩ"),
            ("mỹ", "mĩ"),
            ("tỷ", "tỉ"),
            ("sỹ", "sĩ"),
            ("kỳ", "kì"),
            ("hy", "hi"),
            ("ty", "ti"),
            ("quy", "qui"),
            ("quý", "quí"),
            ("thy", "thi"),
            ("vỵ", "vị"),
            // y alone, or in a cluster: another vowel, unchanged
            ("y", "y"),
            ("ý", "ý"),
            ("thuỷ", "thuỷ"),
            ("huy", "huy"),
            ("tay", "tay"),
            ("khuya", "khuya"),
            ("yêu", "yêu"),
            ("nguyễn", "nguyễn"),
            // not a Vietnamese onset, or not a syllable
            ("sty", "sty"),
            ("city", "city"),
            ("gy", "gy"),
            ("", ""),
        ];
        for (input, want) in cases {
            let mut w = input.to_string();
            let changed = canonicalize_i_y(&mut w);
            assert_eq!(w, want, "{input}");
            assert_eq!(changed, input != want, "{input}");
        }
    }
}
