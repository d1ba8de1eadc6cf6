//! Prints an index's bytes per part (terms, postings, positions per field).
use bantin::index::OpenIndex;
fn main() -> anyhow::Result<()> {
    let dir = std::env::args().nth(1).expect("INDEX");
    let searcher = OpenIndex::open(std::path::Path::new(&dir))?.searcher();
    let usage = searcher.space_usage()?;
    let mut rows: Vec<(String, u64)> = Vec::new();
    let mut add = |n: String, b: u64| match rows.iter_mut().find(|r| r.0 == n) {
        Some(r) => r.1 += b,
        None => rows.push((n, b)),
    };
    for s in usage.segments() {
        for (kind, inv) in [
            ("terms", s.termdict()),
            ("postings", s.postings()),
            ("positions", s.positions()),
        ] {
            for f in inv.fields() {
                add(format!("{kind} {}", f.field_name()), f.total().get_bytes());
            }
        }
        for f in s.fast_fields().fields() {
            add(format!("fast {}", f.field_name()), f.total().get_bytes());
        }
        add("store".into(), s.store().total().get_bytes());
        add("norms".into(), s.fieldnorms().total().get_bytes());
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.1));
    for (n, b) in rows {
        println!("{:>8.2} MiB  {n}", b as f64 / 1048576.0);
    }
    Ok(())
}
