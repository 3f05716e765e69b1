//! Label placement: candidate anchors found once per area, chosen and de-collided per frame.

use geo::{Contains, Coord, Point, Polygon};

use crate::geo::projection::WorldBounds;
use crate::geo::projection::WorldPoint;

/// A place inside an area where its label can sit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelCandidate {
    /// The anchor (label centre).
    pub at: WorldPoint,
    /// Distance from the anchor to the area's nearest edge, in metres: how much room the
    /// label has.
    pub clearance_m: f64,
}

/// How many candidates an area keeps.
const KEEP: usize = 12;
/// Grid cells per side of the bounding box when searching for candidates.
const GRID: usize = 16;

/// Candidates on a grid over the area, best (most room) first, spread apart.
pub fn candidates(polys: &[Polygon<f64>], bounds: &WorldBounds) -> Vec<LabelCandidate> {
    let (w, h) = (bounds.max.x - bounds.min.x, bounds.max.y - bounds.min.y);
    if !(w.is_finite() && h.is_finite()) || polys.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for i in 0..GRID {
        for j in 0..GRID {
            let p = Coord {
                x: bounds.min.x + w * (i as f64 + 0.5) / GRID as f64,
                y: bounds.min.y + h * (j as f64 + 0.5) / GRID as f64,
            };
            if polys.iter().any(|poly| poly.contains(&Point::from(p))) {
                found.push(LabelCandidate {
                    at: WorldPoint::new(p.x, p.y),
                    clearance_m: clearance(polys, p),
                });
            }
        }
    }
    if found.is_empty() {
        // Too thin for the grid: use the middle of the largest ring's points.
        if let Some(c) = polys
            .iter()
            .max_by_key(|p| p.exterior().0.len())
            .and_then(|p| {
                let pts = &p.exterior().0;
                let n = pts.len() as f64;
                (n > 0.0).then(|| Coord {
                    x: pts.iter().map(|c| c.x).sum::<f64>() / n,
                    y: pts.iter().map(|c| c.y).sum::<f64>() / n,
                })
            })
        {
            found.push(LabelCandidate {
                at: WorldPoint::new(c.x, c.y),
                clearance_m: 0.0,
            });
        }
        return found;
    }
    found.sort_by(|a, b| b.clearance_m.total_cmp(&a.clearance_m));
    // Keep candidates that are not too close to a better one, so panning finds another.
    let mut kept: Vec<LabelCandidate> = Vec::with_capacity(KEEP);
    for c in found {
        let far = kept
            .iter()
            .all(|k| (k.at.x - c.at.x).hypot(k.at.y - c.at.y) > k.clearance_m.max(c.clearance_m));
        if far {
            kept.push(c);
            if kept.len() == KEEP {
                break;
            }
        }
    }
    kept
}

fn clearance(polys: &[Polygon<f64>], p: Coord<f64>) -> f64 {
    let mut best = f64::INFINITY;
    for poly in polys {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for seg in ring.lines() {
                best = best
                    .min(crate::geo::projection::segment_distance2(p, seg.start, seg.end).sqrt());
            }
        }
    }
    best
}
