//! The map projection: Albers equal-area conic on the sphere, pure f64 functions.
//!
//! Albers keeps areas true, so a briefing can compare the size of countries, bases' regions
//! and deployments honestly; with standard parallels at 35°N and 50°N its scale error stays
//! under 2% across Central Asia. Longitudes are used as given (no wrapping around the central
//! meridian): the data is split at the antimeridian, so the map's only cut is at ±180°.

/// The mean Earth radius (IUGG), in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A longitude/latitude pair in degrees; the explicit order avoids guessing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LonLat {
    /// Degrees east.
    pub lon: f64,
    /// Degrees north.
    pub lat: f64,
}

impl LonLat {
    /// The position in words and degrees: "42.8531°N 74.8461°E".
    pub fn degrees(self) -> String {
        let ns = if self.lat < 0.0 { 'S' } else { 'N' };
        let ew = if self.lon < 0.0 { 'W' } else { 'E' };
        format!("{:.4}°{ns} {:.4}°{ew}", self.lat.abs(), self.lon.abs())
    }

    /// Creates a position from longitude and latitude in degrees.
    pub const fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }
}

/// A projected position in metres: x east, y north, from the projection's origin.
#[derive(Clone, Copy, Debug, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct WorldPoint {
    /// Metres east of the origin.
    pub x: f64,
    /// Metres north of the origin.
    pub y: f64,
}

impl WorldPoint {
    /// Creates a point from metres east and north.
    pub const fn new(x: f64, y: f64) -> Self {
        Self { x, y }
    }
}

/// A spherical Albers equal-area conic projection.
#[derive(Clone, Copy, Debug)]
pub struct Albers {
    lon0_rad: f64,
    n: f64,
    c: f64,
    rho0: f64,
    radius: f64,
}

impl Albers {
    /// A projection from its standard parallels, origin latitude and central meridian
    /// (degrees), on a sphere of the given radius (metres).
    pub fn new(parallel1: f64, parallel2: f64, lat0: f64, lon0: f64, radius: f64) -> Self {
        let (p1, p2) = (parallel1.to_radians(), parallel2.to_radians());
        let n = (p1.sin() + p2.sin()) / 2.0;
        let c = p1.cos().powi(2) + 2.0 * n * p1.sin();
        let rho0 = radius * (c - 2.0 * n * lat0.to_radians().sin()).sqrt() / n;
        Self {
            lon0_rad: lon0.to_radians(),
            n,
            c,
            rho0,
            radius,
        }
    }

    /// CASA's projection: standard parallels 35°N and 50°N, centred on 42.5°N 65°E.
    pub fn central_asia() -> Self {
        Self::new(35.0, 50.0, 42.5, 65.0, EARTH_RADIUS_M)
    }

    /// Projects a position to metres.
    pub fn project(&self, p: LonLat) -> WorldPoint {
        let rho = self.radius * (self.c - 2.0 * self.n * p.lat.to_radians().sin()).sqrt() / self.n;
        let theta = self.n * (p.lon.to_radians() - self.lon0_rad);
        WorldPoint {
            x: rho * theta.sin(),
            y: self.rho0 - rho * theta.cos(),
        }
    }

    /// The inverse: metres back to longitude/latitude, for the part of the plane the
    /// projection covers (longitudes within 180°/n of the central meridian).
    pub fn unproject(&self, w: WorldPoint) -> LonLat {
        let dy = self.rho0 - w.y;
        let rho = w.x.hypot(dy);
        let theta = w.x.atan2(dy);
        let s = ((self.c - (rho * self.n / self.radius).powi(2)) / (2.0 * self.n)).clamp(-1.0, 1.0);
        LonLat {
            lon: (self.lon0_rad + theta / self.n).to_degrees(),
            lat: s.asin().to_degrees(),
        }
    }

    /// The projection's scale along a parallel at a latitude (1 on the standard parallels).
    pub fn parallel_scale(&self, lat: f64) -> f64 {
        let phi = lat.to_radians();
        let rho = self.radius * (self.c - 2.0 * self.n * phi.sin()).sqrt() / self.n;
        self.n * rho / (self.radius * phi.cos())
    }
}

/// The great-circle distance between two positions, in metres (haversine).
pub fn great_circle_m(a: LonLat, b: LonLat) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (b.lon - a.lon).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
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

    /// The box around polygons' exteriors.
    pub(crate) fn of_polygons(polys: &[geo::Polygon<f64>]) -> Self {
        let mut b = Self::EMPTY;
        for c in polys.iter().flat_map(|p| p.exterior().0.iter()) {
            b.include(WorldPoint::new(c.x, c.y));
        }
        b
    }
}

/// A box in degrees: what a view shows, fitted to any screen or slide. Written in files as
/// `[west, south, east, north]`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(from = "[f64; 4]", into = "[f64; 4]")]
pub struct ViewBox {
    /// Western longitude.
    pub west: f64,
    /// Southern latitude.
    pub south: f64,
    /// Eastern longitude.
    pub east: f64,
    /// Northern latitude.
    pub north: f64,
}

impl ViewBox {
    /// `[west, south, east, north]`.
    pub const fn to_array(self) -> [f64; 4] {
        [self.west, self.south, self.east, self.north]
    }
}

impl From<[f64; 4]> for ViewBox {
    fn from([west, south, east, north]: [f64; 4]) -> Self {
        Self {
            west,
            south,
            east,
            north,
        }
    }
}

impl From<ViewBox> for [f64; 4] {
    fn from(b: ViewBox) -> Self {
        b.to_array()
    }
}

/// Squared distance from `p` to the segment `a`–`b`.
pub fn segment_distance2(p: geo::Coord<f64>, a: geo::Coord<f64>, b: geo::Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.x - (a.x + t * dx)).powi(2) + (p.y - (a.y + t * dy)).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Snyder, "Map Projections: A Working Manual" (USGS PP 1395), p. 292: the spherical
    /// Albers example with R = 1, parallels 29.5° and 45.5°, origin 23°N 96°W.
    #[test]
    fn snyder_spherical_example() {
        let p = Albers::new(29.5, 45.5, 23.0, -96.0, 1.0);
        let w = p.project(LonLat::new(-75.0, 35.0));
        assert!((w.x - 0.295_272_0).abs() < 1e-7, "x = {}", w.x);
        assert!((w.y - 0.241_677_4).abs() < 1e-7, "y = {}", w.y);
    }

    /// Values from PROJ 9 (`+proj=aea +lat_1=35 +lat_2=50 +lat_0=42.5 +lon_0=65
    /// +R=6371008.8`) for Tashkent, Almaty and Moscow.
    #[test]
    fn matches_proj_in_the_region() {
        let p = Albers::central_asia();
        for (lon, lat, x, y) in [
            (69.24, 41.31, 351_109.452_177_8, -124_736.090_203_9),
            (76.95, 43.25, 956_460.240_737_9, 151_032.988_649_3),
            (37.62, 55.75, -1_724_611.710_271_3, 1_750_216.287_525_2),
        ] {
            let w = p.project(LonLat::new(lon, lat));
            assert!((w.x - x).abs() < 1e-3 && (w.y - y).abs() < 1e-3, "{w:?}");
        }
    }

    #[test]
    fn round_trip_across_the_region_and_beyond() {
        let p = Albers::central_asia();
        for lon in (-179..=179).step_by(7) {
            for lat in (-60..=85).step_by(5) {
                let ll = LonLat::new(f64::from(lon), f64::from(lat));
                let back = p.unproject(p.project(ll));
                assert!((back.lon - ll.lon).abs() < 1e-9, "{ll:?} -> {back:?}");
                assert!((back.lat - ll.lat).abs() < 1e-9, "{ll:?} -> {back:?}");
            }
        }
    }

    #[test]
    fn origin_is_at_zero_and_north_is_up() {
        let p = Albers::central_asia();
        let o = p.project(LonLat::new(65.0, 42.5));
        assert!(o.x.abs() < 1e-6 && o.y.abs() < 1e-6);
        assert!(p.project(LonLat::new(65.0, 50.0)).y > 0.0);
        assert!(p.project(LonLat::new(70.0, 42.5)).x > 0.0);
    }

    #[test]
    fn true_scale_on_standard_parallels() {
        let p = Albers::central_asia();
        assert!((p.parallel_scale(35.0) - 1.0).abs() < 1e-12);
        assert!((p.parallel_scale(50.0) - 1.0).abs() < 1e-12);
        assert!(p.parallel_scale(42.5) < 1.0);
    }

    #[test]
    fn projected_distance_matches_great_circle_on_a_standard_parallel() {
        let p = Albers::central_asia();
        let (a, b) = (LonLat::new(64.0, 35.0), LonLat::new(66.0, 35.0));
        let (wa, wb) = (p.project(a), p.project(b));
        let planar = (wb.x - wa.x).hypot(wb.y - wa.y);
        // The chord of the parallel is a hair longer than the great circle.
        assert!((planar / great_circle_m(a, b) - 1.0).abs() < 1e-3);
    }

    #[test]
    fn known_distance_tashkent_to_almaty() {
        // About 680 km between the two cities.
        let d = great_circle_m(LonLat::new(69.24, 41.31), LonLat::new(76.95, 43.25));
        assert!((d - 680_000.0).abs() < 15_000.0, "{d}");
    }
}
