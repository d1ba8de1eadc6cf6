//! Query variants: the same question as people type it on other keyboards
//! and in other editors.
//!
//! - `orig`: as given;
//! - `noaccent`: every tone and vowel mark removed, `đ` to `d` (a keyboard
//!   without Vietnamese input);
//! - `nfd`: Unicode NFD (macOS file names, some editors);
//! - `tone_swap`: the tone of an open `oa`, `oe`, `uy` moved to the other
//!   vowel (`hoà` ↔ `hòa`, `thuỷ` ↔ `thủy`), the other placement style.

use unicode_normalization::UnicodeNormalization;

use crate::analysis::{split_tone, with_tone};

/// A way of rewriting a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Orig,
    NoAccent,
    Nfd,
    ToneSwap,
}

impl Variant {
    /// All variants, in table order.
    pub const ALL: [Variant; 4] = [
        Variant::Orig,
        Variant::NoAccent,
        Variant::Nfd,
        Variant::ToneSwap,
    ];

    /// The name used in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Orig => "orig",
            Variant::NoAccent => "noaccent",
            Variant::Nfd => "nfd",
            Variant::ToneSwap => "tone_swap",
        }
    }

    /// Rewrites `text`.
    pub fn apply(self, text: &str) -> String {
        match self {
            Variant::Orig => text.to_string(),
            Variant::NoAccent => remove_accents(text),
            Variant::Nfd => text.nfd().collect(),
            Variant::ToneSwap => swap_tones(text),
        }
    }
}

/// Removes every combining mark after NFD, and maps `đ`/`Đ` to `d`/`D`.
pub fn remove_accents(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Moves the tone of open `oa`, `oe`, `uy` syllables to the other vowel.
pub fn swap_tones(text: &str) -> String {
    let text: String = text.nfc().collect();
    let mut out = String::with_capacity(text.len());
    let mut word: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        swap_word(&mut word);
        out.extend(word.drain(..));
        out.push(c);
    }
    swap_word(&mut word);
    out.extend(word);
    out
}

fn swap_word(word: &mut [char]) {
    let n = word.len();
    if n < 2 {
        return;
    }
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let (a, b) = (lower(word[n - 2]), lower(word[n - 1]));
    let (Some((base_a, tone_a)), Some((base_b, tone_b))) = (split_tone(a), split_tone(b)) else {
        return;
    };
    if !matches!((base_a, base_b), ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return;
    }
    // `quý`: the u belongs to the onset; nothing to swap.
    if base_a == 'u' && n >= 3 && lower(word[n - 3]) == 'q' {
        return;
    }
    let (from_a, tone) = match (tone_a, tone_b) {
        (t, 0) if t != 0 => (true, t),
        (0, t) if t != 0 => (false, t),
        _ => return,
    };
    let recase = |orig: char, new: char| {
        if orig.is_uppercase() {
            new.to_uppercase().next().unwrap_or(new)
        } else {
            new
        }
    };
    let (new_a, new_b) = if from_a {
        (base_a, with_tone(base_b, tone))
    } else {
        (with_tone(base_a, tone), base_b)
    };
    word[n - 2] = recase(word[n - 2], new_a);
    word[n - 1] = recase(word[n - 1], new_b);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_table() {
        let cases = [
            (
                Variant::NoAccent,
                "Đồng Nai tăng trưởng 2,91%",
                "Dong Nai tang truong 2,91%",
            ),
            (Variant::NoAccent, "hoà thuỷ khoẻ", "hoa thuy khoe"),
            (
                Variant::ToneSwap,
                "hoà bình, thuỷ sản, sức khoẻ",
                "hòa bình, thủy sản, sức khỏe",
            ),
            (Variant::ToneSwap, "hòa thủy khỏe", "hoà thuỷ khoẻ"),
            (Variant::ToneSwap, "HOÀ Thuỷ", "HÒA Thủy"),
            (Variant::ToneSwap, "quý hoàng toán", "quý hoàng toán"),
            (Variant::ToneSwap, "Điều 5?", "Điều 5?"),
            (Variant::Orig, "tăng", "tăng"),
        ];
        for (variant, input, want) in cases {
            assert_eq!(
                variant.apply(input),
                want,
                "{} of {input:?}",
                variant.name()
            );
        }
        assert_eq!(Variant::Nfd.apply("ă"), "a\u{306}");
    }
}
