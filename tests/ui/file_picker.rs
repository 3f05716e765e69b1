//! CASA's own file picker, as an analyst meets it on a Linux desktop with no XDG portal and
//! no zenity (or on Wayland, where files cannot be dropped): Ctrl+O, type the path with the
//! folder's names suggested, open; the folder is offered again next time; saving works the
//! same way.

use crate::common;

use std::path::{MAIN_SEPARATOR, Path};

use casa::ui::{Command, FileAction};
use common::layer_fixture as fixture;
use common::{scratch_dir, wait_for_imports};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The app with its own state and briefing in `dir`; `native_dialogs` is off (the default
/// options), as when the system has no file dialog.
fn app_in(dir: &Path) -> Harness<'static, casa::app::CasaApp> {
    let mut harness = common::app_in_dir(dir);
    // The picker starts in the most recent folder: this one, never the tester's home.
    harness.state_mut().settings.recent_folders = vec![dir.to_path_buf()];
    harness
}

/// The path field's text.
fn path_text(harness: &Harness<'_, casa::app::CasaApp>) -> String {
    harness
        .get_by_label("File path:")
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

/// Selects the path field's text and types `text` over it.
fn type_path(harness: &mut Harness<'_, casa::app::CasaApp>, text: &str) {
    harness.get_by_label("File path:").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label("File path:").type_text(text);
    harness.run();
}

#[test]
fn ctrl_o_opens_the_picker_and_a_typed_path_opens_the_layer() {
    let dir = scratch_dir("picker-open");
    let layers = dir.join("layers");
    std::fs::create_dir_all(&layers).expect("mkdir");
    std::fs::copy(fixture("depots.csv"), layers.join("depots.csv")).expect("copy");
    std::fs::copy(fixture("sites.csv"), layers.join("sites.csv")).expect("copy");
    std::fs::write(layers.join("notes.txt"), "not a layer").expect("write");
    let mut harness = app_in(&dir);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    harness.run();
    harness.get_by_label("Open layer");
    // The folder's layers are listed (a text file is not); typing narrows the suggestions.
    type_path(
        &mut harness,
        &format!("{}{MAIN_SEPARATOR}dep", layers.display()),
    );
    assert!(harness.query_by_label("depots.csv").is_some());
    assert!(harness.query_by_label("sites.csv").is_none(), "narrowed");
    assert!(harness.query_by_label("notes.txt").is_none());
    // The suggestion popup takes the highlighted name on Enter; Enter again opens it.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        path_text(&harness),
        format!("{}{MAIN_SEPARATOR}depots.csv", layers.display())
    );
    harness.get_by_label("Open").click();
    // The load repaints until it is done: step, then wait for it.
    harness.step();
    wait_for_imports(&mut harness);
    assert!(harness.query_by_label("Open layer").is_none(), "closed");
    let app = harness.state();
    assert_eq!(app.imports.layers.len(), 1);
    assert_eq!(app.imports.layers[0].entry.path, layers.join("depots.csv"));
    assert_eq!(
        app.settings.recent_folders,
        vec![layers.clone(), dir.clone()]
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_file_is_named_and_open_stays_disabled() {
    let dir = scratch_dir("picker-missing");
    let mut harness = app_in(&dir);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::ChooseFile(FileAction::OpenLayer));
    harness.run();
    type_path(
        &mut harness,
        &format!("{}{MAIN_SEPARATOR}nothing.geojson", dir.display()),
    );
    let warning = format!(
        "There is no file {}.",
        dir.join("nothing.geojson").display()
    );
    assert!(harness.query_by_label(&warning).is_some());
    assert!(harness.get_by_label("Open").accesskit_node().is_disabled());
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Open layer").is_none());
    assert!(harness.state().imports.layers.is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn folders_are_entered_by_click_and_recent_ones_are_offered() {
    let dir = scratch_dir("picker-folders");
    let inner = dir.join("Briefings");
    std::fs::create_dir_all(&inner).expect("mkdir");
    std::fs::copy(
        fixture("exercises.geojson"),
        inner.join("exercises.geojson"),
    )
    .expect("copy");
    let mut harness = app_in(&dir);
    harness.state_mut().settings.recent_folders = vec![dir.clone()];
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::ChooseFile(FileAction::OpenLayer));
    harness.run();
    // It starts in the recent folder, which is also a button.
    assert!(path_text(&harness).starts_with(&dir.display().to_string()));
    let name = dir
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    assert!(
        harness
            .query_by_label(&format!("{name}{MAIN_SEPARATOR}"))
            .is_some()
    );
    harness
        .get_by_label(&format!("Briefings{MAIN_SEPARATOR}"))
        .click();
    harness.run();
    harness.get_by_label("exercises.geojson").click();
    harness.run();
    assert_eq!(
        path_text(&harness),
        inner.join("exercises.geojson").display().to_string()
    );
    harness.get_by_label("Open").click();
    // The load repaints until it is done: step, then wait for it.
    harness.step();
    wait_for_imports(&mut harness);
    assert_eq!(harness.state().imports.layers.len(), 1);
    assert_eq!(harness.state().settings.recent_folders[0], inner);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_briefing_is_saved_through_the_picker_with_its_extension() {
    let dir = scratch_dir("picker-save");
    let mut harness = app_in(&dir);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::ChooseFile(FileAction::ExportBriefing));
    harness.run();
    harness.get_by_label("Export briefing");
    type_path(
        &mut harness,
        &format!("{}{MAIN_SEPARATOR}for-monday", dir.display()),
    );
    harness.get_by_label("Save").click();
    harness.run();
    let saved = dir.join("for-monday.json");
    let text = std::fs::read_to_string(&saved).expect("the briefing was saved");
    assert!(text.contains("\"scenes\""), "{text}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn file_export_data_writes_a_geopackage_of_what_the_view_shows() {
    let dir = scratch_dir("picker-data");
    let mut harness = app_in(&dir);
    common::go_to_scene(&mut harness, "Russia against China");
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export data…").click();
    harness.run();
    harness
        .get_by_label("What the view shows (its layers, groupings and year)")
        .click();
    harness.run();
    harness.get_by_label("GeoPackage").click();
    harness.run();
    harness.get_by_label("Save as…").click();
    harness.run();
    type_path(
        &mut harness,
        &format!("{}{MAIN_SEPARATOR}russian-sites", dir.display()),
    );
    harness.get_by_label("Save").click();
    for _ in 0..2_000 {
        harness.step();
        if harness.state().exports.data.is_none() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.run();
    let saved = dir.join("russian-sites.gpkg");
    let notice = harness
        .state()
        .notices
        .text(casa::session::notices::Topic::Briefing)
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(notice.contains("russian-sites.gpkg"), "{notice}");
    // Read back as a layer: the scene's one layer (Russian sites) and nothing else.
    let layer = casa::data::user_layer::load_layer(&saved).expect("a GeoPackage");
    let atlas = &harness.state().doc.atlas;
    let shown = atlas
        .features
        .iter()
        .filter(|f| {
            casa::model::layers::FeatureLayer::of(f)
                == casa::model::layers::FeatureLayer::RussianSites
        })
        .count();
    let read: Vec<_> = layer
        .features
        .iter()
        .map(|f| f.properties())
        .filter(|p| p["layer"].as_str().is_some_and(|l| l.starts_with("sites")))
        .collect();
    assert_eq!(read.len(), shown, "{notice}");
    assert!(read.iter().all(|p| p["actor"] == "Russia"));
    let _ = std::fs::remove_dir_all(dir);
}
