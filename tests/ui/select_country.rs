//! A user clicks countries on the map and reads the side panel.

use crate::common;

use casa::geo::camera::Camera;
use common::{app_harness, click_label, click_map_at, press, set_year, zoom_toward};
use egui_kittest::kittest::{NodeT, Queryable};

#[test]
fn clicking_a_country_shows_its_name_in_the_side_panel() {
    let mut harness = app_harness();
    assert!(harness.query_by_label("Tajikistan").is_none());
    // Dushanbe's surroundings, close enough that no feature's symbol is under the pointer.
    zoom_toward(&mut harness, 69.0, 38.9, 1_500.0);
    click_map_at(&mut harness, 69.0, 38.9);
    harness.get_by_label("Tajikistan");
    harness.get_by_label("Central Asian state");

    // The steppe west of Karaganda, away from any feature's symbol.
    press(&mut harness, egui::Key::Home);
    click_map_at(&mut harness, 67.0, 48.5);
    harness.get_by_label("Kazakhstan");
    assert!(harness.query_by_label("Tajikistan").is_none());

    press(&mut harness, egui::Key::Escape);
    harness.get_by_label_contains("Click a site, an event, a route, a region or a country");
}

#[test]
fn fergana_enclaves_are_clickable_when_zoomed_in() {
    let mut harness = app_harness();
    // Between the two exclaves, so both are in view beside the panels.
    zoom_toward(&mut harness, 70.95, 39.9, 250.0);
    // Sokh, an exclave of Uzbekistan inside Kyrgyzstan.
    click_map_at(&mut harness, 71.10, 39.96);
    harness.get_by_label("Uzbekistan");
    // Vorukh, an exclave of Tajikistan.
    click_map_at(&mut harness, 70.60, 39.83);
    harness.get_by_label("Tajikistan");
    // The Kyrgyz land between them.
    click_map_at(&mut harness, 71.30, 39.95);
    harness.get_by_label("Kyrgyzstan");
}

#[test]
fn baikonur_is_shown_as_leased_kazakh_territory() {
    let mut harness = app_harness();
    zoom_toward(&mut harness, 63.3, 45.6, 400.0);
    click_map_at(&mut harness, 63.31, 45.62);
    harness.get_by_label("Baikonur (leased to Russia)");
    harness.get_by_label("Leased territory");
    harness.get_by_label("Sovereign state: Kazakhstan");
    harness.get_by_label_contains("leased to Russia until 2050");
    harness.get_by_label_contains("Source: Agreement between the Russian Federation");
}

#[test]
fn home_returns_to_the_overview_after_panning_and_zooming() {
    let mut harness = app_harness();
    let home = |harness: &egui_kittest::Harness<'_, casa::app::CasaApp>| {
        let app = harness.state();
        let viewport = app.maps.main.viewport.expect("drawn");
        Camera::home(&app.doc.geometry.projection, viewport.size())
    };
    let start = home(&harness);
    assert_eq!(harness.state().maps.main.camera, Some(start));
    zoom_toward(&mut harness, 71.2, 39.95, 500.0);
    press(&mut harness, egui::Key::ArrowLeft);
    assert_ne!(harness.state().maps.main.camera, Some(start));
    press(&mut harness, egui::Key::Home);
    assert_eq!(harness.state().maps.main.camera, Some(home(&harness)));
}

#[test]
fn the_about_window_credits_the_sources() {
    let mut harness = app_harness();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About CASA and its sources").click();
    harness.run();
    harness.get_by_label("Data sources and licences");
    harness.get_by_label_contains("Natural Earth 1:10m Cultural Vectors");
    // CASA's licences, the embedded fonts' and every crate's, each text a click away.
    harness.get_by_label("Apache License 2.0").click();
    harness.run();
    harness.get_by_label_contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION");
    harness.get_by_label("Ubuntu Light: Ubuntu Font Licence 1.0");
    harness.get_by_label_contains("Rust crates, under");
    harness.get_by_label_contains("MIT License (MIT) — ");
}

/// Kant: the panel keeps the article's year (its quote) and shows the record's beside it,
/// with the reference it rests on.
#[test]
fn kant_shows_the_articles_year_and_the_records_with_its_reference() {
    let mut harness = app_harness();
    zoom_toward(&mut harness, 74.846, 42.853, 1_500.0);
    harness.get_by_label("Kant air base").click();
    harness.run();
    assert!(
        harness
            .query_all_by_label_contains("until at least 2027")
            .next()
            .is_some(),
        "the article's year, in its words"
    );
    harness.get_by_label_contains("The record differs from an article");
    let kant = harness
        .state()
        .doc
        .atlas
        .feature("ru-kant-air-base")
        .expect("Kant")
        .clone();
    let correction = kant
        .corrections
        .iter()
        .find(|c| c.record.contains("2032"))
        .expect("a correction giving 2032");
    // One line gives the record's year and names its reference.
    let line = harness.get_by_label_contains(&correction.reference);
    let node = line.accesskit_node();
    let text = node.value().or_else(|| node.label()).unwrap_or_default();
    assert!(text.contains("2032"), "{text}");
}

/// The Kulob garrison ended in 2015: the year slider at 2020 hides it, at 2010 shows it.
#[test]
fn the_year_slider_at_2020_hides_the_kulob_garrison() {
    let mut harness = app_harness();
    zoom_toward(&mut harness, 69.78, 37.91, 1_500.0);
    harness.get_by_label("201st base garrison, Kulob (until 2015)");
    click_label(&mut harness, "As of a year");
    set_year(&mut harness, 2020);
    assert!(
        harness
            .query_by_label("201st base garrison, Kulob (until 2015)")
            .is_none()
    );
    set_year(&mut harness, 2010);
    harness.get_by_label("201st base garrison, Kulob (until 2015)");
}
