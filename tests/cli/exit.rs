//! Exit codes (0 = hits, 1 = no hits, 2 = error) and error messages.

use crate::util::Fixture;

fn indexed() -> Fixture {
    let fixture = Fixture::with_files(&[
        (
            "docs/a.txt",
            "Xuất khẩu gạo tăng mạnh.\n\nGiá cà phê ổn định.\n",
        ),
        ("docs/b.txt", "Sản lượng gạo vụ đông xuân.\n"),
    ]);
    fixture.index(&["docs"]);
    fixture
}

#[test]
fn hits_exit_0_and_no_hits_exit_1() {
    let fixture = indexed();
    let hit = fixture.run(&["search", "gạo"]);
    hit.success().no_stderr();
    assert_eq!(hit.stdout.lines().count(), 4, "{}", hit.stdout);

    // A word that is nowhere in the corpus.
    fixture
        .run(&["search", "khủnglong"])
        .code(1)
        .no_stdout()
        .no_stderr();
    // Only exclusions: nothing to rank, so no hits (not an error).
    fixture
        .run(&["search", "--", "-gạo"])
        .code(1)
        .no_stdout()
        .no_stderr();
    fixture
        .run(&["search", "--json", "--", "-gạo", "-\"cà phê\""])
        .code(1)
        .no_stdout()
        .no_stderr();
    // Nothing but punctuation.
    fixture
        .run(&["search", "--", "- \" ( *"])
        .code(1)
        .no_stdout()
        .no_stderr();
}

#[test]
fn missing_index_is_an_error_that_says_what_to_do() {
    let fixture = Fixture::with_files(&[("docs/a.txt", "Gạo.\n")]);
    let index = fixture.path("index");
    let index_arg = index.to_str().unwrap();
    let expected = format!(
        "bantin: error: no index at {index_arg}: run `bantin index DIR` first (or pass --index PATH)\n"
    );
    for args in [
        &["search", "gạo", "--index", index_arg][..],
        &["search", "--json", "--index", index_arg, "gạo"],
        &["show", "0123456789abcdef", "--index", index_arg],
    ] {
        fixture.run(args).code(2).no_stdout().stderr_is(&expected);
    }
    // Through the environment, with a relative path, as it was given.
    fixture
        .run_with_env(&["search", "gạo"], &[("BANTIN_INDEX", "no/such/index")])
        .code(2)
        .no_stdout()
        .stderr_is("bantin: error: no index at no/such/index: run `bantin index DIR` first (or pass --index PATH)\n");
}

#[test]
fn bad_flag_values_exit_2() {
    let fixture = indexed();
    for (args, complaint) in [
        (
            &["search", "gạo", "--limit", "abc"][..],
            "invalid value 'abc' for '--limit <LIMIT>'",
        ),
        (
            &["search", "gạo", "--offset", "-1"],
            "unexpected argument '-1'",
        ),
        (
            &["search", "gạo", "--color", "sometimes"],
            "invalid value 'sometimes' for '--color <WHEN>'",
        ),
        (
            &["show", "0123456789abcdef", "--context", "x"],
            "invalid value 'x' for '--context <CONTEXT>'",
        ),
        (
            &["index", "docs", "--max-file-size", "big"],
            "invalid value 'big' for '--max-file-size <BYTES>'",
        ),
        (
            &["search"],
            "the following required arguments were not provided",
        ),
        (
            &["search", "gạo", "--no-such-flag"],
            "unexpected argument '--no-such-flag'",
        ),
        (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
    ] {
        let run = fixture.run(args);
        run.code(2).no_stdout();
        assert!(
            run.stderr.contains(complaint),
            "{args:?}: stderr should say {complaint:?}:\n{}",
            run.stderr
        );
    }
    // Help and version are not errors.
    let help = fixture.run(&["--help"]);
    help.success().no_stderr();
    assert!(help.stdout.contains("Usage: bantin"), "{}", help.stdout);
    let version = fixture.run(&["--version"]);
    version.success().no_stderr();
    assert!(version.stdout.starts_with("bantin "), "{}", version.stdout);
}

#[test]
fn huge_limits_are_not_a_crash() {
    let fixture = indexed();
    let max = usize::MAX.to_string();
    let all = fixture.run(&["search", "gạo", "--json"]);
    all.success().no_stderr();
    assert_eq!(all.stdout.lines().count(), 2);

    let run = fixture.run(&["search", "gạo", "--json", "--limit", &max]);
    run.success().no_stderr();
    assert_eq!(run.stdout, all.stdout);
    fixture
        .run(&["search", "gạo", "--offset", &max])
        .code(1)
        .no_stdout()
        .no_stderr();
    fixture
        .run(&["search", "gạo", "--offset", &max, "--limit", &max])
        .code(1)
        .no_stdout()
        .no_stderr();
    fixture
        .run(&["search", "gạo", "--limit", "0"])
        .code(1)
        .no_stdout()
        .no_stderr();

    let id = crate::util::str_field(&all.json_lines()[0], "id").to_string();
    let shown = fixture.run(&["show", &id, "--json", "--context", &max]);
    shown.success().no_stderr();
    assert_eq!(shown.json_lines().len(), 1);
}

#[test]
fn io_error_is_one_line_that_says_it_once() {
    let fixture = Fixture::with_files(&[("docs/a.txt", "Gạo.\n"), ("not-a-folder", "x")]);
    let index = fixture.path("not-a-folder");
    let run = fixture.run(&["index", "docs", "--index", index.to_str().unwrap()]);
    run.code(2).no_stdout();
    let prefix = format!("bantin: error: {}/v", index.display());
    assert!(run.stderr.starts_with(&prefix), "{}", run.stderr);
    assert!(run.stderr.ends_with('\n'), "{:?}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("Not a directory").count(),
        1,
        "{}",
        run.stderr
    );
}
