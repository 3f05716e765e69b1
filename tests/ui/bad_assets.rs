//! A curated asset folder with a broken file: the app opens with what is valid and the
//! banner lists what was skipped, naming the file and the problem.

use crate::common;

use casa::app::AppOptions;
use casa::data::AssetSource;
use common::app_harness_with;
use egui_kittest::kittest::Queryable;

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets");

/// A temporary asset folder holding the shipped files except `except` (the test writes it).
fn shipped_copy_without(name: &str, except: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("casa-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for file in [
        "countries.geojson",
        "water.geojson",
        "places.geojson",
        "features.geojson",
        "memberships.json",
        "country_facts.json",
        "scenes.json",
    ] {
        if file != except {
            std::fs::copy(format!("{SHIPPED}/{file}"), dir.join(file)).expect("copy asset");
        }
    }
    dir
}

/// The real app on an asset source (the shipped articles, a scratch briefing file).
fn app_on(assets: AssetSource) -> egui_kittest::Harness<'static, casa::app::CasaApp> {
    let options = AppOptions {
        assets,
        fresh: true,
        scenes: Some(common::scratch_dir("bad-assets").join("scenes.json")),
        ..AppOptions::default()
    };
    app_harness_with(options, egui::Theme::Light)
}

fn asset_dir_with_broken_countries() -> std::path::PathBuf {
    let dir = shipped_copy_without("bad-assets", "countries.geojson");
    let shipped = SHIPPED;
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
    let mut harness = app_on(AssetSource::Dir(dir.clone()));
    let app = harness.state();
    assert!(app.doc.atlas.countries.is_empty());
    assert!(!app.doc.atlas.water.is_empty());
    assert_eq!(app.doc.atlas.places.len(), 18);
    harness.get_by_label_contains("Data problems").click();
    harness.run();
    harness.get_by_label_contains("[skipped] countries.geojson: invalid JSON at line 1, column");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_missing_asset_folder_still_opens_and_says_why() {
    let mut harness = app_on(AssetSource::Dir("/nonexistent/casa-assets".into()));
    harness
        .get_by_label_contains("7 skipped, 0 repaired")
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

/// The shipped assets with two mistakes an analyst could make in the features file: a
/// misquoted excerpt and a site typed with latitude and longitude swapped.
fn asset_dir_with_bad_features() -> std::path::PathBuf {
    let dir = shipped_copy_without("bad-features", "features.geojson");
    let shipped = SHIPPED;
    let features = std::fs::read_to_string(format!("{shipped}/features.geojson")).expect("read");
    let mut value: serde_json::Value = serde_json::from_str(&features).expect("JSON");
    for feature in value["features"].as_array_mut().expect("features") {
        match feature["id"].as_str() {
            Some("ru-kant-air-base") => {
                let quote = &mut feature["properties"]["sources"][0]["quote"];
                let misquoted = quote.as_str().expect("quote").replace("2027", "2037");
                *quote = misquoted.into();
            }
            Some("csto-kazakhstan-2022") => {
                let c = &mut feature["geometry"]["coordinates"];
                *c = serde_json::json!([c[1].clone(), c[0].clone()]);
            }
            _ => {}
        }
    }
    std::fs::write(dir.join("features.geojson"), value.to_string()).expect("write");
    dir
}

#[test]
fn misquoted_and_misplaced_features_are_listed_and_the_rest_loads() {
    let dir = asset_dir_with_bad_features();
    let mut harness = app_on(AssetSource::Dir(dir.clone()));
    let total = casa::data::load_atlas(&AssetSource::Embedded)
        .atlas
        .features
        .len();
    assert_eq!(harness.state().doc.atlas.features.len(), total - 2);
    harness
        .get_by_label_contains("2 skipped, 1 repaired")
        .click();
    harness.run();
    harness.get_by_label_contains(
        "[skipped] features.geojson: ru-kant-air-base: source 0 (diplomat-2022): the quote is not in the article; nearest sentence:",
    );
    harness.get_by_label_contains(
        "[skipped] features.geojson: csto-kazakhstan-2022: the point [43.238, 76.946] falls in no country, not in KAZ — with longitude and latitude swapped it would; are they swapped?",
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}
