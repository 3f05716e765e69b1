//! Snapshot images guarding the look (wgpu on Mesa's software Vulkan, no GPU needed).
//! Update with `UPDATE_SNAPSHOTS=1 cargo test --workspace --test ui snapshots::` and look at the PNGs.

use crate::common;

use casa::model::layers::ReliefStyle;
use casa::render::style::Theme;
use casa::ui::Command;
use common::{app_harness, app_harness_themed, click_label, click_map_at, set_year, zoom_toward};
use egui_kittest::kittest::Queryable;

#[test]
fn overview_light() {
    let mut harness = app_harness();
    harness.remove_cursor();
    harness.run();
    harness.snapshot("overview_light");
}

#[test]
fn overview_dark_with_selection() {
    let mut harness = app_harness_themed(egui::Theme::Dark);
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::SetTheme(Theme::Dark));
    click_map_at(&mut harness, 74.6, 41.5);
    harness.run();
    harness.snapshot("overview_dark_kyrgyzstan_selected");
}

#[test]
fn fergana_enclaves_zoomed() {
    let mut harness = app_harness();
    zoom_toward(&mut harness, 71.2, 39.95, 150.0);
    click_map_at(&mut harness, 71.10, 39.96);
    harness.run();
    harness.snapshot("fergana_sokh_selected");
}

#[test]
fn selected_site_with_its_side_panel() {
    let mut harness = app_harness();
    harness.get_by_label("Kant air base").click();
    harness.run();
    harness.remove_cursor();
    harness.run();
    harness.snapshot("kant_selected");
}

#[test]
fn memberships_overlay() {
    let mut harness = app_harness();
    click_label(&mut harness, "CSTO (5 members)");
    click_label(&mut harness, "SCO (10 members)");
    set_year(&mut harness, 2015);
    harness.remove_cursor();
    harness.run();
    harness.snapshot("memberships_csto_sco_2015");
}

#[test]
fn presenter_mode_with_caption_and_legend() {
    let mut harness = app_harness();
    let ctx = harness.ctx.clone();
    harness.state_mut().run_cmd(&ctx, Command::Present(true));
    common::go_to_scene(&mut harness, "January 2022: the CSTO in Kazakhstan");
    harness.snapshot("presenter_csto_kazakhstan_2022");
}

#[test]
fn compare_2021_with_2024() {
    let mut harness = app_harness();
    common::go_to_scene(&mut harness, "2021 against 2024");
    harness.snapshot("compare_2021_2024");
}

#[test]
fn an_imported_layer_with_a_feature_selected() {
    let mut harness = app_harness();
    let ctx = harness.ctx.clone();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers/exercises.geojson");
    harness.state_mut().run_cmd(&ctx, Command::OpenFile(file));
    common::wait_for_imports(&mut harness);
    // The exercise area in Khatlon, as a click on it selects it.
    harness
        .state_mut()
        .run_cmd(&ctx, Command::SelectImported(Some((0, 1))));
    // The notice names the seconds the load took: not part of the look.
    harness
        .state_mut()
        .notices
        .clear(casa::session::notices::Topic::Layers);
    harness.remove_cursor();
    harness.run();
    harness.snapshot("imported_layer_selected");
}

/// The same scene on screen and as a slide: one composed map, two painters. Look at the
/// pair side by side: the same labels (Kant air base among them), symbols and hatching.
#[test]
fn scene_2_on_screen_and_as_a_slide() {
    let mut harness = app_harness();
    let index = common::go_to_scene(&mut harness, "Russia's military footprint");
    harness.snapshot("scene2_screen");
    let app = harness.state();
    let page = casa::export::page(&app.slide(Some(index), [1280, 720]));
    let png = casa::export::png(&page).expect("the slide rasterises");
    let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
    egui_kittest::image_snapshot(&image, "scene2_slide");
}

/// The overview with the elevation tints (the default hillshade is in `overview_light`):
/// look at it: the Pamirs and the Tian Shan white over the country colours, the lowlands
/// green and tan, every label and symbol as legible as without.
#[test]
fn overview_with_elevation_tints() {
    let mut harness = app_harness();
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .run_cmd(&ctx, Command::SetRelief(ReliefStyle::Tints));
    harness.remove_cursor();
    harness.run();
    harness.snapshot("overview_relief_tints");
}

/// The scene that asks for the tints, as a slide: the relief reprojected for the page
/// under the same labels and symbols as on screen, the ranges named.
#[test]
fn scene_4_slide_with_its_relief() {
    let harness = app_harness();
    let app = harness.state();
    let index = app
        .presentation
        .briefing
        .find("China's rising presence")
        .expect("scene 4");
    let page = casa::export::page(&app.slide(Some(index), [1280, 720]));
    let svg = casa::paint::svg::document(&page);
    assert!(
        svg.contains("data:image/png;base64,"),
        "the relief is embedded"
    );
    let png = casa::export::png(&page).expect("the slide rasterises");
    let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
    egui_kittest::image_snapshot(&image, "scene4_slide_relief");
}

/// The compare scene as a 1280×720 slide: two maps side by side, the legend in its own
/// column. Look at it: no label runs into a symbol or another label around Kant and
/// Bishkek, and the red-outlined Baikonur lease has its legend entry.
#[test]
fn the_compare_scene_as_a_small_slide() {
    let harness = app_harness();
    let app = harness.state();
    let index = app
        .presentation
        .briefing
        .find("2021 against 2024")
        .expect("the compare scene");
    let page = casa::export::page(&app.slide(Some(index), [1280, 720]));
    let svg = casa::paint::svg::document(&page);
    assert!(
        svg.contains("Leased territory: Baikonur"),
        "the lease is explained"
    );
    let png = casa::export::png(&page).expect("the slide rasterises");
    let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
    egui_kittest::image_snapshot(&image, "compare_slide_1280");
}

/// Names in scripts the embedded fonts lack (Chinese, and Arabic script as Dari writes it)
/// fall back to a system font, on screen and on the slide; a glyph nothing can draw fails
/// the test rather than showing a box. Needs a CJK font and one with Arabic (Debian:
/// fonts-wqy-microhei, fonts-dejavu-core; `.ci/run` installs them). The pictures are those
/// fonts': on a machine with other CJK or Arabic fonts (Noto, say) the provider may pick
/// those, so the images are compared only when the faces found are CI's (or under CI).
#[test]
fn names_in_chinese_and_arabic_scripts() {
    let mut harness = app_harness();
    harness
        .ctx
        .set_missing_glyph_policy(egui::epaint::text::MissingGlyphPolicy::Panic);
    let ctx = harness.ctx.clone();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers/scripts.geojson");
    harness.state_mut().run_cmd(&ctx, Command::OpenFile(file));
    common::wait_for_imports(&mut harness);
    harness.state_mut().run_cmd(&ctx, Command::ZoomToImport(0));
    harness
        .state_mut()
        .notices
        .clear(casa::session::notices::Topic::Layers);
    harness.remove_cursor();
    common::settle(&mut harness);
    let discovered: Vec<String> = ctx.fonts(|f| {
        f.discovered_fonts()
            .iter()
            .map(|font| font.name.clone())
            .collect()
    });
    assert!(!discovered.is_empty(), "no system font was added");
    let ci_fonts = discovered
        .iter()
        .all(|name| name.contains("WenQuanYi") || name.contains("DejaVu"));
    if !ci_fonts && std::env::var_os("CI").is_none() {
        eprintln!("fonts {discovered:?} are not CI's: the glyphs are checked, not the pictures");
        return;
    }
    harness.snapshot("imported_scripts");
    let app = harness.state();
    let page = casa::export::page(&app.slide(None, [1280, 720]));
    let png = casa::export::png(&page).expect("the slide rasterises");
    let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
    egui_kittest::image_snapshot(&image, "imported_scripts_slide");
}
