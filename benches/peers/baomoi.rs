//! The baomoi.com news corpus (35,431 articles, JSON lines, gzip) as a
//! folder of bulletins, one `.txt` file per article: title line, blank
//! line, sapo, blank line, body.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// Where the corpus is on the benchmark machine.
pub const PATH: &str = "/work/shared/data/vn-news-baomoi/baomoi_news.jsonl.gz";

/// One article, as in the corpus file.
#[derive(Debug, Clone, Deserialize)]
pub struct Article {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub sapo: String,
    pub body: String,
}

impl Article {
    /// The article as a bulletin file's text (no sapo paragraph when it
    /// has none).
    pub fn to_text(&self) -> String {
        let mut text =
            String::with_capacity(self.title.len() + self.sapo.len() + self.body.len() + 6);
        text.push_str(&self.title);
        text.push_str("\n\n");
        if !self.sapo.trim().is_empty() {
            text.push_str(&self.sapo);
            text.push_str("\n\n");
        }
        text.push_str(&self.body);
        text.push('\n');
        text
    }
}

/// A folder of bulletins written from the corpus.
#[derive(Debug, Clone)]
pub struct Unpacked {
    pub folder: PathBuf,
    pub files: usize,
    /// Bytes of text written (the input size of every figure).
    pub bytes: u64,
}

/// Writes `copies` copies of every article of the gzipped JSON-lines file
/// `corpus` under `folder`, copy `k` as `folder/k/ID.txt`: each copy has
/// fresh paths and the same text. Streams: one article in memory at a
/// time, so that whoever calls it stays small.
pub fn unpack(corpus: &Path, folder: &Path, copies: usize) -> anyhow::Result<Unpacked> {
    let dirs: Vec<PathBuf> = (1..=copies).map(|k| folder.join(k.to_string())).collect();
    for dir in &dirs {
        std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    }
    let file = std::fs::File::open(corpus).with_context(|| format!("{}", corpus.display()))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut files = 0;
    let mut bytes = 0u64;
    for (i, line) in reader.lines().enumerate() {
        let at = || format!("{}: line {}", corpus.display(), i + 1);
        let line = line.with_context(at)?;
        if line.trim().is_empty() {
            continue;
        }
        let article: Article = serde_json::from_str(&line).with_context(at)?;
        let text = article.to_text();
        for dir in &dirs {
            let path = dir.join(format!("{}.txt", article.id));
            std::fs::write(&path, &text).with_context(|| format!("{}", path.display()))?;
            files += 1;
            bytes += text.len() as u64;
        }
    }
    Ok(Unpacked {
        folder: folder.to_path_buf(),
        files,
        bytes,
    })
}
