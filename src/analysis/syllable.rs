//! One canonical tone placement per Vietnamese syllable.
//!
//! Vietnamese is written with two tone-placement habits: `hòa`, `thủy`,
//! `khỏe` (tone on the first vowel of an open `oa`/`oe`/`uy`) and `hoà`,
//! `thuỷ`, `khoẻ` (tone on the second). Careless typing and old fonts add
//! more variants. [`canonicalize_tone`] takes the toneless letters and the
//! tone, and puts the tone back where the modern rule says it goes, so every
//! spelling of a syllable becomes the same token.
//!
//! The rule, on the vowel cluster (the run of vowels after the onset, where
//! the `u` of `qu` and the `i` of `gi` belong to the onset):
//! 1. on the last vowel with a shape mark (`ă â ê ô ơ ư`): `thuế`, `người`;
//! 2. else on the only vowel;
//! 3. else, with a final consonant, on the last vowel: `hoàng`, `huỳnh`;
//! 4. else for open `oa`, `oe`, `uy`, on the second: `hoà`, `khoẻ`, `thuỷ`;
//! 5. else on the first of two (`mùa`, `hài`) or the middle of three
//!    (`ngoài`, `khuỷu`).
//!
//! Words that are not one Vietnamese syllable (loan words, two tone marks,
//! more than one vowel run) are left as they are.

use super::letters::{has_shape_mark, split_tone, with_tone, Tone};

/// Longest syllable considered, in chars (`nghiêng` has 7).
const MAX_SYLLABLE: usize = 10;

/// Rewrites `word` (lower case, NFC) in place so that its tone mark sits on
/// the canonical vowel. `scratch` is a reused buffer; nothing is allocated
/// once it has grown to a syllable's size. Returns true if `word` changed.
pub fn canonicalize_tone(word: &mut String, scratch: &mut String) -> bool {
    // Only non-ASCII words can carry a tone.
    if word.is_ascii() {
        return false;
    }
    let mut bases = ['\0'; MAX_SYLLABLE];
    let mut is_vowel = [false; MAX_SYLLABLE];
    let mut len = 0;
    let mut tone: Tone = 0;
    let mut toned_at = usize::MAX;
    for c in word.chars() {
        if len == MAX_SYLLABLE {
            return false;
        }
        match split_tone(c) {
            Some((base, t)) => {
                if t != 0 {
                    if tone != 0 {
                        return false; // two tone marks: not one syllable
                    }
                    tone = t;
                    toned_at = len;
                }
                bases[len] = base;
                is_vowel[len] = true;
            }
            None if c.is_ascii_lowercase() || c == 'đ' => bases[len] = c,
            None => return false,
        }
        len += 1;
    }
    if tone == 0 {
        return false;
    }
    let Some(target) = tone_position(&bases[..len], &is_vowel[..len]) else {
        return false;
    };
    if target == toned_at {
        return false;
    }
    scratch.clear();
    for (i, &base) in bases[..len].iter().enumerate() {
        scratch.push(if i == target {
            with_tone(base, tone)
        } else {
            base
        });
    }
    std::mem::swap(word, scratch);
    true
}

/// Index of the letter that carries the tone, or `None` when the letters
/// are not one syllable.
fn tone_position(bases: &[char], is_vowel: &[bool]) -> Option<usize> {
    let len = bases.len();
    let mut start = is_vowel.iter().position(|&v| v)?;
    let mut end = start;
    while end < len && is_vowel[end] {
        end += 1;
    }
    if is_vowel[end..].iter().any(|&v| v) {
        return None; // a second vowel run: a loan word such as "covid"
    }
    // The `u` of `qu` and the `i` of `gi` are part of the onset when another
    // vowel follows: `quả`, `giờ` (but `gì` keeps its `i`).
    if start == 1 && end - start > 1 {
        let onset = (bases[0], bases[1]);
        if onset == ('q', 'u') || onset == ('g', 'i') {
            start += 1;
        }
    }
    let cluster = &bases[start..end];
    if let Some(i) = cluster.iter().rposition(|&b| has_shape_mark(b)) {
        return Some(start + i);
    }
    let has_final = end < len;
    Some(match cluster.len() {
        1 => start,
        _ if has_final => end - 1,
        2 => match (cluster[0], cluster[1]) {
            ('o', 'a') | ('o', 'e') | ('u', 'y') => start + 1,
            _ => start,
        },
        3 => start + 1,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> String {
        let mut word = s.to_string();
        let mut scratch = String::new();
        canonicalize_tone(&mut word, &mut scratch);
        word
    }

    #[test]
    fn oa_oe_uy_every_tone_both_styles() {
        // (first-vowel style, second-vowel style): both give the second.
        let cases = [
            ("hòa", "hoà"),
            ("hóa", "hoá"),
            ("hỏa", "hoả"),
            ("hõa", "hoã"),
            ("họa", "hoạ"),
            ("khòe", "khoè"),
            ("khóe", "khoé"),
            ("khỏe", "khoẻ"),
            ("khõe", "khoẽ"),
            ("khọe", "khoẹ"),
            ("thùy", "thuỳ"),
            ("thúy", "thuý"),
            ("thủy", "thuỷ"),
            ("thũy", "thuỹ"),
            ("thụy", "thuỵ"),
        ];
        for (old, new) in cases {
            assert_eq!(canon(old), new, "{old}");
            assert_eq!(canon(new), new, "{new}");
        }
    }

    #[test]
    fn placement_rules() {
        let cases = [
            // shape-marked vowel wins
            ("thúê", "thuế"),
            ("ngừơi", "người"),
            ("người", "người"),
            ("mứa", "mứa"),
            ("tuyển", "tuyển"),
            ("khuýên", "khuyến"),
            // single vowel
            ("tăng", "tăng"),
            ("tầng", "tầng"),
            ("tặng", "tặng"),
            // final consonant: last vowel
            ("hòang", "hoàng"),
            ("hoàng", "hoàng"),
            ("húynh", "huýnh"),
            ("tóan", "toán"),
            // open two-vowel clusters other than oa/oe/uy: first
            ("muà", "mùa"),
            ("mùa", "mùa"),
            ("haì", "hài"),
            ("mía", "mía"),
            ("núi", "núi"),
            // three vowels: middle
            ("ngòai", "ngoài"),
            ("ngoaì", "ngoài"),
            ("khủyu", "khuỷu"),
            ("xoáy", "xoáy"),
            // onsets qu and gi
            ("qủa", "quả"),
            ("quả", "quả"),
            ("quý", "quý"),
            ("qúy", "quý"),
            ("gìơ", "giờ"),
            ("giờ", "giờ"),
            ("gì", "gì"),
            ("giữa", "giữa"),
            // not one syllable, or not Vietnamese: unchanged
            ("cóvid", "cóvid"),
            ("hòá", "hòá"),
            ("café", "café"),
            ("naïve", "naïve"),
            ("đà", "đà"),
        ];
        for (input, want) in cases {
            assert_eq!(canon(input), want, "{input}");
        }
    }

    #[test]
    fn ascii_and_overlong_words_are_untouched() {
        assert_eq!(canon("tang"), "tang");
        let long = "nghiêngnghiêngà";
        assert_eq!(canon(long), long);
    }
}
