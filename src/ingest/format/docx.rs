//! Word documents (`.docx`): the text of `word/document.xml`.
//!
//! A DOCX file is a ZIP archive; its body is WordprocessingML. Each
//! paragraph (`<w:p>`) becomes a paragraph of text, separated from the next
//! by a blank line (empty paragraphs are dropped); its text is that of its
//! runs' `<w:t>` elements, with `<w:tab/>` as a tab and `<w:br/>`, `<w:cr/>`
//! as a line break. Deleted text (`<w:delText>`), field codes and the
//! fallback copy of text boxes (`<mc:Fallback>`) are not text. Headers,
//! footers, footnotes and comments live in other parts and are not read.
//! Line numbers are those of this text.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::NsReader;

use super::{Extracted, Format, FormatError};

/// The main part of a Word document.
const DOCUMENT: &str = "word/document.xml";
/// `word/document.xml` larger than this, uncompressed, is refused (a ZIP
/// bomb, or not a bulletin).
const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// WordprocessingML, transitional and strict.
const W: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MARKUP_COMPATIBILITY: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Extracts the paragraphs of a DOCX file.
pub(super) fn extract(bytes: &[u8]) -> Result<Extracted, FormatError> {
    let malformed = |reason: String| FormatError::malformed(Format::Docx, reason);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| malformed(format!("not a ZIP archive ({e})")))?;
    let part = archive
        .by_name(DOCUMENT)
        .map_err(|e| malformed(format!("no {DOCUMENT} ({e})")))?;
    if part.size() > MAX_DOCUMENT_BYTES {
        return Err(malformed(format!(
            "{DOCUMENT} is larger than {MAX_DOCUMENT_BYTES} bytes"
        )));
    }
    // The declared size may lie: reserve at most 16 MiB up front.
    let mut xml = String::with_capacity(part.size().min(16 << 20) as usize);
    part.take(MAX_DOCUMENT_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| malformed(format!("cannot read {DOCUMENT} ({e})")))?;
    let text = paragraphs(&xml).map_err(|e| malformed(format!("{DOCUMENT}: {e}")))?;
    Ok(Extracted {
        title: None,
        text,
        encoding: None,
        warning: None,
    })
}

/// The text of a WordprocessingML document: paragraphs separated by blank
/// lines.
pub fn paragraphs(xml: &str) -> Result<String, quick_xml::Error> {
    let mut reader = NsReader::from_str(xml);
    let mut out = String::with_capacity(xml.len() / 4);
    // Paragraphs being read: a text box's paragraphs sit inside one.
    let mut open: Vec<String> = Vec::new();
    let mut in_run = 0usize;
    let mut in_text = false;
    loop {
        let (ns, event) = reader.read_resolved_event()?;
        let wordml = matches!(ns, ResolveResult::Bound(Namespace(n)) if W.contains(&n));
        let compat = matches!(ns, ResolveResult::Bound(Namespace(n)) if n == MARKUP_COMPATIBILITY);
        match event {
            Event::Start(e) if compat && e.local_name().as_ref() == "Fallback" => {
                reader.read_to_end(e.name())?;
            }
            Event::Start(e) if wordml => match e.local_name().as_ref() {
                "p" => open.push(String::new()),
                "r" => in_run += 1,
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) if wordml && in_run > 0 => {
                let piece = match e.local_name().as_ref() {
                    "tab" | "ptab" => "\t",
                    "br" | "cr" => "\n",
                    "noBreakHyphen" => "-",
                    _ => "",
                };
                if let Some(paragraph) = open.last_mut() {
                    paragraph.push_str(piece);
                }
            }
            Event::End(e) if wordml => match e.local_name().as_ref() {
                "p" => {
                    if let Some(paragraph) = open.pop() {
                        push_paragraph(&mut out, &paragraph);
                    }
                }
                "r" => in_run = in_run.saturating_sub(1),
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if in_text => {
                if let Some(paragraph) = open.last_mut() {
                    paragraph.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref()? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_xml_entity(&r)
                        .unwrap_or_default()
                        .to_string(),
                };
                if let Some(paragraph) = open.last_mut() {
                    paragraph.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Paragraphs never closed (a truncated file) still count.
    for paragraph in open {
        push_paragraph(&mut out, &paragraph);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    Ok(out)
}

fn push_paragraph(out: &mut String, paragraph: &str) {
    let paragraph = paragraph.trim();
    if paragraph.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    out.push_str(paragraph);
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal DOCX file whose body is `body` (inside `<w:body>`).
    pub(crate) fn docx_with_body(body: &str) -> Vec<u8> {
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"{}\" xmlns:mc=\"{MARKUP_COMPATIBILITY}\">\
             <w:body>{body}</w:body></w:document>",
            W[0]
        );
        let parts = [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
                 <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
                 </Types>"
                    .to_string(),
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
                 <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
                 <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
                 </Relationships>"
                    .to_string(),
            ),
            (DOCUMENT, document),
        ];
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn body_text(body: &str) -> String {
        extract(&docx_with_body(body)).unwrap().text
    }

    #[test]
    fn paragraphs_runs_tabs_and_breaks() {
        let cases = [
            ("<w:p><w:r><w:t>Xin chào</w:t></w:r></w:p>", "Xin chào\n"),
            (
                "<w:p><w:r><w:t xml:space=\"preserve\">Tăng </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>8,02%</w:t></w:r></w:p>",
                "Tăng 8,02%\n",
            ),
            (
                "<w:p><w:r><w:t>Một</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>Hai</w:t></w:r></w:p>",
                "Một\n\nHai\n",
            ),
            (
                "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
                 <w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r></w:p>",
                "A\tB\nC\n",
            ),
            ("<w:p><w:r><w:t>AT&amp;T &#7889; &#x1EA1;</w:t></w:r></w:p>", "AT&T ố ạ\n"),
            (
                "<w:p><w:del><w:r><w:delText>xoá</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText><w:t>còn</w:t></w:r></w:p>",
                "còn\n",
            ),
            (
                "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:txbxContent>\
                 <w:p><w:r><w:t>hộp</w:t></w:r></w:p></w:txbxContent></mc:Choice>\
                 <mc:Fallback><w:txbxContent><w:p><w:r><w:t>hộp</w:t></w:r></w:p></w:txbxContent></mc:Fallback>\
                 </mc:AlternateContent></w:r><w:r><w:t>ngoài</w:t></w:r></w:p>",
                "hộp\n\nngoài\n",
            ),
            (
                "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>GDP</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>8%</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
                "GDP\n\n8%\n",
            ),
            ("", ""),
        ];
        for (body, want) in cases {
            assert_eq!(body_text(body), want, "{body}");
        }
    }

    proptest::proptest! {
        #[test]
        fn damaged_files_are_errors_not_panics(cut in 0usize..2000, flip in 0usize..2000) {
            let mut bytes = docx_with_body("<w:p><w:r><w:t>Một hai ba</w:t></w:r></w:p>");
            bytes.truncate(cut.max(1));
            if let Some(b) = bytes.get_mut(flip) {
                *b ^= 0x5A;
            }
            let _ = extract(&bytes);
        }
    }

    #[test]
    fn other_prefixes_are_resolved_by_namespace() {
        let xml = format!(
            "<x:document xmlns:x=\"{}\"><x:body><x:p><x:r><x:t>Tiền tố khác</x:t></x:r></x:p>\
             <w:p xmlns:w=\"urn:other\"><w:r><w:t>không phải Word</w:t></w:r></w:p></x:body></x:document>",
            W[1]
        );
        assert_eq!(paragraphs(&xml).unwrap(), "Tiền tố khác\n");
    }

    #[test]
    fn corrupt_files_are_errors() {
        let cases: [(&[u8], &str); 3] = [
            (
                b"garbage, not a zip",
                "corrupt DOCX file: not a ZIP archive",
            ),
            (b"", "corrupt DOCX file: not a ZIP archive"),
            (
                b"PK\x03\x04\x14\x00\x00\x00",
                "corrupt DOCX file: not a ZIP archive",
            ),
        ];
        for (bytes, want) in cases {
            let error = extract(bytes).unwrap_err().to_string();
            assert!(error.starts_with(want), "{error}");
        }
        // A ZIP without a Word body.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        let bytes = zip.finish().unwrap().into_inner();
        let error = extract(&bytes).unwrap_err().to_string();
        assert!(
            error.starts_with("corrupt DOCX file: no word/document.xml"),
            "{error}"
        );
        // Mismatched tags.
        let bytes = docx_with_body("<w:p><w:r><w:t>a</w:r></w:p>");
        let error = extract(&bytes).unwrap_err().to_string();
        assert!(
            error.starts_with("corrupt DOCX file: word/document.xml:"),
            "{error}"
        );
    }
}
