//! Output for programs: one JSON object per line.
//!
//! A search hit is
//! `{"rank","score","id","path","line","title","snippet","highlights","text"}`,
//! with `highlights` a list of `[start, end]` byte ranges into `snippet`.

use std::io::{self, Write};

use serde::Serialize;

use crate::search::{Hit, InContext};

/// The JSON form of a hit; field order is the documented order.
#[derive(Debug, Serialize)]
pub struct JsonHit<'a> {
    pub rank: usize,
    pub score: f32,
    pub id: &'a str,
    pub path: &'a str,
    pub line: u64,
    pub title: &'a str,
    pub snippet: &'a str,
    pub highlights: Vec<[usize; 2]>,
    pub text: &'a str,
}

impl<'a> From<&'a Hit> for JsonHit<'a> {
    fn from(hit: &'a Hit) -> Self {
        let p = &hit.passage;
        JsonHit {
            rank: hit.rank,
            score: hit.score,
            id: &p.id,
            path: &p.path,
            line: p.line,
            title: &p.title,
            snippet: &hit.snippet.text,
            highlights: hit
                .snippet
                .highlights
                .iter()
                .map(|&(a, b)| [a, b])
                .collect(),
            text: &p.text,
        }
    }
}

/// Writes one line per hit.
pub fn write_hits_json(w: &mut dyn Write, hits: &[Hit]) -> io::Result<()> {
    for hit in hits {
        serde_json::to_writer(&mut *w, &JsonHit::from(hit))?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonContextPassage<'a> {
    id: &'a str,
    line: u64,
    hit: bool,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonInContext<'a> {
    id: &'a str,
    path: &'a str,
    line: u64,
    title: &'a str,
    text: &'a str,
    passages: Vec<JsonContextPassage<'a>>,
}

/// Writes a passage and its neighbours as one JSON line.
pub fn write_in_context_json(w: &mut dyn Write, found: &InContext) -> io::Result<()> {
    let hit = &found.passages[found.hit];
    let out = JsonInContext {
        id: &hit.id,
        path: &hit.path,
        line: hit.line,
        title: &hit.title,
        text: &hit.text,
        passages: found
            .passages
            .iter()
            .enumerate()
            .map(|(i, p)| JsonContextPassage {
                id: &p.id,
                line: p.line,
                hit: i == found.hit,
                text: &p.text,
            })
            .collect(),
    };
    serde_json::to_writer(&mut *w, &out)?;
    w.write_all(b"\n")
}
