//! Building and updating the index from folders of bulletins.
//!
//! One run makes the index mirror the inputs it is given: new files are
//! added, changed files re-indexed, files no longer there removed, and
//! unchanged files (same size and modification time, or same content hash)
//! are not indexed again.
//!
//! Changes become visible in tantivy commits, each atomic: one at the end
//! of the run, and a checkpoint every [`IndexConfig::checkpoint_every`] on
//! long runs (a file is always committed whole, its old passages replaced
//! in the same commit). A run that fails or is killed leaves the last
//! commit searchable, and the next run picks up what is left, since
//! committed files are then unchanged. An interrupt (Ctrl-C) stops at the
//! next file and commits what is done.
//!
//! Passages are stored compressed one by one with a dictionary that the
//! index's first run trains on its first [`store::TRAIN_BYTES`] of passage
//! text (see [`super::store`]): until then the run holds the files it has
//! read, and adds them once the dictionary is written.
//!
//! Each commit records how files were read (`--encoding`, the JSON-lines
//! field names) as its payload: a run that reads them otherwise reads and
//! re-indexes every file, changed or not.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::collector::Count;
use tantivy::directory::error::LockError;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{Index, IndexWriter, TantivyError, Term};

use super::store::{self, PassageEncoder};
use super::{passage_id, versioned_dir, Fields, PassageMeta, SCHEMA_VERSION};
use crate::ingest::jsonl::{self, JsonlFields};
use crate::ingest::{self, Bulletin, Candidate, Encoding, FileStamp, Skip};
use crate::{analysis, Error, Result};

/// What `bantin index` was asked to do.
#[derive(Debug, Clone)]
pub struct IndexConfig {
    /// The index folder.
    pub index_root: PathBuf,
    /// Folders (or files) to index.
    pub inputs: Vec<PathBuf>,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Indexing threads (tantivy writer threads).
    pub threads: usize,
    /// Total memory budget of the writer, in bytes.
    pub memory_budget: usize,
    /// Read every file in this encoding instead of detecting it.
    pub encoding: Option<Encoding>,
    /// Field names of JSON-lines collections.
    pub jsonl: JsonlFields,
    /// Commit at least this often on long runs.
    pub checkpoint_every: Duration,
    /// Set from outside (Ctrl-C) to stop at the next file.
    pub stop: Option<Arc<AtomicBool>>,
    /// Passage text a new index gathers to train its dictionary on
    /// ([`store::TRAIN_BYTES`]).
    pub train_bytes: usize,
}

impl IndexConfig {
    /// Defaults for indexing `inputs` into `index_root`.
    pub fn new(index_root: PathBuf, inputs: Vec<PathBuf>) -> Self {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        IndexConfig {
            index_root,
            inputs,
            max_file_size: ingest::DEFAULT_MAX_FILE_SIZE,
            threads,
            memory_budget: DEFAULT_MEMORY_PER_THREAD * threads,
            encoding: None,
            jsonl: JsonlFields::default(),
            checkpoint_every: Duration::from_secs(60),
            stop: None,
            train_bytes: store::TRAIN_BYTES,
        }
    }
}

/// What happened during a run, for the user to see.
#[derive(Debug)]
pub enum Event<'a> {
    /// The walk is done: this many files, this many bytes, to go through.
    Started { files: usize, bytes: u64 },
    /// One more file gone through (indexed, unchanged or skipped).
    Progress { bytes: u64 },
    /// A file was not indexed.
    Skipped(&'a Skip),
    /// A file was indexed, with something worth knowing.
    Warning { path: &'a Path, message: &'a str },
    /// A file was read and indexed.
    Indexed {
        path: &'a str,
        passages: usize,
        encoding: Option<Encoding>,
    },
}

/// The outcome of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Files in the index after the run.
    pub files: usize,
    /// Passages in the index after the run.
    pub passages: u64,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub seconds: f64,
    /// The run was stopped before the end; the next run finishes it.
    pub interrupted: bool,
}

/// The `ordinal` of the document that stands for a file with no passages.
const PLACEHOLDER: u64 = u64::MAX;

/// What the index knows of a file.
#[derive(Debug, Clone, Copy)]
struct Known {
    stamp: FileStamp,
    hash: u64,
}

/// Indexes `config.inputs` into `config.index_root`; see the module docs.
pub fn index_folders(config: &IndexConfig, report: &mut dyn FnMut(Event)) -> Result<Summary> {
    let started = Instant::now();
    for input in &config.inputs {
        if !input.exists() {
            return Err(Error::BadInput {
                path: input.clone(),
                reason: "no such file or folder".into(),
            });
        }
    }
    let (index, fields) = open_or_create(&config.index_root)?;
    let options = tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(config.threads)
        .memory_budget_per_thread(config.memory_budget / config.threads.max(1))
        // The run merges nothing while it indexes (see [`consolidate`]).
        .num_merge_threads(1)
        .build();
    let mut writer: IndexWriter<TantivyDocument> =
        index.writer_with_options(options).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => Error::IndexLocked {
                path: config.index_root.clone(),
            },
            e => Error::tantivy("cannot write the index", e),
        })?;
    // No merges while the run indexes: its segments are merged once, at
    // the end ([`consolidate`]).
    writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
    // A run killed part way leaves files no commit refers to. tantivy names
    // new files by operation stamps, which a rerun of the same work
    // repeats, so a leftover would make its commit fail ("file already
    // exists"): remove them first.
    writer
        .garbage_collect_files()
        .wait()
        .map_err(|e| Error::tantivy("cannot clean the index", e))?;
    let dir = versioned_dir(&config.index_root);
    let mut store = match store::read_dict(&dir)? {
        Some(dict) => Store::Ready(PassageEncoder::new(&dict)?),
        None => Store::Gathering {
            files: Vec::new(),
            bytes: 0,
            enough: config.train_bytes,
        },
    };
    let known = known_files(&index)?;
    let settings = read_settings(config);
    let previous_settings = index
        .load_metas()
        .map_err(|e| Error::tantivy("cannot read the index", e))?
        .payload;
    // An index without a payload was read with the defaults.
    let reread = previous_settings.as_deref().unwrap_or(DEFAULT_SETTINGS) != settings;
    // Until every file is read the new way, commits keep the old settings,
    // so that a run killed part way re-reads all again.
    let partial_settings = if reread {
        previous_settings.as_deref()
    } else {
        Some(settings.as_str())
    };

    let mut summary = Summary::default();
    let mut candidates: Vec<(Candidate, FileStamp)> = Vec::new();
    let skip = |summary: &mut Summary, skip: Skip, report: &mut dyn FnMut(Event)| {
        summary.skipped += 1;
        report(Event::Skipped(&skip));
    };
    for input in &config.inputs {
        let mut found = Vec::new();
        let mut skipped = Vec::new();
        ingest::walk(input, &mut |c| found.push(c), &mut |s| skipped.push(s));
        for s in skipped {
            skip(&mut summary, s, report);
        }
        for c in found {
            match FileStamp::of(&c.fs_path) {
                Ok(stamp) => candidates.push((c, stamp)),
                Err(e) => {
                    let reason = e.to_string();
                    skip(
                        &mut summary,
                        Skip {
                            path: c.fs_path,
                            reason,
                        },
                        report,
                    )
                }
            }
        }
    }
    report(Event::Started {
        files: candidates.len(),
        bytes: candidates.iter().map(|(_, s)| s.size).sum(),
    });

    let mut seen: HashSet<String> = HashSet::new();
    let mut last_commit = Instant::now();
    let stopped = || {
        config
            .stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    };
    for (candidate, stamp) in &candidates {
        if stopped() {
            summary.interrupted = true;
            break;
        }
        report(Event::Progress { bytes: stamp.size });
        if !seen.insert(candidate.path.clone()) {
            let reason = format!("another input already gave the path {}", candidate.path);
            let s = Skip {
                path: candidate.fs_path.clone(),
                reason,
            };
            skip(&mut summary, s, report);
            continue;
        }
        let previous = known.get(&candidate.path);
        if !reread && previous.is_some_and(|k| k.stamp == *stamp) {
            summary.unchanged += 1;
            continue;
        }
        let loaded = match load(candidate, *stamp, config) {
            Ok(loaded) => loaded,
            Err(s) => {
                skip(&mut summary, s, report);
                continue;
            }
        };
        if !reread && previous.is_some_and(|k| k.hash == loaded.content_hash) {
            // Touched, not changed: keep its passages (and their ids).
            summary.unchanged += 1;
            continue;
        }
        if candidate.lossy {
            let message = format!(
                "file name is not valid UTF-8: indexed as {}",
                candidate.path
            );
            report(Event::Warning {
                path: &candidate.fs_path,
                message: &message,
            });
        }
        for message in &loaded.warnings {
            report(Event::Warning {
                path: &candidate.fs_path,
                message,
            });
        }
        if previous.is_some() {
            writer.delete_term(Term::from_field_text(fields.file, &candidate.path));
            summary.updated += 1;
        } else {
            summary.added += 1;
        }
        report(Event::Indexed {
            path: &candidate.path,
            passages: loaded.bulletins.iter().map(|b| b.passages.len()).sum(),
            encoding: loaded.encoding,
        });
        store.add(&writer, &fields, &dir, loaded)?;
        // Not while files are held for training: a file deleted for an
        // update would be committed without its new passages.
        if last_commit.elapsed() >= config.checkpoint_every && store.is_ready() {
            commit(&mut writer, partial_settings)?;
            last_commit = Instant::now();
        }
    }

    store.finish(&writer, &fields, &dir)?;

    // Files the index has that the inputs no longer have. Not after an
    // interrupt: files not reached yet were not seen, not deleted. A file
    // skipped this time was seen, and keeps what the index has of it.
    if !summary.interrupted {
        for path in known.keys() {
            if !seen.contains(path) {
                writer.delete_term(Term::from_field_text(fields.file, path));
                summary.removed += 1;
            }
        }
    }
    let done_settings = if summary.interrupted {
        partial_settings
    } else {
        Some(settings.as_str())
    };
    commit(&mut writer, done_settings)?;
    writer
        .wait_merging_threads()
        .map_err(|e| Error::tantivy("cannot merge the index", e))?;
    if !summary.interrupted {
        consolidate(&index)?;
        remove_other_versions(&config.index_root);
    }
    summary.files = known_files(&index)?.len();
    summary.passages = count_passages(&index, &fields)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Commits, recording `settings` (how the committed files were read).
fn commit(writer: &mut IndexWriter, settings: Option<&str>) -> Result<()> {
    let err = |e| Error::tantivy("cannot commit the index", e);
    let mut prepared = writer.prepare_commit().map_err(err)?;
    if let Some(settings) = settings {
        prepared.set_payload(settings);
    }
    prepared.commit().map(|_| ()).map_err(err)
}

/// [`read_settings`] of a run with no `--encoding` and the default
/// JSON-lines fields.
const DEFAULT_SETTINGS: &str = r#"encoding=auto id="id" title="title" text="text""#;

/// What, besides a file's bytes, decides what is indexed of it.
fn read_settings(config: &IndexConfig) -> String {
    let JsonlFields { id, title, text } = &config.jsonl;
    let encoding = config.encoding.map_or("auto", |e| e.name());
    format!("encoding={encoding} id={id:?} title={title:?} text={text:?}")
}

/// A file read from disk: one bulletin, or the documents of a collection.
struct LoadedFile {
    /// Display path of the file.
    path: String,
    bulletins: Vec<Bulletin>,
    stamp: FileStamp,
    content_hash: u64,
    encoding: Option<Encoding>,
    warnings: Vec<String>,
}

fn load(candidate: &Candidate, stamp: FileStamp, config: &IndexConfig) -> Result<LoadedFile, Skip> {
    if !jsonl::is_jsonl(&candidate.fs_path) {
        let bulletin = ingest::load(candidate, stamp, config.max_file_size, config.encoding)?;
        return Ok(LoadedFile {
            path: candidate.path.clone(),
            stamp,
            content_hash: bulletin.content_hash,
            encoding: bulletin.encoding,
            warnings: bulletin.warning.iter().cloned().collect(),
            bulletins: vec![bulletin],
        });
    }
    let skip = |reason: String| Skip {
        path: candidate.fs_path.clone(),
        reason,
    };
    if stamp.size > config.max_file_size {
        return Err(skip(format!(
            "larger than --max-file-size ({} bytes > {})",
            stamp.size, config.max_file_size
        )));
    }
    let bytes = std::fs::read(&candidate.fs_path).map_err(|e| skip(e.to_string()))?;
    let content_hash = ingest::content_hash(&bytes);
    let decoded =
        ingest::encoding::decode(&bytes, config.encoding).map_err(|e| skip(e.to_string()))?;
    let (bulletins, bad) = jsonl::documents(
        &candidate.path,
        &decoded.text,
        &config.jsonl,
        stamp,
        content_hash,
    );
    let mut warnings: Vec<String> = decoded.warning.into_iter().collect();
    warnings.extend(
        bad.iter()
            .map(|b| format!("line {}: skipped: {}", b.line, b.reason)),
    );
    Ok(LoadedFile {
        path: candidate.path.clone(),
        bulletins,
        stamp,
        content_hash,
        encoding: Some(decoded.encoding),
        warnings,
    })
}

fn open_or_create(root: &Path) -> Result<(Index, Fields)> {
    let dir = versioned_dir(root);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let bad = |e: TantivyError| Error::BadIndex {
        path: root.to_path_buf(),
        reason: e.to_string(),
    };
    let (schema, _) = super::build_schema();
    let existing = if dir.join("meta.json").is_file() {
        Some(Index::open_in_dir(&dir).map_err(bad)?)
    } else {
        None
    };
    // Passages stored with a dictionary that is gone cannot be read: start
    // over, as for an index of another schema.
    // An index of placeholders only (files without passages) needs none.
    let unreadable = |index: &Index| {
        !dir.join(store::DICT_FILE).is_file()
            && Fields::from_schema(&index.schema())
                .ok()
                .is_none_or(|f| count_passages(index, &f).map_or(true, |n| n > 0))
    };
    let index = match existing {
        Some(index) if index.schema() == schema && !unreadable(&index) => index,
        other => {
            // A development build's index with another schema under the same
            // version: start over (nothing else can read it).
            if other.is_some() {
                std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            }
            Index::builder()
                .schema(schema)
                .settings(index_settings())
                .create_in_dir(&dir)
                .map_err(bad)?
        }
    };
    analysis::register(index.tokenizers());
    let fields = Fields::from_schema(&index.schema()).map_err(bad)?;
    Ok((index, fields))
}

/// tantivy's document store is not compressed: each stored passage is
/// already a zstd frame of its own ([`super::store`]).
///
/// Before, the store was compressed by tantivy in blocks. Measured on the
/// 288k passages of the news benchmark (store only): lz4 16 KiB (tantivy's
/// default) 70.9 MiB, zstd 3 16 KiB 50.9, zstd 7 32 KiB 44.8, zstd 7 64 KiB
/// 42.5; one document read (decompressing its block) took about 55, 55, 75
/// and 120 µs; zstd 7 16 KiB 48.0 MiB, 55 µs. With a dictionary, one
/// passage at a time: 49 MiB for the text, 1.5 µs a read.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::None,
        // A read copies its block out of the file: small blocks.
        docstore_blocksize: 4 * 1024,
        ..tantivy::IndexSettings::default()
    }
}

/// Merges a run's segments, once, when it has indexed everything: the
/// segments of fewer than [`MERGE_DOCS`] / 2 live passages (a bulk run's
/// flushes, an update's new files, a segment that lost half its passages
/// to updates) go into merges of at most [`MERGE_DOCS`] passages, one
/// merge at a time; larger segments are left as they are.
///
/// A merge reads its segments through memory maps, which count as
/// resident memory while it runs: one bounded merge at a time keeps the
/// peak bounded however large the corpus. Merging at the end, where
/// tantivy's `LogMergePolicy` merged while the run indexed, merges each
/// passage once (a log policy merges it once per level), takes no core
/// from the indexing threads, and leaves one segment per 300k passages,
/// where the log policy, capped to bound its memory, left a segment per
/// 80k-100k: on the news benchmark, one segment instead of three, and
/// four instead of twelve at four times its size. A search opens every
/// segment's terms and postings: on the fewer segments, keyword queries
/// took 10-35 % less CPU time at both sizes, questions 20 % less on the
/// news benchmark and about the same at four times its size. The price is the
/// run's end, where one merge at a time leaves a core idle: 12 % more
/// wall time on the news benchmark, 3 % more at four times its size
/// (with 10 % less CPU time, each passage merged once).
///
/// Another writer holding the index by now is not an error: it is left
/// as it is.
fn consolidate(index: &Index) -> Result<()> {
    let err = |e| Error::tantivy("cannot merge the index", e);
    let metas = index.searchable_segment_metas().map_err(err)?;
    let sizes: Vec<_> = metas
        .iter()
        .map(|m| (m.id(), m.num_docs() as usize))
        .collect();
    // Segment metas held keep their files alive for tantivy's garbage
    // collection: drop them before the merges.
    drop(metas);
    let groups = merge_groups(&sizes, MERGE_DOCS);
    if groups.is_empty() {
        return Ok(());
    }
    let options = tantivy::indexer::IndexWriterOptions::builder()
        .num_worker_threads(1)
        .num_merge_threads(1)
        .build();
    let Ok(mut writer) = index.writer_with_options::<TantivyDocument>(options) else {
        return Ok(());
    };
    writer.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
    for group in &groups {
        writer.merge(group).wait().map_err(err)?;
    }
    writer.garbage_collect_files().wait().map_err(err)?;
    writer.wait_merging_threads().map_err(err)
}

/// The merges [`consolidate`] makes of segments of these sizes (live
/// passages): those under `most` / 2, largest first, each into the first
/// group it fits (at most `most` passages together); groups of one
/// segment are left out.
fn merge_groups<Id: Copy>(sizes: &[(Id, usize)], most: usize) -> Vec<Vec<Id>> {
    let mut small: Vec<(Id, usize)> = sizes
        .iter()
        .copied()
        .filter(|&(_, n)| n < most / 2)
        .collect();
    small.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    let mut groups: Vec<(usize, Vec<Id>)> = Vec::new();
    for (id, n) in small {
        match groups.iter_mut().find(|(total, _)| total + n <= most) {
            Some((total, ids)) => {
                *total += n;
                ids.push(id);
            }
            None => groups.push((n, vec![id])),
        }
    }
    groups
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|(_, ids)| ids)
        .collect()
}

/// The writer's memory budget per indexing thread. Measured on the news
/// benchmark (35k articles, 2 threads): 64 MiB gave a peak RSS of 300 MiB,
/// 40 MiB 234 MiB, for 13% more CPU (more, smaller segments to write and
/// merge); 16 MiB cost 50% more CPU.
pub const DEFAULT_MEMORY_PER_THREAD: usize = 40 * 1024 * 1024;

/// Most passages a merge makes (see [`consolidate`]). Measured on the news
/// benchmark at four times its size: one merge of three segments of 100k
/// passages peaked at 186 MiB of resident memory.
const MERGE_DOCS: usize = 300_000;

/// Removes index folders of other schema versions once the current one is
/// complete. Failure to remove is harmless: they are never read.
fn remove_other_versions(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let other =
            name.starts_with('v') && name[1..].parse::<u32>().is_ok_and(|v| v != SCHEMA_VERSION);
        if other && entry.path().join("meta.json").is_file() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Adds one document per passage (or one placeholder without text for a
/// file with no passages, so that the file is remembered as indexed).
fn add_file(
    writer: &IndexWriter,
    f: &Fields,
    encoder: &mut PassageEncoder,
    file: &LoadedFile,
) -> Result<()> {
    let stamp = |doc: &mut TantivyDocument| {
        doc.add_u64(f.file_size, file.stamp.size);
        doc.add_u64(f.file_mtime, file.stamp.mtime_ns);
        doc.add_u64(f.file_hash, file.content_hash);
    };
    let add = |doc: TantivyDocument| {
        writer
            .add_document(doc)
            .map(|_| ())
            .map_err(|e| Error::tantivy("cannot add a passage", e))
    };
    let mut any = false;
    for (b, meta, text) in passages(file) {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.file, &file.path);
        doc.add_text(f.path, &b.path);
        if !any {
            stamp(&mut doc);
        }
        any = true;
        doc.add_u64(f.id, passage_id(&b.path, meta.start as usize, text));
        doc.add_bytes(f.passage, &encoder.encode(&meta, &b.path, text)?);
        doc.add_u64(f.ordinal, meta.ordinal);
        doc.add_text(f.title, &b.title);
        doc.add_text(f.exact, text);
        doc.add_text(f.folded, text);
        doc.add_text(f.bigram, text);
        add(doc)?;
    }
    if !any {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.file, &file.path);
        stamp(&mut doc);
        doc.add_u64(f.ordinal, PLACEHOLDER);
        add(doc)?;
    }
    Ok(())
}

/// The passages of `file`: each with its bulletin, position and text.
fn passages(file: &LoadedFile) -> impl Iterator<Item = (&Bulletin, PassageMeta, &str)> {
    file.bulletins.iter().flat_map(|b| {
        b.passages.iter().enumerate().map(move |(ordinal, span)| {
            let meta = PassageMeta {
                line: b.fixed_line.unwrap_or(span.line) as u64,
                start: span.start as u64,
                end: span.end as u64,
                ordinal: ordinal as u64,
            };
            (b, meta, &b.text[span.start..span.end])
        })
    })
}

/// Where the stored passages' dictionary is: trained and written, or
/// still to train on the files held (the first run of an index).
enum Store {
    Ready(PassageEncoder),
    Gathering {
        files: Vec<LoadedFile>,
        /// Passage text held, and how much is enough.
        bytes: usize,
        enough: usize,
    },
}

impl Store {
    /// True once the dictionary is written.
    fn is_ready(&self) -> bool {
        matches!(self, Store::Ready(_))
    }

    /// Adds `file` to the index, or holds it until there is text enough
    /// to train the dictionary on.
    fn add(
        &mut self,
        writer: &IndexWriter,
        f: &Fields,
        dir: &Path,
        file: LoadedFile,
    ) -> Result<()> {
        match self {
            Store::Ready(encoder) => add_file(writer, f, encoder, &file),
            Store::Gathering {
                files,
                bytes,
                enough,
            } => {
                *bytes += passage_bytes(&file);
                files.push(file);
                if *bytes >= *enough {
                    self.train(writer, f, dir)?;
                }
                Ok(())
            }
        }
    }

    /// Adds what is held. With no passage text at all, no dictionary is
    /// written: the next run that has some trains one.
    fn finish(&mut self, writer: &IndexWriter, f: &Fields, dir: &Path) -> Result<()> {
        match self {
            Store::Ready(_) => Ok(()),
            Store::Gathering {
                files, bytes: 0, ..
            } => {
                // Placeholders only: nothing to encode.
                let mut encoder = PassageEncoder::new(&[])?;
                for file in files.drain(..) {
                    add_file(writer, f, &mut encoder, &file)?;
                }
                Ok(())
            }
            Store::Gathering { .. } => self.train(writer, f, dir),
        }
    }

    /// Trains the dictionary on the files held, writes it, adds them.
    fn train(&mut self, writer: &IndexWriter, f: &Fields, dir: &Path) -> Result<()> {
        let Store::Gathering { files, enough, .. } = self else {
            return Ok(());
        };
        let (files, enough) = (std::mem::take(files), *enough);
        // The passages as they are stored, before compression; no more
        // than enough (one large file may hold much more: training time
        // grows with the samples).
        let mut total = 0;
        let samples: Vec<Vec<u8>> = files
            .iter()
            .flat_map(passages)
            .map(|(b, meta, text)| {
                let mut frame = Vec::new();
                store::frame_into(&meta, &b.path, text, &mut frame);
                frame
            })
            .take_while(|frame| {
                let more = total < enough.max(1);
                total += frame.len();
                more
            })
            .collect();
        let dict = store::train(&samples);
        store::write_dict(dir, &dict)?;
        let mut encoder = PassageEncoder::new(&dict)?;
        for file in &files {
            add_file(writer, f, &mut encoder, file)?;
        }
        *self = Store::Ready(encoder);
        Ok(())
    }
}

/// Bytes of passage text in `file`.
fn passage_bytes(file: &LoadedFile) -> usize {
    file.bulletins
        .iter()
        .flat_map(|b| &b.passages)
        .map(|p| p.end - p.start)
        .sum()
}

/// The files an index holds, from the fast fields of each file's first
/// document.
fn known_files(index: &Index) -> Result<HashMap<String, Known>> {
    let err = |e| Error::tantivy("cannot read the index", e);
    let reader = index.reader().map_err(err)?;
    let searcher = reader.searcher();
    let mut known = HashMap::new();
    let mut path = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(files) = fast.str("file").map_err(err)? else {
            continue;
        };
        let ordinals = fast.u64("ordinal").map_err(err)?;
        let sizes = fast.u64("file_size").map_err(err)?;
        let mtimes = fast.u64("file_mtime").map_err(err)?;
        let hashes = fast.u64("file_hash").map_err(err)?;
        for doc in segment.doc_ids_alive() {
            // The stamp is on the file's first document only.
            if !matches!(ordinals.first(doc), Some(0 | PLACEHOLDER)) || sizes.first(doc).is_none() {
                continue;
            }
            let Some(ord) = files.ords().first(doc) else {
                continue;
            };
            path.clear();
            if !files.ord_to_str(ord, &mut path).unwrap_or(false) || known.contains_key(&path) {
                continue;
            }
            known.insert(
                path.clone(),
                Known {
                    stamp: FileStamp {
                        size: sizes.first(doc).unwrap_or(0),
                        mtime_ns: mtimes.first(doc).unwrap_or(0),
                    },
                    hash: hashes.first(doc).unwrap_or(0),
                },
            );
        }
    }
    Ok(known)
}

/// Number of passages in the index (placeholders not counted).
fn count_passages(index: &Index, f: &Fields) -> Result<u64> {
    let err = |e| Error::tantivy("cannot read the index", e);
    let searcher = index.reader().map_err(err)?.searcher();
    let all: u64 = searcher
        .segment_readers()
        .iter()
        .map(|s| u64::from(s.num_docs()))
        .sum();
    let placeholders = TermQuery::new(
        Term::from_field_u64(f.ordinal, PLACEHOLDER),
        IndexRecordOption::Basic,
    );
    let placeholders = searcher.search(&placeholders, &Count).map_err(err)?;
    Ok(all - placeholders as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_segments_are_merged_into_bounded_groups() {
        /// Segment sizes, the bound, and the groups (indexes into sizes).
        type Case = (&'static [usize], usize, &'static [&'static [usize]]);
        let cases: &[Case] = &[
            (&[], 10, &[]),
            (&[3], 10, &[]),
            (&[3, 4], 10, &[&[1, 0]]),
            // Largest first, each into the first group with room.
            (&[4, 4, 4, 3, 2], 10, &[&[0, 1, 4], &[2, 3]]),
            // Segments of half the bound or more stay as they are.
            (&[5, 9, 2, 1], 10, &[&[2, 3]]),
            (&[4, 4, 4], 8, &[]),
            (&[3, 3, 3, 3], 8, &[&[0, 1], &[2, 3]]),
        ];
        for &(sizes, most, expected) in cases {
            let with_ids: Vec<(usize, usize)> = sizes.iter().copied().enumerate().collect();
            let groups = merge_groups(&with_ids, most);
            let expected: Vec<Vec<usize>> = expected.iter().map(|g| g.to_vec()).collect();
            assert_eq!(groups, expected, "{sizes:?} under {most}");
            for group in &groups {
                assert!(group.iter().map(|&i| sizes[i]).sum::<usize>() <= most);
            }
        }
    }

    /// Files of `passages` paragraphs each, long enough to be passages of
    /// their own, all different.
    fn write_files(dir: &Path, files: usize, passages: usize) {
        std::fs::create_dir_all(dir).unwrap();
        for f in 0..files {
            let text: String = (0..passages)
                .map(|p| {
                    format!(
                        "Tháng {p} năm {f}, sản lượng lúa ước đạt {} nghìn tấn, tăng {},{}% so với \
                         cùng kỳ; giá trị xuất khẩu thủy sản đạt {} triệu USD.\n\n",
                        f * 31 + p,
                        p % 10,
                        f % 100,
                        f * 7 + p * 3
                    )
                })
                .collect();
            std::fs::write(dir.join(format!("{f:03}.txt")), text).unwrap();
        }
    }

    /// A temporary folder with `docs/` of [`write_files`] and where its
    /// index goes.
    fn folder(files: usize, passages: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        write_files(&docs, files, passages);
        let root = dir.path().join("index");
        (dir, docs, root)
    }

    /// Every passage of the index at `root`, read back.
    fn read_all(root: &Path) -> Result<Vec<crate::index::StoredPassage>> {
        let index = crate::index::OpenIndex::open(root)?;
        let searcher = index.searcher();
        let mut passages = index.passages(&searcher)?;
        let mut out = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..segment.max_doc() {
                let p = passages.passage(tantivy::DocAddress::new(ord as u32, doc))?;
                if !p.text.is_empty() {
                    out.push(p);
                }
            }
        }
        out.sort_by(|a, b| (&a.path, a.ordinal).cmp(&(&b.path, b.ordinal)));
        Ok(out)
    }

    #[test]
    fn the_first_passages_train_the_dictionary_and_all_read_back() {
        let (_dir, docs, root) = folder(40, 30);
        let config = IndexConfig {
            // Trained after the first few files, on part of the text.
            train_bytes: 16 << 10,
            ..IndexConfig::new(root.clone(), vec![docs.clone()])
        };
        let summary = index_folders(&config, &mut |_| {}).unwrap();
        assert_eq!(summary.added, 40);
        assert!(summary.passages >= 200, "{summary:?}");
        let dict = store::read_dict(&versioned_dir(&root)).unwrap().unwrap();
        assert!(!dict.is_empty(), "trained a dictionary");
        let passages = read_all(&root).unwrap();
        assert_eq!(passages.len() as u64, summary.passages);
        for p in &passages {
            let file = std::fs::read_to_string(docs.join(p.path.rsplit('/').next().unwrap()));
            let file = file.unwrap();
            assert_eq!(
                &file[p.start as usize..p.end as usize],
                p.text,
                "{}",
                p.path
            );
        }
        // A later run with new files keeps the dictionary.
        write_files(&docs.join("more"), 3, 5);
        let before = summary.passages;
        let summary = index_folders(&config, &mut |_| {}).unwrap();
        assert_eq!((summary.added, summary.unchanged), (3, 40));
        assert!(summary.passages > before);
        let kept = store::read_dict(&versioned_dir(&root)).unwrap().unwrap();
        assert_eq!(kept, dict);
        assert_eq!(read_all(&root).unwrap().len() as u64, summary.passages);
    }

    #[test]
    fn a_lost_dictionary_is_an_error_and_the_next_run_starts_over() {
        let (_dir, docs, root) = folder(5, 30);
        let config = IndexConfig {
            train_bytes: 1 << 20,
            ..IndexConfig::new(root.clone(), vec![docs])
        };
        let first = index_folders(&config, &mut |_| {}).unwrap();
        std::fs::remove_file(versioned_dir(&root).join(store::DICT_FILE)).unwrap();
        let err = read_all(&root).unwrap_err();
        assert!(matches!(err, Error::Store(_)), "{err}");
        assert!(
            err.to_string().contains("passages.zdict is missing"),
            "{err}"
        );
        let summary = index_folders(&config, &mut |_| {}).unwrap();
        assert_eq!((summary.added, summary.unchanged), (5, 0));
        assert_eq!(summary.passages, first.passages);
        assert_eq!(read_all(&root).unwrap().len() as u64, first.passages);
    }

    #[test]
    fn a_run_leaves_one_small_segment() {
        let (_dir, docs, root) = folder(12, 3);
        let config = IndexConfig {
            // A commit after every file: a segment each.
            checkpoint_every: Duration::ZERO,
            train_bytes: 0,
            ..IndexConfig::new(root.clone(), vec![docs])
        };
        let summary = index_folders(&config, &mut |_| {}).unwrap();
        let index = Index::open_in_dir(versioned_dir(&root)).unwrap();
        let segments = index.searchable_segment_metas().unwrap();
        assert_eq!(segments.len(), 1, "{segments:?}");
        // The merged segments' files are gone.
        let prefix = segments[0].id().uuid_string();
        let mut others: Vec<String> = std::fs::read_dir(versioned_dir(&root))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.') && !name.starts_with(&prefix))
            .collect();
        others.sort();
        assert_eq!(others, ["meta.json", store::DICT_FILE]);
        assert_eq!(read_all(&root).unwrap().len() as u64, summary.passages);
    }

    #[test]
    fn too_little_text_is_stored_without_a_dictionary() {
        let (_dir, docs, root) = folder(1, 2);
        let config = IndexConfig::new(root.clone(), vec![docs]);
        index_folders(&config, &mut |_| {}).unwrap();
        let dict = store::read_dict(&versioned_dir(&root)).unwrap();
        assert_eq!(dict, Some(Vec::new()));
        let passages = read_all(&root).unwrap();
        assert!(!passages.is_empty());
        assert!(passages[0].text.starts_with("Tháng 0 năm 0"));
    }

    #[test]
    fn default_read_settings() {
        let config = IndexConfig::new("index".into(), vec!["corpus".into()]);
        assert_eq!(read_settings(&config), DEFAULT_SETTINGS);
        let forced = IndexConfig {
            encoding: Some(Encoding::Tcvn3),
            ..config
        };
        assert_eq!(
            read_settings(&forced),
            r#"encoding=tcvn3 id="id" title="title" text="text""#
        );
    }
}
