//! Files that cannot be read are reported and skipped; the run goes on.

use std::os::unix::fs::PermissionsExt;

use crate::util::{str_field, Fixture};

#[test]
fn unreadable_files_are_reported_and_skipped() {
    let fixture = Fixture::with_files(&[
        ("docs/a.txt", "Xuất khẩu gạo tăng mạnh.\n"),
        ("docs/c.txt", "Giá cà phê ổn định.\n"),
        ("docs/locked.txt", "Hồ tiêu được mùa.\n"),
    ]);
    std::os::unix::fs::symlink("nowhere.txt", fixture.path("docs/broken.txt")).unwrap();

    // A file without read permission, unless we can read it anyway (root).
    let locked = fixture.path("docs/locked.txt");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let can_lock = std::fs::File::open(&locked).is_err();
    if !can_lock {
        eprintln!("running as root: chmod 000 does not stop reading, checking the symlink only");
    }

    let docs = fixture.path("docs");
    let run = fixture.run(&["index", docs.to_str().unwrap()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    run.success();

    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 1 + can_lock as usize, "{}", run.stderr);
    for warning in &warnings {
        assert!(warning.starts_with("bantin: warning: "), "{}", run.stderr);
    }
    let broken = format!("bantin: warning: {}: ", docs.join("broken.txt").display());
    assert!(
        warnings.iter().any(|w| w.starts_with(&broken)),
        "no warning naming broken.txt:\n{}",
        run.stderr
    );
    if can_lock {
        let locked = format!("bantin: warning: {}: ", locked.display());
        assert!(
            warnings.iter().any(|w| w.starts_with(&locked)),
            "no warning naming locked.txt:\n{}",
            run.stderr
        );
    }

    let summary = run.summary();
    assert_eq!(summary.skipped, 1 + can_lock as u64, "{}", run.stdout);
    assert_eq!(summary.files, 3 - can_lock as u64, "{}", run.stdout);
    assert_eq!(summary.added, 3 - can_lock as u64, "{}", run.stdout);

    // The others are searchable.
    for (word, path) in [("gạo", "docs/a.txt"), ("cà phê", "docs/c.txt")] {
        let hits = fixture.search_json(&[word]);
        let paths: Vec<&str> = hits.iter().map(|h| str_field(h, "path")).collect();
        assert_eq!(paths, [path], "search {word}");
    }
    let pepper = fixture.search_json(&["hồ", "tiêu"]);
    assert_eq!(pepper.len(), 1 - can_lock as usize);
}

#[test]
fn large_and_binary_files_are_skipped_with_a_reason() {
    let big = "Gạo. ".repeat(100);
    let fixture = Fixture::with_files(&[
        ("docs/small.txt", "Giá gạo ổn định.\n"),
        ("docs/big.txt", &big),
        ("docs/binary.txt", "ab\0cd"),
    ]);
    let run = fixture.run(&["index", "docs", "--max-file-size", "100"]);
    run.success().stderr_is(&format!(
        "bantin: warning: docs/big.txt: skipped: larger than --max-file-size ({} bytes > 100)\n\
         bantin: warning: docs/binary.txt: skipped: binary file (contains NUL bytes)\n",
        big.len()
    ));
    let summary = run.summary();
    assert_eq!((summary.files, summary.passages), (1, 1));
    assert_eq!(summary.changes(), (1, 0, 0, 0, 2));
    let hits = fixture.search_json(&["gạo"]);
    let paths: Vec<&str> = hits.iter().map(|h| str_field(h, "path")).collect();
    assert_eq!(paths, ["docs/small.txt"]);
}
