//! Annotations in the draw list: projected (and areas triangulated) once when what is shown
//! changes ([`ProjectedAnnotations::build`]), only transformed per frame, and composed like every other
//! layer, so each painter (egui on screen, SVG and PDF for slides) draws the same rings,
//! lines, arrows, areas and callouts.

use std::sync::Arc;

use epaint::emath::Align2;
use epaint::{Color32, Pos2, Rect, Stroke, Vec2};
use geo::{Coord, InteriorPoint, LineString, Polygon};

use super::text::TextLayout;
use super::{DrawList, Item, WorldView};
use crate::geo::projection::{Albers, WorldPoint};
use crate::model::Actor;
use crate::model::annotation::{Fill, Geometry, Heads, Resolved};
use crate::model::briefing::Scene;
use crate::render::WorldBounds;
use crate::render::document::Document;
use crate::render::legend::{DrawnSwatch, LegendItem, Swatch};
use crate::render::mesh::{FillMesh, LineMesh};
use crate::render::style::Palette;

/// Width of a drawn line, in screen points (read on a projector).
pub const LINE_WIDTH: f32 = 2.5;
/// A ring's dash and gap, in screen points: a ring is a reach, not a border.
const RING_DASH: [f32; 2] = [10.0, 5.0];
/// A dashed line's dash and gap.
const LINE_DASH: [f32; 2] = [8.0, 6.0];
/// Half the size of the cross at a ring's centre.
const CROSS: f32 = 5.0;
/// Captions' size.
const CAPTION_SIZE: f32 = 13.0;
/// An arrowhead's length and half-width.
const HEAD: [f32; 2] = [16.0, 7.0];
/// The widest a callout's text runs before it wraps.
const CALLOUT_WIDTH: f32 = 220.0;
/// Points sampled per segment of a curved arrow.
const CURVE_SAMPLES: usize = 24;

/// What one annotation draws, in world space.
#[derive(Clone, Debug)]
pub enum Projected {
    /// A range ring.
    Ring {
        /// The curve, closed.
        outline: Vec<WorldPoint>,
        /// Its centre.
        center: WorldPoint,
    },
    /// A line or an arrow.
    Path {
        /// Its points (a curved arrow's already smoothed).
        points: Vec<WorldPoint>,
        /// Its heads, if an arrow.
        heads: Option<Heads>,
        /// Dashed.
        dashed: bool,
    },
    /// An area.
    Area {
        /// Its ring, closed.
        ring: Vec<WorldPoint>,
        /// The triangulated fill (a tint).
        mesh: Box<FillMesh>,
        /// Its ring as a mesh, for the page painters' fill.
        rings: Box<LineMesh>,
        /// Tinted or hatched.
        fill: Fill,
        /// Where its caption goes.
        label_at: WorldPoint,
    },
    /// A callout.
    Callout {
        /// The point it is about.
        at: WorldPoint,
        /// Its box's offset in screen points.
        offset: [f32; 2],
    },
    /// The handles of a drawing being reshaped (on screen only).
    Handles(Vec<WorldPoint>),
}

/// One annotation ready to draw.
#[derive(Clone, Debug)]
pub struct ProjectedAnnotation {
    /// Its geometry.
    pub projected: Projected,
    /// Its box, for culling.
    pub bounds: WorldBounds,
    /// What is written.
    pub caption: String,
    /// Whose colour (none: the map's ink).
    pub colour: Option<Actor>,
}

/// The annotations of what is shown, in world space.
#[derive(Clone, Debug, Default)]
pub struct ProjectedAnnotations {
    /// In drawing order.
    pub drawings: Vec<ProjectedAnnotation>,
}

/// Nothing drawn: what a map without annotations borrows.
pub static NO_ANNOTATIONS: ProjectedAnnotations = ProjectedAnnotations {
    drawings: Vec::new(),
};

/// A Catmull–Rom curve through the points (a gentle arc for two).
fn smooth(points: &[WorldPoint]) -> Vec<WorldPoint> {
    if points.len() == 2 {
        let (a, b) = (points[0], points[1]);
        // A quadratic Bézier bowed to the left by a fifth of its length.
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let c = WorldPoint::new((a.x + b.x) / 2.0 - dy * 0.2, (a.y + b.y) / 2.0 + dx * 0.2);
        return (0..=CURVE_SAMPLES * 2)
            .map(|k| {
                let t = k as f64 / (CURVE_SAMPLES * 2) as f64;
                let u = 1.0 - t;
                WorldPoint::new(
                    u * u * a.x + 2.0 * u * t * c.x + t * t * b.x,
                    u * u * a.y + 2.0 * u * t * c.y + t * t * b.y,
                )
            })
            .collect();
    }
    let at = |i: isize| points[i.clamp(0, points.len() as isize - 1) as usize];
    let mut out = Vec::new();
    for i in 0..points.len() as isize - 1 {
        let (p0, p1, p2, p3) = (at(i - 1), at(i), at(i + 1), at(i + 2));
        for k in 0..CURVE_SAMPLES {
            let t = k as f64 / CURVE_SAMPLES as f64;
            let (t2, t3) = (t * t, t * t * t);
            let f = |a: f64, b: f64, c: f64, d: f64| {
                0.5 * (2.0 * b
                    + (c - a) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (3.0 * b - a - 3.0 * c + d) * t3)
            };
            out.push(WorldPoint::new(
                f(p0.x, p1.x, p2.x, p3.x),
                f(p0.y, p1.y, p2.y, p3.y),
            ));
        }
    }
    out.extend(points.last());
    out
}

impl ProjectedAnnotations {
    /// A scene's annotations, resolved against the document's atlas and projected (those
    /// that fail their checks were reported and dropped when the briefing loaded).
    pub fn of_scene(doc: &Document, scene: &Scene) -> Self {
        let resolved: Vec<_> = scene
            .annotations
            .iter()
            .filter_map(|a| a.resolve(&doc.atlas).ok())
            .collect();
        Self::build(&resolved, &doc.geometry.projection)
    }

    /// Projects resolved annotations (and triangulates their areas).
    pub fn build(resolved: &[Resolved], projection: &Albers) -> Self {
        let project = |points: &[crate::geo::projection::LonLat]| -> Vec<WorldPoint> {
            points.iter().map(|p| projection.project(*p)).collect()
        };
        let drawings = resolved
            .iter()
            .map(|r| {
                let projected = match &r.geometry {
                    Geometry::Ring { center, outline } => Projected::Ring {
                        outline: project(outline),
                        center: projection.project(*center),
                    },
                    Geometry::Path {
                        points,
                        heads,
                        curved,
                        dashed,
                    } => {
                        let world = project(points);
                        Projected::Path {
                            points: if *curved { smooth(&world) } else { world },
                            heads: *heads,
                            dashed: *dashed,
                        }
                    }
                    Geometry::Area { ring, fill } => area(&project(ring), *fill),
                    Geometry::Callout { at, offset } => Projected::Callout {
                        at: projection.project(*at),
                        offset: *offset,
                    },
                };
                let mut bounds = WorldBounds::EMPTY;
                for p in projected.points() {
                    bounds.include(*p);
                }
                ProjectedAnnotation {
                    projected,
                    bounds,
                    caption: r.caption.clone(),
                    colour: r.colour,
                }
            })
            .collect();
        Self { drawings }
    }

    /// Adds handles at these world points (a drawing being reshaped).
    pub fn with_handles(mut self, points: Vec<WorldPoint>) -> Self {
        let mut bounds = WorldBounds::EMPTY;
        for p in &points {
            bounds.include(*p);
        }
        self.drawings.push(ProjectedAnnotation {
            projected: Projected::Handles(points),
            bounds,
            caption: String::new(),
            colour: None,
        });
        self
    }
}

/// An area projected: its ring, its fill triangulated once, where its caption goes.
fn area(ring: &[WorldPoint], fill: Fill) -> Projected {
    let origin = ring.first().copied().unwrap_or(WorldPoint::new(0.0, 0.0));
    let line: LineString<f64> = ring.iter().map(|p| Coord { x: p.x, y: p.y }).collect();
    let polygon = Polygon::new(line, Vec::new());
    let label_at = polygon
        .interior_point()
        .map_or(origin, |p| WorldPoint::new(p.x(), p.y()));
    Projected::Area {
        ring: ring.to_vec(),
        mesh: Box::new(FillMesh::from_polygons(
            std::slice::from_ref(&polygon),
            origin,
        )),
        rings: Box::new(LineMesh::from_rings([polygon.exterior()], origin)),
        fill,
        label_at,
    }
}

impl Projected {
    /// Its world points (for its box).
    fn points(&self) -> &[WorldPoint] {
        match self {
            Self::Ring { outline, .. } => outline,
            Self::Path { points, .. } => points,
            Self::Area { ring, .. } => ring,
            Self::Callout { at, .. } => std::slice::from_ref(at),
            Self::Handles(points) => points,
        }
    }
}

/// An annotation's colour in this palette.
pub fn colour_of(palette: &Palette, colour: Option<Actor>) -> Color32 {
    colour.map_or(palette.label, |a| palette.actor(a))
}

/// What the annotations are drawn with.
struct Pen<'p> {
    palette: &'p Palette,
    color: Color32,
}

impl Pen<'_> {
    /// A polyline over a halo.
    fn path(&self, list: &mut DrawList<'_>, line: Vec<Pos2>, closed: bool, dash: Option<[f32; 2]>) {
        list.push(Item::Path {
            lines: vec![line.clone()],
            closed,
            stroke: Stroke::new(LINE_WIDTH + 3.0, self.palette.halo),
            dash: None,
        });
        list.push(Item::Path {
            lines: vec![line],
            closed,
            stroke: Stroke::new(LINE_WIDTH, self.color),
            dash,
        });
    }

    /// A caption with a halo, its `align` point at `at`.
    fn caption(
        &self,
        list: &mut DrawList<'_>,
        text: &mut dyn TextLayout,
        caption: &str,
        at: Pos2,
        align: Align2,
    ) {
        if caption.is_empty() {
            return;
        }
        let galley = text.line(caption, CAPTION_SIZE, self.color);
        let pos = align.anchor_size(at, galley.size()).min;
        list.text(pos, galley, self.color, Some(self.palette.halo));
    }
}

/// Draws the annotations in view, in order.
pub(super) fn compose<'a>(
    list: &mut DrawList<'a>,
    view: WorldView,
    rect: Rect,
    palette: &Palette,
    overlay: &'a ProjectedAnnotations,
    text: &mut dyn TextLayout,
) {
    for d in &overlay.drawings {
        let (b, v) = (&d.bounds, &view.visible);
        if b.max.x < v.min.x || b.min.x > v.max.x || b.max.y < v.min.y || b.min.y > v.max.y {
            continue;
        }
        let pen = Pen {
            palette,
            color: colour_of(palette, d.colour),
        };
        let screen = |points: &[WorldPoint]| -> Vec<Pos2> {
            points.iter().map(|p| view.t.apply(*p)).collect()
        };
        match &d.projected {
            Projected::Ring { outline, center } => {
                let outline = screen(outline);
                let c = view.t.apply(*center);
                ring(list, &pen, &outline, c);
                // Its caption at its top, or, when the top is out of view, at the
                // highest part of it that is in view.
                let inside = rect.shrink2(Vec2::new(60.0, 24.0));
                let top = outline
                    .iter()
                    .copied()
                    .filter(|p| inside.contains(*p))
                    .min_by(|a, b| a.y.total_cmp(&b.y));
                if let Some(top) = top {
                    let at = top - Vec2::Y * 4.0;
                    pen.caption(list, text, &d.caption, at, Align2::CENTER_BOTTOM);
                }
            }
            Projected::Path {
                points,
                heads,
                dashed,
            } => {
                let line = screen(points);
                path(list, &pen, &line, *heads, *dashed);
                let middle = middle_of(&line);
                pen.caption(
                    list,
                    text,
                    &d.caption,
                    middle - Vec2::Y * 6.0,
                    Align2::CENTER_BOTTOM,
                );
            }
            Projected::Area {
                ring,
                mesh,
                rings,
                fill,
                label_at,
            } => {
                let outline = screen(ring);
                match fill {
                    Fill::Tint => list.push(Item::Area {
                        fill: mesh,
                        rings,
                        view,
                        color: pen.color.gamma_multiply(0.22),
                        even_odd: false,
                    }),
                    Fill::Hatch => {
                        let segments = crate::render::features::hatch(
                            std::slice::from_ref(&outline),
                            std::f32::consts::FRAC_PI_4,
                            9.0,
                            0.0,
                            rect,
                        );
                        list.push(Item::Segments {
                            segments: Arc::from(segments),
                            stroke: Stroke::new(1.4, pen.color),
                            dash: None,
                        });
                    }
                }
                pen.path(list, outline, true, None);
                let at = view.t.apply(*label_at);
                pen.caption(list, text, &d.caption, at, Align2::CENTER_CENTER);
            }
            Projected::Callout { at, offset } => {
                callout(list, &pen, text, view.t.apply(*at), *offset, &d.caption);
            }
            Projected::Handles(points) => {
                for p in points {
                    list.push(Item::Circle {
                        center: view.t.apply(*p),
                        radius: 6.0,
                        fill: palette.panel.to_opaque(),
                        stroke: Stroke::new(2.0, pen.color),
                        dashed: false,
                    });
                }
            }
        }
    }
}

/// A ring's dashed curve and the cross at its centre.
fn ring(list: &mut DrawList<'_>, pen: &Pen<'_>, outline: &[Pos2], c: Pos2) {
    pen.path(list, outline.to_vec(), true, Some(RING_DASH));
    let cross = vec![
        vec![c - Vec2::X * CROSS, c + Vec2::X * CROSS],
        vec![c - Vec2::Y * CROSS, c + Vec2::Y * CROSS],
    ];
    for stroke in [
        Stroke::new(LINE_WIDTH + 3.0, pen.palette.halo),
        Stroke::new(LINE_WIDTH, pen.color),
    ] {
        list.push(Item::Path {
            lines: cross.clone(),
            closed: false,
            stroke,
            dash: None,
        });
    }
}

/// A line, with its arrowheads if any.
fn path(list: &mut DrawList<'_>, pen: &Pen<'_>, line: &[Pos2], heads: Option<Heads>, dashed: bool) {
    pen.path(list, line.to_vec(), false, dashed.then_some(LINE_DASH));
    let mut ends = Vec::new();
    if matches!(heads, Some(Heads::End | Heads::Both)) {
        ends.push(line.iter().rev().copied().collect::<Vec<_>>());
    }
    if matches!(heads, Some(Heads::Start | Heads::Both)) {
        ends.push(line.to_vec());
    }
    for from_tip in ends {
        let Some(&tip) = from_tip.first() else {
            continue;
        };
        // The direction over the head's length, so a densified curve's last short
        // segment does not turn it.
        let Some(back) = from_tip
            .iter()
            .find(|p| p.distance(tip) >= HEAD[0])
            .or(from_tip.last())
            .copied()
            .filter(|p| *p != tip)
        else {
            continue;
        };
        let dir = (tip - back).normalized();
        let side = dir.rot90() * HEAD[1];
        let base = tip - dir * HEAD[0];
        list.push(Item::Polygon {
            points: vec![tip, base + side, base - side],
            fill: pen.color,
            stroke: Stroke::new(1.0, pen.palette.halo),
        });
    }
}

/// The point halfway along a polyline on screen.
fn middle_of(line: &[Pos2]) -> Pos2 {
    let total: f32 = line.windows(2).map(|w| w[0].distance(w[1])).sum();
    let mut run = 0.0;
    for w in line.windows(2) {
        let d = w[0].distance(w[1]);
        if run + d >= total / 2.0 && d > 0.0 {
            return w[0].lerp(w[1], (total / 2.0 - run) / d);
        }
        run += d;
    }
    line.first().copied().unwrap_or(Pos2::ZERO)
}

/// A callout: a dot on the point, a leader line to a box of text `offset` away.
fn callout(
    list: &mut DrawList<'_>,
    pen: &Pen<'_>,
    text: &mut dyn TextLayout,
    p: Pos2,
    offset: [f32; 2],
    caption: &str,
) {
    let galley = text.wrapped(caption, CAPTION_SIZE, pen.palette.label, CALLOUT_WIDTH);
    let size = galley.size() + Vec2::splat(12.0);
    let anchor = p + Vec2::new(offset[0], offset[1]);
    // The box's near side faces the point.
    let align = match (offset[0] >= 0.0, offset[1] >= 0.0) {
        (true, true) => Align2::LEFT_TOP,
        (true, false) => Align2::LEFT_BOTTOM,
        (false, true) => Align2::RIGHT_TOP,
        (false, false) => Align2::RIGHT_BOTTOM,
    };
    let rect = align.anchor_size(anchor, size);
    let near = Pos2::new(
        p.x.clamp(rect.left(), rect.right()),
        p.y.clamp(rect.top(), rect.bottom()),
    );
    pen.path(list, vec![p, near], false, None);
    list.push(Item::Circle {
        center: p,
        radius: 4.0,
        fill: pen.color,
        stroke: Stroke::new(1.5, pen.palette.halo),
        dashed: false,
    });
    list.push(Item::Rect {
        rect,
        corner: 4.0,
        fill: pen.palette.panel,
        stroke: Stroke::new(1.5, pen.color),
    });
    list.text(rect.min + Vec2::splat(6.0), galley, pen.palette.label, None);
}

/// Legend entries for the drawings that carry a meaning (a caption): rings, lines, arrows
/// and areas ("Iskander-M range: 500 km"); callouts say what they mean where they are.
pub fn legend_items(overlay: &ProjectedAnnotations, palette: &Palette) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = Vec::new();
    for d in &overlay.drawings {
        let color = colour_of(palette, d.colour);
        let swatch = match &d.projected {
            Projected::Ring { .. } => Swatch::Drawn(color, DrawnSwatch::Ring),
            Projected::Path { heads: Some(_), .. } => Swatch::Drawn(color, DrawnSwatch::Arrow),
            Projected::Path { dashed, .. } => Swatch::Drawn(color, DrawnSwatch::Line(*dashed)),
            Projected::Area {
                fill: Fill::Tint, ..
            } => Swatch::Area(color),
            Projected::Area {
                fill: Fill::Hatch, ..
            } => Swatch::Hatch(color, std::f32::consts::FRAC_PI_4),
            Projected::Callout { .. } | Projected::Handles(_) => continue,
        };
        let item = LegendItem {
            swatch,
            label: d.caption.clone(),
        };
        if !d.caption.is_empty() && !items.contains(&item) {
            items.push(item);
        }
    }
    items
}
