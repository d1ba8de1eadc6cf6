//! `bantin eval`: bantin's scores on judged queries, as a table or JSON.

use std::io::{self, Write};

use super::Outcome;
use crate::eval::{self, BantinEngine, EvalInput, Judgements, Variant};
use crate::search::Weights;

/// Runs `bantin eval`.
pub fn run(input: &EvalInput, json: bool) -> anyhow::Result<Outcome> {
    let judged = Judgements::load(input)?;
    let mut rows = Vec::new();
    for (collection, docs, queries) in judged.collections() {
        let mut engine = BantinEngine::build(docs, Weights::default(), "bantin")?;
        rows.extend(eval::evaluate(
            &mut engine,
            collection,
            &queries,
            &judged.qrels,
            &Variant::ALL,
        )?);
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    if json {
        for row in &rows {
            serde_json::to_writer(&mut out, row)?;
            out.write_all(b"\n")?;
        }
    } else {
        eval::write_table(&mut out, &rows)?;
    }
    out.flush()?;
    Ok(if rows.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Found
    })
}
