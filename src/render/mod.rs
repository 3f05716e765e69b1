//! The render cache: the atlas projected, simplified per zoom band and triangulated once.
//!
//! [`MapGeometry::build`] does all the heavy work at load; each frame the map view only
//! picks a level of detail and transforms cached meshes (see [`mesh`]).

pub mod labels;
pub mod mesh;
pub mod style;

use geo::{Coord, LineString, MultiPolygon, Polygon, Simplify};

use crate::model::{Atlas, WaterShape};
use crate::projection::{Albers, LonLat, WorldPoint};
use labels::LabelCandidate;
use mesh::{FillMesh, LineMesh};

/// Simplification tolerance of each level of detail, in metres (0: the source as is).
pub const LOD_TOLERANCES_M: [f64; 4] = [0.0, 300.0, 1_500.0, 6_000.0];

/// The level of detail for a zoom: the coarsest whose error stays under about half a point.
pub fn lod_for(metres_per_point: f64) -> usize {
    LOD_TOLERANCES_M
        .iter()
        .rposition(|&t| t <= 0.5 * metres_per_point)
        .unwrap_or(0)
}

/// A world-space bounding box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WorldBounds {
    /// South-west corner.
    pub min: WorldPoint,
    /// North-east corner.
    pub max: WorldPoint,
}

impl WorldBounds {
    /// The empty box (contains nothing; grows with [`Self::include`]).
    pub const EMPTY: Self = Self {
        min: WorldPoint::new(f64::INFINITY, f64::INFINITY),
        max: WorldPoint::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
    };

    /// Grows the box to include a point.
    pub fn include(&mut self, p: WorldPoint) {
        self.min = WorldPoint::new(self.min.x.min(p.x), self.min.y.min(p.y));
        self.max = WorldPoint::new(self.max.x.max(p.x), self.max.y.max(p.y));
    }

    /// Whether two boxes overlap.
    pub fn intersects(&self, other: &Self) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    /// The centre.
    pub fn center(&self) -> WorldPoint {
        WorldPoint::new(
            (self.min.x + self.max.x) / 2.0,
            (self.min.y + self.max.y) / 2.0,
        )
    }

    fn of_polygons(polys: &[Polygon<f64>]) -> Self {
        let mut b = Self::EMPTY;
        for c in polys.iter().flat_map(|p| p.exterior().0.iter()) {
            b.include(WorldPoint::new(c.x, c.y));
        }
        b
    }
}

/// One level of detail of an area: its fill and its outline.
#[derive(Clone, Debug, Default)]
pub struct AreaLod {
    /// The triangulated fill.
    pub fill: FillMesh,
    /// Exterior and hole rings.
    pub outline: LineMesh,
}

/// A country's cached geometry.
#[derive(Clone, Debug)]
pub struct CountryGeometry {
    /// World bounding box.
    pub bounds: WorldBounds,
    /// One entry per [`LOD_TOLERANCES_M`].
    pub lods: Vec<AreaLod>,
    /// Where a label may go, best first.
    pub label_candidates: Vec<LabelCandidate>,
    /// The projected polygons at full detail (for hit-testing).
    pub polygons: Vec<Polygon<f64>>,
}

/// A water feature's cached geometry.
#[derive(Clone, Debug)]
pub enum WaterGeometry {
    /// A sea or lake, per level of detail, and where to label it.
    Area {
        /// World bounding box.
        bounds: WorldBounds,
        /// One entry per level of detail.
        lods: Vec<AreaLod>,
        /// Label position.
        label: Option<LabelCandidate>,
    },
    /// A river, per level of detail, and the point of its course to label.
    Lines {
        /// World bounding box.
        bounds: WorldBounds,
        /// One entry per level of detail.
        lods: Vec<LineMesh>,
        /// Label position.
        label: Option<WorldPoint>,
    },
}

/// The graticule, as lines every 10° and every 5°.
#[derive(Clone, Debug)]
pub struct Graticule {
    /// Meridians and parallels every 10 degrees.
    pub major: LineMesh,
    /// Those every 5 degrees that are not also every 10.
    pub minor: LineMesh,
}

/// Everything the map draws, in world space, built once per load.
#[derive(Clone, Debug)]
pub struct MapGeometry {
    /// The projection the geometry is in.
    pub projection: Albers,
    /// Same order as [`Atlas::countries`].
    pub countries: Vec<CountryGeometry>,
    /// Same order as [`Atlas::water`].
    pub water: Vec<WaterGeometry>,
    /// Same order as [`Atlas::places`].
    pub places: Vec<WorldPoint>,
    /// Meridians and parallels.
    pub graticule: Graticule,
    /// The box around all countries.
    pub bounds: WorldBounds,
}

impl MapGeometry {
    /// Projects, simplifies and triangulates the whole atlas.
    pub fn build(atlas: &Atlas, projection: Albers) -> Self {
        let countries = par_map(&atlas.countries, |c| {
            country_geometry(&projection, &c.geometry)
        });
        let water = atlas
            .water
            .iter()
            .map(|w| water_geometry(&projection, &w.shape))
            .collect();
        let places = atlas
            .places
            .iter()
            .map(|p| projection.project(p.position))
            .collect();
        let mut bounds = WorldBounds::EMPTY;
        for c in &countries {
            bounds.include(c.bounds.min);
            bounds.include(c.bounds.max);
        }
        Self {
            projection,
            countries,
            water,
            places,
            graticule: graticule(&projection),
            bounds,
        }
    }

    /// Bytes held by the meshes (not counting the projected polygons).
    pub fn mesh_bytes(&self) -> usize {
        self.countries
            .iter()
            .flat_map(|c| c.lods.iter())
            .map(|l| l.fill.heap_bytes() + l.outline.heap_bytes())
            .sum()
    }
}

/// Maps items on all cores, keeping their order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    if threads < 2 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    // Interleave so the few huge countries spread over the threads.
    let f = &f;
    let mut results: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    items
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, item)| (i, f(item)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A panic in a worker is a bug in CASA, not bad input: propagate it.
            let part = h.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in part {
                results[i] = Some(r);
            }
        }
    });
    results.into_iter().flatten().collect()
}

fn project_ring(projection: &Albers, ring: &LineString<f64>) -> LineString<f64> {
    ring.0
        .iter()
        .map(|c| {
            let w = projection.project(LonLat::new(c.x, c.y));
            Coord { x: w.x, y: w.y }
        })
        .collect()
}

fn project_area(projection: &Albers, area: &MultiPolygon<f64>) -> Vec<Polygon<f64>> {
    area.0
        .iter()
        .map(|p| {
            Polygon::new(
                project_ring(projection, p.exterior()),
                p.interiors()
                    .iter()
                    .map(|r| project_ring(projection, r))
                    .collect(),
            )
        })
        .collect()
}

/// Simplifies polygons; rings that would collapse keep their full detail, so small
/// enclaves never vanish from a coarse level.
fn simplify_polygons(polys: &[Polygon<f64>], tolerance: f64) -> Vec<Polygon<f64>> {
    if tolerance <= 0.0 {
        return polys.to_vec();
    }
    let ring = |r: &LineString<f64>| {
        let s = r.simplify(tolerance);
        if s.0.len() >= 4 { s } else { r.clone() }
    };
    polys
        .iter()
        .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
        .collect()
}

fn area_lods(polys: &[Polygon<f64>], origin: WorldPoint) -> Vec<AreaLod> {
    LOD_TOLERANCES_M
        .iter()
        .map(|&tol| {
            let simplified = simplify_polygons(polys, tol);
            AreaLod {
                fill: FillMesh::from_polygons(&simplified, origin),
                outline: LineMesh::from_rings(
                    simplified
                        .iter()
                        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors())),
                    origin,
                ),
            }
        })
        .collect()
}

fn country_geometry(projection: &Albers, area: &MultiPolygon<f64>) -> CountryGeometry {
    let polygons = project_area(projection, area);
    let bounds = WorldBounds::of_polygons(&polygons);
    let origin = bounds.center();
    let lods = area_lods(&polygons, origin);
    let coarse = simplify_polygons(&polygons, LOD_TOLERANCES_M[2]);
    CountryGeometry {
        bounds,
        label_candidates: labels::candidates(&coarse, &bounds),
        lods,
        polygons,
    }
}

fn water_geometry(projection: &Albers, shape: &WaterShape) -> WaterGeometry {
    match shape {
        WaterShape::Area(area) => {
            let polygons = project_area(projection, area);
            let bounds = WorldBounds::of_polygons(&polygons);
            let coarse = simplify_polygons(&polygons, LOD_TOLERANCES_M[2]);
            WaterGeometry::Area {
                label: labels::candidates(&coarse, &bounds).into_iter().next(),
                lods: area_lods(&polygons, bounds.center()),
                bounds,
            }
        }
        WaterShape::Lines(lines) => {
            let projected: Vec<LineString<f64>> = lines
                .0
                .iter()
                .map(|l| project_ring(projection, l))
                .collect();
            let mut bounds = WorldBounds::EMPTY;
            for c in projected.iter().flat_map(|l| l.0.iter()) {
                bounds.include(WorldPoint::new(c.x, c.y));
            }
            let origin = bounds.center();
            let lods = LOD_TOLERANCES_M
                .iter()
                .map(|&tol| {
                    let simplified: Vec<LineString<f64>> = projected
                        .iter()
                        .map(|l| {
                            if tol > 0.0 {
                                l.simplify(tol)
                            } else {
                                l.clone()
                            }
                        })
                        .collect();
                    LineMesh::from_lines(simplified.iter(), origin)
                })
                .collect();
            // Label the longest line at its middle point.
            let label = projected
                .iter()
                .max_by_key(|l| l.0.len())
                .and_then(|l| l.0.get(l.0.len() / 2).map(|c| WorldPoint::new(c.x, c.y)));
            WaterGeometry::Lines {
                bounds,
                lods,
                label,
            }
        }
    }
}

fn graticule(projection: &Albers) -> Graticule {
    let line = |pts: Vec<LonLat>| -> LineString<f64> {
        pts.into_iter()
            .map(|ll| {
                let w = projection.project(ll);
                Coord { x: w.x, y: w.y }
            })
            .collect()
    };
    let (mut major, mut minor) = (Vec::new(), Vec::new());
    for lon in (0..=180).step_by(5) {
        let pts = (0..=170)
            .map(|i| LonLat::new(f64::from(lon), f64::from(i) * 0.5))
            .collect();
        if lon % 10 == 0 {
            major.push(line(pts))
        } else {
            minor.push(line(pts))
        }
    }
    for lat in (5..=85).step_by(5) {
        let pts = (0..=360)
            .map(|i| LonLat::new(f64::from(i) * 0.5, f64::from(lat)))
            .collect();
        if lat % 10 == 0 {
            major.push(line(pts))
        } else {
            minor.push(line(pts))
        }
    }
    let origin = WorldPoint::default();
    Graticule {
        major: LineMesh::from_lines(major.iter(), origin),
        minor: LineMesh::from_lines(minor.iter(), origin),
    }
}
