//! Short paragraphs packed into passages: a law article's clauses, each a
//! paragraph of a few words, are indexed, found and shown as passages of
//! several clauses.

use crate::util::{assert_same_text, str_field, u64_field, Fixture, MAX_WORDS, MIN_WORDS};

/// Adapted from Article 5 of the 2019 Labour Code: one paragraph a line between blank
/// lines (paragraph `i` is on line `2 i + 1`), with its word count.
const ARTICLE: [(&str, usize); 14] = [
    ("Điều 5. Quyền và nghĩa vụ của người lao động", 10),
    ("1. Người lao động có các quyền sau đây:", 9),
    ("a) Làm việc, tự do lựa chọn việc làm, nơi làm việc, nghề nghiệp, học nghề và nâng cao trình độ nghề nghiệp.", 23),
    ("b) Hưởng lương phù hợp với trình độ, kỹ năng nghề trên cơ sở thỏa thuận với người sử dụng lao động.", 22),
    ("c) Được bảo hộ lao động, làm việc trong điều kiện bảo đảm về an toàn, vệ sinh lao động.", 20),
    ("d) Nghỉ theo chế độ, nghỉ hằng năm có hưởng lương và được hưởng phúc lợi tập thể.", 18),
    ("đ) Thành lập, gia nhập, hoạt động trong tổ chức đại diện người lao động theo quy định của pháp luật.", 21),
    ("e) Yêu cầu và tham gia đối thoại, thực hiện quy chế dân chủ và được tham vấn tại nơi làm việc.", 22),
    ("g) Đơn phương chấm dứt hợp đồng lao động theo quy định của pháp luật.", 15),
    ("h) Đình công theo quy định của pháp luật.", 9),
    ("2. Người lao động có các nghĩa vụ sau đây:", 10),
    ("a) Thực hiện hợp đồng lao động, thỏa ước lao động tập thể và thỏa thuận hợp pháp khác.", 19),
    ("b) Chấp hành kỷ luật lao động, nội quy lao động; tuân theo sự quản lý, điều hành, giám sát của người sử dụng lao động.", 26),
    ("c) Thực hiện quy định của pháp luật về lao động, việc làm, giáo dục nghề nghiệp, bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp và an toàn, vệ sinh lao động.", 36),
];

/// How the article is packed, as (first paragraph, paragraphs) of each
/// passage. The title and "1. ... sau đây:" end without a full stop: they
/// are headings, joined to clause 1a (10 + 9 + 23 = 42 words); so is
/// "2. ... sau đây:" to 2a (10 + 19 = 29). Every unit but the first has
/// fewer than MIN_WORDS words, so each is added to the passage before it
/// while that stays within MAX_WORDS: 42 + 22 + 20 + 18 = 102, and 1đ (21)
/// would make 123; from 1đ, 21 + 22 + 15 + 9 + 29 = 96, and 2b (26) would
/// make 122; 2b and 2c make 26 + 36 = 62.
const PASSAGES: [(usize, usize); 3] = [(0, 6), (6, 6), (12, 2)];

fn article() -> String {
    let paragraphs: Vec<&str> = ARTICLE.iter().map(|(p, _)| *p).collect();
    paragraphs.join("\n\n") + "\n"
}

/// The text of passage `i`: its paragraphs as they are in the file.
fn passage_text(i: usize) -> String {
    let (first, count) = PASSAGES[i];
    let paragraphs: Vec<&str> = ARTICLE[first..first + count]
        .iter()
        .map(|(p, _)| *p)
        .collect();
    paragraphs.join("\n\n")
}

/// The 1-based line passage `i` starts on: that of its first paragraph.
fn passage_line(i: usize) -> u64 {
    2 * PASSAGES[i].0 as u64 + 1
}

#[test]
fn the_fixture_is_what_the_packing_is_worked_out_from() {
    for (paragraph, words) in ARTICLE {
        assert_eq!(paragraph.split_whitespace().count(), words, "{paragraph}");
        assert!(words < MIN_WORDS, "{paragraph}");
    }
    assert_eq!((MIN_WORDS, MAX_WORDS), (40, 120));
    // The passages cover the paragraphs in order.
    let mut next = 0;
    for (first, count) in PASSAGES {
        assert_eq!(first, next);
        next += count;
    }
    assert_eq!(next, ARTICLE.len());
}

#[test]
fn short_clauses_are_packed_found_and_shown_together() {
    let fixture = Fixture::with_files(&[("docs/dieu-5.txt", &article())]);
    let summary = fixture.index(&["docs"]);
    assert_eq!((summary.files, summary.passages), (1, 3));
    assert!(summary.passages < ARTICLE.len() as u64);

    // Words of two clauses (1e and 1g) find the one passage holding both,
    // whole: several clauses, from the line of its first (1đ).
    let hits = fixture.search_json(&["tham", "vấn", "chấm", "dứt"]);
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(str_field(hit, "text"), passage_text(1));
    assert!(str_field(hit, "text").starts_with("đ) Thành lập"));
    assert!(str_field(hit, "text").ends_with("thỏa thuận hợp pháp khác."));
    assert_eq!(u64_field(hit, "line"), passage_line(1));
    assert_eq!(str_field(hit, "title"), ARTICLE[0].0);
    let id = str_field(hit, "id");

    // The passages before and after it, found by words of theirs (1c, 2b).
    let neighbour = |query: &str, i: usize| {
        let hits = fixture.search_json(&[query]);
        assert_eq!(hits.len(), 1, "{query}");
        assert_eq!(str_field(&hits[0], "text"), passage_text(i), "{query}");
        assert_eq!(u64_field(&hits[0], "line"), passage_line(i), "{query}");
        str_field(&hits[0], "id").to_string()
    };
    let ids = [
        neighbour("\"bảo hộ\"", 0),
        id.to_string(),
        neighbour("\"kỷ luật\"", 2),
    ];

    // show with context: the packed passages around it, each whole.
    let run = fixture.run(&["show", id, "-C", "1", "--json"]);
    run.success().no_stderr();
    let shown = run.json_lines();
    assert_eq!(shown.len(), 1, "{}", run.stdout);
    let passages: Vec<(String, u64, bool, String)> = shown[0]["passages"]
        .as_array()
        .expect("passages is an array")
        .iter()
        .map(|p| {
            (
                str_field(p, "id").to_string(),
                u64_field(p, "line"),
                p["hit"].as_bool().expect("hit is a bool"),
                str_field(p, "text").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, u64, bool, String)> = (0..3)
        .map(|i| (ids[i].clone(), passage_line(i), i == 1, passage_text(i)))
        .collect();
    assert_eq!(passages, want);
    assert_eq!(
        want.iter().map(|p| p.1).collect::<Vec<_>>(),
        [1, 13, 25],
        "lines of 'Điều 5', '1đ' and '2b'"
    );

    // As text: each passage's lines, blank ones between its clauses too,
    // under its line number, the hit marked with `>`.
    let run = fixture.run(&["show", id, "-C", "1"]);
    run.success().no_stderr();
    let mut expected = format!("docs/dieu-5.txt:13  {}\n", ARTICLE[0].0);
    for (i, id) in ids.iter().enumerate() {
        let marker = if i == 1 { ">" } else { " " };
        expected += &format!("\n{marker} {:>5} [{id}]\n", passage_line(i));
        for line in passage_text(i).lines() {
            expected += &format!("{marker} {line}\n");
        }
    }
    assert_same_text(&expected, &run.stdout);
}
