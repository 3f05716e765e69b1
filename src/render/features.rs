//! The content's cached geometry: features projected once, with meshes for routes and
//! regions, an R*-tree over point features for hovering and clicking, the simplified
//! outlines membership hatching is drawn from, and the symbol and hatch builders.

use epaint::{Color32, Pos2, Rect, Vec2};
use epaint::{Mesh, Vertex, WHITE_UV};
use geo::{Area, Coord, LineString, Polygon};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use super::mesh::LineMesh;
use super::{AreaLod, MapGeometry, WorldBounds, area_lod, project_area, simplify_polygons};
use crate::geo::projection::{Albers, LonLat, WorldPoint, segment_distance2};
use crate::model::{Feature, FeatureKind, Shape};

fn coord(p: WorldPoint) -> Coord<f64> {
    Coord { x: p.x, y: p.y }
}

/// Simplification of regions and of the outlines hatching is drawn in (metres).
const REGION_TOLERANCE_M: f64 = 300.0;
/// Simplification of country outlines for membership hatching (metres).
const HATCH_TOLERANCE_M: f64 = 5_000.0;

/// One feature's projected geometry.
#[derive(Debug)]
pub struct FeatureGeometry {
    /// Its points (sites, events).
    pub points: Vec<WorldPoint>,
    /// Its lines (routes, borders), as a widened-line mesh and as points for hit-testing.
    pub lines: Option<(LineMesh, Vec<Vec<WorldPoint>>)>,
    /// Its area (regions): fill and outline, and the polygons for hit-testing.
    pub area: Option<(AreaLod, Vec<Polygon<f64>>, f64)>,
    /// World bounding box.
    pub bounds: WorldBounds,
    /// Where its label and symbol go.
    pub anchor: WorldPoint,
    /// Longitude/latitude of the anchor.
    pub anchor_lonlat: LonLat,
}

type PointEntry = GeomWithData<[f64; 2], u32>;

/// Every feature's geometry and the index over their points.
pub struct FeatureGeometries {
    /// Same order as the atlas's features.
    pub features: Vec<FeatureGeometry>,
    points: RTree<PointEntry>,
    /// Features with lines (few; checked one by one).
    pub lined: Vec<usize>,
    /// Features with areas (few; checked one by one).
    pub areal: Vec<usize>,
    /// Every point of every point feature, with its feature, in drawing priority (sites,
    /// events, infrastructure, the rest): one flat array the frame walks straight through.
    pub points_by_priority: Vec<(WorldPoint, u32)>,
    /// Point features outside the Central Asia frame (they get edge markers).
    pub off_frame: Vec<usize>,
}

impl FeatureGeometries {
    /// Projects and meshes every feature once.
    pub fn build(features: &[Feature], projection: &Albers) -> Self {
        let frame = crate::geo::camera::home_bounds(projection);
        let geometries: Vec<FeatureGeometry> = features
            .iter()
            .map(|f| feature_geometry(f, projection))
            .collect();
        let entries: Vec<PointEntry> = geometries
            .iter()
            .enumerate()
            .flat_map(|(i, g)| {
                g.points
                    .iter()
                    .map(move |p| GeomWithData::new([p.x, p.y], i as u32))
            })
            .collect();
        let lined = (0..geometries.len())
            .filter(|&i| geometries[i].lines.is_some())
            .collect();
        let areal = (0..geometries.len())
            .filter(|&i| geometries[i].area.is_some())
            .collect();
        let rank = |f: &Feature| match f.kind.category() {
            crate::model::Category::Site => 0,
            crate::model::Category::Event => 1,
            crate::model::Category::Infrastructure => 2,
            _ => 3,
        };
        let mut priority: Vec<usize> = (0..features.len())
            .filter(|&i| !geometries[i].points.is_empty())
            .collect();
        priority.sort_by_key(|&i| rank(&features[i]));
        let points_by_priority = priority
            .iter()
            .flat_map(|&i| geometries[i].points.iter().map(move |p| (*p, i as u32)))
            .collect();
        let off_frame = priority
            .iter()
            .copied()
            .filter(|&i| {
                let a = geometries[i].anchor;
                !(a.x >= frame.min.x
                    && a.x <= frame.max.x
                    && a.y >= frame.min.y
                    && a.y <= frame.max.y)
            })
            .collect();
        Self {
            features: geometries,
            points: RTree::bulk_load(entries),
            lined,
            areal,
            points_by_priority,
            off_frame,
        }
    }

    /// The feature under a world point: the nearest shown point feature within `radius_m`,
    /// else the nearest shown line, else the nearest shown region outline within it.
    pub fn hit(
        &self,
        at: WorldPoint,
        radius_m: f64,
        shown: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let r2 = radius_m * radius_m;
        for entry in self.points.nearest_neighbor_iter(&[at.x, at.y]) {
            let p = entry.geom();
            let d2 = (p[0] - at.x).powi(2) + (p[1] - at.y).powi(2);
            if d2 > r2 {
                break;
            }
            if shown(entry.data as usize) {
                return Some(entry.data as usize);
            }
        }
        let near = |b: &WorldBounds| {
            at.x >= b.min.x - radius_m
                && at.x <= b.max.x + radius_m
                && at.y >= b.min.y - radius_m
                && at.y <= b.max.y + radius_m
        };
        let mut best_line: Option<(f64, usize)> = None;
        for &i in &self.lined {
            let g = &self.features[i];
            let Some((_, lines)) = &g.lines else { continue };
            if !near(&g.bounds) || !shown(i) {
                continue;
            }
            for line in lines {
                for w in line.windows(2) {
                    let d2 = segment_distance2(coord(at), coord(w[0]), coord(w[1]));
                    if d2 <= r2 && best_line.is_none_or(|(b, _)| d2 < b) {
                        best_line = Some((d2, i));
                    }
                }
            }
        }
        if let Some((_, i)) = best_line {
            return Some(i);
        }
        // A region is hit near its outline (or through its label widget), not anywhere
        // inside, so the countries under it stay clickable.
        let mut best_area: Option<(f64, usize)> = None;
        for &i in &self.areal {
            let g = &self.features[i];
            let Some((_, polys, _)) = &g.area else {
                continue;
            };
            if !near(&g.bounds) || !shown(i) {
                continue;
            }
            for ring in polys
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            {
                for w in ring.0.windows(2) {
                    let d2 = segment_distance2(coord(at), w[0], w[1]);
                    if d2 <= r2 && best_area.is_none_or(|(d, _)| d2 < d) {
                        best_area = Some((d2, i));
                    }
                }
            }
        }
        best_area.map(|(_, i)| i)
    }
}

fn feature_geometry(feature: &Feature, projection: &Albers) -> FeatureGeometry {
    let mut bounds = WorldBounds::EMPTY;
    let project = |c: &Coord<f64>| projection.project(LonLat::new(c.x, c.y));
    let (points, lines, area) = match &feature.shape {
        Shape::Points(mp) => {
            let pts: Vec<WorldPoint> = mp.0.iter().map(|p| project(&p.0)).collect();
            (pts, None, None)
        }
        Shape::Lines(ml) => {
            let projected: Vec<Vec<WorldPoint>> =
                ml.0.iter()
                    .map(|l| l.0.iter().map(project).collect())
                    .collect();
            let strings: Vec<LineString<f64>> = projected
                .iter()
                .map(|l| l.iter().map(|p| Coord { x: p.x, y: p.y }).collect())
                .collect();
            let origin = projected
                .first()
                .and_then(|l| l.first())
                .copied()
                .unwrap_or(WorldPoint::new(0.0, 0.0));
            let mesh = LineMesh::from_lines(&strings, origin);
            (Vec::new(), Some((mesh, projected)), None)
        }
        Shape::Area(mp) => {
            let polys = simplify_polygons(&project_area(projection, mp), REGION_TOLERANCE_M);
            let area: f64 = polys.iter().map(|p| p.unsigned_area()).sum();
            let origin = polys
                .first()
                .and_then(|p| p.exterior().0.first())
                .map_or(WorldPoint::new(0.0, 0.0), |c| WorldPoint::new(c.x, c.y));
            (
                Vec::new(),
                None,
                Some((area_lod(&polys, origin), polys, area)),
            )
        }
    };
    // Labelled at the shape's anchor (a line's middle vertex, a point inside an area).
    let anchor_lonlat = feature.shape.anchor().unwrap_or(LonLat::new(0.0, 0.0));
    for p in &points {
        bounds.include(*p);
    }
    if let Some((_, ls)) = &lines {
        for p in ls.iter().flatten() {
            bounds.include(*p);
        }
    }
    if let Some((_, polys, _)) = &area {
        let b = WorldBounds::of_polygons(polys);
        bounds.include(b.min);
        bounds.include(b.max);
    }
    FeatureGeometry {
        points,
        lines,
        area,
        bounds,
        anchor: projection.project(anchor_lonlat),
        anchor_lonlat,
    }
}

/// Each country's outline simplified for hatching (world coordinates), built once.
pub fn hatch_outlines(geometry: &MapGeometry) -> Vec<Vec<Vec<WorldPoint>>> {
    crate::sys::parallel::par_map(&geometry.countries, |c| {
        simplify_polygons(&c.polygons, HATCH_TOLERANCE_M)
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|r| r.0.iter().map(|c| WorldPoint::new(c.x, c.y)).collect())
            .collect()
    })
}

/// Parallel hatch lines filling `rings` (screen points, even-odd), at `angle` radians,
/// `spacing` points apart, shifted by `phase` points; only the scanlines that cross `clip`.
/// Each edge is visited once and drops its crossings into the scanlines it spans, so the
/// cost is edges + crossings, not edges × scanlines.
pub fn hatch(
    rings: &[Vec<Pos2>],
    angle: f32,
    spacing: f32,
    phase: f32,
    clip: Rect,
) -> Vec<[Pos2; 2]> {
    let (sin, cos) = angle.sin_cos();
    // Rotate so the hatch runs along u; scanlines are v = const.
    let to_uv = |p: Pos2| (p.x * cos + p.y * sin, -p.x * sin + p.y * cos);
    let from_uv = |u: f32, v: f32| Pos2::new(u * cos - v * sin, u * sin + v * cos);
    let corners = [
        clip.left_top(),
        clip.right_top(),
        clip.left_bottom(),
        clip.right_bottom(),
    ];
    let (mut v_lo, mut v_hi) = (f32::INFINITY, f32::NEG_INFINITY);
    for c in corners {
        let (_, v) = to_uv(c);
        v_lo = v_lo.min(v);
        v_hi = v_hi.max(v);
    }
    let mut out = Vec::new();
    if spacing.is_nan() || spacing <= 0.0 || v_lo > v_hi {
        return out;
    }
    let first = ((v_lo - phase) / spacing).ceil();
    let count = (((v_hi - phase) / spacing).floor() - first + 1.0).max(0.0) as usize;
    let mut lines: Vec<Vec<f32>> = vec![Vec::new(); count];
    for ring in rings {
        let n = ring.len();
        for k in 0..n {
            let (u0, v0) = to_uv(ring[k]);
            let (u1, v1) = to_uv(ring[(k + 1) % n]);
            if v0 == v1 {
                continue;
            }
            let (lo, hi) = (v0.min(v1), v0.max(v1));
            // Scanlines v with lo < v <= hi (half-open, so a vertex is counted once).
            let a = (((lo - phase) / spacing).floor() + 1.0 - first).max(0.0);
            let b = (((hi - phase) / spacing).floor() - first).min(count as f32 - 1.0);
            if b < a {
                continue;
            }
            for (line, xs) in lines
                .iter_mut()
                .enumerate()
                .take(b as usize + 1)
                .skip(a as usize)
            {
                let v = (first + line as f32) * spacing + phase;
                xs.push(u0 + (v - v0) / (v1 - v0) * (u1 - u0));
            }
        }
    }
    for (line, xs) in lines.iter_mut().enumerate() {
        xs.sort_by(f32::total_cmp);
        let v = (first + line as f32) * spacing + phase;
        for pair in xs.chunks_exact(2) {
            out.push([from_uv(pair[0], v), from_uv(pair[1], v)]);
        }
    }
    out
}

/// Appends an anti-aliased straight segment (a quad with soft edges) to a mesh.
pub fn append_segment(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.01 {
        return;
    }
    let n = Vec2::new(-d.y, d.x) / len;
    let half = width / 2.0;
    let feather = super::style::sizes::FEATHER;
    let clear = Color32::TRANSPARENT;
    let base = mesh.vertices.len() as u32;
    for (offset, c) in [
        (-(half + feather), clear),
        (-half, color),
        (half, color),
        (half + feather, clear),
    ] {
        for p in [a, b] {
            mesh.vertices.push(Vertex {
                pos: p + n * offset,
                uv: WHITE_UV,
                color: c,
            });
        }
    }
    for strip in 0..3 {
        let i = base + strip * 2;
        mesh.indices.extend([i, i + 1, i + 2, i + 1, i + 3, i + 2]);
    }
}

/// Appends a segment drawn with dashes (`dash` on, `gap` off), or solid when `gap` is 0.
pub fn append_dashed(
    mesh: &mut Mesh,
    a: Pos2,
    b: Pos2,
    width: f32,
    color: Color32,
    dash: f32,
    gap: f32,
) {
    if gap <= 0.0 {
        append_segment(mesh, a, b, width, color);
        return;
    }
    let len = (b - a).length();
    let dir = (b - a) / len.max(1e-6);
    let mut at = 0.0;
    while at < len {
        let end = (at + dash).min(len);
        append_segment(mesh, a + dir * at, a + dir * end, width, color);
        at = end + gap;
    }
}

/// The glyph a feature is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Glyph {
    /// ■ bases
    Square,
    /// ▲ air bases
    Triangle,
    /// ◆ outposts, mines
    Diamond,
    /// ● test ranges, radars, ports
    Circle,
    /// ★ interventions
    Star,
    /// ⬢ summits, visits, agreements
    Hexagon,
    /// ✕ clashes, blockades
    Cross,
}

/// A feature's glyph, whether it is hollow, and its size factor.
pub fn glyph_of(kind: FeatureKind) -> (Glyph, bool, f32) {
    use FeatureKind::*;
    match kind {
        Base => (Glyph::Square, false, 1.0),
        AirBase => (Glyph::Triangle, false, 1.15),
        Garrison => (Glyph::Square, false, 0.75),
        Outpost | BorderGuards => (Glyph::Diamond, false, 1.0),
        TestRange | Radar | SeismicStation => (Glyph::Circle, false, 0.9),
        SpaceSurveillance | CommunicationsStation => (Glyph::Circle, false, 0.9),
        TrainingArea => (Glyph::Square, true, 0.9),
        Intervention => (Glyph::Star, false, 1.35),
        Exercise => (Glyph::Triangle, true, 1.1),
        BorderClash | Blockade => (Glyph::Cross, false, 1.0),
        Offensive => (Glyph::Cross, false, 1.2),
        Summit | Visit | Announcement | Agreement | Political => (Glyph::Hexagon, true, 1.0),
        PowerPlant => (Glyph::Hexagon, false, 0.95),
        Mine => (Glyph::Diamond, true, 1.0),
        Port | Spaceport => (Glyph::Circle, true, 1.0),
        Pipeline | Railway | Route | Region | Border => (Glyph::Circle, true, 0.8),
    }
}

/// The outline of a glyph of radius `r` centred on `c`.
pub fn polygon_points(glyph: Glyph, c: Pos2, r: f32) -> Vec<Pos2> {
    let regular = |n: usize, start: f32, radius: f32| -> Vec<Pos2> {
        (0..n)
            .map(|k| {
                let a = start + k as f32 * std::f32::consts::TAU / n as f32;
                c + Vec2::new(a.cos(), a.sin()) * radius
            })
            .collect()
    };
    use std::f32::consts::FRAC_PI_2;
    match glyph {
        Glyph::Square => regular(4, std::f32::consts::FRAC_PI_4, r * 1.2),
        Glyph::Triangle => regular(3, -FRAC_PI_2, r * 1.3),
        Glyph::Diamond => regular(4, 0.0, r * 1.3),
        Glyph::Circle => regular(10, 0.0, r),
        Glyph::Hexagon => regular(6, 0.0, r * 1.1),
        Glyph::Star => (0..10)
            .map(|k| {
                let a = -FRAC_PI_2 + k as f32 * std::f32::consts::PI / 5.0;
                let rr = if k % 2 == 0 { r * 1.35 } else { r * 0.6 };
                c + Vec2::new(a.cos(), a.sin()) * rr
            })
            .collect(),
        Glyph::Cross => {
            let (a, b) = (r * 1.25, r * 0.42);
            [
                (-a, -a + b),
                (-a + b, -a),
                (0.0, -b),
                (a - b, -a),
                (a, -a + b),
                (b, 0.0),
                (a, a - b),
                (a - b, a),
                (0.0, b),
                (-a + b, a),
                (-a, a - b),
                (-b, 0.0),
            ]
            .iter()
            .map(|(x, y)| c + Vec2::new(*x, *y))
            .collect()
        }
    }
}

/// Fills a polygon (star-shaped around `c`) as a triangle fan from its centre.
fn fan(mesh: &mut Mesh, c: Pos2, pts: &[Pos2], color: Color32) {
    let base = mesh.vertices.len() as u32;
    mesh.vertices.push(Vertex {
        pos: c,
        uv: WHITE_UV,
        color,
    });
    mesh.vertices.extend(pts.iter().map(|p| Vertex {
        pos: *p,
        uv: WHITE_UV,
        color,
    }));
    let n = pts.len() as u32;
    for k in 0..n {
        mesh.indices
            .extend([base, base + 1 + k, base + 1 + (k + 1) % n]);
    }
}

/// Appends a filled disc (a 24-gon fan).
pub fn append_disc(mesh: &mut Mesh, c: Pos2, r: f32, color: Color32) {
    let pts: Vec<Pos2> = (0..24)
        .map(|k| {
            let a = k as f32 * std::f32::consts::TAU / 24.0;
            c + Vec2::new(a.cos(), a.sin()) * r
        })
        .collect();
    fan(mesh, c, &pts, color);
}

/// Appends a glyph: an outline-coloured halo, then the fill (hollow glyphs: the fill as a
/// ring around a halo-coloured centre).
pub fn append_glyph(
    mesh: &mut Mesh,
    glyph: Glyph,
    hollow: bool,
    c: Pos2,
    r: f32,
    fill: Color32,
    outline: Color32,
) {
    let scale =
        |pts: &[Pos2], k: f32| -> Vec<Pos2> { pts.iter().map(|p| c + (*p - c) * k).collect() };
    let pts = polygon_points(glyph, c, r);
    let grow = (r + 1.6) / r;
    fan(mesh, c, &scale(&pts, grow), outline);
    fan(mesh, c, &pts, fill);
    if hollow {
        fan(mesh, c, &scale(&pts, 0.5), outline);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatching_a_square_with_a_hole_fills_only_the_ring() {
        let square = vec![
            Pos2::new(0.0, 0.0),
            Pos2::new(100.0, 0.0),
            Pos2::new(100.0, 100.0),
            Pos2::new(0.0, 100.0),
        ];
        let hole = vec![
            Pos2::new(40.0, 40.0),
            Pos2::new(60.0, 40.0),
            Pos2::new(60.0, 60.0),
            Pos2::new(40.0, 60.0),
        ];
        let clip = Rect::from_min_max(Pos2::new(-10.0, -10.0), Pos2::new(110.0, 110.0));
        let lines = hatch(std::slice::from_ref(&square), 0.0, 10.0, 5.0, clip);
        // Horizontal lines at y = 5, 15, …, 95, each across the whole square.
        assert_eq!(lines.len(), 10);
        assert!(
            lines
                .iter()
                .all(|[a, b]| (a.x - 0.0).abs() < 1e-3 && (b.x - 100.0).abs() < 1e-3)
        );
        let with_hole = hatch(&[square, hole], 0.0, 10.0, 5.0, clip);
        // The two lines through the hole (y = 45, 55) are split in two.
        assert_eq!(with_hole.len(), 12);
        let total: f32 = with_hole.iter().map(|[a, b]| (*b - *a).length()).sum();
        assert!((total - (1000.0 - 40.0)).abs() < 1e-2, "{total}");
        // Rotated 45°: still inside the square only.
        for [a, b] in hatch(
            &[vec![
                Pos2::new(0.0, 0.0),
                Pos2::new(100.0, 0.0),
                Pos2::new(100.0, 100.0),
                Pos2::new(0.0, 100.0),
            ]],
            std::f32::consts::FRAC_PI_4,
            10.0,
            0.0,
            clip,
        ) {
            for p in [a, b] {
                assert!(
                    (-0.01..=100.01).contains(&p.x) && (-0.01..=100.01).contains(&p.y),
                    "{p:?}"
                );
            }
        }
    }
}
