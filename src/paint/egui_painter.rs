//! The screen painter: the draw list as egui shapes. Cached world geometry is transformed
//! into a few large meshes (one per run of consecutive mesh items), so a frame stays cheap.

use std::sync::Arc;

use egui::epaint::Mesh;
use egui::{Color32, Galley, Pos2, Shape, Stroke, Vec2};

use crate::compose::{DrawList, Item, TextLayout};
use crate::render::features::{append_dashed, append_disc, append_glyph};

/// Text layout with the context's own fonts, at its pixels per point.
pub struct EguiText<'c>(pub &'c egui::Context);

impl TextLayout for EguiText<'_> {
    fn line(&mut self, text: &str, size: f32, color: Color32) -> Arc<Galley> {
        self.0.fonts_mut(|f| {
            f.layout_no_wrap(text.to_owned(), egui::FontId::proportional(size), color)
        })
    }

    fn wrapped(&mut self, text: &str, size: f32, color: Color32, width: f32) -> Arc<Galley> {
        self.0.fonts_mut(|f| {
            f.layout(
                text.to_owned(),
                egui::FontId::proportional(size),
                color,
                width,
            )
        })
    }
}

/// Paints a draw list with an egui painter (clips are intersected with the painter's).
pub fn paint(painter: &egui::Painter, list: &DrawList<'_>) {
    let base = painter.clone();
    let mut current = painter.clone();
    let mut mesh = Mesh::default();
    for (k, item) in list.items.iter().enumerate() {
        if !mesh_item(item) && !mesh.is_empty() {
            current.add(Shape::mesh(std::mem::take(&mut mesh)));
        }
        if mesh.is_empty() && mesh_item(item) {
            reserve(&mut mesh, &list.items[k..]);
        }
        match item {
            Item::Area {
                fill, view, color, ..
            } => fill.append_to(&view.t, &view.visible, *color, &mut mesh),
            Item::Lines {
                lines,
                view,
                width,
                color,
            } => lines.append_to(&view.t, &view.visible, *width, *color, &mut mesh),
            Item::Segments {
                segments,
                stroke,
                dash,
            } => {
                let [d, g] = dash.unwrap_or([0.0, 0.0]);
                for [a, b] in segments.iter() {
                    append_dashed(&mut mesh, *a, *b, stroke.width, stroke.color, d, g);
                }
            }
            Item::Glyph {
                glyph,
                hollow,
                center,
                radius,
                color,
                outline,
            } => append_glyph(
                &mut mesh, *glyph, *hollow, *center, *radius, *color, *outline,
            ),
            Item::Circle {
                center,
                radius,
                fill,
                stroke,
                dashed,
            } => circle(
                &mut mesh, &current, *center, *radius, *fill, *stroke, *dashed,
            ),
            Item::Path {
                lines,
                closed,
                stroke,
                dash,
            } => path(&current, lines, *closed, *stroke, *dash),
            Item::Polygon {
                points,
                fill,
                stroke,
            } => {
                current.add(Shape::convex_polygon(points.clone(), *fill, *stroke));
            }
            Item::Rect {
                rect,
                corner,
                fill,
                stroke,
            } => {
                current.rect_filled(*rect, *corner, *fill);
                if stroke.width > 0.0 {
                    current.rect_stroke(*rect, *corner, *stroke, egui::StrokeKind::Inside);
                }
            }
            Item::Text {
                pos,
                galley,
                color,
                halo,
            } => text(&current, *pos, galley, *color, *halo),
            Item::Clip(clip) => {
                current = match clip {
                    Some(r) => base.with_clip_rect(*r),
                    None => base.clone(),
                };
            }
        }
    }
    if !mesh.is_empty() {
        current.add(Shape::mesh(mesh));
    }
}

/// Whether an item goes into the running mesh.
fn mesh_item(item: &Item<'_>) -> bool {
    match item {
        Item::Area { .. } | Item::Lines { .. } | Item::Segments { .. } | Item::Glyph { .. } => true,
        Item::Circle {
            fill,
            stroke,
            dashed,
            ..
        } => !(stroke.width > 0.0 && !dashed && *fill == Color32::TRANSPARENT),
        _ => false,
    }
}

/// Reserves the mesh for the cached geometry of the run of mesh items starting here: grown
/// by doubling instead, the buffers cost more than the drawing, zoomed out.
fn reserve(mesh: &mut Mesh, items: &[Item<'_>]) {
    let (mut v, mut i) = (0, 0);
    for item in items.iter().take_while(|it| mesh_item(it)) {
        let (dv, di) = match item {
            Item::Area { fill, view, .. } => fill.output_size(&view.visible),
            Item::Lines { lines, view, .. } => lines.output_size(&view.visible),
            _ => (0, 0),
        };
        v += dv;
        i += di;
    }
    mesh.vertices.reserve(v);
    mesh.indices.reserve(i);
}

/// A circle: a filled disc with its stroke as a larger disc under it, or a ring (solid as
/// a shape; dashed as 12 dashes).
fn circle(
    mesh: &mut Mesh,
    painter: &egui::Painter,
    center: Pos2,
    radius: f32,
    fill: Color32,
    stroke: Stroke,
    dashed: bool,
) {
    let w = stroke.width;
    if fill != Color32::TRANSPARENT {
        if w > 0.0 && !dashed {
            append_disc(mesh, center, radius + w / 2.0, stroke.color);
            append_disc(mesh, center, radius - w / 2.0, fill);
            return;
        }
        append_disc(mesh, center, radius, fill);
    }
    if w <= 0.0 {
        return;
    }
    if dashed {
        let at = |k: i32| {
            let a = k as f32 * std::f32::consts::TAU / 24.0;
            center + Vec2::new(a.cos(), a.sin()) * radius
        };
        for k in (0..24).step_by(2) {
            append_dashed(mesh, at(k), at(k + 1), w, stroke.color, 0.0, 0.0);
        }
    } else {
        painter.circle_stroke(center, radius, stroke);
    }
}

fn path(
    painter: &egui::Painter,
    lines: &[Vec<Pos2>],
    closed: bool,
    stroke: Stroke,
    dash: Option<[f32; 2]>,
) {
    for line in lines {
        match dash {
            Some([d, g]) => {
                let mut points = line.clone();
                if closed && let Some(first) = line.first() {
                    points.push(*first);
                }
                painter.extend(Shape::dashed_line(&points, stroke, d, g));
            }
            None if closed => {
                painter.add(Shape::closed_line(line.clone(), stroke));
            }
            None => {
                painter.add(Shape::line(line.clone(), stroke));
            }
        }
    }
}

/// Text, with its halo as the text offset a point in four directions.
fn text(
    painter: &egui::Painter,
    pos: Pos2,
    galley: &Arc<Galley>,
    color: Color32,
    halo: Option<Color32>,
) {
    if let Some(halo) = halo {
        for d in [
            Vec2::new(-1.0, -1.0),
            Vec2::new(1.0, -1.0),
            Vec2::new(-1.0, 1.0),
            Vec2::new(1.0, 1.0),
        ] {
            painter.galley_with_override_text_color(pos + d, galley.clone(), halo);
        }
    }
    painter.galley(pos, galley.clone(), color);
}
