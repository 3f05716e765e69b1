//! A page: a draw list made into owned shapes in page points, the one input of the page
//! painters (SVG, PNG, PDF). Making a page is where the draw list's cached world geometry
//! lands on the page: projected by its view, culled to the map's clip, thinned to what a
//! tenth of a point shows; where a symbol becomes its polygons and the relief its image at
//! the page's resolution. The painters then only translate shapes, so the three outputs
//! show one map, and a page can go to a worker thread (it borrows nothing).

use std::collections::HashMap;
use std::sync::Arc;

use epaint::{Color32, Galley, Pos2, Rect, Stroke, Vec2};

use crate::compose::{DrawList, Item, WorldView};
use crate::render::features::polygon_points;
use crate::render::mesh::LineMesh;
use crate::render::relief::{ReliefView, WarpedImage};

/// Polylines in page points, shared where a fill and its border are the same rings.
pub type Polylines = Arc<Vec<Vec<Pos2>>>;

/// How the ends and corners of a stroke are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ends {
    /// Round corners (otherwise mitred).
    pub round_join: bool,
    /// Round ends (otherwise cut square at the end point).
    pub round_cap: bool,
}

/// One shape on a page, in page points (the page's canvas; the painters scale it to
/// pixels or to the PDF page).
#[derive(Clone, Debug)]
pub enum Shape {
    /// Rings filled in one colour.
    Fill {
        /// The rings.
        rings: Polylines,
        /// Even-odd (one country) or non-zero (overlapping features).
        even_odd: bool,
        /// The colour.
        color: Color32,
    },
    /// Polylines stroked.
    Stroke {
        /// The lines.
        lines: Polylines,
        /// Whether each is closed.
        closed: bool,
        /// Width and colour.
        stroke: Stroke,
        /// Dash and gap lengths, if dashed (each line dashed from its start).
        dash: Option<[f32; 2]>,
        /// Corners and ends.
        ends: Ends,
    },
    /// A polygon filled and outlined, with round corners.
    Polygon {
        /// Its corners.
        points: Vec<Pos2>,
        /// Fill (transparent: none).
        fill: Color32,
        /// Outline (zero width: none).
        stroke: Stroke,
    },
    /// A circle.
    Circle {
        /// Centre.
        center: Pos2,
        /// Radius.
        radius: f32,
        /// Fill (transparent: none).
        fill: Color32,
        /// Outline (zero width: none).
        stroke: Stroke,
        /// Dash and gap of the outline, if dashed.
        dash: Option<[f32; 2]>,
    },
    /// A rectangle with rounded corners.
    Rect {
        /// Where.
        rect: Rect,
        /// Corner radius.
        corner: f32,
        /// Fill (transparent: none).
        fill: Color32,
        /// Outline (zero width: none).
        stroke: Stroke,
    },
    /// Laid-out text: the galley's glyphs at `pos`, scaled by `scale`.
    Text {
        /// The galley's top-left corner.
        pos: Pos2,
        /// The laid-out text.
        galley: Arc<Galley>,
        /// The galley's size on the page per point of its layout (a deck's thumbnail of a
        /// slide is smaller than 1).
        scale: f32,
        /// Colour.
        color: Color32,
        /// A halo around the letters, if any.
        halo: Option<Color32>,
    },
    /// The relief, reprojected for the page.
    Image(Arc<WarpedImage>),
    /// What follows is clipped to the rectangle, up to the next clip (`None`: nothing).
    Clip(Option<Rect>),
}

/// A page: its size, its canvas and its shapes in painting order.
#[derive(Clone, Debug)]
pub struct Page {
    /// Width and height of the output in pixels (a PDF page scales the canvas to its own
    /// width).
    pub size: [u32; 2],
    /// The canvas the shapes are laid out on (points).
    pub canvas: Vec2,
    /// The document's title.
    pub title: String,
    /// Its description, if any.
    pub desc: Option<String>,
    /// The shapes, first painted first.
    pub shapes: Vec<Shape>,
}

impl Page {
    /// An empty page.
    pub fn new(size: [u32; 2], canvas: Vec2, title: &str, desc: Option<&str>) -> Self {
        Self {
            size,
            canvas,
            title: title.to_owned(),
            desc: desc.map(str::to_owned),
            shapes: Vec::new(),
        }
    }

    /// A page of a draw list laid out on the page's canvas.
    pub fn of(
        size: [u32; 2],
        canvas: Vec2,
        title: &str,
        desc: Option<&str>,
        list: &DrawList<'_>,
    ) -> Self {
        let mut page = Self::new(size, canvas, title, desc);
        page.add(list, Rect::from_min_size(Pos2::ZERO, canvas), canvas);
        page
    }

    /// Adds a draw list laid out on `canvas`, scaled into `rect` of this page and clipped
    /// to it (a slide's thumbnail on a notes page).
    pub fn add(&mut self, list: &DrawList<'_>, rect: Rect, canvas: Vec2) {
        let place = Place {
            scale: rect.width() / canvas.x.max(1.0),
            offset: rect.min.to_vec2(),
        };
        let whole = Rect::from_min_size(Pos2::ZERO, self.canvas);
        let nested = rect != whole;
        let mut flat = Flattener {
            place,
            outer: nested.then_some(rect),
            memo: HashMap::new(),
            region: 0,
            clip: None,
            shapes: &mut self.shapes,
        };
        if nested {
            flat.shapes.push(Shape::Clip(Some(rect)));
            flat.clip = Some(rect);
        }
        for item in &list.items {
            flat.item(item);
        }
        if nested || flat.clip.is_some() {
            self.shapes.push(Shape::Clip(None));
        }
    }

    /// Every text on the page with its rectangle, in painting order.
    pub fn texts(&self) -> impl Iterator<Item = (&str, Rect)> {
        self.shapes.iter().filter_map(|s| match s {
            Shape::Text {
                pos, galley, scale, ..
            } => Some((
                galley.text(),
                Rect::from_min_size(*pos, galley.size() * *scale),
            )),
            _ => None,
        })
    }
}

/// Where a draw list's points land on the page: scaled, then moved.
#[derive(Clone, Copy, Debug)]
struct Place {
    scale: f32,
    offset: Vec2,
}

impl Place {
    fn pos(self, p: Pos2) -> Pos2 {
        Pos2::new(p.x * self.scale, p.y * self.scale) + self.offset
    }

    fn rect(self, r: Rect) -> Rect {
        Rect::from_min_max(self.pos(r.min), self.pos(r.max))
    }

    fn stroke(self, s: Stroke) -> Stroke {
        Stroke::new(s.width * self.scale, s.color)
    }

    fn dash(self, d: Option<[f32; 2]>) -> Option<[f32; 2]> {
        d.map(|[a, b]| [a * self.scale, b * self.scale])
    }

    fn is_identity(self) -> bool {
        self.scale == 1.0 && self.offset == Vec2::ZERO
    }
}

/// How far outside the clip rectangle cached geometry keeps its vertices (points): more
/// than half the widest stroke, so what shows is unchanged.
const CULL_MARGIN: f32 = 40.0;

/// Makes a draw list's items into shapes.
struct Flattener<'p> {
    place: Place,
    /// The clip of the whole list (a nested list stays inside its rectangle).
    outer: Option<Rect>,
    /// Cached lines already placed in this clip region (by the lines' address and the
    /// region): a country's fill and its border share one.
    memo: HashMap<(usize, usize), Polylines>,
    /// Counts clip changes.
    region: usize,
    /// The current clip on the page.
    clip: Option<Rect>,
    shapes: &'p mut Vec<Shape>,
}

impl Flattener<'_> {
    fn item(&mut self, item: &Item<'_>) {
        let p = self.place;
        match item {
            Item::Clip(clip) => self.set_clip(*clip),
            Item::Area {
                rings,
                view,
                color,
                even_odd,
                ..
            } => {
                let rings = self.cached(rings, view);
                self.shapes.push(Shape::Fill {
                    rings,
                    even_odd: *even_odd,
                    color: *color,
                });
            }
            Item::Lines {
                lines,
                view,
                width,
                color,
            } => {
                let lines = self.cached(lines, view);
                self.shapes.push(Shape::Stroke {
                    lines,
                    closed: false,
                    stroke: p.stroke(Stroke::new(*width, *color)),
                    dash: None,
                    ends: Ends {
                        round_join: true,
                        round_cap: true,
                    },
                });
            }
            Item::Path {
                lines,
                closed,
                stroke,
                dash,
            } => {
                let lines = lines
                    .iter()
                    .map(|l| l.iter().map(|q| p.pos(*q)).collect())
                    .collect();
                self.shapes.push(Shape::Stroke {
                    lines: Arc::new(lines),
                    closed: *closed,
                    stroke: p.stroke(*stroke),
                    dash: p.dash(*dash),
                    ends: Ends {
                        round_join: true,
                        round_cap: false,
                    },
                });
            }
            Item::Segments {
                segments,
                stroke,
                dash,
            } => {
                if segments.is_empty() {
                    return;
                }
                let lines = segments
                    .iter()
                    .map(|s| vec![p.pos(s[0]), p.pos(s[1])])
                    .collect();
                self.shapes.push(Shape::Stroke {
                    lines: Arc::new(lines),
                    closed: false,
                    stroke: p.stroke(*stroke),
                    dash: p.dash(*dash),
                    ends: Ends {
                        round_join: false,
                        round_cap: false,
                    },
                });
            }
            Item::Relief { relief, view } => self.relief(relief, view),
            other => self.figure(other),
        }
    }

    /// Symbols, circles, polygons, rectangles and text.
    fn figure(&mut self, item: &Item<'_>) {
        let p = self.place;
        let shape = match item {
            Item::Glyph {
                glyph,
                hollow,
                center,
                radius,
                color,
                outline,
            } => {
                // Its outline as a slightly larger polygon, the fill, and for hollow glyphs a
                // centre in the outline colour, as the screen draws them.
                let r = *radius;
                let mut layers = vec![(r + 1.6, *outline), (r, *color)];
                if *hollow {
                    layers.push((r * 0.5, *outline));
                }
                for (radius, colour) in layers {
                    let points = polygon_points(*glyph, *center, radius)
                        .into_iter()
                        .map(|q| p.pos(q))
                        .collect();
                    self.shapes.push(Shape::Polygon {
                        points,
                        fill: colour,
                        stroke: Stroke::NONE,
                    });
                }
                return;
            }
            Item::Circle {
                center,
                radius,
                fill,
                stroke,
                dashed,
            } => {
                // Twelve dashes around the ring, as on screen.
                let r = radius * p.scale;
                let dash = dashed.then(|| {
                    let step = std::f32::consts::TAU * r / 24.0;
                    [step, step]
                });
                Shape::Circle {
                    center: p.pos(*center),
                    radius: r,
                    fill: *fill,
                    stroke: p.stroke(*stroke),
                    dash,
                }
            }
            Item::Polygon {
                points,
                fill,
                stroke,
            } => Shape::Polygon {
                points: points.iter().map(|q| p.pos(*q)).collect(),
                fill: *fill,
                stroke: p.stroke(*stroke),
            },
            Item::Rect {
                rect,
                corner,
                fill,
                stroke,
            } => Shape::Rect {
                rect: p.rect(*rect),
                corner: corner * p.scale,
                fill: *fill,
                stroke: p.stroke(*stroke),
            },
            Item::Text {
                pos,
                galley,
                color,
                halo,
            } => Shape::Text {
                pos: p.pos(*pos),
                galley: Arc::clone(galley),
                scale: p.scale,
                color: *color,
                halo: *halo,
            },
            _ => return,
        };
        self.shapes.push(shape);
    }

    fn set_clip(&mut self, clip: Option<Rect>) {
        let placed = clip.map(|r| self.place.rect(r));
        let clip = match (placed, self.outer) {
            (Some(r), Some(o)) => Some(r.intersect(o)),
            (r, o) => r.or(o),
        };
        // Lines are remembered per clip region: culled for one, whole without.
        self.region += 1;
        self.clip = clip;
        self.shapes.push(Shape::Clip(clip));
    }

    /// Cached world lines on the page: projected, culled to the clip (with a margin),
    /// without what a tenth of a point does not show; once per clip region.
    fn cached(&mut self, lines: &LineMesh, view: &WorldView) -> Polylines {
        let key = (std::ptr::from_ref(lines) as usize, self.region);
        let (place, bounds) = (self.place, self.clip.map(|r| r.expand(CULL_MARGIN)));
        Arc::clone(self.memo.entry(key).or_insert_with(|| {
            let polylines = lines.screen_polylines(&view.t);
            let tidy = |line: &Vec<Pos2>| -> Vec<Pos2> {
                let placed: Vec<Pos2>;
                let mut line: &[Pos2] = line;
                if !place.is_identity() {
                    placed = line.iter().map(|q| place.pos(*q)).collect();
                    line = &placed;
                }
                let culled = bounds.map(|b| cull(line, b));
                let fine = drop_retraces(&thin(culled.as_deref().unwrap_or(line), FINEST), 0.1);
                // A line that is mostly teeth finer than a point (a hostile file's
                // sawtooth) is kept at a point's precision: the same picture, and seconds
                // of rasterising instead of a minute.
                let coarse = drop_retraces(&fine, 1.0);
                if coarse.len() * 4 < fine.len() {
                    coarse
                } else {
                    fine
                }
            };
            // A world of coastlines is tidied on every core.
            let vertices: usize = polylines.iter().map(Vec::len).sum();
            let mut polylines: Vec<Vec<Pos2>> = if vertices > PARALLEL_VERTICES {
                crate::sys::parallel::par_map(&polylines, tidy)
            } else {
                polylines.iter().map(tidy).collect()
            };
            polylines.retain(|l| l.len() > 1);
            Arc::new(polylines)
        }))
    }

    /// The relief reprojected over the map's clip at one pixel per point of the draw
    /// list's canvas (or the image's own resolution, if coarser).
    fn relief(&mut self, relief: &ReliefView<'_>, view: &WorldView) {
        let Some(clip) = self.clip else {
            return;
        };
        // The clip back in the list's own points, where the view places the world.
        let p = self.place;
        let own = Rect::from_min_max(
            ((clip.min - p.offset).to_vec2() / p.scale).to_pos2(),
            ((clip.max - p.offset).to_vec2() / p.scale).to_pos2(),
        );
        let mut image = relief.relief.warp(relief.variant, &view.t, own, 1.0);
        image.rect = p.rect(image.rect);
        self.shapes.push(Shape::Image(Arc::new(image)));
    }
}

/// The shortest step a page keeps between vertices of cached lines (points): a world
/// coastline at 1:10m has many vertices to a point at a slide's scale; a vertex within
/// this of the last one kept moves the line by less than a third of a pixel (of a
/// 1920-pixel slide), so it is left out before anything is painted.
const FINEST: f32 = 0.3;

/// Cached lines of more vertices than this are placed on the page on every core.
const PARALLEL_VERTICES: usize = 20_000;

/// A polyline without the vertices within `step` of the last one kept (its first and last
/// are always kept, so a ring stays closed).
pub fn thin(line: &[Pos2], step: f32) -> Vec<Pos2> {
    let Some((last, rest)) = line.split_last() else {
        return Vec::new();
    };
    let step2 = step * step;
    let mut out: Vec<Pos2> = Vec::with_capacity(line.len());
    for p in rest {
        if out.last().is_none_or(|q| q.distance_sq(*p) >= step2) {
            out.push(*p);
        }
    }
    out.push(*last);
    out
}

/// A polyline without what draws nothing more, snapped to `step` points: a vertex where
/// the last one was, and a segment that goes straight back over the one before it (A B A B
/// draws what A B draws, stroked or filled: the region between a segment and its retrace
/// is empty). A valid file's sawtooth of a hundred thousand teeth finer than a tenth of a
/// point is kept as the few hundred segments that show, not rasterised tooth by tooth.
pub fn drop_retraces(line: &[Pos2], step: f32) -> Vec<Pos2> {
    let snap = |v: f32| (v / step).round() * step;
    let mut out: Vec<Pos2> = Vec::with_capacity(line.len());
    for p in line {
        let p = Pos2::new(snap(p.x), snap(p.y));
        if out.last() == Some(&p) {
            continue;
        }
        out.push(p);
        let n = out.len();
        if n >= 4 && out[n - 1] == out[n - 3] && out[n - 2] == out[n - 4] {
            out.truncate(n - 2);
        }
    }
    out
}

/// Which sides of `b` a point is beyond (one bit per side).
fn outcode(p: Pos2, b: Rect) -> u8 {
    u8::from(p.x < b.left())
        | u8::from(p.x > b.right()) << 1
        | u8::from(p.y < b.top()) << 2
        | u8::from(p.y > b.bottom()) << 3
}

/// A polyline without the vertices that cannot show inside `b`: a run of vertices all
/// beyond one same side is replaced by its first and last. The run and the chord that
/// replaces it both lie in that outer half-plane, so neither the stroke nor the fill (the
/// region between them is outside `b` too) changes inside `b`. A ring stays closed (its
/// first and last vertices are kept).
pub fn cull(line: &[Pos2], b: Rect) -> Vec<Pos2> {
    let n = line.len();
    if n < 3 {
        return line.to_vec();
    }
    let codes: Vec<u8> = line.iter().map(|&p| outcode(p, b)).collect();
    let mut out = Vec::with_capacity(n);
    out.push(line[0]);
    // The sides shared by the last kept vertex and every vertex dropped since.
    let mut run = codes[0];
    for i in 1..n - 1 {
        let shared = run & codes[i] & codes[i + 1];
        if shared != 0 {
            run = shared;
        } else {
            out.push(line[i]);
            run = codes[i];
        }
    }
    out.push(line[n - 1]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Even-odd point in polygon.
    fn inside(ring: &[Pos2], p: Pos2) -> bool {
        let mut c = false;
        for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                c = !c;
            }
        }
        c
    }

    #[test]
    fn thinning_keeps_the_ends_and_every_step_that_shows() {
        let p = |x: f32, y: f32| Pos2::new(x, y);
        // A ring of 10,000 vertices a hundredth of a point apart, then a long side.
        let mut ring: Vec<Pos2> = (0..10_000).map(|k| p(k as f32 * 0.01, 0.0)).collect();
        ring.push(p(100.0, 50.0));
        ring.push(p(0.0, 0.0));
        let thinned = thin(&ring, 0.3);
        assert!(thinned.len() < 400, "{}", thinned.len());
        assert_eq!(thinned.first(), ring.first());
        assert_eq!(thinned.last(), ring.last());
        // No vertex of the original is further than the step from the thinned line's
        // vertices along it (the chord between kept vertices).
        for w in thinned.windows(2) {
            assert!(w[0].distance(w[1]) >= 0.3 || Some(&w[1]) == ring.last());
        }
        assert!(thinned.contains(&p(100.0, 50.0)));
    }

    #[test]
    fn retraces_and_repeats_are_dropped_and_nothing_else() {
        let p = |x: f32, y: f32| Pos2::new(x, y);
        let (a, b, c) = (p(0.0, 0.0), p(100.0, 10.0), p(5.0, 5.0));
        assert_eq!(drop_retraces(&[a, b, a, b, a, b, c], 0.1), [a, b, c]);
        assert_eq!(drop_retraces(&[a, a, b, b, c], 0.1), [a, b, c]);
        // A tooth that shows (a tenth of a point apart) stays.
        let a2 = p(0.0, 0.1);
        assert_eq!(drop_retraces(&[a, b, a2, b], 0.1), [a, b, a2, b]);
        // A sawtooth of 100,000 teeth over 10 points of height: ~200 segments.
        let saw: Vec<Pos2> = (0..100_000)
            .flat_map(|k| {
                let y = k as f32 * 0.0001;
                [p(0.0, y), p(600.0, y + 60.0)]
            })
            .collect();
        assert!(
            drop_retraces(&saw, 0.1).len() < 300,
            "{}",
            drop_retraces(&saw, 0.1).len()
        );
    }

    #[test]
    fn culling_keeps_what_shows_and_drops_what_cannot() {
        let b = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(100.0, 100.0));
        // A star-shaped ring of 2 000 vertices wandering far beyond every side of `b`.
        let mut seed = 7_u32;
        let mut rand = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1 << 24) as f32
        };
        let ring: Vec<Pos2> = (0..2_000)
            .map(|k| {
                let a = k as f32 / 2_000.0 * std::f32::consts::TAU;
                let r = 20.0 + 400.0 * rand();
                Pos2::new(50.0 + r * a.cos(), 50.0 + r * a.sin())
            })
            .collect();
        let culled = cull(&ring, b);
        assert!(
            culled.len() < ring.len() / 2,
            "{} of {}",
            culled.len(),
            ring.len()
        );
        assert_eq!(culled.first(), ring.first());
        assert_eq!(culled.last(), ring.last());
        for x in 0..=50 {
            for y in 0..=50 {
                let p = Pos2::new(x as f32 * 2.0 + 0.01, y as f32 * 2.0 + 0.013);
                assert_eq!(inside(&ring, p), inside(&culled, p), "at {p:?}");
            }
        }
        // Every vertex inside `b` is kept.
        let kept = ring.iter().filter(|p| b.contains(**p)).count();
        assert_eq!(kept, culled.iter().filter(|p| b.contains(**p)).count());
    }

    #[test]
    fn a_country_around_the_whole_view_still_fills_it() {
        let b = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(100.0, 100.0));
        // Every vertex far outside, the ring going once around `b` (a large country seen
        // from inside): its corners are kept, so the view stays filled.
        let ring: Vec<Pos2> = (0..=720)
            .map(|k| {
                let a = k as f32 / 720.0 * std::f32::consts::TAU;
                let r = 300.0 + 50.0 * (7.0 * a).sin();
                Pos2::new(50.0 + r * a.cos(), 50.0 + r * a.sin())
            })
            .collect();
        let culled = cull(&ring, b);
        assert!(culled.len() <= 12, "{} vertices kept", culled.len());
        for x in 0..=10 {
            for y in 0..=10 {
                let p = Pos2::new(x as f32 * 10.0 + 0.3, y as f32 * 10.0 + 0.7);
                assert!(inside(&culled, p), "{p:?} is no longer filled");
            }
        }
        // And one wholly beyond one side collapses to its ends, filling nothing inside.
        let left: Vec<Pos2> = ring.iter().map(|p| Pos2::new(p.x - 2_000.0, p.y)).collect();
        assert_eq!(cull(&left, b).len(), 2);
    }
}
