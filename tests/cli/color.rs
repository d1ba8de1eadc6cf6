//! `--color auto|always|never` and `NO_COLOR`.

use std::process::{Command, Stdio};

use crate::util::{assert_same_text, padded, str_field, Fixture, BANTIN};

const MATCH: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// `text` without its SGR escapes (`ESC [ ... m`).
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find('m').expect("unterminated escape");
        assert!(
            after[..end]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b';'),
            "not an SGR escape: {:?}",
            &rest[at..]
        );
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The paragraph `tăng` is in: with its filler, a passage of its own
/// (line 4), short enough (under 200 chars) to be its own snippet.
fn growth() -> String {
    padded("Mức tăng trưởng dương 2,91% so với năm trước.")
}

fn indexed() -> Fixture {
    let fixture = Fixture::with_files(&[(
        "docs/a.txt",
        &format!("{}\n\n{}\n", padded("Báo cáo quý."), growth()),
    )]);
    fixture.index(&["docs"]);
    fixture
}

#[test]
fn color_always_marks_matches_and_never_does_not() {
    let fixture = indexed();
    let hit = &fixture.search_json(&["tăng"])[0];
    let score = hit["score"].as_f64().unwrap() as f32;
    let plain = format!(
        " 1  docs/a.txt:4  Báo cáo quý.  [{score:.2}]\n    {}\n",
        str_field(hit, "snippet")
    );
    assert_eq!(
        str_field(hit, "snippet"),
        growth().split_whitespace().collect::<Vec<_>>().join(" ")
    );

    let always = fixture.run(&["search", "tăng", "--color", "always"]);
    always.success().no_stderr();
    assert!(
        always.stdout.contains(&format!("{MATCH}tăng{RESET}")),
        "{:?}",
        always.stdout
    );
    assert!(!always.stdout.contains(&format!("{MATCH}trưởng")));
    assert_same_text(&plain, &strip_sgr(&always.stdout));
    // An explicit --color always wins over NO_COLOR.
    let run = fixture.run_with_env(
        &["search", "tăng", "--color", "always"],
        &[("NO_COLOR", "1")],
    );
    assert_same_text(&always.stdout, &run.stdout);

    let folded = fixture.run(&["search", "tang", "truong", "--color", "always"]);
    assert!(
        folded
            .stdout
            .contains(&format!("{MATCH}tăng{RESET} {MATCH}trưởng{RESET}")),
        "{:?}",
        folded.stdout
    );

    // Never, and auto on a pipe (with or without NO_COLOR): no escapes.
    for (args, env) in [
        (&["search", "tăng", "--color", "never"][..], &[][..]),
        (&["search", "tăng"], &[]),
        (&["search", "tăng", "--color", "auto"], &[]),
        (&["search", "tăng"], &[("NO_COLOR", "1")]),
    ] {
        let run = fixture.run_with_env(args, env);
        run.success().no_stderr();
        assert_same_text(&plain, &run.stdout);
    }

    // show colours the same way.
    let id = str_field(hit, "id");
    let shown = fixture.run(&["show", id, "--color", "always"]);
    shown.success();
    assert!(shown.stdout.contains('\x1b'), "{:?}", shown.stdout);
    let never = fixture.run(&["show", id, "--color", "never"]);
    never.success();
    assert!(!never.stdout.contains('\x1b'));
    assert_same_text(&never.stdout, &strip_sgr(&shown.stdout));
}

/// Runs `bantin search tăng` on a terminal (through `script`), or `None`
/// when `script` is not there.
fn on_a_terminal(fixture: &Fixture, no_color: Option<&str>) -> Option<String> {
    let mut command = Command::new("script");
    command
        .args(["-qec", &format!("'{BANTIN}' search tăng"), "/dev/null"])
        .current_dir(fixture.root())
        .env("BANTIN_INDEX", fixture.index_path())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    let output = command.output().ok()?;
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn color_auto_on_a_terminal_follows_no_color() {
    let fixture = indexed();
    let Some(colored) = on_a_terminal(&fixture, None) else {
        eprintln!("note: no `script` to run bantin on a terminal; piped auto is checked elsewhere");
        return;
    };
    assert!(
        colored.contains(&format!("{MATCH}tăng{RESET}")),
        "{colored:?}"
    );
    // An empty NO_COLOR is as good as none.
    let empty = on_a_terminal(&fixture, Some("")).unwrap();
    assert_eq!(empty, colored);
    let no_color = on_a_terminal(&fixture, Some("1")).unwrap();
    assert!(!no_color.contains('\x1b'), "{no_color:?}");
    assert_same_text(&strip_sgr(&colored), &no_color);
}
