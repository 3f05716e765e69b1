//! A user atlas folder as an analyst's would be, for the tests of the CLI and the app: one
//! article (the Termez drill) and one feature quoting it.

#![allow(dead_code)]

use std::path::Path;

/// The sentence of the article the feature quotes.
pub const TERMEZ_QUOTE: &str = "Russian and Uzbek troops held a joint exercise at the Termez training ground in November 2026.";

/// Writes into `dir` one article (`gazette-2026`) and one feature (`termez-drill`) quoting
/// it with `quote`.
pub fn write_user_atlas(dir: &Path, quote: &str) {
    std::fs::create_dir_all(dir).expect("a user atlas folder");
    let text =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/termez-drill.txt");
    std::fs::copy(text, dir.join("gazette-2026.txt")).expect("copy");
    let articles = serde_json::json!({ "articles": [{
        "id": "gazette-2026", "file": "gazette-2026.txt", "title": "Troops drill near Termez",
        "outlet": "Example Gazette", "authors": ["Test Author"], "date": "2026-11",
        "date_basis": "stated",
        "parts": [
            { "lines": [1, 1], "kind": "navigation" }, { "lines": [3, 3], "kind": "title" },
            { "lines": [5, 5], "kind": "byline" }, { "lines": [9, 9], "kind": "related" }
        ]
    }]});
    std::fs::write(dir.join("articles.json"), articles.to_string()).expect("write");
    let features = serde_json::json!({ "type": "FeatureCollection", "features": [{
        "type": "Feature", "id": "termez-drill",
        "geometry": { "type": "Point", "coordinates": [67.28, 37.23] },
        "properties": {
            "name": "Termez drill", "actor": "russia", "kind": "exercise", "countries": ["UZB"],
            "precision": "approximate", "placement": "At Termez, as the article says",
            "period": { "from": "2026-11", "sources": [0] },
            "sources": [{ "article": "gazette-2026", "quote": quote }]
        }
    }]});
    std::fs::write(dir.join("features.geojson"), features.to_string()).expect("write");
}
