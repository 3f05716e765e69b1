//! Helpers shared by the UI tests: build the real app, act on the map like a user.

#![allow(dead_code)]

use casa::app::{AppOptions, CasaApp};
use casa::geo::projection::LonLat;
use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The window size the UI tests use.
pub const WINDOW: Vec2 = Vec2::new(1280.0, 800.0);

/// The real app on the shipped atlas, default settings, in a test harness.
pub fn app_harness() -> Harness<'static, CasaApp> {
    app_harness_themed(egui::Theme::Light)
}

/// The real app in a harness whose egui theme is given (the app's theme command sets the
/// map's palette; the harness sets the widgets').
pub fn app_harness_themed(theme: egui::Theme) -> Harness<'static, CasaApp> {
    app_harness_with(
        AppOptions {
            fresh: true,
            scenes: Some(scratch_dir("scenes").join("scenes.json")),
            state: None,
            ..AppOptions::default()
        },
        theme,
    )
}

/// A new empty folder for one test's files (never the user's own data folder).
pub fn scratch_dir(what: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "casa-test-{what}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// A file of the layer fixtures (`tests/fixtures/layers/`).
pub fn layer_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers")
        .join(name)
}

/// The app with its own state and briefing files in `dir`, as after a restart (the layers
/// it remembers start loading).
pub fn app_in_dir(dir: &std::path::Path) -> Harness<'static, CasaApp> {
    let options = AppOptions {
        state: Some(dir.join("state.json")),
        scenes: Some(dir.join("scenes.json")),
        ..AppOptions::default()
    };
    app_harness_with(options, egui::Theme::Light)
}

/// The real app started with these options, after its first frames.
pub fn app_harness_with(mut options: AppOptions, theme: egui::Theme) -> Harness<'static, CasaApp> {
    // Never the user's own atlas folder.
    if options.user.is_none() {
        options.user = Some(scratch_dir("user-atlas"));
    }
    // The first frames show the relief, so what a test sees does not depend on a thread.
    options.wait_for_relief = true;
    let mut harness = Harness::builder()
        .with_size(WINDOW)
        .with_theme(theme)
        .build_eframe(move |cc| CasaApp::new(cc, options));
    harness.run();
    harness
}

/// Where a place is on screen now.
pub fn screen_pos(harness: &Harness<'_, CasaApp>, lon: f64, lat: f64) -> Pos2 {
    let app = harness.state();
    app.maps
        .main
        .screen_pos(&app.doc.geometry, LonLat::new(lon, lat))
        .expect("the map has been drawn")
}

/// Moves the pointer to a place and clicks there with the primary button.
pub fn click_map_at(harness: &mut Harness<'_, CasaApp>, lon: f64, lat: f64) {
    let pos = screen_pos(harness, lon, lat);
    harness.hover_at(pos);
    harness.run();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run();
    // Move the pointer off the window so the hover tooltip does not repeat the name.
    harness.remove_cursor();
    harness.run();
}

/// Zooms with a pinch gesture toward a place until the map shows at most `metres_per_point`.
pub fn zoom_toward(harness: &mut Harness<'_, CasaApp>, lon: f64, lat: f64, metres_per_point: f64) {
    for _ in 0..40 {
        let mpp = harness
            .state()
            .maps
            .main
            .camera
            .expect("camera")
            .metres_per_point;
        if mpp <= metres_per_point {
            return;
        }
        let pos = screen_pos(harness, lon, lat);
        harness.hover_at(pos);
        harness.event(Event::Zoom(1.5));
        harness.run();
    }
    panic!("could not zoom in to {metres_per_point} m per point");
}

/// Presses a key once.
pub fn press(harness: &mut Harness<'_, CasaApp>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

/// Runs enough frames for a camera flight to end, then until the UI settles.
pub fn settle(harness: &mut Harness<'_, CasaApp>) {
    harness.run_steps(90);
    harness.run();
}

/// Clicks the widget with exactly this label and lets the UI settle.
pub fn click_label(harness: &mut Harness<'_, CasaApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// Turns "As of a year" on (if needed) and sets the slider as a screen reader would.
pub fn set_year(harness: &mut Harness<'_, CasaApp>, year: i32) {
    if harness.state().settings.layers.year.is_none() {
        click_label(harness, "As of a year");
    }
    harness
        .get(egui_kittest::kittest::by().role(egui::accesskit::Role::Slider))
        .set_value_accesskit(f64::from(year));
    harness.run();
}

/// Goes to a shipped scene by name, as the scene list does, and waits for the camera.
pub fn go_to_scene(harness: &mut Harness<'_, CasaApp>, name: &str) -> usize {
    let index = harness
        .state()
        .presentation
        .briefing
        .find(name)
        .expect("a shipped scene");
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, casa::ui::Command::GoToScene(index));
    harness.remove_cursor();
    settle(harness);
    index
}

/// Chooses a file in CASA's picker by typing its path, then presses `button` ("Open",
/// "Save").
pub fn pick_file(harness: &mut Harness<'_, CasaApp>, path: &std::path::Path, button: &str) {
    harness.get_by_label("File path:").focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_label("File path:")
        .type_text(&path.display().to_string());
    harness.run();
    harness.get_by_label(button).click();
    harness.run();
}

/// Runs frames until no layer is loading.
pub fn wait_for_imports(harness: &mut Harness<'_, CasaApp>) {
    for _ in 0..2_000 {
        if harness.state().imports.jobs.is_empty() {
            harness.run();
            return;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the layers did not finish loading within 20 s");
}
