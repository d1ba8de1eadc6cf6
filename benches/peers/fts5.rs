//! SQLite FTS5 as a SQLite user would set it up for Vietnamese: the
//! `unicode61` tokenizer with `remove_diacritics 2`, units inserted in one
//! transaction, and an OR query of the query's words, each quoted, ranked
//! by `bm25()`.

use std::path::Path;

use anyhow::Context;
use rusqlite::Connection;

use super::{query_words, Unit};

/// The engine's name in tables.
pub const NAME: &str = "fts5";

const CREATE: &str = "CREATE VIRTUAL TABLE units USING fts5(\
    path UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')";

const SEARCH: &str = "SELECT path FROM units WHERE units MATCH ?1 ORDER BY bm25(units) LIMIT ?2";

/// An FTS5 table of units.
pub struct Fts5Peer {
    conn: Connection,
}

impl Fts5Peer {
    /// Indexes `units` into a new database at `file` (in memory when
    /// `None`).
    pub fn build(
        file: Option<&Path>,
        units: impl IntoIterator<Item = Unit>,
    ) -> anyhow::Result<(Fts5Peer, u64)> {
        let mut conn = match file {
            Some(file) => Connection::open(file).with_context(|| format!("{}", file.display()))?,
            None => Connection::open_in_memory()?,
        };
        conn.execute_batch(CREATE)?;
        let tx = conn.transaction()?;
        let mut count = 0u64;
        {
            let mut insert = tx.prepare("INSERT INTO units (path, body) VALUES (?1, ?2)")?;
            for unit in units {
                insert.execute((&unit.path, &unit.text))?;
                count += 1;
            }
        }
        tx.commit()?;
        Ok((Fts5Peer { conn }, count))
    }

    /// Opens the database at `file`.
    pub fn open(file: &Path) -> anyhow::Result<Fts5Peer> {
        let conn = Connection::open(file).with_context(|| format!("{}", file.display()))?;
        Ok(Fts5Peer { conn })
    }

    /// The paths of the best `k` units, best first.
    pub fn search(&self, query: &str, k: usize) -> anyhow::Result<Vec<String>> {
        let Some(expression) = match_expression(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(SEARCH)?;
        let rows = stmt.query_map((&expression, k as i64), |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// `"w1" OR "w2" OR …` for the words of `query` (a `"` inside a word is
/// doubled, as FTS5 strings want).
pub fn match_expression(query: &str) -> Option<String> {
    let mut out = String::new();
    for word in query_words(query) {
        if !out.is_empty() {
            out.push_str(" OR ");
        }
        out.push('"');
        out.push_str(&word.replace('"', "\"\""));
        out.push('"');
    }
    (!out.is_empty()).then_some(out)
}
