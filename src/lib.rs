//! bantin: full-text search for Vietnamese bulletins.
//!
//! The library is layered the way the data flows:
//! - [`analysis`]: what a Vietnamese word is (syllables, tones, folding);
//! - [`ingest`]: files on disk to passages;
//! - [`index`]: the tantivy schema and the index on disk;
//! - [`search`]: queries to ranked passages with snippets;
//! - [`output`]: passages to terminal or JSON lines;
//! - [`eval`]: retrieval quality on judged queries;
//! - [`cli`]: the command line, glue over the rest.

pub mod analysis;
pub mod cli;
pub mod error;
pub mod eval;
pub mod index;
pub mod ingest;
pub mod output;
pub mod search;

pub use error::{Error, Result};
