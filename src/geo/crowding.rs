//! Whether a polygon's edges lie over one another: long edges stacked so that most pairs
//! of them have boxes that meet (a valid 100,000-vertex sawtooth is one). On such a
//! polygon any check for crossings and any triangulation compares most pairs of edges,
//! minutes of work; CASA neither checks nor fills it (its outline is drawn, and a warning
//! says so). Counted first by a sweep along x, which answers a real boundary (each edge
//! meets a few neighbours) in about n log n; where the sweep meets more than a few pairs
//! an edge, through an R-tree that stops at the bound: O(n log n) whatever the polygon,
//! so the question costs no more than the polygon's size.

use rstar::primitives::Rectangle;
use rstar::{AABB, RTree};

/// Pairs of edges whose boxes meet, per edge, past which a polygon is crowded (a real
/// boundary has a handful: each edge meets its neighbours).
pub const PAIRS_PER_EDGE: usize = 256;

/// Polygons with fewer edges are never crowded: all their pairs are few enough to
/// compare.
pub const MIN_EDGES: usize = 4096;

/// Box pairs a sweep compares per edge before it leaves the count to the R-tree.
const SWEEP_PER_EDGE: usize = 64;

/// Whether more than [`PAIRS_PER_EDGE`] × n pairs of the n edges (given as their ends)
/// have boxes that meet (each box meeting itself, and each pair counted both ways, as an
/// R-tree query per box counts them).
pub fn crowded(edges: impl Iterator<Item = ([f64; 2], [f64; 2])>) -> bool {
    let mut boxes: Vec<AABB<[f64; 2]>> = edges
        .filter(|(a, b)| a.iter().chain(b).all(|v| v.is_finite()))
        .map(|(a, b)| AABB::from_corners(a, b))
        .collect();
    if boxes.len() < MIN_EDGES {
        return false;
    }
    let n = boxes.len();
    let bound = PAIRS_PER_EDGE * n;
    boxes.sort_unstable_by(|a, b| a.lower()[0].total_cmp(&b.lower()[0]));
    let (mut met, mut compared) = (n, 0usize);
    for (i, a) in boxes.iter().enumerate() {
        let (lo, hi) = (a.lower(), a.upper());
        for b in &boxes[i + 1..] {
            if b.lower()[0] > hi[0] {
                break;
            }
            compared += 1;
            if compared > SWEEP_PER_EDGE * n {
                return indexed(&boxes, bound);
            }
            if b.lower()[1] <= hi[1] && b.upper()[1] >= lo[1] {
                met += 2;
                if met > bound {
                    return true;
                }
            }
        }
    }
    false
}

/// The same count through an R-tree, stopping at the bound.
fn indexed(boxes: &[AABB<[f64; 2]>], bound: usize) -> bool {
    let rects: Vec<Rectangle<[f64; 2]>> = boxes.iter().map(|b| Rectangle::from_aabb(*b)).collect();
    let tree = RTree::bulk_load(rects);
    let mut met = 0usize;
    for b in boxes {
        met += tree
            .locate_in_envelope_intersecting(b)
            .take(bound - met + 1)
            .count();
        if met > bound {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring_edges(points: &[[f64; 2]]) -> impl Iterator<Item = ([f64; 2], [f64; 2])> + '_ {
        points.windows(2).map(|w| (w[0], w[1]))
    }

    #[test]
    fn stacked_long_edges_are_crowded_and_a_fine_coastline_is_not() {
        let mut saw = Vec::new();
        for k in 0..5_000 {
            let y = f64::from(k) * 0.01;
            saw.push([0.0, y]);
            saw.push([100.0, y + 10.0]);
        }
        assert!(crowded(ring_edges(&saw)));
        // A wiggly circle of 100,000 vertices: each edge meets only its neighbours.
        let circle: Vec<[f64; 2]> = (0..100_000)
            .map(|k| {
                let t = f64::from(k) / 100_000.0 * std::f64::consts::TAU;
                let r = 10.0 + 0.01 * (f64::from(k) * 0.7).sin();
                [r * t.cos(), r * t.sin()]
            })
            .collect();
        assert!(!crowded(ring_edges(&circle)));
        // The sweep and the R-tree count alike.
        let boxes = |points: &[[f64; 2]]| -> Vec<AABB<[f64; 2]>> {
            points
                .windows(2)
                .map(|w| AABB::from_corners(w[0], w[1]))
                .collect()
        };
        assert!(indexed(&boxes(&saw), PAIRS_PER_EDGE * (saw.len() - 1)));
        assert!(!indexed(
            &boxes(&circle),
            PAIRS_PER_EDGE * (circle.len() - 1)
        ));
        assert!(
            !crowded(ring_edges(&saw[..100])),
            "small polygons are never crowded"
        );
    }
}
