//! A quick in-process latency harness: `cargo run --release --example
//! latency -- INDEX PASSES FILE...` times `bantin::search::search` (top 10,
//! stored passages and snippets, as the `speed` bench) over each file of
//! queries (one a line), after one untimed pass, and prints p50 / p95 /
//! p99 / mean per file in milliseconds, of wall time and of the thread's
//! CPU time (which other processes on a busy machine disturb less). Build
//! it at two commits and run the binaries in turn on the same index to
//! compare them side by side.

use std::time::{Duration, Instant};

use bantin::index::OpenIndex;
use bantin::search::{search, SearchRequest};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, passes, files @ ..] = args.as_slice() else {
        anyhow::bail!("usage: latency INDEX PASSES FILE...");
    };
    let passes: usize = passes.parse()?;
    let index = OpenIndex::open(std::path::Path::new(index))?;
    // Many searches in one process, as `bantin search --queries`.
    index.keep_titles_in_memory();
    for file in files {
        let text = std::fs::read_to_string(file)?;
        let queries: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for q in &queries {
            std::hint::black_box(search(&index, &SearchRequest::new(q, 10))?);
        }
        let mut wall: Vec<Duration> = Vec::with_capacity(passes * queries.len());
        let mut cpu: Vec<Duration> = Vec::with_capacity(passes * queries.len());
        for _ in 0..passes {
            for q in &queries {
                let (started, cpu_started) = (Instant::now(), thread_cpu());
                std::hint::black_box(search(&index, &SearchRequest::new(q, 10))?);
                wall.push(started.elapsed());
                cpu.push(thread_cpu().saturating_sub(cpu_started));
            }
        }
        println!("{file}: wall {}, cpu {}", summary(wall), summary(cpu));
    }
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

/// p50 / p95 / p99 / mean in milliseconds, nearest rank.
fn summary(mut samples: Vec<Duration>) -> String {
    samples.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |p: f64| {
        let rank = ((p * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
        ms(samples[rank - 1])
    };
    let mean = ms(samples.iter().sum::<Duration>()) / samples.len().max(1) as f64;
    format!(
        "p50 {:.3} p95 {:.3} p99 {:.3} mean {:.3} ms ({} samples)",
        at(0.5),
        at(0.95),
        at(0.99),
        mean,
        samples.len()
    )
}
