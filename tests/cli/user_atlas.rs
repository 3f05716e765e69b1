//! The user's own atlas folder: read by `casa check` and `casa info` as the app reads it,
//! checked as the shipped atlas is, and never written over what another window wrote.

use std::path::PathBuf;
use std::process::Command;

use casa::data::user_atlas::{UserAtlas, WriteError, layer};
use casa::data::{AssetSource, SeedSource, load_atlas, load_with_user};

use crate::fixtures::TERMEZ_QUOTE as QUOTE;

fn scratch(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casa-user-atlas-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// A user folder with one article and one feature quoting it (with `quote`).
fn folder(what: &str, quote: &str) -> PathBuf {
    let dir = scratch(what);
    crate::fixtures::write_user_atlas(&dir, quote);
    dir
}

#[test]
fn the_user_folder_is_layered_and_a_broken_quote_is_reported_with_the_nearest_sentence() {
    let good = folder("good", QUOTE);
    let loaded = load_with_user(&AssetSource::Embedded, &SeedSource::Embedded, Some(&good));
    assert!(loaded.errors().next().is_none(), "{:?}", loaded.issues);
    let feature = loaded.atlas.feature("termez-drill").expect("layered");
    assert_eq!(feature.sources.len(), 1);
    // The new article's sentence naming a shipped feature shows as "also mentioned" at once.
    let article = loaded
        .corpus
        .index_of("gazette-2026")
        .expect("joined the corpus");
    let base = loaded.atlas.feature("ru-201st-base").expect("shipped");
    assert!(base.mentions.iter().any(|m| m.article == article));

    // Hand-broken: one word of the quote changed.
    let broken = folder("broken", &QUOTE.replace("joint", "combined"));
    let output = Command::new(env!("CARGO_BIN_EXE_casa"))
        .args(["check", "--user"])
        .arg(&broken)
        .output()
        .expect("casa runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let features = broken.join("features.geojson").display().to_string();
    assert!(stdout.contains(&features), "names the file: {stdout}");
    assert!(
        stdout.contains("termez-drill"),
        "names the feature: {stdout}"
    );
    assert!(
        stdout.contains(&format!("nearest sentence: {QUOTE:?}")),
        "shows the nearest sentence: {stdout}"
    );
    // casa info reads the user folder too.
    let output = Command::new(env!("CARGO_BIN_EXE_casa"))
        .args(["info", "Termez drill", "--user"])
        .arg(&good)
        .output()
        .expect("casa runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(QUOTE),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(good);
    let _ = std::fs::remove_dir_all(broken);
}

#[test]
fn shipped_ids_are_refused_and_a_folder_changed_elsewhere_is_not_written_over() {
    let dir = folder("ids", QUOTE);
    let shipped = load_atlas(&AssetSource::Embedded);
    let mut read = UserAtlas::read(&dir).atlas;
    read.features[0]["id"] = "ru-201st-base".into();
    let base = casa::data::user_atlas::Shipped {
        features: shipped.atlas.features.clone(),
        memberships: shipped.atlas.memberships.clone(),
        corpus: shipped.corpus.clone(),
    };
    let layered = layer(&base, &shipped.atlas.countries, &read, "DIR");
    assert!(
        layered
            .issues
            .iter()
            .any(|i| i.file == "DIR/features.geojson"
                && i.feature.as_deref() == Some("ru-201st-base")
                && i.problem.contains("shipped feature")),
        "{:?}",
        layered.issues
    );

    // Two windows read the folder; the second to save is refused, and nothing is lost.
    let first = UserAtlas::read(&dir).atlas;
    let mut mine = first.clone();
    mine.features.clear();
    let mut theirs = first.clone();
    theirs.citations.push(serde_json::json!({
        "feature": "ru-201st-base", "article": "gazette-2026", "quote": "troops of the 201st military base"
    }));
    theirs.write(&dir, &first).expect("the first save");
    let refused = mine
        .write(&dir, &first)
        .expect_err("written elsewhere since");
    assert!(
        matches!(&refused, WriteError::Changed(why) if why.contains("changed by another window")),
        "{refused}"
    );
    assert_eq!(UserAtlas::read(&dir).atlas, theirs);

    // A file that does not read as a whole blocks saving, so it is never lost.
    std::fs::write(dir.join("citations.json"), "{ not json").expect("write");
    let blocked = UserAtlas::read(&dir);
    assert!(blocked.blocked.is_some());
    let refused = theirs
        .write(&dir, &blocked.atlas)
        .expect_err("the broken file would be lost");
    assert!(refused.to_string().contains("citations.json"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(dir.join("citations.json")).expect("kept"),
        "{ not json"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_articles_text_never_goes_over_a_file_that_is_not_its_own() {
    let dir = folder("files", QUOTE);
    // A member the folder's file had (as a QGIS export has a name) is kept.
    let mut features: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("features.geojson")).expect("read"))
            .expect("json");
    features["name"] = "my sites".into();
    std::fs::write(dir.join("features.geojson"), features.to_string()).expect("write");
    let before = UserAtlas::read(&dir).atlas;

    // A colleague's article named after the folder's own features file.
    let mut theirs = before.clone();
    let mut article = theirs.articles[0].clone();
    article.entry["id"] = "other-2026".into();
    article.entry["file"] = "features.geojson".into();
    theirs.articles.push(article.clone());
    let refused = theirs
        .write(&dir, &before)
        .expect_err("the folder's own file");
    assert!(
        refused
            .to_string()
            .contains("one of the folder's own files"),
        "{refused}"
    );

    // Two articles naming one file, and a file of the user's that no article names.
    article.entry["file"] = "gazette-2026.txt".into();
    let mut two = before.clone();
    two.articles.push(article.clone());
    let refused = two
        .write(&dir, &before)
        .expect_err("one file, two articles");
    assert!(
        refused.to_string().contains("two articles name the file"),
        "{refused}"
    );
    std::fs::write(dir.join("notes.txt"), "the analyst's own notes").expect("write");
    article.entry["file"] = "notes.txt".into();
    let mut over = before.clone();
    over.articles.push(article);
    let refused = over
        .write(&dir, &before)
        .expect_err("not one of the atlas's");
    assert!(
        refused.to_string().contains("does not write over it"),
        "{refused}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).expect("kept"),
        "the analyst's own notes"
    );
    // Nothing was changed by any of them; a change that is allowed keeps the name.
    assert_eq!(UserAtlas::read(&dir).atlas, before);
    let mut fine = before.clone();
    fine.features[0]["properties"]["name"] = "Termez drill (renamed)".into();
    fine.write(&dir, &before).expect("written");
    let text = std::fs::read_to_string(dir.join("features.geojson")).expect("read");
    assert!(
        text.contains("\"my sites\"") && text.contains("(renamed)"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_data_export_marks_what_is_the_user_s_and_keeps_their_quotes() {
    let dir = folder("data-export", QUOTE);
    let out = dir.join("out").join("atlas.geojson");
    let run = Command::new(env!("CARGO_BIN_EXE_casa"))
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .arg("--user")
        .arg(&dir)
        .args(["export", "--data", "--out"])
        .arg(&out)
        .output()
        .expect("run casa export --data");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    let features = json["features"].as_array().expect("features");
    let find = |id: &str| {
        features
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let drill = find("termez-drill");
    assert_eq!(drill["properties"]["origin"], "your atlas");
    let source = &drill["properties"]["sources"][0];
    assert_eq!(source["quote"], QUOTE);
    assert_eq!(source["outlet"], "Example Gazette");
    assert_eq!(source["published"], "2026-11");
    assert_eq!(source["origin"], "your atlas");
    assert_eq!(find("ru-kant-air-base")["properties"]["origin"], "CASA");
    let _ = std::fs::remove_dir_all(&dir);
}
