//! Acceptance on the bundled corpus: the bulletin that reports 2.91%
//! growth is among the first hits for growth, with or without accents.

use std::path::Path;

use crate::util::{str_field, Fixture};

const FILE: &str = "corpus/2020-12-28-hoi-nghi-chinh-phu-dia-phuong-thai-nguyen.txt";

#[test]
fn bundled_corpus_finds_the_growth_passage() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let fixture = Fixture::new();
    let summary = fixture.index(&[corpus.to_str().unwrap()]);
    assert!(summary.files >= 30, "{summary:?}");
    assert_eq!(summary.skipped, 0);

    for query in ["tăng trưởng", "tang truong"] {
        let hits = fixture.search_json(&[query]);
        let top: Vec<(&str, &str)> = hits
            .iter()
            .take(3)
            .map(|h| (str_field(h, "path"), str_field(h, "text")))
            .collect();
        assert!(
            top.iter()
                .any(|(path, text)| *path == FILE && text.contains("2,91%")),
            "{query}: the 2,91% passage of {FILE} is not in the first 3: {top:#?}"
        );
    }
}
