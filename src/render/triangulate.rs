//! A polygon's fill as triangles, in time that a file cannot make quadratic: earcut for the
//! polygons it is fast on (real boundaries of up to [`EARCUT_MAX_VERTICES`] vertices and
//! [`EARCUT_MAX_HOLES`] holes), a constrained Delaunay triangulation for bigger or
//! many-holed ones (O(n log n) whatever their shape, where earcut's worst case is quadratic:
//! 100,000 holes ran past two minutes unfinished, which the triangulation fills in 0.9 s).
//! The triangles inside are those reached from outside across an odd number of the
//! polygon's edges. A big polygon whose edges cross (which the triangulation cannot take as
//! constraints; a projected edge that cuts a hole) is filled by the edges that can be kept,
//! not handed to earcut's quadratic worst case. A polygon whose edges lie over one another
//! ([`crowded`]), on which both would compare most pairs of edges, is not filled: its
//! outline is drawn, and the reader warned of it.

use std::collections::VecDeque;

use geo::{Polygon, TriangulateEarcut};
use spade::{ConstrainedDelaunayTriangulation, Point2, Triangulation};

use crate::geo::crowding::{self, crowded};

/// The most vertices a polygon triangulated by earcut has.
pub const EARCUT_MAX_VERTICES: usize = 8192;

/// The most holes a polygon triangulated by earcut has.
pub const EARCUT_MAX_HOLES: usize = 64;

/// Triangles over a list of vertices.
#[derive(Debug, Default)]
pub struct Triangles {
    /// The vertices, x and y.
    pub vertices: Vec<[f64; 2]>,
    /// Three indices into `vertices` per triangle.
    pub indices: Vec<usize>,
}

/// Whether a polygon is filled: not when its edges lie over one another ([`crowded`]).
pub fn fillable(polygon: &Polygon<f64>) -> bool {
    let rings = || std::iter::once(polygon.exterior()).chain(polygon.interiors());
    let vertices: usize = rings().map(|r| r.0.len()).sum();
    vertices < crowding::MIN_EDGES
        || !crowded(rings().flat_map(|r| r.lines().map(|l| (l.start.into(), l.end.into()))))
}

/// The triangles that fill a polygon; `None` when it is not [`fillable`].
pub fn triangulate(polygon: &Polygon<f64>) -> Option<Triangles> {
    if !fillable(polygon) {
        return None;
    }
    let vertices: usize = std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|r| r.0.len())
        .sum();
    if vertices > EARCUT_MAX_VERTICES || polygon.interiors().len() > EARCUT_MAX_HOLES {
        return Some(constrained(polygon).unwrap_or_else(|(kept, _)| kept));
    }
    let raw = polygon.earcut_triangles_raw();
    Some(Triangles {
        vertices: raw.vertices,
        indices: raw.triangle_indices,
    })
}

/// The fill from a constrained Delaunay triangulation of the polygon's rings; an error
/// when its edges cross or overlap (not constraints a triangulation can hold), with the
/// fill by the edges that could be kept and how many could not.
fn constrained(polygon: &Polygon<f64>) -> Result<Triangles, (Triangles, usize)> {
    let mut points = Vec::new();
    let mut edges = Vec::new();
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        let coords = &ring.0;
        let n = match coords.as_slice() {
            [first, .., last] if first == last => coords.len() - 1,
            _ => coords.len(),
        };
        if n < 3 {
            continue;
        }
        let start = points.len();
        points.extend(coords[..n].iter().map(|c| Point2::new(c.x, c.y)));
        edges.extend((0..n).map(|k| [start + k, start + (k + 1) % n]));
    }
    let mut conflicts = 0;
    let Ok(cdt) =
        ConstrainedDelaunayTriangulation::<Point2<f64>>::try_bulk_load_cdt(points, edges, |_| {
            conflicts += 1
        })
    else {
        // A position that is not a finite number: nothing to fill.
        return Err((Triangles::default(), 0));
    };
    let inside = inside_faces(&cdt);
    let vertices = cdt
        .vertices()
        .map(|v| [v.position().x, v.position().y])
        .collect();
    let mut indices = Vec::new();
    for face in cdt.inner_faces() {
        if inside[face.fix().index()] == Some(true) {
            indices.extend(face.vertices().iter().map(|v| v.fix().index()));
        }
    }
    let triangles = Triangles { vertices, indices };
    if conflicts > 0 {
        return Err((triangles, conflicts));
    }
    Ok(triangles)
}

/// Which faces lie inside the polygon (by face index): a breadth-first walk from the
/// faces on the hull, each step across a constraint (one of the polygon's edges) going
/// from outside to inside or back.
fn inside_faces(cdt: &ConstrainedDelaunayTriangulation<Point2<f64>>) -> Vec<Option<bool>> {
    let mut inside = vec![None; cdt.num_all_faces()];
    let mut queue = VecDeque::new();
    for face in cdt.inner_faces() {
        for edge in face.adjacent_edges() {
            if edge.rev().face().is_outer() && inside[face.fix().index()].is_none() {
                inside[face.fix().index()] = Some(edge.is_constraint_edge());
                queue.push_back(face);
            }
        }
    }
    while let Some(face) = queue.pop_front() {
        let here = inside[face.fix().index()] == Some(true);
        for edge in face.adjacent_edges() {
            let Some(next) = edge.rev().face().as_inner() else {
                continue;
            };
            let slot = &mut inside[next.fix().index()];
            if slot.is_none() {
                *slot = Some(here != edge.is_constraint_edge());
                queue.push_back(next);
            }
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, LineString, Triangle};

    fn area(t: &Triangles) -> f64 {
        t.indices
            .chunks(3)
            .map(|i| {
                let c = |k: usize| geo::Coord {
                    x: t.vertices[i[k]][0],
                    y: t.vertices[i[k]][1],
                };
                Triangle::new(c(0), c(1), c(2)).unsigned_area()
            })
            .sum()
    }

    fn square(x: f64, y: f64, side: f64) -> LineString<f64> {
        LineString::from(vec![
            (x, y),
            (x + side, y),
            (x + side, y + side),
            (x, y + side),
            (x, y),
        ])
    }

    #[test]
    fn both_ways_fill_the_same_area_and_many_holes_stay_open() {
        let mut holes = Vec::new();
        for k in 0..100 {
            holes.push(square(
                1.0 + f64::from(k % 10) * 2.0,
                1.0 + f64::from(k / 10) * 2.0,
                1.0,
            ));
        }
        let polygon = Polygon::new(square(0.0, 0.0, 21.0), holes);
        let want = polygon.unsigned_area();
        let by_cdt = constrained(&polygon).map_err(|e| e.1).expect("valid");
        assert!(
            (area(&by_cdt) - want).abs() < 1e-6,
            "{} vs {want}",
            area(&by_cdt)
        );
        let by_earcut = polygon.earcut_triangles_raw();
        let earcut = Triangles {
            vertices: by_earcut.vertices,
            indices: by_earcut.triangle_indices,
        };
        assert!((area(&earcut) - want).abs() < 1e-6);
        // Over the hole limit, the triangulation is the constrained one.
        let chosen = triangulate(&polygon).expect("filled");
        assert_eq!(chosen.indices.len(), by_cdt.indices.len());
    }

    #[test]
    fn a_crowded_sawtooth_is_not_filled_and_crossing_edges_are_told() {
        let mut ring = Vec::new();
        let teeth = 50_000;
        let step = 50.0 / f64::from(teeth);
        for k in 0..teeth {
            let y = f64::from(k) * step;
            ring.push((0.0, y));
            ring.push((100.0, y + 10.0));
        }
        let top = f64::from(teeth) * step;
        ring.extend([(0.0, top), (-1.0, top), (-1.0, 0.0), (0.0, 0.0)]);
        let polygon = Polygon::new(LineString::from(ring), vec![]);
        assert!(triangulate(&polygon).is_none());
        let bowtie = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (2.0, 2.0),
                (2.0, 0.0),
                (0.0, 2.0),
                (0.0, 0.0),
            ]),
            vec![],
        );
        assert!(matches!(constrained(&bowtie), Err((_, 1))));
    }
}
