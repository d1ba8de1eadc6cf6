//! Relevance of bantin beside its peers, on the same documents in the same
//! run: `cargo bench --bench relevance`.
//!
//! Peers index whole documents (document-level retrieval): tantivy with its
//! default tokenizer, tantivy with an accent-folding tokenizer, and SQLite
//! FTS5 (`unicode61 remove_diacritics 2`). bantin runs with its default
//! weights through the same `bantin::eval` code as `bantin eval`. The
//! tables are printed and written to EVAL.md between the `peers` markers.

mod peers;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use bantin::eval::Variant;
use bantin::eval::{self, BantinEngine, Doc, Engine, EvalInput, Judged, Judgements, Query, Row};
use bantin::ingest::jsonl::JsonlFields;
use bantin::search::Weights;

use peers::fts5::{self, Fts5Peer};
use peers::tantivy_peer::{Analyzer, TantivyPeer, WriterSettings};
use peers::Unit;

const ALQAC: &str = "/work/shared/data/alqac-legal";
const BEGIN: &str = "<!-- peers:begin -->";
const END: &str = "<!-- peers:end -->";
const COMMAND: &str = "cargo bench --bench relevance";

/// tantivy over whole documents.
struct TantivyEngine(TantivyPeer);

impl Engine for TantivyEngine {
    fn name(&self) -> String {
        self.0.analyzer().engine_name().to_string()
    }

    fn search(&mut self, query: &str, k: usize) -> anyhow::Result<Vec<String>> {
        self.0.search(query, k)
    }
}

/// SQLite FTS5 over whole documents.
struct Fts5Engine(Fts5Peer);

impl Engine for Fts5Engine {
    fn name(&self) -> String {
        fts5::NAME.to_string()
    }

    fn search(&mut self, query: &str, k: usize) -> anyhow::Result<Vec<String>> {
        self.0.search(query, k)
    }
}

/// A document as a peer indexes it: its title, unless the text starts
/// with it, then its text.
fn units(docs: &[Doc]) -> Vec<Unit> {
    docs.iter()
        .map(|d| {
            let text = if d.title.is_empty() || d.text.trim_start().starts_with(d.title.trim()) {
                d.text.clone()
            } else {
                format!("{}\n\n{}", d.title, d.text)
            };
            Unit {
                path: d.id.clone(),
                text,
            }
        })
        .collect()
}

/// One judged set: where it is, and the name of its documents in tables
/// when they have no collection.
struct JudgedSet {
    label: &'static str,
    queries: PathBuf,
    qrels: PathBuf,
    docs: PathBuf,
    id_field: &'static str,
}

fn main() -> anyhow::Result<()> {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("relevance: a benchmark; run it with `{COMMAND}`");
        return Ok(());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut notes = Vec::new();
    let mut sets = Vec::new();
    let alqac = Path::new(ALQAC);
    if alqac.join("corpus.jsonl").is_file() {
        sets.push(JudgedSet {
            label: "alqac",
            queries: alqac.join("queries.jsonl"),
            qrels: alqac.join("qrels.tsv"),
            docs: alqac.join("corpus.jsonl"),
            id_field: "doc_id",
        });
    } else {
        notes.push(format!("ALQAC skipped: {ALQAC}/corpus.jsonl not found."));
    }
    let keywords = root.join("eval/keywords");
    let corpus = root.join("corpus");
    if keywords.join("queries.jsonl").is_file() && keywords.join("qrels.tsv").is_file() {
        sets.push(JudgedSet {
            label: "keywords",
            queries: keywords.join("queries.jsonl"),
            qrels: keywords.join("qrels.tsv"),
            docs: corpus,
            id_field: "id",
        });
    } else {
        notes.push(
            "keywords skipped: eval/keywords/{queries.jsonl,qrels.tsv} not found.".to_string(),
        );
    }
    for n in &notes {
        println!("note: {n}");
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut sizes = Vec::new();
    for set in &sets {
        let input = EvalInput {
            queries: &set.queries,
            qrels: &set.qrels,
            docs: &set.docs,
            fields: JsonlFields {
                id: set.id_field.into(),
                ..JsonlFields::default()
            },
            collection_field: "collection".into(),
        };
        let judged = Judgements::load(&input)?;
        for (collection, docs, queries) in judged.collections() {
            let name = if collection.is_empty() {
                set.label
            } else {
                collection
            };
            sizes.push(format!(
                "{name}: {} documents, {} queries",
                docs.len(),
                queries.len()
            ));
            rows.extend(evaluate_collection(name, docs, &queries, &judged.qrels)?);
        }
    }

    let mut block = Vec::new();
    report(&mut block, &rows, &sizes, &notes)?;
    let block = String::from_utf8(block)?;
    println!("{block}");
    if !rows.is_empty() {
        let file = root.join("EVAL.md");
        peers::write_between_markers(&file, "# Retrieval quality", BEGIN, END, &block)?;
        println!("written to {}", file.display());
    }
    Ok(())
}

/// Builds every engine over one collection and evaluates each.
fn evaluate_collection(
    name: &str,
    docs: &[Doc],
    queries: &[&Query],
    qrels: &HashMap<String, Judged>,
) -> anyhow::Result<Vec<Row>> {
    let units = units(docs);
    let mut engines: Vec<Box<dyn Engine>> = vec![Box::new(BantinEngine::build(
        docs,
        Weights::default(),
        "bantin",
    )?)];
    for analyzer in [Analyzer::Default, Analyzer::Folded] {
        let (peer, _) =
            TantivyPeer::build(None, analyzer, WriterSettings::default(), units.clone())?;
        engines.push(Box::new(TantivyEngine(peer)));
    }
    let (fts, _) = Fts5Peer::build(None, units)?;
    engines.push(Box::new(Fts5Engine(fts)));
    let mut rows = Vec::new();
    for engine in &mut engines {
        let started = Instant::now();
        rows.extend(eval::evaluate(
            engine.as_mut(),
            name,
            queries,
            qrels,
            &Variant::ALL,
            None,
        )?);
        eprintln!(
            "{name}: {} in {:.1} s",
            engine.name(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(rows)
}

/// The Markdown block for EVAL.md.
fn report(
    w: &mut dyn std::io::Write,
    rows: &[Row],
    sizes: &[String],
    notes: &[String],
) -> std::io::Result<()> {
    writeln!(w, "## bantin beside its peers\n")?;
    writeln!(w, "Command: `{COMMAND}` ({}).\n", peers::now_utc())?;
    writeln!(
        w,
        "Document-level retrieval, every engine on the same documents in the same run; \
         each query in four variants (`orig`, `noaccent`, `nfd`, `tone_swap`)."
    )?;
    writeln!(
        w,
        "- `bantin`: passages, a document ranked by its best passage, `Weights::default()`;"
    )?;
    writeln!(
        w,
        "- `tantivy-default`: whole documents, tantivy's `default` tokenizer \
         (SimpleTokenizer, RemoveLongFilter(40), LowerCaser), a BooleanQuery of the \
         query's terms (any of them), BM25;"
    )?;
    writeln!(
        w,
        "- `tantivy-folded`: the same with SimpleTokenizer, LowerCaser, AsciiFoldingFilter;"
    )?;
    writeln!(
        w,
        "- `fts5`: SQLite FTS5, `tokenize = 'unicode61 remove_diacritics 2'`, \
         `\"w1\" OR \"w2\" OR …` of the query's words, ranked by `bm25()`.\n"
    )?;
    for s in sizes {
        writeln!(w, "- {s}")?;
    }
    for n in notes {
        writeln!(w, "- {n}")?;
    }
    writeln!(w, "\n### MRR@10\n")?;
    eval::write_pivot(w, rows, |r| r.mrr10)?;
    writeln!(w, "\n### Recall@10\n")?;
    eval::write_pivot(w, rows, |r| r.recall10)?;
    writeln!(w, "\n### All metrics\n")?;
    eval::write_table(w, rows)?;
    Ok(())
}
