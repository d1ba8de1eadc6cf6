//! Per-query CPU time: `cargo run --release --example per_query -- INDEX
//! PASSES FILE` runs every query of FILE (one a line) once untimed, then
//! PASSES times, and prints the slowest fifteen by their fastest pass
//! (the least disturbed by other processes), then p50, p99 and the sum
//! over all queries, in milliseconds of the thread's CPU time. Run it on
//! two indexes in turns to compare them (BENCHMARKS.md, session 6).

use std::time::Duration;

use bantin::index::OpenIndex;
use bantin::search::{search, SearchRequest};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, passes, file] = args.as_slice() else {
        anyhow::bail!("usage: per_query INDEX PASSES FILE");
    };
    let passes: usize = passes.parse()?;
    let index = OpenIndex::open(std::path::Path::new(index))?;
    // Many searches in one process, as `bantin search --queries`.
    index.keep_titles_in_memory();
    let text = std::fs::read_to_string(file)?;
    let queries: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    anyhow::ensure!(!queries.is_empty(), "no queries in {file}");
    for q in &queries {
        std::hint::black_box(search(&index, &SearchRequest::new(q, 10))?);
    }
    let mut best = vec![Duration::MAX; queries.len()];
    for _ in 0..passes.max(1) {
        for (q, best) in queries.iter().zip(&mut best) {
            let started = thread_cpu();
            std::hint::black_box(search(&index, &SearchRequest::new(q, 10))?);
            *best = (*best).min(thread_cpu().saturating_sub(started));
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut timed: Vec<(Duration, &str)> = best.into_iter().zip(queries).collect();
    timed.sort_unstable_by_key(|&(t, _)| std::cmp::Reverse(t));
    for (t, q) in timed.iter().take(15) {
        println!("{:8.3} {q}", ms(*t));
    }
    let n = timed.len();
    // Nearest rank, on the ascending order.
    let at = |p: f64| ms(timed[n - ((p * n as f64).ceil() as usize).clamp(1, n)].0);
    let sum: f64 = timed.iter().map(|(t, _)| ms(*t)).sum();
    println!("p50 {:.3} p99 {:.3} sum {sum:.1}", at(0.5), at(0.99));
    Ok(())
}

/// This thread's CPU time.
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid pointer to a timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}
