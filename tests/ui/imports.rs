//! Importing layers as an analyst does: drop a file on the window, watch it load, click its
//! features and read their properties, toggle, solo, zoom to, remove; a restart brings the
//! layers back, says when a file changed or went missing; a long load can be cancelled.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use casa::app::AppOptions;
use casa::ui::Command;
use common::{app_harness_with, click_label, click_map_at, scratch_dir, settle, wait_for_imports};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A file dropped on the window (what the platform hands egui).
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn fixture(name: &str) -> PathBuf {
    common::layer_fixture(name)
}

/// The app with its own state and briefing files in `dir`, as after a restart.
fn app_in(dir: &Path) -> Harness<'static, casa::app::CasaApp> {
    let mut harness = common::app_in_dir(dir);
    wait_for_imports(&mut harness);
    harness
}

/// Opens a file as File > Open layer… does (without waiting for it to load).
fn start_opening(harness: &mut Harness<'_, casa::app::CasaApp>, file: &Path) {
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::OpenFile(file.to_path_buf()));
}

/// Opens a file as a layer and waits for it to load.
fn open_layer(harness: &mut Harness<'_, casa::app::CasaApp>, file: &Path) {
    start_opening(harness, file);
    wait_for_imports(harness);
}

/// Saves the state as the app does on exit.
fn quit(harness: &Harness<'_, casa::app::CasaApp>) {
    let app = harness.state();
    let file = app.settings_file.as_ref().expect("a state file");
    casa::session::settings::save(file.path(), &app.settings).expect("save");
}

#[test]
fn a_dropped_file_becomes_a_layer_whose_features_show_their_properties() {
    let dir = scratch_dir("imports");
    let file = dir.join("depots.csv");
    std::fs::copy(fixture("depots.csv"), &file).expect("copy");
    let before = std::fs::read(&file).expect("read");
    let mut harness = app_in(&dir);
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(file.clone())));
    harness.step();
    wait_for_imports(&mut harness);
    assert_eq!(harness.state().imports.layers.len(), 1);
    harness.get_by_label("depots (2)");
    harness.get_by_label_contains("Imported depots: 2 features (2 points");
    harness.get_by_label_contains(
        "latitude from column “latitude”, longitude from column “longitude”",
    );
    // Dropping the same file again reloads it in its place.
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(Dropped(file.clone())));
    harness.step();
    wait_for_imports(&mut harness);
    assert_eq!(harness.state().imports.layers.len(), 1);
    // Click the imported point at Aktobe: its properties, as the file gives them.
    settle(&mut harness);
    click_map_at(&mut harness, 57.2, 50.28);
    assert_eq!(harness.state().selected_import(), Some((0, 0)));
    // Its name heads the panel and stands among its properties.
    assert_eq!(harness.get_all_by_label("Aktobe depot").count(), 2);
    harness.get_by_label("brigade, reserve");
    harness.get_by_label("seen on imagery,\n2023");
    harness.get_by_label_contains("imported layer “depots”");
    // Hide it: the click there no longer finds it.
    click_label(&mut harness, "depots (2)");
    assert!(!harness.state().imports.layers[0].entry.visible);
    assert_eq!(harness.state().selected_import(), None);
    click_map_at(&mut harness, 57.2, 50.28);
    assert_eq!(harness.state().selected_import(), None);
    click_label(&mut harness, "depots (2)");
    // Solo: the atlas's layers off, this one on; zoom to it; remove it.
    click_label(&mut harness, "solo depots");
    let app = harness.state();
    assert!(app.imports.layers[0].entry.visible);
    assert!(
        casa::model::layers::FeatureLayer::ALL
            .iter()
            .all(|l| !app.settings.layers.shows(*l))
    );
    let camera_before = app.maps.main.camera;
    harness.get_by_label("zoom to depots").click();
    settle(&mut harness);
    assert_ne!(harness.state().maps.main.camera, camera_before);
    // The file was only read.
    assert_eq!(std::fs::read(&file).expect("read"), before);
    click_label(&mut harness, "remove depots");
    assert!(harness.state().imports.layers.is_empty());
    assert!(harness.state().settings.imported.is_empty());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn imported_layers_come_back_after_a_restart_and_changes_are_noticed() {
    let dir = scratch_dir("imports-restart");
    let file = dir.join("exercises.geojson");
    std::fs::copy(fixture("exercises.geojson"), &file).expect("copy");
    let mut harness = app_in(&dir);
    open_layer(&mut harness, &file);
    // Its skipped feature is listed with the data problems.
    assert!(harness.state().notices.problems.iter().any(|i| {
        i.to_string()
            .contains("feature 3 (ex-3) at features[2].geometry.coordinates: latitude 172.8")
    }));
    quit(&harness);

    // A restart loads it again.
    let harness = app_in(&dir);
    assert_eq!(harness.state().imports.layers.len(), 1);
    harness.get_by_label("exercises (3)");
    quit(&harness);

    // Changed since: loaded, with a notice.
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(
        &file,
        text.replace("Exercise near Osh", "Exercise near Osh (moved)"),
    )
    .expect("edit");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(later))
        .expect("touch");
    let harness = app_in(&dir);
    assert_eq!(harness.state().imports.layers.len(), 1);
    assert!(
        harness
            .state()
            .notices
            .problems
            .iter()
            .any(|i| i.to_string().contains("changed since it was imported")),
        "{:?}",
        harness.state().notices.problems
    );
    quit(&harness);

    // Moved away: a notice, not a crash, and the layer leaves the list.
    std::fs::rename(&file, dir.join("elsewhere.geojson")).expect("move");
    let mut harness = app_in(&dir);
    assert!(harness.state().imports.layers.is_empty());
    harness.get_by_label_contains("Data problems").click();
    harness.run();
    assert!(
        harness
            .get_all_by_label_contains("not found: moved or deleted since the last session")
            .count()
            >= 1
    );
    assert!(harness.state().settings.imported.is_empty());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn reloading_or_removing_a_layer_replaces_or_clears_its_data_problems() {
    let dir = scratch_dir("imports-problems");
    let file = dir.join("exercises.geojson");
    std::fs::copy(fixture("exercises.geojson"), &file).expect("copy");
    let mut harness = app_in(&dir);
    let listed = |harness: &Harness<'_, casa::app::CasaApp>| {
        harness
            .state()
            .notices
            .problems
            .iter()
            .filter(|i| {
                i.to_string().contains(
                    "feature 3 (ex-3) at features[2].geometry.coordinates: latitude 172.8",
                )
            })
            .count()
    };
    // Opened twice: the second load replaces the first, its skipped feature listed once.
    for _ in 0..2 {
        open_layer(&mut harness, &file);
    }
    assert_eq!(harness.state().imports.layers.len(), 1);
    assert_eq!(listed(&harness), 1);
    harness.get_by_label_contains("Data problems");

    // Removed: its problems leave the banner, which goes with them.
    click_label(&mut harness, "remove exercises");
    assert!(harness.state().imports.layers.is_empty());
    assert_eq!(listed(&harness), 0);
    assert!(
        harness.state().notices.problems.is_empty(),
        "{:?}",
        harness.state().notices.problems
    );
    assert!(harness.query_by_label_contains("Data problems").is_none());
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_long_load_can_be_cancelled_and_the_map_keeps_answering() {
    let dir = scratch_dir("imports-cancel");
    let file = dir.join("many.geojson");
    let mut text = String::from("{\"type\": \"FeatureCollection\", \"features\": [");
    for i in 0..300_000 {
        if i > 0 {
            text.push(',');
        }
        let (lon, lat) = (
            55.0 + (i % 500) as f64 * 0.05,
            36.0 + (i / 500) as f64 * 0.02,
        );
        text.push_str(&format!(
            "{{\"type\":\"Feature\",\"properties\":{{\"n\":{i}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.3},{lat:.3}]}}}}"
        ));
    }
    text.push_str("]}");
    std::fs::write(&file, text).expect("write");
    let mut harness = app_in(&dir);
    start_opening(&mut harness, &file);
    harness.step();
    // While it loads, the panel shows its progress and the map still takes clicks.
    assert_eq!(harness.state().imports.jobs.len(), 1);
    harness.get_by_label("Cancel");
    click_map_at(&mut harness, 67.0, 48.5);
    let kazakhstan = harness
        .state()
        .selected()
        .map(|i| harness.state().doc.atlas.countries[i].name.clone());
    assert_eq!(kazakhstan.as_deref(), Some("Kazakhstan"));
    if !harness.state().imports.jobs.is_empty() {
        harness.get_by_label("Cancel").click();
        harness.step();
        wait_for_imports(&mut harness);
        let app = harness.state();
        let notice = app
            .notices
            .text(casa::session::notices::Topic::Layers)
            .unwrap_or_default()
            .to_owned();
        // Either cancelled, or it had just finished: both leave the app working.
        assert!(
            app.imports.layers.is_empty() && notice.starts_with("Cancelled loading")
                || app.imports.layers.len() == 1,
            "{notice}"
        );
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// Regression: a search used to fly to the feature found while leaving an imported feature
/// selected, so the side panel kept showing the imported one.
#[test]
fn a_search_replaces_an_imported_selection() {
    let dir = scratch_dir("imports-search");
    let file = dir.join("depots.csv");
    std::fs::copy(fixture("depots.csv"), &file).expect("copy");
    let mut harness = app_in(&dir);
    open_layer(&mut harness, &file);
    settle(&mut harness);
    click_map_at(&mut harness, 57.2, 50.28);
    assert_eq!(harness.state().selected_import(), Some((0, 0)));
    harness.get_by_label_contains("imported layer “depots”");
    // Search for Kant, as a user would: Ctrl+F, type, Enter.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    harness
        .get(egui_kittest::kittest::by().role(egui::accesskit::Role::TextInput))
        .type_text("Kant");
    harness.run();
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().selected_import(), None);
    assert!(harness.state().selected_feature().is_some());
    assert!(
        harness
            .query_by_label_contains("imported layer “depots”")
            .is_none()
    );
    // And flying to a country from the search clears it too.
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::SelectImported(Some((0, 0))));
    harness.state_mut().run_cmd(&ctx, Command::FlyToCountry(0));
    assert_eq!(harness.state().selected_import(), None);
    assert_eq!(harness.state().selected(), Some(0));
}

#[test]
fn files_given_at_start_open_as_layers() {
    // `casa depots.csv exercises.geojson`, as a file association starts it; a relative
    // path is remembered as an absolute one.
    let dir = scratch_dir("imports-open");
    let file = dir.join("depots.csv");
    std::fs::copy(fixture("depots.csv"), &file).expect("copy");
    let options = AppOptions {
        state: Some(dir.join("state.json")),
        scenes: Some(dir.join("scenes.json")),
        open: vec![file.clone(), fixture("exercises.geojson")],
        ..AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    wait_for_imports(&mut harness);
    let mut names: Vec<String> = harness
        .state()
        .imports
        .layers
        .iter()
        .map(|i| i.layer.name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["depots", "exercises"]);
    harness.get_by_label("depots (2)");
    let remembered: Vec<PathBuf> = harness
        .state()
        .settings
        .imported
        .iter()
        .map(|e| e.path.clone())
        .collect();
    assert!(remembered.iter().all(|p| p.is_absolute()), "{remembered:?}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn kml_gpx_and_shapefile_layers_open_in_the_app_and_an_empty_one_says_why() {
    let dir = scratch_dir("imports-formats");
    let mut harness = app_in(&dir);
    let formats = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers/formats");
    for file in ["sites.kmz", "track.gpx", "cities.zip"] {
        open_layer(&mut harness, &formats.join(file));
    }
    harness.get_by_label("sites (5)");
    harness.get_by_label("track (4)");
    harness.get_by_label("cities (243)");
    harness.get_by_label_contains("Imported cities: 243 features (243 points");
    // A valid file with nothing to draw is listed, with the reason, not refused.
    let empty = fixture("lint/only-null-geometry.geojson");
    open_layer(&mut harness, &empty);
    harness.get_by_label("only-null-geometry (empty)");
    harness.get_by_label("nothing to draw: its only feature has no geometry");
    assert!(
        harness
            .query_by_label("zoom to only-null-geometry")
            .is_none()
    );
    harness.get_by_label("remove only-null-geometry");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_hostile_file_is_refused_with_a_notice_and_the_briefing_and_window_stay() {
    let dir = scratch_dir("imports-hostile");
    let mut harness = app_in(&dir);
    // An unsaved change to the briefing, to find again after the refusal.
    harness.state_mut().presentation.briefing.scenes[0].name = "Unsaved change".into();
    let before = harness.state().presentation.briefing.clone();
    // 100,000 nested folders: enough to overflow any reader that recurses on depth.
    let deep = dir.join("deep.kml");
    let text = format!(
        "<kml><Document>{}{}</Document></kml>",
        "<Folder>".repeat(100_000),
        "</Folder>".repeat(100_000)
    );
    std::fs::write(&deep, text).expect("written");
    open_layer(&mut harness, &deep);
    let notice = harness
        .state()
        .notices
        .text(casa::session::notices::Topic::Layers)
        .unwrap_or_default()
        .to_owned();
    assert!(
        notice.contains("deep.kml: not KML: elements nested more than 256 deep"),
        "{notice}"
    );
    harness.get_by_label_contains("elements nested more than 256 deep");
    assert!(harness.state().imports.layers.is_empty());
    assert_eq!(harness.state().presentation.briefing, before);
    // The window goes on answering: a good file opens after it.
    open_layer(&mut harness, &fixture("feature.geojson"));
    harness.get_by_label("feature (1)");
    std::fs::remove_dir_all(&dir).expect("clean up");
}
