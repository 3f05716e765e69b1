//! Presenting, as a briefer does it: step through the shipped scenes with the keys a
//! clicker sends, present full screen with the caption and the legend, compare 2021 with
//! 2024 side by side, edit and share scenes, and export slides.

use crate::common;

use casa::app::AppOptions;
use casa::geo::camera::Camera;
use casa::model::briefing::{Briefing, SideSpec, Target};
use casa::ui::Command;
use common::{app_harness, app_harness_with, click_label, scratch_dir, settle};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};

/// Presses a key and lets a scene's camera flight end.
fn key(harness: &mut Harness<'_, casa::app::CasaApp>, key: Key) {
    harness.key_press(key);
    settle(harness);
}

/// Clicks a label and lets a scene's camera flight end.
fn click_and_settle(harness: &mut Harness<'_, casa::app::CasaApp>, label: &str) {
    harness.get_by_label(label).click();
    settle(harness);
}

/// Runs frames until the slide being written on the worker thread is saved.
fn wait_for_export(harness: &mut Harness<'_, casa::app::CasaApp>) {
    for _ in 0..1_000 {
        harness.step();
        let notice = harness
            .state()
            .notices
            .text(casa::session::notices::Topic::Briefing)
            .unwrap_or_default()
            .to_owned();
        if harness.state().exports.slide.is_none() {
            assert!(notice.starts_with("Saved the slide"), "{notice}");
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the slide export did not finish within 20 s");
}

/// The camera has arrived at the scene's view (as fitted to the map's viewport now).
fn assert_at_view(
    harness: &Harness<'_, casa::app::CasaApp>,
    view: casa::geo::projection::ViewBox,
    what: &str,
) {
    let app = harness.state();
    let camera = app.maps.main.camera.expect("camera");
    let viewport = app.maps.main.viewport.expect("viewport");
    let want = Camera::fit(&app.doc.geometry.projection, view, viewport.size());
    let ratio = camera.metres_per_point / want.metres_per_point;
    assert!((ratio - 1.0).abs() < 0.02, "{what}: zoom off by {ratio}");
    let d = (camera.center.x - want.center.x).hypot(camera.center.y - want.center.y);
    assert!(
        d < 3.0 * want.metres_per_point,
        "{what}: centre off by {d} m"
    );
}

/// Asserts that everything a scene sets is what the app now shows.
fn assert_scene_applied(harness: &Harness<'_, casa::app::CasaApp>, index: usize) {
    let app = harness.state();
    let scene = &app.presentation.briefing.scenes[index];
    assert_eq!(app.presentation.current, Some(index), "{}", scene.name);
    assert_eq!(
        app.settings.layers,
        scene.side().to_state(),
        "{}",
        scene.name
    );
    assert_eq!(
        app.maps.compare.as_ref().map(|c| c.side.layers.clone()),
        scene.compare.as_ref().map(SideSpec::to_state),
        "{}",
        scene.name
    );
    let selected = match scene.target(&app.doc.atlas) {
        Some(Target::Feature(i)) => (None, Some(i)),
        Some(Target::Country(i)) => (Some(i), None),
        None => (None, None),
    };
    assert_eq!(
        (app.selected(), app.selected_feature()),
        selected,
        "{}",
        scene.name
    );
    assert_at_view(harness, scene.view, &scene.name);
}

#[test]
fn a_clicker_steps_through_every_shipped_scene_and_back() {
    let mut harness = app_harness();
    let n = harness.state().presentation.briefing.scenes.len();
    assert!(n >= 5, "the shipped briefing has {n} scenes");
    // PageDown is what most clickers send for "next".
    for i in 0..n {
        key(&mut harness, Key::PageDown);
        assert_scene_applied(&harness, i);
    }
    // At the end, "next" stays on the last scene.
    key(&mut harness, Key::PageDown);
    assert_eq!(harness.state().presentation.current, Some(n - 1));
    // PageUp goes back, and Space forward (with nothing focused).
    key(&mut harness, Key::PageUp);
    assert_scene_applied(&harness, n - 2);
    key(&mut harness, Key::Space);
    assert_scene_applied(&harness, n - 1);
}

#[test]
fn the_scene_list_shows_where_you_are_and_jumps_to_a_scene() {
    let mut harness = app_harness();
    click_label(&mut harness, "Briefing");
    click_and_settle(&mut harness, "3. January 2022: the CSTO in Kazakhstan");
    assert_scene_applied(&harness, 2);
    // The CSTO intervention is selected: its excerpts are in the side panel.
    harness.get_by_label_contains("The next day, roughly 4,000 CSTO troops");
    // The list marks the current scene.
    let node = harness.get_by_label("3. January 2022: the CSTO in Kazakhstan");
    assert_eq!(
        node.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

#[test]
fn presenter_mode_hides_the_panels_shows_the_caption_and_esc_leaves() {
    let mut harness = app_harness();
    assert!(harness.query_by_label("Map layers").is_some());
    key(&mut harness, Key::F5);
    let app = harness.state();
    assert!(app.presentation.presenting);
    // F5 starts at the first scene; the panels are gone, the caption bar is there.
    assert_eq!(app.presentation.current, Some(0));
    assert!(harness.query_by_label("Map layers").is_none());
    assert!(harness.query_by_label_contains("Search").is_none());
    harness.get_by_label("Central Asia and its neighbours");
    harness.get_by_label("1 / 10");
    harness.get_by_label_contains("Five states between Russia, China, Afghanistan");
    // In presenter mode the arrow keys step too (clickers send them).
    key(&mut harness, Key::ArrowRight);
    assert_scene_applied(&harness, 1);
    harness.get_by_label(
        "Russia's 201st military base in Tajikistan hosts as many as 7 000 troops and stays open through 2042; Kant air base and three more sites in Kyrgyzstan are held under a 2012 agreement that runs to 2032 (The Diplomat says ‘until at least 2027’); Russia also holds the Okno space-surveillance station in Tajikistan and leases three test ranges in Kazakhstan.",
    );
    // The caption carries the record's correction of the article's year, with its source.
    harness.get_by_label_contains("† Caption: the record (20 September 2012)");
    harness.get_by_label_contains("Source: Lennart Meri Conference 2022");
    // Clicking a feature still opens its excerpts (the side panel comes back for it).
    common::click_map_at(&mut harness, 74.846, 42.853);
    harness.get_by_label_contains("Under current agreements, Russia’s Kant airbase in Kyrgyzstan will operate until at least 2027");
    key(&mut harness, Key::ArrowLeft);
    assert_scene_applied(&harness, 0);
    // The legend names what is in view; L or its button takes it off the map and back.
    harness.get_by_label_contains("Legend: Russia, China");
    key(&mut harness, Key::L);
    assert!(harness.query_by_label_contains("Legend:").is_none());
    assert!(!harness.state().settings.presentation_legend);
    click_label(&mut harness, "Legend");
    harness.get_by_label_contains("Legend: Russia, China");
    click_label(&mut harness, "Hide legend");
    assert!(harness.query_by_label_contains("Legend:").is_none());
    key(&mut harness, Key::L);
    harness.get_by_label_contains("Legend: Russia, China");
    // The notes window shows the notes and the next scene.
    click_label(&mut harness, "Notes");
    harness.get_by_label_contains("Orient the audience");
    harness.get_by_label("Next: Russia's military footprint");
    key(&mut harness, Key::Escape);
    assert!(!harness.state().presentation.presenting);
    harness.get_by_label("Map layers");
}

#[test]
fn compare_shows_both_years_side_by_side_with_the_change_list() {
    let mut harness = app_harness();
    let index = common::go_to_scene(&mut harness, "2021 against 2024");
    assert_scene_applied(&harness, index);
    // Two maps, each with its year, one camera.
    harness.get_by_label("Map of Central Asia, as of 2021");
    harness.get_by_label("Map of Central Asia, as of 2024");
    let app = harness.state();
    let right = app.maps.compare.as_ref().expect("compare view");
    assert_eq!(right.map.camera, app.maps.main.camera);
    // The change list names what differs, and an entry flies to it.
    harness.get_by_label_contains("What changed, 2021 to 2024");
    for label in [
        "Belarus: SCO, from observer to member",
        "CSTO deployment to Kazakhstan, January 2022",
    ] {
        harness.get(by().label(label).role(Role::Link));
    }
    click_and_settle(&mut harness, "Armenia: CSTO, from member to suspended");
    let app = harness.state();
    let armenia = app
        .selected()
        .map(|i| app.doc.atlas.countries[i].name.as_str());
    assert_eq!(armenia, Some("Armenia"));
    // Panning the right map moves the left one too.
    let before = harness.state().maps.main.camera.expect("camera");
    let right_rect = harness
        .state()
        .maps
        .compare
        .as_ref()
        .and_then(|c| c.map.viewport);
    let at = right_rect.expect("right map drawn").center();
    harness.drag_at(at);
    harness.hover_at(at + egui::vec2(-120.0, 40.0));
    harness.drop_at(at + egui::vec2(-120.0, 40.0));
    harness.run();
    let app = harness.state();
    let after = app.maps.main.camera.expect("camera");
    assert_ne!(before.center, after.center);
    assert_eq!(
        app.maps.compare.as_ref().and_then(|c| c.map.camera),
        Some(after)
    );
    // Each side keeps its own layers: switching off events on the right leaves the left.
    click_label(&mut harness, "Map layers");
    click_label(&mut harness, "right side");
    click_label(&mut harness, "Events (26)");
    let app = harness.state();
    let right = app.maps.compare.as_ref().expect("compare view");
    assert!(
        !right
            .side
            .layers
            .shows(casa::model::layers::FeatureLayer::Events)
    );
    assert!(
        app.settings
            .layers
            .shows(casa::model::layers::FeatureLayer::Events)
    );
}

#[test]
fn scenes_are_added_edited_reordered_deleted_and_saved_atomically() {
    let dir = scratch_dir("edit-scenes");
    let file = dir.join("scenes.json");
    let options = AppOptions {
        fresh: true,
        scenes: Some(file.clone()),
        ..AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    let shipped = harness.state().presentation.briefing.scenes.len();
    assert!(!file.exists(), "nothing is written before an edit");
    let saved = |file: &std::path::Path| -> Briefing {
        let text = std::fs::read_to_string(file).expect("saved briefing");
        let app_atlas = casa::data::load_atlas(&casa::data::AssetSource::Embedded);
        let (b, issues) =
            Briefing::parse("scenes.json", &text, &app_atlas.atlas, &app_atlas.corpus);
        assert!(issues.is_empty(), "{issues:?}");
        b
    };

    // A new scene from the view: zoom in on Kyrgyzstan, select it, add.
    click_label(&mut harness, "Briefing");
    key(&mut harness, Key::PageDown);
    let ctx = harness.ctx.clone();
    let kgz = harness
        .state()
        .doc
        .atlas
        .countries
        .iter()
        .position(|c| c.id.0 == "KGZ")
        .expect("Kyrgyzstan");
    harness
        .state_mut()
        .run_cmd(&ctx, Command::FlyToCountry(kgz));
    settle(&mut harness);
    click_label(&mut harness, "+ New scene from the view");
    let b = saved(&file);
    assert_eq!(b.scenes.len(), shipped + 1);
    assert_eq!(b.scenes[1].select.as_deref(), Some("KGZ"));
    let [w, s, e, n] = b.scenes[1].view.to_array();
    assert!(
        w > 65.0 && e < 84.0 && s > 34.0 && n < 48.0 && e - w < 15.0,
        "{:?}",
        b.scenes[1].view
    );
    // No temporary file is left beside it (only the claim's lock file, which another
    // CASA window would find locked).
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    files.sort();
    assert_eq!(files, [".scenes.json.lock", "scenes.json"]);

    // Rename and caption it through the editor.
    click_label(&mut harness, "Edit scene 2");
    let ctx = harness.ctx.clone();
    harness.state_mut().run_cmd(
        &ctx,
        Command::EditScene {
            index: 1,
            name: "Kyrgyzstan close up".into(),
            caption: "Kant air base near Bishkek.".into(),
            notes: "Zoomed in.".into(),
        },
    );
    harness.run();
    harness.get_by_label("2. Kyrgyzstan close up");
    assert_eq!(
        saved(&file).scenes[1].caption,
        "Kant air base near Bishkek."
    );

    // Move it down, then delete it (after confirming).
    click_label(&mut harness, "Move down");
    assert_eq!(saved(&file).scenes[2].name, "Kyrgyzstan close up");
    assert_eq!(harness.state().presentation.current, Some(2));
    click_label(&mut harness, "Delete scene");
    click_label(&mut harness, "Delete");
    let b = saved(&file);
    assert_eq!(b.scenes.len(), shipped);
    assert!(b.scenes.iter().all(|s| s.name != "Kyrgyzstan close up"));

    // Export the briefing to share it; import it back: its scenes are added after ours.
    let shared = dir.join("shared-briefing.json");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::ExportBriefing(shared.clone()));
    harness
        .state_mut()
        .run_cmd(&ctx, Command::ImportBriefing(shared.clone()));
    harness.run();
    assert_eq!(saved(&file).scenes.len(), 2 * shipped);
    harness.get_by_label_contains(&format!("Imported {shipped} scene(s)"));

    // A restart finds the user's scenes.
    let options = AppOptions {
        fresh: true,
        scenes: Some(file.clone()),
        ..AppOptions::default()
    };
    let harness = app_harness_with(options, egui::Theme::Light);
    assert_eq!(
        harness.state().presentation.briefing.scenes.len(),
        2 * shipped
    );
    assert!(harness.state().presentation.is_user);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_corrupt_briefing_file_is_set_aside_and_the_shipped_one_is_used() {
    let dir = scratch_dir("corrupt-scenes");
    let file = dir.join("scenes.json");
    std::fs::write(&file, "{\"scenes\": [ {\"name\": \"half a sce").expect("write");
    let options = AppOptions {
        fresh: true,
        scenes: Some(file.clone()),
        ..AppOptions::default()
    };
    let mut harness = app_harness_with(options, egui::Theme::Light);
    let app = harness.state();
    assert!(!app.presentation.is_user);
    assert_eq!(app.presentation.briefing, app.presentation.shipped);
    assert!(!file.exists(), "the corrupt file is moved aside");
    let kept: Vec<_> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|n| n.starts_with("scenes.json.corrupt-")),
        "{kept:?}"
    );
    harness.get_by_label_contains("Data problems").click();
    harness.run();
    harness.get_by_label_contains("not a briefing file");
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn exported_slides_carry_the_legend_caption_stamp_and_sources() {
    let mut harness = app_harness();
    let dir = scratch_dir("slides");
    let ctx = harness.ctx.clone();
    let index = harness
        .state()
        .presentation
        .briefing
        .find("January 2022: the CSTO in Kazakhstan")
        .expect("scene");
    let svg_path = dir.join("csto.svg");
    let png_path = dir.join("csto.png");
    for (path, size) in [(&svg_path, [1920, 1080]), (&png_path, [3840, 2160])] {
        harness.state_mut().run_cmd(
            &ctx,
            Command::ExportSlide {
                path: path.clone(),
                scene: Some(index),
                size,
            },
        );
        wait_for_export(&mut harness);
    }
    let svg = std::fs::read_to_string(&svg_path).expect("an SVG");
    assert!(svg.starts_with("<svg") && svg.contains(r#"width="1920" height="1080""#));
    for expected in [
        ">Legend<",
        ">CSTO: member, withdrawn<",
        ">January 2022: the CSTO in Kazakhstan<",
        "about 3,000 of them Russian; Kazakhstan",
        "official count was 2,030",
        ">As of 2022<",
        "Source: The Diplomat, 2022; Lennart Meri Conference 2022",
        "How the Central Asian States Can Protect Themselves From Russia",
        "Natural Earth",
    ] {
        assert!(svg.contains(expected), "the SVG lacks {expected:?}");
    }
    let png = image::open(&png_path).expect("a PNG").to_rgba8();
    assert_eq!((png.width(), png.height()), (3840, 2160));
    // Not blank: many colours, and the Russian symbol colour among them.
    let mut colours = std::collections::BTreeSet::new();
    for p in png.pixels().step_by(97) {
        colours.insert(p.0);
    }
    assert!(colours.len() > 200, "only {} colours", colours.len());
    let russia = casa::render::style::Palette::of(casa::render::style::Theme::Light)
        .actor(casa::model::Actor::Russia)
        .to_srgba_unmultiplied();
    assert!(
        png.pixels().any(|p| p.0 == russia),
        "no Russian symbol drawn"
    );

    // The current view exports too (the window's view, its layers and year).
    let current = dir.join("view.png");
    harness.state_mut().run_cmd(
        &ctx,
        Command::ExportSlide {
            path: current.clone(),
            scene: None,
            size: [1920, 1080],
        },
    );
    wait_for_export(&mut harness);
    harness.run();
    harness.get_by_label("Map layers");
    assert_eq!(
        image::image_dimensions(&current).expect("a PNG"),
        (1920, 1080)
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// Runs frames until the deck being made is written or cancelled; returns the notice.
fn wait_for_deck(harness: &mut Harness<'_, casa::app::CasaApp>) -> String {
    for _ in 0..3_000 {
        harness.step();
        if harness.state().exports.deck.is_none() {
            return harness
                .state()
                .notices
                .text(casa::session::notices::Topic::Briefing)
                .unwrap_or_default()
                .to_owned();
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the deck was not written within 30 s");
}

#[test]
fn the_briefing_exports_as_a_pdf_deck_from_the_file_menu_and_can_be_cancelled() {
    let mut harness = app_harness();
    let ctx = harness.ctx.clone();
    let dir = scratch_dir("deck");
    click_label(&mut harness, "File");
    click_label(&mut harness, "Export briefing as PDF…");
    harness
        .get_by_label("Speaker notes pages (the presenter's copy)")
        .click();
    // The banner is typed once and kept with the briefing (saved with it).
    harness.get_by_label("Banner").click();
    harness.run();
    harness
        .get_by_label("Banner")
        .type_text("DRAFT — NOT FOR RELEASE");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(
        harness.state().presentation.briefing.banner,
        "DRAFT — NOT FOR RELEASE"
    );
    let saved = harness
        .state()
        .presentation
        .path()
        .map(std::path::Path::to_path_buf)
        .expect("a briefing file");
    let text = std::fs::read_to_string(&saved).expect("the briefing is saved");
    assert!(
        text.contains(r#""banner": "DRAFT — NOT FOR RELEASE""#),
        "{text}"
    );
    // Slides of the briefing carry it too.
    let svg = casa::export::svg(&harness.state().slide(Some(0), [1920, 1080]));
    assert_eq!(svg.matches(">DRAFT — NOT FOR RELEASE<").count(), 2);

    // Written page by page while the window keeps drawing, with progress and Cancel.
    let deck = dir.join("briefing.pdf");
    let notes = harness
        .state()
        .exports
        .deck_choice
        .as_ref()
        .is_some_and(|c| c.notes);
    assert!(notes, "the notes box was ticked");
    harness.state_mut().run_cmd(
        &ctx,
        Command::ExportDeck {
            path: deck.clone(),
            notes,
        },
    );
    harness.step();
    harness.step();
    assert!(harness.state().exports.deck.is_some());
    harness.get_by_label("Cancel");
    harness.get_by_label("Map layers");
    let notice = wait_for_deck(&mut harness);
    assert!(notice.starts_with("Saved the briefing ("), "{notice}");
    let bytes = std::fs::read(&deck).expect("the deck");
    assert!(bytes.starts_with(b"%PDF-"));
    #[cfg(target_os = "linux")]
    {
        let out = std::process::Command::new("pdftotext")
            .arg(&deck)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is installed");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("DRAFT — NOT FOR RELEASE"));
        assert!(text.contains("— notes"), "notes pages");
    }

    // Cancel, while the pages are composed and while the worker converts them: nothing
    // is left under the name, nor beside it.
    for converting in [false, true] {
        let cancelled = dir.join("cancelled.pdf");
        harness.state_mut().run_cmd(
            &ctx,
            Command::ExportDeck {
                path: cancelled.clone(),
                notes: true,
            },
        );
        harness.step();
        while converting
            && harness
                .state()
                .exports
                .deck
                .as_ref()
                .is_some_and(|j| j.worker.is_none())
        {
            harness.step();
        }
        let worker = harness
            .state()
            .exports
            .deck
            .as_ref()
            .is_some_and(|j| j.worker.is_some());
        assert_eq!(worker, converting);
        harness.get_by_label("Cancel").click();
        let notice = wait_for_deck(&mut harness);
        assert_eq!(notice, "Cancelled: no deck was written");
        assert!(!cancelled.exists());
        let left: Vec<_> = std::fs::read_dir(&dir)
            .expect("the folder")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from("briefing.pdf")]);
    }
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_second_window_never_overwrites_the_first_ones_scenes_or_settings() {
    let dir = scratch_dir("two-windows");
    let options = || AppOptions {
        state: Some(dir.join("state.json")),
        scenes: Some(dir.join("scenes.json")),
        ..AppOptions::default()
    };
    let mut first = app_harness_with(options(), egui::Theme::Light);
    let mut second = app_harness_with(options(), egui::Theme::Light);
    // The second window says at once that it will not save.
    let warned: Vec<String> = second
        .state()
        .notices
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warned
            .iter()
            .any(|w| w.contains("scenes.json: another CASA window is open with these scenes")),
        "{warned:?}"
    );
    assert!(
        warned
            .iter()
            .any(|w| w.contains("state.json: another CASA window is open")),
        "{warned:?}"
    );
    assert!(
        first.state().notices.problems.is_empty(),
        "{:?}",
        first.state().notices.problems
    );
    let shipped = first.state().presentation.briefing.scenes.len();
    let scenes = |dir: &std::path::Path| -> Vec<String> {
        let text = std::fs::read_to_string(dir.join("scenes.json")).expect("the briefing");
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        value["scenes"]
            .as_array()
            .expect("scenes")
            .iter()
            .map(|s| s["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };

    // The first window adds a scene: saved.
    let ctx = first.ctx.clone();
    first.state_mut().run_cmd(&ctx, Command::AddScene);
    let after_first = scenes(&dir);
    assert_eq!(after_first.len(), shipped + 1);
    // The second adds one too: kept in that window, not written over the first's.
    let ctx = second.ctx.clone();
    second.state_mut().run_cmd(&ctx, Command::AddScene);
    let notice = second
        .state()
        .notices
        .text(casa::session::notices::Topic::Briefing)
        .unwrap_or_default()
        .to_owned();
    assert!(
        notice.starts_with("Not saved: another CASA window is saving"),
        "{notice}"
    );
    assert_eq!(scenes(&dir), after_first);
    assert_eq!(
        second.state().presentation.briefing.scenes.len(),
        shipped + 1
    );
    // Its settings are not saved either; the first's are.
    first.state_mut().settings.show_graticule = false;
    first.state_mut().save_settings();
    second.state_mut().settings.show_graticule = true;
    second.state_mut().save_settings();
    let graticule = |dir: &std::path::Path| {
        let text = std::fs::read_to_string(dir.join("state.json")).expect("state");
        serde_json::from_str::<serde_json::Value>(&text).expect("JSON")["show_graticule"].as_bool()
    };
    assert_eq!(graticule(&dir), Some(false));

    // The first window closes: the second now saves, and the first's scenes are kept in a
    // copy beside the file, named in the notice.
    drop(first);
    let ctx = second.ctx.clone();
    second.state_mut().run_cmd(&ctx, Command::AddScene);
    let notice = second
        .state()
        .notices
        .text(casa::session::notices::Topic::Briefing)
        .unwrap_or_default()
        .to_owned();
    assert!(
        notice.contains("the other window's scenes are kept in"),
        "{notice}"
    );
    assert_eq!(scenes(&dir).len(), shipped + 2);
    let copy = std::fs::read_dir(&dir)
        .expect("the folder")
        .map(|e| e.expect("entry").path())
        .find(|p| p.to_string_lossy().contains("scenes.json.other-window-"))
        .expect("a copy of the first window's scenes");
    let text = std::fs::read_to_string(copy).expect("the copy");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).expect("JSON")["scenes"]
            .as_array()
            .map(Vec::len),
        Some(after_first.len())
    );
    second.state_mut().save_settings();
    assert_eq!(graticule(&dir), Some(true));
    std::fs::remove_dir_all(&dir).expect("clean up");
}
