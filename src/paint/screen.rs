//! The screen painter: the draw list as epaint shapes, which the window hands to egui
//! (`ui::screen`). Cached world geometry is transformed into a few large meshes (one per
//! run of consecutive mesh items), so a frame stays cheap.

use std::sync::Arc;

use epaint::{
    CircleShape, Color32, Galley, Mesh, Pos2, Rect, RectShape, Shape, Stroke, StrokeKind, Vec2,
};

use crate::compose::{DrawList, Item};
use crate::render::features::{append_dashed, append_disc, append_glyph};

/// Where the shapes go: each with the clip the draw list set for it (`None`: the map's
/// own), in painting order.
pub type ShapeSink<'s> = dyn FnMut(Option<Rect>, Shape) + 's;

/// The sink with the clip in force.
struct Out<'a, 's> {
    clip: Option<Rect>,
    sink: &'a mut ShapeSink<'s>,
}

impl Out<'_, '_> {
    fn add(&mut self, shape: impl Into<Shape>) {
        (self.sink)(self.clip, shape.into());
    }
}

/// Paints a draw list as shapes into `sink`.
pub fn paint(list: &DrawList<'_>, sink: &mut ShapeSink<'_>) {
    let mut current = Out { clip: None, sink };
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
                &mut mesh,
                &mut current,
                *center,
                *radius,
                *fill,
                *stroke,
                *dashed,
            ),
            Item::Path {
                lines,
                closed,
                stroke,
                dash,
            } => path(&mut current, lines, *closed, *stroke, *dash),
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
                current.add(RectShape::filled(*rect, *corner, *fill));
                if stroke.width > 0.0 {
                    current.add(RectShape::stroke(
                        *rect,
                        *corner,
                        *stroke,
                        StrokeKind::Inside,
                    ));
                }
            }
            Item::Text {
                pos,
                galley,
                color,
                halo,
            } => text(&mut current, *pos, galley, *color, *halo),
            Item::Relief { relief, view } => {
                if let Some(texture) = relief.texture {
                    let mesh_of = &relief.relief.mesh;
                    let mut out = Mesh::with_texture(texture);
                    let (v, i) = mesh_of.output_size(&view.visible);
                    out.vertices.reserve(v);
                    out.indices.reserve(i);
                    mesh_of.append_to(&view.t, &view.visible, &mut out);
                    current.add(Shape::mesh(out));
                }
            }
            Item::Clip(clip) => {
                current.clip = *clip;
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
    out: &mut Out<'_, '_>,
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
        out.add(CircleShape::stroke(center, radius, stroke));
    }
}

fn path(
    out: &mut Out<'_, '_>,
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
                for dash in Shape::dashed_line(&points, stroke, d, g) {
                    out.add(dash);
                }
            }
            None if closed => {
                out.add(Shape::closed_line(line.clone(), stroke));
            }
            None => {
                out.add(Shape::line(line.clone(), stroke));
            }
        }
    }
}

/// Text, with its halo as the text offset a point in four directions.
fn text(
    out: &mut Out<'_, '_>,
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
            if !galley.is_empty() {
                out.add(Shape::galley_with_override_text_color(
                    pos + d,
                    galley.clone(),
                    halo,
                ));
            }
        }
    }
    if !galley.is_empty() {
        out.add(Shape::galley(pos, galley.clone(), color));
    }
}
