//! Range rings as a briefer draws them: typed into the scene's ring form through AccessKit,
//! saved with the scene, found again after a restart, drawn in presenter mode and carried
//! by the scene's slide; a briefing file with a bad ring loads the rest and keeps it.

use crate::common;

use casa::app::AppOptions;
use casa::model::annotation::{Anchor, Annotation, Entry};
use casa::model::briefing::Briefing;
use casa::ui::{Command, Draw};
use common::{app_harness_with, click_label, click_map_at, scratch_dir, settle};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn app(file: &std::path::Path) -> Harness<'static, casa::app::CasaApp> {
    let options = AppOptions {
        fresh: true,
        scenes: Some(file.to_owned()),
        ..AppOptions::default()
    };
    app_harness_with(options, egui::Theme::Light)
}

/// Types into a text field as a user does: focus it, then type.
fn type_into(harness: &mut Harness<'_, casa::app::CasaApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// The texts the last frame painted.
fn painted_texts(harness: &Harness<'_, casa::app::CasaApp>) -> Vec<String> {
    harness
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Text(t) => Some(t.galley.text().to_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_ring_is_drawn_saved_presented_and_exported() {
    let dir = scratch_dir("rings");
    let file = dir.join("scenes.json");
    let mut harness = app(&file);
    click_label(&mut harness, "Briefing");
    harness
        .get_by_label("1. Central Asia and its neighbours")
        .click();
    settle(&mut harness);
    click_label(&mut harness, "Drawings on scene 1");
    type_into(
        &mut harness,
        "Ring centre: a feature, a capital, or lat,lon",
        "Kant",
    );
    type_into(&mut harness, "Ring radius (km)", "500");
    type_into(&mut harness, "Ring label (optional)", "Iskander-M range");
    click_label(&mut harness, "Draw ring");
    settle(&mut harness);

    // Saved with the scene, centred on the feature by its id.
    let text = std::fs::read_to_string(&file).expect("the briefing is saved");
    let atlas = casa::data::load_atlas(&casa::data::AssetSource::Embedded);
    let (briefing, issues) = Briefing::parse("scenes.json", &text, &atlas.atlas, &atlas.corpus);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(
        briefing.scenes[0].annotations,
        [Entry::Read(Annotation::Ring {
            center: Anchor::Named("ru-kant-air-base".into()),
            radius_km: 500.0,
            label: Some("Iskander-M range".into()),
            colour: None,
        })]
    );
    // Listed in the form, and on the map.
    harness.get_by_label("1. Ring “Iskander-M range”, 500 km around ru-kant-air-base");
    assert!(
        painted_texts(&harness).contains(&"Iskander-M range: 500 km".to_owned()),
        "the ring's caption is on the map"
    );

    // A ring that cannot be: said, and nothing added.
    let ctx = harness.ctx.clone();
    harness.state_mut().run_cmd(
        &ctx,
        Command::Draw(Draw::AddRing {
            index: 0,
            center: "Kant".into(),
            radius_km: "-5".into(),
            label: String::new(),
        }),
    );
    harness.run();
    harness.get_by_label_contains(
        "Ring not drawn: radius_km -5: a ring's radius must be more than 0 km",
    );
    assert_eq!(
        harness.state().presentation.briefing.scenes[0]
            .annotations
            .len(),
        1
    );

    // After a restart, presenting the scene shows the ring.
    drop(harness);
    let mut harness = app(&file);
    let ctx = harness.ctx.clone();
    harness.state_mut().run_cmd(&ctx, Command::Present(true));
    settle(&mut harness);
    assert_eq!(harness.state().presentation.current, Some(0));
    assert_eq!(harness.state().drawing.shown.drawings.len(), 1);
    assert!(
        painted_texts(&harness).contains(&"Iskander-M range: 500 km".to_owned()),
        "the ring is drawn in presenter mode"
    );

    // The scene's slide carries the ring: its dashed closed path and its caption.
    let svg_path = dir.join("ring.svg");
    harness.state_mut().run_cmd(
        &ctx,
        Command::ExportSlide {
            path: svg_path.clone(),
            scene: Some(0),
            size: [1920, 1080],
        },
    );
    for _ in 0..600 {
        if svg_path.exists() {
            break;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let svg = std::fs::read_to_string(&svg_path).expect("an SVG");
    assert!(
        svg.contains(">Iskander-M range: 500 km<"),
        "caption on the slide"
    );
    let ring = svg
        .lines()
        .find(|l| l.starts_with("<path") && l.contains("stroke-dasharray=\"10.0 5.0\""))
        .expect("the ring's dashed path");
    assert!(
        ring.contains('Z') && ring.matches('L').count() >= 72,
        "{ring}"
    );

    // Removed from the scene through its button.
    harness.state_mut().run_cmd(&ctx, Command::Present(false));
    settle(&mut harness);
    click_label(&mut harness, "Briefing");
    click_label(&mut harness, "Drawings on scene 1");
    click_label(&mut harness, "Remove drawing 1");
    assert!(harness.state().drawing.shown.drawings.is_empty());
    let text = std::fs::read_to_string(&file).expect("saved");
    assert!(!text.contains("annotations"), "{text}");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_bad_ring_is_reported_with_file_and_scene_and_kept_undrawn() {
    let atlas = casa::data::load_atlas(&casa::data::AssetSource::Embedded);
    let text = r#"{"title": "Rings", "scenes": [
        {"name": "Good", "view": [60, 35, 80, 50], "annotations": [
            {"kind": "ring", "center": [74.846, 42.853], "radius_km": 1500, "colour": "russia"}]},
        {"name": "Bad", "view": [60, 35, 80, 50], "annotations": [
            {"kind": "ring", "center": "ru-kant-air-base", "radius_km": 0},
            {"kind": "ring", "center": "nowhere", "radius_km": 100},
            {"kind": "ring", "radius_km": 100},
            {"kind": "ring", "center": [74, 42], "radius_km": 100, "label": "LABEL"}]}
    ]}"#
    .replace("LABEL", &"x".repeat(201));
    let (briefing, issues) = Briefing::parse("rings.json", &text, &atlas.atlas, &atlas.corpus);
    assert_eq!(briefing.scenes.len(), 2, "both scenes load: {issues:?}");
    let messages: Vec<String> = issues.iter().map(ToString::to_string).collect();
    for expected in [
        "rings.json: scene 2 “Bad”: annotations[0]: radius_km 0: a ring's radius must be more than 0 km; not drawn",
        "rings.json: scene 2 “Bad”: annotations[1]: center: \"nowhere\" is neither a feature's id nor a capital",
        "rings.json: scene 2 “Bad”: annotations[2]: missing field `center`; not drawn",
        "rings.json: scene 2 “Bad”: annotations[3]: label: 201 characters, over the limit of 200; not drawn",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(expected)),
            "{expected:?} not in {messages:#?}"
        );
    }
    assert_eq!(messages.len(), 4, "{messages:#?}");
    // Kept as written, so saving the briefing loses nothing.
    let saved = briefing.to_json();
    assert!(saved.contains("\"nowhere\""), "{saved}");
    assert_eq!(briefing.scenes[1].annotations.len(), 4);
}

/// Presses a key with modifiers (Ctrl+Z, Cmd+Z on a Mac: egui's COMMAND).
fn shortcut(
    harness: &mut Harness<'_, casa::app::CasaApp>,
    modifiers: egui::Modifiers,
    key: egui::Key,
) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

#[test]
fn an_arrow_is_drawn_by_clicks_undone_and_redone_and_the_ruler_measures() {
    let dir = scratch_dir("arrow");
    let file = dir.join("scenes.json");
    let mut harness = app(&file);
    // Not on a scene: the drawing goes to the sketch.
    click_label(&mut harness, "Draw");
    click_label(&mut harness, "Arrow");
    harness.get_by_label_contains("Click points on the map");
    // From Ashgabat (a click beside it snaps to the capital) north across the Karakum.
    click_map_at(&mut harness, 58.40, 37.96);
    click_map_at(&mut harness, 61.0, 43.5);
    harness.get_by_label("2 point(s) placed");
    type_into(&mut harness, "Label (optional)", "Reinforcement route");
    click_label(&mut harness, "Finish on the sketch");
    let sketch = harness.state().settings.sketch.clone();
    assert_eq!(sketch.len(), 1, "{sketch:?}");
    let Entry::Read(Annotation::Arrow { points, label, .. }) = &sketch[0] else {
        panic!("an arrow: {sketch:?}");
    };
    assert_eq!(points[0], [58.3833, 37.94999], "snapped to Ashgabat");
    assert!(
        // Where the click was, to the screen's precision (a few centimetres).
        (points[1][0] - 61.0).abs() < 1e-5 && (points[1][1] - 43.5).abs() < 1e-5,
        "{points:?}"
    );
    assert_eq!(label.as_deref(), Some("Reinforcement route"));
    assert!(painted_texts(&harness).contains(&"Reinforcement route".to_owned()));

    // Undo and redo with the keyboard (the map has focus, not a text field).
    harness.get_by_label("Stop drawing").click();
    harness.run();
    shortcut(&mut harness, egui::Modifiers::COMMAND, egui::Key::Z);
    assert!(harness.state().settings.sketch.is_empty(), "undone");
    shortcut(
        &mut harness,
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    assert_eq!(harness.state().settings.sketch.len(), 1, "redone");

    // Reshape it: drag its head to another place on the map (the map does not pan).
    click_label(&mut harness, "Briefing");
    click_label(&mut harness, "Sketch on the map");
    click_label(&mut harness, "Edit points of sketch drawing 1");
    assert_eq!(harness.state().maps.main.handles.len(), 2);
    let camera = harness.state().maps.main.camera;
    let from = common::screen_pos(&harness, 61.0, 43.5);
    let to = common::screen_pos(&harness, 63.0, 44.0);
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.step();
    for k in 1..=5 {
        harness.hover_at(from + (to - from) * (k as f32 / 5.0));
        harness.step();
    }
    harness.drop_at(to);
    harness.run();
    assert_eq!(
        harness.state().maps.main.camera,
        camera,
        "the map did not pan"
    );
    let head = |h: &Harness<'_, casa::app::CasaApp>| match &h.state().settings.sketch[0] {
        Entry::Read(Annotation::Arrow { points, .. }) => points[1],
        other => panic!("an arrow: {other:?}"),
    };
    let [lon, lat] = head(&harness);
    assert!(
        (lon - 63.0).abs() < 1e-3 && (lat - 44.0).abs() < 1e-3,
        "moved to {lon}, {lat}"
    );
    // Its label edited in the same window; a callout's empty text would be refused.
    harness.get_by_label("Its label or text").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_label("Its label or text")
        .type_text("Route B");
    harness.run();
    click_label(&mut harness, "Save label");
    assert!(matches!(
        &harness.state().settings.sketch[0],
        Entry::Read(Annotation::Arrow { label: Some(l), .. }) if l == "Route B"
    ));
    click_label(&mut harness, "Done");
    // Undo takes back the label, then the whole drag at once (one drag, one edit).
    shortcut(&mut harness, egui::Modifiers::COMMAND, egui::Key::Z);
    assert!(matches!(
        &harness.state().settings.sketch[0],
        Entry::Read(Annotation::Arrow { label: Some(l), .. }) if l == "Reinforcement route"
    ));
    shortcut(&mut harness, egui::Modifiers::COMMAND, egui::Key::Z);
    let [lon, lat] = head(&harness);
    assert!((lon - 61.0).abs() < 1e-5 && (lat - 43.5).abs() < 1e-5);

    // The ruler, snapping to capitals: Ashgabat to Tehran is 670,290.329 m at −110.016°,
    // then to 43.5°N 61°E, 654,673.024 m from Ashgabat at 18.888° (GeographicLib 2.1).
    click_label(&mut harness, "Draw");
    click_label(&mut harness, "Ruler");
    click_map_at(&mut harness, 58.40, 37.96);
    click_map_at(&mut harness, 51.43, 35.68);
    harness.get_by_label("1. 670.3 km at 250.0°");
    harness.get_by_label("Total 670.3 km");
    let measured = harness
        .state()
        .drawing
        .in_progress
        .as_ref()
        .expect("the ruler")
        .measured();
    assert_eq!(measured.area_m2, None, "two points enclose nothing");
    harness.get_by_label("Remove last point").click();
    harness.run();
    harness.get_by_label("Remove last point").click();
    harness.run();
    click_map_at(&mut harness, 58.40, 37.96);
    click_map_at(&mut harness, 61.0, 43.5);
    harness.get_by_label("1. 654.7 km at 18.9°");
    // Esc stops the tool and nothing is kept.
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(harness.state().drawing.in_progress.is_none());
    assert_eq!(harness.state().settings.sketch.len(), 1);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn every_kind_of_drawing_is_on_the_slide_of_its_scene() {
    use casa::render::document::Document;
    use casa::render::style::{Palette, Theme};
    let loaded = casa::data::load_atlas(&casa::data::AssetSource::Embedded);
    let doc = Document::build(loaded.atlas, loaded.corpus);
    // No feature layers, so every polygon in China's colour is an arrowhead.
    let text = r#"{"title": "Drawings", "scenes": [{"name": "All kinds", "view": [55, 35, 80, 48], "layers": [],
        "annotations": [
            {"kind": "line", "points": [[60, 40], [65, 41]], "label": "Line A", "dashed": true},
            {"kind": "arrow", "points": [[66, 38], [70, 40], [72, 39]], "curved": true, "heads": "both", "label": "Arrow B", "colour": "china"},
            {"kind": "area", "points": [[62, 44], [66, 44], [64, 46]], "fill": "hatch", "label": "Area C", "colour": "russia"},
            {"kind": "area", "points": [[70, 44], [74, 44], [72, 46]], "label": "Area D"},
            {"kind": "callout", "at": "ru-kant-air-base", "text": "Callout E"}
        ]}]}"#;
    let (briefing, issues) = Briefing::parse("drawings.json", text, &doc.atlas, &doc.corpus);
    assert!(issues.is_empty(), "{issues:?}");
    let palette = Palette::of(Theme::Light);
    let slide = casa::export::scene_slide(
        &doc,
        &palette,
        casa::render::style::Basemap {
            graticule: false,
            ..casa::render::style::Basemap::EXPORT
        },
        &briefing.scenes[0],
        Vec::new(),
        [1920, 1080],
    );
    assert_eq!(slide.annotations.drawings.len(), 5);
    let svg = casa::export::svg(&slide);
    for caption in ["Line A", "Arrow B", "Area C", "Area D", "Callout E"] {
        assert!(svg.contains(&format!(">{caption}<")), "{caption} missing");
    }
    // The dashed line, the arrow's two heads (triangles in China's colour), the hatched
    // area's strokes in Russia's colour and the callout's box.
    let hex = |c: egui::Color32| format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b());
    let china = hex(palette.actor(casa::model::Actor::China));
    let russia = hex(palette.actor(casa::model::Actor::Russia));
    assert!(
        svg.contains(r#"stroke-dasharray="8.0 6.0""#),
        "the dashed line"
    );
    let heads = svg
        .lines()
        .filter(|l| l.starts_with("<polygon") && l.contains(&format!(r#"fill="{china}""#)))
        .count();
    assert_eq!(heads, 3, "an arrowhead at each end, and the legend's arrow");
    assert!(
        svg.lines()
            .any(|l| l.contains(&format!(r#"stroke="{russia}""#)) && l.matches('M').count() > 10),
        "hatching: many strokes in Russia's colour"
    );
    assert!(svg.contains("<rect"), "the callout's box");
}

#[test]
fn drawings_made_with_the_tools_on_a_scene_and_the_sketch_survive_a_restart() {
    let dir = scratch_dir("tools");
    let mut harness = common::app_in_dir(&dir);
    click_label(&mut harness, "Briefing");
    harness
        .get_by_label("1. Central Asia and its neighbours")
        .click();
    settle(&mut harness);

    // A 500 km ring: a click on Kant's symbol snaps the centre to the site.
    click_label(&mut harness, "Draw");
    click_label(&mut harness, "Range ring");
    click_map_at(&mut harness, 74.846, 42.853);
    type_into(&mut harness, "Radius (km)", "500");
    click_label(&mut harness, "Finish on the scene");
    // An arrow placed from the keyboard: a capital, then lat,lon.
    click_label(&mut harness, "Draw");
    click_label(&mut harness, "Arrow");
    for point in ["Dushanbe", "41.3, 69.3"] {
        type_into(&mut harness, "Point", point);
        click_label(&mut harness, "Place");
    }
    harness.get_by_label("2 point(s) placed");
    click_label(&mut harness, "Finish on the scene");
    // And a line on the sketch, from the keyboard too.
    click_label(&mut harness, "Draw");
    click_label(&mut harness, "Line");
    for point in ["Ashgabat", "Tehran"] {
        type_into(&mut harness, "Point", point);
        click_label(&mut harness, "Place");
    }
    click_label(&mut harness, "Finish on the sketch");
    click_label(&mut harness, "Stop drawing");
    let scene = harness.state().presentation.briefing.scenes[0]
        .annotations
        .clone();
    assert_eq!(scene.len(), 2, "{scene:?}");
    assert!(matches!(
        &scene[0],
        Entry::Read(Annotation::Ring { center: Anchor::Named(id), radius_km, .. })
            if id == "ru-kant-air-base" && *radius_km == 500.0
    ));
    assert!(matches!(
        &scene[1],
        Entry::Read(Annotation::Arrow { points, .. })
            if points == &[[68.77388, 38.56004], [69.3, 41.3]]
    ));
    harness.state_mut().save_settings();
    drop(harness);

    // After a restart: the scene's drawings with the scene, the sketch over the map.
    let mut harness = common::app_in_dir(&dir);
    assert_eq!(harness.state().settings.sketch.len(), 1);
    assert_eq!(
        harness.state().drawing.shown.drawings.len(),
        1,
        "the sketch"
    );
    click_label(&mut harness, "Briefing");
    harness
        .get_by_label("1. Central Asia and its neighbours")
        .click();
    settle(&mut harness);
    assert_eq!(harness.state().drawing.shown.drawings.len(), 3);
    assert!(painted_texts(&harness).contains(&"500 km from Kant air base".to_owned()));
    // Editing a drawing's points ends with its scene: the next scene's are not touched.
    click_label(&mut harness, "Drawings on scene 1");
    click_label(&mut harness, "Edit points of drawing 1");
    assert!(harness.state().drawing.reshaping.is_some());
    assert_eq!(
        harness.state().maps.main.handles.len(),
        1,
        "the ring's centre"
    );
    harness.key_press(egui::Key::PageDown);
    settle(&mut harness);
    assert!(harness.state().drawing.reshaping.is_none());
    assert!(harness.state().maps.main.handles.is_empty());
    std::fs::remove_dir_all(&dir).expect("clean up");
}
