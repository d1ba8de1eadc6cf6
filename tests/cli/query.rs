//! The query language end to end: phrases, exclusions, forgiving syntax,
//! paging, and accents in ranking.

use crate::util::{assert_same_text, str_field, u64_field, Fixture};

fn paths(hits: &[serde_json::Value]) -> Vec<&str> {
    hits.iter().map(|h| str_field(h, "path")).collect()
}

fn sorted(mut paths: Vec<&str>) -> Vec<&str> {
    paths.sort();
    paths
}

fn fixture() -> Fixture {
    let fixture = Fixture::with_files(&[
        ("docs/adjacent.txt", "Tốc độ tăng trưởng đạt khá cao.\n"),
        ("docs/apart.txt", "Giá tăng nhưng trưởng thôn vẫn lo.\n"),
        ("docs/reversed.txt", "Ông trưởng ban tăng ca đêm qua.\n"),
        ("docs/rice.txt", "Xuất khẩu gạo sang Philippines.\n"),
        ("docs/coffee.txt", "Xuất khẩu cà phê sang châu Âu.\n"),
    ]);
    fixture.index(&["docs"]);
    fixture
}

#[test]
fn quoted_phrase_needs_the_syllables_together() {
    let fixture = fixture();
    let loose = fixture.search_json(&["tăng", "trưởng"]);
    assert_eq!(
        sorted(paths(&loose)),
        ["docs/adjacent.txt", "docs/apart.txt", "docs/reversed.txt"]
    );
    assert_eq!(str_field(&loose[0], "path"), "docs/adjacent.txt");
    for phrase in ["\"tăng trưởng\"", "\"tang truong\"", "\"Tăng  Trưởng\""] {
        assert_eq!(
            paths(&fixture.search_json(&[phrase])),
            ["docs/adjacent.txt"],
            "{phrase}"
        );
    }
    assert!(fixture.search_json(&["\"trưởng tăng\""]).is_empty());
}

#[test]
fn minus_word_excludes() {
    let fixture = fixture();
    assert_eq!(
        sorted(paths(&fixture.search_json(&["xuất", "khẩu"]))),
        ["docs/coffee.txt", "docs/rice.txt"]
    );
    let run = fixture.run(&["search", "--", "-gạo", "xuất", "khẩu"]);
    run.success().no_stderr();
    let json = fixture.search_json(&["-gạo", "xuất", "khẩu"]);
    assert_eq!(paths(&json), ["docs/coffee.txt"]);
    assert_eq!(
        paths(&fixture.search_json(&["xuất khẩu -\"cà phê\""])),
        ["docs/rice.txt"]
    );
    // Without accents, an exclusion leaves out every accented form.
    assert_eq!(
        paths(&fixture.search_json(&["xuất khẩu -gao"])),
        ["docs/coffee.txt"]
    );
}

#[test]
fn stray_syntax_is_not_an_error() {
    let fixture = fixture();
    // An unbalanced quote is read as if it were not there.
    let plain = fixture.run(&["search", "--json", "tăng"]);
    plain.success().no_stderr();
    let unbalanced = fixture.run(&["search", "--json", "\"tăng"]);
    unbalanced.success().no_stderr();
    assert_same_text(&plain.stdout, &unbalanced.stdout);
    let run = fixture.run(&["search", "tăng\" trưởng"]);
    run.success().no_stderr();

    // Query-syntax-looking punctuation is a separator: `title` is a word.
    fixture
        .run(&["search", "title:("])
        .code(1)
        .no_stdout()
        .no_stderr();
    let with_word = fixture.run(&["search", "--json", "title:(tăng"]);
    with_word.success().no_stderr();
    assert_same_text(&plain.stdout, &with_word.stdout);
    for query in [
        "(", ")", "\"", "*", ":", "AND", "tăng*", "-\"", "\"\"", "\\",
    ] {
        let run = fixture.run(&["search", "--", query]);
        assert!(
            run.status == Some(0) || run.status == Some(1),
            "{query:?}: exit {:?}: {}",
            run.status,
            run.stderr
        );
        run.no_stderr();
    }
}

#[test]
fn offset_and_limit_page_the_results() {
    let fixture = Fixture::new();
    // Scores differ: more mentions of `gạo` rank higher.
    for i in 1..=6 {
        let words = vec!["gạo"; i].join(" ");
        fixture.write(
            &format!("docs/f{i}.txt"),
            &format!("Bản tin số {i} nói về {words} và thị trường.\n"),
        );
    }
    fixture.index(&["docs"]);
    let all = fixture.search_json(&["gạo"]);
    assert_eq!(all.len(), 6);
    let ids: Vec<&str> = all.iter().map(|h| str_field(h, "id")).collect();

    let page = |offset: &str, limit: &str| {
        let run = fixture.run(&["search", "gạo", "--json", "--offset", offset, "-n", limit]);
        run.no_stderr();
        run.json_lines()
            .iter()
            .map(|h| (u64_field(h, "rank"), str_field(h, "id").to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(page("1", "1"), [(2, ids[1].to_string())]);
    assert_eq!(
        page("2", "3"),
        [
            (3, ids[2].to_string()),
            (4, ids[3].to_string()),
            (5, ids[4].to_string())
        ]
    );
    assert_eq!(page("5", "10"), [(6, ids[5].to_string())]);
    assert_eq!(page("6", "10"), Vec::<(u64, String)>::new());
    fixture
        .run(&["search", "gạo", "--offset", "6"])
        .code(1)
        .no_stdout();
    // The default limit is 10 (of 6 here), and the human output pages too.
    let human = fixture.run(&["search", "gạo", "--offset", "1", "--limit", "1"]);
    human.success();
    assert!(human.stdout.starts_with(" 2  docs/"), "{}", human.stdout);
    assert_eq!(human.stdout.lines().count(), 2);
}

#[test]
fn accents_typed_rank_the_exact_word_first() {
    let fixture = Fixture::with_files(&[
        ("docs/floor.txt", "Tòa nhà mới có ba tầng hầm.\n"),
        ("docs/gift.txt", "Ông được tặng quà lưu niệm.\n"),
        ("docs/rise.txt", "Giá điện tăng mạnh tháng này.\n"),
    ]);
    fixture.index(&["docs"]);
    for (query, first) in [
        ("tăng", "docs/rise.txt"),
        ("tầng", "docs/floor.txt"),
        ("tặng", "docs/gift.txt"),
    ] {
        let hits = fixture.search_json(&[query]);
        assert_eq!(hits.len(), 3, "{query}: accents never hide a hit");
        assert_eq!(str_field(&hits[0], "path"), first, "{query}");
        assert!(
            hits[0]["score"].as_f64() > hits[1]["score"].as_f64(),
            "{query}: the exact word is not ahead"
        );
    }
    let unaccented = fixture.search_json(&["tang"]);
    assert_eq!(
        sorted(paths(&unaccented)),
        ["docs/floor.txt", "docs/gift.txt", "docs/rise.txt"]
    );
}
