//! The relief as a presenter uses it: the layers panel's choice and the View menu, the R
//! key, a scene that asks for a style, the terrain names that come with it, and the map
//! that draws it on screen and on the slide.

use crate::common;

use casa::model::layers::ReliefStyle;
use casa::render::relief::ReliefVariant;
use casa::ui::Command;
use common::app_harness;
use egui::Key;
use egui_kittest::kittest::Queryable;

/// Whether the main map's last frame drew the relief of this variant (its texture is on the
/// GPU and the screen painter had it in the draw list).
fn drawn(harness: &egui_kittest::Harness<'_, casa::app::CasaApp>, variant: ReliefVariant) -> bool {
    harness.state().maps.relief.is_uploaded(variant)
}

#[test]
fn the_layers_panel_chooses_the_relief() {
    let mut harness = app_harness();
    assert_eq!(harness.state().settings.relief, ReliefStyle::Hillshade);
    assert!(
        drawn(&harness, ReliefVariant::ShadeLight),
        "hillshade at start"
    );
    harness.get_by_label("Tints").click();
    harness.run();
    assert_eq!(harness.state().settings.relief, ReliefStyle::Tints);
    assert!(drawn(&harness, ReliefVariant::Tints), "the tints drawn");
    harness.get_by_label("Relief").click();
    harness.run();
    assert_eq!(harness.state().settings.relief, ReliefStyle::Off);
    harness.get_by_label("Relief").click();
    harness.run();
    assert_eq!(harness.state().settings.relief, ReliefStyle::Hillshade);
    // The View menu offers the three.
    harness.get_by_label("View").click();
    harness.run();
    harness
        .get_by_label("Hillshade with elevation tints")
        .click();
    harness.run();
    assert_eq!(harness.state().settings.relief, ReliefStyle::Tints);
}

#[test]
fn r_steps_through_the_styles() {
    let mut harness = app_harness();
    let mut seen = Vec::new();
    for _ in 0..3 {
        harness.key_press(Key::R);
        harness.run();
        seen.push(harness.state().settings.relief);
    }
    assert_eq!(
        seen,
        [ReliefStyle::Tints, ReliefStyle::Off, ReliefStyle::Hillshade]
    );
}

#[test]
fn a_scene_that_asks_for_tints_shows_them() {
    let mut harness = app_harness();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::SetRelief(ReliefStyle::Off));
    common::go_to_scene(&mut harness, "China's rising presence");
    assert_eq!(harness.state().settings.relief, ReliefStyle::Tints);
    assert!(drawn(&harness, ReliefVariant::Tints));
    // A scene that asks for nothing leaves the presenter's choice alone.
    common::go_to_scene(&mut harness, "Who belongs to what, 2024");
    assert_eq!(harness.state().settings.relief, ReliefStyle::Tints);
    // The slide of the view has it, and a scene made from the view keeps it.
    let slide = harness.state().slide(None, [1280, 720]);
    assert_eq!(slide.basemap.relief, ReliefStyle::Tints);
    let ctx = harness.ctx.clone();
    harness.state_mut().run_cmd(&ctx, Command::AddScene);
    harness.run();
    let added = harness.state().presentation.current_scene();
    assert_eq!(added.and_then(|s| s.relief), Some(ReliefStyle::Tints));
}

#[test]
fn the_relief_survives_a_restart() {
    let dir = common::scratch_dir("relief-state");
    {
        let mut harness = common::app_in_dir(&dir);
        let ctx = harness.ctx.clone();
        harness
            .state_mut()
            .run_cmd(&ctx, Command::SetRelief(ReliefStyle::Tints));
        harness.state_mut().save_settings();
    }
    let harness = common::app_in_dir(&dir);
    assert_eq!(harness.state().settings.relief, ReliefStyle::Tints);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The terrain is named with the relief, and only with it: on the slide of the view, the
/// great ranges are labelled; without relief, no terrain name is.
#[test]
fn terrain_names_come_with_the_relief() {
    let harness = app_harness();
    let app = harness.state();
    let mut slide = app.slide(None, [1920, 1080]);
    let svg = casa::export::svg(&slide);
    assert!(svg.contains("<image"), "the relief is on the slide");
    let names: Vec<String> = app.doc.atlas.terrain.iter().map(|t| t.label()).collect();
    let shown = |svg: &str| -> Vec<String> {
        names
            .iter()
            .filter(|n| svg.contains(&casa::paint::svg::esc(n)))
            .cloned()
            .collect()
    };
    let with = shown(&svg);
    // Terrain names come last and give way to every other label: in a crowded view not all
    // find room, but the great ranges away from the sites do.
    for must in ["PAMIRS", "KARAKORAM", "KUNLUN MOUNTAINS"] {
        assert!(
            with.iter().any(|n| n == must),
            "{must} missing from {with:?}"
        );
    }
    assert!(with.len() >= 5, "{with:?}");
    slide.basemap.relief = ReliefStyle::Off;
    let svg = casa::export::svg(&slide);
    assert!(!svg.contains("<image"), "no relief asked, none drawn");
    assert_eq!(shown(&svg), Vec::<String>::new());
}
