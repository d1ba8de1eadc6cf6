//! Snippets: the best window of a passage, with the query's words marked.
//!
//! A passage token is highlighted when it is one of the query's syllables:
//! for a syllable typed without accents, any accented form
//! (`tang` marks `tăng`, `tầng`, `tặng`); for one typed with accents, the
//! exact form, or every folded form if the passage has no exact one (so a
//! passage found only through folding still shows why). Highlights are
//! byte ranges into the snippet and always cover the original text.

use std::collections::HashSet;

use crate::analysis::{with_syllables, Syllable, SyllableRef};

/// Longest snippet, in chars (not counting the `…` marks).
pub const SNIPPET_CHARS: usize = 200;
/// Context kept before the first highlighted word, in chars.
const LEAD_CHARS: usize = 40;

/// A snippet and its highlights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Plain text, white space collapsed, `…` where the passage was cut.
    pub text: String,
    /// `[start, end)` byte ranges into `text`, in order, not overlapping.
    pub highlights: Vec<(usize, usize)>,
}

/// What to highlight, from the query's syllables.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    /// Folded forms typed without accents.
    any_form: HashSet<String>,
    /// Accented syllables typed: (exact, folded).
    accented: Vec<(String, String)>,
}

impl Highlighter {
    /// A highlighter for these query syllables.
    pub fn new<'a>(query: impl IntoIterator<Item = &'a Syllable>) -> Self {
        let mut h = Highlighter::default();
        for s in query {
            if s.is_marked() {
                if !h.accented.iter().any(|(e, _)| *e == s.exact) {
                    h.accented.push((s.exact.clone(), s.folded.clone()));
                }
            } else {
                h.any_form.insert(s.folded.clone());
            }
        }
        h
    }

    /// Byte ranges of `text` to highlight, with the index of the query
    /// word each one matches (for choosing the window).
    fn matches(&self, tokens: &[SyllableRef<'_>]) -> Vec<(usize, usize, usize)> {
        let mut exact_found = vec![false; self.accented.len()];
        for t in tokens {
            for (i, (exact, _)) in self.accented.iter().enumerate() {
                if t.exact == exact {
                    exact_found[i] = true;
                }
            }
        }
        let mut out = Vec::new();
        for t in tokens {
            let accented = self
                .accented
                .iter()
                .enumerate()
                .find(|(i, (exact, folded))| {
                    if exact_found[*i] {
                        t.exact == exact
                    } else {
                        t.folded == folded
                    }
                });
            if let Some((i, _)) = accented {
                out.push((t.from, t.to, i));
            } else if self.any_form.contains(t.folded) {
                // Distinct words get distinct ids past the accented ones.
                let id = self.accented.len() + hash_slot(t.folded);
                out.push((t.from, t.to, id));
            }
        }
        out
    }

    /// The snippet of `passage`.
    pub fn snippet(&self, passage: &str) -> Snippet {
        let (matches, start, end) = with_syllables(passage, |tokens| {
            let matches = self.matches(tokens);
            let (start, end) = window(passage, tokens, &matches);
            (matches, start, end)
        });
        render(passage, start, end, &matches)
    }
}

fn hash_slot(s: &str) -> usize {
    s.bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
}

/// Chooses the byte window of at most SNIPPET_CHARS chars holding the most
/// distinct query words, starting a little before its first match.
fn window(
    text: &str,
    tokens: &[SyllableRef<'_>],
    matches: &[(usize, usize, usize)],
) -> (usize, usize) {
    let trimmed_len = text.trim_end().len();
    if text[..trimmed_len].chars().count() <= SNIPPET_CHARS {
        return (0, trimmed_len);
    }
    let mut best: Option<(usize, usize, usize)> = None; // (distinct, count, start)
    for (i, &(from, _, _)) in matches.iter().enumerate() {
        let limit = advance_chars(text, from, SNIPPET_CHARS - LEAD_CHARS);
        let mut distinct: Vec<usize> = Vec::new();
        let mut count = 0;
        for &(_, t, id) in &matches[i..] {
            if t > limit {
                break;
            }
            count += 1;
            if !distinct.contains(&id) {
                distinct.push(id);
            }
        }
        let score = (distinct.len(), count);
        if best.is_none_or(|(d, c, _)| score > (d, c)) {
            best = Some((score.0, score.1, from));
        }
    }
    let first_match = best.map_or(0, |(_, _, s)| s);
    // Back up LEAD_CHARS, to a token start.
    let lead_from = back_chars(text, first_match, LEAD_CHARS);
    let start = if lead_from == 0 {
        0
    } else {
        tokens
            .iter()
            .map(|t| t.from)
            .find(|&f| f >= lead_from)
            .unwrap_or(first_match)
            .min(first_match)
    };
    let limit = advance_chars(text, start, SNIPPET_CHARS);
    // End at the last token end inside the limit.
    let end = tokens
        .iter()
        .map(|t| t.to)
        .take_while(|&t| t <= limit)
        .last()
        .filter(|&t| t > start)
        .unwrap_or(limit);
    let end = if limit >= trimmed_len {
        trimmed_len
    } else {
        end
    };
    (start, end)
}

/// Byte offset `n` chars after `at` (or the end).
fn advance_chars(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

/// Byte offset `n` chars before `at` (or 0).
fn back_chars(text: &str, at: usize, n: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// Renders `text[start..end]` with white space collapsed, `…` at cuts, and
/// the matches inside the window mapped to snippet offsets.
fn render(text: &str, start: usize, end: usize, matches: &[(usize, usize, usize)]) -> Snippet {
    let mut out = String::with_capacity(end - start + 8);
    let mut highlights = Vec::new();
    if start > 0 {
        out.push('…');
    }
    let mut pending = matches
        .iter()
        .filter(|(f, t, _)| *f >= start && *t <= end)
        .peekable();
    let mut open: Option<(usize, usize)> = None; // (source end, snippet start)
    let mut in_space = false;
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        if let Some(&&(f, t, _)) = pending.peek() {
            if f == at {
                open = Some((t, out.len()));
                pending.next();
            }
        }
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
        if let Some((t, s)) = open {
            if at + c.len_utf8() == t {
                highlights.push((s, out.len()));
                open = None;
            }
        }
    }
    if end < text.trim_end().len() {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect()
    }

    fn highlighter(query: &str) -> Highlighter {
        Highlighter::new(&crate::analysis::syllables(query))
    }

    #[test]
    fn folded_query_marks_the_accented_original() {
        let s = highlighter("tang truong").snippet("Mức tăng trưởng dương 2,91%");
        assert_eq!(s.text, "Mức tăng trưởng dương 2,91%");
        assert_eq!(marked(&s), vec!["tăng", "trưởng"]);
        assert_eq!(s.highlights, vec![(6, 11), (12, 21)]);
    }

    #[test]
    fn accented_query_prefers_exact_forms() {
        let text = "tầng hầm, tăng thu, trao tặng";
        assert_eq!(marked(&highlighter("tăng").snippet(text)), vec!["tăng"]);
        assert_eq!(
            marked(&highlighter("tang").snippet(text)),
            vec!["tầng", "tăng", "tặng"]
        );
        // No exact form in the passage: the folded forms show why it matched.
        assert_eq!(
            marked(&highlighter("tắng").snippet(text)),
            vec!["tầng", "tăng", "tặng"]
        );
    }

    #[test]
    fn nfd_passage_is_highlighted_whole() {
        let text = "ta\u{306}ng tru\u{31b}o\u{31b}\u{309}ng";
        let s = highlighter("tăng trưởng").snippet(text);
        assert_eq!(
            marked(&s),
            vec!["ta\u{306}ng", "tru\u{31b}o\u{31b}\u{309}ng"]
        );
    }

    #[test]
    fn long_passage_is_cut_around_the_matches() {
        let filler = "một hai ba bốn năm sáu bảy tám chín mười ".repeat(20);
        let text = format!("{filler}xuất khẩu thủy sản đạt 5.210 tỷ đồng {filler}");
        let s = highlighter("xuất khẩu").snippet(&text);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 2);
        assert_eq!(marked(&s), vec!["xuất", "khẩu"]);
        let lead = s.text.find("xuất").unwrap();
        assert!(
            s.text[..lead].chars().count() <= LEAD_CHARS + 2,
            "{}",
            s.text
        );
    }

    #[test]
    fn whitespace_is_collapsed_and_offsets_follow() {
        let s = highlighter("hai").snippet("một\n  hai\tba");
        assert_eq!(s.text, "một hai ba");
        assert_eq!(marked(&s), vec!["hai"]);
    }
}
