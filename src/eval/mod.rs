//! Evaluation on judged queries: MRR@10, Recall@1/10/100 and nDCG@10 at
//! document level (a document's rank is the rank of its best passage), per
//! query variant, for bantin and for any other [`Engine`].
//!
//! Each collection is evaluated against an index of its own documents
//! only. `bantin eval` runs bantin; the `relevance` benchmark runs the
//! peers beside it through the same code.

pub mod data;
pub mod metrics;
pub mod variants;

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

pub use data::{Doc, Query};
pub use metrics::{Judged, Scores};
pub use variants::Variant;

use crate::index::{index_folders, IndexConfig, OpenIndex};
use crate::ingest::jsonl::JsonlFields;
use crate::search::{self, SearchRequest, Weights};

/// Documents retrieved per query.
pub const DEPTH: usize = 100;

/// A search engine under evaluation, built over one collection.
pub trait Engine {
    /// The name in tables.
    fn name(&self) -> String;
    /// Document ids, best first, at most `k`, without duplicates.
    fn search(&mut self, query: &str, k: usize) -> anyhow::Result<Vec<String>>;
}

/// bantin over one collection, in a temporary index.
pub struct BantinEngine {
    index: OpenIndex,
    prefix: String,
    weights: Weights,
    name: String,
    _dir: tempfile::TempDir,
}

impl BantinEngine {
    /// Indexes `docs` into a temporary folder.
    pub fn build(docs: &[Doc], weights: Weights, name: &str) -> anyhow::Result<BantinEngine> {
        let dir = tempfile::tempdir().context("creating a temporary index folder")?;
        let file = dir.path().join("docs.jsonl");
        data::write_docs_jsonl(docs, &file)?;
        let root = dir.path().join("index");
        let mut config = IndexConfig::new(root.clone(), vec![file]);
        config.jsonl = JsonlFields::default();
        // One writer thread: the same segments on every run, so the same
        // scores and tie-breaks (two threads split the documents between
        // segments by timing, which moved MRR@10 by up to 0.001).
        config.threads = 1;
        index_folders(&config, &mut |_| {})?;
        let index = OpenIndex::open(&root)?;
        index.prepare_for_many_searches();
        Ok(BantinEngine {
            index,
            prefix: "docs.jsonl#".into(),
            weights,
            name: name.to_string(),
            _dir: dir,
        })
    }
}

impl BantinEngine {
    /// Changes the ranking settings (and the name in tables), keeping the
    /// index.
    pub fn configure(&mut self, name: &str, weights: Weights) {
        self.name = name.to_string();
        self.weights = weights;
    }
}

impl Engine for BantinEngine {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn search(&mut self, query: &str, k: usize) -> anyhow::Result<Vec<String>> {
        // Several passages may come from one document: ask for more.
        let request = SearchRequest {
            weights: self.weights,
            ..SearchRequest::new(query, k * 8)
        };
        let docs = search::search_documents(&self.index, &request)?;
        Ok(docs
            .into_iter()
            .take(k)
            .map(|(_, path)| {
                path.strip_prefix(&self.prefix)
                    .map_or_else(|| path.clone(), str::to_string)
            })
            .collect())
    }
}

/// One line of the result table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub collection: String,
    pub engine: String,
    pub variant: &'static str,
    pub queries: usize,
    pub mrr10: f64,
    pub recall1: f64,
    pub recall10: f64,
    pub recall100: f64,
    pub ndcg10: f64,
}

/// Evaluates `engine` on the queries of one collection. With `per_query`,
/// also writes one tab-separated line per query and variant: collection,
/// engine, variant, query id, the rank of the first relevant document (0:
/// none in the top [`DEPTH`]), and the top three document ids.
pub fn evaluate(
    engine: &mut dyn Engine,
    collection: &str,
    queries: &[&Query],
    qrels: &HashMap<String, Judged>,
    variants: &[Variant],
    mut per_query: Option<&mut dyn Write>,
) -> anyhow::Result<Vec<Row>> {
    let mut rows = Vec::new();
    for &variant in variants {
        let mut all = Vec::new();
        for q in queries {
            let Some(judged) = qrels.get(&q.id) else {
                continue;
            };
            let ranked = engine.search(&variant.apply(&q.text), DEPTH)?;
            all.push(Scores::of(&ranked, judged));
            if let Some(w) = per_query.as_mut() {
                let first = ranked
                    .iter()
                    .position(|id| judged.get(id).is_some_and(|&r| r > 0))
                    .map_or(0, |i| i + 1);
                let top: Vec<&str> = ranked.iter().take(3).map(String::as_str).collect();
                writeln!(
                    w,
                    "{collection}\t{}\t{}\t{}\t{first}\t{}",
                    engine.name(),
                    variant.name(),
                    q.id,
                    top.join(" ")
                )?;
            }
        }
        let s = Scores::mean(&all);
        rows.push(Row {
            collection: collection.to_string(),
            engine: engine.name(),
            variant: variant.name(),
            queries: all.len(),
            mrr10: s.mrr10,
            recall1: s.recall1,
            recall10: s.recall10,
            recall100: s.recall100,
            ndcg10: s.ndcg10,
        });
    }
    Ok(rows)
}

/// Where the judged data is.
#[derive(Debug, Clone)]
pub struct EvalInput<'a> {
    pub queries: &'a Path,
    pub qrels: &'a Path,
    pub docs: &'a Path,
    pub fields: JsonlFields,
    pub collection_field: String,
}

/// Judged data, loaded and grouped by collection.
pub struct Judgements {
    pub queries: Vec<Query>,
    pub qrels: HashMap<String, Judged>,
    pub docs: BTreeMap<String, Vec<Doc>>,
}

impl Judgements {
    /// Loads queries, qrels and documents.
    pub fn load(input: &EvalInput) -> anyhow::Result<Judgements> {
        Ok(Judgements {
            queries: data::read_queries(input.queries)?,
            qrels: data::read_qrels(input.qrels)?,
            docs: data::read_docs(input.docs, &input.fields, &input.collection_field)?,
        })
    }

    /// Collections that have both documents and judged queries, with their
    /// queries. Queries without a collection go with the documents without
    /// one.
    pub fn collections(&self) -> Vec<(&str, &[Doc], Vec<&Query>)> {
        let mut out = Vec::new();
        for (name, docs) in &self.docs {
            let queries: Vec<&Query> = self
                .queries
                .iter()
                .filter(|q| q.collection.as_deref().unwrap_or("") == name)
                .filter(|q| self.qrels.contains_key(&q.id))
                .collect();
            if !queries.is_empty() {
                out.push((name.as_str(), docs.as_slice(), queries));
            }
        }
        out
    }
}

/// Writes rows as a Markdown table.
pub fn write_table(w: &mut dyn Write, rows: &[Row]) -> std::io::Result<()> {
    writeln!(
        w,
        "| collection | engine | variant | queries | MRR@10 | R@1 | R@10 | R@100 | nDCG@10 |"
    )?;
    writeln!(w, "|---|---|---|---:|---:|---:|---:|---:|---:|")?;
    for r in rows {
        writeln!(
            w,
            "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            r.collection,
            r.engine,
            r.variant,
            r.queries,
            r.mrr10,
            r.recall1,
            r.recall10,
            r.recall100,
            r.ndcg10
        )?;
    }
    Ok(())
}

/// Writes MRR@10 with one column per variant, like the table.
pub fn write_pivot(
    w: &mut dyn Write,
    rows: &[Row],
    metric: fn(&Row) -> f64,
) -> std::io::Result<()> {
    let mut variants: Vec<&str> = Vec::new();
    for r in rows {
        if !variants.contains(&r.variant) {
            variants.push(r.variant);
        }
    }
    write!(w, "| collection | engine |")?;
    for v in &variants {
        write!(w, " {v} |")?;
    }
    writeln!(w)?;
    write!(w, "|---|---|")?;
    for _ in &variants {
        write!(w, "---:|")?;
    }
    writeln!(w)?;
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for r in rows {
        let key = (r.collection.as_str(), r.engine.as_str());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for (collection, engine) in keys {
        write!(w, "| {collection} | {engine} |")?;
        for v in &variants {
            let cell = rows
                .iter()
                .find(|r| r.collection == collection && r.engine == engine && r.variant == *v)
                .map_or(String::new(), |r| format!("{:.3}", metric(r)));
            write!(w, " {cell} |")?;
        }
        writeln!(w)?;
    }
    Ok(())
}
