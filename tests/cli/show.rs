//! `bantin show ID`: a passage, by the id `search --json` gives, with the
//! passages around it.

use crate::util::{assert_same_text, object_keys, str_field, u64_field, Fixture};

const FILE: &str = "Bản tin nông nghiệp tháng Ba.\n\
                    \n\
                    Giá lúa gạo tăng nhẹ,\n\
                    nông dân phấn khởi.\n\
                    \n\
                    Thời tiết thuận lợi cho vụ hè thu.\n\
                    \n\
                    Xuất khẩu rau quả đạt kỷ lục.\n";

/// The fixture, indexed, and the ids of its four passages in file order.
fn indexed() -> (Fixture, Vec<String>) {
    let fixture = Fixture::with_files(&[
        ("docs/nong-nghiep.txt", FILE),
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
        "docs/nong-nghiep.txt:3  Bản tin nông nghiệp tháng Ba.\n\
         \n      1 [{}]\n  Bản tin nông nghiệp tháng Ba.\n\
         \n>     3 [{}]\n> Giá lúa gạo tăng nhẹ,\n> nông dân phấn khởi.\n\
         \n      6 [{}]\n  Thời tiết thuận lợi cho vụ hè thu.\n",
        ids[0], ids[1], ids[2]
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
            "docs/nong-nghiep.txt:3  Bản tin nông nghiệp tháng Ba.\n\
             \n>     3 [{}]\n> Giá lúa gạo tăng nhẹ,\n> nông dân phấn khởi.\n",
            ids[1]
        ),
        &run.stdout,
    );

    // At the end of the file, and more context than there is.
    let run = fixture.run(&["show", &ids[3], "-C", "2"]);
    run.success().no_stderr();
    assert_same_text(
        &format!(
            "docs/nong-nghiep.txt:8  Bản tin nông nghiệp tháng Ba.\n\
             \n      3 [{}]\n  Giá lúa gạo tăng nhẹ,\n  nông dân phấn khởi.\n\
             \n      6 [{}]\n  Thời tiết thuận lợi cho vụ hè thu.\n\
             \n>     8 [{}]\n> Xuất khẩu rau quả đạt kỷ lục.\n",
            ids[1], ids[2], ids[3]
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
    assert_eq!(u64_field(shown, "line"), 3);
    assert_eq!(str_field(shown, "title"), "Bản tin nông nghiệp tháng Ba.");
    assert_eq!(
        str_field(shown, "text"),
        "Giá lúa gạo tăng nhẹ,\nnông dân phấn khởi."
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
    assert_eq!(
        passages,
        [
            (ids[0].as_str(), 1, false, "Bản tin nông nghiệp tháng Ba."),
            (
                ids[1].as_str(),
                3,
                true,
                "Giá lúa gạo tăng nhẹ,\nnông dân phấn khởi."
            ),
            (
                ids[2].as_str(),
                6,
                false,
                "Thời tiết thuận lợi cho vụ hè thu."
            ),
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
