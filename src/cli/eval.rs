//! `bantin eval`: bantin's scores on judged queries, as a table or JSON.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use anyhow::{anyhow, Context};

use super::Outcome;
use crate::eval::{self, BantinEngine, EvalInput, Judgements, Variant};
use crate::search::Weights;

/// Runs `bantin eval`.
pub fn run(
    input: &EvalInput,
    json: bool,
    configs: &[String],
    variant_names: &[String],
    per_query: Option<&Path>,
) -> anyhow::Result<Outcome> {
    let mut settings = vec![("bantin".to_string(), Weights::default())];
    for config in configs {
        let (name, spec) = config.split_once(':').unwrap_or((config, ""));
        let weights = Weights::default()
            .with_overrides(spec)
            .map_err(|e| anyhow!("--config {config:?}: {e}"))?;
        settings.push((name.to_string(), weights));
    }
    let variants = variant_names
        .iter()
        .map(|v| {
            Variant::ALL
                .into_iter()
                .find(|x| x.name() == v)
                .with_context(|| format!("unknown variant {v:?} (orig, noaccent, nfd, tone_swap)"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let judged = Judgements::load(input)?;
    let mut per_query = per_query
        .map(|path| {
            File::create(path)
                .map(io::BufWriter::new)
                .with_context(|| format!("creating {}", path.display()))
        })
        .transpose()?;
    let mut rows = Vec::new();
    for (collection, docs, queries) in judged.collections() {
        let mut engine = BantinEngine::build(docs, Weights::default(), "bantin")?;
        for (name, weights) in &settings {
            engine.configure(name, *weights);
            rows.extend(eval::evaluate(
                &mut engine,
                collection,
                &queries,
                &judged.qrels,
                &variants,
                per_query.as_mut().map(|w| w as &mut dyn Write),
            )?);
        }
    }
    if let Some(w) = per_query.as_mut() {
        w.flush().context("writing the per-query ranks")?;
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
