//! Long `bantin index` runs: a second one started meanwhile fails at once
//! while search goes on from the last commit; and a run on the 35,431
//! articles of the news benchmark killed (SIGKILL) part way, then finished.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

use crate::util::{padded, str_field, Fixture, Run, BANTIN};

/// A running `bantin`, killed (SIGKILL) and reaped if the test ends before
/// it does, so that a failing test leaves no process behind (stopped ones
/// included).
struct Running {
    child: Child,
}

impl Running {
    /// Sends a signal (`STOP`, `CONT`) with kill(1).
    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("cannot run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits at most `limit` for the process to end.
    fn wait(&mut self, limit: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("cannot wait for bantin") {
                return status;
            }
            assert!(
                start.elapsed() < limit,
                "bantin still running after {limit:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `command` to the end, failing if that takes longer than `limit`
/// (a run that waits for a lock would never end).
fn run_within(mut command: Command, args: &[&str], limit: Duration) -> (Run, Duration) {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run bantin");
    let mut running = Running { child };
    let status = running.wait(limit);
    let elapsed = start.elapsed();
    let read = |pipe: &mut dyn Read| {
        let mut text = String::new();
        pipe.read_to_string(&mut text).expect("output is not UTF-8");
        text
    };
    let stdout = read(running.child.stdout.as_mut().unwrap());
    let stderr = read(running.child.stderr.as_mut().unwrap());
    let run = Run {
        args: args.iter().map(|a| a.to_string()).collect(),
        stdout,
        stderr,
        status: status.code(),
    };
    (run, elapsed)
}

/// Files the long run adds.
const NEW: usize = 800;

/// A bulletin of three paragraphs, each a passage of its own; the first
/// says `thanh long`.
fn new_bulletin(i: usize) -> String {
    [
        padded(&format!("Bản tin số {i}\nGiá thanh long hôm nay ổn định.")),
        padded(&format!(
            "Sản lượng vụ này đạt {i} tấn, tăng so với cùng kỳ."
        )),
        padded("Thương lái thu mua tại vườn, nông dân phấn khởi."),
    ]
    .join("\n\n")
}

#[test]
fn second_index_run_fails_at_once_while_search_reads_the_last_commit() {
    let fixture = Fixture::with_files(&[("docs/old.txt", "Giá gạo tăng mạnh.\n")]);
    fixture.index(&["docs"]);
    for i in 0..NEW {
        fixture.write(&format!("docs/new-{i:04}.txt"), &new_bulletin(i));
    }

    // The long run: wait until it has indexed a file (so it holds the
    // index), then stop it there (SIGSTOP) so that it surely still runs,
    // however fast this machine is.
    let start = Instant::now();
    let child = fixture
        .command(&["index", "docs", "--verbose"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run bantin index");
    let mut first = Running { child };
    let stderr = first.child.stderr.take().unwrap();
    let (lines, received) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if lines.send(line.expect("stderr is not UTF-8")).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    while !seen
        .iter()
        .any(|l: &String| l.starts_with("indexed docs/new-"))
    {
        let line = received
            .recv_timeout(Duration::from_secs(120))
            .expect("bantin index printed no file indexed");
        seen.push(line);
    }
    first.signal("STOP");
    let stopped = Instant::now();
    let before_stop = stopped - start;

    // A second run fails at once, with the index path as given.
    let absolute = fixture.index_path();
    for (args, path) in [
        (&["index", "docs"][..], absolute.to_str().unwrap()),
        (&["index", "docs", "--index", "index"], "index"),
    ] {
        let (second, elapsed) = run_within(fixture.command(args), args, Duration::from_secs(30));
        second.code(2).no_stdout().stderr_is(&format!(
            "bantin: error: the index at {path} is being updated by another `bantin index`; wait for it to finish\n"
        ));
        eprintln!("second bantin index failed in {elapsed:.2?}");
        assert!(
            elapsed < Duration::from_secs(5),
            "the second run took {elapsed:?} to fail"
        );
    }

    // Search works meanwhile, on the index as last committed.
    let rice: Vec<String> = fixture
        .search_json(&["gạo"])
        .iter()
        .map(|h| str_field(h, "path").to_string())
        .collect();
    assert_eq!(rice, ["docs/old.txt"]);
    assert!(fixture.search_json(&["thanh long"]).is_empty());
    assert!(
        first.child.try_wait().unwrap().is_none(),
        "the first run ended"
    );

    // The first run goes on to the end.
    first.signal("CONT");
    let resumed = Instant::now();
    let status = first.wait(Duration::from_secs(600));
    let after_resume = resumed.elapsed();
    reader.join().unwrap();
    seen.extend(received.try_iter());
    let mut stdout = String::new();
    let mut out = first.child.stdout.take().unwrap();
    out.read_to_string(&mut stdout).unwrap();
    eprintln!(
        "long bantin index of {NEW} files: {:.2?} running ({before_stop:.2?} before the stop)",
        before_stop + after_resume
    );
    assert!(status.success(), "{status:?}\n{}", seen.join("\n"));
    let run = Run {
        args: vec!["index".into(), "docs".into(), "--verbose".into()],
        stdout,
        stderr: seen.join("\n") + "\n",
        status: status.code(),
    };
    let summary = run.summary();
    assert_eq!(summary.changes(), (NEW as u64, 0, 0, 1, 0));
    assert_eq!(
        (summary.files, summary.passages),
        (NEW as u64 + 1, 3 * NEW as u64 + 1)
    );
    assert_eq!(seen.len(), NEW, "{}", run.stderr);
    for (i, line) in seen.iter().enumerate() {
        assert_eq!(
            line,
            &format!("indexed docs/new-{i:04}.txt: 3 passages (utf-8)")
        );
    }
    assert_eq!(fixture.search_json(&["\"thanh long\""]).len(), NEW);

    // The lock is gone with it.
    let summary = fixture.index(&["docs"]);
    assert_eq!(summary.changes(), (0, 0, 0, NEW as u64 + 1, 0));
}

/// The news benchmark: 35,431 articles, one JSON object a line.
const NEWS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/data/vn-news-baomoi/baomoi_news.jsonl.gz"
);
const ARTICLES: u64 = 35_431;
/// An article whose title is searched for at the end.
const KNOWN: &str = "22596785";

/// The newest modification time of a file under `path`.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    let entries = std::fs::read_dir(path).ok()?;
    entries.filter_map(|e| newest(&e.ok()?.path())).max()
}

/// The release build of bantin if it is built from the current sources
/// (no newer than it under `src/`, nor `Cargo.toml` or `Cargo.lock`), else
/// the build under test.
fn fastest_bantin() -> PathBuf {
    let tested = PathBuf::from(BANTIN);
    let Some(release) = tested
        .parent()
        .and_then(Path::parent)
        .map(|target| target.join("release/bantin"))
    else {
        return tested;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = ["src", "Cargo.toml", "Cargo.lock"]
        .iter()
        .filter_map(|p| newest(&root.join(p)))
        .max();
    let fresh = newest(&release).is_some_and(|built| Some(built) >= sources);
    if release != tested && fresh {
        release
    } else {
        tested
    }
}

/// Writes each article as `DIR/ID.txt`: title line, blank line, sapo (if
/// any), blank line, body. Returns the title of [`KNOWN`].
fn unpack_news(dir: &Path) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let mut gzip = Command::new("gzip")
        .arg("-dc")
        .arg(NEWS)
        .stdout(Stdio::piped())
        .spawn()
        .expect("cannot run gzip");
    let mut articles = 0;
    let mut known = None;
    let text_of = |v: &Value, key: &str| v[key].as_str().unwrap_or("").trim().to_string();
    for line in BufReader::with_capacity(1 << 20, gzip.stdout.take().unwrap()).lines() {
        let line = line.expect("the news file is not UTF-8");
        let article: Value = serde_json::from_str(&line).expect("a news line is not JSON");
        let id = text_of(&article, "id");
        let title = text_of(&article, "title");
        let mut text = format!("{title}\n\n");
        for part in [text_of(&article, "sapo"), text_of(&article, "body")] {
            if !part.is_empty() {
                text.push_str(&part);
                text.push_str("\n\n");
            }
        }
        text.pop();
        assert!(!id.is_empty() && !id.contains('/'), "bad id {id:?}");
        std::fs::write(dir.join(format!("{id}.txt")), text).unwrap();
        if id == KNOWN {
            known = Some(title);
        }
        articles += 1;
    }
    assert!(gzip.wait().unwrap().success(), "gzip -dc {NEWS} failed");
    assert_eq!(articles, ARTICLES, "articles in {NEWS}");
    known.unwrap_or_else(|| panic!("no article {KNOWN} in {NEWS}"))
}

/// Segments in the index's last commit.
fn committed_segments(index: &Path) -> usize {
    let mut segments = None;
    for entry in std::fs::read_dir(index).unwrap() {
        let meta = entry.unwrap().path().join("meta.json");
        if let Ok(json) = std::fs::read_to_string(&meta) {
            let meta: Value = serde_json::from_str(&json).expect("meta.json is not JSON");
            let count = meta["segments"].as_array().expect("no segments").len();
            assert!(segments.replace(count).is_none(), "two index versions");
        }
    }
    segments.expect("no meta.json: the index is not there")
}

#[test]
#[ignore = "indexes the 35,431 articles of ../shared: about 1.5 min with an up-to-date \
            target/release/bantin, over 10 min with a debug build; run \
            `cargo build --release && cargo test --test tests -- --ignored scale`"]
fn killed_index_run_on_the_news_benchmark_recovers() {
    if !Path::new(NEWS).is_file() {
        eprintln!("skipped: no news benchmark at {NEWS}");
        return;
    }
    let bantin = fastest_bantin();
    eprintln!("using {}", bantin.display());
    let fixture = Fixture::new();
    let run = |args: &[&str]| Run::of(&mut fixture.command_with(&bantin, args), args);

    let start = Instant::now();
    let title = unpack_news(&fixture.path("news"));
    eprintln!("unpacked {ARTICLES} articles in {:.2?}", start.elapsed());

    // Kill it a third of the way through, or after 65 s (past the first
    // checkpoint, at 60 s) on a slow build.
    let killed_start = Instant::now();
    let child = fixture
        .command_with(&bantin, &["index", "news", "--verbose"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run bantin index");
    let mut killed = Running { child };
    let mut indexed = 0;
    let mut others = Vec::new();
    for line in BufReader::new(killed.child.stderr.take().unwrap()).lines() {
        let line = line.expect("stderr is not UTF-8");
        if line.starts_with("indexed news/") {
            indexed += 1;
        } else {
            others.push(line);
        }
        if indexed >= ARTICLES / 3 || killed_start.elapsed() >= Duration::from_secs(65) {
            break;
        }
    }
    let _ = killed.child.kill();
    let status = killed.wait(Duration::from_secs(60));
    eprintln!(
        "killed bantin index after {:.2?}, {indexed} files indexed: {status:?}",
        killed_start.elapsed()
    );
    assert!(others.is_empty(), "{}", others.join("\n"));
    let was_killed = status.signal() == Some(9);
    assert!(was_killed || status.success(), "{status:?}");
    if !was_killed {
        eprintln!("note: bantin index ended before it could be killed");
    }

    // The index opens; it has what the last commit (if any) had.
    let committed = committed_segments(&fixture.index_path()) > 0;
    eprintln!("a checkpoint was committed before the kill: {committed}");
    let common = run(&["search", "--json", "--limit", "3", "Việt Nam"]);
    common.code(if committed { 0 } else { 1 }).no_stderr();
    assert_eq!(common.json_lines().len(), if committed { 3 } else { 0 });

    // The next run does the rest.
    let rerun_start = Instant::now();
    let rerun = run(&["index", "news"]);
    rerun.success().no_stderr();
    let summary = rerun.summary();
    eprintln!(
        "second bantin index in {:.2?}: {}",
        rerun_start.elapsed(),
        rerun.stdout.trim_end()
    );
    assert_eq!(summary.files, ARTICLES, "{}", rerun.stdout);
    assert!(summary.passages > ARTICLES, "{}", rerun.stdout);
    let (added, updated, removed, unchanged, skipped) = summary.changes();
    assert_eq!((updated, removed, skipped), (0, 0, 0), "{}", rerun.stdout);
    assert_eq!(added + unchanged, ARTICLES, "{}", rerun.stdout);
    assert_eq!(unchanged > 0, committed, "{}", rerun.stdout);

    let phrase = format!("\"{title}\"");
    let found = run(&["search", "--json", "--limit", "5", &phrase]);
    found.success().no_stderr();
    let hits = found.json_lines();
    assert_eq!(
        str_field(&hits[0], "path"),
        format!("news/{KNOWN}.txt"),
        "{phrase}"
    );
    let common = run(&["search", "--json", "--limit", "3", "Việt Nam"]);
    common.success().no_stderr();
    assert_eq!(common.json_lines().len(), 3);
    eprintln!("whole test: {:.2?}", start.elapsed());
}
