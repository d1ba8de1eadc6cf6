//! `bantin show ID`: a passage, by the id `search --json` gives, with the
//! passages around it.

use crate::util::{
    assert_same_text, filler_for, object_keys, padded, str_field, u64_field, Fixture,
};

/// The four paragraphs of the file, before padding: each is padded with a
/// line of filler to a passage of its own, at lines 1, 4, 8 and 11.
const PARAGRAPHS: [&str; 4] = [
    "Bản tin nông nghiệp tháng Ba.",
    "Giá lúa gạo tăng nhẹ,\nnông dân phấn khởi.",
    "Thời tiết thuận lợi cho vụ hè thu.",
    "Xuất khẩu rau quả đạt kỷ lục.",
];

/// The file: its paragraphs padded, between blank lines.
fn file() -> String {
    let paragraphs: Vec<String> = PARAGRAPHS.iter().map(|p| padded(p)).collect();
    paragraphs.join("\n\n") + "\n"
}

/// The filler line of paragraph `i`.
fn filler(i: usize) -> String {
    filler_for(PARAGRAPHS[i])
}

/// The fixture, indexed, and the ids of its four passages in file order.
fn indexed() -> (Fixture, Vec<String>) {
    let fixture = Fixture::with_files(&[
        ("docs/nong-nghiep.txt", &file()),
        ("docs/khac.txt", "Một bản tin khác về lúa gạo.\n"),
    ]);
    fixture.index(&["docs"]);
    let ids = ["tháng ba", "phấn khởi", "hè thu", "rau quả"]
        .iter()
        .map(|words| {
            let hits = fixture.search_json(&[&format!("\"{words}\"")]);
            assert_eq!(hits.len(), 1, "{words}");
            str_field(&hits[0], "id").to_string()
        })
        .collect();
    (fixture, ids)
}

#[test]
fn show_prints_the_passage_marked_among_its_neighbours() {
    let (fixture, ids) = indexed();
    let expected = format!(
        "docs/nong-nghiep.txt:4  Bản tin nông nghiệp tháng Ba.\n\
         \n      1 [{}]\n  Bản tin nông nghiệp tháng Ba.\n  {}\n\
         \n>     4 [{}]\n> Giá lúa gạo tăng nhẹ,\n> nông dân phấn khởi.\n> {}\n\
         \n      8 [{}]\n  Thời tiết thuận lợi cho vụ hè thu.\n  {}\n",
        ids[0],
        filler(0),
        ids[1],
        filler(1),
        ids[2],
        filler(2)
    );
    for args in [
        &["show", &ids[1]][..],
        &["show", &ids[1], "--context", "1"],
        &["show", "-C", "1", &ids[1], "--color", "never"],
    ] {
        let run = fixture.run(args);
        run.success().no_stderr();
        assert_same_text(&expected, &run.stdout);
    }

    // No context: the passage alone.
    let run = fixture.run(&["show", &ids[1], "-C", "0"]);
    run.success().no_stderr();
    assert_same_text(
        &format!(
            "docs/nong-nghiep.txt:4  Bản tin nông nghiệp tháng Ba.\n\
             \n>     4 [{}]\n> Giá lúa gạo tăng nhẹ,\n> nông dân phấn khởi.\n> {}\n",
            ids[1],
            filler(1)
        ),
        &run.stdout,
    );

    // At the end of the file, and more context than there is.
    let run = fixture.run(&["show", &ids[3], "-C", "2"]);
    run.success().no_stderr();
    assert_same_text(
        &format!(
            "docs/nong-nghiep.txt:11  Bản tin nông nghiệp tháng Ba.\n\
             \n      4 [{}]\n  Giá lúa gạo tăng nhẹ,\n  nông dân phấn khởi.\n  {}\n\
             \n      8 [{}]\n  Thời tiết thuận lợi cho vụ hè thu.\n  {}\n\
             \n>    11 [{}]\n> Xuất khẩu rau quả đạt kỷ lục.\n> {}\n",
            ids[1],
            filler(1),
            ids[2],
            filler(2),
            ids[3],
            filler(3)
        ),
        &run.stdout,
    );
}

#[test]
fn show_json_has_the_passage_and_its_neighbours() {
    let (fixture, ids) = indexed();
    let run = fixture.run(&["show", &ids[1], "--json"]);
    run.success().no_stderr();
    let shown = run.json_lines();
    assert_eq!(shown.len(), 1, "{}", run.stdout);
    let shown = &shown[0];
    assert_eq!(
        object_keys(&run.stdout),
        ["id", "path", "line", "title", "text", "passages"]
    );
    assert_eq!(str_field(shown, "id"), ids[1]);
    assert_eq!(str_field(shown, "path"), "docs/nong-nghiep.txt");
    assert_eq!(u64_field(shown, "line"), 4);
    assert_eq!(str_field(shown, "title"), "Bản tin nông nghiệp tháng Ba.");
    assert_eq!(
        str_field(shown, "text"),
        format!("Giá lúa gạo tăng nhẹ,\nnông dân phấn khởi.\n{}", filler(1))
    );
    let passages: Vec<(&str, u64, bool, &str)> = shown["passages"]
        .as_array()
        .expect("passages is an array")
        .iter()
        .map(|p| {
            (
                str_field(p, "id"),
                u64_field(p, "line"),
                p["hit"].as_bool().expect("hit is a bool"),
                str_field(p, "text"),
            )
        })
        .collect();
    let texts: Vec<String> = PARAGRAPHS.iter().map(|p| padded(p)).collect();
    assert_eq!(
        passages,
        [
            (ids[0].as_str(), 1, false, texts[0].as_str()),
            (ids[1].as_str(), 4, true, texts[1].as_str()),
            (ids[2].as_str(), 8, false, texts[2].as_str()),
        ]
    );

    // The text is the one `search --json` gave for that id.
    let hit = fixture
        .search_json(&["phấn", "khởi"])
        .into_iter()
        .find(|h| str_field(h, "id") == ids[1])
        .unwrap();
    assert_eq!(str_field(&hit, "text"), str_field(shown, "text"));
}

#[test]
fn show_of_an_unknown_id_is_an_error() {
    let (fixture, _) = indexed();
    let index = fixture.index_path();
    for id in ["0123456789abcdef", "not-an-id", ""] {
        fixture
            .run(&["show", id])
            .code(2)
            .no_stdout()
            .stderr_is(&format!(
                "bantin: error: no passage with id {id} in the index at {}; ids come from `bantin search --json`\n",
                index.display()
            ));
    }
}
