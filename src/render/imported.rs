//! An imported layer ready to draw and to hit-test: projected once (on the loading thread),
//! with its points thinned per zoom band so a million of them draw in a bounded time, lines
//! and areas meshed, and R*-trees over points and over the boxes of lines and areas.

use geo::{Contains, Coord, LineString, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use std::sync::{Mutex, OnceLock};

use rstar::{AABB, RTree};

use super::mesh::{FillMesh, LineMesh};
use super::triangulate;
use crate::geo::projection::{Albers, WorldPoint};
use crate::geo::projection::{WorldBounds, segment_distance2};
use crate::model::user_layer::UserLayer;

type PointEntry = GeomWithData<[f64; 2], u32>;
type BoxEntry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// A feature with lines or areas: its index, its projected lines and its areas.
type Shapes = (u32, Vec<Vec<WorldPoint>>, Vec<Polygon<f64>>);

/// Metres per point at which each thinned level is drawn, coarsest first; below the last,
/// every point in view is drawn (decluttered as the atlas's symbols are).
pub const THIN_LEVELS_MPP: [f64; 4] = [12_000.0, 4_000.0, 1_500.0, 500.0];
/// Points kept per cell of this many screen points, at each level's zoom.
const THIN_CELL_POINTS: f64 = 12.0;

/// An imported layer's geometry in world space.
pub struct ImportedGeometry {
    /// Every point with its feature, for the closest zooms and hit-testing: indexed on first
    /// use (see [`Self::points`]), so a slide drawn at a thinned zoom never pays for it.
    points: OnceLock<RTree<PointEntry>>,
    /// The points until they are indexed.
    pending: Mutex<Vec<PointEntry>>,
    /// For each of [`THIN_LEVELS_MPP`], at most one point per cell.
    pub thinned: Vec<RTree<PointEntry>>,
    /// Lines, widened each frame.
    pub lines: LineMesh,
    /// Areas' fills.
    pub fills: FillMesh,
    /// Areas' outlines.
    pub outlines: LineMesh,
    /// The outlines of the areas that are filled, when not all are (a polygon whose edges
    /// lie over one another is drawn as its outline alone): what a fill from rings, a
    /// slide's, fills.
    pub filled_rings: Option<LineMesh>,
    /// Boxes of the features with lines or areas, for hit-testing.
    boxes: RTree<BoxEntry>,
    /// Projected lines and areas of each such feature, for the exact hit test.
    shapes: Vec<Shapes>,
    /// The box around everything.
    pub bounds: WorldBounds,
    /// Where each feature is (its first point, or the centre of its box), for the side panel
    /// and zooming to it.
    pub anchors: Vec<WorldPoint>,
}

impl ImportedGeometry {
    /// Projects, thins, meshes and indexes a layer, for the screen: areas triangulated,
    /// lines and areas indexed for hit-testing.
    pub fn build(layer: &UserLayer, projection: &Albers) -> Self {
        Self::build_for(layer, projection, true)
    }

    /// Projects and thins a layer for pages only (`casa export`): the page painters fill
    /// areas from their rings and nothing is hovered, so areas are not triangulated and
    /// lines and areas not indexed (a world layer's triangulation was most of its slide's
    /// time).
    pub fn for_pages(layer: &UserLayer, projection: &Albers) -> Self {
        Self::build_for(layer, projection, false)
    }

    fn build_for(layer: &UserLayer, projection: &Albers, screen: bool) -> Self {
        let mut bounds = WorldBounds::EMPTY;
        // Reserved at its size: grown by doubling, a million points' index entries would
        // be copied with the old and new buffers both alive (the import's memory peak).
        let mut entries = Vec::with_capacity(layer.features.iter().map(|f| f.points.len()).sum());
        let mut shapes = Vec::new();
        let mut boxes = Vec::new();
        let mut anchors = Vec::with_capacity(layer.features.len());
        for (i, f) in layer.features.iter().enumerate() {
            let i = i as u32;
            let mut fb = WorldBounds::EMPTY;
            for p in &f.points {
                let w = projection.project(*p);
                fb.include(w);
                entries.push(GeomWithData::new([w.x, w.y], i));
            }
            let lines: Vec<Vec<WorldPoint>> = f
                .lines
                .iter()
                .map(|l| l.iter().map(|p| projection.project(*p)).collect())
                .collect();
            let polygons: Vec<Polygon<f64>> = f
                .polygons
                .iter()
                .map(|rings| {
                    let ring = |r: &Vec<crate::geo::projection::LonLat>| {
                        LineString::from(
                            r.iter()
                                .map(|p| {
                                    let w = projection.project(*p);
                                    Coord { x: w.x, y: w.y }
                                })
                                .collect::<Vec<_>>(),
                        )
                    };
                    Polygon::new(ring(&rings[0]), rings[1..].iter().map(ring).collect())
                })
                .collect();
            for p in lines.iter().flatten() {
                fb.include(*p);
            }
            for c in polygons.iter().flat_map(|p| p.exterior().0.iter()) {
                fb.include(WorldPoint::new(c.x, c.y));
            }
            anchors.push(match entries.last() {
                Some(e) if !f.points.is_empty() => WorldPoint::new(e.geom()[0], e.geom()[1]),
                _ => fb.center(),
            });
            if !lines.is_empty() || !polygons.is_empty() {
                boxes.push(GeomWithData::new(
                    Rectangle::from_corners([fb.min.x, fb.min.y], [fb.max.x, fb.max.y]),
                    i,
                ));
                shapes.push((i, lines, polygons));
            }
            if fb.min.x <= fb.max.x {
                bounds.include(fb.min);
                bounds.include(fb.max);
            }
        }
        let origin = bounds.center();
        let line_strings: Vec<LineString<f64>> = shapes
            .iter()
            .flat_map(|(_, lines, _)| lines)
            .map(|l| {
                LineString::from(
                    l.iter()
                        .map(|p| Coord { x: p.x, y: p.y })
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let all_polygons: Vec<Polygon<f64>> = shapes
            .iter()
            .flat_map(|(_, _, polys)| polys.iter().cloned())
            .collect();
        let rings = all_polygons
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        // A polygon whose edges lie over one another is drawn as its outline: the fill's
        // rings (what a slide fills) leave it out, as the fill's triangles do.
        let fillable: Vec<bool> =
            crate::sys::parallel::par_map(&all_polygons, triangulate::fillable);
        let filled_rings = fillable.contains(&false).then(|| {
            let rings = all_polygons
                .iter()
                .zip(&fillable)
                .filter(|(_, f)| **f)
                .flat_map(|(p, _)| std::iter::once(p.exterior()).chain(p.interiors()));
            LineMesh::from_rings(rings, origin)
        });
        Self {
            thinned: thin_levels(&entries),
            points: OnceLock::new(),
            pending: Mutex::new(entries),
            lines: LineMesh::from_lines(&line_strings, origin),
            fills: if screen {
                FillMesh::from_polygons(&all_polygons, origin)
            } else {
                FillMesh::default()
            },
            outlines: LineMesh::from_rings(rings, origin),
            filled_rings,
            boxes: RTree::bulk_load(if screen { boxes } else { Vec::new() }),
            shapes: if screen { shapes } else { Vec::new() },
            bounds,
            anchors,
        }
    }

    /// Every point, indexed (built on first use; the app's loading thread builds it before
    /// the layer is shown, so hovering never waits for it).
    pub fn points(&self) -> &RTree<PointEntry> {
        self.points.get_or_init(|| {
            let mut pending = self
                .pending
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            RTree::bulk_load(std::mem::take(&mut *pending))
        })
    }

    /// The points to draw at a zoom, in a view: a thinned level, or all of them up close.
    pub fn points_in(&self, metres_per_point: f64, view: &WorldBounds) -> Vec<&PointEntry> {
        let tree = match THIN_LEVELS_MPP
            .iter()
            .position(|&level| metres_per_point >= level)
            .and_then(|k| self.thinned.get(k))
        {
            Some(tree) => tree,
            None => self.points(),
        };
        let envelope = AABB::from_corners([view.min.x, view.min.y], [view.max.x, view.max.y]);
        tree.locate_in_envelope(&envelope).collect()
    }

    /// The feature under a world point: the nearest point within `radius_m`, else a line
    /// within it, else an area containing the point.
    pub fn hit(&self, at: WorldPoint, radius_m: f64) -> Option<usize> {
        let r2 = radius_m * radius_m;
        if let Some(e) = self.points().nearest_neighbor(&[at.x, at.y]) {
            let p = e.geom();
            if (p[0] - at.x).powi(2) + (p[1] - at.y).powi(2) <= r2 {
                return Some(e.data as usize);
            }
        }
        let envelope = AABB::from_corners(
            [at.x - radius_m, at.y - radius_m],
            [at.x + radius_m, at.y + radius_m],
        );
        let c = Coord { x: at.x, y: at.y };
        let mut inside = None;
        for entry in self.boxes.locate_in_envelope_intersecting(&envelope) {
            let Ok(k) = self.shapes.binary_search_by_key(&entry.data, |s| s.0) else {
                continue;
            };
            let (i, lines, polygons) = &self.shapes[k];
            for line in lines {
                for w in line.windows(2) {
                    let a = Coord {
                        x: w[0].x,
                        y: w[0].y,
                    };
                    let b = Coord {
                        x: w[1].x,
                        y: w[1].y,
                    };
                    if segment_distance2(c, a, b) <= r2 {
                        return Some(*i as usize);
                    }
                }
            }
            if inside.is_none() && polygons.iter().any(|p| p.contains(&c)) {
                inside = Some(*i as usize);
            }
        }
        inside
    }
}

/// Each of [`THIN_LEVELS_MPP`], coarsest first: thinned from the finest level up, each from
/// the one below it, so only the finest level reads every point.
fn thin_levels(entries: &[PointEntry]) -> Vec<RTree<PointEntry>> {
    let mut levels = Vec::with_capacity(THIN_LEVELS_MPP.len());
    let mut below: Vec<PointEntry> = Vec::new();
    for (k, mpp) in THIN_LEVELS_MPP.iter().enumerate().rev() {
        let source = if k + 1 == THIN_LEVELS_MPP.len() {
            entries
        } else {
            &below
        };
        let kept = thin(source, mpp * THIN_CELL_POINTS);
        levels.push(RTree::bulk_load(kept.clone()));
        below = kept;
    }
    levels.reverse();
    levels
}

/// One point per cell of `cell_m` metres, the first in file order.
fn thin(entries: &[PointEntry], cell_m: f64) -> Vec<PointEntry> {
    // Grown as cells are found, not reserved per point: a million points fill far fewer
    // cells, and a table reserved for a million took 35 MB (the import's memory peak).
    let mut seen = std::collections::HashSet::new();
    entries
        .iter()
        .filter(|e| {
            let p = e.geom();
            seen.insert((
                (p[0] / cell_m).floor() as i64,
                (p[1] / cell_m).floor() as i64,
            ))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::user_layer::parse_layer;

    #[test]
    fn points_lines_and_areas_are_hit_and_thinned() {
        let text = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [69.2, 41.3]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [69.21, 41.3]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[60, 40], [62, 40]]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[70, 44], [72, 44], [72, 46], [70, 46], [70, 44]]]}}
        ]}"#;
        let layer = parse_layer("t", "t.geojson", text).expect("loads");
        let proj = Albers::central_asia();
        let g = ImportedGeometry::build(&layer, &proj);
        let at = |lon, lat| proj.project(crate::geo::projection::LonLat::new(lon, lat));
        assert_eq!(g.hit(at(69.2, 41.3), 100.0), Some(0));
        assert_eq!(g.hit(at(61.0, 40.0), 1_000.0), Some(2));
        assert_eq!(g.hit(at(71.0, 45.0), 1_000.0), Some(3));
        assert_eq!(g.hit(at(80.0, 30.0), 1_000.0), None);
        // Zoomed out, the two points 1 km apart share a cell; up close both are drawn.
        let everywhere = WorldBounds {
            min: WorldPoint::new(-1e8, -1e8),
            max: WorldPoint::new(1e8, 1e8),
        };
        assert_eq!(g.points_in(12_000.0, &everywhere).len(), 1);
        assert_eq!(g.points_in(100.0, &everywhere).len(), 2);
    }

    #[test]
    fn a_crowded_polygon_is_outlined_and_left_out_of_the_fill_everywhere() {
        let square = "[[70, 44], [72, 44], [72, 46], [70, 46], [70, 44]]";
        let mut saw = Vec::new();
        for k in 0..5_000 {
            let y = 30.0 + f64::from(k) * 0.002;
            saw.push(format!("[50, {y}]"));
            saw.push(format!("[60, {}]", y + 5.0));
        }
        saw.extend([
            "[50, 40]".into(),
            "[49, 40]".into(),
            "[49, 30]".into(),
            "[50, 30]".into(),
        ]);
        let text = format!(
            r#"{{"type": "FeatureCollection", "features": [
            {{"type": "Feature", "properties": {{}}, "geometry": {{"type": "Polygon", "coordinates": [{square}]}}}},
            {{"type": "Feature", "properties": {{}}, "geometry": {{"type": "Polygon", "coordinates": [[{}]]}}}}
        ]}}"#,
            saw.join(",")
        );
        let layer = parse_layer("t", "t.geojson", &text).expect("loads");
        assert!(
            layer
                .skipped
                .iter()
                .any(|i| i.problem.contains("drawn as its outline only")),
            "{:?}",
            layer.skipped
        );
        let g = ImportedGeometry::build(&layer, &Albers::central_asia());
        // Both outlines are drawn; only the square is in the fill's rings (a slide's fill)
        // as it is in the fill's triangles (the screen's).
        let filled = g.filled_rings.as_ref().expect("one polygon is not filled");
        assert_eq!(filled.polylines(), 1);
        assert_eq!(g.outlines.polylines(), 2);
    }
}
