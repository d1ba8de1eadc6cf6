//! The `bantin` command: parses arguments, runs the library, prints, and
//! maps the outcome to an exit code (0 = hits, 1 = no hits, 2 = error).

mod args;
mod batch;
mod eval;
mod index;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use args::{Args, ColorChoice, Command};

use crate::index::OpenIndex;
use crate::ingest::Encoding;
use crate::output::{self, Style};
use crate::search::{self, SearchRequest};

/// What a successful run found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something was found or done.
    Found,
    /// A search matched nothing.
    NothingFound,
    /// Stopped by Ctrl-C (exit code 130, as shells expect).
    Interrupted,
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    no_huge_pages();
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    match run(args) {
        Ok(Outcome::Found) => ExitCode::from(0),
        Ok(Outcome::NothingFound) => ExitCode::from(1),
        Ok(Outcome::Interrupted) => ExitCode::from(130),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(0),
        Err(err) => {
            let message = error_message(&err);
            let _ = writeln!(
                io::stderr(),
                "bantin: error: {}",
                output::strip_controls(&message)
            );
            ExitCode::from(2)
        }
    }
}

/// Turns transparent huge pages off for this process and the processes it
/// starts. The allocator asks for them on its arenas, and the kernel then
/// zeroes 2 MiB at the first touch of each: a tenth of a whole `bantin
/// search` at 4x the news corpus went to zeroing pages it never used, and
/// indexing 8,000 news articles peaked at 192-203 MB resident with them,
/// 150-157 MB without (and ran in 0.91 of the time).
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes no pointers; a failure
    // (an old kernel) only leaves huge pages on.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// An error and its causes on one line, `: `-separated. A cause the
/// message already quotes is left out: the library's errors say their
/// source (`{path}: {source}`) and also give it as `source()`, so
/// `{err:#}` would say it twice.
fn error_message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Runs parsed arguments.
pub fn run(args: Args) -> anyhow::Result<Outcome> {
    match args.command {
        Command::Index {
            dirs,
            location,
            max_file_size,
            encoding,
            jsonl,
            verbose,
            quiet,
        } => {
            let encoding = match encoding {
                Some(name) => Some(Encoding::from_label(&name).with_context(|| {
                    format!("unknown encoding {name:?} for --encoding (try utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, windows-1252)")
                })?),
                None => None,
            };
            index::run(index::IndexCommand {
                index: location.index,
                dirs,
                max_file_size,
                encoding,
                jsonl: jsonl.into(),
                verbose,
                quiet,
            })
        }
        Command::Search {
            query,
            weights,
            queries,
            location,
            limit,
            offset,
            json,
            color,
            threads,
        } => {
            let index = OpenIndex::open(&location.index)?;
            let weights = crate::search::Weights::default()
                .with_overrides(&weights)
                .map_err(|e| anyhow::anyhow!("--weights: {e}"))?;
            let threads = threads.map_or_else(search::default_threads, usize::from);
            if let Some(file) = queries {
                index.prepare_for_many_searches();
                return batch::run(&index, &file, limit, offset, weights, threads);
            }
            let query = query.join(" ");
            let request = SearchRequest {
                offset,
                weights,
                threads,
                ..SearchRequest::new(&query, limit)
            };
            let hits = search::search(&index, &request)?;
            // The process ends after printing: unmapping and closing the
            // index's files one by one (about 80 munmap and close calls on
            // a 1M-passage index) costs more than the kernel's teardown at
            // exit.
            std::mem::forget(index);
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            if json {
                output::write_hits_json(&mut out, &hits)?;
            } else {
                let style = Style {
                    color: use_color(color),
                };
                output::write_hits(&mut out, &hits, style)?;
            }
            out.flush().context("writing results")?;
            Ok(if hits.is_empty() {
                Outcome::NothingFound
            } else {
                Outcome::Found
            })
        }
        Command::Show {
            id,
            location,
            context,
            json,
            color,
        } => {
            let index = OpenIndex::open(&location.index)?;
            let found = search::show(&index, &id, context)?;
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            if json {
                output::write_in_context_json(&mut out, &found)?;
            } else {
                let style = Style {
                    color: use_color(color),
                };
                output::write_in_context(&mut out, &found, style)?;
            }
            out.flush().context("writing the passage")?;
            Ok(Outcome::Found)
        }
        Command::Eval {
            queries,
            qrels,
            docs,
            jsonl,
            collection_field,
            json,
            configs,
            variants,
            per_query,
        } => eval::run(
            &crate::eval::EvalInput {
                queries: &queries,
                qrels: &qrels,
                docs: &docs,
                fields: jsonl.into(),
                collection_field,
            },
            json,
            &configs,
            &variants,
            per_query.as_deref(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_message_says_each_cause_once() {
        let io = || io::Error::new(io::ErrorKind::NotADirectory, "Not a directory");
        let err = anyhow::Error::from(crate::Error::io("index/v1", io()));
        assert_eq!(error_message(&err), "index/v1: Not a directory");
        let err = anyhow::Error::from(io()).context("writing results");
        assert_eq!(error_message(&err), "writing results: Not a directory");
        let err = anyhow::Error::from(crate::Error::io("a", io())).context("reading");
        assert_eq!(error_message(&err), "reading: a: Not a directory");
    }
}
