//! World-space meshes built once, and their per-frame transform to screen space.
//!
//! Fills are triangulated once (`triangulate`: earcut, or a constrained Delaunay
//! triangulation for big or many-holed polygons); lines are stored as points with unit normals, and
//! widened to a constant screen width each frame (4 vertices per point: two solid, two
//! transparent for anti-aliasing), so zooming never re-tessellates anything.
//!
//! Vertices are f32 metres relative to a per-mesh origin kept in f64, so precision stays
//! sub-metre however far the mesh lies from the projection's origin.

use epaint::{Color32, Pos2, Rect};
use epaint::{Mesh, Vertex, WHITE_UV};
use geo::{LineString, Polygon};

use super::WorldBounds;
use crate::geo::camera::Camera;
use crate::geo::projection::WorldPoint;

/// Side of the square cells a large fill is split into, so a frame draws only the cells
/// in view (a view of Central Asia shows little of Russia's or China's meshes).
const FILL_CELL_M: f64 = 400_000.0;
/// Fills with fewer vertices than this stay in one piece.
const FILL_SPLIT_MIN_VERTICES: usize = 2_000;
/// Points per run of a line; each run has its own box for culling.
const LINE_RUN_POINTS: usize = 64;

/// A triangulated area, in pieces that can be culled one by one.
#[derive(Clone, Debug, Default)]
pub struct FillMesh {
    origin: WorldPoint,
    positions: Vec<[f32; 2]>,
    indices: Vec<u32>,
    chunks: Vec<FillChunk>,
}

/// A piece of a mesh (a fill, the relief's grid): its vertices and indices are
/// contiguous ranges, culled as one by its box.
#[derive(Clone, Debug)]
pub(super) struct FillChunk {
    pub(super) bounds: WorldBounds,
    pub(super) vertices: std::ops::Range<u32>,
    pub(super) indices: std::ops::Range<u32>,
}

/// Vertices and indices the chunks in view add to a frame's mesh.
pub(super) fn chunks_output_size(chunks: &[FillChunk], visible: &WorldBounds) -> (usize, usize) {
    chunks
        .iter()
        .filter(|c| c.bounds.intersects(visible))
        .fold((0, 0), |(v, i), c| {
            (v + c.vertices.len(), i + c.indices.len())
        })
}

/// A run of consecutive points of one polyline, with its box.
#[derive(Clone, Debug)]
struct LineRun {
    bounds: WorldBounds,
    start: u32,
    end: u32,
}

/// Polylines (closed rings or open lines) ready to be widened.
#[derive(Clone, Debug, Default)]
pub struct LineMesh {
    origin: WorldPoint,
    positions: Vec<[f32; 2]>,
    /// Unit normals (world axes, y north), one per point.
    normals: Vec<[f32; 2]>,
    /// Runs of at most [`LINE_RUN_POINTS`] points, overlapping by one point.
    runs: Vec<LineRun>,
    /// Each polyline's points (a closed ring repeats its first point at the end).
    lines: Vec<std::ops::Range<u32>>,
}

/// The mapping from world metres to screen points for one frame.
#[derive(Clone, Copy, Debug)]
pub struct ScreenTransform {
    center: WorldPoint,
    screen_center: Pos2,
    points_per_metre: f64,
}

impl ScreenTransform {
    /// The transform of a camera over a viewport.
    pub fn new(camera: &Camera, viewport: Rect) -> Self {
        Self {
            center: camera.center,
            screen_center: viewport.center(),
            points_per_metre: camera.points_per_metre(),
        }
    }

    /// The screen position of a mesh origin, and the f32 scale for its local offsets.
    pub(super) fn origin_on_screen(&self, origin: WorldPoint) -> (f32, f32, f32) {
        let x =
            f64::from(self.screen_center.x) + (origin.x - self.center.x) * self.points_per_metre;
        let y =
            f64::from(self.screen_center.y) - (origin.y - self.center.y) * self.points_per_metre;
        (x as f32, y as f32, self.points_per_metre as f32)
    }

    /// Where a world point appears.
    pub fn apply(&self, w: WorldPoint) -> Pos2 {
        let (x, y, _) = self.origin_on_screen(w);
        Pos2::new(x, y)
    }

    /// The world point that appears at a screen position ([`Self::apply`] undone).
    pub fn invert(&self, p: Pos2) -> WorldPoint {
        WorldPoint::new(
            self.center.x + f64::from(p.x - self.screen_center.x) / self.points_per_metre,
            self.center.y - f64::from(p.y - self.screen_center.y) / self.points_per_metre,
        )
    }

    /// Ground metres per screen point.
    pub fn metres_per_point(&self) -> f64 {
        1.0 / self.points_per_metre
    }
}

fn to_local(origin: WorldPoint, x: f64, y: f64) -> [f32; 2] {
    [(x - origin.x) as f32, (y - origin.y) as f32]
}

impl FillMesh {
    /// Triangulates polygons given in world metres.
    pub fn from_polygons(polygons: &[Polygon<f64>], origin: WorldPoint) -> Self {
        let mut positions: Vec<[f32; 2]> = Vec::new();
        let mut indices: Vec<u32> = Vec::new();
        for polygon in polygons {
            let Some(raw) = super::triangulate::triangulate(polygon) else {
                continue;
            };
            let base = positions.len() as u32;
            positions.extend(raw.vertices.iter().map(|c| to_local(origin, c[0], c[1])));
            indices.extend(raw.indices.iter().map(|&i| base + i as u32));
        }
        Self::chunked(origin, positions, indices)
    }

    /// Splits a mesh into cells by triangle centroid (small meshes stay whole).
    fn chunked(origin: WorldPoint, positions: Vec<[f32; 2]>, indices: Vec<u32>) -> Self {
        let world =
            |p: [f32; 2]| WorldPoint::new(origin.x + f64::from(p[0]), origin.y + f64::from(p[1]));
        let bounds_of = |verts: &[[f32; 2]]| {
            let mut b = WorldBounds::EMPTY;
            for &p in verts {
                b.include(world(p));
            }
            b
        };
        if positions.len() < FILL_SPLIT_MIN_VERTICES {
            let chunk = FillChunk {
                bounds: bounds_of(&positions),
                vertices: 0..positions.len() as u32,
                indices: 0..indices.len() as u32,
            };
            return Self {
                origin,
                positions,
                indices,
                chunks: vec![chunk],
            };
        }
        let cell_of = |tri: &[u32]| {
            let (mut x, mut y) = (0.0f64, 0.0f64);
            for &i in tri {
                let p = positions[i as usize];
                x += f64::from(p[0]);
                y += f64::from(p[1]);
            }
            (
                (x / 3.0 / FILL_CELL_M).floor() as i64,
                (y / 3.0 / FILL_CELL_M).floor() as i64,
            )
        };
        let mut cells: std::collections::BTreeMap<(i64, i64), Vec<u32>> = Default::default();
        for (t, tri) in indices.chunks_exact(3).enumerate() {
            cells.entry(cell_of(tri)).or_default().push(t as u32);
        }
        let mut mesh = Self {
            origin,
            ..Self::default()
        };
        // New index of each old vertex within the chunk being built (u32::MAX: not yet).
        let mut remap = vec![u32::MAX; positions.len()];
        for triangles in cells.values() {
            let v0 = mesh.positions.len() as u32;
            let i0 = mesh.indices.len() as u32;
            for &t in triangles {
                for &old in &indices[t as usize * 3..t as usize * 3 + 3] {
                    let slot = &mut remap[old as usize];
                    if *slot == u32::MAX {
                        *slot = mesh.positions.len() as u32;
                        mesh.positions.push(positions[old as usize]);
                    }
                    mesh.indices.push(*slot);
                }
            }
            let v1 = mesh.positions.len() as u32;
            // Reset the remap: a vertex on a cell edge is copied into each chunk using it.
            for &t in triangles {
                for &old in &indices[t as usize * 3..t as usize * 3 + 3] {
                    remap[old as usize] = u32::MAX;
                }
            }
            mesh.chunks.push(FillChunk {
                bounds: bounds_of(&mesh.positions[v0 as usize..v1 as usize]),
                vertices: v0..v1,
                indices: i0..mesh.indices.len() as u32,
            });
        }
        mesh
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Vertices and indices [`Self::append_to`] adds for a view.
    pub fn output_size(&self, visible: &WorldBounds) -> (usize, usize) {
        chunks_output_size(&self.chunks, visible)
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.positions.capacity() * 8
            + self.indices.capacity() * 4
            + self.chunks.capacity() * std::mem::size_of::<FillChunk>()
    }

    /// Appends the pieces of this mesh in view, in screen space and one colour, to `out`.
    pub fn append_to(
        &self,
        t: &ScreenTransform,
        visible: &WorldBounds,
        color: Color32,
        out: &mut Mesh,
    ) {
        let (ox, oy, s) = t.origin_on_screen(self.origin);
        for chunk in self.chunks.iter().filter(|c| c.bounds.intersects(visible)) {
            let base = out.vertices.len() as u32;
            let (v0, v1) = (chunk.vertices.start as usize, chunk.vertices.end as usize);
            out.vertices
                .extend(self.positions[v0..v1].iter().map(|p| Vertex {
                    pos: Pos2::new(ox + p[0] * s, oy - p[1] * s),
                    uv: WHITE_UV,
                    color,
                }));
            let (i0, i1) = (chunk.indices.start as usize, chunk.indices.end as usize);
            let shift = chunk.vertices.start;
            out.indices
                .extend(self.indices[i0..i1].iter().map(|i| base + i - shift));
        }
    }
}

impl LineMesh {
    /// Closed rings (the first point is not repeated at the end in the output).
    pub fn from_rings<'a>(
        rings: impl IntoIterator<Item = &'a LineString<f64>>,
        origin: WorldPoint,
    ) -> Self {
        let mut mesh = Self::empty(origin);
        for ring in rings {
            let pts = &ring.0;
            let n = if pts.len() > 1 && pts.first() == pts.last() {
                pts.len() - 1
            } else {
                pts.len()
            };
            if n >= 2 {
                mesh.push_line(&pts[..n], true);
            }
        }
        mesh
    }

    /// Open lines.
    pub fn from_lines<'a>(
        lines: impl IntoIterator<Item = &'a LineString<f64>>,
        origin: WorldPoint,
    ) -> Self {
        let mut mesh = Self::empty(origin);
        for line in lines {
            if line.0.len() >= 2 {
                mesh.push_line(&line.0, false);
            }
        }
        mesh
    }

    fn empty(origin: WorldPoint) -> Self {
        Self {
            origin,
            ..Self::default()
        }
    }

    fn push_line(&mut self, pts: &[geo::Coord<f64>], closed: bool) {
        let first_point = self.positions.len();
        let n = pts.len();
        let seg_normal = |a: geo::Coord<f64>, b: geo::Coord<f64>| {
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let len = dx.hypot(dy);
            if len > 0.0 {
                [-dy / len, dx / len]
            } else {
                [0.0, 0.0]
            }
        };
        for i in 0..n {
            let prev = if i > 0 {
                Some(seg_normal(pts[i - 1], pts[i]))
            } else if closed {
                Some(seg_normal(pts[n - 1], pts[0]))
            } else {
                None
            };
            let next = if i + 1 < n {
                Some(seg_normal(pts[i], pts[i + 1]))
            } else if closed {
                Some(seg_normal(pts[n - 1], pts[0]))
            } else {
                None
            };
            // The miter direction, scaled so the line keeps its width at joins; capped so
            // spikes do not shoot out at sharp turns.
            let normal = match (prev, next) {
                (Some(a), Some(b)) => {
                    let m = [a[0] + b[0], a[1] + b[1]];
                    let len = m[0].hypot(m[1]);
                    if len < 1e-9 {
                        a
                    } else {
                        let m = [m[0] / len, m[1] / len];
                        let cos = (m[0] * a[0] + m[1] * a[1]).max(0.5);
                        [m[0] / cos, m[1] / cos]
                    }
                }
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => [0.0, 0.0],
            };
            self.positions
                .push(to_local(self.origin, pts[i].x, pts[i].y));
            self.normals.push([normal[0] as f32, normal[1] as f32]);
        }
        if closed {
            // Repeat the first point so the last segment closes the ring.
            let first = self.positions[self.positions.len() - n];
            let first_normal = self.normals[self.normals.len() - n];
            self.positions.push(first);
            self.normals.push(first_normal);
        }
        // Cut the polyline into runs that share their end points, each with its box.
        let end = self.positions.len();
        self.lines.push(first_point as u32..end as u32);
        let mut start = first_point;
        while start + 1 < end {
            let stop = (start + LINE_RUN_POINTS).min(end);
            let mut bounds = WorldBounds::EMPTY;
            for p in &self.positions[start..stop] {
                bounds.include(WorldPoint::new(
                    self.origin.x + f64::from(p[0]),
                    self.origin.y + f64::from(p[1]),
                ));
            }
            self.runs.push(LineRun {
                bounds,
                start: start as u32,
                end: stop as u32,
            });
            start = stop - 1;
        }
    }

    /// Vertices and indices [`Self::append_to`] adds for a view (4 vertices a point, 18
    /// indices a segment).
    pub fn output_size(&self, visible: &WorldBounds) -> (usize, usize) {
        self.runs
            .iter()
            .filter(|r| r.bounds.intersects(visible))
            .fold((0, 0), |(v, i), r| {
                let points = (r.end - r.start) as usize;
                (v + points * 4, i + (points - 1) * 18)
            })
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.positions.capacity() * 16
            + self.runs.capacity() * std::mem::size_of::<LineRun>()
            + self.lines.capacity() * std::mem::size_of::<std::ops::Range<u32>>()
    }

    /// How many polylines (rings or lines) it holds.
    pub fn polylines(&self) -> usize {
        self.lines.len()
    }

    /// Each polyline on screen, for vector output (a closed ring ends on its first point).
    pub fn screen_polylines(&self, t: &ScreenTransform) -> Vec<Vec<Pos2>> {
        let (ox, oy, s) = t.origin_on_screen(self.origin);
        self.lines
            .iter()
            .map(|r| {
                self.positions[r.start as usize..r.end as usize]
                    .iter()
                    .map(|p| Pos2::new(ox + p[0] * s, oy - p[1] * s))
                    .collect()
            })
            .collect()
    }

    /// Appends the runs of these lines in view, widened to `width` screen points, to `out`.
    pub fn append_to(
        &self,
        t: &ScreenTransform,
        visible: &WorldBounds,
        width: f32,
        color: Color32,
        out: &mut Mesh,
    ) {
        let (ox, oy, s) = t.origin_on_screen(self.origin);
        let inner = width / 2.0;
        let outer = inner + crate::render::style::sizes::FEATHER;
        let offsets = [-outer, -inner, inner, outer];
        let colors = [Color32::TRANSPARENT, color, color, Color32::TRANSPARENT];
        for run in self.runs.iter().filter(|r| r.bounds.intersects(visible)) {
            let (start, end) = (run.start as usize, run.end as usize);
            let base = out.vertices.len() as u32;
            for (p, n) in self.positions[start..end]
                .iter()
                .zip(&self.normals[start..end])
            {
                let (x, y) = (ox + p[0] * s, oy - p[1] * s);
                for (off, c) in offsets.iter().zip(colors) {
                    out.vertices.push(Vertex {
                        pos: Pos2::new(x + n[0] * off, y - n[1] * off),
                        uv: WHITE_UV,
                        color: c,
                    });
                }
            }
            for k in 0..(end - start - 1) as u32 {
                let a = base + k * 4;
                let b = a + 4;
                for strip in 0..3 {
                    let (a0, a1, b0, b1) = (a + strip, a + strip + 1, b + strip, b + strip + 1);
                    out.indices.extend_from_slice(&[a0, a1, b1, a0, b1, b0]);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Coord;

    /// A square ring of `n` points a side, `size_m` across, centred on the origin.
    fn square(size_m: f64, n: usize) -> LineString<f64> {
        let h = size_m / 2.0;
        let mut pts = Vec::new();
        for k in 0..4 {
            for i in 0..n {
                let t = -h + size_m * i as f64 / n as f64;
                pts.push(match k {
                    0 => Coord { x: t, y: -h },
                    1 => Coord { x: h, y: t },
                    2 => Coord { x: -t, y: h },
                    _ => Coord { x: -h, y: -t },
                });
            }
        }
        pts.push(pts[0]);
        LineString(pts)
    }

    fn view(min: (f64, f64), max: (f64, f64)) -> WorldBounds {
        WorldBounds {
            min: WorldPoint::new(min.0, min.1),
            max: WorldPoint::new(max.0, max.1),
        }
    }

    #[test]
    fn a_large_fill_is_split_and_culled_by_cell() {
        let poly = Polygon::new(square(3_000_000.0, 800), vec![]);
        let mesh = FillMesh::from_polygons(&[poly], WorldPoint::default());
        assert!(mesh.chunks.len() > 4, "{} chunks", mesh.chunks.len());
        let everything = view((-2e6, -2e6), (2e6, 2e6));
        let (_, all_indices) = mesh.output_size(&everything);
        assert_eq!(all_indices, mesh.triangle_count() * 3);
        let corner = view((1.3e6, 1.3e6), (1.4e6, 1.4e6));
        let (_, some) = mesh.output_size(&corner);
        assert!(
            some > 0 && some < all_indices / 4,
            "{some} of {all_indices}"
        );
        // What is appended is exactly what was counted, with valid indices.
        let t = ScreenTransform::new(
            &Camera {
                center: WorldPoint::default(),
                metres_per_point: 5_000.0,
            },
            Rect::from_min_size(Pos2::ZERO, epaint::vec2(800.0, 600.0)),
        );
        let mut out = Mesh::default();
        mesh.append_to(&t, &corner, Color32::RED, &mut out);
        assert_eq!(out.indices.len(), some);
        assert!(
            out.indices
                .iter()
                .all(|&i| (i as usize) < out.vertices.len())
        );
    }

    #[test]
    fn line_runs_cover_every_segment_once() {
        let ring = square(1_000_000.0, 100);
        let mesh = LineMesh::from_rings([&ring], WorldPoint::default());
        let everything = view((-1e6, -1e6), (1e6, 1e6));
        let (vertices, indices) = mesh.output_size(&everything);
        let segments = ring.0.len() - 1;
        assert_eq!(indices, segments * 18);
        assert!(vertices >= ring.0.len() * 4);
        let nowhere = view((5e6, 5e6), (6e6, 6e6));
        assert_eq!(mesh.output_size(&nowhere), (0, 0));
    }
}
