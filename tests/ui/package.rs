//! A briefing that travels: saved as a package (File ▸ Save briefing as package…) by one
//! analyst, with its scenes and their drawings, the layer shown and the analyst's own
//! article and feature its scenes cite; opened by a colleague as a double-click does
//! (`casa FILE.casa`) on a machine that has none of it: presented at once, the same scenes,
//! the layer drawn, the entries added to the colleague's atlas, the colleague's own briefing
//! untouched. An entry the colleague has differently is asked about before anything is
//! shown; a damaged package is refused with its reason.

use crate::common;

use std::path::{Path, PathBuf};

use casa::app::{AppOptions, CasaApp};
use common::{app_harness_with, layer_fixture, scratch_dir, wait_for_imports};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::fixtures::TERMEZ_QUOTE as QUOTE;

/// The analyst's own atlas in `dir/atlas`: an article and a feature quoting it.
fn own_atlas(dir: &Path) {
    crate::fixtures::write_user_atlas(&dir.join("atlas"), QUOTE);
}

/// A colleague whose article of the same id as the analyst's says more; the article's
/// file, and what it holds.
fn colleague_with_another_article(dir: &Path) -> (PathBuf, String) {
    own_atlas(dir);
    let article = dir.join("atlas/gazette-2026.txt");
    let text = std::fs::read_to_string(&article).expect("article");
    let theirs = format!("{text}\nA line the colleague added.\n");
    std::fs::write(&article, &theirs).expect("write");
    (article, theirs)
}

/// Runs frames until the merge window asks.
fn wait_for_the_choice(harness: &mut Harness<'_, CasaApp>) {
    for _ in 0..500 {
        if harness.state().authoring.merge.is_some() {
            harness.run();
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("no choice was asked within 5 s");
}

/// The analyst's briefing: a scene selecting their feature, its caption quoting their
/// article, a ring drawn on it; and an overview.
fn own_briefing(dir: &Path) {
    let scenes = serde_json::json!({ "title": "The Termez drill", "scenes": [
        {
            "name": "Termez, November 2026",
            "caption": "Russian and Uzbek troops drilled at Termez.",
            "view": [64.0, 35.5, 71.0, 39.5],
            "select": "termez-drill",
            "sources": [{ "article": "gazette-2026", "quote": QUOTE }],
            "annotations": [
                { "kind": "ring", "center": [67.28, 37.23], "radius_km": 150, "label": "150 km" }
            ]
        },
        { "name": "The region", "view": [45.0, 30.0, 95.0, 56.0] }
    ]});
    std::fs::write(dir.join("scenes.json"), scenes.to_string()).expect("write");
}

/// The app with its settings, briefing and own atlas in `dir`, opening `open` as a
/// double-click does.
fn app_in(dir: &Path, open: Vec<PathBuf>) -> Harness<'static, CasaApp> {
    let options = AppOptions {
        state: Some(dir.join("state.json")),
        scenes: Some(dir.join("scenes.json")),
        user: Some(dir.join("atlas")),
        open,
        ..AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    harness.state_mut().settings.recent_folders = vec![dir.to_path_buf()];
    harness
}

/// Runs frames until the package is saved or opened and its layers are loaded.
fn wait_for_package(harness: &mut Harness<'_, CasaApp>) {
    for _ in 0..2_000 {
        let app = harness.state();
        if !app.package_pending() && app.exports.package.is_none() && app.imports.jobs.is_empty() {
            common::settle(harness);
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the package was not done within 20 s");
}

fn notice(harness: &Harness<'_, CasaApp>, topic: casa::session::notices::Topic) -> String {
    harness
        .state()
        .notices
        .text(topic)
        .unwrap_or_default()
        .to_owned()
}

/// The first analyst saves the briefing as a package through the File menu and CASA's
/// picker, with a layer open; returns the package.
fn save_package(dir: &Path) -> PathBuf {
    own_atlas(dir);
    own_briefing(dir);
    let mut harness = app_in(dir, vec![layer_fixture("sites.csv")]);
    wait_for_imports(&mut harness);
    assert_eq!(harness.state().presentation.briefing.scenes.len(), 2);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Save briefing as package…").click();
    harness.run();
    let package = dir.join("termez.casa");
    common::pick_file(&mut harness, &package, "Save");
    wait_for_package(&mut harness);
    let told = notice(&harness, casa::session::notices::Topic::Briefing);
    assert!(
        told.contains("Saved the briefing as a package (2 scenes, 1 layers, 1 of your articles, 1 of your features"),
        "{told}"
    );
    assert!(package.is_file());
    package
}

#[test]
fn a_package_opened_elsewhere_presents_the_same_scenes_with_their_layer_and_entries() {
    let package = save_package(&scratch_dir("package-author"));
    // Another machine: nothing of the analyst's; the package opened as a double-click does.
    let colleague = scratch_dir("package-colleague");
    let mut harness = app_in(&colleague, vec![package.clone()]);
    wait_for_package(&mut harness);
    let app = harness.state();
    assert!(app.presentation.presenting, "presented at once");
    assert_eq!(app.presentation.current, Some(0));
    let names: Vec<&str> = app
        .presentation
        .briefing
        .scenes
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Termez, November 2026", "The region"]);
    let first = &app.presentation.briefing.scenes[0];
    assert_eq!(
        first.annotations.len(),
        1,
        "the ring travels with its scene"
    );
    assert_eq!(
        first.sources.len(),
        1,
        "the caption's quote of the analyst's article"
    );
    // The analyst's feature is in the colleague's atlas now, and selected by the scene.
    let selected = app
        .selected_feature()
        .expect("the scene selects its feature");
    assert_eq!(app.doc.atlas.features[selected].id, "termez-drill");
    assert!(app.doc.corpus.index_of("gazette-2026").is_some());
    let atlas = std::fs::read_to_string(colleague.join("atlas/features.geojson")).expect("atlas");
    assert!(atlas.contains("termez-drill"), "{atlas}");
    // The layer shown is drawn, from the package's own folder.
    let layers: Vec<(&str, bool)> = app
        .imports
        .layers
        .iter()
        .map(|i| (i.layer.name.as_str(), i.entry.visible))
        .collect();
    assert_eq!(layers, [("sites", true)]);
    let unpacked = colleague.join("briefings/termez");
    assert!(app.imports.layers[0].entry.path.starts_with(&unpacked));
    // Edits go to the package's own briefing file; the colleague's own is not written.
    assert_eq!(
        app.presentation.path(),
        Some(unpacked.join("scenes.json").as_path())
    );
    assert!(!colleague.join("scenes.json").exists());
    let told = notice(&harness, casa::session::notices::Topic::Briefing);
    assert!(
        told.contains("Opened The Termez drill: 2 scenes, 1 layers"),
        "{told}"
    );
    // The package itself is only read.
    assert!(package.is_file());
}

#[test]
fn an_entry_the_colleague_has_differently_is_asked_about_before_the_scenes_are_shown() {
    let package = save_package(&scratch_dir("package-author2"));
    let colleague = scratch_dir("package-colleague2");
    let (article, mine) = colleague_with_another_article(&colleague);
    let mut harness = app_in(&colleague, vec![package]);
    wait_for_the_choice(&mut harness);
    assert!(
        !harness.state().presentation.presenting,
        "nothing shown before the choice"
    );
    harness.get_by_label("Keep mine: gazette-2026").click();
    harness.run();
    harness.get_by_label("Import").click();
    // The scenes are presented now: the camera flies to the first (frames, not a settle).
    harness.step();
    wait_for_package(&mut harness);
    assert!(harness.state().presentation.presenting);
    assert_eq!(
        std::fs::read_to_string(&article).expect("article"),
        mine,
        "kept"
    );
}

#[test]
fn cancelling_the_choice_opens_nothing() {
    let package = save_package(&scratch_dir("package-author3"));
    let colleague = scratch_dir("package-colleague3");
    colleague_with_another_article(&colleague);
    let mut harness = app_in(&colleague, vec![package]);
    wait_for_the_choice(&mut harness);
    harness.get_by_label("Cancel").click();
    harness.run();
    wait_for_package(&mut harness);
    let app = harness.state();
    assert!(!app.presentation.presenting);
    assert_eq!(
        app.presentation.own_file.as_deref(),
        app.presentation.path()
    );
    let told = notice(&harness, casa::session::notices::Topic::Briefing);
    assert!(told.contains("termez.casa not opened"), "{told}");
}

#[test]
fn a_damaged_package_is_refused_with_its_reason_and_nothing_changes() {
    let dir = scratch_dir("package-damaged");
    let package = dir.join("damaged.casa");
    std::fs::write(&package, b"PK\x03\x04 not really a zip").expect("write");
    let mut harness = app_in(&dir, vec![package]);
    wait_for_package(&mut harness);
    let told = notice(&harness, casa::session::notices::Topic::Briefing);
    assert!(
        told.starts_with("Could not open the package:") && told.contains("damaged.casa"),
        "{told}"
    );
    assert!(!harness.state().presentation.presenting);
    assert!(!dir.join("briefings").exists());
}

#[test]
fn a_package_whose_scenes_do_not_read_leaves_the_briefing_shown_as_it_was() {
    use std::io::Write;
    let dir = scratch_dir("package-bad-scenes");
    let package = dir.join("odd.casa");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, text) in [
        (
            "manifest.json",
            r#"{ "casa_briefing_package": 1, "scenes": 0 }"#,
        ),
        ("scenes.json", r#"{ "title": 5, "scenes": [] }"#),
    ] {
        zip.start_file(name, options).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    std::fs::write(&package, zip.finish().expect("zip").into_inner()).expect("write");
    let mut harness = app_in(&dir, vec![package]);
    wait_for_package(&mut harness);
    let app = harness.state();
    let told = notice(&harness, casa::session::notices::Topic::Briefing);
    assert!(told.contains("not a briefing file"), "{told}");
    assert!(!app.presentation.presenting);
    assert_eq!(
        app.presentation.own_file.as_deref(),
        app.presentation.path()
    );
    assert_eq!(
        app.presentation.briefing.scenes.len(),
        app.presentation.shipped.scenes.len()
    );
}
