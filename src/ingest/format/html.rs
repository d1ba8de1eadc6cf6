//! HTML to its visible text.
//!
//! A small tokenizer, not a browser: tags are dropped, the content of
//! `<script>`, `<style>`, `<template>`, `<noscript>` and comments is
//! skipped, entities (named, decimal, hex) are decoded and white space is
//! collapsed as a browser does (kept in `<pre>`). Each block element
//! (`<p>`, `<div>`, `<br>`, `<li>`, `<h1>`…, `<tr>`, …) ends a paragraph, so
//! paragraphs are separated by blank lines; table cells are separated by
//! spaces. Line numbers are those of this text, not of the HTML source.
//!
//! The title is the `<title>`, else the first `<h1>`. The encoding is the
//! user's `--encoding`, else a byte order mark, else the `<meta charset>`
//! or `http-equiv` content type found in the first bytes, else detection.

use super::{Extracted, FormatError};
use crate::ingest::encoding::{self, Encoding};

/// How far into the file `<meta charset>` is looked for.
const SNIFF_BYTES: usize = 4096;

/// Extracts the visible text of an HTML file.
pub(super) fn extract(bytes: &[u8], forced: Option<Encoding>) -> Result<Extracted, FormatError> {
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    let declared = if forced.is_none() && !has_bom {
        sniff_charset(bytes)
    } else {
        None
    };
    // A page whose `<meta>` could be read as ASCII is not UTF-16, whatever
    // it says (the HTML standard reads it as UTF-8).
    let known = declared
        .as_deref()
        .and_then(Encoding::from_label)
        .map(|e| match e {
            Encoding::Utf16Le | Encoding::Utf16Be => Encoding::Utf8,
            e => e,
        });
    let decoded = encoding::decode(bytes, forced.or(known))?;
    let unknown_label = declared.filter(|_| known.is_none()).map(|label| {
        format!(
            "charset \"{label}\" declared in the page is not supported; read as {}",
            decoded.encoding.name()
        )
    });
    let warning = match (unknown_label, decoded.warning) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    };
    let page = text_of(&decoded.text);
    Ok(Extracted {
        title: page.title,
        text: page.text,
        encoding: Some(decoded.encoding),
        warning,
    })
}

/// The visible text of a page and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub text: String,
    pub title: Option<String>,
}

/// Elements whose start and end end a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Elements whose content is not shown (raw text up to their end tag).
const HIDDEN: &[&str] = &["script", "style", "template", "noscript"];

/// The visible text of `html` (already decoded) and its title.
pub fn text_of(html: &str) -> Page {
    let b = html.as_bytes();
    let mut out = TextWriter::default();
    let mut title: Option<String> = None;
    let mut h1: Option<String> = None;
    let mut in_first_h1 = false;
    let mut pre_depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let end = html[i..].find('<').map_or(html.len(), |p| i + p);
            let text = &html[i..end];
            out.text(text, pre_depth > 0);
            if in_first_h1 {
                h1.get_or_insert_with(String::new).push_str(text);
            }
            i = end;
            continue;
        }
        let rest = &html[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(html.len(), |p| i + 4 + p + 3);
            continue;
        }
        // Doctype, processing instruction, or a bogus end tag (`</ p>`).
        let bogus_end =
            rest.starts_with("</") && !b.get(i + 2).is_some_and(u8::is_ascii_alphabetic);
        if rest.starts_with("<!") || rest.starts_with("<?") || bogus_end {
            i = rest.find('>').map_or(html.len(), |p| i + p + 1);
            continue;
        }
        let Some(tag) = Tag::parse(b, i) else {
            out.text("<", pre_depth > 0);
            i += 1;
            continue;
        };
        i = tag.end;
        let name = tag.name(b);
        if !tag.closing && !tag.self_closing {
            if HIDDEN.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                i = end_of_raw_text(b, i, name);
                continue;
            }
            if name.eq_ignore_ascii_case("title") {
                let content_end = find_end_tag(b, i, "title").unwrap_or(b.len());
                if title.is_none() {
                    title = Some(inline_text(&html[i..content_end]));
                }
                i = end_of_raw_text(b, i, "title");
                continue;
            }
        }
        if BLOCKS.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            out.paragraph_break();
        } else if name.eq_ignore_ascii_case("td") || name.eq_ignore_ascii_case("th") {
            out.space();
        }
        if name.eq_ignore_ascii_case("pre") && !tag.self_closing {
            if tag.closing {
                pre_depth = pre_depth.saturating_sub(1);
            } else {
                pre_depth += 1;
            }
        }
        if name.eq_ignore_ascii_case("h1") {
            if tag.closing {
                in_first_h1 = false;
            } else if h1.is_none() && !tag.self_closing {
                in_first_h1 = true;
            }
        }
    }
    let title = title
        .filter(|t| !t.is_empty())
        .or_else(|| h1.map(|h| inline_text(&h)).filter(|h| !h.is_empty()));
    Page {
        text: out.finish(),
        title,
    }
}

/// A fragment's text with entities decoded and white space collapsed.
fn inline_text(fragment: &str) -> String {
    let mut out = TextWriter::default();
    out.text(fragment, false);
    out.finish().trim_end().to_string()
}

/// Entities without their `;` that browsers still read (old pages write
/// `&nbsp` and `&copy`), with the `;` added.
const LEGACY_ENTITIES: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// `raw` with character references decoded.
fn decode_entities(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('&') {
        return raw.into();
    }
    let mut fixed = String::new();
    let mut copied = 0;
    for (at, _) in raw.match_indices('&') {
        let rest = &raw[at + 1..];
        let Some(name) = LEGACY_ENTITIES.iter().find(|n| rest.starts_with(**n)) else {
            continue;
        };
        let after = rest[name.len()..].chars().next();
        if after.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == ';' || c == '=')) {
            let end = at + 1 + name.len();
            fixed.push_str(&raw[copied..end]);
            fixed.push(';');
            copied = end;
        }
    }
    if copied == 0 {
        return html_escape::decode_html_entities(raw);
    }
    fixed.push_str(&raw[copied..]);
    html_escape::decode_html_entities(&fixed)
        .into_owned()
        .into()
}

/// Builds the text: collapses white space and places paragraph breaks.
#[derive(Default)]
struct TextWriter {
    out: String,
    pending: Pending,
}

/// What separates the next word from the text so far.
#[derive(Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    #[default]
    Nothing,
    Space,
    Paragraph,
}

impl TextWriter {
    fn text(&mut self, raw: &str, preformatted: bool) {
        let decoded = decode_entities(raw);
        if preformatted {
            if !decoded.is_empty() {
                self.flush();
                self.out.push_str(&decoded.replace("\r\n", "\n"));
            }
            return;
        }
        // HTML white space: the ASCII one; a decoded &nbsp; stays.
        let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
        if decoded.starts_with(is_space) {
            self.space();
        }
        for (k, word) in decoded
            .split(is_space)
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            if k > 0 {
                self.space();
            }
            self.flush();
            self.out.push_str(word);
        }
        if decoded.ends_with(is_space) {
            self.space();
        }
    }

    fn space(&mut self) {
        self.pending = self.pending.max(Pending::Space);
    }

    fn paragraph_break(&mut self) {
        self.pending = Pending::Paragraph;
    }

    fn flush(&mut self) {
        if !self.out.is_empty() {
            match self.pending {
                Pending::Nothing => {}
                Pending::Space => self.out.push(' '),
                Pending::Paragraph => {
                    let trimmed = self.out.trim_end_matches([' ', '\t', '\n']).len();
                    self.out.truncate(trimmed);
                    self.out.push_str("\n\n");
                }
            }
        }
        self.pending = Pending::Nothing;
    }

    fn finish(mut self) -> String {
        let trimmed = self.out.trim_end().len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }
}

/// A start or end tag: `<p class="x">`, `</div>`, `<br/>`.
struct Tag {
    name_start: usize,
    name_end: usize,
    /// Where its attributes are: from the name to `>`.
    attrs_end: usize,
    closing: bool,
    self_closing: bool,
    /// One past `>` (or the end of input for a tag never closed).
    end: usize,
}

impl Tag {
    /// The tag at `open` (a `<`); `None` if `<` is text (`a < b`).
    fn parse(b: &[u8], open: usize) -> Option<Tag> {
        let closing = b.get(open + 1) == Some(&b'/');
        let name_start = open + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name_end = b[name_start..]
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_')))
            .map_or(b.len(), |p| name_start + p);
        let mut quote = None;
        let mut at = name_end;
        while at < b.len() {
            let c = b[at];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                // A quote opens a value only after `=` (`<a href="…">`).
                None if matches!(c, b'"' | b'\'') && prev_non_space(b, at) == Some(b'=') => {
                    quote = Some(c)
                }
                None if c == b'>' => {
                    return Some(Tag {
                        name_start,
                        name_end,
                        attrs_end: at,
                        closing,
                        self_closing: at > name_end && b[at - 1] == b'/',
                        end: at + 1,
                    });
                }
                None => {}
            }
            at += 1;
        }
        Some(Tag {
            name_start,
            name_end,
            attrs_end: b.len(),
            closing,
            self_closing: false,
            end: b.len(),
        })
    }

    fn name<'a>(&self, b: &'a [u8]) -> &'a str {
        // The name is ASCII, checked by `parse`.
        std::str::from_utf8(&b[self.name_start..self.name_end]).unwrap_or("")
    }

    /// Attributes as (lowercase name, value), values not entity-decoded.
    fn attributes(&self, b: &[u8]) -> Vec<(String, String)> {
        let raw = &b[self.name_end..self.attrs_end];
        let mut out = Vec::new();
        let mut i = 0;
        let is_space = |c: u8| c.is_ascii_whitespace() || c == b'/';
        while i < raw.len() {
            while i < raw.len() && is_space(raw[i]) {
                i += 1;
            }
            let start = i;
            while i < raw.len() && !is_space(raw[i]) && raw[i] != b'=' {
                i += 1;
            }
            if i == start {
                i += 1;
                continue;
            }
            let name = String::from_utf8_lossy(&raw[start..i]).to_ascii_lowercase();
            while i < raw.len() && raw[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if raw.get(i) == Some(&b'=') {
                i += 1;
                while i < raw.len() && raw[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (start, end, next) = match raw.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = raw[i + 1..]
                            .iter()
                            .position(|&c| c == q)
                            .map_or(raw.len(), |p| i + 1 + p);
                        (i + 1, end, end + 1)
                    }
                    _ => {
                        let end = raw[i..]
                            .iter()
                            .position(|&c| c.is_ascii_whitespace())
                            .map_or(raw.len(), |p| i + p);
                        (i, end, end)
                    }
                };
                value = String::from_utf8_lossy(&raw[start..end]).into_owned();
                i = next;
            }
            out.push((name, value));
        }
        out
    }
}

fn prev_non_space(b: &[u8], at: usize) -> Option<u8> {
    b[..at]
        .iter()
        .rev()
        .find(|c| !c.is_ascii_whitespace())
        .copied()
}

/// Where `</name` starts at or after `from`, ignoring case.
fn find_end_tag(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let name = name.as_bytes();
    let mut at = from;
    while let Some(p) = b[at..].windows(2).position(|w| w == b"</") {
        let start = at + p;
        let after = start + 2 + name.len();
        if b.len() >= after
            && b[start + 2..after].eq_ignore_ascii_case(name)
            && b.get(after).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// One past the end tag closing raw text (`</script>`), or the end of input.
fn end_of_raw_text(b: &[u8], from: usize, name: &str) -> usize {
    match find_end_tag(b, from, name) {
        Some(start) => b[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(b.len(), |p| start + p + 1),
        None => b.len(),
    }
}

/// The charset a page declares in its first bytes: `<meta charset>`,
/// `<meta http-equiv="Content-Type" content="…; charset=…">`, or an XML
/// declaration's `encoding`.
pub fn sniff_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let mut i = 0;
    while let Some(p) = head[i..].iter().position(|&c| c == b'<') {
        let open = i + p;
        let rest = &head[open..];
        if rest.starts_with(b"<!--") {
            let end = rest[4..].windows(3).position(|w| w == b"-->")?;
            i = open + 4 + end + 3;
            continue;
        }
        if rest.starts_with(b"<?xml") {
            let end = rest.iter().position(|&c| c == b'>')?;
            let decl = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
            if let Some(label) = decl
                .split_once("encoding")
                .and_then(|(_, v)| v.trim_start().strip_prefix('='))
                .map(|v| v.trim_start().trim_start_matches(['"', '\'']))
                .map(|v| v.split(['"', '\'', ' ', '?']).next().unwrap_or(""))
                .filter(|v| !v.is_empty())
            {
                return Some(label.to_string());
            }
            i = open + end + 1;
            continue;
        }
        let Some(tag) = Tag::parse(head, open) else {
            i = open + 1;
            continue;
        };
        if !tag.closing && tag.name(head).eq_ignore_ascii_case("meta") {
            if let Some(label) = meta_charset(&tag.attributes(head)) {
                return Some(label);
            }
        }
        i = tag.end;
    }
    None
}

fn meta_charset(attributes: &[(String, String)]) -> Option<String> {
    let get = |name: &str| {
        attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
    };
    if let Some(label) = get("charset").filter(|l| !l.is_empty()) {
        return Some(label.to_string());
    }
    if !get("http-equiv").is_some_and(|h| h.eq_ignore_ascii_case("content-type")) {
        return None;
    }
    let content = get("content")?.to_ascii_lowercase();
    let (_, after) = content.split_once("charset")?;
    let label = after
        .trim_start()
        .strip_prefix('=')?
        .trim_start()
        .trim_start_matches(['"', '\''])
        .split(['"', '\'', ';', ' '])
        .next()?;
    (!label.is_empty()).then(|| label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        text_of(html).text
    }

    #[test]
    fn visible_text_only() {
        let cases = [
            ("<p>Xin chào</p>", "Xin chào\n"),
            ("<b>Đậm</b> và <i>nghiêng</i>", "Đậm và nghiêng\n"),
            ("<script>var bimat = '<p>';</script>Thấy", "Thấy\n"),
            ("<SCRIPT type=x>a</script >b</SCRIPT>Thấy", "bThấy\n"),
            ("a</ p>b", "ab\n"),
            ("<style>p { color: red }</style>Thấy", "Thấy\n"),
            (
                "<noscript>Bật JS</noscript><template><p>mẫu</p></template>Thấy",
                "Thấy\n",
            ),
            ("a<!-- ẩn <p> -->b", "ab\n"),
            ("<!DOCTYPE html><?php x ?>Thấy", "Thấy\n"),
            ("a < b > c", "a < b > c\n"),
            ("<a href=\"x>y\" title='a\"b'>liên kết</a>", "liên kết\n"),
            ("<img alt=\"ẩn\" src=x>", ""),
            ("chưa đóng <b", "chưa đóng\n"),
            ("<script>không đóng", ""),
            ("", ""),
        ];
        for (html, want) in cases {
            assert_eq!(text(html), want, "{html:?}");
        }
    }

    #[test]
    fn entities_are_decoded() {
        let cases = [
            ("AT&amp;T &lt;p&gt;", "AT&T <p>\n"),
            ("Tr&agrave; &Ecirc; &ocirc;", "Trà Ê ô\n"),
            ("&#7889; &#x1EA1; &#X1EA1;", "ố ạ ạ\n"),
            ("a&nbsp;b", "a\u{a0}b\n"),
            ("&copy 2024 &unknown; R&D", "© 2024 &unknown; R&D\n"),
            (
                "a&nbspb x&nbsp;y ?a=1&amp=2",
                "a&nbspb x\u{a0}y ?a=1&amp=2\n",
            ),
            (
                "&lt;script&gt;hiện&lt;/script&gt;",
                "<script>hiện</script>\n",
            ),
        ];
        for (html, want) in cases {
            assert_eq!(text(html), want, "{html:?}");
        }
    }

    #[test]
    fn blocks_are_paragraphs_and_white_space_collapses() {
        let html = "<h1>Tiêu  đề</h1>\n<p>Đoạn\n   một.</p><div>Đoạn<br>hai</div>\
                    <ul><li>mục 1</li><li>mục 2</li></ul>\
                    <table><tr><td>GDP</td><td>8,02%</td></tr><tr><th>CPI</th></tr></table>\
                    <pre>  giữ\n    nguyên</pre>sau";
        assert_eq!(
            text(html),
            "Tiêu đề\n\nĐoạn một.\n\nĐoạn\n\nhai\n\nmục 1\n\nmục 2\n\nGDP 8,02%\n\nCPI\n\n  giữ\n    nguyên\n\nsau\n"
        );
    }

    #[test]
    fn title_then_first_h1() {
        let page = text_of("<title> Bản tin &amp; số 5 </title><h1>Khác</h1>");
        assert_eq!(page.title.as_deref(), Some("Bản tin & số 5"));
        assert_eq!(page.text, "Khác\n");
        let page = text_of("<title> </title><h1>Một <b>hai</b></h1><h1>Ba</h1>");
        assert_eq!(page.title.as_deref(), Some("Một hai"));
        assert_eq!(text_of("<p>Không tiêu đề</p>").title, None);
    }

    #[test]
    fn charset_is_sniffed_from_the_head() {
        let cases: [(&[u8], Option<&str>); 8] = [
            (b"<meta charset=\"windows-1258\">", Some("windows-1258")),
            (b"<META CHARSET=utf-8>", Some("utf-8")),
            (
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Windows-1258\">",
                Some("windows-1258"),
            ),
            (
                b"<meta content='text/html;charset=utf-8' http-equiv='content-type'>",
                Some("utf-8"),
            ),
            (
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><html>",
                Some("utf-8"),
            ),
            (
                b"<!-- <meta charset=\"x\"> --><meta charset=\"y\">",
                Some("y"),
            ),
            (b"<meta name=\"description\" content=\"charset=x\">", None),
            (b"<p>charset=utf-8</p>", None),
        ];
        for (head, want) in cases {
            assert_eq!(
                sniff_charset(head).as_deref(),
                want,
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn declared_charset_decides_unless_forced() {
        let cases: [(&[u8], Option<Encoding>, Encoding, &str); 4] = [
            (
                b"<meta charset=windows-1258><p>Ti\xEAu \xF0\xEA\xCC</p>",
                None,
                Encoding::Windows1258,
                "Tiêu đề\n",
            ),
            (
                b"<meta charset=windows-1258><p>Ti\xEAu</p>",
                Some(Encoding::Windows1252),
                Encoding::Windows1252,
                "Tiêu\n",
            ),
            (
                "<meta charset=utf-16><p>Tiêu đề</p>".as_bytes(),
                None,
                Encoding::Utf8,
                "Tiêu đề\n",
            ),
            (
                "\u{feff}<meta charset=windows-1258><p>Tiêu đề</p>".as_bytes(),
                None,
                Encoding::Utf8,
                "Tiêu đề\n",
            ),
        ];
        for (bytes, forced, encoding, text) in cases {
            let got = extract(bytes, forced).unwrap();
            assert_eq!(got.encoding, Some(encoding), "{bytes:?}");
            assert_eq!(got.text, text, "{bytes:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_input_is_read_without_panicking(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "<", ">", "</", "<!--", "-->", "<!", "<?", "<p>", "</p>", "<br/>",
                    "<script>", "</script", "<title>", "</title>", "<h1>", "</h1>",
                    "<pre>", "</pre>", "<td>", "=", "\"", "'", "&", "&#", "x", ";",
                    "&nbsp", "&amp;", "<meta charset=", "utf-8", " ", "\n", "từ", "a",
                ][..]),
                0..80,
            )
        ) {
            let html = pieces.concat();
            let page = text_of(&html);
            let text = &page.text;
            proptest::prop_assert_eq!(text.ends_with('\n'), !text.is_empty());
            // Preformatted text keeps its white space as is.
            if !html.contains("<pre>") {
                proptest::prop_assert!(!text.starts_with([' ', '\t', '\n']), "{:?}", text);
                proptest::prop_assert!(!text.contains("\n\n\n"), "{:?}", text);
            }
            let _ = sniff_charset(html.as_bytes());
        }
    }

    #[test]
    fn declared_charset_that_bantin_does_not_know_is_a_warning() {
        let html = "<meta charset=\"x-khong-biet\"><p>Chào</p>".as_bytes();
        let got = extract(html, None).unwrap();
        assert_eq!(got.text, "Chào\n");
        assert!(got.warning.unwrap().contains("\"x-khong-biet\""));
    }
}
