//! One map, every painter: the screen (egui) and the pages (SVG, PNG, PDF) paint the same
//! composed draw list, so labels, symbols and layout rules cannot drift apart again.

use casa::compose::{
    DrawList, FrameCache, HeadlessText, ImportedView, Item, MapScene, Selection, compose_map,
};
use casa::data::{AssetSource, load_atlas};
use casa::export::{Slide, compose_slide, scene_slide};
use casa::geo::camera::Camera;
use casa::model::briefing::Briefing;
use casa::model::layers::SideState;
use casa::render::document::Document;
use casa::render::imported::ImportedGeometry;
use casa::render::style::{Palette, Theme};
use casa::ui::screen::{EguiText, paint};
use egui::{Pos2, Rect, Vec2};

fn shipped() -> (Document, Briefing) {
    let loaded = load_atlas(&AssetSource::Embedded);
    (
        Document::build(loaded.atlas, loaded.corpus),
        loaded.briefing,
    )
}

fn palette() -> Palette {
    Palette::of(Theme::Light)
}

/// Scene `name`'s first side as one map in `rect`.
fn scene_map<'a>(
    doc: &'a Document,
    side: &'a SideState,
    palette: &'a Palette,
    subjects: &'a [usize],
    selection: Selection,
) -> MapScene<'a> {
    let mut scene = casa::compose::MapScene::of(doc, side, palette, true, &[], selection);
    scene.subjects = subjects;
    scene.stamp_all_years = true;
    scene
}

/// (text, x where it starts, baseline) of every `<text>` element of an SVG.
fn svg_texts(svg: &str) -> Vec<(String, f32, f32)> {
    let mut out = Vec::new();
    for chunk in svg.split("<text").skip(1) {
        let attr = |name: &str| -> Option<String> {
            let at = chunk.find(&format!(" {name}=\""))? + name.len() + 3;
            let rest = &chunk[at..];
            Some(rest[..rest.find('"')?].to_owned())
        };
        let x: f32 = attr("x")
            .and_then(|x| x.split_whitespace().next().and_then(|v| v.parse().ok()))
            .unwrap_or(f32::NAN);
        let y: f32 = attr("y").and_then(|y| y.parse().ok()).unwrap_or(f32::NAN);
        let body = chunk
            .split_once('>')
            .map(|(_, b)| b.split("</text>").next().unwrap_or(""))
            .unwrap_or("");
        let text = body
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'");
        out.push((text, x, y));
    }
    out
}

/// The same texts where the draw list put them: (text, x of first glyph, baseline).
fn list_texts(list: &DrawList<'_>) -> Vec<(String, f32, f32)> {
    let mut out = Vec::new();
    for item in &list.items {
        if let Item::Text { pos, galley, .. } = item {
            for row in &galley.rows {
                let Some(first) = row.row.glyphs.iter().find(|g| !g.chr.is_whitespace()) else {
                    continue;
                };
                let text = row.row.text().trim().to_owned();
                out.push((
                    text,
                    pos.x + row.pos.x + first.pos.x,
                    pos.y + row.pos.y + first.pos.y,
                ));
            }
        }
    }
    out
}

#[test]
fn the_egui_and_svg_painters_draw_the_same_labels_and_symbols() {
    let (doc, briefing) = shipped();
    let palette = palette();
    let index = briefing
        .find("Russia's military footprint")
        .expect("scene 2");
    let scene = &briefing.scenes[index];
    let side = SideState::new(&doc.atlas, scene.side().to_state());
    let subjects = doc.features_named_in(&scene.caption);
    let map = scene_map(&doc, &side, &palette, &subjects, Selection::None);
    let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1280.0, 800.0));
    let camera = Camera::fit(&doc.geometry.projection, scene.view, rect.size());

    // Composed off screen, with the fonts the slides use.
    let headless = compose_map(
        &map,
        &camera,
        rect,
        &mut HeadlessText::new(1.0),
        &mut FrameCache::default(),
    );
    // Composed and painted in an egui frame, with the context's fonts.
    let ctx = egui::Context::default();
    let mut on_screen = None;
    let input = egui::RawInput {
        screen_rect: Some(rect),
        ..Default::default()
    };
    let mut output = ctx.run_ui(input, |ui| {
        let composed = compose_map(
            &map,
            &camera,
            rect,
            &mut EguiText(ui.ctx()),
            &mut FrameCache::default(),
        );
        paint(ui.painter(), &composed.list);
        on_screen = Some((
            list_texts(&composed.list),
            composed.list.glyphs().collect::<Vec<_>>(),
        ));
    });
    output.textures_delta.clear();
    let (screen_texts, screen_glyphs) = on_screen.expect("a frame ran");

    // Same labels at the same places, same symbols in the same order.
    let slide_texts = list_texts(&headless.list);
    assert!(slide_texts.len() > 20, "{} labels", slide_texts.len());
    assert_eq!(screen_texts, slide_texts);
    let slide_glyphs: Vec<_> = headless.list.glyphs().collect();
    assert!(!slide_glyphs.is_empty());
    assert_eq!(screen_glyphs, slide_glyphs);

    // The egui painter put every text where the list says.
    let galleys: Vec<(String, Pos2)> = output
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Text(t) if t.override_text_color.is_none() => {
                Some((t.galley.text().to_owned(), t.pos))
            }
            _ => None,
        })
        .collect();
    let listed: Vec<(String, Pos2)> = headless
        .list
        .texts()
        .map(|(t, r)| (t.to_owned(), r.min))
        .collect();
    assert_eq!(galleys, listed);

    // The page the SVG, PNG and PDF painters paint holds every text where the list says.
    let canvas = egui::vec2(1920.0, 1080.0);
    let page = casa::paint::page::Page::of([1920, 1080], canvas, "one map", None, &headless.list);
    let paged: Vec<(String, Pos2)> = page.texts().map(|(t, r)| (t.to_owned(), r.min)).collect();
    assert_eq!(paged, listed);

    // The SVG painter wrote every text at its glyphs' positions.
    let svg = casa::paint::svg::document(&page);
    let written = svg_texts(&svg);
    assert_eq!(written.len(), slide_texts.len());
    for ((t, x, y), (u, x2, y2)) in written.iter().zip(&slide_texts) {
        assert_eq!(t, u);
        assert!(
            (x - x2).abs() < 0.01 && (y - y2).abs() < 0.01,
            "{t}: {x},{y} vs {x2},{y2}"
        );
    }
    assert_eq!(svg.matches("<polygon").count(), polygons(&headless.list));
}

/// How many `<polygon>` elements the SVG painter writes for a list (glyphs are drawn as an
/// outline and a fill, hollow ones with a centre; edge markers as one).
fn polygons(list: &DrawList<'_>) -> usize {
    list.items
        .iter()
        .map(|i| match i {
            Item::Glyph { hollow, .. } => 2 + usize::from(*hollow),
            Item::Polygon { .. } => 1,
            _ => 0,
        })
        .sum()
}

fn slide_for<'a>(
    doc: &'a Document,
    briefing: &Briefing,
    palette: &'a Palette,
    name: &str,
) -> Slide<'a> {
    let index = briefing.find(name).expect("the scene");
    scene_slide(
        doc,
        palette,
        casa::render::style::Basemap::EXPORT,
        &briefing.scenes[index],
        Vec::new(),
        [1920, 1080],
    )
}

#[test]
fn scene_2_slide_labels_kant_air_base() {
    let (doc, briefing) = shipped();
    let palette = palette();
    let slide = slide_for(&doc, &briefing, &palette, "Russia's military footprint");
    let kant = doc
        .atlas
        .features
        .iter()
        .position(|f| f.id == "ru-kant-air-base")
        .expect("Kant");
    assert!(slide.subjects.contains(&kant), "{:?}", slide.subjects);
    let svg = casa::export::svg(&slide);
    let label = &doc.content.labels[kant];
    assert!(
        svg.contains(&format!(">{label}<")),
        "no {label:?} on the slide"
    );
}

#[test]
fn the_compare_slide_legend_covers_no_map() {
    let (doc, briefing) = shipped();
    let palette = palette();
    let slide = slide_for(&doc, &briefing, &palette, "2021 against 2024");
    assert_eq!(slide.sides.len(), 2);
    let list = compose_slide(&slide, &mut HeadlessText::new(1.0));
    let maps: Vec<Rect> = list
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Clip(Some(r)) => Some(*r),
            _ => None,
        })
        .collect();
    assert_eq!(maps.len(), 2);
    let legend = list
        .texts()
        .find(|(t, _)| *t == "Legend")
        .map(|(_, r)| r)
        .expect("a legend");
    for map in &maps {
        assert!(
            !map.intersects(legend),
            "the legend {legend:?} covers {map:?}"
        );
    }
    // Every legend entry sits beside the maps, not over them.
    let right = maps.iter().map(|m| m.right()).fold(0.0, f32::max);
    assert!(legend.left() >= right);
}

/// The overview slide with one imported layer, composed and given to `look`.
fn overview_with<R>(
    doc: &Document,
    palette: &Palette,
    layer: &casa::model::user_layer::UserLayer,
    geometry: &ImportedGeometry,
    look: impl FnOnce(&DrawList<'_>) -> R,
) -> R {
    let imported = vec![ImportedView {
        layer,
        geometry,
        visible: true,
    }];
    let slide = casa::export::overview_slide(
        doc,
        palette,
        casa::render::style::Basemap::EXPORT,
        imported,
        [1920, 1080],
    );
    look(&compose_slide(&slide, &mut HeadlessText::new(1.0)))
}

#[test]
fn imported_layers_lie_under_the_regions_on_screen_and_on_slides() {
    let (doc, _) = shipped();
    let palette = palette();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers/clockwise.geojson");
    let layer = casa::data::user_layer::load_layer(&path).expect("the fixture loads");
    let geometry = ImportedGeometry::build(&layer, &doc.geometry.projection);
    overview_with(&doc, &palette, &layer, &geometry, |list| {
        imported_under_regions(list, &palette);
    });
}

fn imported_under_regions(list: &DrawList<'_>, palette: &Palette) {
    let imported_at = list
        .items
        .iter()
        .position(|i| {
            matches!(
                i,
                Item::Area {
                    even_odd: false,
                    ..
                }
            )
        })
        .expect("the imported area");
    let region_at = list
        .items
        .iter()
        .rposition(|i| matches!(i, Item::Area { color, .. } if *color == palette.region.gamma_multiply(0.14)))
        .expect("a region");
    assert!(imported_at < region_at);
    if let Item::Area { color, .. } = &list.items[imported_at] {
        assert_eq!(*color, palette.imported(0).gamma_multiply(0.22));
    }
}

/// Regression: slides drew every point of an imported layer (a million points took 23-35 s
/// and 1.45 GB); now they are thinned per zoom band and decluttered as on screen.
#[test]
fn a_slide_thins_a_dense_imported_layer_as_the_screen_does() {
    let (doc, _) = shipped();
    let palette = palette();
    let mut text = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    let n = 50_000;
    for i in 0..n {
        let (lon, lat) = (
            55.0 + (i % 250) as f64 * 0.1,
            38.0 + (i / 250) as f64 * 0.05,
        );
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.3},{lat:.3}]}}}}"
        ));
    }
    text.push_str("]}");
    let layer = casa::data::user_layer::parse_layer("dense", "dense.geojson", &text)
        .expect("the layer parses");
    assert_eq!(layer.features.len(), n);
    let geometry = ImportedGeometry::build(&layer, &doc.geometry.projection);
    let discs = overview_with(&doc, &palette, &layer, &geometry, |list| {
        list.items
            .iter()
            .filter(|i| matches!(i, Item::Circle { fill, .. } if *fill == palette.imported(0)))
            .count()
    });
    // At most one per 15-point cell of the map, far fewer than the points.
    let cells = (1920.0 / 15.0) * (1080.0 / 15.0);
    assert!(discs > 100 && (discs as f32) < cells, "{discs} discs");
    assert!(discs < n / 10, "{discs} discs for {n} points");
}

/// How far two pictures of one page differ: the share of pixels whose colour differs by
/// more than `much` in some channel, and the mean difference over every channel.
fn difference(a: &[u8], b: &[u8], much: u8) -> (f64, f64) {
    assert_eq!(a.len(), b.len());
    let (mut far, mut sum) = (0_usize, 0_u64);
    for (p, q) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        let d = p
            .iter()
            .zip(q)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        far += usize::from(d > much);
        sum += p
            .iter()
            .zip(q)
            .map(|(x, y)| u64::from(x.abs_diff(*y)))
            .sum::<u64>();
    }
    let pixels = (a.len() / 4).max(1) as f64;
    (far as f64 / pixels, sum as f64 / (pixels * 4.0))
}

/// The PNG painter draws what the SVG painter's document shows when resvg renders it
/// (how slides were drawn before the page painters): the same map, labels and symbols at
/// the same pixels, within anti-aliasing and the two text rasterisers' differences, for
/// the overview, a scene, the two-map compare and a scene with the relief's tints.
#[test]
fn the_png_painter_draws_what_the_svg_shows() {
    let (doc, briefing) = shipped();
    let palette = palette();
    let mut scenes = vec![("overview", None)];
    for name in [
        "Russia's military footprint",
        "2021 against 2024",
        "China's rising presence",
    ] {
        scenes.push((name, Some(briefing.find(name).expect("the scene"))));
    }
    for (name, scene) in scenes {
        let slide = match scene {
            Some(i) => scene_slide(
                &doc,
                &palette,
                casa::render::style::Basemap::EXPORT,
                &briefing.scenes[i],
                Vec::new(),
                [1920, 1080],
            ),
            None => casa::export::overview_slide(
                &doc,
                &palette,
                casa::render::style::Basemap::EXPORT,
                Vec::new(),
                [1920, 1080],
            ),
        };
        let page = casa::export::page(&slide);
        let painted = casa::paint::raster::render(&page).expect("the page has an area");
        let reference = crate::svg_reference::rasterise(&casa::paint::svg::document(&page));
        let (far, mean) = difference(painted.data(), reference.data(), 64);
        eprintln!(
            "{name}: {:.3}% of pixels differ by more than 64, mean difference {mean:.3}",
            far * 100.0
        );
        assert!(far < 0.005, "{name}: {:.2}% of pixels differ", far * 100.0);
        assert!(mean < 1.0, "{name}: mean difference {mean:.2}");
    }
}
