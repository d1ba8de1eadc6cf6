//! `bantin search x | head -1`: a reader that goes away is not an error.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::util::{padded, Fixture};

#[test]
fn closed_stdout_is_not_an_error() {
    // 300 files of two passages each (a padded title paragraph, then one
    // of 45 words): far more output than the 64 KiB a pipe holds, so
    // bantin is still writing when the reader goes away.
    let fixture = Fixture::new();
    for i in 0..300 {
        fixture.write(
            &format!("docs/f{i:03}.txt"),
            &format!(
                "{}\n\nSản lượng gạo vụ đông xuân năm nay đạt mức cao, \
                 tăng trưởng tốt so với cùng kỳ năm trước nhờ thời tiết thuận lợi và giống \
                 lúa mới, giá bán ổn định, thu nhập của người nông dân cải thiện rõ rệt, lô {i}.\n",
                padded(&format!("Bản tin gạo số {i}."))
            ),
        );
    }
    fixture.index(&["docs"]);

    for format in [&[][..], &["--json"]] {
        let mut args = vec!["search", "gạo", "--limit", "1000"];
        args.extend_from_slice(format);
        let whole = fixture.run(&args);
        whole.success();
        assert_eq!(whole.stdout.lines().count(), 600 * (2 - format.len()));
        assert!(
            whole.stdout.len() > 96 * 1024,
            "{} bytes",
            whole.stdout.len()
        );

        let mut child = fixture
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        assert_eq!(first, whole.stdout.split_inclusive('\n').next().unwrap());
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn closed_stdout_does_not_fail_an_index_run() {
    let fixture = Fixture::with_files(&[("docs/a.txt", "Xuất khẩu gạo tăng mạnh.\n")]);
    let mut child = fixture
        .command(&["index", "docs"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Nobody will read the summary line.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
    // The index was built all the same.
    let hits = fixture.search_json(&["gạo"]);
    assert_eq!(hits.len(), 1);
}
