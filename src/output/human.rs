//! Output for people: one block per hit, ripgrep-style colours.
//!
//! ```text
//! 1  corpus/2020-12-28-hoi-nghi.txt:3  Hội nghị trực tuyến …  [12.41]
//!    …Việt Nam đã đạt mức tăng trưởng dương 2,91%…
//! ```

use std::io::{self, Write};

use super::strip_controls;
use crate::index::StoredPassage;
use crate::search::{Hit, InContext};

/// Whether to colour, decided once by the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

const PATH: &str = "\x1b[35m";
const LINE: &str = "\x1b[32m";
const MATCH: &str = "\x1b[1;31m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

impl Style {
    fn paint(&self, w: &mut dyn Write, code: &str, text: &str) -> io::Result<()> {
        if self.color {
            write!(w, "{code}{text}{RESET}")
        } else {
            w.write_all(text.as_bytes())
        }
    }

    fn location(&self, w: &mut dyn Write, p: &StoredPassage) -> io::Result<()> {
        self.paint(w, PATH, &strip_controls(&p.path))?;
        w.write_all(b":")?;
        self.paint(w, LINE, &p.line.to_string())
    }
}

/// Writes hits, best first.
pub fn write_hits(w: &mut dyn Write, hits: &[Hit], style: Style) -> io::Result<()> {
    for hit in hits {
        let p = &hit.passage;
        style.paint(w, DIM, &format!("{:>2}", hit.rank))?;
        w.write_all(b"  ")?;
        style.location(w, p)?;
        w.write_all(b"  ")?;
        style.paint(w, BOLD, &strip_controls(&p.title))?;
        w.write_all(b"  ")?;
        style.paint(w, DIM, &format!("[{:.2}]", hit.score))?;
        w.write_all(b"\n    ")?;
        let text = &hit.snippet.text;
        let mut at = 0;
        for &(start, end) in &hit.snippet.highlights {
            w.write_all(strip_controls(&text[at..start]).as_bytes())?;
            style.paint(w, MATCH, &strip_controls(&text[start..end]))?;
            at = end;
        }
        w.write_all(strip_controls(&text[at..]).as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes a passage with its neighbours; the hit is marked with `>`.
pub fn write_in_context(w: &mut dyn Write, found: &InContext, style: Style) -> io::Result<()> {
    let hit = &found.passages[found.hit];
    style.location(w, hit)?;
    w.write_all(b"  ")?;
    style.paint(w, BOLD, &strip_controls(&hit.title))?;
    w.write_all(b"\n")?;
    for (i, p) in found.passages.iter().enumerate() {
        w.write_all(b"\n")?;
        let is_hit = i == found.hit;
        let marker = if is_hit { ">" } else { " " };
        let head = format!("{marker} {:>5} ", p.line);
        style.paint(w, if is_hit { MATCH } else { DIM }, &head)?;
        w.write_all(b"[")?;
        w.write_all(p.id.as_bytes())?;
        w.write_all(b"]\n")?;
        for line in strip_controls(&p.text).lines() {
            w.write_all(if is_hit { b"> " } else { b"  " })?;
            if is_hit {
                w.write_all(line.as_bytes())?;
            } else {
                style.paint(w, DIM, line)?;
            }
            w.write_all(b"\n")?;
        }
    }
    Ok(())
}
