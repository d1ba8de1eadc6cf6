//! JSON-lines collections: one document per line, each its own bulletin.
//!
//! A line is a JSON object; `--id-field`, `--title-field` and `--text-field`
//! (defaults `id`, `title`, `text`) name its fields. The document's path is
//! `FILE#ID` and every passage of it reports the line of the file the
//! document is on. A line that is not a JSON object with a text is reported
//! and skipped; the rest of the file is indexed.

use std::path::Path;

use super::{Bulletin, FileStamp};

/// Which JSON fields hold a document's id, title and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlFields {
    pub id: String,
    pub title: String,
    pub text: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            id: "id".into(),
            title: "title".into(),
            text: "text".into(),
        }
    }
}

/// True for a file read as a JSON-lines collection.
pub fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// A line of a collection that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub reason: String,
}

/// Splits a collection's text into documents. `file` is the display path
/// of the collection.
pub fn documents(
    file: &str,
    text: &str,
    fields: &JsonlFields,
    stamp: FileStamp,
    content_hash: u64,
) -> (Vec<Bulletin>, Vec<BadLine>) {
    let mut docs = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                bad.push(BadLine {
                    line: line_no,
                    reason: format!("not JSON: {e}"),
                });
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            bad.push(BadLine {
                line: line_no,
                reason: "not a JSON object".into(),
            });
            continue;
        };
        let string = |name: &str| -> Option<String> {
            match object.get(name)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let Some(body) = string(&fields.text) else {
            bad.push(BadLine {
                line: line_no,
                reason: format!("no string field \"{}\"", fields.text),
            });
            continue;
        };
        let id = string(&fields.id).unwrap_or_else(|| line_no.to_string());
        let mut doc = Bulletin::from_text(format!("{file}#{id}"), body, stamp, content_hash);
        doc.file = file.to_string();
        doc.doc_id = id;
        doc.fixed_line = Some(line_no);
        if let Some(title) = string(&fields.title).filter(|t| !t.trim().is_empty()) {
            doc.title = title;
        }
        docs.push(doc);
    }
    (docs, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAMP: FileStamp = FileStamp {
        size: 0,
        mtime_ns: 0,
    };

    #[test]
    fn one_document_per_line() {
        let text = concat!(
            "{\"doc_id\": \"a|1\", \"text\": \"Phạm vi điều chỉnh\\n\\nBộ luật này quy định.\"}\n",
            "\n",
            "not json\n",
            "{\"doc_id\": 7, \"title\": \"Tiêu đề\", \"text\": \"Nội dung.\"}\n",
            "{\"doc_id\": \"x\"}\n",
            "[1, 2]\n",
        );
        let fields = JsonlFields {
            id: "doc_id".into(),
            ..JsonlFields::default()
        };
        let (docs, bad) = documents("c/corpus.jsonl", text, &fields, STAMP, 1);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].path, "c/corpus.jsonl#a|1");
        assert_eq!(docs[0].doc_id, "a|1");
        assert_eq!(docs[0].file, "c/corpus.jsonl");
        assert_eq!(docs[0].title, "Phạm vi điều chỉnh");
        assert_eq!(docs[0].fixed_line, Some(1));
        assert_eq!(docs[1].path, "c/corpus.jsonl#7");
        assert_eq!(docs[1].title, "Tiêu đề");
        assert_eq!(docs[1].fixed_line, Some(4));
        let lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
        assert_eq!(lines, vec![3, 5, 6]);
        assert_eq!(bad[1].reason, "no string field \"text\"");
    }
}
