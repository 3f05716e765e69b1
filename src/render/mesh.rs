//! World-space meshes built once, and their per-frame transform to screen space.
//!
//! Fills are earcut triangulations; lines are stored as points with unit normals, and
//! widened to a constant screen width each frame (4 vertices per point: two solid, two
//! transparent for anti-aliasing), so zooming never re-tessellates anything.
//!
//! Vertices are f32 metres relative to a per-mesh origin kept in f64, so precision stays
//! sub-metre however far the mesh lies from the projection's origin.

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Pos2, Rect};
use geo::{LineString, Polygon, TriangulateEarcut};

use crate::camera::Camera;
use crate::projection::WorldPoint;

/// A triangulated area.
#[derive(Clone, Debug, Default)]
pub struct FillMesh {
    origin: WorldPoint,
    positions: Vec<[f32; 2]>,
    indices: Vec<u32>,
}

/// Polylines (closed rings or open lines) ready to be widened.
#[derive(Clone, Debug, Default)]
pub struct LineMesh {
    origin: WorldPoint,
    positions: Vec<[f32; 2]>,
    /// Unit normals (world axes, y north), one per point.
    normals: Vec<[f32; 2]>,
    /// Where each polyline starts in `positions`; a final entry marks the end.
    starts: Vec<u32>,
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
    fn origin_on_screen(&self, origin: WorldPoint) -> (f32, f32, f32) {
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
}

fn to_local(origin: WorldPoint, x: f64, y: f64) -> [f32; 2] {
    [(x - origin.x) as f32, (y - origin.y) as f32]
}

impl FillMesh {
    /// Triangulates polygons given in world metres.
    pub fn from_polygons(polygons: &[Polygon<f64>], origin: WorldPoint) -> Self {
        let mut mesh = Self {
            origin,
            ..Self::default()
        };
        for polygon in polygons {
            let raw = polygon.earcut_triangles_raw();
            let base = mesh.positions.len() as u32;
            mesh.positions
                .extend(raw.vertices.iter().map(|c| to_local(origin, c[0], c[1])));
            mesh.indices
                .extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
        }
        mesh
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Vertices and indices [`Self::append_to`] adds.
    pub fn output_size(&self) -> (usize, usize) {
        (self.positions.len(), self.indices.len())
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.positions.capacity() * 8 + self.indices.capacity() * 4
    }

    /// Appends this mesh, in screen space and one colour, to `out`.
    pub fn append_to(&self, t: &ScreenTransform, color: Color32, out: &mut Mesh) {
        let (ox, oy, s) = t.origin_on_screen(self.origin);
        let base = out.vertices.len() as u32;
        out.vertices.extend(self.positions.iter().map(|p| Vertex {
            pos: Pos2::new(ox + p[0] * s, oy - p[1] * s),
            uv: WHITE_UV,
            color,
        }));
        out.indices.extend(self.indices.iter().map(|i| base + i));
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
            starts: vec![0],
            ..Self::default()
        }
    }

    fn push_line(&mut self, pts: &[geo::Coord<f64>], closed: bool) {
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
        self.starts.push(self.positions.len() as u32);
    }

    /// Number of points.
    pub fn point_count(&self) -> usize {
        self.positions.len()
    }

    /// Vertices and indices [`Self::append_to`] adds (4 vertices a point, 18 indices a
    /// segment).
    pub fn output_size(&self) -> (usize, usize) {
        let points = self.positions.len();
        let lines = self.starts.len().saturating_sub(1);
        (points * 4, points.saturating_sub(lines) * 18)
    }

    /// Bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.positions.capacity() * 16 + self.starts.capacity() * 4
    }

    /// Appends these lines, widened to `width` screen points, to `out`.
    pub fn append_to(&self, t: &ScreenTransform, width: f32, color: Color32, out: &mut Mesh) {
        let (ox, oy, s) = t.origin_on_screen(self.origin);
        let inner = width / 2.0;
        let outer = inner + crate::render::style::sizes::FEATHER;
        let offsets = [-outer, -inner, inner, outer];
        let colors = [Color32::TRANSPARENT, color, color, Color32::TRANSPARENT];
        for w in self.starts.windows(2) {
            let (start, end) = (w[0] as usize, w[1] as usize);
            if end <= start + 1 {
                continue;
            }
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
