//! Whether a polygon's rings cross: its segments sorted by their west end and swept from
//! west to east, each compared only with those whose longitudes overlap, so a polygon of n
//! vertices costs O(n log n) for real boundaries (a coastline's segments are short). If a
//! polygon would make the sweep compare too many pairs (long segments stacked over one
//! another), an R-tree of its segments answers instead. Whatever the polygon, the work is
//! bounded: a polygon whose edges lie over one another (a valid but adversarial sawtooth
//! of a hundred thousand long edges) is not checked ([`Fault::Crowded`]: it is drawn as its
//! outline), and past [`PAIRS_PER_SEGMENT`] comparisons per segment any check stops and
//! says it was not completed ([`Fault::Unfinished`]); the polygon is still drawn. A hole's
//! place is found through an R-tree of the exterior's edges when there are many of both.
//!
//! What is a fault follows the OGC simple-features rules that `geo`'s `Validation` applies:
//! a ring may not cross or touch itself, nor turn back along itself; two rings may touch
//! at a point but not cross or share an edge; a hole lies inside the exterior. Not found:
//! two rings that cross exactly at vertices (each meeting looks like a touch), and a hole
//! inside another hole.

use std::fmt;

use geo::Coord;
use geo::kernels::{Kernel, Orientation, RobustKernel};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::geo::crowding::{self, crowded};
use crate::geo::projection::LonLat;

/// The first fault found in a polygon, with where it is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Fault {
    /// A ring crosses or touches itself.
    SelfCrossing { ring: usize, at: LonLat },
    /// A ring turns back along itself (a spike).
    Spike { ring: usize, at: LonLat },
    /// Two rings cross.
    RingsCross {
        ring: usize,
        other: usize,
        at: LonLat,
    },
    /// Two rings share a stretch of edge.
    RingsShareEdge {
        ring: usize,
        other: usize,
        at: LonLat,
    },
    /// A hole lies outside the exterior ring.
    HoleOutside { ring: usize },
    /// The check stopped after `compared` comparisons, its bound for this polygon, before
    /// it was complete.
    Unfinished { compared: usize },
    /// The polygon's edges lie over one another ([`crowded`]): not checked, and not
    /// filled when drawn.
    Crowded,
}

/// The most segment comparisons a polygon's check makes, per segment it has (a real
/// boundary needs a few; a thousand stacked long edges need them all).
pub(super) const PAIRS_PER_SEGMENT: usize = 256;

impl Fault {
    /// The ring the fault is in (its index in the polygon's rings).
    pub(super) fn ring(&self) -> usize {
        match *self {
            Fault::SelfCrossing { ring, .. }
            | Fault::Spike { ring, .. }
            | Fault::RingsCross { ring, .. }
            | Fault::RingsShareEdge { ring, .. }
            | Fault::HoleOutside { ring } => ring,
            Fault::Unfinished { .. } | Fault::Crowded => 0,
        }
    }
}

/// A place, as "71.2345°E 40.1234°N".
struct Place(LonLat);

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let LonLat { lon, lat } = self.0;
        let ew = if lon < 0.0 { 'W' } else { 'E' };
        let ns = if lat < 0.0 { 'S' } else { 'N' };
        write!(f, "{:.4}°{ew} {:.4}°{ns}", lon.abs(), lat.abs())
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Fault::SelfCrossing { at, .. } => {
                write!(
                    f,
                    "a polygon's ring crosses or touches itself at {}",
                    Place(at)
                )
            }
            Fault::Spike { at, .. } => write!(
                f,
                "a polygon's ring turns back along itself (a spike) at {}",
                Place(at)
            ),
            Fault::RingsCross {
                ring, other, at, ..
            } => write!(
                f,
                "rings {other} and {ring} of a polygon cross at {}",
                Place(at)
            ),
            Fault::RingsShareEdge { ring, other, at } => write!(
                f,
                "rings {other} and {ring} of a polygon share an edge at {}",
                Place(at)
            ),
            Fault::HoleOutside { .. } => {
                f.write_str("a polygon's hole lies outside its exterior ring")
            }
            Fault::Unfinished { compared } => write!(
                f,
                "the check that a polygon's edges do not cross stopped, not completed, after {compared} comparisons"
            ),
            Fault::Crowded => write!(
                f,
                "a polygon's edges lie over one another (more than {} pairs of edges per edge meet): not checked for crossings",
                crowding::PAIRS_PER_EDGE
            ),
        }
    }
}

/// One segment of a ring: its ends, its ring, its place in the ring and the ring's
/// segment count (to know its neighbours). 48 bytes: a polygon of a million edges is
/// checked in 48 MB.
#[derive(Clone, Copy, Debug)]
struct Seg {
    a: Coord,
    b: Coord,
    ring: u32,
    k: u32,
    n: u32,
}

impl Seg {
    fn min_x(&self) -> f64 {
        self.a.x.min(self.b.x)
    }

    fn max_x(&self) -> f64 {
        self.a.x.max(self.b.x)
    }

    fn overlaps_y(&self, t: &Seg) -> bool {
        self.a.y.max(self.b.y) >= t.a.y.min(t.b.y) && t.a.y.max(t.b.y) >= self.a.y.min(self.b.y)
    }

    fn envelope(&self) -> AABB<[f64; 2]> {
        AABB::from_corners([self.a.x, self.a.y], [self.b.x, self.b.y])
    }
}

/// Pairs of segments the sweep compares per segment (plus [`crowding::MIN_EDGES`]) before
/// the R-tree takes over.
const SWEEP_PER_SEGMENT: usize = 32;

// A polygon of `MIN_EDGES` segments or more whose sweep ends within its comparisons met
// at most `SWEEP_PER_SEGMENT + 1` pairs a segment: it cannot be crowded.
const _: () = assert!(1 + 2 * (SWEEP_PER_SEGMENT + 1) < crowding::PAIRS_PER_EDGE);

/// The first fault of a polygon (closed rings, exterior first), if it has one.
///
/// Whether the polygon is [`crowded`] is asked only when the sweep stops: at a fault, or
/// past its comparisons. A sweep that ends within them cannot have met a crowded
/// polygon's pairs, so the answer is the one asking first would give, without a second
/// sort and sweep of every polygon.
pub(super) fn check(rings: &[Vec<LonLat>]) -> Option<Fault> {
    let mut segs = segments(rings);
    segs.sort_unstable_by(|s, t| s.min_x().total_cmp(&t.min_x()));
    let is_crowded = |segs: &[Seg]| {
        segs.len() >= crowding::MIN_EDGES
            && crowded(segs.iter().map(|s| ([s.a.x, s.a.y], [s.b.x, s.b.y])))
    };
    let mut work = Work::for_segments(segs.len());
    // Real boundaries compare a few pairs per segment; far more means stacked long
    // segments, which the R-tree handles in O(n log n) when they do not overlap.
    let limit = SWEEP_PER_SEGMENT * segs.len() + crowding::MIN_EDGES;
    let mut compared = 0usize;
    'sweep: for (i, s) in segs.iter().enumerate() {
        let east = s.max_x();
        for t in &segs[i + 1..] {
            if t.min_x() > east {
                break;
            }
            compared += 1;
            if compared > limit {
                if is_crowded(&segs) {
                    return Some(Fault::Crowded);
                }
                match indexed(&segs, &mut work) {
                    Ok(None) => break 'sweep,
                    Ok(Some(fault)) => return Some(fault),
                    Err(unfinished) => return Some(unfinished),
                }
            }
            if s.overlaps_y(t)
                && let Some(fault) = pair(s, t)
            {
                return Some(if is_crowded(&segs) {
                    Fault::Crowded
                } else {
                    fault
                });
            }
        }
    }
    holes_outside(rings, &mut work).unwrap_or_else(Some)
}

/// Comparisons left for one polygon's check.
struct Work {
    done: usize,
    allowed: usize,
}

impl Work {
    fn for_segments(n: usize) -> Self {
        Self {
            done: 0,
            allowed: PAIRS_PER_SEGMENT * n.max(16),
        }
    }

    /// Counts `n` comparisons; the fault to report when the bound is passed.
    fn spend(&mut self, n: usize) -> Result<(), Fault> {
        self.done += n;
        if self.done > self.allowed {
            Err(Fault::Unfinished {
                compared: self.allowed,
            })
        } else {
            Ok(())
        }
    }
}

/// The rings' segments, zero-length ones (repeated positions) left out.
fn segments(rings: &[Vec<LonLat>]) -> Vec<Seg> {
    let mut segs = Vec::with_capacity(rings.iter().map(Vec::len).sum());
    for (r, ring) in rings.iter().enumerate() {
        let start = segs.len();
        for w in ring.windows(2) {
            let (a, b) = (coord(w[0]), coord(w[1]));
            if a == b {
                continue;
            }
            segs.push(Seg {
                a,
                b,
                ring: r as u32,
                k: (segs.len() - start) as u32,
                n: 0,
            });
        }
        let n = (segs.len() - start) as u32;
        for s in &mut segs[start..] {
            s.n = n;
        }
    }
    segs
}

fn coord(p: LonLat) -> Coord {
    Coord { x: p.lon, y: p.lat }
}

fn lon_lat(c: Coord) -> LonLat {
    LonLat::new(c.x, c.y)
}

/// The sweep's fallback: every pair of segments whose boxes meet, found through an
/// R-tree, within the polygon's [`Work`].
fn indexed(segs: &[Seg], work: &mut Work) -> Result<Option<Fault>, Fault> {
    let tree = RTree::bulk_load(
        segs.iter()
            .enumerate()
            .map(|(i, s)| GeomWithData::new(Rectangle::from_aabb(s.envelope()), i as u32))
            .collect::<Vec<_>>(),
    );
    for (i, s) in segs.iter().enumerate() {
        for hit in tree.locate_in_envelope_intersecting(&s.envelope()) {
            work.spend(1)?;
            if hit.data as usize > i
                && let Some(fault) = pair(s, &segs[hit.data as usize])
            {
                return Ok(Some(fault));
            }
        }
    }
    Ok(None)
}

/// Whether `p` lies within the box of segment `a`–`b` (on the segment, when the three are
/// collinear).
fn within(a: Coord, b: Coord, p: Coord) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

/// The fault two segments make, if any.
fn pair(s: &Seg, t: &Seg) -> Option<Fault> {
    let orient = |p, q, r| RobustKernel::orient2d(p, q, r);
    let same = s.ring == t.ring;
    let gap = s.k.abs_diff(t.k);
    if same && (gap == 1 || gap + 1 == s.n) {
        // Neighbours share one end; they may only meet there, and not fold back.
        let (v, p, q) = if s.b == t.a {
            (s.b, s.a, t.b)
        } else {
            (s.a, s.b, t.a)
        };
        let back = (p.x - v.x) * (q.x - v.x) + (p.y - v.y) * (q.y - v.y) > 0.0;
        return (orient(p, v, q) == Orientation::Collinear && back).then_some(Fault::Spike {
            ring: s.ring as usize,
            at: lon_lat(v),
        });
    }
    let (o1, o2) = (orient(s.a, s.b, t.a), orient(s.a, s.b, t.b));
    let (o3, o4) = (orient(t.a, t.b, s.a), orient(t.a, t.b, s.b));
    let collinear = Orientation::Collinear;
    let fault = |at: Coord| {
        if same {
            Fault::SelfCrossing {
                ring: s.ring as usize,
                at: lon_lat(at),
            }
        } else {
            Fault::RingsCross {
                ring: s.ring.max(t.ring) as usize,
                other: s.ring.min(t.ring) as usize,
                at: lon_lat(at),
            }
        }
    };
    if o1 != o2 && o3 != o4 && [o1, o2, o3, o4].iter().all(|o| *o != collinear) {
        return Some(fault(crossing(s, t)));
    }
    let touches = [
        (o1 == collinear && within(s.a, s.b, t.a)).then_some(t.a),
        (o2 == collinear && within(s.a, s.b, t.b)).then_some(t.b),
        (o3 == collinear && within(t.a, t.b, s.a)).then_some(s.a),
        (o4 == collinear && within(t.a, t.b, s.b)).then_some(s.b),
    ];
    let mut points = touches.iter().flatten();
    let first = *points.next()?;
    if same {
        return Some(fault(first));
    }
    // Different rings may touch at a point, but not share a stretch of edge.
    let shared_edge = o1 == collinear && o2 == collinear && points.any(|p| *p != first);
    shared_edge.then(|| Fault::RingsShareEdge {
        ring: s.ring.max(t.ring) as usize,
        other: s.ring.min(t.ring) as usize,
        at: lon_lat(first),
    })
}

/// Where two properly crossing segments meet.
fn crossing(s: &Seg, t: &Seg) -> Coord {
    let (d1, d2) = (s.b - s.a, t.b - t.a);
    let denominator = d1.x * d2.y - d1.y * d2.x;
    let u = ((t.a.x - s.a.x) * d2.y - (t.a.y - s.a.y) * d2.x) / denominator;
    s.a + d1 * u
}

/// A hole that lies outside the exterior (the rings do not cross, so one point of the
/// hole tells), within the polygon's [`Work`]: the exterior's edges are looked up in an
/// R-tree when there are many holes and many edges.
fn holes_outside(rings: &[Vec<LonLat>], work: &mut Work) -> Result<Option<Fault>, Fault> {
    let Some(exterior) = rings.first() else {
        return Ok(None);
    };
    let holes = rings.get(1..).unwrap_or_default();
    if holes.is_empty() {
        return Ok(None);
    }
    let edges = Edges::of(exterior, holes.len());
    for (h, hole) in holes.iter().enumerate() {
        // A vertex off the exterior's boundary, else the middle of a segment.
        let candidates = hole.iter().take(8).copied().chain(
            hole.windows(2)
                .take(8)
                .map(|w| LonLat::new((w[0].lon + w[1].lon) / 2.0, (w[0].lat + w[1].lat) / 2.0)),
        );
        for p in candidates {
            if edges.on_boundary(coord(p), work)? {
                continue;
            }
            if !edges.inside(coord(p), work)? {
                return Ok(Some(Fault::HoleOutside { ring: h + 1 }));
            }
            break;
        }
    }
    Ok(None)
}

/// The exterior's edges, in an R-tree when it pays.
struct Edges<'a> {
    ring: &'a [LonLat],
    tree: Option<RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>>,
}

impl<'a> Edges<'a> {
    fn of(ring: &'a [LonLat], holes: usize) -> Self {
        let indexed = holes > 16 && ring.len() > 64;
        let tree = indexed.then(|| {
            RTree::bulk_load(
                ring.windows(2)
                    .enumerate()
                    .map(|(i, w)| {
                        let (a, b) = (coord(w[0]), coord(w[1]));
                        let aabb = AABB::from_corners([a.x, a.y], [b.x, b.y]);
                        GeomWithData::new(Rectangle::from_aabb(aabb), i)
                    })
                    .collect(),
            )
        });
        Self { ring, tree }
    }

    /// The edges whose boxes meet `area`, each counted as work.
    fn near(
        &self,
        area: AABB<[f64; 2]>,
        work: &mut Work,
        mut each: impl FnMut(Coord, Coord) -> bool,
    ) -> Result<bool, Fault> {
        let edge = |i: usize| (coord(self.ring[i]), coord(self.ring[i + 1]));
        match &self.tree {
            Some(tree) => {
                for hit in tree.locate_in_envelope_intersecting(&area) {
                    work.spend(1)?;
                    let (a, b) = edge(hit.data);
                    if each(a, b) {
                        return Ok(true);
                    }
                }
            }
            None => {
                work.spend(self.ring.len())?;
                for i in 0..self.ring.len().saturating_sub(1) {
                    let (a, b) = edge(i);
                    if each(a, b) {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// Whether a point lies on the exterior's boundary (a hole may touch it at a point).
    fn on_boundary(&self, p: Coord, work: &mut Work) -> Result<bool, Fault> {
        let at = AABB::from_point([p.x, p.y]);
        self.near(at, work, |a, b| {
            RobustKernel::orient2d(a, b, p) == Orientation::Collinear && within(a, b, p)
        })
    }

    /// Whether a point lies inside the exterior (a ray cast east).
    fn inside(&self, p: Coord, work: &mut Work) -> Result<bool, Fault> {
        let ray = AABB::from_corners([p.x, p.y], [f64::MAX, p.y]);
        let mut inside = false;
        self.near(ray, work, |a, b| {
            if (a.y > p.y) != (b.y > p.y) {
                let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
                if p.x < x {
                    inside = !inside;
                }
            }
            false
        })?;
        Ok(inside)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Vec<LonLat> {
        points.iter().map(|&(x, y)| LonLat::new(x, y)).collect()
    }

    #[test]
    fn a_square_with_a_hole_is_valid() {
        let outer = ring(&[(0., 0.), (4., 0.), (4., 4.), (0., 4.), (0., 0.)]);
        let hole = ring(&[(1., 1.), (1., 2.), (2., 2.), (2., 1.), (1., 1.)]);
        assert_eq!(check(&[outer, hole]), None);
    }

    #[test]
    fn faults_are_found_where_they_are() {
        let bowtie = ring(&[(0., 0.), (2., 2.), (2., 0.), (0., 2.), (0., 0.)]);
        assert_eq!(
            check(&[bowtie]),
            Some(Fault::SelfCrossing {
                ring: 0,
                at: LonLat::new(1., 1.)
            })
        );
        let spike = ring(&[(0., 0.), (2., 0.), (3., 0.), (2., 0.), (2., 2.), (0., 0.)]);
        assert!(matches!(
            check(&[spike]),
            Some(Fault::Spike { .. } | Fault::SelfCrossing { .. })
        ));
        let outer = ring(&[(0., 0.), (4., 0.), (4., 4.), (0., 4.), (0., 0.)]);
        let crossing = ring(&[(3., 1.), (5., 1.), (5., 2.), (3., 2.), (3., 1.)]);
        assert_eq!(
            check(&[outer.clone(), crossing]),
            Some(Fault::RingsCross {
                ring: 1,
                other: 0,
                at: LonLat::new(4., 1.)
            })
        );
        let away = ring(&[(6., 6.), (6., 7.), (7., 7.), (7., 6.), (6., 6.)]);
        assert_eq!(
            check(&[outer.clone(), away]),
            Some(Fault::HoleOutside { ring: 1 })
        );
        // A hole touching the exterior at one point is allowed, on a vertex or an edge.
        let touching = ring(&[(0., 2.), (1., 3.), (1., 1.), (0., 2.)]);
        assert_eq!(check(&[outer.clone(), touching]), None);
        let on_edge = ring(&[(4., 2.), (3., 1.), (3., 3.), (4., 2.)]);
        assert_eq!(check(&[outer, on_edge]), None);
    }

    #[test]
    fn the_r_tree_finds_what_the_sweep_would() {
        // A comb of long horizontal teeth: every segment spans the same longitudes, so
        // the sweep gives up and the R-tree answers; one tooth crosses another.
        let mut points = vec![(0.0, 0.0)];
        for k in 0..400 {
            let y = f64::from(k) * 0.01;
            points.push((100.0, y));
            points.push((0.5, y + 0.005));
        }
        points.push((0.0, 10.0));
        points.push((0.0, 0.0));
        let comb = ring(&points);
        assert_eq!(check(std::slice::from_ref(&comb)), None);
        let mut broken = comb;
        let k = broken.len() / 2;
        broken[k].lat -= 0.02;
        assert!(matches!(check(&[broken]), Some(Fault::SelfCrossing { .. })));
        let segs = segments(&[ring(&[(0., 0.), (2., 2.), (2., 0.), (0., 2.), (0., 0.)])]);
        assert!(matches!(
            indexed(&segs, &mut Work::for_segments(4)),
            Ok(Some(_))
        ));
    }

    /// A zigzag of `teeth` long edges that all lie over one another (each spans the
    /// whole width and most of the height): valid, and the worst case for any check that
    /// compares the edges whose boxes meet.
    pub(crate) fn stacked_sawtooth(teeth: usize) -> Vec<LonLat> {
        let mut ring = Vec::with_capacity(2 * teeth + 4);
        let step = 50.0 / teeth as f64;
        for k in 0..teeth {
            let y = k as f64 * step;
            ring.push(LonLat::new(0.0, y));
            ring.push(LonLat::new(100.0, y + 10.0));
        }
        let top = teeth as f64 * step;
        ring.push(LonLat::new(0.0, top));
        ring.push(LonLat::new(-1.0, top));
        ring.push(LonLat::new(-1.0, 0.0));
        ring.push(LonLat::new(0.0, 0.0));
        ring
    }

    #[test]
    fn stacked_edges_are_checked_within_a_bound_and_many_holes_in_n_log_n() {
        // Small enough to finish: valid; one tooth moved across its neighbour: found.
        let small = stacked_sawtooth(100);
        assert_eq!(check(std::slice::from_ref(&small)), None);
        let mut broken = small;
        broken[101].lat += 0.8;
        assert!(matches!(check(&[broken]), Some(Fault::SelfCrossing { .. })));
        // 100,000 vertices: crowded, not checked, and said so.
        assert_eq!(check(&[stacked_sawtooth(50_000)]), Some(Fault::Crowded));
        // Under the size where crowding is asked, the bound on the work still holds.
        let mut work = Work::for_segments(10);
        let segs = segments(&[stacked_sawtooth(2_000)]);
        assert!(matches!(
            indexed(&segs, &mut work),
            Err(Fault::Unfinished { .. })
        ));
        // A square with 100,000 small holes, and one hole outside it.
        let mut rings = vec![ring(&[
            (0., 0.),
            (100., 0.),
            (100., 100.),
            (0., 100.),
            (0., 0.),
        ])];
        for k in 0..100_000 {
            let (x, y) = (0.5 + (k % 316) as f64 * 0.3, 0.5 + (k / 316) as f64 * 0.3);
            rings.push(ring(&[
                (x, y),
                (x, y + 0.1),
                (x + 0.1, y + 0.1),
                (x + 0.1, y),
                (x, y),
            ]));
        }
        assert_eq!(check(&rings), None);
        rings.push(ring(&[
            (200., 0.),
            (200., 1.),
            (201., 1.),
            (201., 0.),
            (200., 0.),
        ]));
        assert_eq!(check(&rings), Some(Fault::HoleOutside { ring: 100_001 }));
    }
}
