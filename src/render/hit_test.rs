//! Hit-testing: which country is under a world point.
//!
//! Two steps: an R*-tree over every polygon's bounding box finds the few candidates, then an
//! exact even-odd ray cast decides, using a per-polygon band index so a point is compared
//! only with the edges whose latitude band it falls in. Holes count, so a point in an
//! enclave's hole of the surrounding country is not in that country, and where areas
//! overlap the smallest wins.

use geo::Polygon;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use crate::geo::projection::WorldPoint;
use crate::render::MapGeometry;

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// The spatial index over the countries of a [`MapGeometry`].
pub struct HitIndex {
    tree: RTree<Entry>,
    polygons: Vec<BandedPolygon>,
}

/// One polygon (with its holes) and the index of its edges by horizontal band.
struct BandedPolygon {
    country: usize,
    area_m2: f64,
    /// Edges as (x1, y1, x2, y2).
    edges: Vec<[f64; 4]>,
    min_y: f64,
    bands_per_metre: f64,
    /// Compressed rows: the edges of band `b` are `entries[offsets[b]..offsets[b + 1]]`.
    offsets: Vec<u32>,
    entries: Vec<u32>,
}

impl BandedPolygon {
    fn new(country: usize, polygon: &Polygon<f64>) -> Option<Self> {
        let edges: Vec<[f64; 4]> = std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .flat_map(|r| r.lines())
            .filter(|l| l.start.y != l.end.y)
            .map(|l| [l.start.x, l.start.y, l.end.x, l.end.y])
            .collect();
        if edges.is_empty() {
            return None;
        }
        let (min_y, max_y) = edges
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), e| {
                (lo.min(e[1]).min(e[3]), hi.max(e[1]).max(e[3]))
            });
        let band_count = (edges.len() / 16).clamp(1, 4096);
        let bands_per_metre = band_count as f64 / (max_y - min_y).max(f64::MIN_POSITIVE);
        let band_of = |y: f64| (((y - min_y) * bands_per_metre) as usize).min(band_count - 1);
        // Two passes: count, then fill (compressed sparse rows keep memory flat).
        let mut counts = vec![0u32; band_count + 1];
        for e in &edges {
            let (a, b) = (band_of(e[1].min(e[3])), band_of(e[1].max(e[3])));
            for c in &mut counts[a..=b] {
                *c += 1;
            }
        }
        let mut offsets = Vec::with_capacity(band_count + 1);
        let mut total = 0u32;
        for c in &counts[..band_count] {
            offsets.push(total);
            total += c;
        }
        offsets.push(total);
        let mut fill = offsets.clone();
        let mut entries = vec![0u32; total as usize];
        for (i, e) in edges.iter().enumerate() {
            let (a, b) = (band_of(e[1].min(e[3])), band_of(e[1].max(e[3])));
            for band in a..=b {
                entries[fill[band] as usize] = i as u32;
                fill[band] += 1;
            }
        }
        let area_m2 = geo::Area::unsigned_area(polygon);
        Some(Self {
            country,
            area_m2,
            edges,
            min_y,
            bands_per_metre,
            offsets,
            entries,
        })
    }

    fn contains(&self, p: WorldPoint) -> bool {
        if p.y < self.min_y {
            return false;
        }
        let band = ((p.y - self.min_y) * self.bands_per_metre) as usize;
        let (Some(&start), Some(&end)) = (self.offsets.get(band), self.offsets.get(band + 1))
        else {
            return false;
        };
        let mut inside = false;
        for &i in &self.entries[start as usize..end as usize] {
            let [x1, y1, x2, y2] = self.edges[i as usize];
            if (y1 > p.y) != (y2 > p.y) {
                let x = x1 + (p.y - y1) * (x2 - x1) / (y2 - y1);
                if x > p.x {
                    inside = !inside;
                }
            }
        }
        inside
    }

    fn heap_bytes(&self) -> usize {
        self.edges.capacity() * 32 + self.offsets.capacity() * 4 + self.entries.capacity() * 4
    }
}

impl HitIndex {
    /// Indexes every polygon of every country.
    pub fn build(geometry: &MapGeometry) -> Self {
        let mut polygons = Vec::new();
        for (country, g) in geometry.countries.iter().enumerate() {
            polygons.extend(
                g.polygons
                    .iter()
                    .filter_map(|p| BandedPolygon::new(country, p)),
            );
        }
        let entries = polygons
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
                for e in &p.edges {
                    lo = [lo[0].min(e[0]).min(e[2]), lo[1].min(e[1]).min(e[3])];
                    hi = [hi[0].max(e[0]).max(e[2]), hi[1].max(e[1]).max(e[3])];
                }
                GeomWithData::new(Rectangle::from_corners(lo, hi), i as u32)
            })
            .collect();
        Self {
            tree: RTree::bulk_load(entries),
            polygons,
        }
    }

    /// The index (into the atlas's countries) of the country at a point, if any.
    pub fn country_at(&self, p: WorldPoint) -> Option<usize> {
        let query = AABB::from_point([p.x, p.y]);
        self.tree
            .locate_in_envelope_intersecting(&query)
            .filter_map(|e| self.polygons.get(e.data as usize))
            .filter(|poly| poly.contains(p))
            .min_by(|a, b| a.area_m2.total_cmp(&b.area_m2))
            .map(|poly| poly.country)
    }

    /// Number of indexed polygons.
    pub fn polygon_count(&self) -> usize {
        self.polygons.len()
    }

    /// Bytes held by the edge index (the tree itself is small beside it).
    pub fn heap_bytes(&self) -> usize {
        self.polygons.iter().map(BandedPolygon::heap_bytes).sum()
    }
}
