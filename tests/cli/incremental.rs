//! `bantin index` on a folder that changes between runs, and runs that
//! fail before they change anything.

use std::time::{Duration, SystemTime};

use crate::util::{assert_same_text, padded, str_field, Fixture};

/// A file of these paragraphs, each padded to a passage of its own.
fn passages(paragraphs: &[&str]) -> String {
    let texts: Vec<String> = paragraphs.iter().map(|p| padded(p)).collect();
    texts.join("\n\n") + "\n"
}

/// Three files of two passages each.
fn three_files() -> Fixture {
    Fixture::with_files(&[
        (
            "docs/a.txt",
            &passages(&["Xuất khẩu gạo tăng mạnh.", "Giá gạo ổn định trong quý."]),
        ),
        (
            "docs/b.txt",
            &passages(&["Giá cà phê tăng cao.", "Nông dân trồng cà phê phấn khởi."]),
        ),
        (
            "docs/sub/c.txt",
            &passages(&["Thủy sản đạt kim ngạch lớn.", "Cá tra được mùa."]),
        ),
    ])
}

#[test]
fn summary_line_is_word_for_word() {
    let fixture = three_files();
    let run = fixture.run(&["index", "docs"]);
    run.success().no_stderr();
    let summary = run.summary();
    let line = run.stdout.lines().next().unwrap();
    let seconds = line
        .split(" passages in ")
        .nth(1)
        .and_then(|rest| rest.split("s into ").next())
        .unwrap();
    let index = fixture.index_path();
    assert_same_text(
        &format!(
            "indexed 3 files, 6 passages in {seconds}s into {} (added 3, updated 0, removed 0, unchanged 0, skipped 0)\n",
            index.display()
        ),
        &run.stdout,
    );
    assert_eq!(summary.index, index.display().to_string());

    // --quiet prints nothing at all; --verbose names each file indexed.
    fixture.write("docs/d.txt", "Hồ tiêu được giá.\n");
    fixture
        .run(&["index", "docs", "--quiet"])
        .success()
        .no_stdout()
        .no_stderr();
    fixture.write("docs/e.txt", "Điều xuất khẩu.\n\nCao su.\n");
    let verbose = fixture.run(&["index", "docs", "-v"]);
    verbose.success();
    assert_eq!(verbose.summary().changes(), (1, 0, 0, 4, 0));
    assert!(
        verbose.stderr.lines().any(|l| l.contains("docs/e.txt")),
        "{}",
        verbose.stderr
    );
    assert!(
        !verbose.stderr.contains("docs/a.txt"),
        "unchanged files are not indexed again: {}",
        verbose.stderr
    );
}

#[test]
fn reindexing_follows_the_folder() {
    let fixture = three_files();
    let first = fixture.index(&["docs"]);
    assert_eq!((first.files, first.passages), (3, 6));
    assert_eq!(first.changes(), (3, 0, 0, 0, 0));
    let before = fixture.run(&[
        "search",
        "--json",
        "--limit",
        "100",
        "--",
        "gạo cà phê thủy sản cá tra",
    ]);
    before.success();
    assert_eq!(before.json_lines().len(), 6);

    // Unchanged: nothing indexed again, same ids, same results.
    let again = fixture.index(&["docs"]);
    assert_eq!((again.files, again.passages), (3, 6));
    assert_eq!(again.changes(), (0, 0, 0, 3, 0));
    let after = fixture.run(&[
        "search",
        "--json",
        "--limit",
        "100",
        "--",
        "gạo cà phê thủy sản cá tra",
    ]);
    assert_same_text(&before.stdout, &after.stdout);

    // Touched but not changed (new modification time, same bytes): still
    // unchanged, same ids.
    let a = std::fs::File::options()
        .write(true)
        .open(fixture.path("docs/a.txt"))
        .unwrap();
    a.set_modified(SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    drop(a);
    let touched = fixture.index(&["docs"]);
    assert_eq!(touched.changes(), (0, 0, 0, 3, 0));
    let after = fixture.run(&[
        "search",
        "--json",
        "--limit",
        "100",
        "--",
        "gạo cà phê thủy sản cá tra",
    ]);
    assert_same_text(&before.stdout, &after.stdout);

    // Modified: re-indexed, the new text found, the old one gone.
    fixture.write(
        "docs/b.txt",
        &passages(&[
            "Giá hồ tiêu tăng cao.",
            "Nông dân trồng hồ tiêu phấn khởi.",
            "Một đoạn mới.",
        ]),
    );
    let updated = fixture.index(&["docs"]);
    assert_eq!((updated.files, updated.passages), (3, 7));
    assert_eq!(updated.changes(), (0, 1, 0, 2, 0));
    let pepper = fixture.search_json(&["hồ", "tiêu"]);
    assert_eq!(pepper.len(), 2);
    assert!(pepper.iter().all(|h| str_field(h, "path") == "docs/b.txt"));
    assert!(fixture.search_json(&["\"cà phê\""]).is_empty());
    // The other files kept their passages and ids.
    let mut rice_before: Vec<String> = before
        .json_lines()
        .iter()
        .filter(|h| str_field(h, "path") != "docs/b.txt")
        .map(|h| str_field(h, "id").to_string())
        .collect();
    let mut rice_after = fixture.search_ids(&["gạo thủy sản cá tra"]);
    rice_before.sort();
    rice_after.sort();
    assert_eq!(rice_after, rice_before);

    // Deleted: its passages are gone.
    fixture.remove("docs/sub/c.txt");
    let removed = fixture.index(&["docs"]);
    assert_eq!((removed.files, removed.passages), (2, 5));
    assert_eq!(removed.changes(), (0, 0, 1, 2, 0));
    assert!(fixture.search_json(&["thủy", "sản"]).is_empty());
    assert!(fixture.search_json(&["cá", "tra"]).is_empty());

    // Added: found.
    fixture.write("docs/sub/d.txt", "Sầu riêng xuất khẩu sang Trung Quốc.\n");
    let added = fixture.index(&["docs"]);
    assert_eq!((added.files, added.passages), (3, 6));
    assert_eq!(added.changes(), (1, 0, 0, 2, 0));
    let durian = fixture.search_json(&["sau", "rieng"]);
    assert_eq!(durian.len(), 1);
    assert_eq!(str_field(&durian[0], "path"), "docs/sub/d.txt");
    assert_eq!(
        str_field(&durian[0], "text"),
        "Sầu riêng xuất khẩu sang Trung Quốc."
    );
}

#[test]
fn failed_run_leaves_the_old_index() {
    let fixture = three_files();
    fixture.index(&["docs"]);
    let query = ["search", "--json", "--", "gạo cà phê thủy sản"];
    let before = fixture.run(&query);
    before.success().no_stderr();

    // A missing input stops the run before anything changes: indexing only
    // the missing folder would otherwise remove every file.
    let missing = fixture.path("nonexistent");
    let missing_arg = missing.to_str().unwrap();
    let expected = format!("bantin: error: {missing_arg}: no such file or folder\n");
    for args in [&["index", missing_arg][..], &["index", "docs", missing_arg]] {
        fixture.run(args).code(2).no_stdout().stderr_is(&expected);
        let after = fixture.run(&query);
        after.success().no_stderr();
        assert_same_text(&before.stdout, &after.stdout);
    }
    // The next run sees nothing changed.
    assert_eq!(fixture.index(&["docs"]).changes(), (0, 0, 0, 3, 0));
}
