//! The command line as clap sees it. Nothing outside this module uses clap
//! types: [`super::run`] turns them into the library's plain configs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Full-text search for Vietnamese bulletins: ranked passages, with or
/// without accents.
#[derive(Debug, Parser)]
#[command(name = "bantin", version, about, max_term_width = 100)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct IndexLocation {
    /// Index folder.
    #[arg(
        long,
        env = "BANTIN_INDEX",
        default_value = "index",
        value_name = "PATH"
    )]
    pub index: PathBuf,
}

/// Field names of JSON-lines documents (`.jsonl`).
#[derive(Debug, clap::Args)]
pub struct JsonlFieldArgs {
    /// JSON-lines documents: the field holding a document's id.
    #[arg(long, default_value = "id", value_name = "FIELD")]
    pub id_field: String,
    /// JSON-lines documents: the field holding a document's title.
    #[arg(long, default_value = "title", value_name = "FIELD")]
    pub title_field: String,
    /// JSON-lines documents: the field holding a document's text.
    #[arg(long, default_value = "text", value_name = "FIELD")]
    pub text_field: String,
}

impl From<JsonlFieldArgs> for crate::ingest::jsonl::JsonlFields {
    fn from(a: JsonlFieldArgs) -> Self {
        crate::ingest::jsonl::JsonlFields {
            id: a.id_field,
            title: a.title_field,
            text: a.text_field,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index over folders of bulletins.
    ///
    /// The index mirrors the folders given: new and changed files are
    /// indexed, files no longer there are removed, unchanged files are not
    /// read again. Nothing changes on disk until the run completes.
    Index {
        /// Folders (or files) to index.
        #[arg(value_name = "DIR", default_value = "corpus")]
        dirs: Vec<PathBuf>,
        #[command(flatten)]
        location: IndexLocation,
        /// Skip files larger than this many bytes.
        #[arg(long, value_name = "BYTES", default_value_t = crate::ingest::DEFAULT_MAX_FILE_SIZE)]
        max_file_size: u64,
        /// Read every file in this encoding instead of detecting it
        /// (utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni).
        #[arg(long, value_name = "NAME")]
        encoding: Option<String>,
        #[command(flatten)]
        jsonl: JsonlFieldArgs,
        /// Print each file indexed, with the encoding it was read in.
        #[arg(long, short)]
        verbose: bool,
        /// Print nothing but warnings and errors.
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
    },
    /// Search the index: best passages first.
    ///
    /// Words match with or without accents; accents typed rank exact
    /// matches first. "quoted phrases" must appear as written; -word leaves
    /// passages with that word out (put -- before a query starting with -).
    Search {
        /// The query.
        #[arg(value_name = "QUERY", required_unless_present = "queries", num_args = 1..)]
        query: Vec<String>,
        /// Ranking weights for experiments, as k=v,k=v (see `bantin eval --config`).
        #[arg(long, hide = true, value_name = "SETTINGS", default_value = "")]
        weights: String,
        /// Run every line of FILE as a query (`-` for stdin); prints JSON
        /// lines with `qid` (line number, from 1) and `query` added.
        #[arg(long, value_name = "FILE", conflicts_with = "query")]
        queries: Option<PathBuf>,
        #[command(flatten)]
        location: IndexLocation,
        /// Number of passages to print.
        #[arg(long, short = 'n', default_value_t = 10)]
        limit: usize,
        /// Skip this many of the best passages first (paging).
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// One JSON object per line (see README for the fields).
        #[arg(long)]
        json: bool,
        /// When to colour.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
        color: ColorChoice,
        /// Most threads one search runs on (default: one per core). A
        /// search of a large index for common words is cut into ranges of
        /// passages walked at once; small ones stay on one thread.
        #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
    },
    /// Print a passage, by id, with the passages around it.
    Show {
        /// Passage id, as printed by `bantin search --json`.
        id: String,
        #[command(flatten)]
        location: IndexLocation,
        /// Passages to show before and after.
        #[arg(long, short = 'C', default_value_t = 1)]
        context: usize,
        /// One JSON object.
        #[arg(long)]
        json: bool,
        /// When to colour.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
        color: ColorChoice,
    },
    /// Measure retrieval quality on judged queries (MRR@10, Recall@k, nDCG@10).
    ///
    /// Documents are indexed per collection into temporary indexes; each
    /// query is run in four variants (orig, noaccent, nfd, tone_swap).
    Eval {
        /// Judged queries: JSON lines with query_id, text, collection.
        #[arg(long, value_name = "FILE")]
        queries: PathBuf,
        /// Judgements: TSV with a header, query_id, doc_id, relevance.
        #[arg(long, value_name = "FILE")]
        qrels: PathBuf,
        /// Documents: a JSON-lines file, or a folder of bulletins (ids are
        /// their paths, e.g. corpus/x.txt).
        #[arg(long, value_name = "PATH")]
        docs: PathBuf,
        #[command(flatten)]
        jsonl: JsonlFieldArgs,
        /// JSON-lines documents and queries: the collection field.
        #[arg(long, default_value = "collection", value_name = "FIELD")]
        collection_field: String,
        /// Print one JSON object per result row instead of a table.
        #[arg(long)]
        json: bool,
        /// Evaluate these ranking settings too, each as NAME:k=v,k=v
        /// (weights folded, exact, bigram, title, frame; BM25 k1, b;
        /// common: the share of passages above which a question leaves a
        /// term out, 1 for none); repeatable.
        #[arg(long = "config", value_name = "NAME:SETTINGS")]
        configs: Vec<String>,
        /// Query variants to run (orig, noaccent, nfd, tone_swap).
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "orig,noaccent,nfd,tone_swap"
        )]
        variants: Vec<String>,
        /// Also write, per query and variant, the rank of its first
        /// relevant document and the top three ids (tab-separated).
        #[arg(long, value_name = "FILE")]
        per_query: Option<PathBuf>,
    },
}
