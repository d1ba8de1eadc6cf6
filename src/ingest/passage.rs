//! Splitting a bulletin's text into passages.
//!
//! A paragraph (lines between blank lines) is a passage; a heading (a short
//! paragraph that is not a sentence, such as a title) is joined to the
//! paragraph after it. A paragraph of
//! more than [`MAX_WORDS`] words, such as a news body stored as one line,
//! is cut at sentence ends into near-equal passages of about
//! [`TARGET_WORDS`] words (between [`MIN_WORDS`] and [`MAX_WORDS`] unless
//! its sentences are very uneven); a single sentence longer than
//! [`MAX_WORDS`] is cut between words.

/// Paragraphs up to this many words stay one passage.
pub const MAX_WORDS: usize = 120;
/// A cut paragraph's passages have about this many words.
pub const TARGET_WORDS: usize = 80;
/// and rarely fewer than this.
pub const MIN_WORDS: usize = 40;

/// Where one passage lies in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PassageSpan {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
}

/// The title of a text: its first non-blank line, trimmed.
pub fn title_of(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// Splits `text` into passages, in order.
pub fn split_passages(text: &str) -> Vec<PassageSpan> {
    // A heading (a short paragraph that is not a sentence) joins the
    // paragraph it heads, so that "1. Tăng trưởng kinh tế" is found with
    // the text about growth rather than as a passage of its own.
    let mut units: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, line)
    let mut heading: Option<(usize, usize)> = None; // (start, line)
    for (i, (start, end, line)) in paragraphs(text).into_iter().enumerate() {
        let (start, line) = heading.take().unwrap_or((start, line));
        // The first paragraph holds the title: a heading even when long.
        let limit = if i == 0 { TITLE_WORDS } else { HEADING_WORDS };
        if is_heading(&text[start..end], limit) {
            heading = Some((start, line));
            continue;
        }
        units.push((start, end, line));
    }
    if let Some((start, line)) = heading {
        let end = start + text[start..].trim_end().len();
        units.push((start, end, line));
    }
    let mut out = Vec::new();
    for (start, end, line) in pack_short(text, units) {
        split_paragraph(text, start, end, line, &mut out);
    }
    out
}

/// Joins runs of short paragraphs (list items, clauses of a law: fewer than
/// MIN_WORDS words) into passages of up to MAX_WORDS words, so that a passage
/// is a unit worth reading; paragraphs of normal length stay alone.
fn pack_short(text: &str, units: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    let words = |s: usize, e: usize| text[s..e].split_whitespace().count();
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(units.len());
    let mut current: Option<(usize, usize, usize, usize)> = None; // (start, end, line, words)
    for (start, end, line) in units {
        let n = words(start, end);
        current = match current {
            Some((cs, _, cl, cw)) if (cw < MIN_WORDS || n < MIN_WORDS) && cw + n <= MAX_WORDS => {
                Some((cs, end, cl, cw + n))
            }
            Some((cs, ce, cl, _)) => {
                out.push((cs, ce, cl));
                Some((start, end, line, n))
            }
            None => Some((start, end, line, n)),
        };
    }
    if let Some((cs, ce, cl, _)) = current {
        out.push((cs, ce, cl));
    }
    out
}

/// Words at most in a paragraph read as a heading.
const HEADING_WORDS: usize = 24;
/// Words at most in a first paragraph read as the title.
const TITLE_WORDS: usize = 48;

fn is_heading(paragraph: &str, max_words: usize) -> bool {
    let ends_sentence = paragraph
        .trim_end()
        .ends_with(['.', '!', '?', '…', '"', '”']);
    !ends_sentence && paragraph.split_whitespace().nth(max_words).is_none()
}

/// Paragraphs as (start, end, 1-based line), trimmed.
fn paragraphs(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut line_no = 0usize;
    let mut current: Option<(usize, usize, usize)> = None;
    let mut at = 0usize;
    for raw in text.split_inclusive('\n') {
        line_no += 1;
        let content = raw.trim_end();
        if content.trim_start().is_empty() {
            out.extend(current.take());
        } else {
            let lead = content.len() - content.trim_start().len();
            let end = at + content.len();
            current = Some(match current {
                Some((start, _, line)) => (start, end, line),
                None => (at + lead, end, line_no),
            });
        }
        at += raw.len();
    }
    out.extend(current);
    out
}

fn split_paragraph(text: &str, start: usize, end: usize, line: usize, out: &mut Vec<PassageSpan>) {
    let paragraph = &text[start..end];
    if paragraph.split_whitespace().nth(MAX_WORDS).is_none() {
        out.push(PassageSpan { start, end, line });
        return;
    }
    // Cut into n near-equal chunks at the sentence ends closest to the
    // ideal cut points: passages of one paragraph have similar lengths, so
    // BM25's length normalization does not favour one arbitrarily.
    let pieces: Vec<(usize, usize, usize)> = sentences(paragraph)
        .into_iter()
        .flat_map(|(s, e)| cut_long_sentence(paragraph, s, e))
        .collect();
    let total: usize = pieces.iter().map(|p| p.2).sum();
    let n = total.div_ceil(TARGET_WORDS).max(1);
    let mut prefix = Vec::with_capacity(pieces.len() + 1);
    prefix.push(0usize);
    for p in &pieces {
        prefix.push(prefix.last().unwrap() + p.2);
    }
    let mut cuts = vec![0usize];
    for k in 1..n {
        let ideal = k * total / n;
        let previous = *cuts.last().unwrap();
        let best = (previous + 1..pieces.len())
            .min_by_key(|&j| prefix[j].abs_diff(ideal))
            .unwrap_or(pieces.len());
        if best < pieces.len() {
            cuts.push(best);
        }
    }
    cuts.push(pieces.len());
    let chunks: Vec<(usize, usize)> = cuts
        .windows(2)
        .filter(|w| w[1] > w[0])
        .map(|w| (pieces[w[0]].0, pieces[w[1] - 1].1))
        .collect();
    let mut line_at = line;
    let mut counted_to = start;
    for (cs, ce) in chunks {
        let abs = start + cs;
        line_at += text[counted_to..abs].matches('\n').count();
        counted_to = abs;
        out.push(PassageSpan {
            start: abs,
            end: start + ce,
            line: line_at,
        });
    }
}

/// Sentence byte ranges of a paragraph, trimmed. A sentence ends after
/// `.`, `!`, `?` or `…` (and any closing quotes or brackets) followed by
/// white space; `5.210` and `2,91` are not ends.
fn sentences(paragraph: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if matches!(d, '.' | '!' | '?' | '…' | '"' | '”' | '’' | ')' | '»' | '/') {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if chars.peek().is_some_and(|&(_, d)| d.is_whitespace()) {
            push_trimmed(paragraph, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(paragraph, start, paragraph.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return;
    }
    let lead = piece.len() - piece.trim_start().len();
    out.push((start + lead, start + lead + trimmed.len()));
}

/// A sentence as pieces of at most MAX_WORDS words, cut evenly between words.
fn cut_long_sentence(text: &str, start: usize, end: usize) -> Vec<(usize, usize, usize)> {
    let sentence = &text[start..end];
    let words: Vec<(usize, usize)> = word_ranges(sentence).collect();
    if words.len() <= MAX_WORDS {
        return vec![(start, end, words.len())];
    }
    let pieces = words.len().div_ceil(MAX_WORDS);
    let per = words.len().div_ceil(pieces);
    words
        .chunks(per)
        .map(|chunk| {
            (
                start + chunk[0].0,
                start + chunk[chunk.len() - 1].1,
                chunk.len(),
            )
        })
        .collect()
}

/// Byte ranges of the white-space separated words of `text`. A word is a
/// slice of `text`: its offset is where it points (searching the text for
/// it again took a tenth of the indexing run's main thread).
fn word_ranges(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let base = text.as_ptr() as usize;
    text.split_whitespace().map(move |w| {
        let start = w.as_ptr() as usize - base;
        (start, start + w.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, usize)> {
        split_passages(text)
            .into_iter()
            .map(|p| (&text[p.start..p.end], p.line))
            .collect()
    }

    #[test]
    fn paragraphs_are_passages() {
        let long = |w: &str| vec![w; 45].join(" ") + ".";
        let (a, b, c) = (long("một"), long("hai"), long("ba"));
        let text = format!("Tiêu đề.\n\n{a}\n{a}\n\n\n  {b}  \r\n\r\n{c}");
        let two_lines = format!("Tiêu đề.\n\n{a}\n{a}");
        assert_eq!(
            texts(&text),
            vec![(two_lines.as_str(), 1), (b.as_str(), 7), (c.as_str(), 9)]
        );
    }

    #[test]
    fn short_paragraphs_are_packed_together() {
        // Clauses of a law: each a sentence of a few words.
        let clauses: Vec<String> = (1..=12)
            .map(|i| format!("{i}. Người lao động có quyền nghỉ hằng năm theo quy định."))
            .collect();
        let text = format!("Điều 113. Nghỉ hằng năm\n\n{}", clauses.join("\n\n"));
        let passages = texts(&text);
        assert_eq!(passages.len(), 2, "{passages:?}");
        assert!(passages[0]
            .0
            .starts_with("Điều 113. Nghỉ hằng năm\n\n1. Người"));
        assert_eq!(passages[0].1, 1);
        for (p, _) in &passages {
            assert!(p.split_whitespace().count() <= MAX_WORDS);
        }
        // Nothing is lost: every clause is in exactly one passage.
        let starts_line = |p: &str, c: &str| p.starts_with(c) || p.contains(&format!("\n{c}"));
        for c in &clauses {
            let holding = passages.iter().filter(|(p, _)| starts_line(p, c)).count();
            assert_eq!(holding, 1, "{c}");
        }
    }

    #[test]
    fn headings_join_the_paragraph_they_head() {
        let body = vec!["GDP tăng 8,02%."; 15].join(" ");
        let text = format!(
            "Tình hình kinh tế\n\nI. KINH TẾ\n\n1. Tăng trưởng kinh tế\n\n{body}\n\n{body}\n"
        );
        let first = format!("Tình hình kinh tế\n\nI. KINH TẾ\n\n1. Tăng trưởng kinh tế\n\n{body}");
        assert_eq!(texts(&text), vec![(first.as_str(), 1), (body.as_str(), 9)]);
    }

    #[test]
    fn empty_and_blank_texts_have_no_passages() {
        assert!(split_passages("").is_empty());
        assert!(split_passages("\n \n\t\n").is_empty());
    }

    #[test]
    fn title_is_first_non_blank_line() {
        assert_eq!(title_of("\n  Bản tin số 5 \nnội dung"), "Bản tin số 5");
        assert_eq!(title_of(""), "");
    }

    #[test]
    fn long_paragraph_is_cut_at_sentence_ends() {
        // 30 sentences of 10 words: 300 words on one line.
        let sentence = "Tổng ngạch xuất khẩu đạt 5.210 tỷ đồng, tăng 2,91%.";
        assert_eq!(sentence.split_whitespace().count(), 10);
        let line = vec![sentence; 30].join(" ");
        let text = format!("Tiêu đề.\n\n{line}\n");
        let passages = split_passages(&text);
        assert_eq!(passages.len(), 5, "{passages:?}");
        assert_eq!(&text[passages[0].start..passages[0].end], "Tiêu đề.");
        for p in &passages[1..] {
            let body = &text[p.start..p.end];
            let words = body.split_whitespace().count();
            assert!((MIN_WORDS..=MAX_WORDS).contains(&words), "{words} words");
            assert!(
                body.starts_with("Tổng") && body.ends_with("2,91%."),
                "{body}"
            );
            assert_eq!(p.line, 3);
        }
        // The pieces cover the paragraph without gaps other than spaces.
        let covered: usize = passages[1..].iter().map(|p| p.end - p.start).sum();
        assert_eq!(covered + passages.len() - 2, line.len());
    }

    #[test]
    fn a_sentence_without_ends_is_cut_between_words() {
        let words = vec!["từ"; 300].join(" ");
        let passages = split_passages(&words);
        assert_eq!(passages.len(), 3);
        for p in &passages {
            assert_eq!(words[p.start..p.end].split_whitespace().count(), 100);
        }
    }

    #[test]
    fn numbers_are_not_sentence_ends() {
        let s = "Thu 5.210 tỷ đồng. Tăng 2,91% so với 28/12/2020. Hết";
        let got: Vec<&str> = sentences(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(
            got,
            vec!["Thu 5.210 tỷ đồng.", "Tăng 2,91% so với 28/12/2020.", "Hết"]
        );
    }

    proptest::proptest! {
        /// Each range is its word, in order, whatever the white space.
        #[test]
        fn word_ranges_are_the_words(text in "[a-zđă \t\n\u{a0}\u{3000}.]{0,60}") {
            let ranges: Vec<&str> = word_ranges(&text).map(|(s, e)| &text[s..e]).collect();
            let words: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(ranges, words);
        }
    }
}
