//! One tantivy-default search in a process of its own, the peer of one
//! `bantin search` process in the `speed` benchmark:
//! `tantivy_one_query INDEX QUERY` opens the index, runs the query, and
//! prints the paths of the best 10 passages.

mod peers;

use std::io::Write;
use std::path::Path;

use peers::tantivy_peer::{Analyzer, TantivyPeer};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, query] = &args[..] else {
        // `cargo bench` runs every benchmark target: this one has nothing
        // to measure on its own.
        eprintln!(
            "tantivy_one_query: run by the speed benchmark as `tantivy_one_query INDEX QUERY`"
        );
        return Ok(());
    };
    let mut peer = TantivyPeer::open(Path::new(index), Analyzer::Default)?;
    let mut out = std::io::stdout().lock();
    for path in peer.search(query, 10)? {
        writeln!(out, "{path}")?;
    }
    Ok(())
}
