//! Snippets: the best window of a passage, with the query's words marked.
//!
//! A passage token is highlighted when it is one of the query's syllables:
//! for a syllable typed without accents, any accented form
//! (`tang` marks `tăng`, `tầng`, `tặng`); for one typed with accents, the
//! exact form, or every folded form if the passage has no exact one (so a
//! passage found only through folding still shows why). Highlights are
//! byte ranges into the snippet and always cover the original text.
//!
//! Only a passage's few tokens that can be query words are analyzed in
//! full: the others (the [`relax`]ed folded form of their letters, read
//! char by char, is none of the query's) only give their offsets, which
//! choose the window.

use std::cell::RefCell;
use std::collections::HashSet;

use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::analysis::{fold_in_place, relax, Form, Initials, Syllable, VietnameseTokenizer};

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
    /// The [`relax`]ed folded forms of all of them, sorted: a token whose
    /// relaxed folded form is not here matches none.
    keys: Vec<String>,
}

/// A passage token: byte range in the text, and for the tokens analyzed
/// in full (those that may be query words) the byte ranges of their exact
/// and folded forms in [`Scan::forms`].
#[derive(Debug, Clone, Copy)]
struct Token {
    from: usize,
    to: usize,
    forms: Option<((usize, usize), (usize, usize))>,
}

/// Reused buffers of [`Highlighter::snippet`].
#[derive(Default)]
struct Scan {
    tokens: Vec<Token>,
    forms: String,
    key: String,
    scratch: String,
    tokenizer: Option<VietnameseTokenizer>,
}

thread_local! {
    static SCAN: RefCell<Scan> = RefCell::new(Scan::default());
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
            let mut key = s.folded.clone();
            relax(&mut key);
            h.keys.push(key);
        }
        h.keys.sort_unstable();
        h.keys.dedup();
        h
    }

    /// Byte ranges of `text` to highlight, with the index of the query
    /// word each one matches (for choosing the window). Tokens without
    /// forms match nothing.
    fn matches(&self, tokens: &[Token], forms: &str) -> Vec<(usize, usize, usize)> {
        let analyzed = || {
            tokens.iter().filter_map(|t| {
                let (e, f) = t.forms?;
                Some((t, &forms[e.0..e.1], &forms[f.0..f.1]))
            })
        };
        let mut exact_found = vec![false; self.accented.len()];
        for (_, t_exact, _) in analyzed() {
            for (i, (exact, _)) in self.accented.iter().enumerate() {
                if t_exact == exact {
                    exact_found[i] = true;
                }
            }
        }
        let mut out = Vec::new();
        for (t, t_exact, t_folded) in analyzed() {
            let accented = self
                .accented
                .iter()
                .enumerate()
                .find(|(i, (exact, folded))| {
                    if exact_found[*i] {
                        t_exact == exact
                    } else {
                        t_folded == folded
                    }
                });
            if let Some((i, _)) = accented {
                out.push((t.from, t.to, i));
            } else if self.any_form.contains(t_folded) {
                // Distinct words get distinct ids past the accented ones.
                let id = self.accented.len() + hash_slot(t_folded);
                out.push((t.from, t.to, id));
            }
        }
        out
    }

    /// The snippet of `passage`.
    pub fn snippet(&self, passage: &str) -> Snippet {
        let (matches, start, end) = SCAN.with(|cell| {
            let mut scan = cell.borrow_mut();
            let scan = &mut *scan;
            self.tokens(passage, scan);
            let matches = self.matches(&scan.tokens, &scan.forms);
            let (start, end) = window(passage, &scan.tokens, &matches);
            (matches, start, end)
        });
        render(passage, start, end, &matches)
    }

    /// The syllables of `passage` (those of [`crate::analysis::syllables`])
    /// into `scan.tokens`, analyzed in full only where they may be query
    /// words.
    fn tokens(&self, passage: &str, scan: &mut Scan) {
        scan.tokens.clear();
        scan.forms.clear();
        let keys = &self.keys;
        let mut wanted = |key: &str| keys.binary_search_by(|k| k.as_str().cmp(key)).is_ok();
        let initials = Initials::of(keys.iter().map(String::as_str));
        let tokenizer = scan
            .tokenizer
            .get_or_insert_with(|| VietnameseTokenizer::new(Form::Exact));
        let mut stream = tokenizer.token_stream(passage);
        while let Some(analyzed) = stream.advance_unless(&mut scan.key, &initials, &mut wanted) {
            let token = stream.token();
            let forms = analyzed.then(|| {
                let e0 = scan.forms.len();
                scan.forms.push_str(&token.text);
                let e1 = scan.forms.len();
                scan.key.clone_from(&token.text);
                fold_in_place(&mut scan.key, &mut scan.scratch);
                scan.forms.push_str(&scan.key);
                ((e0, e1), (e1, scan.forms.len()))
            });
            scan.tokens.push(Token {
                from: token.offset_from,
                to: token.offset_to,
                forms,
            });
        }
    }
}

fn hash_slot(s: &str) -> usize {
    s.bytes()
        .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize))
}

/// Chooses the byte window of at most SNIPPET_CHARS chars holding the most
/// distinct query words, starting a little before its first match.
fn window(text: &str, tokens: &[Token], matches: &[(usize, usize, usize)]) -> (usize, usize) {
    let trimmed_len = text.trim_end().len();
    if chars_in(&text.as_bytes()[..trimmed_len]) <= SNIPPET_CHARS {
        return (0, trimmed_len);
    }
    // The char index of each match's start and end, in one pass: a match
    // ending at byte `t` fits a window of `n` chars from byte `from` when
    // `t` is at most `n` chars after `from`.
    let mut char_of = CharCounter::new(text);
    let spans: Vec<(usize, usize)> = matches
        .iter()
        .map(|&(from, to, _)| (char_of.at(from), char_of.at(to)))
        .collect();
    let first_match = best_start(matches, &spans);
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

/// The byte start of the match that opens the best window: the one
/// followed, within `SNIPPET_CHARS - LEAD_CHARS` chars of its start, by
/// the most distinct query words, then the most matches, the earliest of
/// equals (0 without matches). `spans` are the matches' char ranges. The
/// matches are in text order and do not overlap, so the window's end only
/// moves on as its start does: one pass, counting the words in the window.
fn best_start(matches: &[(usize, usize, usize)], spans: &[(usize, usize)]) -> usize {
    // (distinct, count, start) of the best window so far.
    let mut best: Option<(usize, usize, usize)> = None;
    // Matches of each word id in matches[i..j].
    let mut counts: Vec<(usize, usize)> = Vec::new();
    let mut distinct = 0;
    let mut j = 0;
    for (i, &(from, _, id)) in matches.iter().enumerate() {
        let limit = spans[i].0 + (SNIPPET_CHARS - LEAD_CHARS);
        while j < matches.len() && spans[j].1 <= limit {
            let id = matches[j].2;
            match counts.iter_mut().find(|(w, _)| *w == id) {
                Some((_, n)) => {
                    distinct += usize::from(*n == 0);
                    *n += 1;
                }
                None => {
                    counts.push((id, 1));
                    distinct += 1;
                }
            }
            j += 1;
        }
        let count = j.saturating_sub(i);
        if best.is_none_or(|(d, c, _)| (distinct, count) > (d, c)) {
            best = Some((distinct, count, from));
        }
        if i < j {
            if let Some((_, n)) = counts.iter_mut().find(|(w, _)| *w == id) {
                *n -= 1;
                distinct -= usize::from(*n == 0);
            }
        } else {
            // An empty window: the next one starts past this match.
            j = i + 1;
        }
    }
    best.map_or(0, |(_, _, s)| s)
}

/// The number of chars of UTF-8 `bytes`: those that do not continue one.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Char indices of increasing byte offsets of a text, counted on from the
/// last one asked.
struct CharCounter<'a> {
    bytes: &'a [u8],
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    fn new(text: &'a str) -> Self {
        CharCounter {
            bytes: text.as_bytes(),
            byte: 0,
            chars: 0,
        }
    }

    /// The char index of byte offset `at` (a char boundary), which must not
    /// be below an offset asked before.
    fn at(&mut self, at: usize) -> usize {
        debug_assert!(at >= self.byte);
        self.chars += chars_in(&self.bytes[self.byte..at]);
        self.byte = at;
        self.chars
    }
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
    // Copied a piece at a time: up to the next white space or highlight
    // boundary, then the white space collapsed to one space.
    let mut open: Option<usize> = None; // snippet start of a highlight
    let mut at = start;
    while at < end {
        let boundary = match (open, pending.peek()) {
            (Some(_), Some(&&(_, t, _))) | (None, Some(&&(t, _, _))) => t.min(end),
            (_, None) => end,
        };
        if at == boundary {
            match open.take() {
                Some(s) => {
                    highlights.push((s, out.len()));
                    pending.next();
                }
                None => open = Some(out.len()),
            }
            continue;
        }
        let piece = &text[at..boundary];
        match piece.find(|c: char| c.is_whitespace()) {
            Some(0) => {
                let rest = piece.trim_start();
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                at += piece.len() - rest.len();
            }
            Some(i) => {
                out.push_str(&piece[..i]);
                at += i;
            }
            None => {
                out.push_str(piece);
                at = boundary;
            }
        }
    }
    if let Some(s) = open {
        // Only a match ending at `end` is still open.
        highlights.push((s, out.len()));
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

    /// The choice of window [`best_start`] replaced (every start, every
    /// match after it): the reference it is checked against.
    fn best_start_by_pairs(matches: &[(usize, usize, usize)], spans: &[(usize, usize)]) -> usize {
        let mut best: Option<(usize, usize, usize)> = None; // (distinct, count, start)
        for (i, &(from, _, _)) in matches.iter().enumerate() {
            let limit = spans[i].0 + (SNIPPET_CHARS - LEAD_CHARS);
            let mut distinct: Vec<usize> = Vec::new();
            let mut count = 0;
            for (&(_, _, id), &(_, t)) in matches[i..].iter().zip(&spans[i..]) {
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
        best.map_or(0, |(_, _, s)| s)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// One pass chooses the window that trying every start does, for
        /// any matches in text order (ids repeated or not, some longer
        /// than a window).
        #[test]
        fn best_start_is_best_start_by_pairs(
            gaps in proptest::collection::vec(
                (0usize..40, proptest::prop_oneof![9 => 1usize..12, 1 => 150usize..200], 0usize..6),
                0..80,
            ),
        ) {
            let mut at = 0;
            let mut matches = Vec::new();
            let mut spans = Vec::new();
            for (gap, len, id) in gaps {
                let from = at + gap;
                // Bytes and chars alike: the choice works on chars.
                matches.push((from, from + len, id));
                spans.push((from, from + len));
                at = from + len;
            }
            proptest::prop_assert_eq!(
                best_start(&matches, &spans),
                best_start_by_pairs(&matches, &spans)
            );
        }
    }

    /// The char-by-char renderer `render` replaced: the reference it is
    /// checked against.
    fn render_by_chars(
        text: &str,
        start: usize,
        end: usize,
        matches: &[(usize, usize, usize)],
    ) -> Snippet {
        let mut out = String::new();
        let mut highlights = Vec::new();
        if start > 0 {
            out.push('…');
        }
        let mut pending = matches
            .iter()
            .filter(|(f, t, _)| *f >= start && *t <= end)
            .peekable();
        let mut open: Option<(usize, usize)> = None;
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Rendering by pieces gives what rendering char by char does, for
        /// any window the snippet chooses and any tokens highlighted.
        #[test]
        fn render_is_render_by_chars(
            text in "([a-zđăâêôơư\u{1EA1}-\u{1EF9}0-9.,“”]{1,8}[ \n\t]{1,3}){1,60}",
            every in 1usize..5,
        ) {
            let mut scan = Scan::default();
            let all = Highlighter { keys: Vec::new(), ..Highlighter::default() };
            // Tokens and their offsets, as the snippet sees them.
            all.tokens(&text, &mut scan);
            let matches: Vec<(usize, usize, usize)> = scan
                .tokens
                .iter()
                .enumerate()
                .filter(|(i, _)| i % every == 0)
                .map(|(i, t)| (t.from, t.to, i % 3))
                .collect();
            let (start, end) = window(&text, &scan.tokens, &matches);
            proptest::prop_assert_eq!(
                render(&text, start, end, &matches),
                render_by_chars(&text, start, end, &matches)
            );
        }
    }

    #[test]
    fn whitespace_is_collapsed_and_offsets_follow() {
        let s = highlighter("hai").snippet("một\n  hai\tba");
        assert_eq!(s.text, "một hai ba");
        assert_eq!(marked(&s), vec!["hai"]);
    }
}
