//! PDF: the text layer, through the `pdf-extract` crate.
//!
//! The text is what `pdf-extract` lays out from the page content (fonts'
//! `ToUnicode` maps decoded), one line per line of text on the page, pages
//! after one another; line numbers are those of this text. A PDF whose
//! pages have no text (a scan) is [`FormatError::NoTextLayer`].
//!
//! `pdf-extract` panics on some malformed files rather than returning an
//! error, so extraction runs under `catch_unwind`, with the panic message
//! kept out of the terminal: a bad PDF is one skipped file, like any other.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use super::{Extracted, Format, FormatError};

/// Extracts the text layer of a PDF file.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, FormatError> {
    let result = quietly(|| pdf_extract::extract_text_from_mem(bytes)).map_err(|panic| {
        FormatError::malformed(
            Format::Pdf,
            format!("unreadable ({})", panic_message(&panic)),
        )
    })?;
    let raw = result.map_err(|e| match e {
        pdf_extract::OutputError::PdfError(
            pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword,
        ) => FormatError::Encrypted("PDF"),
        e => FormatError::malformed(Format::Pdf, e),
    })?;
    let text = clean(&raw);
    if text.trim().is_empty() {
        return Err(FormatError::NoTextLayer);
    }
    Ok(Extracted {
        title: None,
        text,
        encoding: None,
        warning: None,
    })
}

/// The extracted text with control characters (page feeds) dropped,
/// trailing spaces trimmed and runs of blank lines shortened to one.
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0usize;
    for line in raw.lines() {
        let line: String = line
            .chars()
            .filter(|&c| c == '\t' || !c.is_control())
            .collect();
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

thread_local! {
    /// Set while this thread runs code whose panics are expected.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without printing it. The panic hook is
/// replaced once by one that stays silent on threads inside `quietly` and
/// defers to the previous hook everywhere else.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown error");
    // Messages can quote whole dictionaries.
    let mut short: String = message.chars().take(160).collect();
    if short.len() < message.len() {
        short.push('…');
    }
    format!("pdf-extract: {short}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_and_long_gaps() {
        let cases = [
            ("a  \nb\n\n\n\nc\x0c\n", "a\nb\n\nc\n"),
            ("\n\n  \x0c\n", ""),
            ("\tthụt\n", "\tthụt\n"),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn quietly_catches_panics_and_restores_the_flag() {
        let caught = quietly(|| panic!("bad xref")).unwrap_err();
        assert_eq!(panic_message(&caught), "pdf-extract: bad xref");
        assert!(!QUIET.with(Cell::get));
        assert_eq!(quietly(|| 7).unwrap(), 7);
    }

    #[test]
    fn damaged_pdfs_are_errors_not_panics() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/formats/report.pdf"
        );
        let good = std::fs::read(path).unwrap();
        for at in (0..good.len()).step_by(97) {
            let mut cut = good[..at].to_vec();
            let _ = extract(&cut);
            cut = good.clone();
            cut[at] ^= 0x5A;
            // A flipped byte may leave the text readable; it must not panic.
            let _ = extract(&cut);
        }
    }

    #[test]
    fn garbage_is_a_clear_error_not_a_panic() {
        let cases: [&[u8]; 4] = [
            b"",
            b"not a pdf at all",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 1 >>\nstartxref\n9\n%%EOF\n",
        ];
        for bytes in cases {
            let error = extract(bytes).unwrap_err();
            assert!(
                matches!(
                    error,
                    FormatError::Malformed { .. } | FormatError::NoTextLayer
                ),
                "{error}"
            );
        }
    }
}
