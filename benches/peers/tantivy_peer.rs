//! tantivy as a tantivy user would set it up for this data: one TEXT field
//! for the text and a STORED path, a stock tokenizer, and a query of the
//! query's terms, any of them (BM25 over the terms that match).

use std::collections::HashSet;
use std::path::Path;

use anyhow::Context;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value,
    STORED,
};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};
use tantivy::{Index, IndexReader, Term};

use super::Unit;

/// Which stock analyzer the text field uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Analyzer {
    /// tantivy's `default`: SimpleTokenizer, RemoveLongFilter(40), LowerCaser.
    Default,
    /// SimpleTokenizer, LowerCaser, AsciiFoldingFilter (accents removed).
    Folded,
}

impl Analyzer {
    /// The engine's name in tables.
    pub fn engine_name(self) -> &'static str {
        match self {
            Analyzer::Default => "tantivy-default",
            Analyzer::Folded => "tantivy-folded",
        }
    }

    fn tokenizer_name(self) -> &'static str {
        match self {
            Analyzer::Default => "default",
            Analyzer::Folded => "folded",
        }
    }

    /// Makes the tokenizer known to `index` (the default one always is).
    fn register(self, index: &Index) {
        if self == Analyzer::Folded {
            let folded = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build();
            index.tokenizers().register("folded", folded);
        }
    }

    fn schema(self) -> Schema {
        let mut b = Schema::builder();
        b.add_text_field("path", STORED);
        let body = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(self.tokenizer_name())
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        b.add_text_field("body", body);
        b.build()
    }
}

/// How a peer index is written.
#[derive(Debug, Clone, Copy)]
pub struct WriterSettings {
    pub threads: usize,
    pub memory_budget: usize,
}

impl Default for WriterSettings {
    /// The same as bantin's defaults (`IndexConfig::new`), so that only the
    /// analysis and the schema differ.
    fn default() -> Self {
        let config = bantin::index::IndexConfig::new(Default::default(), Vec::new());
        WriterSettings {
            threads: config.threads,
            memory_budget: config.memory_budget,
        }
    }
}

/// A tantivy index of units, opened for searching.
pub struct TantivyPeer {
    analyzer: Analyzer,
    reader: IndexReader,
    query_analyzer: TextAnalyzer,
    path: Field,
    body: Field,
}

impl TantivyPeer {
    /// Indexes `units` into a new index in `dir` (in memory when `None`).
    pub fn build(
        dir: Option<&Path>,
        analyzer: Analyzer,
        settings: WriterSettings,
        units: impl IntoIterator<Item = Unit>,
    ) -> anyhow::Result<(TantivyPeer, u64)> {
        let schema = analyzer.schema();
        let index = match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                Index::create_in_dir(dir, schema)?
            }
            None => Index::create_in_ram(schema),
        };
        analyzer.register(&index);
        let path = index.schema().get_field("path")?;
        let body = index.schema().get_field("body")?;
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(settings.threads, settings.memory_budget)?;
        let mut count = 0u64;
        for unit in units {
            let mut doc = TantivyDocument::default();
            doc.add_text(path, &unit.path);
            doc.add_text(body, &unit.text);
            writer.add_document(doc)?;
            count += 1;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        Ok((TantivyPeer::from_index(index, analyzer)?, count))
    }

    /// Opens the index in `dir`, built with `analyzer`.
    pub fn open(dir: &Path, analyzer: Analyzer) -> anyhow::Result<TantivyPeer> {
        let index = Index::open_in_dir(dir).with_context(|| format!("{}", dir.display()))?;
        analyzer.register(&index);
        TantivyPeer::from_index(index, analyzer)
    }

    fn from_index(index: Index, analyzer: Analyzer) -> anyhow::Result<TantivyPeer> {
        let path = index.schema().get_field("path")?;
        let body = index.schema().get_field("body")?;
        let query_analyzer = index.tokenizer_for_field(body)?;
        let reader = index.reader()?;
        Ok(TantivyPeer {
            analyzer,
            reader,
            query_analyzer,
            path,
            body,
        })
    }

    pub fn analyzer(&self) -> Analyzer {
        self.analyzer
    }

    /// The query: any of the query's terms, as the field's analyzer cuts
    /// them.
    fn query(&mut self, query: &str) -> Option<BooleanQuery> {
        let mut seen = HashSet::new();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut stream = self.query_analyzer.token_stream(query);
        while let Some(token) = stream.next() {
            if seen.insert(token.text.clone()) {
                let term = Term::from_field_text(self.body, &token.text);
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                ));
            }
        }
        (!clauses.is_empty()).then(|| BooleanQuery::new(clauses))
    }

    /// The paths of the best `k` units, best first, each read from the
    /// document store.
    pub fn search(&mut self, query: &str, k: usize) -> anyhow::Result<Vec<String>> {
        let Some(query) = self.query(query) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(k).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let path = doc
                .get_first(self.path)
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            out.push(path.to_string());
        }
        Ok(out)
    }
}
