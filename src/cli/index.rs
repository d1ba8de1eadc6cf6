//! `bantin index`: runs the builder, draws the progress bar, prints
//! warnings and the summary.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Outcome;
use crate::index::{index_folders, Event, IndexConfig};
use crate::ingest::jsonl::JsonlFields;
use crate::ingest::Encoding;
use crate::output;

/// `bantin index`, validated.
#[derive(Debug, Clone)]
pub struct IndexCommand {
    pub index: PathBuf,
    pub dirs: Vec<PathBuf>,
    pub max_file_size: u64,
    pub encoding: Option<Encoding>,
    pub jsonl: JsonlFields,
    pub verbose: bool,
    pub quiet: bool,
}

fn warn(bar: &ProgressBar, path: &Path, reason: &str) {
    let line = format!("bantin: warning: {}: {reason}", path.display());
    bar.suspend(|| {
        let _ = writeln!(io::stderr(), "{}", output::strip_controls(&line));
    });
}

/// Runs `bantin index`.
pub fn run(cmd: IndexCommand) -> anyhow::Result<Outcome> {
    let mut config = IndexConfig::new(cmd.index.clone(), cmd.dirs);
    config.max_file_size = cmd.max_file_size;
    config.encoding = cmd.encoding;
    config.jsonl = cmd.jsonl;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl-C while stopping kills at once, as usual.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }
    config.stop = Some(stop);

    let bar = if cmd.quiet || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:30} {prefix}, {decimal_bytes}/{decimal_total_bytes}, {decimal_bytes_per_sec}, ETA {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let mut files_total = 0usize;
    let mut files_done = 0usize;
    let summary = index_folders(&config, &mut |event| match event {
        Event::Started { files, bytes } => {
            files_total = files;
            bar.set_length(bytes);
            bar.set_prefix(format!("0/{files} files"));
        }
        Event::Progress { bytes } => {
            files_done += 1;
            bar.inc(bytes);
            bar.set_prefix(format!("{files_done}/{files_total} files"));
        }
        Event::Skipped(skip) => warn(&bar, &skip.path, &format!("skipped: {}", skip.reason)),
        Event::Warning { path, message } => warn(&bar, path, message),
        Event::Indexed {
            path,
            passages,
            encoding,
        } if cmd.verbose => {
            // Formats that are not text (DOCX, PDF) have no encoding.
            let encoding = encoding.map_or(String::new(), |e| format!(" ({})", e.name()));
            bar.suspend(|| {
                let _ = writeln!(
                    io::stderr(),
                    "indexed {}: {passages} passages{encoding}",
                    output::strip_controls(path)
                );
            });
        }
        Event::Indexed { .. } => {}
    });
    bar.finish_and_clear();
    let summary = summary?;
    // Not println!: a closed stdout (`bantin index | true`) must not panic.
    let printed = if cmd.quiet {
        Ok(())
    } else {
        writeln!(
            io::stdout(),
            "indexed {} files, {} passages in {:.2}s into {} (added {}, updated {}, removed {}, unchanged {}, skipped {})",
            summary.files,
            summary.passages,
            summary.seconds,
            cmd.index.display(),
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged,
            summary.skipped,
        )
    };
    if summary.interrupted {
        let _ = writeln!(
            io::stderr(),
            "bantin: interrupted: what was indexed is committed; run `bantin index` again to finish"
        );
        return Ok(Outcome::Interrupted);
    }
    printed.context("writing the summary")?;
    Ok(Outcome::Found)
}
