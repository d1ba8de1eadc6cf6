//! Markdown to plain text, line for line.
//!
//! bantin prints `path:line` for a passage, so the text keeps the file's
//! lines: every line of the source gives exactly one line of text (with its
//! own line ending), with the markup of that line removed:
//!
//! - headings (`#`, and `===`/`---` underlines, which become blank), thematic
//!   breaks, blockquote `>` and bullet markers (`-`, `*`, `+`, task boxes)
//!   are removed; ordered list numbers stay, since they are visible text
//!   (and in bulletins often section numbers: "1. Tăng trưởng");
//! - emphasis (`*`, `_`, `~~`), inline code backticks, HTML tags and
//!   comments are removed; `[text](url)` and `[text][ref]` become `text`,
//!   `![alt](src)` becomes `alt`, `<https://…>` its address; reference
//!   definitions become blank; entities (`&amp;`) and backslash escapes
//!   are decoded;
//! - table pipes become spaces and delimiter rows (`|---|---|`) blank;
//! - fenced code blocks: the fence lines become blank and the code is kept
//!   verbatim, as text (bulletins put tables of figures in them);
//! - front matter (a `---` or `+++` block at the very top) becomes blank
//!   lines; its `title:` is the bulletin's title.
//!
//! This is a line-level approximation of CommonMark, not a parser:
//! constructs spanning lines (a link whose text wraps) keep their markup.

/// Markdown with its markup removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    /// Same number of lines as the source.
    pub text: String,
    /// The front matter's `title`.
    pub title: Option<String>,
}

/// Removes the markup of `source`, keeping its lines.
pub fn strip(source: &str) -> Stripped {
    let lines: Vec<&str> = source.split_inclusive('\n').collect();
    let mut stripper = Stripper {
        out: String::with_capacity(source.len()),
        in_comment: false,
    };
    let mut title = None;
    let mut start = 0;
    if let Some(end) = front_matter_end(&lines) {
        for line in &lines[..=end] {
            let (content, eol) = split_eol(line);
            title = title.or_else(|| front_matter_title(content));
            stripper.out.push_str(eol);
        }
        start = end + 1;
    }
    let mut fence: Option<Fence> = None;
    let mut in_table = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let (content, eol) = split_eol(line);
        if let Some(open) = &fence {
            if open.is_closed_by(content) {
                fence = None;
            } else {
                stripper.out.push_str(content);
            }
        } else if let Some(open) = Fence::opened_by(content) {
            fence = Some(open);
            in_table = false;
        } else {
            let next_is_delimiter = lines
                .get(i + 1)
                .is_some_and(|next| is_table_delimiter(split_eol(next).0));
            stripper.line(content, next_is_delimiter, &mut in_table);
        }
        stripper.out.push_str(eol);
    }
    Stripped {
        text: stripper.out,
        title,
    }
}

/// A line without its ending, and the ending (`\n`, `\r\n` or nothing).
fn split_eol(line: &str) -> (&str, &str) {
    let content = line
        .strip_suffix('\n')
        .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
    (content, &line[content.len()..])
}

/// The index of the line closing a front matter block that opens the file.
fn front_matter_end(lines: &[&str]) -> Option<usize> {
    let first = split_eol(lines.first()?).0.trim_end();
    if first != "---" && first != "+++" {
        return None;
    }
    lines.iter().enumerate().skip(1).find_map(|(i, line)| {
        let line = split_eol(line).0.trim_end();
        (line == first || (first == "---" && line == "...")).then_some(i)
    })
}

/// `title: Bản tin` (YAML) or `title = "Bản tin"` (TOML).
fn front_matter_title(line: &str) -> Option<String> {
    let rest = line.strip_prefix("title")?.trim_start();
    let value = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('='))?
        .trim();
    let value = [('"', '"'), ('\'', '\'')]
        .iter()
        .find_map(|&(open, close)| value.strip_prefix(open)?.strip_suffix(close))
        .unwrap_or(value)
        .trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// An open fenced code block: its fence character and length.
struct Fence {
    marker: u8,
    len: usize,
}

impl Fence {
    fn opened_by(line: &str) -> Option<Fence> {
        let rest = strip_indent(line)?;
        let marker = *rest.as_bytes().first()?;
        if marker != b'`' && marker != b'~' {
            return None;
        }
        let len = run_len(rest.as_bytes(), 0, marker);
        // A backtick fence's info string has no backticks (else it is code).
        let info_ok = marker == b'~' || !rest[len..].contains('`');
        (len >= 3 && info_ok).then_some(Fence { marker, len })
    }

    fn is_closed_by(&self, line: &str) -> bool {
        strip_indent(line).is_some_and(|rest| {
            let len = run_len(rest.as_bytes(), 0, self.marker);
            len >= self.len && rest[len..].trim().is_empty()
        })
    }
}

/// The line without up to three spaces of indentation; `None` if indented
/// more (an indented code block).
fn strip_indent(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len() <= 3).then_some(rest)
}

fn run_len(bytes: &[u8], at: usize, byte: u8) -> usize {
    bytes[at..].iter().take_while(|&&b| b == byte).count()
}

/// `***`, `- - -`, `___`: three or more of one marker and nothing else.
fn is_thematic_break(line: &str) -> bool {
    let line = line.trim();
    let Some(marker) = line.chars().next().filter(|c| matches!(c, '-' | '*' | '_')) else {
        return false;
    };
    line.chars().all(|c| c == marker || c == ' ' || c == '\t')
        && line.chars().filter(|&c| c == marker).count() >= 3
}

/// A setext heading underline: `===` or `---`.
fn is_setext_underline(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

/// A table's delimiter row: `| --- | :---: |`, with at least one pipe.
fn is_table_delimiter(line: &str) -> bool {
    let line = line.trim();
    if !line.contains('|') || !line.contains('-') {
        return false;
    }
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner.split('|').all(|cell| {
        let cell = cell.trim();
        let cell = cell.strip_prefix(':').unwrap_or(cell);
        let cell = cell.strip_suffix(':').unwrap_or(cell);
        !cell.is_empty() && cell.bytes().all(|b| b == b'-')
    })
}

/// `# Heading #` without its markers; `None` if not an ATX heading.
fn atx_heading(line: &str) -> Option<&str> {
    let rest = strip_indent(line)?;
    let hashes = run_len(rest.as_bytes(), 0, b'#');
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &rest[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None; // `#hashtag`
    }
    let rest = rest.trim();
    // The closing sequence: `#`s after a space, or the whole rest.
    let without_closing = rest.trim_end_matches('#');
    if without_closing.is_empty() {
        return Some("");
    }
    if without_closing.ends_with([' ', '\t']) {
        return Some(without_closing.trim_end());
    }
    Some(rest)
}

/// The line after a bullet marker (`- `, `* `, `+ `) and a task box.
fn after_bullet(line: &str) -> Option<&str> {
    let rest = line.trim_start();
    let mut chars = rest.chars();
    let marker = chars.next()?;
    if !matches!(marker, '-' | '*' | '+') {
        return None;
    }
    let after = &rest[1..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let after = after.trim_start();
    for task in ["[ ]", "[x]", "[X]"] {
        if let Some(rest) = after.strip_prefix(task) {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                return Some(rest.trim_start());
            }
        }
    }
    Some(after)
}

/// `[label]: https://…`: a link reference definition (not a footnote).
fn is_reference_definition(line: &str) -> bool {
    let Some(rest) = strip_indent(line).and_then(|l| l.strip_prefix('[')) else {
        return false;
    };
    if rest.starts_with('^') {
        return false;
    }
    rest.find("]:")
        .is_some_and(|end| end > 0 && !rest[..end].contains(['[', ']']))
}

/// Bytes the inline scanner looks at; everything else is copied.
const SPECIAL: &[char] = &['\\', '`', '!', '[', '<', '*', '_', '~', '&', '|'];

struct Stripper {
    out: String,
    /// Inside an HTML comment that began on an earlier line.
    in_comment: bool,
}

impl Stripper {
    /// Appends one line (without its ending), markup removed.
    fn line(&mut self, line: &str, next_is_delimiter: bool, in_table: &mut bool) {
        let mut rest = line;
        if self.in_comment {
            match rest.find("-->") {
                Some(end) => {
                    self.in_comment = false;
                    rest = &rest[end + 3..];
                }
                None => return,
            }
        }
        while let Some(quoted) = strip_indent(rest).and_then(|r| r.strip_prefix('>')) {
            rest = quoted.strip_prefix(' ').unwrap_or(quoted);
        }
        if rest.trim().is_empty() {
            *in_table = false;
            return;
        }
        if is_table_delimiter(rest) {
            *in_table = true;
            return;
        }
        if is_thematic_break(rest) || is_setext_underline(rest) || is_reference_definition(rest) {
            return;
        }
        let table_row = next_is_delimiter || (*in_table && rest.contains('|'));
        *in_table = table_row;
        if let Some(heading) = atx_heading(rest) {
            rest = heading;
        } else if let Some(item) = after_bullet(rest) {
            rest = item;
        }
        self.inline(rest, table_row);
        // Markup removed at the end leaves trailing spaces.
        let trimmed = self.out.trim_end_matches([' ', '\t']).len();
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out.truncate(trimmed.max(line_start));
    }

    /// Appends `s` with its inline markup removed.
    fn inline(&mut self, s: &str, table_row: bool) {
        let b = s.as_bytes();
        let mut i = 0;
        while i < s.len() {
            // Copy plain runs in one go.
            let plain = s[i..].find(SPECIAL).map_or(s.len(), |p| i + p);
            if plain > i {
                self.out.push_str(&s[i..plain]);
                i = plain;
                continue;
            }
            match b[i] {
                b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                    self.out.push(b[i + 1] as char);
                    i += 2;
                }
                b'`' => {
                    let n = run_len(b, i, b'`');
                    match closing_backticks(s, i + n, n) {
                        Some(close) => {
                            self.out.push_str(code_span(&s[i + n..close]));
                            i = close + n;
                        }
                        None => {
                            self.out.push_str(&s[i..i + n]);
                            i += n;
                        }
                    }
                }
                b'!' if b.get(i + 1) == Some(&b'[') => match link(s, i + 1) {
                    Some((text, end)) => {
                        self.inline(text, false);
                        i = end;
                    }
                    None => {
                        self.out.push('!');
                        i += 1;
                    }
                },
                b'[' => match link(s, i) {
                    Some((text, end)) => {
                        self.inline(text, table_row);
                        i = end;
                    }
                    None => match footnote_reference(s, i) {
                        Some(end) => i = end,
                        None => {
                            self.out.push('[');
                            i += 1;
                        }
                    },
                },
                b'<' => {
                    if s[i..].starts_with("<!--") {
                        match s[i + 4..].find("-->") {
                            Some(end) => i += 4 + end + 3,
                            None => {
                                self.in_comment = true;
                                return;
                            }
                        }
                    } else if let Some((address, end)) = autolink(s, i) {
                        self.out.push_str(address);
                        i = end;
                    } else if let Some(end) = html_tag_end(s, i) {
                        i = end;
                    } else {
                        self.out.push('<');
                        i += 1;
                    }
                }
                c @ (b'*' | b'_' | b'~') => {
                    let n = run_len(b, i, c);
                    let before = s[..i].chars().next_back();
                    let after = s[i + n..].chars().next();
                    if !is_emphasis(c, n, before, after) {
                        self.out.push_str(&s[i..i + n]);
                    }
                    i += n;
                }
                b'&' => match entity(s, i) {
                    Some((decoded, end)) => {
                        self.out.push_str(&decoded);
                        i = end;
                    }
                    None => {
                        self.out.push('&');
                        i += 1;
                    }
                },
                b'|' if table_row => {
                    self.out.push(' ');
                    i += 1;
                }
                other => {
                    self.out.push(other as char);
                    i += 1;
                }
            }
        }
    }
}

/// Where the run of exactly `n` backticks closing a code span starts.
fn closing_backticks(s: &str, from: usize, n: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(p) = s[i..].find('`') {
        let at = i + p;
        let len = run_len(b, at, b'`');
        if len == n {
            return Some(at);
        }
        i = at + len;
    }
    None
}

/// A code span's content: one space stripped from each side if both have one.
fn code_span(content: &str) -> &str {
    match content.strip_prefix(' ').and_then(|c| c.strip_suffix(' ')) {
        Some(inner) if !inner.trim().is_empty() => inner,
        _ => content,
    }
}

/// `[text](url)` or `[text][ref]` at `open`: the text and the end.
fn link(s: &str, open: usize) -> Option<(&str, usize)> {
    let close = matching(s, open, b'[', b']')?;
    let text = &s[open + 1..close];
    match s.as_bytes().get(close + 1) {
        Some(b'(') => Some((text, matching(s, close + 1, b'(', b')')? + 1)),
        Some(b'[') => {
            let end = matching(s, close + 1, b'[', b']')?;
            Some((text, end + 1))
        }
        _ => None,
    }
}

/// `[^1]`: a footnote reference, dropped; its end.
fn footnote_reference(s: &str, open: usize) -> Option<usize> {
    if !s[open..].starts_with("[^") {
        return None;
    }
    let close = matching(s, open, b'[', b']')?;
    let label = &s[open + 2..close];
    (!label.is_empty() && !label.contains(char::is_whitespace)).then_some(close + 1)
}

/// The index of the bracket closing the one at `open`, skipping escapes.
fn matching(s: &str, open: usize, left: u8, right: u8) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            c if c == left => depth += 1,
            c if c == right => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `<https://…>` or `<ai@example.com>`: the address and the end.
fn autolink(s: &str, open: usize) -> Option<(&str, usize)> {
    let close = open + s[open..].find('>')?;
    let inner = &s[open + 1..close];
    if inner.is_empty() || inner.contains(|c: char| c.is_whitespace() || c == '<') {
        return None;
    }
    let is_uri = inner.split_once(':').is_some_and(|(scheme, _)| {
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    let is_email = inner
        .split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
    (is_uri || is_email).then_some((inner, close + 1))
}

/// The end of an HTML tag (`<b>`, `</span>`, `<img src="…"/>`) at `open`.
fn html_tag_end(s: &str, open: usize) -> Option<usize> {
    let b = s.as_bytes();
    let name_at = if b.get(open + 1) == Some(&b'/') {
        open + 2
    } else {
        open + 1
    };
    if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut quote = None;
    for (i, &c) in b.iter().enumerate().skip(name_at) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, b'>') => return Some(i + 1),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// Whether a run of `n` `*`, `_` or `~` between `before` and `after` is
/// emphasis markup rather than text (`2 * 3`, `snake_case`, `~5%`).
fn is_emphasis(c: u8, n: usize, before: Option<char>, after: Option<char>) -> bool {
    let space = |ch: Option<char>| ch.is_none_or(char::is_whitespace);
    if space(before) && space(after) {
        return false;
    }
    let alnum = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
    match c {
        b'_' => !(alnum(before) && alnum(after)),
        b'*' => {
            !(before.is_some_and(|b| b.is_ascii_digit())
                && after.is_some_and(|a| a.is_ascii_digit()))
        }
        _ => n >= 2,
    }
}

/// `&amp;`, `&#7889;`, `&#x1EA1;` at `at`: the decoded text and the end.
fn entity(s: &str, at: usize) -> Option<(String, usize)> {
    let semi = s[at..].find(';').filter(|&p| p > 1 && p <= 32)?;
    let raw = &s[at..=at + semi];
    if !raw[1..raw.len() - 1]
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '#')
    {
        return None;
    }
    let decoded = html_escape::decode_html_entities(raw);
    if decoded == raw {
        return None;
    }
    // `&#10;` must not add a line.
    let decoded = decoded.replace(['\n', '\r'], " ");
    Some((decoded, at + semi + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(source: &str) -> String {
        let got = strip(source).text;
        assert_eq!(
            got.split('\n').count(),
            source.split('\n').count(),
            "line count changed: {source:?} -> {got:?}"
        );
        got
    }

    #[test]
    fn block_markup() {
        let cases = [
            ("# Tiêu đề", "Tiêu đề"),
            ("### Mục ba ###", "Mục ba"),
            ("## C# là gì", "C# là gì"),
            ("#hashtag", "#hashtag"),
            ("####### bảy", "####### bảy"),
            ("> Trích dẫn", "Trích dẫn"),
            ("> > lồng nhau", "lồng nhau"),
            ("- mục một", "mục một"),
            ("* mục hai", "mục hai"),
            ("+ mục ba", "mục ba"),
            ("  - [x] đã xong", "đã xong"),
            ("- [ ] chưa xong", "chưa xong"),
            ("1. Tăng trưởng kinh tế", "1. Tăng trưởng kinh tế"),
            ("---", ""),
            ("* * *", ""),
            ("___", ""),
            ("===", ""),
            ("[gso]: https://gso.gov.vn \"GSO\"", ""),
            ("-5% so với", "-5% so với"),
            ("    mã lệnh", "    mã lệnh"),
        ];
        for (source, want) in cases {
            assert_eq!(stripped(source), want, "{source:?}");
        }
    }

    #[test]
    fn inline_markup() {
        let cases = [
            ("**Đậm** và *nghiêng*", "Đậm và nghiêng"),
            ("__đậm__ _nghiêng_ ~~gạch~~", "đậm nghiêng gạch"),
            ("***cả hai***", "cả hai"),
            ("giữa**từ**", "giữatừ"),
            ("snake_case_name", "snake_case_name"),
            ("2 * 3 = 6, 2*3", "2 * 3 = 6, 2*3"),
            ("khoảng ~5%", "khoảng ~5%"),
            ("lệnh `bantin index`", "lệnh bantin index"),
            ("`` a ` b ``", "a ` b"),
            ("dấu ` lẻ", "dấu ` lẻ"),
            (
                "xem [Tổng cục](https://gso.gov.vn/a_(b)) nhé",
                "xem Tổng cục nhé",
            ),
            ("xem [**đậm**][ref]", "xem đậm"),
            ("![Biểu đồ GDP](gdp.png)", "Biểu đồ GDP"),
            ("[chỉ ngoặc]", "[chỉ ngoặc]"),
            ("chú thích[^1] ở đây", "chú thích ở đây"),
            ("<https://gso.gov.vn>", "https://gso.gov.vn"),
            ("<b>in</b> <span class=\"x>y\">đậm</span>", "in đậm"),
            ("a < b và c > d", "a < b và c > d"),
            ("trước<!-- ẩn -->sau", "trướcsau"),
            (
                "AT&amp;T &agrave; &#7889; &#x1EA1; &nbsp;.",
                "AT&T à ố ạ \u{a0}.",
            ),
            ("R&D; &unknown; & lẻ", "R&D; &unknown; & lẻ"),
            ("dòng&#10;một&NewLine;", "dòng một"),
            (r"\*không nghiêng\* \_ \# \[", "*không nghiêng* _ # ["),
            ("có dấu | ống", "có dấu | ống"),
        ];
        for (source, want) in cases {
            assert_eq!(stripped(source), want, "{source:?}");
        }
    }

    #[test]
    fn tables_lose_pipes_and_delimiter_rows() {
        let source = "| Chỉ tiêu | Tăng |\n|---|:---:|\n| GDP | 8,02% |\n\nTỉnh | Số\n--- | ---\nHà Nội | 1\n";
        assert_eq!(
            stripped(source),
            "  Chỉ tiêu   Tăng\n\n  GDP   8,02%\n\nTỉnh   Số\n\nHà Nội   1\n"
        );
    }

    #[test]
    fn fenced_code_is_kept_verbatim_and_fences_blanked() {
        let source =
            "Trước\n```text\n# không phải tiêu đề\n**giữ**\n```\nSau *nghiêng*\n~~~~\n`x`\n~~~~\n";
        assert_eq!(
            stripped(source),
            "Trước\n\n# không phải tiêu đề\n**giữ**\n\nSau nghiêng\n\n`x`\n\n"
        );
        // An unclosed fence runs to the end of the file.
        assert_eq!(stripped("```\n*a*\n"), "\n*a*\n");
    }

    #[test]
    fn front_matter_is_blanked_and_gives_the_title() {
        let source = "---\ntitle: \"Bản tin tháng 5\"\ntags: [a]\n---\n# Mở đầu\n";
        let got = strip(source);
        assert_eq!(got.text, "\n\n\n\nMở đầu\n");
        assert_eq!(got.title.as_deref(), Some("Bản tin tháng 5"));
        let toml = strip("+++\ntitle = 'Số 7'\n+++\nNội dung");
        assert_eq!(toml.text, "\n\n\nNội dung");
        assert_eq!(toml.title.as_deref(), Some("Số 7"));
        // Without a closing line it is a thematic break, not front matter.
        assert_eq!(stripped("---\ntitle: x\n"), "\ntitle: x\n");
    }

    #[test]
    fn multi_line_comments_are_blanked() {
        let source = "a <!-- bắt đầu\nẩn\nhết --> b\nc\n";
        assert_eq!(stripped(source), "a\n\n b\nc\n");
    }

    #[test]
    fn line_endings_are_kept() {
        assert_eq!(stripped("# A\r\n\r\n*b*\r\nc"), "A\r\n\r\nb\r\nc");
    }

    proptest::proptest! {
        #[test]
        fn any_input_keeps_its_line_count(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "# ", "> ", "- ", "* ", "1. ", "**", "_", "~~", "`", "```", "~~~",
                    "[", "](", ")", "![", "<", ">", "<!--", "-->", "&#10;", "&amp;", "&",
                    ";", "|", "---", "|---|", "\\", "\n", "\r\n", "\r", " ", "\t",
                    "từ", "a", "1", "+++", "title: x", "<b>", "<https://a.vn>",
                ][..]),
                0..60,
            )
        ) {
            let source = pieces.concat();
            let got = strip(&source).text;
            proptest::prop_assert_eq!(got.split('\n').count(), source.split('\n').count());
        }
    }

    #[test]
    fn setext_heading_underline_becomes_blank() {
        assert_eq!(stripped("Tiêu đề\n=======\nThân"), "Tiêu đề\n\nThân");
        assert_eq!(stripped("Tiêu đề\n---\nThân"), "Tiêu đề\n\nThân");
    }
}
