//! A curated asset folder with a broken file: the app opens with what is valid and the
//! banner lists what was skipped, naming the file and the problem.

mod common;

use casa::AppOptions;
use casa::data::AssetSource;
use common::app_harness_with;
use egui_kittest::kittest::Queryable;

fn asset_dir_with_broken_countries() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("casa-bad-assets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/assets");
    for file in ["water.geojson", "places.geojson"] {
        std::fs::copy(format!("{shipped}/{file}"), dir.join(file)).expect("copy asset");
    }
    // A truncated countries file, as a failed copy or a bad edit would leave it.
    let countries = std::fs::read_to_string(format!("{shipped}/countries.geojson")).expect("read");
    std::fs::write(
        dir.join("countries.geojson"),
        &countries[..countries.len() / 2],
    )
    .expect("write");
    dir
}

#[test]
fn a_corrupt_countries_file_is_reported_and_the_rest_is_shown() {
    let dir = asset_dir_with_broken_countries();
    let options = AppOptions {
        assets: AssetSource::Dir(dir.clone()),
        fresh: true,
        ..AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    let app = harness.state();
    assert!(app.atlas.countries.is_empty());
    assert!(!app.atlas.water.is_empty());
    assert_eq!(app.atlas.places.len(), 18);
    harness.get_by_label_contains("Data problems").click();
    harness.run();
    harness.get_by_label_contains("[skipped] countries.geojson: invalid JSON at line 1, column");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_missing_asset_folder_still_opens_and_says_why() {
    let options = AppOptions {
        assets: AssetSource::Dir("/nonexistent/casa-assets".into()),
        fresh: true,
        ..AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    harness
        .get_by_label_contains("5 skipped, 0 repaired")
        .click();
    harness.run();
    harness.get_by_label_contains(
        "[skipped] countries.geojson: cannot read /nonexistent/casa-assets/countries.geojson",
    );
    // The empty map still answers input.
    harness.key_press(egui::Key::Plus);
    harness.key_press(egui::Key::Home);
    harness.run();
}
