//! Vietnamese function words: syllables that carry grammar, not topic.
//!
//! A long question ("Người từ đủ bao nhiêu tuổi phải chịu trách nhiệm hình
//! sự…") is mostly such words; BM25's idf already weighs them low, and a
//! query weight below 1 (`Weights::stop`) keeps them from deciding the
//! rank. They are never removed: a query of only function words still
//! finds its passages.
//!
//! Syllables typed with accents are looked up exactly (`có` is a function
//! word, `cổ` is not); syllables typed without accents by their folded form
//! only when no content word folds to the same letters.

/// Function words, exact forms (canonical tone placement, lower case).
const EXACT: &[&str] = &[
    "à", "ạ", "ai", "bao", "bị", "bởi", "cả", "các", "cái", "cho", "chỉ", "chiếc", "có", "của",
    "cũng", "cùng", "đã", "đang", "đây", "để", "đến", "đều", "điều", "đó", "được", "gì", "hay",
    "hoặc", "hơn", "khi", "không", "là", "lại", "lên", "mà", "mỗi", "một", "nào", "này", "nên",
    "nếu", "nhiêu", "những", "như", "nhưng", "ở", "phải", "qua", "ra", "rằng", "rất", "sau", "sẽ",
    "tại", "theo", "thế", "thì", "thể", "trên", "trong", "từ", "vẫn", "vào", "về", "vì", "với",
    "và",
];

/// Folded forms that only function words fold to (checked against common
/// content words: `co` is left out because of `cổ`, `cô`, `cờ`).
const FOLDED: &[&str] = &[
    "bao", "cac", "cua", "duoc", "khong", "nhieu", "nhung", "voi", "nhu", "trong", "theo", "cung",
    "nao", "thi", "rang",
];

/// True when a syllable typed as `exact` (or, unaccented, as `folded`) is a
/// function word.
pub fn is_function_word(exact: &str, folded: &str, marked: bool) -> bool {
    if marked {
        EXACT.contains(&exact)
    } else {
        FOLDED.contains(&folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::syllables;

    #[test]
    fn lists_are_canonical_analyzer_output() {
        for w in EXACT {
            let s = syllables(w);
            assert_eq!(s.len(), 1, "{w}");
            assert_eq!(s[0].exact, *w, "{w} is not in canonical form");
        }
        for w in FOLDED {
            assert!(w.is_ascii(), "{w}");
        }
    }

    #[test]
    fn accents_decide() {
        assert!(is_function_word("có", "co", true));
        assert!(!is_function_word("cổ", "co", true));
        assert!(!is_function_word("co", "co", false));
        assert!(is_function_word("cua", "cua", false));
        assert!(!is_function_word("cua", "cua", true) || EXACT.contains(&"cua"));
    }
}
