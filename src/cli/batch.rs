//! `bantin search --queries FILE`: many queries in one process, for
//! scripts and benchmarks.

use std::io::{self, BufRead, Write};
use std::path::Path;

use anyhow::Context;
use serde::Serialize;

use super::Outcome;
use crate::index::OpenIndex;
use crate::output::JsonHit;
use crate::search::{self, SearchRequest, Weights};

#[derive(Serialize)]
struct QueryHit<'a> {
    qid: usize,
    query: &'a str,
    #[serde(flatten)]
    hit: JsonHit<'a>,
}

/// Runs each line of `file` (or stdin for `-`) as a query; blank lines
/// count as queries with no hits, so `qid` stays the line number.
pub fn run(
    index: &OpenIndex,
    file: &Path,
    limit: usize,
    offset: usize,
    weights: Weights,
    threads: usize,
) -> anyhow::Result<Outcome> {
    let reader: Box<dyn BufRead> = if file == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("{}", file.display()))?;
        Box::new(io::BufReader::new(f))
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut any = false;
    for (i, line) in reader.lines().enumerate() {
        let query = line.with_context(|| format!("{}: line {}", file.display(), i + 1))?;
        let request = SearchRequest {
            offset,
            weights,
            threads,
            ..SearchRequest::new(&query, limit)
        };
        let hits = search::search(index, &request)?;
        any |= !hits.is_empty();
        for hit in &hits {
            let line = QueryHit {
                qid: i + 1,
                query: &query,
                hit: JsonHit::from(hit),
            };
            serde_json::to_writer(&mut out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush().context("writing results")?;
    Ok(if any {
        Outcome::Found
    } else {
        Outcome::NothingFound
    })
}
