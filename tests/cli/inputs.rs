//! What `bantin index` reads: every encoding and format fixture (in
//! `tests/fixtures/`) found by a plain-Unicode query for its phrase,
//! markup never indexed, unreadable files skipped with their reason,
//! `--verbose` and `--encoding`, JSON-lines collections, file names that
//! are not UTF-8, symbolic link loops and `--max-file-size`.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::util::{highlighted, padded, str_field, u64_field, Fixture, Run};

/// A fixture file and the query that must find it first.
struct Case {
    /// Path as indexed: the fixture folder's name, then the file's.
    path: &'static str,
    /// The query, in plain NFC Unicode, as a user types it.
    query: &'static str,
    /// The phrase as the file writes it (tone placement, case aside).
    written: &'static str,
    title: &'static str,
}

const fn case(path: &'static str, query: &'static str, title: &'static str) -> Case {
    Case {
        path,
        query,
        written: query,
        title,
    }
}

/// The phrases of `tests/fixtures/encodings/README.md` and
/// `tests/fixtures/formats/README.md`.
const CASES: [Case; 19] = [
    case(
        "encodings/utf8.txt",
        "giá lúa gạo tăng mạnh",
        "Bản tin thị trường nông sản",
    ),
    case(
        "encodings/utf8-bom.txt",
        "mùa mưa bão năm nay",
        "Dự báo thời tiết tháng Chín",
    ),
    case(
        "encodings/utf16le.txt",
        "đường cao tốc Bắc Nam",
        "Giao thông dịp nghỉ lễ",
    ),
    case(
        "encodings/utf16be.txt",
        "học sinh tựu trường",
        "Ngày khai giảng năm học mới",
    ),
    case(
        "encodings/cp1258.txt",
        "giá xăng dầu giảm",
        "Thông báo điều chỉnh giá nhiên liệu",
    ),
    case(
        "encodings/tcvn3.txt",
        "xuất khẩu thủy sản",
        "Kim ngạch xuất khẩu quý một",
    ),
    case(
        "encodings/vni.txt",
        "nuôi tôm nước lợ",
        "MÔ HÌNH KINH TẾ VEN BIỂN",
    ),
    case(
        "encodings/nfd.txt",
        "quần thể di tích cố đô",
        "Bảo tồn di sản Huế",
    ),
    Case {
        path: "encodings/old-tones.txt",
        query: "công trình thủy lợi",
        written: "công trình thuỷ lợi",
        title: "Hoà giải ở cơ sở",
    },
    case(
        "encodings/invalid-byte.txt",
        "phòng chống dịch bệnh",
        "Phòng chống sốt xuất huyết",
    ),
    case(
        "formats/page.html",
        "thu hoạch lúa sớm",
        "Bản tin thời tiết & nông vụ",
    ),
    case(
        "formats/page.html",
        "Quảng Bình",
        "Bản tin thời tiết & nông vụ",
    ),
    case(
        "formats/page.html",
        "đê điều địa phương",
        "Bản tin thời tiết & nông vụ",
    ),
    case(
        "formats/page-1258.html",
        "công nghiệp tăng trưởng",
        "Báo cáo kinh tế tháng sáu",
    ),
    case(
        "formats/notes.md",
        "xuất khẩu gạo",
        "Ghi chép họp giao ban tuần 23",
    ),
    case(
        "formats/notes.md",
        "Hoàn thành kiểm kê kho",
        "Ghi chép họp giao ban tuần 23",
    ),
    case(
        "formats/report.docx",
        "doanh thu đạt 5.210 tỷ đồng",
        "Báo cáo tổng kết năm 2024",
    ),
    case(
        "formats/report.pdf",
        "năng suất lúa bình quân",
        "Tổng kết vụ lúa Đông Xuân",
    ),
    case(
        "formats/report.pdf",
        "giá phân bón giảm nhẹ",
        "Tổng kết vụ lúa Đông Xuân",
    ),
];

/// Words that sit in markup, scripts, styles, comments, link targets,
/// deleted text or an image: never indexed.
const HIDDEN: [&str; 11] = [
    "bimatscript",
    "bimatstyle",
    "bimatcomment",
    "bimatmeta",
    "bimatalt",
    "bimatfrontmatter",
    "bimaturl",
    "bimattitle",
    "bimatimage",
    "bimatdeleted",
    "bimatscan",
];

/// Copies the fixture folder `tests/fixtures/NAME` to `NAME/` in the
/// fixture, without its README and generator (which quote every phrase and
/// hidden word).
fn copy_fixtures(fixture: &Fixture, name: &str) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let to = fixture.path(name);
    std::fs::create_dir_all(&to).unwrap();
    let mut copied = 0;
    for entry in std::fs::read_dir(&from).unwrap() {
        let entry = entry.unwrap();
        let file = entry.file_name();
        if file == "README.md" || file == "generate.py" {
            continue;
        }
        std::fs::copy(entry.path(), to.join(&file)).unwrap();
        copied += 1;
    }
    assert!(copied >= 8, "{from:?}: only {copied} fixture files");
}

/// NFC, lower case, white space (no-break spaces included) collapsed.
fn normal(text: &str) -> String {
    let text: String = text.nfc().collect::<String>().to_lowercase();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True if `line` matches `pattern`, where one `*` stands for any text.
fn glob(pattern: &str, line: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == line,
        Some((head, tail)) => {
            line.len() >= head.len() + tail.len() && line.starts_with(head) && line.ends_with(tail)
        }
    }
}

/// Asserts stderr, line by line, against patterns (see [`glob`]).
#[track_caller]
fn stderr_matches(run: &Run, patterns: &[String]) {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let bad =
        lines.len() != patterns.len() || lines.iter().zip(patterns).any(|(line, p)| !glob(p, line));
    assert!(
        !bad,
        "stderr does not match\n--- expected\n{}\n--- stderr\n{}",
        patterns.join("\n"),
        run.stderr
    );
    assert!(run.stderr.is_empty() || run.stderr.ends_with('\n'));
}

/// The paths of the hits of a query, best first.
fn paths(hits: &[Value]) -> Vec<&str> {
    hits.iter().map(|h| str_field(h, "path")).collect()
}

/// The warnings of a run over `encodings` and `formats`, in file order:
/// the files skipped, and the one read with a replaced byte.
fn fixture_warnings(with_invalid_byte: bool) -> Vec<String> {
    let mut lines = vec![
        "bantin: warning: encodings/binary.txt: skipped: binary file (contains NUL bytes)",
        "bantin: warning: encodings/invalid-byte.txt: not valid UTF-8: 1 invalid byte sequence(s) replaced with U+FFFD",
        "bantin: warning: formats/broken.docx: skipped: corrupt DOCX file: not a ZIP archive (*)",
        "bantin: warning: formats/broken.pdf: skipped: corrupt PDF file: *",
        "bantin: warning: formats/scanned.pdf: skipped: PDF has no text layer (scanned image?)",
    ];
    if !with_invalid_byte {
        lines.remove(1);
    }
    lines.into_iter().map(String::from).collect()
}

#[test]
fn every_encoding_and_format_fixture_is_found_by_its_phrase() {
    let fixture = Fixture::new();
    copy_fixtures(&fixture, "encodings");
    copy_fixtures(&fixture, "formats");
    let run = fixture.run(&["index", "encodings", "formats", "--verbose"]);
    run.success();

    // Each file with the encoding it was read in, in file order; warnings
    // and skips where they happen.
    let warnings = fixture_warnings(true);
    let mut expected: Vec<String> = vec![warnings[0].clone()];
    let encodings = [
        ("cp1258.txt", "windows-1258"),
        ("empty.txt", "utf-8"),
        ("invalid-byte.txt", "utf-8"),
        ("nfd.txt", "utf-8"),
        ("old-tones.txt", "utf-8"),
        ("tcvn3.txt", "tcvn3"),
        ("utf16be.txt", "utf-16be"),
        ("utf16le.txt", "utf-16le"),
        ("utf8-bom.txt", "utf-8"),
        ("utf8.txt", "utf-8"),
        ("vni.txt", "vni-windows"),
    ];
    for (file, encoding) in encodings {
        if file == "invalid-byte.txt" {
            expected.push(warnings[1].clone());
        }
        // A title line and a paragraph: one passage (none if empty).
        let passages = if file == "empty.txt" { 0 } else { 1 };
        expected.push(format!(
            "indexed encodings/{file}: {passages} passages ({encoding})"
        ));
    }
    expected.extend(warnings[2..4].iter().cloned());
    expected.extend(
        [
            "indexed formats/notes.md: * (utf-8)",
            "indexed formats/page-1258.html: * (windows-1258)",
            "indexed formats/page.html: * (utf-8)",
            "indexed formats/report.docx: *",
            "indexed formats/report.pdf: *",
        ]
        .map(String::from),
    );
    expected.push(warnings[4].clone());
    stderr_matches(&run, &expected);

    // 11 encoding files (the empty one counts) and 5 format files; binary,
    // scanned.pdf, broken.docx and broken.pdf skipped.
    let summary = run.summary();
    assert_eq!(summary.changes(), (16, 0, 0, 0, 4), "{}", run.stdout);
    assert_eq!(summary.files, 16, "{}", run.stdout);
    let reported: u64 = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("indexed ")?.split(": ").nth(1))
        .map(|n| n.split(' ').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(summary.passages, reported, "{}", run.stderr);

    for case in &CASES {
        let quoted = format!("\"{}\"", case.query);
        for query in [case.query, quoted.as_str()] {
            let hits = fixture.search_json(&[query]);
            assert!(!hits.is_empty(), "{query}: no hits");
            let top = &hits[0];
            assert_eq!(
                str_field(top, "path"),
                case.path,
                "{query}: the first hit is not {}: {:?}",
                case.path,
                paths(&hits)
            );
            assert_eq!(
                normal(str_field(top, "title")),
                normal(case.title),
                "{query}"
            );
            let text = normal(str_field(top, "text"));
            assert!(
                text.contains(&normal(case.written)),
                "{query}: the first hit's text does not say {:?}: {text}",
                case.written
            );
            // Every word of the phrase is highlighted.
            let marked = normal(&highlighted(top).join(" "));
            for word in normal(case.written).split(' ') {
                assert!(
                    marked.split(' ').any(|m| m == word),
                    "{query}: {word:?} not highlighted in {top}"
                );
            }
            if case.path.ends_with(".txt") {
                assert_eq!(u64_field(top, "line"), 1, "{query}: {top}");
            }
        }
    }
    // The notes' passage starts at its first heading (line 5, after the
    // front matter) and holds line 9 and the list of lines 11-12.
    for query in ["xuất khẩu gạo", "Hoàn thành kiểm kê kho"] {
        let hits = fixture.search_json(&[query]);
        let line = u64_field(&hits[0], "line");
        assert!((5..=11).contains(&line), "{query}: line {line}");
    }

    for word in HIDDEN {
        let hits = fixture.search_json(&[word]);
        assert!(hits.is_empty(), "{word} found: {:?}", paths(&hits));
        fixture
            .run(&["search", word])
            .code(1)
            .no_stdout()
            .no_stderr();
    }
    // The empty file is indexed but has no passage; nothing is found in
    // the skipped files either.
    for hits in [
        fixture.search_json(&["bimatscan"]),
        fixture.search_json(&["PNG", "IHDR"]),
    ] {
        assert!(hits.is_empty(), "{:?}", paths(&hits));
    }

    // Nothing changed: nothing is read again, the skipped files are
    // reported again (they are still not indexed), the file with a bad byte
    // is not.
    let again = fixture.run(&["index", "encodings", "formats"]);
    again.success();
    stderr_matches(&again, &fixture_warnings(false));
    let summary = again.summary();
    assert_eq!(summary.changes(), (0, 0, 0, 16, 4), "{}", again.stdout);
    assert_eq!(summary.files, 16);
}

#[test]
fn encoding_can_be_forced_and_changed_back() {
    let fixture = Fixture::new();
    copy_fixtures(&fixture, "encodings");
    let phrase = "\"xuất khẩu thủy sản\"";
    let found = |fixture: &Fixture| paths(&fixture.search_json(&[phrase])) == ["tcvn3.txt"];
    let index = |extra: &[&str]| {
        let mut args = vec!["index", "encodings/tcvn3.txt", "--verbose"];
        args.extend_from_slice(extra);
        let run = fixture.run(&args);
        run.success();
        (run.summary().changes(), run.stderr.clone())
    };
    let indexed = |encoding: &str| format!("indexed tcvn3.txt: 1 passages ({encoding})\n");

    // Detected.
    assert_eq!(index(&[]), ((1, 0, 0, 0, 0), indexed("tcvn3")));
    assert!(found(&fixture));
    // Forced wrong: the same bytes read as Windows-1258 are not the phrase.
    // The file has not changed, but it is read again.
    assert_eq!(
        index(&["--encoding", "windows-1258"]),
        ((0, 1, 0, 0, 0), indexed("windows-1258"))
    );
    assert!(!found(&fixture), "found after --encoding windows-1258");
    // The same again: nothing to do.
    assert_eq!(
        index(&["--encoding", "windows-1258"]),
        ((0, 0, 0, 1, 0), String::new())
    );
    // Forced right (a label in capitals is fine).
    assert_eq!(
        index(&["--encoding", "TCVN3"]),
        ((0, 1, 0, 0, 0), indexed("tcvn3"))
    );
    assert!(found(&fixture));
    // Back to detection: read again, and found.
    assert_eq!(index(&[]), ((0, 1, 0, 0, 0), indexed("tcvn3")));
    assert!(found(&fixture));
    assert_eq!(index(&[]), ((0, 0, 0, 1, 0), String::new()));

    // Forced on a fresh index, for a folder: every file is read so.
    let fresh = Fixture::new();
    copy_fixtures(&fresh, "encodings");
    let run = fresh.run(&["index", "encodings", "--encoding", "windows-1258", "-v"]);
    run.success();
    for file in ["tcvn3.txt", "vni.txt", "cp1258.txt", "utf8.txt"] {
        let line = format!("indexed encodings/{file}: 1 passages (windows-1258)");
        assert!(run.stderr.lines().any(|l| l == line), "{}", run.stderr);
    }
    assert!(fresh.search_json(&[phrase]).is_empty());
    assert_eq!(
        paths(&fresh.search_json(&["\"giá xăng dầu giảm\""])),
        ["encodings/cp1258.txt"]
    );
}

#[test]
fn unknown_encoding_is_an_error_and_touches_nothing() {
    let fixture = Fixture::with_files(&[("docs/a.txt", "Giá gạo tăng.\n")]);
    fixture
        .run(&["index", "docs", "--encoding", "xyz"])
        .code(2)
        .no_stdout()
        .stderr_is(
            "bantin: error: unknown encoding \"xyz\" for --encoding (try utf-8, utf-16le, utf-16be, windows-1258, tcvn3, vni, windows-1252)\n",
        );
    assert!(!fixture.index_path().exists(), "an index was made");
}

#[test]
fn jsonl_collection_is_one_document_per_line() {
    let long_a = padded("Giá lúa gạo miền Tây tăng mạnh trong tuần.");
    let long_b = padded("Thương lái thu mua lúa gạo tại ruộng.");
    let line = |value: Value| value.to_string();
    let lines = [
        line(
            serde_json::json!({"id": "a1", "title": "Giá lúa gạo", "text": format!("{long_a}\n\n{long_b}")}),
        ),
        line(
            serde_json::json!({"id": "a2", "title": "Cà phê", "text": "Giá cà phê Tây Nguyên giảm nhẹ."}),
        ),
        r#"{"id": "a3", "text": "#.to_string(),
        String::new(),
        line(
            serde_json::json!({"id": 7, "text": "Sầu riêng xuất khẩu sang Trung Quốc.\nSản lượng tăng."}),
        ),
        line(serde_json::json!({"text": "Hồ tiêu Bình Phước được mùa."})),
        line(serde_json::json!({"id": "a8", "title": "Thanh long"})),
        "[1, 2]".to_string(),
    ];
    let fixture = Fixture::with_files(&[
        ("docs/news.jsonl", &(lines.join("\n") + "\n")),
        ("docs/plain.txt", "Cà phê Buôn Ma Thuột.\n"),
    ]);
    let run = fixture.run(&["index", "docs"]);
    run.success();
    stderr_matches(
        &run,
        &[
            "bantin: warning: docs/news.jsonl: line 3: skipped: not JSON: EOF while parsing *",
            "bantin: warning: docs/news.jsonl: line 7: skipped: no string field \"text\"",
            "bantin: warning: docs/news.jsonl: line 8: skipped: not a JSON object",
        ]
        .map(String::from),
    );
    let summary = run.summary();
    // The collection is one file; its documents are passages.
    assert_eq!(summary.changes(), (2, 0, 0, 0, 0), "{}", run.stdout);
    assert_eq!((summary.files, summary.passages), (2, 6), "{}", run.stdout);

    // (query, path, line, title, passages)
    let expected = [
        ("lúa gạo", "docs/news.jsonl#a1", 1, "Giá lúa gạo", 2),
        ("\"Tây Nguyên\"", "docs/news.jsonl#a2", 2, "Cà phê", 1),
        (
            "sầu riêng",
            "docs/news.jsonl#7",
            5,
            "Sầu riêng xuất khẩu sang Trung Quốc.",
            1,
        ),
        // No id: the line number is the id.
        (
            "hồ tiêu",
            "docs/news.jsonl#6",
            6,
            "Hồ tiêu Bình Phước được mùa.",
            1,
        ),
    ];
    for (query, path, line, title, passages) in expected {
        let hits = fixture.search_json(&[query]);
        assert_eq!(paths(&hits), vec![path; passages], "{query}");
        for hit in &hits {
            assert_eq!(u64_field(hit, "line"), line, "{query}: {hit}");
            assert_eq!(str_field(hit, "title"), title, "{query}: {hit}");
        }
        // A document's passage opens with `show`, under the same path.
        let id = str_field(&hits[0], "id");
        let shown = fixture.run(&["show", id, "--json"]);
        shown.success().no_stderr();
        let shown = &shown.json_lines()[0];
        assert_eq!(str_field(shown, "path"), path);
        assert_eq!(u64_field(shown, "line"), line);
    }
    let coffee = fixture.search_json(&["cà phê"]);
    let mut coffee = paths(&coffee);
    coffee.sort_unstable();
    assert_eq!(coffee, ["docs/news.jsonl#a2", "docs/plain.txt"]);
    assert!(fixture.search_json(&["thanh long"]).is_empty());

    // Unchanged: not read again (no warnings). Changed: re-read whole.
    let again = fixture.run(&["index", "docs"]);
    again.success().no_stderr();
    assert_eq!(again.summary().changes(), (0, 0, 0, 2, 0));
    let fewer = [lines[0].clone(), lines[4].clone()].join("\n");
    fixture.write("docs/news.jsonl", &fewer);
    let summary = fixture.index(&["docs"]);
    assert_eq!(summary.changes(), (0, 1, 0, 1, 0));
    assert_eq!((summary.files, summary.passages), (2, 4));
    assert_eq!(paths(&fixture.search_json(&["cà phê"])), ["docs/plain.txt"]);
    assert_eq!(
        paths(&fixture.search_json(&["sầu riêng"])),
        ["docs/news.jsonl#7"]
    );
}

#[test]
fn jsonl_field_names_can_be_chosen() {
    let lines = [
        serde_json::json!({"ma": "VB-01", "tieu_de": "Thông tư thuế", "noi_dung": "Quy định thuế nhập khẩu ô tô."}),
        serde_json::json!({"ma": "VB-02", "tieu_de": "Nghị định đất đai", "noi_dung": "Bồi thường khi thu hồi đất."}),
    ]
    .map(|v| v.to_string());
    let fixture = Fixture::with_files(&[("docs/vanban.jsonl", &lines.join("\n"))]);

    // With the default names, no line has a text.
    let run = fixture.run(&["index", "docs"]);
    run.success().stderr_is(
        "bantin: warning: docs/vanban.jsonl: line 1: skipped: no string field \"text\"\n\
         bantin: warning: docs/vanban.jsonl: line 2: skipped: no string field \"text\"\n",
    );
    let summary = run.summary();
    assert_eq!((summary.files, summary.passages), (1, 0));
    assert!(fixture.search_json(&["thuế"]).is_empty());

    // Named: the unchanged file is read again with the new names.
    let fields = [
        "--id-field",
        "ma",
        "--title-field",
        "tieu_de",
        "--text-field",
        "noi_dung",
    ];
    let summary = fixture.index(&[&["docs"][..], &fields].concat());
    assert_eq!(summary.changes(), (0, 1, 0, 0, 0));
    assert_eq!((summary.files, summary.passages), (1, 2));
    for (query, path, line, title) in [
        (
            "thuế nhập khẩu",
            "docs/vanban.jsonl#VB-01",
            1,
            "Thông tư thuế",
        ),
        (
            "thu hồi đất",
            "docs/vanban.jsonl#VB-02",
            2,
            "Nghị định đất đai",
        ),
    ] {
        let hits = fixture.search_json(&[query]);
        assert_eq!(paths(&hits), [path], "{query}");
        assert_eq!(u64_field(&hits[0], "line"), line);
        assert_eq!(str_field(&hits[0], "title"), title);
    }
    // Only --text-field: ids are line numbers, titles first lines.
    let summary = fixture.index(&["docs", "--text-field", "noi_dung"]);
    assert_eq!(summary.changes(), (0, 1, 0, 0, 0));
    let hits = fixture.search_json(&["thu hồi đất"]);
    assert_eq!(paths(&hits), ["docs/vanban.jsonl#2"]);
    assert_eq!(str_field(&hits[0], "title"), "Bồi thường khi thu hồi đất.");
}

/// Writes a file whose name is raw bytes (not UTF-8) into `docs/`.
fn write_raw_name(fixture: &Fixture, name: &[u8], content: &str) {
    let path = fixture.path("docs").join(OsStr::from_bytes(name));
    std::fs::write(path, content).unwrap();
}

#[test]
fn file_name_not_utf8_is_indexed_under_its_lossy_name() {
    let fixture = Fixture::with_files(&[("docs/a.txt", "Giá gạo tăng.\n")]);
    write_raw_name(&fixture, b"bad\xff.txt", "Hồ tiêu được mùa.\n");
    let run = fixture.run(&["index", "docs"]);
    run.success().stderr_is(
        "bantin: warning: docs/bad\u{FFFD}.txt: file name is not valid UTF-8: indexed as docs/bad\u{FFFD}.txt\n",
    );
    let summary = run.summary();
    assert_eq!(summary.changes(), (2, 0, 0, 0, 0));
    let hits = fixture.search_json(&["hồ tiêu"]);
    assert_eq!(paths(&hits), ["docs/bad\u{FFFD}.txt"]);
    let shown = fixture.run(&["show", str_field(&hits[0], "id")]);
    shown.success().no_stderr();
    assert!(
        shown.stdout.contains("docs/bad\u{FFFD}.txt"),
        "{}",
        shown.stdout
    );

    // Unchanged: no warning again.
    let again = fixture.run(&["index", "docs"]);
    again.success().no_stderr();
    assert_eq!(again.summary().changes(), (0, 0, 0, 2, 0));

    // Two names with the same lossy form: the first (in name order) is
    // indexed, the other skipped with a warning; the run completes.
    write_raw_name(&fixture, b"bad\xfe.txt", "Thanh long xuất khẩu.\n");
    let run = fixture.run(&["index", "docs"]);
    run.success();
    let lossy = "docs/bad\u{FFFD}.txt";
    stderr_matches(
        &run,
        &[
            format!("bantin: warning: {lossy}: file name is not valid UTF-8: indexed as {lossy}"),
            format!("bantin: warning: {lossy}: skipped: *{lossy}"),
        ],
    );
    let summary = run.summary();
    assert_eq!((summary.files, summary.skipped), (2, 1));
    assert_eq!(paths(&fixture.search_json(&["thanh long"])), [lossy]);
    assert!(fixture.search_json(&["hồ tiêu"]).is_empty());
}

#[test]
fn symbolic_link_loops_are_reported_and_the_run_completes() {
    let fixture = Fixture::with_files(&[
        ("docs/a.txt", "Giá gạo tăng.\n"),
        ("docs/sub/b.txt", "Cà phê giảm.\n"),
    ]);
    let link =
        |target: &str, at: &str| std::os::unix::fs::symlink(target, fixture.path(at)).unwrap();
    link("..", "docs/sub/up"); // to its parent
    link(".", "docs/self"); // to itself
    link("y.txt", "docs/x.txt"); // two files pointing at each other
    link("x.txt", "docs/y.txt");

    let run = fixture.run(&["index", "docs"]);
    run.success();
    stderr_matches(
        &run,
        &[
            "bantin: warning: docs/self: skipped: symbolic link loop",
            "bantin: warning: docs/sub/up: skipped: symbolic link loop",
            "bantin: warning: docs/x.txt: skipped: *",
            "bantin: warning: docs/y.txt: skipped: *",
        ]
        .map(String::from),
    );
    let summary = run.summary();
    assert_eq!(summary.changes(), (2, 0, 0, 0, 4), "{}", run.stdout);
    assert_eq!(summary.files, 2);
    // Each file once, under its own path.
    assert_eq!(paths(&fixture.search_json(&["gạo"])), ["docs/a.txt"]);
    assert_eq!(paths(&fixture.search_json(&["cà phê"])), ["docs/sub/b.txt"]);
}

#[test]
fn files_above_max_file_size_are_skipped_with_the_reason() {
    let limit = 200;
    let big_html = format!("<p>{}</p>", "Giá gạo tăng. ".repeat(20));
    let big_jsonl = serde_json::json!({"id": "1", "text": "Cà phê. ".repeat(30)}).to_string();
    // Exactly at the limit is not above it.
    let mut at_limit = "Hồ tiêu được mùa.".to_string();
    at_limit.push_str(&".".repeat(limit - at_limit.len()));
    let fixture = Fixture::with_files(&[
        ("docs/big.html", &big_html),
        ("docs/big.jsonl", &big_jsonl),
        ("docs/limit.txt", &at_limit),
        ("docs/small.md", "# Thanh long\n\nGiá ổn định.\n"),
    ]);
    assert!(big_html.len() > limit && big_jsonl.len() > limit);
    let limit_arg = limit.to_string();
    let run = fixture.run(&["index", "docs", "--max-file-size", &limit_arg]);
    run.success().stderr_is(&format!(
        "bantin: warning: docs/big.html: skipped: larger than --max-file-size ({} bytes > {limit})\n\
         bantin: warning: docs/big.jsonl: skipped: larger than --max-file-size ({} bytes > {limit})\n",
        big_html.len(),
        big_jsonl.len(),
    ));
    let summary = run.summary();
    assert_eq!(summary.changes(), (2, 0, 0, 0, 2));
    assert_eq!(
        paths(&fixture.search_json(&["hồ tiêu"])),
        ["docs/limit.txt"]
    );
    assert!(fixture.search_json(&["gạo"]).is_empty());
    assert!(fixture.search_json(&["cà phê"]).is_empty());

    // With the default limit they are indexed.
    let summary = fixture.index(&["docs"]);
    assert_eq!(summary.changes(), (2, 0, 0, 2, 0));
    assert_eq!(paths(&fixture.search_json(&["gạo"])), ["docs/big.html"]);
    assert_eq!(
        paths(&fixture.search_json(&["cà phê"])),
        ["docs/big.jsonl#1"]
    );
}
