//! Helpers shared by the integration tests: fixture folders in temp dirs,
//! running the real `bantin` binary on them, reading its output (JSON lines
//! with their key order, the index summary line), and comparing whole
//! outputs with a readable line diff.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

pub use bantin::ingest::passage::{MAX_WORDS, MIN_WORDS};

/// The binary under test.
pub const BANTIN: &str = env!("CARGO_BIN_EXE_bantin");

/// A temp dir holding fixture files and, in `index/`, the index built from
/// them. Every run of `bantin` from here uses that index (through
/// `BANTIN_INDEX`, so that it also holds after a `--` in the arguments).
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

impl Fixture {
    /// An empty fixture.
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::Builder::new()
                .prefix("bantin-test-")
                .tempdir()
                .expect("cannot make a temp dir"),
        }
    }

    /// A fixture with these files (path relative to the temp dir, content).
    pub fn with_files(files: &[(&str, &str)]) -> Fixture {
        let fixture = Fixture::new();
        for (path, content) in files {
            fixture.write(path, content);
        }
        fixture
    }

    /// The temp dir.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the temp dir.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// The index folder every run uses.
    pub fn index_path(&self) -> PathBuf {
        self.path("index")
    }

    /// Writes (or overwrites) a file, making its folders.
    pub fn write(&self, relative: &str, content: &str) {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("cannot make a fixture folder");
        }
        std::fs::write(&path, content).expect("cannot write a fixture file");
    }

    /// A fixture file's content.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("cannot read a fixture file")
    }

    /// Removes a fixture file.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path(relative)).expect("cannot remove a fixture file");
    }

    /// A `bantin` command run from the temp dir on its index, with a clean
    /// environment as far as bantin is concerned.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_with(Path::new(BANTIN), args)
    }

    /// Runs `bantin` with `args` and waits for it.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `bantin` with `args` and extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        command.envs(env.iter().copied());
        Run::of(&mut command, args)
    }

    /// Runs `bantin index <dirs>` and expects success with an empty stderr.
    pub fn index(&self, dirs: &[&str]) -> Summary {
        let mut args = vec!["index"];
        args.extend_from_slice(dirs);
        let run = self.run(&args);
        run.success();
        run.no_stderr();
        run.summary()
    }

    /// `bantin search <query> --json --limit 10000`, parsed; the exit code
    /// must be 0 or 1 and agree with whether there were hits.
    pub fn search_json(&self, query: &[&str]) -> Vec<Value> {
        let mut args = vec!["search", "--json", "--limit", "10000"];
        args.push("--");
        args.extend_from_slice(query);
        let run = self.run(&args);
        run.no_stderr();
        let hits = run.json_lines();
        run.code(if hits.is_empty() { 1 } else { 0 });
        hits
    }

    /// The `id` of each hit of `search_json`, best first.
    pub fn search_ids(&self, query: &[&str]) -> Vec<String> {
        self.search_json(query)
            .iter()
            .map(|hit| str_field(hit, "id").to_string())
            .collect()
    }
}

/// A neutral sentence (eight words) to lengthen fixture paragraphs. None of
/// its syllables, with or without accents, is a word the tests search for.
pub const FILLER: &str = "Mọi nơi vẫn yên ổn như mọi khi.";

/// The line of [`FILLER`] sentences (at least one) that brings `paragraph`
/// to the passage rule's `MIN_WORDS` words: a paragraph that long stays a
/// passage of its own instead of being packed with its short neighbours.
pub fn filler_for(paragraph: &str) -> String {
    let missing = MIN_WORDS.saturating_sub(paragraph.split_whitespace().count());
    let sentences = missing.div_ceil(FILLER.split_whitespace().count()).max(1);
    vec![FILLER; sentences].join(" ")
}

/// `paragraph` with its [`filler_for`] line after it (on a line of its
/// own, so the paragraph's first line, such as a file's title, is kept).
pub fn padded(paragraph: &str) -> String {
    format!("{paragraph}\n{}", filler_for(paragraph))
}

/// A finished run of `bantin`.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    pub stdout: String,
    pub stderr: String,
    /// The exit code; `None` when killed by a signal.
    pub status: Option<i32>,
}

impl Run {
    /// Runs `command` to the end, capturing stdout and stderr.
    pub fn of(command: &mut Command, args: &[&str]) -> Run {
        let output = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("cannot run bantin");
        Run {
            args: args.iter().map(|a| a.to_string()).collect(),
            stdout: String::from_utf8(output.stdout).expect("stdout is not UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is not UTF-8"),
            status: output.status.code(),
        }
    }

    fn describe(&self) -> String {
        format!(
            "bantin {:?}\nexit: {:?}\n--- stdout\n{}--- stderr\n{}---",
            self.args, self.status, self.stdout, self.stderr
        )
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.status,
            Some(expected),
            "unexpected exit code\n{}",
            self.describe()
        );
        self
    }

    /// Asserts exit code 0.
    #[track_caller]
    pub fn success(&self) -> &Run {
        self.code(0)
    }

    /// Asserts that nothing was printed on stderr.
    #[track_caller]
    pub fn no_stderr(&self) -> &Run {
        assert_eq!(self.stderr, "", "unexpected stderr\n{}", self.describe());
        self
    }

    /// Asserts that nothing was printed on stdout.
    #[track_caller]
    pub fn no_stdout(&self) -> &Run {
        assert_eq!(self.stdout, "", "unexpected stdout\n{}", self.describe());
        self
    }

    /// Asserts the whole of stderr.
    #[track_caller]
    pub fn stderr_is(&self, expected: &str) -> &Run {
        assert_same_text(expected, &self.stderr);
        self
    }

    /// Each stdout line parsed as JSON.
    #[track_caller]
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}\n{}", self.describe()))
            })
            .collect()
    }

    /// The index summary: the only line on stdout.
    #[track_caller]
    pub fn summary(&self) -> Summary {
        let mut lines = self.stdout.lines();
        let line = lines.next().unwrap_or("");
        assert!(
            lines.next().is_none(),
            "more than the summary\n{}",
            self.describe()
        );
        Summary::parse(line)
    }
}

/// The line `bantin index` ends with:
/// `indexed F files, P passages in S.SSs into PATH (added A, updated U,
/// removed R, unchanged N, skipped K)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files: u64,
    pub passages: u64,
    pub index: String,
    pub added: u64,
    pub updated: u64,
    pub removed: u64,
    pub unchanged: u64,
    pub skipped: u64,
}

impl Summary {
    /// Parses a summary line, checking every fixed word of it.
    #[track_caller]
    pub fn parse(line: &str) -> Summary {
        let bad = |what: &str| -> ! { panic!("not a summary line ({what}): {line:?}") };
        let number = |s: &str, what: &str| -> u64 { s.parse().unwrap_or_else(|_| bad(what)) };
        let rest = line
            .strip_prefix("indexed ")
            .unwrap_or_else(|| bad("start"));
        let (files, rest) = rest.split_once(" files, ").unwrap_or_else(|| bad("files"));
        let (passages, rest) = rest
            .split_once(" passages in ")
            .unwrap_or_else(|| bad("passages"));
        let (seconds, rest) = rest.split_once("s into ").unwrap_or_else(|| bad("seconds"));
        let (whole, fraction) = seconds.split_once('.').unwrap_or_else(|| bad("seconds"));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || fraction.len() != 2 || !digits(fraction) {
            bad("seconds with two decimals");
        }
        let (index, counts) = rest.rsplit_once(" (").unwrap_or_else(|| bad("counts"));
        let counts = counts.strip_suffix(')').unwrap_or_else(|| bad("counts"));
        let mut values = Vec::new();
        for (part, name) in
            counts
                .split(", ")
                .zip(["added", "updated", "removed", "unchanged", "skipped"])
        {
            let value = part
                .strip_prefix(name)
                .and_then(|v| v.strip_prefix(' '))
                .unwrap_or_else(|| bad(name));
            values.push(number(value, name));
        }
        if values.len() != 5 || counts.split(", ").count() != 5 {
            bad("five counts");
        }
        Summary {
            files: number(files, "files"),
            passages: number(passages, "passages"),
            index: index.to_string(),
            added: values[0],
            updated: values[1],
            removed: values[2],
            unchanged: values[3],
            skipped: values[4],
        }
    }

    /// The counts as `(added, updated, removed, unchanged, skipped)`.
    pub fn changes(&self) -> (u64, u64, u64, u64, u64) {
        (
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            self.skipped,
        )
    }
}

/// The keys of a JSON object, in the order they are written (serde_json's
/// `Value` sorts them).
pub fn object_keys(json: &str) -> Vec<String> {
    struct Keys;
    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                keys.push(key);
            }
            Ok(keys)
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    de.deserialize_map(Keys)
        .unwrap_or_else(|e| panic!("not a JSON object ({e}): {json:?}"))
}

/// A string field of a JSON object.
#[track_caller]
pub fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is not a string in {value}"))
}

/// An unsigned integer field of a JSON object.
#[track_caller]
pub fn u64_field(value: &Value, key: &str) -> u64 {
    value[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is not an unsigned integer in {value}"))
}

/// The highlighted substrings of a search hit's snippet.
#[track_caller]
pub fn highlighted(hit: &Value) -> Vec<String> {
    let snippet = str_field(hit, "snippet");
    hit["highlights"]
        .as_array()
        .unwrap_or_else(|| panic!("highlights is not an array in {hit}"))
        .iter()
        .map(|range| {
            let start = range[0].as_u64().expect("highlight start") as usize;
            let end = range[1].as_u64().expect("highlight end") as usize;
            snippet
                .get(start..end)
                .unwrap_or_else(|| panic!("bad highlight {range} in {hit}"))
                .to_string()
        })
        .collect()
}

/// Asserts two texts are equal; on failure shows a line diff (`-` expected,
/// `+` actual) with invisible characters made visible.
#[track_caller]
pub fn assert_same_text(expected: &str, actual: &str) {
    if expected != actual {
        panic!(
            "texts differ (- expected, + actual):\n{}",
            line_diff(expected, actual)
        );
    }
}

/// A line diff of two texts (longest common subsequence of lines).
pub fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.split_inclusive('\n').collect();
    let b: Vec<&str> = actual.split_inclusive('\n').collect();
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, "  {}", visible(a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "- {}", visible(a[i]));
            i += 1;
        } else {
            let _ = writeln!(out, "+ {}", visible(b[j]));
            j += 1;
        }
    }
    out
}

/// A line with escapes, carriage returns and a missing final newline shown.
fn visible(line: &str) -> String {
    let (body, newline) = match line.strip_suffix('\n') {
        Some(body) => (body, true),
        None => (line, false),
    };
    let mut out = String::new();
    for c in body.chars() {
        match c {
            '\x1b' => out.push_str("\\e"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    if !newline {
        out.push_str(" (no newline at end)");
    }
    out
}

#[test]
fn line_diff_marks_changed_lines() {
    let diff = line_diff("a\nb\nc\n", "a\nB\nc");
    assert_eq!(diff, "  a\n- b\n- c\n+ B\n+ c (no newline at end)\n");
}

#[test]
fn summary_line_is_parsed() {
    let s = Summary::parse(
        "indexed 3 files, 7 passages in 0.05s into /t/index (added 1, updated 2, removed 0, unchanged 4, skipped 5)",
    );
    assert_eq!((s.files, s.passages, s.index.as_str()), (3, 7, "/t/index"));
    assert_eq!(s.changes(), (1, 2, 0, 4, 5));
}

#[test]
fn padded_paragraphs_have_min_words() {
    for paragraph in ["Một.", "Giá lúa gạo tăng nhẹ,\nnông dân phấn khởi."] {
        let text = padded(paragraph);
        let words = text.split_whitespace().count();
        assert!((MIN_WORDS..MIN_WORDS + 8).contains(&words), "{text}");
        assert_eq!(text.lines().count(), paragraph.lines().count() + 1);
        assert!(text.starts_with(&format!("{paragraph}\n{FILLER} ")));
    }
}

#[test]
fn object_keys_keep_their_order() {
    assert_eq!(
        object_keys(r#"{"b":1,"a":[2],"c":{"z":0}}"#),
        ["b", "a", "c"]
    );
}

impl Fixture {
    /// [`Fixture::command`] with another build of bantin (such as the
    /// release one, for long runs).
    pub fn command_with(&self, binary: &Path, args: &[&str]) -> Command {
        let mut command = Command::new(binary);
        command
            .args(args)
            .current_dir(self.root())
            .env("BANTIN_INDEX", self.index_path())
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null());
        command
    }
}
