//! A quick in-process latency harness: `cargo run --release --example
//! latency -- INDEX PASSES FILE...` times `bantin::search::search` (top 10,
//! stored passages and snippets, as the `speed` bench) over each file of
//! queries (one a line), after one untimed pass, and prints p50 / p95 /
//! p99 / mean per file in milliseconds, of wall time and of the thread's
//! CPU time (which other processes on a busy machine disturb less). Build
//! it at two commits and run the binaries in turn on the same index to
//! compare them side by side.
//!
//! With `--per-query` first, it keeps each query's fastest pass (the one
//! other processes disturbed least) of CPU time and prints the slowest
//! fifteen queries, then p50, p99 and the sum over the file: to compare
//! two indexes in turns, or to find the queries that make the tail.
//!
//! `-j N` (after `--per-query`) runs each search on at most N threads
//! (default: one per core, as `bantin search`); the CPU time printed is
//! the calling thread's only, so `-j 1` is the one to count with.

use std::time::{Duration, Instant};

use bantin::index::OpenIndex;
use bantin::search::{search, SearchRequest};

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let per_query = args.first().is_some_and(|a| a == "--per-query");
    if per_query {
        args.remove(0);
    }
    let mut threads = bantin::search::default_threads();
    if args.first().is_some_and(|a| a == "-j") && args.len() > 1 {
        threads = args[1].parse()?;
        args.drain(..2);
    }
    let [index, passes, files @ ..] = args.as_slice() else {
        anyhow::bail!("usage: latency [--per-query] [-j THREADS] INDEX PASSES FILE...");
    };
    let passes: usize = passes.parse()?;
    let index = OpenIndex::open(std::path::Path::new(index))?;
    // Many searches in one process, as `bantin search --queries`.
    index.prepare_for_many_searches();
    for file in files {
        let text = std::fs::read_to_string(file)?;
        let queries: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        anyhow::ensure!(!queries.is_empty(), "no queries in {file}");
        let run = |q: &str| -> anyhow::Result<()> {
            let request = SearchRequest {
                threads,
                ..SearchRequest::new(q, 10)
            };
            std::hint::black_box(search(&index, &request)?);
            Ok(())
        };
        for q in &queries {
            run(q)?;
        }
        let mut wall: Vec<Duration> = Vec::with_capacity(passes * queries.len());
        let mut cpu: Vec<Duration> = Vec::with_capacity(passes * queries.len());
        let mut fastest = vec![Duration::MAX; queries.len()];
        for _ in 0..passes.max(1) {
            for (q, fastest) in queries.iter().zip(&mut fastest) {
                let (started, cpu_started) = (Instant::now(), thread_cpu());
                run(q)?;
                let used = thread_cpu().saturating_sub(cpu_started);
                wall.push(started.elapsed());
                cpu.push(used);
                *fastest = (*fastest).min(used);
            }
        }
        if per_query {
            print_per_query(file, fastest, &queries);
        } else {
            println!("{file}: wall {}, cpu {}", summary(wall), summary(cpu));
        }
    }
    Ok(())
}

/// The slowest queries by their fastest pass, then p50 / p99 / sum.
fn print_per_query(file: &str, fastest: Vec<Duration>, queries: &[&str]) {
    let mut timed: Vec<(Duration, &str)> =
        fastest.into_iter().zip(queries.iter().copied()).collect();
    timed.sort_unstable_by_key(|&(t, _)| std::cmp::Reverse(t));
    println!("{file}: slowest queries, fastest pass of CPU time (ms)");
    for (t, q) in timed.iter().take(15) {
        println!("{:8.3} {q}", ms(*t));
    }
    let sum: f64 = timed.iter().map(|(t, _)| ms(*t)).sum();
    let ascending: Vec<Duration> = timed.iter().rev().map(|(t, _)| *t).collect();
    println!(
        "{file}: p50 {:.3} p99 {:.3} sum {sum:.1} ms ({} queries)",
        ms(nearest_rank(&ascending, 0.5)),
        ms(nearest_rank(&ascending, 0.99)),
        ascending.len()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The `p` quantile of ascending `samples`, nearest rank.
fn nearest_rank(samples: &[Duration], p: f64) -> Duration {
    let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
    samples[rank - 1]
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

/// p50 / p95 / p99 / mean in milliseconds, nearest rank.
fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort_unstable();
    let mean = ms(samples.iter().sum::<Duration>()) / samples.len().max(1) as f64;
    format!(
        "p50 {:.3} p95 {:.3} p99 {:.3} mean {:.3} ms ({} samples)",
        ms(nearest_rank(&samples, 0.5)),
        ms(nearest_rank(&samples, 0.95)),
        ms(nearest_rank(&samples, 0.99)),
        mean,
        samples.len()
    )
}
