//! Judged queries, judgements and documents, as files on disk.
//!
//! - queries: JSON lines with `query_id`, `text` and optionally
//!   `collection`;
//! - qrels: TSV with a header line, `query_id`, `doc_id`, `relevance`;
//! - documents: a JSON-lines file (id, title, text and collection fields
//!   named by the caller) or a folder of bulletins (the id of a file is its
//!   display path, `corpus/….txt`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{bail, Context};

use super::metrics::Judged;
use crate::ingest::{self, jsonl::JsonlFields};

/// One judged query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub id: String,
    pub text: String,
    pub collection: Option<String>,
}

/// One document to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub id: String,
    pub title: String,
    pub text: String,
}

/// Reads queries from a JSON-lines file.
pub fn read_queries(path: &Path) -> anyhow::Result<Vec<Query>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let field = |name: &str| v.get(name).and_then(|x| x.as_str()).map(str::to_string);
        let (Some(id), Some(text)) = (field("query_id"), field("text")) else {
            bail!(
                "{}:{}: a query needs query_id and text",
                path.display(),
                i + 1
            );
        };
        out.push(Query {
            id,
            text,
            collection: field("collection"),
        });
    }
    Ok(out)
}

/// Reads judgements: query id to judged documents.
pub fn read_qrels(path: &Path) -> anyhow::Result<HashMap<String, Judged>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut out: HashMap<String, Judged> = HashMap::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [query, doc, rel] = cols[..] else {
            bail!(
                "{}:{}: expected query_id<TAB>doc_id<TAB>relevance",
                path.display(),
                i + 1
            );
        };
        let rel: u32 = rel
            .trim()
            .parse()
            .with_context(|| format!("{}:{}: relevance is not a number", path.display(), i + 1))?;
        out.entry(query.to_string())
            .or_default()
            .insert(doc.to_string(), rel);
    }
    Ok(out)
}

/// Reads documents grouped by collection (`""` when there is none).
pub fn read_docs(
    path: &Path,
    fields: &JsonlFields,
    collection_field: &str,
) -> anyhow::Result<BTreeMap<String, Vec<Doc>>> {
    let mut out: BTreeMap<String, Vec<Doc>> = BTreeMap::new();
    if path.is_dir() {
        let mut candidates = Vec::new();
        ingest::walk(path, &mut |c| candidates.push(c), &mut |_| {});
        for c in candidates {
            let stamp = ingest::FileStamp::of(&c.fs_path)?;
            let Ok(b) = ingest::load(&c, stamp, ingest::DEFAULT_MAX_FILE_SIZE, None) else {
                continue;
            };
            out.entry(String::new()).or_default().push(Doc {
                id: b.path,
                title: b.title,
                text: b.text,
            });
        }
        return Ok(out);
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let field = |name: &str| match v.get(name) {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let Some(id) = field(&fields.id) else {
            bail!("{}:{}: no field {:?}", path.display(), i + 1, fields.id);
        };
        let text = field(&fields.text).unwrap_or_default();
        let title = field(&fields.title).unwrap_or_else(|| ingest::title_of(&text).to_string());
        let collection = field(collection_field).unwrap_or_default();
        out.entry(collection)
            .or_default()
            .push(Doc { id, title, text });
    }
    Ok(out)
}

/// Writes documents as a JSON-lines file with fields `id`, `title`, `text`.
pub fn write_docs_jsonl(docs: &[Doc], path: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("{}", path.display()))?,
    );
    for d in docs {
        let line = serde_json::json!({"id": d.id, "title": d.title, "text": d.text});
        serde_json::to_writer(&mut out, &line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
