//! A GeoJSON geometry into a layer feature's points, lines and polygons: positions checked
//! (range, how many numbers, precision), lines and rings checked, rings closed and rewound
//! and tested for crossings, GeometryCollections linted as RFC 7946 advises.

use std::fmt;

use serde::de::{Deserialize, Deserializer, Error as _, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::members::{Kind, Members, canonical, error, join, warning};
use super::{Budget, Lint, Shapes, validity};
use crate::data::geometry::check_lon_lat;
use crate::geo::projection::LonLat;

/// The geometry types of RFC 7946.
pub(super) const GEOMETRY_TYPES: [&str; 7] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
];

/// GeometryCollections nested deeper than this are refused (a hostile file cannot recurse
/// without end).
const MAX_COLLECTION_DEPTH: usize = 8;

/// Decimal places beyond which a coordinate is finer than any map needs (RFC 7946 §11.2;
/// geojsonhint's precision warning): 6 places are about 0.1 m.
const MAX_DECIMALS: usize = 6;

/// What coordinates are in: longitude/latitude (RFC 7946), or Web Mercator metres named by
/// a legacy `crs` member, converted as they are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Crs {
    /// WGS 84 longitude and latitude in degrees.
    LonLat,
    /// EPSG:3857 (spherical Mercator) metres.
    WebMercator,
}

impl Crs {
    /// Longitude and latitude of a position in this CRS.
    fn to_lon_lat(self, x: f64, y: f64) -> (f64, f64) {
        match self {
            Crs::LonLat => (x, y),
            Crs::WebMercator => {
                const R: f64 = 6_378_137.0;
                let lon = (x / R).to_degrees();
                let lat = (2.0 * (y / R).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
                (lon, lat)
            }
        }
    }
}

/// One position as read: its first two numbers and how many it has.
#[derive(Clone, Copy, Debug)]
struct Pos {
    x: f64,
    y: f64,
    dims: u32,
}

/// A number in a position (an integer or not).
struct Num(f64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Num;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_f64<E>(self, v: f64) -> Result<Num, E> {
                Ok(Num(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Num, E> {
                Ok(Num(v as f64))
            }
        }
        d.deserialize_f64(V)
    }
}

impl<'de> Deserialize<'de> for Pos {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Pos;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a position (an array of numbers)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Pos, A::Error> {
                let few = || A::Error::custom("a position has fewer than two numbers");
                let Num(x) = seq.next_element()?.ok_or_else(few)?;
                let Num(y) = seq.next_element()?.ok_or_else(few)?;
                let mut dims = 2u32;
                while seq.next_element::<Num>()?.is_some() {
                    dims = dims.saturating_add(1);
                }
                Ok(Pos { x, y, dims })
            }
        }
        d.deserialize_seq(V)
    }
}

/// Reading one feature: its CRS, what it costs, and what was found.
pub(super) struct Reader {
    crs: Crs,
    /// Positions read, rings rewound, positions out of range.
    pub(super) budget: Budget,
    /// Problems found, in file order.
    pub(super) lints: Vec<Lint>,
    /// How many numbers the first position had.
    dims: Option<u32>,
    said_dims: bool,
    said_mixed: bool,
    said_precision: bool,
    said_crossing: bool,
    /// Text read unchecked (cut out by [`super::scan`]) turned out not to be valid JSON:
    /// the file goes to the full parse, which says where.
    pub(super) malformed: bool,
}

impl Reader {
    /// A reader of one feature's geometry.
    pub(super) fn new(crs: Crs) -> Self {
        Reader {
            crs,
            budget: Budget::default(),
            lints: Vec::new(),
            dims: None,
            said_dims: false,
            said_mixed: false,
            said_precision: false,
            said_crossing: false,
            malformed: false,
        }
    }

    /// Reads a geometry object into `f`; returns its type. An error skips the feature.
    /// `raw` need not have been checked as JSON: what is not read whole is checked here.
    pub(super) fn geometry(
        &mut self,
        raw: &str,
        path: &str,
        f: &mut Shapes,
        depth: usize,
    ) -> Result<&'static str, Lint> {
        // Cut apart by the scan, the coordinates parsed once, by their reader; a
        // GeometryCollection (where "coordinates" is a foreign member) is parsed whole.
        let scanned = Members::scanned_deferring(raw, "coordinates").filter(|(members, _)| {
            !members
                .string("type")
                .is_some_and(|t| t.eq_ignore_ascii_case("GeometryCollection"))
        });
        let (members, unchecked) = match scanned {
            Some((members, coordinates)) => (members, coordinates),
            None => {
                let members: Members<'_> = serde_json::from_str(raw).map_err(|e| {
                    // Not an object; and, if the text was not checked, perhaps not JSON
                    // further on.
                    self.check_json(raw);
                    error(
                        path,
                        format!(
                            "the geometry is not an object: {}",
                            super::geojson::json_problem(&e)
                        ),
                    )
                })?;
                (members, None)
            }
        };
        let coordinates = unchecked.or_else(|| members.get("coordinates").map(RawValue::get));
        let read = self.typed_geometry(&members, coordinates, path, f, depth);
        // Read whole when the geometry is read; otherwise checked now.
        if let (Some(text), Err(_)) = (unchecked, &read) {
            self.check_json(text);
        }
        read
    }

    /// Notes whether `text`, read unchecked, is valid JSON.
    pub(super) fn check_json(&mut self, text: &str) {
        self.malformed |= serde_json::from_str::<serde::de::IgnoredAny>(text).is_err();
    }

    /// A geometry's type, members and coordinates (as text) read into `f`.
    fn typed_geometry(
        &mut self,
        members: &Members<'_>,
        coordinates: Option<&str>,
        path: &str,
        f: &mut Shapes,
        depth: usize,
    ) -> Result<&'static str, Lint> {
        let given = members
            .string("type")
            .ok_or_else(|| error(path, "the geometry has no \"type\""))?;
        let (kind, exact) = canonical(&given, &GEOMETRY_TYPES).ok_or_else(|| {
            error(
                &join(path, "type"),
                format!("unknown geometry type {given:?}"),
            )
        })?;
        if !exact {
            self.lints.push(warning(
                &join(path, "type"),
                format!("type {given:?} read as \"{kind}\" (GeoJSON types are case-sensitive)"),
            ));
        }
        let collection = kind == "GeometryCollection";
        let forbidden: &[&str] = if collection {
            &["geometry", "properties", "features", "coordinates"]
        } else {
            &["geometry", "properties", "features", "geometries"]
        };
        members.lint(path, "a geometry", forbidden, &mut self.lints);
        if collection {
            let geometries = members.get("geometries").ok_or_else(|| {
                error(path, "a GeometryCollection without a \"geometries\" member")
            })?;
            self.collection(geometries, &join(path, "geometries"), f, depth)?;
        } else {
            let coordinates = coordinates
                .ok_or_else(|| error(path, format!("a {kind} without \"coordinates\"")))?;
            self.coordinates(kind, coordinates, &join(path, "coordinates"), f)?;
        }
        Ok(kind)
    }

    /// A GeometryCollection's members, with RFC 7946 §3.1.8's advice: no nesting, no
    /// collection of one geometry or of geometries of one type.
    fn collection(
        &mut self,
        raw: &RawValue,
        path: &str,
        f: &mut Shapes,
        depth: usize,
    ) -> Result<(), Lint> {
        if depth >= MAX_COLLECTION_DEPTH {
            return Err(error(
                path,
                format!("GeometryCollections nested more than {MAX_COLLECTION_DEPTH} deep"),
            ));
        }
        let members: Vec<&RawValue> = serde_json::from_str(raw.get()).map_err(|_| {
            error(
                path,
                format!("\"geometries\" is {}, not an array", Kind::of(raw).name()),
            )
        })?;
        let mut kinds = Vec::with_capacity(members.len());
        for (k, g) in members.iter().enumerate() {
            let at = format!("{path}[{k}]");
            let kind = self.geometry(g.get(), &at, f, depth + 1)?;
            if kind == "GeometryCollection" {
                self.lints.push(warning(
                    &at,
                    "a GeometryCollection inside a GeometryCollection (RFC 7946 §3.1.8: avoid nesting them); read as it is",
                ));
            }
            kinds.push(kind);
        }
        if kinds.len() == 1 {
            self.lints.push(warning(
                path,
                format!(
                    "a GeometryCollection of one {} (RFC 7946 §3.1.8: use the geometry itself); read as it is",
                    kinds[0]
                ),
            ));
        } else if let Some(first) = kinds.first().filter(|k| kinds.iter().all(|o| o == *k)) {
            let multi = match *first {
                "Point" | "MultiPoint" => Some("a MultiPoint"),
                "LineString" | "MultiLineString" => Some("a MultiLineString"),
                "Polygon" | "MultiPolygon" => Some("a MultiPolygon"),
                _ => None,
            };
            if let Some(multi) = multi {
                self.lints.push(warning(
                    path,
                    format!(
                        "a GeometryCollection of {} {first}s (RFC 7946 §3.1.8: use {multi}); read as it is",
                        kinds.len()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A geometry's coordinates, parsed as deep as its type says.
    fn coordinates(
        &mut self,
        kind: &str,
        raw: &str,
        path: &str,
        f: &mut Shapes,
    ) -> Result<(), Lint> {
        self.precision(raw, path);
        match kind {
            "Point" => {
                let p: Pos = self.parse(raw, path, kind)?;
                let p = self.position(p, &|| path.to_owned())?;
                f.points.push(p);
            }
            "MultiPoint" => {
                let ps: Vec<Pos> = self.parse(raw, path, kind)?;
                f.points.reserve(ps.len());
                for (i, p) in ps.into_iter().enumerate() {
                    let p = self.position(p, &|| format!("{path}[{i}]"))?;
                    f.points.push(p);
                }
            }
            "LineString" => {
                let ps: Vec<Pos> = self.parse(raw, path, kind)?;
                f.lines.push(self.line(&ps, path)?);
            }
            "MultiLineString" => {
                let lines: Vec<Vec<Pos>> = self.parse(raw, path, kind)?;
                for (i, ps) in lines.iter().enumerate() {
                    f.lines.push(self.line(ps, &format!("{path}[{i}]"))?);
                }
            }
            "Polygon" => {
                let rings: Vec<Vec<Pos>> = self.parse(raw, path, kind)?;
                f.polygons.push(self.polygon(rings, path)?);
            }
            _ => {
                let polygons: Vec<Vec<Vec<Pos>>> = self.parse(raw, path, kind)?;
                for (i, rings) in polygons.into_iter().enumerate() {
                    f.polygons
                        .push(self.polygon(rings, &format!("{path}[{i}]"))?);
                }
            }
        }
        Ok(())
    }

    /// One position checked and converted to longitude/latitude.
    fn position(&mut self, p: Pos, path: &dyn Fn() -> String) -> Result<LonLat, Lint> {
        self.budget.vertices += 1;
        if p.dims > 3 && !self.said_dims {
            self.said_dims = true;
            self.lints.push(warning(
                &path(),
                format!(
                    "a position of {} numbers; RFC 7946 allows at most 3 (longitude, latitude, altitude); the rest are ignored",
                    p.dims
                ),
            ));
        }
        match self.dims {
            None => self.dims = Some(p.dims),
            Some(d) if d != p.dims && !self.said_mixed => {
                self.said_mixed = true;
                self.lints.push(warning(
                    &path(),
                    format!(
                        "positions of {d} and of {} numbers in one feature (mixed dimensions); read as they are",
                        p.dims
                    ),
                ));
            }
            Some(_) => {}
        }
        let (lon, lat) = self.crs.to_lon_lat(p.x, p.y);
        check_lon_lat(lon, lat)
            .map(|c| LonLat::new(c.x, c.y))
            .map_err(|problem| {
                self.budget.out_of_range += 1;
                self.budget.first_out_of_range.get_or_insert([p.x, p.y]);
                error(&path(), problem)
            })
    }

    fn line(&mut self, ps: &[Pos], path: &str) -> Result<Vec<LonLat>, Lint> {
        if ps.len() < 2 {
            return Err(error(
                path,
                format!(
                    "a line of {} position(s); a line needs at least 2",
                    ps.len()
                ),
            ));
        }
        ps.iter()
            .enumerate()
            .map(|(i, p)| self.position(*p, &|| format!("{path}[{i}]")))
            .collect()
    }

    /// A polygon's rings: checked, closed, wound the RFC 7946 way (exterior
    /// counter-clockwise) and tested for crossings, which are drawn as they are.
    fn polygon(&mut self, rings: Vec<Vec<Pos>>, path: &str) -> Result<Vec<Vec<LonLat>>, Lint> {
        if rings.is_empty() {
            return Err(error(path, "a polygon with no rings"));
        }
        let mut out = Vec::with_capacity(rings.len());
        for (k, r) in rings.iter().enumerate() {
            let at = format!("{path}[{k}]");
            let mut ring: Vec<LonLat> = r
                .iter()
                .enumerate()
                .map(|(i, p)| self.position(*p, &|| format!("{at}[{i}]")))
                .collect::<Result<_, _>>()?;
            if ring.len() < 4 {
                return Err(error(
                    &at,
                    format!(
                        "a ring of {} positions; a ring needs at least 4",
                        ring.len()
                    ),
                ));
            }
            if ring.first() != ring.last() {
                self.lints.push(warning(
                    &at,
                    "a ring whose first and last positions differ; closed it",
                ));
                ring.push(ring[0]);
            }
            // Shoelace: positive is counter-clockwise. Exteriors should be, holes not.
            let area2: f64 = ring
                .windows(2)
                .map(|w| w[0].lon * w[1].lat - w[1].lon * w[0].lat)
                .sum();
            if (k == 0) != (area2 > 0.0) && area2 != 0.0 {
                ring.reverse();
                self.budget.rewound += 1;
            }
            out.push(ring);
        }
        // The positions as read are not needed while the rings are checked.
        drop(rings);
        if !self.said_crossing
            && let Some(fault) = validity::check(&out)
        {
            self.said_crossing = true;
            let at = format!("{path}[{}]", fault.ring());
            let drawn = match fault {
                validity::Fault::Crowded => "drawn as its outline only, not filled",
                _ => "drawn as it is",
            };
            self.lints.push(warning(&at, format!("{fault}; {drawn}")));
        }
        Ok(out)
    }

    /// Reads a geometry from another format's reader (KML, GPX, a Shapefile) into `f`,
    /// with the same checks as GeoJSON's; `path` says where it is in the file.
    pub(super) fn add_geo(
        &mut self,
        g: &geo::Geometry<f64>,
        path: &str,
        f: &mut Shapes,
    ) -> Result<(), Lint> {
        let pos = |c: &geo::Coord<f64>| Pos {
            x: c.x,
            y: c.y,
            dims: 2,
        };
        let line = |l: &geo::LineString<f64>| l.0.iter().map(pos).collect::<Vec<_>>();
        let rings = |p: &geo::Polygon<f64>| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(line)
                .collect::<Vec<_>>()
        };
        match g {
            geo::Geometry::Point(p) => {
                let p = self.position(pos(&p.0), &|| path.to_owned())?;
                f.points.push(p);
            }
            geo::Geometry::MultiPoint(ps) => {
                for p in ps {
                    let p = self.position(pos(&p.0), &|| path.to_owned())?;
                    f.points.push(p);
                }
            }
            geo::Geometry::Line(l) => f
                .lines
                .push(self.line(&[pos(&l.start), pos(&l.end)], path)?),
            geo::Geometry::LineString(l) => f.lines.push(self.line(&line(l), path)?),
            geo::Geometry::MultiLineString(ls) => {
                for l in ls {
                    f.lines.push(self.line(&line(l), path)?);
                }
            }
            geo::Geometry::Polygon(p) => f.polygons.push(self.polygon(rings(p), path)?),
            geo::Geometry::MultiPolygon(ps) => {
                for p in ps {
                    f.polygons.push(self.polygon(rings(p), path)?);
                }
            }
            geo::Geometry::Rect(r) => f.polygons.push(self.polygon(rings(&r.to_polygon()), path)?),
            geo::Geometry::Triangle(t) => {
                f.polygons.push(self.polygon(rings(&t.to_polygon()), path)?);
            }
            geo::Geometry::GeometryCollection(gs) => {
                for g in gs {
                    self.add_geo(g, path, f)?;
                }
            }
        }
        Ok(())
    }

    /// Coordinates parsed as the type needs, the error saying how the nesting is wrong.
    fn parse<'a, T: Deserialize<'a>>(
        &mut self,
        raw: &'a str,
        path: &str,
        kind: &str,
    ) -> Result<T, Lint> {
        serde_json::from_str(raw).map_err(|e| {
            self.malformed |= !e.is_data();
            let problem = super::geojson::json_problem(&e);
            let problem = if problem.contains("expected a position")
                || problem.contains("expected a sequence")
            {
                format!("coordinates nested less deeply than a {kind}'s: {problem}")
            } else if problem.contains("invalid type: sequence, expected a number") {
                format!("coordinates nested more deeply than a {kind}'s: {problem}")
            } else {
                problem
            };
            error(path, problem)
        })
    }

    /// Warns (once per feature) of a coordinate with more decimal places than a map needs,
    /// found by scanning the coordinates' text (the parsed number has lost them).
    fn precision(&mut self, text: &str, path: &str) {
        if self.said_precision {
            return;
        }
        if let Some((index, places)) = excess_precision(text) {
            self.said_precision = true;
            let at: String = index[..index.len().saturating_sub(1)]
                .iter()
                .map(|i| format!("[{i}]"))
                .collect();
            self.lints.push(warning(
                &format!("{path}{at}"),
                format!(
                    "a coordinate with {places} decimal places; more than {MAX_DECIMALS} (about 0.1 m) is finer than any map needs and only makes the file bigger (RFC 7946 §11.2); read as it is"
                ),
            ));
        }
    }
}

/// The array indices of the first number in `text` with more than [`MAX_DECIMALS`]
/// decimal places (written without an exponent), and how many it has. Hops from decimal
/// point to decimal point; the indices are counted only for the number found.
fn excess_precision(text: &str) -> Option<(Vec<usize>, usize)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(dot) = memchr::memchr(b'.', &bytes[from..]) {
        let start = from + dot + 1;
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| start + n);
        let exponent = matches!(bytes.get(end), Some(b'e' | b'E'));
        // Trailing zeros say nothing about precision (JavaScript drops them too).
        let places = bytes[start..end]
            .iter()
            .rposition(|b| *b != b'0')
            .map_or(0, |p| p + 1);
        if places > MAX_DECIMALS && !exponent {
            return Some((indices_at(&bytes[..start]), places));
        }
        from = end;
    }
    None
}

/// The array indices open at the end of `prefix` (a number never holds a bracket or comma).
fn indices_at(prefix: &[u8]) -> Vec<usize> {
    let mut index: Vec<usize> = Vec::new();
    for b in prefix {
        match b {
            b'[' => index.push(0),
            b']' => {
                index.pop();
            }
            b',' => {
                if let Some(last) = index.last_mut() {
                    *last += 1;
                }
            }
            _ => {}
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excess_precision_is_found_with_its_position() {
        assert_eq!(
            excess_precision("[[1.5, 2.25], [3.1234567, 4]]"),
            Some((vec![1, 0], 7))
        );
        assert_eq!(excess_precision("[1.1234560000, 2]"), None);
        assert_eq!(excess_precision("[1.12345678e3, 2]"), None);
        assert_eq!(excess_precision("[10, 20.123456]"), None);
        assert_eq!(excess_precision("[10, 20.1234567]"), Some((vec![1], 7)));
        assert_eq!(
            excess_precision("[[[0, 1], [2, 3.5]], [[4, 5.12345678]]]"),
            Some((vec![1, 0, 1], 8))
        );
    }

    #[test]
    fn web_mercator_metres_become_degrees() {
        // The edge of the Web Mercator square is 20,037,508.34 m: longitude 180°.
        let (lon, lat) = Crs::WebMercator.to_lon_lat(20_037_508.342_789_244, 0.0);
        assert!(
            (lon - 180.0).abs() < 1e-9 && lat.abs() < 1e-9,
            "{lon} {lat}"
        );
        // Round trip through the forward formula, y = R ln tan(π/4 + φ/2).
        for (lon, lat) in [(69.24_f64, 41.3_f64), (-120.0, -60.0), (0.0, 85.0)] {
            let r = 6_378_137.0;
            let x = r * lon.to_radians();
            let y = r
                * (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
                    .tan()
                    .ln();
            let (back_lon, back_lat) = Crs::WebMercator.to_lon_lat(x, y);
            assert!((back_lon - lon).abs() < 1e-9 && (back_lat - lat).abs() < 1e-9);
        }
    }
}
