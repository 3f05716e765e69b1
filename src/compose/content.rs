//! The content on the map: membership hatching, imported layers, regions, routes, feature
//! symbols with their precision, their labels, and markers for features off the frame.

use epaint::emath::Align2;
use epaint::{Color32, Pos2, Rect, Stroke, Vec2};

use std::sync::Arc;

use super::cache::{FrameCache, HatchKey, Hatching, OutlineKey, dashes};
use super::labels::LabelLayout;
use super::scene::{ContentScene, Drawn, ImportedView};
use super::{DrawList, Item, WorldView};
use crate::geo::projection::WorldPoint;
use crate::model::Precision;
use crate::model::layers::Visibility;
use crate::render::MapGeometry;
use crate::render::features::{glyph_of, hatch};
use crate::render::mesh::ScreenTransform;
use crate::render::style::{ORGANISATION_ANGLES, Palette, sizes, status_pattern};

/// The most symbols drawn: one per cell of this many points, so a dense layer stays legible
/// and the cost stays bounded however many features there are.
const DECLUTTER_CELL: f32 = 15.0;

/// Above this many symbols in view, precision rings are not drawn.
const MAX_PRECISION_RINGS: usize = 300;

/// The opacity of an imported layer's area tint.
pub const IMPORTED_TINT: f32 = 0.22;

/// The size of feature labels (points).
pub const FEATURE_LABEL_SIZE: f32 = 12.5;

fn faded(c: Color32) -> Color32 {
    c.gamma_multiply(0.35)
}

fn visibility(content: &ContentScene<'_>, i: usize) -> Visibility {
    content
        .visibility
        .get(i)
        .copied()
        .unwrap_or(Visibility::Hidden)
}

/// One free cell per [`DECLUTTER_CELL`] points of `rect`.
struct Cells {
    rect: Rect,
    cols: usize,
    taken: Vec<bool>,
}

impl Cells {
    fn new(rect: Rect) -> Self {
        let cols = (rect.width() / DECLUTTER_CELL).ceil().max(1.0) as usize;
        let rows = (rect.height() / DECLUTTER_CELL).ceil().max(1.0) as usize;
        Self {
            rect,
            cols,
            taken: vec![false; cols * rows],
        }
    }

    /// Takes the cell of `p`; false if it was taken (points outside the grid always pass).
    fn take(&mut self, p: Pos2) -> bool {
        let col = ((p.x - self.rect.left()) / DECLUTTER_CELL).max(0.0) as usize;
        let row = ((p.y - self.rect.top()) / DECLUTTER_CELL).max(0.0) as usize;
        match self.taken.get_mut(row * self.cols + col.min(self.cols - 1)) {
            Some(slot) if *slot => false,
            Some(slot) => {
                *slot = true;
                true
            }
            None => true,
        }
    }
}

/// Hatching for every shown membership: each organisation at its own angle and colour,
/// each status with its own dash pattern (from the frame cache while the view is still).
pub(super) fn memberships(
    list: &mut DrawList<'_>,
    view: WorldView,
    geometry: &MapGeometry,
    palette: &Palette,
    content: &ContentScene<'_>,
    key: HatchKey,
    cache: &mut FrameCache,
) {
    let rect = key.rect;
    let hatching = cache
        .hatching
        .get(key, || hatch_marks(view, rect, geometry, palette, content));
    for h in hatching {
        list.push(Item::Segments {
            segments: Arc::clone(&h.segments),
            stroke: h.stroke,
            dash: h.dash,
        });
    }
}

fn hatch_marks(
    view: WorldView,
    rect: Rect,
    geometry: &MapGeometry,
    palette: &Palette,
    content: &ContentScene<'_>,
) -> Vec<Hatching> {
    let mut shown_orgs: Vec<usize> = content.marks.iter().map(|m| m.organisation).collect();
    shown_orgs.dedup();
    let mut out = Vec::new();
    for mark in content.marks {
        let Some(g) = geometry.countries.get(mark.country) else {
            continue;
        };
        if !g.bounds.intersects(&view.visible) {
            continue;
        }
        let Some(rings) = content.hatch_outlines.get(mark.country) else {
            continue;
        };
        let screen: Vec<Vec<Pos2>> = rings
            .iter()
            .map(|r| r.iter().map(|p| view.t.apply(*p)).collect())
            .collect();
        let slot = shown_orgs
            .iter()
            .position(|o| *o == mark.organisation)
            .unwrap_or(0);
        let angle = ORGANISATION_ANGLES[slot % ORGANISATION_ANGLES.len()];
        let pattern = status_pattern(mark.status);
        let color = palette
            .organisation(mark.organisation)
            .gamma_multiply(pattern.alpha);
        let phase = slot as f32 * sizes::HATCH_SPACING / 3.0;
        out.push(Hatching {
            segments: hatch(&screen, angle, pattern.spacing, phase, rect).into(),
            stroke: Stroke::new(pattern.width, color),
            dash: (pattern.gap > 0.0).then_some([pattern.dash, pattern.gap]),
        });
    }
    out
}

/// A point of an imported layer drawn on the map, with its feature's name (if the file
/// gives one), for its label.
pub(super) struct ImportedDot<'a> {
    pub(super) at: Pos2,
    pub(super) name: Option<&'a str>,
}

/// Imported layers: areas tinted and outlined, lines, and points as discs (thinned per zoom
/// band, then decluttered to one per cell), each layer in its own colour; the selected
/// imported feature ringed. Returns the points drawn.
pub(super) fn imported<'a>(
    list: &mut DrawList<'a>,
    view: WorldView,
    rect: Rect,
    metres_per_point: f64,
    palette: &Palette,
    layers: &[ImportedView<'a>],
    selected: Option<(usize, usize)>,
) -> Vec<ImportedDot<'a>> {
    let mut dots = Vec::new();
    for (k, layer) in layers.iter().enumerate() {
        let g = layer.geometry;
        if !layer.visible || !g.bounds.intersects(&view.visible) {
            continue;
        }
        let color = palette.imported(k);
        list.push(Item::Area {
            fill: &g.fills,
            rings: g.filled_rings.as_ref().unwrap_or(&g.outlines),
            view,
            color: color.gamma_multiply(IMPORTED_TINT),
            even_odd: false,
        });
        for (lines, width, color) in [
            (&g.outlines, 1.6, color),
            (&g.lines, sizes::ROUTE_WIDTH + 2.0, palette.symbol_outline),
            (&g.lines, sizes::ROUTE_WIDTH, color),
        ] {
            list.push(Item::Lines {
                lines,
                view,
                width,
                color,
            });
        }
        let mut cells = Cells::new(rect);
        for e in g.points_in(metres_per_point, &view.visible) {
            let p = view.t.apply(WorldPoint::new(e.geom()[0], e.geom()[1]));
            if !rect.contains(p) || !cells.take(p) {
                continue;
            }
            list.push(Item::Circle {
                center: p,
                radius: IMPORTED_DOT_RADIUS,
                fill: color,
                stroke: Stroke::new(IMPORTED_DOT_STROKE, palette.symbol_outline),
                dashed: false,
            });
            let feature = layer.layer.features.get(e.data as usize);
            dots.push(ImportedDot {
                at: p,
                name: feature.filter(|f| f.is_named()).map(|f| &*f.label),
            });
        }
        if let Some((_, f)) = selected.filter(|(l, _)| *l == k)
            && let Some(a) = g.anchors.get(f)
        {
            selection_ring(list, view.t.apply(*a), 11.0, palette);
        }
    }
    dots
}

/// An imported point's disc: its radius and the width of its outline.
const IMPORTED_DOT_RADIUS: f32 = 4.2;
const IMPORTED_DOT_STROKE: f32 = 1.3;

/// How many imported points are labelled at most (the first named ones drawn): beyond
/// that the labels would only be dropped for want of room, after being measured.
const MAX_IMPORTED_LABELS: usize = 300;

/// The names of imported points, right of the dot else left of it, where nothing else is.
pub(super) fn imported_labels(
    list: &mut DrawList<'_>,
    layout: &mut LabelLayout<'_>,
    dots: &[ImportedDot<'_>],
) {
    let color = layout.palette.label;
    for (at, name) in dots
        .iter()
        .filter_map(|d| d.name.map(|name| (d.at, name)))
        .take(MAX_IMPORTED_LABELS)
    {
        let galley = layout.text.line(name, 12.0, color);
        let dot = super::occupied::disc_box(at, IMPORTED_DOT_RADIUS + IMPORTED_DOT_STROKE / 2.0);
        layout.place_around(list, &galley, dot, color);
    }
}

/// The width of a precision ring's dashed stroke.
const RING_STROKE: f32 = 1.4;
/// The width of the selection ring's halo (the ring itself is narrower).
const SELECTION_STROKE: f32 = 5.0;
/// The corrected badge's radius and the width of its halo.
const BADGE_RADIUS: f32 = 3.4;
const BADGE_STROKE: f32 = 1.3;

/// A ring in the selection colour on a halo.
fn selection_ring(list: &mut DrawList<'_>, center: Pos2, radius: f32, palette: &Palette) {
    for stroke in [
        Stroke::new(SELECTION_STROKE, palette.halo),
        Stroke::new(2.5, palette.selection),
    ] {
        list.push(Item::Circle {
            center,
            radius,
            fill: Color32::TRANSPARENT,
            stroke,
            dashed: false,
        });
    }
}

/// Regions (light fill, dashed outline) and routes (cased lines).
pub(super) fn regions_and_routes<'a>(
    list: &mut DrawList<'a>,
    view: WorldView,
    palette: &Palette,
    content: &ContentScene<'a>,
    key: OutlineKey,
    cache: &mut FrameCache,
) {
    let emphasised = key.emphasised;
    let is_emphasised = |i: usize| emphasised.contains(&Some(i));
    let mut casings = Vec::new();
    let mut lines = Vec::new();
    let mut regions = Vec::new();
    let shaped = content.geometry.areal.iter().chain(&content.geometry.lined);
    for &i in shaped {
        let (Some(f), Some(g)) = (content.features.get(i), content.geometry.features.get(i)) else {
            continue;
        };
        let vis = visibility(content, i);
        if vis == Visibility::Hidden || !g.bounds.intersects(&view.visible) {
            continue;
        }
        let emphasis = is_emphasised(i);
        if let Some((lod, _, _)) = &g.area {
            list.push(Item::Area {
                fill: &lod.fill,
                rings: &lod.outline,
                view,
                color: palette
                    .region
                    .gamma_multiply(if emphasis { 0.3 } else { 0.14 }),
                even_odd: true,
            });
            regions.push((i, vis));
        }
        if let Some((mesh, _)) = &g.lines {
            let mut color = palette.actor(f.actor);
            if vis == Visibility::Faded {
                color = faded(color);
            }
            let width = sizes::ROUTE_WIDTH * if emphasis { 1.7 } else { 1.0 };
            casings.push(Item::Lines {
                lines: mesh,
                view,
                width: width + 2.4,
                color: palette.symbol_outline,
            });
            lines.push(Item::Lines {
                lines: mesh,
                view,
                width,
                color,
            });
        }
    }
    let outlines = cache.outlines.get(key, || {
        regions
            .iter()
            .filter_map(|&(i, vis)| {
                let (_, polys, _) = content.geometry.features.get(i)?.area.as_ref()?;
                let color = if vis == Visibility::Faded {
                    faded(palette.region)
                } else {
                    palette.region
                };
                let width = sizes::REGION_WIDTH * if is_emphasised(i) { 1.6 } else { 1.0 };
                let mut segments = Vec::new();
                for p in polys {
                    let ring: Vec<Pos2> = p
                        .exterior()
                        .0
                        .iter()
                        .map(|c| view.t.apply(WorldPoint::new(c.x, c.y)))
                        .collect();
                    dashes(&ring, 8.0, 4.0, &mut segments);
                }
                Some(Hatching {
                    segments: segments.into(),
                    stroke: Stroke::new(width, color),
                    dash: None,
                })
            })
            .collect()
    });
    for o in outlines {
        list.push(Item::Segments {
            segments: Arc::clone(&o.segments),
            stroke: o.stroke,
            dash: None,
        });
    }
    list.items.extend(casings);
    list.items.extend(lines);
}

/// Symbols of point features with their precision, decluttered to one per cell; returns
/// what was drawn (most important first).
pub(super) fn symbols(
    list: &mut DrawList<'_>,
    t: ScreenTransform,
    rect: Rect,
    palette: &Palette,
    content: &ContentScene<'_>,
    emphasised: &[usize],
) -> Vec<Drawn> {
    let mut cells = Cells::new(rect);
    let mut glyphs = Vec::new();
    let mut rings = Vec::new();
    let mut highlights = Vec::new();
    let mut badges = Vec::new();
    let mut drawn = Vec::new();
    // Selected and hovered first, then sites, events, infrastructure: they win the cells.
    let first = emphasised.iter().flat_map(|&i| {
        content
            .geometry
            .features
            .get(i)
            .into_iter()
            .flat_map(move |g| g.points.iter().map(move |p| (*p, i as u32)))
    });
    let rest = content
        .geometry
        .points_by_priority
        .iter()
        .copied()
        .filter(|(_, i)| !emphasised.contains(&(*i as usize)));
    let expanded = rect.expand(sizes::SYMBOL_RADIUS * 2.0);
    for (w, i) in first.chain(rest) {
        let i = i as usize;
        let vis = visibility(content, i);
        if vis == Visibility::Hidden {
            continue;
        }
        let p = t.apply(w);
        if !expanded.contains(p) {
            continue;
        }
        let emphasis = emphasised.contains(&i);
        if !emphasis && !cells.take(p) {
            continue;
        }
        let Some(f) = content.features.get(i) else {
            continue;
        };
        let (glyph, hollow, size) = glyph_of(f.kind);
        let r = sizes::SYMBOL_RADIUS * size * if emphasis { 1.35 } else { 1.0 };
        let (mut color, mut outline) = (palette.actor(f.actor), palette.symbol_outline);
        if vis == Visibility::Faded {
            color = faded(color);
            outline = faded(outline);
        }
        // How far from its centre the symbol reaches (its outline, ring, selection ring and
        // badge): its label goes beyond it.
        let mut reach = r + 1.0;
        match f.precision {
            Precision::Exact => {}
            Precision::Approximate => {
                rings.push((p, r + 5.0, color, false));
                reach = reach.max(r + 5.0 + RING_STROKE / 2.0);
            }
            Precision::Region => {
                rings.push((p, r + 13.0, color, true));
                reach = reach.max(r + 13.0 + RING_STROKE / 2.0);
            }
        }
        if emphasis {
            highlights.push((p, r + 4.0));
            reach = reach.max(r + 4.0 + SELECTION_STROKE / 2.0);
        }
        if !f.corrections.is_empty() {
            badges.push((p, r));
            reach = reach.max(0.85 * r + BADGE_RADIUS + BADGE_STROKE / 2.0);
        }
        glyphs.push(Item::Glyph {
            glyph,
            hollow,
            center: p,
            radius: r,
            color,
            outline,
        });
        drawn.push(Drawn {
            feature: i,
            rect: Rect::from_center_size(p, Vec2::splat(2.0 * r + 6.0)),
            extent: super::occupied::disc_box(p, reach),
            edge: false,
        });
    }
    let parts = SymbolParts {
        glyphs,
        rings,
        highlights,
        badges,
    };
    parts.draw(list, palette, &mut drawn);
    drawn
}

/// What the symbols of a map draw, gathered before anything is pushed: rings under the
/// symbols, selection rings, the glyphs, badges over them.
struct SymbolParts<'a> {
    glyphs: Vec<Item<'a>>,
    /// Precision rings: centre, radius, colour, and whether region-level.
    rings: Vec<(Pos2, f32, Color32, bool)>,
    highlights: Vec<(Pos2, f32)>,
    badges: Vec<(Pos2, f32)>,
}

impl<'a> SymbolParts<'a> {
    /// Pushes them in drawing order; `drawn` (one per glyph) reaches less far when the
    /// rings are left out.
    fn draw(self, list: &mut DrawList<'a>, palette: &Palette, drawn: &mut [Drawn]) {
        // Precision rings under the symbols: a dashed ring for approximate positions, a
        // pale halo with a dashed edge for region-level ones. With hundreds of symbols on
        // screen they would only be clutter, so they are left out then, and the symbols
        // reach less far.
        if self.rings.len() > MAX_PRECISION_RINGS {
            for (d, g) in drawn.iter_mut().zip(&self.glyphs) {
                if let Item::Glyph { center, radius, .. } = g {
                    d.extent = super::occupied::disc_box(*center, *radius + 1.0);
                }
            }
        } else {
            for (center, radius, color, region) in self.rings {
                list.push(Item::Circle {
                    center,
                    radius,
                    fill: if region {
                        color.gamma_multiply(0.16)
                    } else {
                        Color32::TRANSPARENT
                    },
                    stroke: Stroke::new(RING_STROKE, color),
                    dashed: true,
                });
            }
        }
        for (p, radius) in self.highlights {
            selection_ring(list, p, radius, palette);
        }
        list.items.extend(self.glyphs);
        for (p, r) in self.badges {
            corrected_badge(list, p, r, palette);
        }
    }
}

/// The badge on a symbol whose facts the record corrects: a small dot at its upper right,
/// in the label colour with a halo, so it reads on any symbol colour.
pub(super) fn corrected_badge(
    list: &mut DrawList<'_>,
    center: Pos2,
    radius: f32,
    palette: &Palette,
) {
    list.push(Item::Circle {
        center: center + Vec2::new(radius * 0.85, -radius * 0.85),
        radius: BADGE_RADIUS,
        fill: palette.label,
        stroke: Stroke::new(BADGE_STROKE, palette.halo),
        dashed: false,
    });
}

/// The labels of what the view is about (a scene's selection and the features its caption
/// names): placed before any other label, and never dropped while the feature is in view.
pub(super) fn subject_labels(
    list: &mut DrawList<'_>,
    layout: &mut LabelLayout<'_>,
    t: ScreenTransform,
    rect: Rect,
    subjects: &[usize],
    content: &ContentScene<'_>,
    drawn: &[Drawn],
) -> Vec<usize> {
    let color = layout.palette.label;
    let mut labelled = Vec::new();
    for &i in subjects {
        if visibility(content, i) == Visibility::Hidden || labelled.contains(&i) {
            continue;
        }
        let (Some(label), Some(g)) = (content.labels.get(i), content.geometry.features.get(i))
        else {
            continue;
        };
        let around = match drawn.iter().find(|d| d.feature == i) {
            Some(d) => d.extent,
            None => {
                let p = t.apply(g.anchor);
                if !rect.contains(p) {
                    continue;
                }
                Rect::from_center_size(p, Vec2::splat(4.0))
            }
        };
        layout.place_subject(list, label, around, FEATURE_LABEL_SIZE + 1.5, color);
        labelled.push(i);
    }
    labelled
}

/// Labels of the drawn features (and of shown routes and regions), placed after the
/// country labels so they never overlap them or each other; dropped when there is no room.
pub(super) fn feature_labels(
    list: &mut DrawList<'_>,
    layout: &mut LabelLayout<'_>,
    t: ScreenTransform,
    rect: Rect,
    content: &ContentScene<'_>,
    drawn: &[Drawn],
    already: &[usize],
) -> Vec<Drawn> {
    let palette = layout.palette;
    let mut seen: std::collections::BTreeSet<usize> = already.iter().copied().collect();
    // At most this many attempts: laying out text is the costly part, and where symbols
    // are dense only the first (most important) can have room anyway.
    let attempts = if drawn.len() > 1_000 { 60 } else { 400 };
    for d in drawn.iter().take(attempts) {
        if !seen.insert(d.feature) {
            continue;
        }
        let Some(label) = content.labels.get(d.feature) else {
            continue;
        };
        let color = palette.label;
        let galley = layout.text.line(label, FEATURE_LABEL_SIZE, color);
        layout.place_around(list, &galley, d.extent, color);
    }
    let mut labelled = Vec::new();
    let shaped = content.geometry.areal.iter().chain(&content.geometry.lined);
    for &i in shaped {
        let Some(g) = content.geometry.features.get(i) else {
            continue;
        };
        if visibility(content, i) == Visibility::Hidden || already.contains(&i) {
            continue;
        }
        let p = t.apply(g.anchor);
        let Some(label) = content.labels.get(i).filter(|_| rect.contains(p)) else {
            continue;
        };
        let color = if g.area.is_some() {
            palette.region
        } else {
            palette.label
        };
        if layout.place(
            list,
            label,
            p,
            Align2::CENTER_CENTER,
            FEATURE_LABEL_SIZE,
            color,
        ) {
            let rect = Rect::from_center_size(p, Vec2::new(120.0, 16.0));
            labelled.push(Drawn {
                feature: i,
                rect,
                extent: rect,
                edge: false,
            });
        }
    }
    labelled
}

/// Markers at the map's edge for shown point features outside the Central Asia frame
/// that are off screen (the base in Djibouti): an arrow toward them and their name.
pub(super) fn edge_markers(
    list: &mut DrawList<'_>,
    layout: &mut LabelLayout<'_>,
    rect: Rect,
    t: ScreenTransform,
    content: &ContentScene<'_>,
) -> Vec<Drawn> {
    let palette = layout.palette;
    let mut out = Vec::new();
    let inner = rect.shrink(30.0);
    let center = rect.center();
    for &i in &content.geometry.off_frame {
        let (Some(f), Some(g)) = (content.features.get(i), content.geometry.features.get(i)) else {
            continue;
        };
        if visibility(content, i) == Visibility::Hidden {
            continue;
        }
        let p = t.apply(g.anchor);
        if rect.contains(p) {
            continue;
        }
        let dir = (p - center).normalized();
        // Where the ray from the centre leaves the inner rectangle.
        let reach = |half: f32, d: f32| {
            if d.abs() > 1e-6 {
                half / d.abs()
            } else {
                f32::INFINITY
            }
        };
        let at = center
            + dir * reach(inner.width() / 2.0, dir.x).min(reach(inner.height() / 2.0, dir.y));
        let galley = layout
            .text
            .line(&format!("{} ›", f.name), 12.0, palette.label);
        let align = if dir.x >= 0.0 {
            Align2::RIGHT_CENTER
        } else {
            Align2::LEFT_CENTER
        };
        // Slide along the edge until the name finds room, so the marker is never lost.
        let along = Vec2::new(-dir.y, dir.x).normalized();
        let slot = [0.0, 18.0, -18.0, 36.0, -36.0, 54.0, -54.0, 72.0, -72.0]
            .into_iter()
            .map(|k| at + along * k)
            .find(|a| {
                inner.expand(12.0).contains(*a)
                    && layout.place_galley(list, &galley, *a - dir * 14.0, align, palette.label)
            });
        let Some(at) = slot else { continue };
        let side = along * 6.0;
        list.push(Item::Polygon {
            points: vec![at + dir * 12.0, at + side, at - side],
            fill: palette.actor(f.actor),
            stroke: Stroke::new(1.2, palette.symbol_outline),
        });
        let rect = Rect::from_center_size(at, Vec2::splat(22.0));
        out.push(Drawn {
            feature: i,
            rect,
            extent: rect,
            edge: true,
        });
    }
    out
}
