//! `bantin index` killed with SIGKILL part way: the index still opens,
//! search still works, every file in it is one whole version, and the next
//! run completes the job.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ExitStatus, Stdio};
use std::time::Duration;

use crate::util::{padded, str_field, Fixture};

/// Files indexed first.
const OLD: usize = 150;
/// Of those, rewritten (`gạo` becomes `ngô`) for the killed runs.
const CHANGED: usize = 30;
/// Files added for the killed runs.
const NEW: usize = 450;

fn old_path(i: usize) -> String {
    format!("docs/old-{i:03}.txt")
}

fn new_path(i: usize) -> String {
    format!("docs/new-{i:03}.txt")
}

/// Two passages per file, both saying `word` (each paragraph padded to a
/// passage of its own).
fn bulletin(word: &str, i: usize) -> String {
    format!(
        "{}\n\n{}\n",
        padded(&format!("Bản tin {word} số {i}.")),
        padded(&format!("Xuất khẩu {word} tháng này tăng, lô hàng {i}."))
    )
}

/// The paths of the hits of `query`, checking that each file that is there
/// has both its passages there (a file is never half indexed).
#[track_caller]
fn files_matching(fixture: &Fixture, query: &str) -> BTreeSet<String> {
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for hit in fixture.search_json(&[query]) {
        *per_file
            .entry(str_field(&hit, "path").to_string())
            .or_default() += 1;
    }
    for (path, passages) in &per_file {
        assert_eq!(*passages, 2, "{path} is half indexed for {query}");
    }
    per_file.into_keys().collect()
}

/// Checks that the index opens, that search works, and that each file is
/// in it as exactly one of its versions; returns how many of the rewritten
/// and of the new files the index has in their new version.
#[track_caller]
fn check_index(fixture: &Fixture) -> (usize, usize) {
    let rice = files_matching(fixture, "gạo");
    let corn = files_matching(fixture, "ngô");
    let dragon_fruit = files_matching(fixture, "\"thanh long\"");
    assert!(!rice.is_empty(), "search gạo found nothing");
    for i in 0..OLD {
        let path = old_path(i);
        let versions = rice.contains(&path) as usize + corn.contains(&path) as usize;
        assert_eq!(versions, 1, "{path} in {versions} versions");
        if i >= CHANGED {
            assert!(rice.contains(&path), "{path} lost");
        }
    }
    let new_paths: BTreeSet<String> = (0..NEW).map(new_path).collect();
    assert!(dragon_fruit.is_subset(&new_paths));
    assert_eq!(rice.len() + corn.len(), OLD, "unexpected files");
    (corn.len(), dragon_fruit.len())
}

/// Kills `child` (SIGKILL) and waits for it.
fn kill(mut child: Child) -> ExitStatus {
    // An error means it had already been reaped: it cannot be, we hold it.
    let _ = child.kill();
    child.wait().expect("cannot wait for bantin index")
}

#[test]
fn killed_index_run_leaves_a_usable_index() {
    let fixture = Fixture::new();
    for i in 0..OLD {
        fixture.write(&old_path(i), &bulletin("gạo", i));
    }
    let first = fixture.index(&["docs"]);
    assert_eq!((first.files, first.passages), (OLD as u64, 2 * OLD as u64));
    assert_eq!(check_index(&fixture), (0, 0));

    for i in 0..CHANGED {
        fixture.write(&old_path(i), &bulletin("ngô", i));
    }
    for i in 0..NEW {
        fixture.write(&new_path(i), &bulletin("thanh long", i));
    }
    let complete = (CHANGED, NEW);

    let mut mid_run = 0;
    let mut state = (0, 0);
    // First, kill after it reported a few files indexed (so surely before
    // the end); then after growing delays, which may land anywhere,
    // including in the commit or after the end.
    let delays = [None, Some(0), Some(100), Some(250), Some(500), Some(1000)];
    for delay in delays {
        let mut command = fixture.command(&["index", "docs", "-v"]);
        command.stdout(Stdio::null());
        let status = match delay {
            None => {
                let mut child = command.stderr(Stdio::piped()).spawn().unwrap();
                let stderr = BufReader::new(child.stderr.take().unwrap());
                let mut files = 0;
                for line in stderr.lines() {
                    if line.unwrap().contains("docs/") {
                        files += 1;
                        if files == 10 {
                            break;
                        }
                    }
                }
                kill(child)
            }
            Some(ms) => {
                let log = std::fs::File::create(fixture.path("stderr.log")).unwrap();
                let child = command.stderr(log).spawn().unwrap();
                std::thread::sleep(Duration::from_millis(ms));
                kill(child)
            }
        };
        let killed = status.signal() == Some(9);
        assert!(
            killed || status.success(),
            "bantin index failed on its own: {status:?}: {}",
            std::fs::read_to_string(fixture.path("stderr.log")).unwrap_or_default()
        );
        state = check_index(&fixture);
        if !killed {
            assert_eq!(state, complete, "a run that ended did not finish the job");
        }
        if state == complete {
            break;
        }
        mid_run += 1;
    }
    if mid_run == 0 {
        eprintln!("note: no kill landed before the index run finished");
    }

    // The next run completes what is left, and nothing more.
    let last = fixture.index(&["docs"]);
    let (changed_done, new_done) = state;
    assert_eq!(
        (last.files, last.passages),
        ((OLD + NEW) as u64, 2 * (OLD + NEW) as u64)
    );
    let added = (NEW - new_done) as u64;
    let updated = (CHANGED - changed_done) as u64;
    let unchanged = (OLD + NEW) as u64 - added - updated;
    assert_eq!(last.changes(), (added, updated, 0, unchanged, 0));
    assert_eq!(check_index(&fixture), complete);
}
