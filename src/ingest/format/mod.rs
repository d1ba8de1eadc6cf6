//! File formats: from a file's bytes to its plain text and title.
//!
//! One module per format; each turns a file into an [`Extracted`] text that
//! the passage splitter reads (paragraphs are separated by blank lines):
//!
//! - `.txt`: the decoded text, as is;
//! - [`markdown`] (`.md`, `.markdown`): markup removed line by line, so the
//!   text has the same lines as the file and `path:line` points into it;
//! - [`html`] (`.html`, `.htm`): the visible text, one paragraph per block
//!   element;
//! - [`docx`] (`.docx`): one paragraph per Word paragraph;
//! - [`pdf`] (`.pdf`): the text layer.
//!
//! For HTML, DOCX and PDF, line numbers are lines of the extracted text, not
//! of the file: those files have no lines a reader could open at.
//!
//! Text formats are decoded by [`encoding`]; the user's `--encoding` wins
//! over what a file declares (`<meta charset>`), which wins over detection.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;

use std::path::Path;

use super::encoding::{self, Encoding, NotText};

/// The formats bantin reads, by file name ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Docx,
    Pdf,
}

impl Format {
    /// The format of a file, from its name; `None` for files bantin skips.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Docx => "DOCX",
            Format::Pdf => "PDF",
        }
    }
}

/// A file's text, ready to split into passages.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The title, when the format says (HTML `<title>`, Markdown front
    /// matter); else the first line of `text` is used.
    pub title: Option<String>,
    pub text: String,
    /// The encoding the bytes were read in, when they were text.
    pub encoding: Option<Encoding>,
    /// Something a user should know about this file.
    pub warning: Option<String>,
}

/// Why a file's text could not be extracted.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(transparent)]
    NotText(#[from] NotText),
    #[error("PDF has no text layer (scanned image?)")]
    NoTextLayer,
    #[error("{0} is encrypted")]
    Encrypted(&'static str),
    /// The file is not a valid file of its format.
    #[error("corrupt {format} file: {reason}")]
    Malformed {
        format: &'static str,
        reason: String,
    },
}

impl FormatError {
    fn malformed(format: Format, reason: impl ToString) -> FormatError {
        FormatError::Malformed {
            format: format.name(),
            reason: reason.to_string(),
        }
    }
}

/// Extracts the text of a file in `format`. `forced` is the user's
/// `--encoding`, for formats that are text.
pub fn extract(
    format: Format,
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<Extracted, FormatError> {
    match format {
        Format::Text => {
            let decoded = encoding::decode(bytes, forced)?;
            Ok(Extracted {
                title: None,
                text: decoded.text,
                encoding: Some(decoded.encoding),
                warning: decoded.warning,
            })
        }
        Format::Markdown => {
            let decoded = encoding::decode(bytes, forced)?;
            let stripped = markdown::strip(&decoded.text);
            Ok(Extracted {
                title: stripped.title,
                text: stripped.text,
                encoding: Some(decoded.encoding),
                warning: decoded.warning,
            })
        }
        Format::Html => html::extract(bytes, forced),
        Format::Docx => docx::extract(bytes),
        Format::Pdf => pdf::extract(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_of_file_names() {
        let cases = [
            ("a.txt", Some(Format::Text)),
            ("a.TXT", Some(Format::Text)),
            ("a.md", Some(Format::Markdown)),
            ("a.markdown", Some(Format::Markdown)),
            ("a.html", Some(Format::Html)),
            ("a.HTM", Some(Format::Html)),
            ("a.docx", Some(Format::Docx)),
            ("a.pdf", Some(Format::Pdf)),
            ("a.doc", None),
            ("a.jsonl", None),
            ("README", None),
        ];
        for (name, want) in cases {
            assert_eq!(Format::of(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn error_messages() {
        let cases = [
            (
                FormatError::NoTextLayer,
                "PDF has no text layer (scanned image?)",
            ),
            (
                FormatError::malformed(Format::Docx, "not a zip archive"),
                "corrupt DOCX file: not a zip archive",
            ),
            (FormatError::Encrypted("PDF"), "PDF is encrypted"),
            (
                FormatError::NotText(NotText::Binary),
                "binary file (contains NUL bytes)",
            ),
        ];
        for (error, want) in cases {
            assert_eq!(error.to_string(), want);
        }
    }

    fn fixture(name: &str) -> Result<Extracted, FormatError> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats")
            .join(name);
        let bytes = std::fs::read(&path).unwrap();
        extract(Format::of(&path).unwrap(), &bytes, None)
    }

    /// A fixture file, its title, phrases its text has and words it has not.
    type FixtureCase = (
        &'static str,
        Option<&'static str>,
        &'static [&'static str],
        &'static [&'static str],
    );

    /// tests/fixtures/formats/README.md lists the same phrases.
    #[test]
    fn fixtures_give_their_text_and_hide_the_rest() {
        let cases: [FixtureCase; 4] = [
            (
                "page.html",
                Some("Bản tin thời tiết & nông vụ"),
                &[
                    "thu hoạch lúa sớm",
                    "Quảng\u{a0}Bình",
                    "200–300\u{a0}mm",
                    "đê điều địa phương",
                    "khí tượng TW <hotline>",
                ],
                &[
                    "bimatscript",
                    "bimatstyle",
                    "bimatcomment",
                    "bimatmeta",
                    "bimatalt",
                    "<p>",
                    "&",
                ],
            ),
            (
                "notes.md",
                Some("Ghi chép họp giao ban tuần 23"),
                &[
                    "Tình hình xuất khẩu gạo sáu tháng",
                    "xem báo cáo.",
                    "Giá lúa tăng 2,5% so với",
                    "Gạo        4,2 triệu tấn",
                    "Bảng số liệu gốc: giữ nguyên",
                    "Biểu đồ sản lượng",
                ],
                &[
                    "bimatfrontmatter",
                    "bimaturl",
                    "bimattitle",
                    "bimatcomment",
                    "bimatimage",
                    "**",
                    "|",
                ],
            ),
            (
                "report.docx",
                None,
                &[
                    "Báo cáo tổng kết năm 2024\n\nDoanh thu đạt 5.210 tỷ đồng, tăng 12% so với cùng kỳ & vượt kế hoạch.",
                    "Chi nhánh\tHà Nội\nChi nhánh\tĐà Nẵng",
                    "Kế hoạch năm tới",
                    "Quý\n\nLợi nhuận",
                ],
                &["bimatdeleted", "\n\n\n"],
            ),
            (
                "report.pdf",
                None,
                &[
                    "Tổng kết vụ lúa Đông Xuân",
                    "Năng suất lúa bình quân đạt 6,8 tấn/ha",
                    "đồng bằng sông Cửu Long",
                    "giá phân bón giảm nhẹ",
                ],
                &["\x0c"],
            ),
        ];
        for (name, title, present, absent) in cases {
            let got = fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(got.title.as_deref(), title, "{name}");
            for phrase in present {
                assert!(
                    got.text.contains(phrase),
                    "{name}: no {phrase:?} in\n{}",
                    got.text
                );
            }
            for word in absent {
                assert!(
                    !got.text.contains(word),
                    "{name}: {word:?} in\n{}",
                    got.text
                );
            }
        }
    }

    #[test]
    fn markdown_fixture_keeps_line_numbers() {
        let source = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/notes.md"),
        )
        .unwrap();
        let got = fixture("notes.md").unwrap();
        assert_eq!(got.text.lines().count(), source.lines().count());
        let passages = super::super::split_passages(&got.text);
        let text_line = |n: usize| got.text.lines().nth(n - 1).unwrap();
        assert!(text_line(9).starts_with("Tình hình xuất khẩu gạo"));
        assert_eq!(text_line(12), "Hoàn thành kiểm kê kho");
        // Every passage's line is the line of the file its text starts on.
        for p in &passages {
            let first = got.text[p.start..p.end].lines().next().unwrap();
            assert!(
                text_line(p.line).contains(first),
                "line {}: {first}",
                p.line
            );
        }
        assert!(passages
            .iter()
            .any(|p| got.text[p.start..p.end].contains("xuất khẩu gạo")));
    }

    #[test]
    fn windows_1258_page_follows_its_meta_charset() {
        let got = fixture("page-1258.html").unwrap();
        assert_eq!(got.encoding, Some(Encoding::Windows1258));
        assert_eq!(got.warning, None);
        assert_eq!(got.title.as_deref(), Some("Báo cáo kinh tế tháng sáu"));
        assert!(
            got.text
                .contains("Sản xuất công nghiệp tăng trưởng mạnh ở Đồng Nai"),
            "{}",
            got.text
        );
    }

    #[test]
    fn broken_and_scanned_fixtures_are_clear_errors() {
        let cases = [
            ("scanned.pdf", "PDF has no text layer (scanned image?)"),
            ("broken.docx", "corrupt DOCX file: not a ZIP archive"),
            ("broken.pdf", "corrupt PDF file: "),
        ];
        for (name, want) in cases {
            let error = fixture(name).unwrap_err().to_string();
            assert!(error.starts_with(want), "{name}: {error}");
        }
    }

    #[test]
    fn markdown_keeps_encoding_and_lines() {
        let got = extract(Format::Markdown, "# Tiêu đề\n\n**Đậm**\n".as_bytes(), None).unwrap();
        assert_eq!(got.text, "Tiêu đề\n\nĐậm\n");
        assert!(got.encoding.is_some());
    }
}
