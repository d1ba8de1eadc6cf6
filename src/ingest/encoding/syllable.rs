//! How Vietnamese a decoded text looks: the share of its accented words that
//! are well-formed Vietnamese syllables.
//!
//! Detection decodes a file's bytes with each candidate encoding and keeps
//! the one whose text scores best. A wrong guess turns accented letters into
//! Latin-1 symbols, stray marks or letters in impossible places (`c¸c`,
//! `Vieät`, `viờũt`), so checking the structure of a syllable — onset,
//! vowel cluster, final consonant, at most one tone, and only sắc or nặng
//! before a stop `c ch p t` — tells the right decoding from the wrong ones.
//!
//! Only words with a non-ASCII char are scored: ASCII words read the same
//! in every candidate and say nothing about the encoding.

/// Vowel bases (with their shape marks) and their toned forms, in the order
/// huyền, sắc, hỏi, ngã, nặng.
const TONED: [(char, [char; 5]); 12] = [
    ('a', ['à', 'á', 'ả', 'ã', 'ạ']),
    ('ă', ['ằ', 'ắ', 'ẳ', 'ẵ', 'ặ']),
    ('â', ['ầ', 'ấ', 'ẩ', 'ẫ', 'ậ']),
    ('e', ['è', 'é', 'ẻ', 'ẽ', 'ẹ']),
    ('ê', ['ề', 'ế', 'ể', 'ễ', 'ệ']),
    ('i', ['ì', 'í', 'ỉ', 'ĩ', 'ị']),
    ('o', ['ò', 'ó', 'ỏ', 'õ', 'ọ']),
    ('ô', ['ồ', 'ố', 'ổ', 'ỗ', 'ộ']),
    ('ơ', ['ờ', 'ớ', 'ở', 'ỡ', 'ợ']),
    ('u', ['ù', 'ú', 'ủ', 'ũ', 'ụ']),
    ('ư', ['ừ', 'ứ', 'ử', 'ữ', 'ự']),
    ('y', ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ']),
];

/// A tone: 0 for none (ngang), else 1 + its column in [`TONED`].
type Tone = u8;
const SAC: Tone = 2;
const NANG: Tone = 5;

/// Splits a lower-case Vietnamese vowel into its base and tone.
pub(super) fn split_tone(c: char) -> Option<(char, Tone)> {
    for (base, toned) in &TONED {
        if c == *base {
            return Some((c, 0));
        }
        if let Some(i) = toned.iter().position(|&t| t == c) {
            return Some((*base, i as Tone + 1));
        }
    }
    None
}

/// Puts `tone` (1..=5) on a lower-case vowel base.
#[cfg(test)]
pub(super) fn with_tone(base: char, tone: Tone) -> char {
    match TONED.iter().find(|(b, _)| *b == base) {
        Some((_, toned)) if (1..=5).contains(&tone) => toned[tone as usize - 1],
        _ => base,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// Consonant letters of the Vietnamese alphabet (no f, j, w, z).
fn is_consonant(c: char) -> bool {
    matches!(
        c,
        'b' | 'c'
            | 'd'
            | 'đ'
            | 'g'
            | 'h'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 'q'
            | 'r'
            | 's'
            | 't'
            | 'v'
            | 'x'
    )
}

/// Initial consonants, longest first so that `ngh` wins over `ng` and `n`.
const ONSETS: [&[char]; 27] = [
    &['n', 'g', 'h'],
    &['c', 'h'],
    &['g', 'h'],
    &['g', 'i'],
    &['k', 'h'],
    &['n', 'g'],
    &['n', 'h'],
    &['p', 'h'],
    &['q', 'u'],
    &['t', 'h'],
    &['t', 'r'],
    &['b'],
    &['c'],
    &['d'],
    &['đ'],
    &['g'],
    &['h'],
    &['k'],
    &['l'],
    &['m'],
    &['n'],
    &['p'],
    &['r'],
    &['s'],
    &['t'],
    &['v'],
    &['x'],
];

/// Whether a vowel cluster stands alone, needs a final consonant, or takes
/// either.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Final {
    None,
    Needed,
    Either,
}

/// A vowel cluster (tone removed) of a Vietnamese rhyme: whether it takes a
/// final consonant, and which of its vowels may carry the tone mark (a bit
/// per vowel). The tone sits on the main vowel; only `oa`, `oe`, `uy` have
/// two accepted places, the old (`hoà`, `khoẻ`, `thuỷ`) and the new (`hòa`,
/// `khỏe`, `thủy`).
fn cluster(vowels: &[char]) -> Option<(Final, u8)> {
    use Final::*;
    const FIRST: u8 = 0b001;
    const SECOND: u8 = 0b010;
    const THIRD: u8 = 0b100;
    Some(match vowels {
        ['a'] | ['e'] | ['ê'] | ['i'] | ['o'] | ['ô'] | ['ơ'] | ['u'] | ['ư'] => {
            (Either, FIRST)
        }
        ['ă'] | ['â'] => (Needed, FIRST),
        ['y'] => (None, FIRST),
        ['o', 'a'] | ['o', 'e'] | ['u', 'y'] => (Either, FIRST | SECOND),
        ['u', 'ê'] => (Either, SECOND),
        ['o', 'ă'] | ['u', 'â'] | ['i', 'ê'] | ['y', 'ê'] | ['u', 'ô'] | ['ư', 'ơ'] => {
            (Needed, SECOND)
        }
        ['u', 'y', 'ê'] => (Needed, THIRD),
        ['a', 'i'] | ['a', 'o'] | ['a', 'u'] | ['a', 'y'] | ['â', 'u'] | ['â', 'y'] => {
            (None, FIRST)
        }
        ['e', 'o'] | ['ê', 'u'] | ['i', 'a'] | ['i', 'u'] | ['o', 'i'] | ['ô', 'i'] => {
            (None, FIRST)
        }
        ['ơ', 'i'] | ['u', 'a'] | ['u', 'i'] | ['ư', 'a'] | ['ư', 'i'] | ['ư', 'u'] => {
            (None, FIRST)
        }
        ['u', 'ơ'] => (None, SECOND),
        ['i', 'ê', 'u'] | ['y', 'ê', 'u'] | ['o', 'a', 'i'] | ['o', 'a', 'y'] => (None, SECOND),
        ['o', 'a', 'o'] | ['o', 'e', 'o'] | ['u', 'â', 'y'] | ['u', 'ô', 'i'] => (None, SECOND),
        ['u', 'y', 'a'] | ['u', 'y', 'u'] | ['ư', 'ơ', 'i'] | ['ư', 'ơ', 'u'] => (None, SECOND),
        _ => return Option::None,
    })
}

/// Longest syllable considered, in letters (`nghiêng` has 7).
const MAX_LETTERS: usize = 8;

/// True if `word` (lower case, NFC) is one well-formed Vietnamese syllable:
/// onset, vowel cluster, final consonant, at most one tone mark.
pub(super) fn is_syllable(word: &str) -> bool {
    let mut letters = ['\0'; MAX_LETTERS];
    let mut len = 0;
    let mut tone: Tone = 0;
    let mut toned_at = 0;
    for c in word.chars() {
        if len == MAX_LETTERS {
            return false;
        }
        let base = match split_tone(c) {
            Some((base, t)) => {
                if t != 0 {
                    if tone != 0 {
                        return false;
                    }
                    tone = t;
                    toned_at = len;
                }
                base
            }
            None if is_consonant(c) => c,
            None => return false,
        };
        letters[len] = base;
        len += 1;
    }
    let letters = &letters[..len];
    let mut onset = ONSETS
        .iter()
        .find(|o| letters.starts_with(o))
        .map_or(&[][..], |o| *o);
    // `gì`, `gìn`: with no vowel after it, the `i` of `gi` is the vowel.
    if onset == ['g', 'i'] && !letters.get(2).is_some_and(|&c| is_vowel(c)) {
        onset = &['g'];
    }
    let rest = &letters[onset.len()..];
    let vowels = rest.iter().take_while(|&&c| is_vowel(c)).count();
    if vowels == 0 {
        return false;
    }
    let (cluster, coda) = rest.split_at(vowels);
    let stop = match coda {
        [] | ['m'] | ['n'] | ['n', 'g'] | ['n', 'h'] => false,
        // `k` only ends place names of the Central Highlands (Đắk Lắk).
        ['c'] | ['c', 'h'] | ['p'] | ['t'] | ['k'] => true,
        _ => return false,
    };
    if stop && tone != SAC && tone != NANG {
        return false;
    }
    let (final_consonant, tone_places) = match (onset, cluster) {
        // After `qu` the `u` is a glide: `quý`, `quýt`, `quỳnh`.
        (['q', 'u'], ['y']) => (Final::Either, 1),
        _ => match self::cluster(cluster) {
            Some(kind) => kind,
            None => return false,
        },
    };
    let final_ok = match final_consonant {
        Final::None => coda.is_empty(),
        Final::Needed => !coda.is_empty(),
        Final::Either => true,
    };
    // A tone on the `u` of `qu` or the `i` of `gi` is misplaced too.
    let tone_ok = tone == 0
        || toned_at
            .checked_sub(onset.len())
            .is_some_and(|place| place < vowels && tone_places & (1 << place) != 0);
    final_ok && tone_ok
}

/// Accented words seen in a text, and how many are Vietnamese syllables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Score {
    pub words: usize,
    pub syllables: usize,
}

impl Score {
    /// Share of accented words that are syllables (0 with no such words).
    pub fn share(self) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            self.syllables as f64 / self.words as f64
        }
    }

    /// True if `self` is the better evidence: a larger share, or the same
    /// share over more words.
    pub fn beats(self, other: Score) -> bool {
        // Cross-multiplied to compare shares exactly.
        let mine = self.syllables * other.words.max(1);
        let theirs = other.syllables * self.words.max(1);
        mine > theirs || (mine == theirs && self.syllables > other.syllables)
    }
}

/// Word separators: whitespace, ASCII punctuation and digits, and general
/// punctuation (curly quotes, dashes, ellipsis). Everything else, Latin-1
/// symbols included, stays in the word so a wrong decoding shows.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || (c.is_ascii() && !c.is_ascii_alphabetic())
        || ('\u{2000}'..='\u{206F}').contains(&c)
}

/// `thƠ`, `nÊu`: a capital inside a lower-case word, as a wrong decoding
/// makes of a lower-case letter. (After a non-ASCII lower-case letter a
/// capital is fine: TCVN3 writes capitals such as `Ủ` with lower-case codes,
/// `ủY`.)
fn has_capital_after_ascii_lower(word: &str) -> bool {
    let mut after_lower = false;
    for c in word.chars() {
        if after_lower && c.is_uppercase() {
            return true;
        }
        after_lower = c.is_ascii_lowercase();
    }
    false
}

/// Scores the accented words of `text`.
pub(super) fn score(text: &str) -> Score {
    let mut score = Score::default();
    let mut lower = String::new();
    for word in text.split(is_separator) {
        if word.is_ascii() {
            continue;
        }
        score.words += 1;
        if has_capital_after_ascii_lower(word) {
            continue;
        }
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        if is_syllable(&lower) {
            score.syllables += 1;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn toned_table_is_base_plus_combining_mark() {
        let marks = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
        for (base, toned) in &TONED {
            for (i, mark) in marks.iter().enumerate() {
                let composed: String = [*base, *mark].iter().collect::<String>().nfc().collect();
                assert_eq!(composed, toned[i].to_string(), "{base} + tone {}", i + 1);
                assert_eq!(split_tone(toned[i]), Some((*base, i as Tone + 1)));
                assert_eq!(with_tone(*base, i as Tone + 1), toned[i]);
            }
        }
    }

    #[test]
    fn vietnamese_syllables_are_accepted() {
        let words = [
            "các",
            "được",
            "người",
            "nghiêng",
            "khuỷu",
            "quý",
            "quýt",
            "quỳnh",
            "quốc",
            "gì",
            "gìn",
            "giữ",
            "giường",
            "giếng",
            "khuya",
            "chuyện",
            "thuở",
            "hoà",
            "hòa",
            "thuỷ",
            "thủy",
            "khoẻ",
            "xoắn",
            "tuần",
            "rượu",
            "yêu",
            "ngoài",
            "khuấy",
            "đắk",
            "việt",
            "ở",
            "ấy",
            "ạch",
            "huỳnh",
            "tỷ",
            "mỹ",
            "đồng",
            "ơn",
            "ướt",
        ];
        for w in words {
            assert!(is_syllable(w), "{w}");
        }
    }

    #[test]
    fn malformed_words_are_rejected() {
        let words = [
            // Wrong decodings of real words.
            "c¸c",
            "vieät",
            "chaøo",
            "viờũt",
            "viưt",
            "ñöôïc",
            "thuû",
            "tÄƒng",
            "ă",
            // Two tones, impossible clusters, finals, or tones before a stop.
            "hóà",
            "ieo",
            "aưo",
            "têt",
            "bắcx",
            "đat",
            "fé",
            "qú",
            "ngoạii",
            "ổ",
        ];
        for w in words {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn score_counts_only_accented_words() {
        let s = score("Theo Tổng cục Thống kê, c¸c 2024 “ngày” ABC thƠ.");
        assert_eq!(
            s,
            Score {
                words: 7,
                syllables: 5
            }
        );
        // TCVN3's lower-case codes in a word in capitals are fine.
        assert_eq!(score("ủY BAN").syllables, 1);
        assert_eq!(score("plain ascii only"), Score::default());
    }

    #[test]
    fn beats_prefers_share_then_volume() {
        let a = Score {
            words: 10,
            syllables: 9,
        };
        let b = Score {
            words: 100,
            syllables: 80,
        };
        assert!(a.beats(b));
        assert!(!b.beats(a));
        let c = Score {
            words: 20,
            syllables: 18,
        };
        assert!(c.beats(a));
        assert!(!a.beats(a));
        assert!(a.beats(Score::default()));
    }
}
