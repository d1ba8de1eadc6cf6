//! `bantin search --json`: the line schema, and highlights that land on the
//! original (accented, NFD, old-style) bytes of the file.

use serde_json::Value;

use crate::util::{filler_for, highlighted, object_keys, padded, str_field, u64_field, Fixture};

const FIELDS: [&str; 9] = [
    "rank",
    "score",
    "id",
    "path",
    "line",
    "title",
    "snippet",
    "highlights",
    "text",
];

/// Fifteen sentences of ten words on one line: one paragraph too long for
/// a passage, so it is cut into several, all starting on the same line.
fn long_paragraph() -> String {
    (1..=15)
        .map(|i| format!("Sản lượng gạo xuất khẩu tuần {i} đạt mức khá cao."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fixture of the schema test, and the passages (other than the long
/// paragraph's) that contain `gạo`, as they are in the files. Each short
/// paragraph is padded with a line of filler to a passage of its own.
fn schema_fixture() -> (Fixture, Vec<(&'static str, String)>) {
    let heading_and_paragraph = format!(
        "Tình hình kinh tế tháng Mười Hai\n\n{}",
        padded("Mức tăng trưởng dương 2,91% là thành công lớn, giá gạo ổn định.")
    );
    let indented = padded("Xuất khẩu gạo đạt kỷ lục,\ngiá gạo tăng cao so với cùng kỳ.");
    let crlf_paragraph = "Giá gạo tăng trưởng\r\nở mức vừa phải, theo báo cáo.";
    let crlf = format!("{crlf_paragraph}\r\n{}", filler_for(crlf_paragraph));
    let kinh_te = format!(
        "{heading_and_paragraph}\n\n  {indented}\n\n\n{}\n",
        long_paragraph()
    );
    let title = "Ghi chú cuối tuần.";
    let ghi_chu = format!("\r\n\r\n{title}\r\n{}\r\n\r\n{crlf}\r\n", filler_for(title));
    let fixture = Fixture::with_files(&[
        ("docs/kinh-te.txt", &kinh_te),
        ("docs/sub/ghi-chu.txt", &ghi_chu),
        ("docs/khac.txt", "Văn bản không liên quan.\n"),
    ]);
    let whole = vec![
        ("docs/kinh-te.txt", heading_and_paragraph),
        ("docs/kinh-te.txt", indented),
        ("docs/sub/ghi-chu.txt", crlf),
    ];
    (fixture, whole)
}

/// Checks one `search --json` line against the schema and the fixture.
#[track_caller]
fn check_hit(fixture: &Fixture, line: &str, hit: &Value, rank: usize) {
    assert_eq!(object_keys(line), FIELDS, "keys of {line}");
    assert_eq!(u64_field(hit, "rank"), rank as u64, "{line}");
    let score = hit["score"].as_f64().expect("score is a number");
    assert!(score.is_finite() && score > 0.0, "{line}");
    let id = str_field(hit, "id");
    assert!(
        id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{line}"
    );

    // `path` is the indexed folder's name, then the path inside it.
    let path = str_field(hit, "path");
    assert!(path.starts_with("docs/"), "{line}");
    let content = fixture.read(path);
    let title = content.lines().map(str::trim).find(|l| !l.is_empty());
    assert_eq!(Some(str_field(hit, "title")), title, "{line}");

    // `text` is in the file once, and `line` is the line it starts on.
    let text = str_field(hit, "text");
    assert!(!text.is_empty() && text.trim() == text, "{line}");
    assert_eq!(
        content.matches(text).count(),
        1,
        "text not in {path}: {line}"
    );
    let at = content.find(text).unwrap();
    let line_no = content[..at].matches('\n').count() as u64 + 1;
    assert_eq!(u64_field(hit, "line"), line_no, "{line}");

    // The snippet is the passage, white space collapsed, maybe cut (`…`).
    let snippet = str_field(hit, "snippet");
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let core = snippet.strip_prefix('…').unwrap_or(snippet);
    let core = core.strip_suffix('…').unwrap_or(core);
    assert!(collapsed.contains(core), "snippet not in the text: {line}");
    if collapsed.chars().count() <= 200 {
        assert_eq!(snippet, collapsed, "{line}");
    }

    // Highlights: `[start, end]` byte ranges, in order, not overlapping,
    // on char boundaries.
    let highlights = hit["highlights"].as_array().expect("highlights");
    assert!(!highlights.is_empty(), "{line}");
    let mut previous_end = 0;
    for range in highlights {
        let pair = range.as_array().expect("a highlight is an array");
        assert_eq!(pair.len(), 2, "{line}");
        let start = pair[0].as_u64().expect("start") as usize;
        let end = pair[1].as_u64().expect("end") as usize;
        assert!(previous_end <= start && start < end, "{line}");
        assert!(end <= snippet.len(), "{line}");
        assert!(
            snippet.is_char_boundary(start) && snippet.is_char_boundary(end),
            "{line}"
        );
        previous_end = end;
    }
}

#[test]
fn search_json_lines_follow_the_schema() {
    let (fixture, whole) = schema_fixture();
    fixture.index(&["docs"]);
    for query in [
        &["gạo"][..],
        &["tang", "truong"],
        &["\"tăng trưởng\""],
        &["kỷ", "lục", "gạo", "-2,91"],
    ] {
        let mut args = vec!["search", "--json", "--"];
        args.extend_from_slice(query);
        let run = fixture.run(&args);
        run.success().no_stderr();
        assert!(run.stdout.ends_with('\n'), "{:?}", run.stdout);
        let hits = run.json_lines();
        let mut last_score = f64::INFINITY;
        for (i, (line, hit)) in run.stdout.lines().zip(&hits).enumerate() {
            check_hit(&fixture, line, hit, i + 1);
            let score = hit["score"].as_f64().unwrap();
            assert!(score <= last_score, "not best first: {}", run.stdout);
            last_score = score;
        }
    }

    // Every passage with `gạo`, each whole: the short paragraphs as they
    // are, the long one as pieces that put together give it back.
    let hits = fixture.search_json(&["gạo"]);
    for hit in &hits {
        for word in highlighted(hit) {
            assert_eq!(word.to_lowercase(), "gạo", "{hit}");
        }
    }
    let mut got: Vec<(String, u64, String)> = hits
        .iter()
        .map(|h| {
            let path = str_field(h, "path").to_string();
            (path, u64_field(h, "line"), str_field(h, "text").to_string())
        })
        .collect();
    got.sort_by_key(|(path, _, text)| {
        let at = fixture.read(path).find(text.as_str()).unwrap();
        (path.clone(), at)
    });
    let long_text = long_paragraph();
    let (long, short): (Vec<_>, Vec<_>) = got
        .into_iter()
        .partition(|(_, _, text)| long_text.contains(text.as_str()));
    let short: Vec<(&str, &str)> = short
        .iter()
        .map(|(p, _, t)| (p.as_str(), t.as_str()))
        .collect();
    let want: Vec<(&str, &str)> = whole.iter().map(|(p, t)| (*p, t.as_str())).collect();
    assert_eq!(short, want);
    assert!(
        long.len() >= 2,
        "the long paragraph is one passage: {long:?}"
    );
    let pieces: Vec<&str> = long.iter().map(|(_, _, t)| t.as_str()).collect();
    assert_eq!(pieces.join(" "), long_text);
    for (path, line, _) in &long {
        assert_eq!((path.as_str(), *line), ("docs/kinh-te.txt", 11));
    }
}

#[test]
fn folded_query_highlights_the_original_bytes() {
    let nfd = "ta\u{306}ng tru\u{31b}o\u{31b}\u{309}ng";
    let fixture = Fixture::with_files(&[
        ("docs/nfc.txt", "Mức tăng trưởng dương 2,91%.\n"),
        ("docs/nfd.txt", &format!("Kinh tế {nfd} khá.\n")),
        ("docs/hoa.txt", "Chính sách hòa nhập cộng đồng.\n"),
        ("docs/hoa-moi.txt", "Chính sách hoà nhập cộng đồng.\n"),
        ("docs/upper.txt", "TĂNG TRƯỞNG CAO.\n"),
    ]);
    fixture.index(&["docs"]);

    let mut by_path: Vec<(String, Vec<String>)> = fixture
        .search_json(&["tang", "truong"])
        .iter()
        .map(|hit| (str_field(hit, "path").to_string(), highlighted(hit)))
        .collect();
    by_path.sort();
    let want = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    assert_eq!(
        by_path,
        vec![
            ("docs/nfc.txt".to_string(), want(&["tăng", "trưởng"])),
            (
                "docs/nfd.txt".to_string(),
                want(&["ta\u{306}ng", "tru\u{31b}o\u{31b}\u{309}ng"])
            ),
            ("docs/upper.txt".to_string(), want(&["TĂNG", "TRƯỞNG"])),
        ]
    );

    // Old (`hòa`) and new (`hoà`) tone placement are the same word, and
    // each passage is marked in its own spelling.
    for query in ["hoà", "hòa", "hoa"] {
        let mut marked: Vec<(String, Vec<String>)> = fixture
            .search_json(&[query])
            .iter()
            .map(|hit| (str_field(hit, "path").to_string(), highlighted(hit)))
            .collect();
        marked.sort();
        assert_eq!(
            marked,
            vec![
                ("docs/hoa-moi.txt".to_string(), want(&["hoà"])),
                ("docs/hoa.txt".to_string(), want(&["hòa"])),
            ],
            "query {query}"
        );
    }
}
