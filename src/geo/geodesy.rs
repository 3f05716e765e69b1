//! Distances, bearings, areas and range rings on the WGS84 ellipsoid, by Karney's
//! algorithm (geo's [`geo::Geodesic`], which runs geographiclib-rs): accurate to
//! nanometres, where the map's own spherical Albers would be off by up to 0.5 %.

use geo::{Bearing, Destination, Distance, GeodesicArea, Point, Polygon};

use crate::geo::projection::LonLat;

/// The longest range ring CASA draws, in metres: a quarter of the way round the Earth.
pub const MAX_RING_M: f64 = 10_000_000.0;

/// The geodesic from one point to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Leg {
    /// Its length in metres.
    pub metres: f64,
    /// The direction it leaves the first point in, degrees clockwise from true north,
    /// in [0, 360).
    pub initial_bearing: f64,
}

fn point(p: LonLat) -> Point<f64> {
    Point::new(p.lon, p.lat)
}

/// The geodesic from `a` to `b`.
pub fn inverse(a: LonLat, b: LonLat) -> Leg {
    let (pa, pb) = (point(a), point(b));
    Leg {
        metres: geo::Geodesic.distance(pa, pb),
        initial_bearing: geo::Geodesic.bearing(pa, pb),
    }
}

/// Where a geodesic of `metres` leaving `from` at `bearing` (degrees from north) ends.
pub fn destination(from: LonLat, bearing: f64, metres: f64) -> LonLat {
    let p = geo::Geodesic.destination(point(from), bearing, metres);
    LonLat::new(p.x(), p.y())
}

/// The length of a path of geodesic segments, in metres.
pub fn path_length(points: &[LonLat]) -> f64 {
    points.windows(2).map(|w| inverse(w[0], w[1]).metres).sum()
}

/// The area of a polygon whose sides are geodesics, in square metres: the smaller of the
/// two parts of the Earth it divides, so its orientation does not matter (the ring need
/// not repeat its first point).
pub fn area(ring: &[LonLat]) -> f64 {
    // geo takes an exterior ring as counter-clockwise: a clockwise one encloses the rest
    // of the Earth. Measured both ways, the two add up to the Earth's area.
    let measure = |points: &mut dyn Iterator<Item = &LonLat>| {
        let exterior: geo::LineString<f64> = points.map(|p| (p.lon, p.lat)).collect();
        Polygon::new(exterior, Vec::new()).geodesic_area_unsigned()
    };
    measure(&mut ring.iter()).min(measure(&mut ring.iter().rev()))
}

/// Why a range ring cannot be drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum RingProblem {
    /// Zero, negative or not a number.
    NotPositive,
    /// Longer than [`MAX_RING_M`].
    TooLong,
    /// It would pass over a pole, where the map's projection cannot draw it as a ring.
    AroundPole,
}

impl std::fmt::Display for RingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotPositive => write!(f, "a ring's radius must be more than 0 km"),
            Self::TooLong => write!(
                f,
                "a ring's radius must be at most {} km",
                MAX_RING_M / 1000.0
            ),
            Self::AroundPole => write!(
                f,
                "a ring that wide around this point passes over a pole, which the map cannot draw"
            ),
        }
    }
}

/// The range ring of `metres` around `center`: the points that distance away along
/// geodesics, closed (the first point repeated), spaced so that no chord strays more than
/// about 100 m from the true curve. Longitudes run on continuously from the centre's (they
/// may pass ±180°), so the ring projects as one closed curve.
pub fn ring(center: LonLat, metres: f64) -> Result<Vec<LonLat>, RingProblem> {
    if metres.is_nan() || metres <= 0.0 {
        return Err(RingProblem::NotPositive);
    }
    if metres > MAX_RING_M {
        return Err(RingProblem::TooLong);
    }
    let to_pole = |lat: f64| inverse(center, LonLat::new(center.lon, lat)).metres;
    if metres >= to_pole(90.0) || metres >= to_pole(-90.0) {
        return Err(RingProblem::AroundPole);
    }
    // A chord of angle d (radians) strays r·d²/8 from a circle of radius r.
    let step = (8.0 * 100.0 / metres).sqrt().to_degrees().clamp(0.5, 5.0);
    let count = (360.0 / step).ceil() as usize;
    let mut points: Vec<LonLat> = (0..count)
        .map(|k| {
            let p = destination(center, k as f64 * 360.0 / count as f64, metres);
            let turn = ((p.lon - center.lon + 180.0).rem_euclid(360.0)) - 180.0;
            LonLat::new(center.lon + turn, p.lat)
        })
        .collect();
    points.push(points[0]);
    Ok(points)
}

/// A distance for people: "1,234.5 km".
pub fn format_km(metres: f64) -> String {
    let tenths = (metres / 100.0).round() as i64;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    format!("{}.{tenth} km", thousands(&whole.to_string()))
}

/// Digits grouped by thousands: "12345" → "12,345".
pub fn thousands(digits: &str) -> String {
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}
