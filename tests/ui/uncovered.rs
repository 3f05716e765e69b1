//! Nothing covers what the audience must see: over every shipped scene, on screen at
//! 1600×1000, in presentation mode and on 1920×1080 and 1280×720 slides, no label overlaps
//! another or a symbol (its own included, and its precision ring); the presentation legend
//! covers no label, symbol, map furniture nor what the scene is about; tool windows step
//! aside while presenting, and Esc closes the window on top before it leaves.

use casa::compose::HeadlessText;
use casa::compose::occupied::Occupied;
use casa::data::{AssetSource, load_atlas};
use casa::render::document::Document;
use casa::render::style::{Palette, Theme};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{self, app_harness_with, settle};

/// Presses a key and lets a scene's camera flight end.
fn press(harness: &mut Harness<'_, casa::app::CasaApp>, key: egui::Key) {
    harness.key_press(key);
    settle(harness);
}

/// The app in a 1600×1000 window.
fn app_1600() -> Harness<'static, casa::app::CasaApp> {
    let options = casa::app::AppOptions {
        fresh: true,
        scenes: Some(common::scratch_dir("uncovered").join("scenes.json")),
        ..casa::app::AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    harness.set_size(egui::Vec2::new(1600.0, 1000.0));
    harness.run();
    harness
}

/// Every overlap of the maps drawn in the last frame, described.
fn overlaps_on_screen(harness: &Harness<'_, casa::app::CasaApp>) -> Vec<String> {
    let maps = &harness.state().maps;
    let mut all = vec![&maps.main.occupied];
    all.extend(maps.compare.as_ref().map(|c| &c.map.occupied));
    all.into_iter().flat_map(describe).collect()
}

fn describe(occupied: &Occupied) -> Vec<String> {
    let found = occupied.overlaps();
    let mut out: Vec<String> = found
        .label_label
        .iter()
        .map(|(a, b)| format!("{a:?} over {b:?}"))
        .collect();
    out.extend(
        found
            .label_symbol
            .iter()
            .map(|(a, c, r)| format!("{a:?} over the symbol at {c:?} (radius {r})")),
    );
    out
}

#[test]
fn no_label_overlaps_another_or_a_symbol_on_any_slide() {
    let loaded = load_atlas(&AssetSource::Embedded);
    let briefing = loaded.briefing.clone();
    let doc = Document::build(loaded.atlas, loaded.corpus);
    let palette = Palette::of(Theme::Light);
    let mut problems = Vec::new();
    for scene in &briefing.scenes {
        for size in [[1920, 1080], [1280, 720]] {
            let slide = casa::export::scene_slide(
                &doc,
                &palette,
                casa::render::style::Basemap::EXPORT,
                scene,
                Vec::new(),
                size,
            );
            let mut text = HeadlessText::new(size[0] as f32 / 1920.0);
            let list = casa::export::compose_slide(&slide, &mut text);
            let occupied = Occupied::of(&list);
            assert!(
                occupied.labels.len() > 5,
                "{}: the slide has labels",
                scene.name
            );
            problems.extend(
                describe(&occupied)
                    .into_iter()
                    .map(|p| format!("{} at {size:?}: {p}", scene.name)),
            );
        }
    }
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn no_label_overlaps_on_screen_or_presenting_and_the_legend_covers_nothing() {
    let mut harness = app_1600();
    let n = harness.state().presentation.briefing.scenes.len();
    let mut problems = Vec::new();
    for presenting in [false, true] {
        if presenting {
            press(&mut harness, egui::Key::F5);
        }
        for i in 0..n {
            let ctx = harness.ctx.clone();
            harness
                .state_mut()
                .run_cmd(&ctx, casa::ui::Command::GoToScene(i));
            harness.remove_cursor();
            settle(&mut harness);
            let app = harness.state();
            let name = app.presentation.briefing.scenes[i].name.clone();
            let mode = if presenting {
                "presenting"
            } else {
                "on screen"
            };
            assert!(
                app.maps.main.occupied.labels.len() > 3,
                "{name} {mode}: the map has labels"
            );
            problems.extend(
                overlaps_on_screen(&harness)
                    .into_iter()
                    .map(|p| format!("{name} {mode}: {p}")),
            );
            if !presenting {
                continue;
            }
            let app = harness.state();
            let shown = app.maps.shown();
            match app.maps.legend {
                Some(legend) => {
                    let covered = shown.occupied.covered_by(legend);
                    if covered > 0 {
                        problems.push(format!("{name}: the legend covers {covered} things"));
                    }
                }
                // No room over the map: it is beside it, in the caption bar.
                None => assert!(
                    app.presentation.legend_in_caption_bar,
                    "{name}: the legend is nowhere"
                ),
            }
            harness.get_by_label_contains("Legend: ");
        }
    }
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn windows_step_aside_while_presenting_and_esc_closes_the_top_one_first() {
    let mut harness = app_1600();
    // An article opened from Kant's side panel, before presenting.
    let ctx = harness.ctx.clone();
    let kant = harness
        .state()
        .doc
        .atlas
        .features
        .iter()
        .position(|f| f.id == "ru-kant-air-base")
        .expect("Kant");
    harness
        .state_mut()
        .run_cmd(&ctx, casa::ui::Command::SelectFeature(Some(kant)));
    harness.run();
    harness
        .get_all_by_label("Open article")
        .next()
        .expect("an excerpt")
        .click();
    harness.run();
    let article = |h: &Harness<'_, casa::app::CasaApp>| {
        h.query_all_by_label_contains("Article: ").next().is_some()
    };
    assert!(article(&harness), "the article window is open");

    // F5: the window steps aside and the map is uncovered.
    press(&mut harness, egui::Key::F5);
    assert!(harness.state().presentation.presenting);
    assert!(!article(&harness), "no window over the presentation");

    // An article opened while presenting is on top; Esc closes it, and only the next Esc
    // leaves presentation mode.
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, casa::ui::Command::OpenArticle(0, 0..10));
    harness.run();
    assert!(
        article(&harness),
        "the article opened while presenting shows"
    );
    press(&mut harness, egui::Key::Escape);
    assert!(!article(&harness), "Esc closed the window on top");
    assert!(
        harness.state().presentation.presenting,
        "still presenting after the first Esc"
    );
    press(&mut harness, egui::Key::Escape);
    assert!(
        !harness.state().presentation.presenting,
        "the second Esc left"
    );

    // The article opened before presenting is back.
    assert!(
        article(&harness),
        "the article window is back after presenting"
    );
    assert!(harness.state().panels.article.is_some());
}
