//! Drawing the content on the map: membership hatching, regions, routes, feature symbols
//! with their precision, labels, markers for features off the frame, and the year stamp.

use egui::epaint::Mesh;
use egui::{Align2, Color32, FontId, Pos2, Rect, Shape, Stroke, Vec2};

use super::map_view::LabelLayout;
use crate::briefing;
use crate::layers::{MembershipMark, Visibility};
use crate::model::{Feature, Precision};

use crate::projection::WorldPoint;
use crate::render::WorldBounds;
use crate::render::features::{
    FeatureGeometries, append_dashed, append_disc, append_glyph, glyph_of, hatch,
};
use crate::render::mesh::ScreenTransform;
use crate::render::style::{ORGANISATION_ANGLES, Palette, sizes, status_pattern};

/// What the map needs to draw the content.
pub struct ContentScene<'a> {
    /// The features.
    pub features: &'a [Feature],
    /// Their geometry.
    pub geometry: &'a FeatureGeometries,
    /// How each is drawn (same order).
    pub visibility: &'a [Visibility],
    /// The selected feature.
    pub selected: Option<usize>,
    /// The hovered feature.
    pub hovered: Option<usize>,
    /// Memberships to hatch.
    pub marks: &'a [MembershipMark],
    /// Countries' outlines for hatching (same order as the countries).
    pub hatch_outlines: &'a [Vec<Vec<WorldPoint>>],
    /// The "as of" year, if set.
    pub year: Option<i32>,
    /// Each feature's map label.
    pub labels: &'a [String],
}

/// A feature drawn on screen: where, so it can be clicked and read by a screen reader.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// Index of the feature.
    pub feature: usize,
    /// Its symbol's (or label's) screen rectangle.
    pub rect: Rect,
    /// Whether it is an edge marker for a feature off the map.
    pub edge: bool,
}

/// The most symbols drawn one per cell of this many points, so a dense layer stays legible
/// and a frame's cost stays bounded however many features there are.
const DECLUTTER_CELL: f32 = 15.0;

/// Above this many symbols in view, precision rings are not drawn.
const MAX_PRECISION_RINGS: usize = 300;

fn faded(c: Color32) -> Color32 {
    c.gamma_multiply(0.35)
}

/// Hatching for every shown membership: each organisation at its own angle and colour,
/// each status with its own dash pattern.
pub fn draw_memberships(
    painter: &egui::Painter,
    viewport: Rect,
    t: &ScreenTransform,
    visible: &WorldBounds,
    countries: &[crate::render::CountryGeometry],
    palette: &Palette,
    content: &ContentScene<'_>,
) {
    let mut shown_orgs: Vec<usize> = content.marks.iter().map(|m| m.organisation).collect();
    shown_orgs.dedup();
    let mut mesh = Mesh::default();
    for mark in content.marks {
        let Some(g) = countries.get(mark.country) else {
            continue;
        };
        if !g.bounds.intersects(visible) {
            continue;
        }
        let Some(rings) = content.hatch_outlines.get(mark.country) else {
            continue;
        };
        let screen: Vec<Vec<Pos2>> = rings
            .iter()
            .map(|r| r.iter().map(|p| t.apply(*p)).collect())
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
        for [a, b] in hatch(&screen, angle, pattern.spacing, phase, viewport) {
            append_dashed(
                &mut mesh,
                a,
                b,
                pattern.width,
                color,
                pattern.dash,
                pattern.gap,
            );
        }
    }
    painter.add(Shape::mesh(mesh));
}

/// Imported layers: areas tinted and outlined, lines, and points as discs (thinned per zoom
/// band, then decluttered to one per cell), each layer in its own colour; the selected
/// imported feature ringed.
#[allow(clippy::too_many_arguments)]
pub fn draw_imported(
    painter: &egui::Painter,
    viewport: Rect,
    t: &ScreenTransform,
    metres_per_point: f64,
    visible: &WorldBounds,
    palette: &Palette,
    layers: &[crate::app::Imported],
    selected: Option<(usize, usize)>,
) {
    for (k, layer) in layers.iter().enumerate() {
        if !layer.entry.visible || !layer.geometry.bounds.intersects(visible) {
            continue;
        }
        let g = &layer.geometry;
        let color = palette.imported(k);
        let mut mesh = Mesh::default();
        g.fills
            .append_to(t, visible, color.gamma_multiply(0.22), &mut mesh);
        g.outlines.append_to(t, visible, 1.6, color, &mut mesh);
        g.lines.append_to(
            t,
            visible,
            sizes::ROUTE_WIDTH + 2.0,
            palette.symbol_outline,
            &mut mesh,
        );
        g.lines
            .append_to(t, visible, sizes::ROUTE_WIDTH, color, &mut mesh);
        let cols = (viewport.width() / DECLUTTER_CELL).ceil().max(1.0) as usize;
        let rows = (viewport.height() / DECLUTTER_CELL).ceil().max(1.0) as usize;
        let mut taken = vec![false; cols * rows];
        for e in g.points_in(metres_per_point, visible) {
            let p = t.apply(WorldPoint::new(e.geom()[0], e.geom()[1]));
            if !viewport.contains(p) {
                continue;
            }
            let col = ((p.x - viewport.left()) / DECLUTTER_CELL) as usize;
            let row = ((p.y - viewport.top()) / DECLUTTER_CELL) as usize;
            match taken.get_mut(row * cols + col.min(cols - 1)) {
                Some(slot) if *slot => continue,
                Some(slot) => *slot = true,
                None => {}
            }
            append_disc(&mut mesh, p, 5.5, palette.symbol_outline);
            append_disc(&mut mesh, p, 4.2, color);
        }
        painter.add(Shape::mesh(mesh));
        if let Some((_, f)) = selected.filter(|(l, _)| *l == k)
            && let Some(a) = g.anchors.get(f)
        {
            let p = t.apply(*a);
            painter.circle_stroke(p, 11.0, Stroke::new(5.0, palette.halo));
            painter.circle_stroke(p, 11.0, Stroke::new(2.5, palette.selection));
        }
    }
}

/// Regions (light fill, dashed outline) and routes (cased lines).
pub fn draw_regions_and_routes(
    painter: &egui::Painter,
    t: &ScreenTransform,
    visible: &WorldBounds,
    palette: &Palette,
    content: &ContentScene<'_>,
) {
    let mut fills = Mesh::default();
    let mut casings = Mesh::default();
    let mut lines = Mesh::default();
    let mut outlines = Vec::new();
    let mut indices: Vec<usize> = content.geometry.areal.clone();
    indices.extend(&content.geometry.lined);
    for i in indices {
        let (Some(f), Some(g)) = (content.features.get(i), content.geometry.features.get(i)) else {
            continue;
        };
        let vis = content
            .visibility
            .get(i)
            .copied()
            .unwrap_or(Visibility::Hidden);
        if vis == Visibility::Hidden || !g.bounds.intersects(visible) {
            continue;
        }
        let emphasis = content.selected == Some(i) || content.hovered == Some(i);
        if let Some((lod, polys, _)) = &g.area {
            let base = palette.region;
            let fill = if emphasis {
                base.gamma_multiply(0.3)
            } else {
                base.gamma_multiply(0.14)
            };
            lod.fill.append_to(t, visible, fill, &mut fills);
            let color = if vis == Visibility::Faded {
                faded(base)
            } else {
                base
            };
            let width = if emphasis {
                sizes::REGION_WIDTH * 1.6
            } else {
                sizes::REGION_WIDTH
            };
            for p in polys {
                let ring: Vec<Pos2> = p
                    .exterior()
                    .0
                    .iter()
                    .map(|c| t.apply(WorldPoint::new(c.x, c.y)))
                    .collect();
                outlines.extend(Shape::dashed_line(
                    &ring,
                    Stroke::new(width, color),
                    8.0,
                    4.0,
                ));
            }
        }
        if let Some((mesh, _)) = &g.lines {
            let mut color = palette.actor(f.actor);
            if vis == Visibility::Faded {
                color = faded(color);
            }
            let width = if emphasis {
                sizes::ROUTE_WIDTH * 1.7
            } else {
                sizes::ROUTE_WIDTH
            };
            mesh.append_to(
                t,
                visible,
                width + 2.4,
                palette.symbol_outline,
                &mut casings,
            );
            mesh.append_to(t, visible, width, color, &mut lines);
        }
    }
    painter.add(Shape::mesh(fills));
    painter.extend(outlines);
    painter.add(Shape::mesh(casings));
    painter.add(Shape::mesh(lines));
}

/// Symbols of point features with their precision, decluttered to one per cell; returns
/// what was drawn (most important first).
pub fn draw_symbols(
    painter: &egui::Painter,
    viewport: Rect,
    t: &ScreenTransform,
    palette: &Palette,
    content: &ContentScene<'_>,
) -> Vec<Drawn> {
    let cols = (viewport.width() / DECLUTTER_CELL).ceil().max(1.0) as usize;
    let rows = (viewport.height() / DECLUTTER_CELL).ceil().max(1.0) as usize;
    let mut taken = vec![false; cols * rows];
    let mut mesh = Mesh::default();
    let mut rings = Vec::new();
    let mut highlights = Vec::new();
    let mut drawn = Vec::new();
    // Selected and hovered first, then sites, events, infrastructure: they win the cells.
    let emphasised: Vec<usize> = [content.selected, content.hovered]
        .into_iter()
        .flatten()
        .collect();
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
    let expanded = viewport.expand(sizes::SYMBOL_RADIUS * 2.0);
    for (w, i) in first.chain(rest) {
        let i = i as usize;
        let vis = content
            .visibility
            .get(i)
            .copied()
            .unwrap_or(Visibility::Hidden);
        if vis == Visibility::Hidden {
            continue;
        }
        let p = t.apply(w);
        if !expanded.contains(p) {
            continue;
        }
        let emphasis = emphasised.contains(&i);
        if !emphasis {
            let col = ((p.x - viewport.left()) / DECLUTTER_CELL).max(0.0) as usize;
            let row = ((p.y - viewport.top()) / DECLUTTER_CELL).max(0.0) as usize;
            match taken.get_mut(row * cols + col.min(cols - 1)) {
                Some(slot) if *slot => continue,
                Some(slot) => *slot = true,
                None => {}
            }
        }
        let Some(f) = content.features.get(i) else {
            continue;
        };
        let (glyph, hollow, size) = glyph_of(f.kind);
        let r = sizes::SYMBOL_RADIUS * size * if emphasis { 1.35 } else { 1.0 };
        let mut color = palette.actor(f.actor);
        let mut outline = palette.symbol_outline;
        if vis == Visibility::Faded {
            color = faded(color);
            outline = faded(outline);
        }
        match f.precision {
            Precision::Exact => {}
            Precision::Approximate => rings.push((p, r + 5.0, color, false)),
            Precision::Region => rings.push((p, r + 13.0, color, true)),
        }
        if emphasis {
            highlights.push((p, r + 4.0));
        }
        append_glyph(&mut mesh, glyph, hollow, p, r, color, outline);
        drawn.push(Drawn {
            feature: i,
            rect: Rect::from_center_size(p, Vec2::splat(2.0 * r + 6.0)),
            edge: false,
        });
    }
    // Precision rings under the symbols: a dashed ring for approximate positions, a pale
    // halo with a dashed edge for region-level ones. With thousands of symbols on screen
    // they would only be clutter, so they are left out then.
    if rings.len() <= MAX_PRECISION_RINGS {
        let mut ring_mesh = Mesh::default();
        for (p, radius, color, region) in rings {
            if region {
                append_disc(&mut ring_mesh, p, radius, color.gamma_multiply(0.16));
            }
            let pts: Vec<Pos2> = (0..=24)
                .map(|k| {
                    let a = k as f32 * std::f32::consts::TAU / 24.0;
                    p + Vec2::new(a.cos(), a.sin()) * radius
                })
                .collect();
            for (k, w) in pts.windows(2).enumerate() {
                if k % 2 == 0 {
                    append_dashed(&mut ring_mesh, w[0], w[1], 1.4, color, 0.0, 0.0);
                }
            }
        }
        painter.add(Shape::mesh(ring_mesh));
    }
    // The selected and hovered symbols get a ring in the selection colour, on a halo.
    for (p, radius) in highlights {
        painter.circle_stroke(p, radius, Stroke::new(5.0, palette.halo));
        painter.circle_stroke(p, radius, Stroke::new(2.5, palette.selection));
    }
    painter.add(Shape::mesh(mesh));
    drawn
}

/// Labels of the drawn features (and of shown routes and regions), placed after the
/// country labels so they never overlap them or each other; dropped when there is no room.
pub fn place_labels(
    layout: &mut LabelLayout<'_>,
    t: &ScreenTransform,
    viewport: Rect,
    palette: &Palette,
    content: &ContentScene<'_>,
    drawn: &[Drawn],
) -> Vec<Drawn> {
    let mut labelled = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    // At most this many attempts: laying out text is the costly part, and where symbols
    // are dense only the first (most important) can have room anyway.
    let attempts = if drawn.len() > 1_000 { 60 } else { 400 };
    for d in drawn.iter().take(attempts) {
        if !seen.insert(d.feature) {
            continue;
        }
        let Some(text) = content.labels.get(d.feature) else {
            continue;
        };
        let font = FontId::proportional(12.5);
        let color = palette.label;
        let right = Pos2::new(d.rect.right() + 2.0, d.rect.center().y);
        let left = Pos2::new(d.rect.left() - 2.0, d.rect.center().y);
        if !layout.place(text, right, Align2::LEFT_CENTER, font.clone(), color) {
            layout.place(text, left, Align2::RIGHT_CENTER, font, color);
        }
    }
    let mut shaped: Vec<usize> = content.geometry.areal.clone();
    shaped.extend(&content.geometry.lined);
    for i in shaped {
        let Some(g) = content.geometry.features.get(i) else {
            continue;
        };
        if content
            .visibility
            .get(i)
            .is_some_and(|v| *v != Visibility::Hidden)
        {
            let p = t.apply(g.anchor);
            if !viewport.contains(p) {
                continue;
            }
            let Some(text) = content.labels.get(i) else {
                continue;
            };
            let color = if g.area.is_some() {
                palette.region
            } else {
                palette.label
            };
            let font = FontId::proportional(12.5);
            if layout.place(text, p, Align2::CENTER_CENTER, font, color) {
                labelled.push(Drawn {
                    feature: i,
                    rect: Rect::from_center_size(p, Vec2::new(120.0, 16.0)),
                    edge: false,
                });
            }
        }
    }
    labelled
}

/// Markers at the map's edge for shown point features outside the Central Asia frame
/// that are off screen (the base in Djibouti): an arrow toward them and their name.
pub fn draw_edge_markers(
    painter: &egui::Painter,
    layout: &mut LabelLayout<'_>,
    viewport: Rect,
    t: &ScreenTransform,
    palette: &Palette,
    content: &ContentScene<'_>,
) -> Vec<Drawn> {
    let mut out = Vec::new();
    let inner = viewport.shrink(30.0);
    let center = viewport.center();
    for &i in &content.geometry.off_frame {
        let (Some(f), Some(g)) = (content.features.get(i), content.geometry.features.get(i)) else {
            continue;
        };
        if content
            .visibility
            .get(i)
            .is_none_or(|v| *v == Visibility::Hidden)
        {
            continue;
        }
        let p = t.apply(g.anchor);
        if viewport.contains(p) {
            continue;
        }
        let dir = (p - center).normalized();
        // Where the ray from the centre leaves the inner rectangle.
        let tx = if dir.x.abs() > 1e-6 {
            (inner.width() / 2.0) / dir.x.abs()
        } else {
            f32::INFINITY
        };
        let ty = if dir.y.abs() > 1e-6 {
            (inner.height() / 2.0) / dir.y.abs()
        } else {
            f32::INFINITY
        };
        let at = center + dir * tx.min(ty);
        let text = format!("{} ›", f.name);
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
                    && layout.place(
                        &text,
                        *a - dir * 14.0,
                        align,
                        FontId::proportional(12.0),
                        palette.label,
                    )
            });
        let Some(at) = slot else { continue };
        let tip = at + dir * 12.0;
        let side = along * 6.0;
        painter.add(Shape::convex_polygon(
            vec![tip, at + side, at - side],
            palette.actor(f.actor),
            Stroke::new(1.2, palette.symbol_outline),
        ));
        out.push(Drawn {
            feature: i,
            rect: Rect::from_center_size(at, Vec2::splat(22.0)),
            edge: true,
        });
    }
    out
}

/// The "as of" year, large, in the map's top-left corner.
pub fn draw_year(painter: &egui::Painter, viewport: Rect, palette: &Palette, year: i32) {
    let at = viewport.left_top() + Vec2::new(16.0, 12.0);
    let galley = painter.layout_no_wrap(
        format!("As of {year}"),
        FontId::proportional(28.0),
        palette.label,
    );
    let rect = Rect::from_min_size(at, galley.size()).expand(6.0);
    painter.rect_filled(rect, 6.0, palette.panel);
    painter.galley(at, galley, palette.label);
}

/// The tooltip of a hovered feature: name, kind, actor, date.
pub fn draw_tooltip(painter: &egui::Painter, pos: Pos2, palette: &Palette, feature: &Feature) {
    let when = feature.period.as_ref().map(|p| p.text());
    let mut lines = vec![
        feature.name.clone(),
        format!(
            "{} · {} · {} position",
            feature.kind.label(),
            briefing::actor_text(feature),
            feature.precision.label()
        ),
    ];
    if let Some(when) = when {
        lines.push(when);
    }
    let at = pos + Vec2::new(16.0, 12.0);
    let title = painter.layout_no_wrap(lines[0].clone(), FontId::proportional(15.0), palette.label);
    let rest = painter.layout_no_wrap(
        lines[1..].join("\n"),
        FontId::proportional(13.0),
        palette.label_minor,
    );
    let size = Vec2::new(
        title.size().x.max(rest.size().x),
        title.size().y + rest.size().y + 2.0,
    );
    let rect = Rect::from_min_size(at, size).expand(6.0);
    painter.rect_filled(rect, 5.0, palette.panel);
    painter.rect_stroke(
        rect,
        5.0,
        Stroke::new(1.0, palette.actor(feature.actor)),
        egui::StrokeKind::Outside,
    );
    let title_h = title.size().y;
    painter.galley(at, title, palette.label);
    painter.galley(
        at + Vec2::new(0.0, title_h + 2.0),
        rest,
        palette.label_minor,
    );
}
