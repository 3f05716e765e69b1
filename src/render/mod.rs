//! The render cache: the atlas projected, simplified per zoom band and triangulated once.
//!
//! [`MapGeometry::build`] does all the heavy work at load; each frame the map view only
//! picks a level of detail and transforms cached meshes (see [`mesh`]).

pub mod document;
pub mod features;
pub mod hit_test;
pub mod imported;
pub mod labels;
pub mod legend;
pub mod mesh;
pub mod relief;
pub mod simplify;
pub mod style;
pub mod triangulate;

use std::sync::{Arc, OnceLock};

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::geo::projection::{Albers, LonLat, WorldPoint};
use crate::model::{Atlas, WaterShape};
use labels::LabelCandidate;
use mesh::{FillMesh, LineMesh};

/// Simplification tolerance of each level of detail, in metres (0: the source as is).
pub const LOD_TOLERANCES_M: [f64; 5] = [0.0, 100.0, 400.0, 1_500.0, 6_000.0];

/// The level of detail for a zoom: the coarsest whose error stays within one point (the
/// width of a border line, smoothed by its anti-aliased edge).
pub fn lod_for(metres_per_point: f64) -> usize {
    LOD_TOLERANCES_M
        .iter()
        .rposition(|&t| t <= metres_per_point)
        .unwrap_or(0)
}

pub use crate::geo::projection::WorldBounds;

/// One level of detail of an area: its fill and its outline.
#[derive(Clone, Debug, Default)]
pub struct AreaLod {
    /// The triangulated fill.
    pub fill: FillMesh,
    /// Exterior and hole rings.
    pub outline: LineMesh,
}

/// The first level of detail built at load; finer ones are built on first use (or by
/// [`MapGeometry::warm_fine_levels`] in the background).
pub const EAGER_FROM_LOD: usize = 3;

/// A country's cached geometry.
#[derive(Debug)]
pub struct CountryGeometry {
    /// World bounding box.
    pub bounds: WorldBounds,
    /// The projected polygons at full detail (for hit-testing and the fine levels).
    pub polygons: Vec<Polygon<f64>>,
    origin: WorldPoint,
    lods: [OnceLock<AreaLod>; LOD_TOLERANCES_M.len()],
    label_candidates: OnceLock<Vec<LabelCandidate>>,
}

impl CountryGeometry {
    /// The meshes at a level of detail, built now if this is their first use.
    pub fn lod(&self, level: usize) -> &AreaLod {
        let level = level.min(LOD_TOLERANCES_M.len() - 1);
        self.lods[level].get_or_init(|| {
            area_lod(
                &simplify_polygons(&self.polygons, LOD_TOLERANCES_M[level]),
                self.origin,
            )
        })
    }

    /// Where a label may go, best first; found on first use, from the coarsest level.
    pub fn label_candidates(&self) -> &[LabelCandidate] {
        self.label_candidates.get_or_init(|| {
            let coarsest = LOD_TOLERANCES_M.len() - 1;
            let polys = simplify_polygons(&self.polygons, LOD_TOLERANCES_M[coarsest]);
            labels::candidates(&polys, &self.bounds)
        })
    }
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
        /// Places along the course where the name may go, best first.
        labels: Vec<WorldPoint>,
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
#[derive(Debug)]
pub struct MapGeometry {
    /// The projection the geometry is in.
    pub projection: Albers,
    /// Same order as [`Atlas::countries`].
    pub countries: Vec<CountryGeometry>,
    /// Same order as [`Atlas::water`].
    pub water: Vec<WaterGeometry>,
    /// Same order as [`Atlas::places`].
    pub places: Vec<WorldPoint>,
    /// Same order as [`Atlas::terrain`].
    pub terrain: Vec<WorldPoint>,
    /// Meridians and parallels.
    pub graticule: Graticule,
    /// The box around all countries.
    pub bounds: WorldBounds,
}

impl MapGeometry {
    /// Projects, simplifies and triangulates the whole atlas.
    pub fn build(atlas: &Atlas, projection: Albers) -> Self {
        let countries = crate::sys::parallel::par_map(&atlas.countries, |c| {
            country_geometry(&projection, &c.geometry)
        });
        let water: Vec<WaterGeometry> = atlas
            .water
            .iter()
            .map(|w| water_geometry(&projection, &w.shape))
            .collect();
        let places: Vec<WorldPoint> = atlas
            .places
            .iter()
            .map(|p| projection.project(p.position))
            .collect();
        // The extent of everything drawn (so the view stays usable even if a file is missing).
        let mut bounds = WorldBounds::EMPTY;
        for c in &countries {
            bounds.include(c.bounds.min);
            bounds.include(c.bounds.max);
        }
        for w in &water {
            let (WaterGeometry::Area { bounds: b, .. } | WaterGeometry::Lines { bounds: b, .. }) =
                w;
            bounds.include(b.min);
            bounds.include(b.max);
        }
        for p in &places {
            bounds.include(*p);
        }
        let terrain = atlas
            .terrain
            .iter()
            .map(|t| projection.project(t.position))
            .collect();
        Self {
            projection,
            countries,
            water,
            places,
            terrain,
            graticule: graticule(&projection),
            bounds,
        }
    }

    /// Bytes held by the country meshes built so far (not counting the polygons).
    pub fn mesh_bytes(&self) -> usize {
        self.countries
            .iter()
            .flat_map(|c| c.lods.iter().filter_map(OnceLock::get))
            .map(|l| l.fill.heap_bytes() + l.outline.heap_bytes())
            .sum()
    }

    /// Builds the finer levels of detail on a background thread, so zooming in finds them
    /// ready; a level the view needs sooner is built on demand (whoever comes first builds
    /// it, the other waits).
    pub fn warm_fine_levels(self: &Arc<Self>) {
        let geometry = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("casa-lod".into())
            .spawn(move || {
                for level in (0..EAGER_FROM_LOD).rev() {
                    for c in &geometry.countries {
                        c.lod(level);
                    }
                }
            });
        if let Err(e) = spawned {
            // Not fatal: the levels are then built on first use.
            eprintln!("casa: could not start the background mesh builder: {e}");
        }
    }
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

pub(crate) fn project_area(projection: &Albers, area: &MultiPolygon<f64>) -> Vec<Polygon<f64>> {
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

/// Simplifies polygons; a ring that would collapse is kept as its extreme points, so small
/// islands and enclaves never vanish from a coarse level.
pub(crate) fn simplify_polygons(polys: &[Polygon<f64>], tolerance: f64) -> Vec<Polygon<f64>> {
    if tolerance <= 0.0 {
        return polys.to_vec();
    }
    let ring = |r: &LineString<f64>| {
        simplify::simplify_ring(r, tolerance)
            .or_else(|| simplify::extremes_ring(r))
            .unwrap_or_else(|| r.clone())
    };
    polys
        .iter()
        .map(|p| Polygon::new(ring(p.exterior()), p.interiors().iter().map(ring).collect()))
        .collect()
}

pub(crate) fn area_lod(polys: &[Polygon<f64>], origin: WorldPoint) -> AreaLod {
    AreaLod {
        fill: FillMesh::from_polygons(polys, origin),
        outline: LineMesh::from_rings(
            polys
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors())),
            origin,
        ),
    }
}

/// All levels, each simplified from the one before (cheaper than from the full detail;
/// the errors add up to less than the sum of the tolerances).
fn area_lods(polys: &[Polygon<f64>], origin: WorldPoint) -> Vec<AreaLod> {
    let mut current = polys.to_vec();
    LOD_TOLERANCES_M
        .iter()
        .map(|&tol| {
            current = simplify_polygons(&current, tol);
            area_lod(&current, origin)
        })
        .collect()
}

fn country_geometry(projection: &Albers, area: &MultiPolygon<f64>) -> CountryGeometry {
    let polygons = project_area(projection, area);
    let bounds = WorldBounds::of_polygons(&polygons);
    let origin = bounds.center();
    // The eager levels, each simplified from the one before.
    let mut eager: Vec<Option<AreaLod>> = (0..LOD_TOLERANCES_M.len()).map(|_| None).collect();
    let mut current = polygons.clone();
    for (level, slot) in eager.iter_mut().enumerate().skip(EAGER_FROM_LOD) {
        current = simplify_polygons(&current, LOD_TOLERANCES_M[level]);
        *slot = Some(area_lod(&current, origin));
    }
    let lods = std::array::from_fn(|level| match eager[level].take() {
        Some(built) => OnceLock::from(built),
        None => OnceLock::new(),
    });
    CountryGeometry {
        label_candidates: OnceLock::new(),
        bounds,
        polygons,
        origin,
        lods,
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
                                simplify::simplify_line(l, tol)
                            } else {
                                l.clone()
                            }
                        })
                        .collect();
                    LineMesh::from_lines(simplified.iter(), origin)
                })
                .collect();
            // Label the longest line: its middle first, then further along either way.
            let labels = projected
                .iter()
                .max_by_key(|l| l.0.len())
                .map(|l| {
                    [0.5, 0.35, 0.65, 0.2, 0.8]
                        .iter()
                        .filter_map(|f| l.0.get((l.0.len() as f64 * f) as usize))
                        .map(|c| WorldPoint::new(c.x, c.y))
                        .collect()
                })
                .unwrap_or_default();
            WaterGeometry::Lines {
                bounds,
                lods,
                labels,
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
