//! GeoJSON geometry to geo types, checking what RFC 7946 requires of positions and rings.

use geo::orient::Direction;
use geo::{Coord, LineString, MultiLineString, MultiPolygon, Orient, Point, Polygon};
use geojson::{Geometry, GeometryValue, Position};

use super::reader::Reporter;

/// Why a ring or position cannot be used.
pub(super) fn check_position(p: &Position) -> Result<Coord<f64>, String> {
    let s = p.as_slice();
    let (Some(&lon), Some(&lat)) = (s.first(), s.get(1)) else {
        return Err("a position has fewer than two numbers".into());
    };
    check_lon_lat(lon, lat)
}

/// Why a longitude and latitude cannot be used (not finite, out of range); the coordinate
/// if they can.
pub(super) fn check_lon_lat(lon: f64, lat: f64) -> Result<Coord<f64>, String> {
    if !lon.is_finite() || !lat.is_finite() {
        return Err(format!("a position is not finite: [{lon}, {lat}]"));
    }
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!(
            "latitude {lat} is beyond ±90 (are longitude and latitude swapped?)"
        ));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is beyond ±180"));
    }
    Ok(Coord { x: lon, y: lat })
}

fn ring(
    positions: &[Position],
    what: &str,
    unclosed: &mut usize,
) -> Result<LineString<f64>, String> {
    let mut coords = positions
        .iter()
        .map(check_position)
        .collect::<Result<Vec<_>, _>>()?;
    if coords.len() < 4 {
        return Err(format!(
            "{what} has {} positions; a ring needs at least 4",
            coords.len()
        ));
    }
    if coords.first() != coords.last() {
        *unclosed += 1;
        let first = coords[0];
        coords.push(first);
    }
    Ok(LineString(coords))
}

fn polygon(
    rings: &[Vec<Position>],
    index: usize,
    unclosed: &mut usize,
) -> Result<Polygon<f64>, String> {
    let Some((exterior, holes)) = rings.split_first() else {
        return Err(format!("polygon {index} has no rings"));
    };
    let exterior = ring(exterior, &format!("polygon {index}'s outer ring"), unclosed)?;
    let holes = holes
        .iter()
        .enumerate()
        .map(|(h, r)| ring(r, &format!("polygon {index}'s hole {h}"), unclosed))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Polygon::new(exterior, holes))
}

/// A Polygon or MultiPolygon geometry as an area wound the RFC 7946 way; `None` (reported)
/// if it is missing or unusable.
pub(super) fn area(
    id: &str,
    geometry: Option<&Geometry>,
    report: &mut Reporter<'_>,
) -> Option<MultiPolygon<f64>> {
    let Some(geometry) = geometry else {
        report.error(id, "no geometry");
        return None;
    };
    let mut unclosed = 0;
    let result = match &geometry.value {
        GeometryValue::Polygon { coordinates } => {
            polygon(coordinates, 0, &mut unclosed).map(|p| MultiPolygon(vec![p]))
        }
        GeometryValue::MultiPolygon { coordinates } => coordinates
            .iter()
            .enumerate()
            .map(|(i, p)| polygon(p, i, &mut unclosed))
            .collect::<Result<Vec<_>, _>>()
            .map(MultiPolygon),
        other => Err(format!(
            "geometry is a {}, expected Polygon or MultiPolygon",
            other.type_name()
        )),
    };
    match result {
        Ok(area) if area.0.is_empty() => {
            report.error(id, "geometry has no polygons");
            None
        }
        Ok(area) => {
            if unclosed > 0 {
                report.warning(id, format!("{unclosed} ring(s) not closed; closed them"));
            }
            Some(area.orient(Direction::Default))
        }
        Err(problem) => {
            report.error(id, problem);
            None
        }
    }
}

/// A LineString or MultiLineString geometry; `None` (reported) if unusable.
pub(super) fn lines(
    id: &str,
    geometry: Option<&Geometry>,
    report: &mut Reporter<'_>,
) -> Option<MultiLineString<f64>> {
    let to_line = |positions: &Vec<Position>| -> Result<LineString<f64>, String> {
        let coords = positions
            .iter()
            .map(check_position)
            .collect::<Result<Vec<_>, _>>()?;
        if coords.len() < 2 {
            return Err("a line has fewer than 2 positions".into());
        }
        Ok(LineString(coords))
    };
    let result = match geometry.map(|g| &g.value) {
        None => Err("no geometry".to_owned()),
        Some(GeometryValue::LineString { coordinates }) => {
            to_line(coordinates).map(|l| MultiLineString(vec![l]))
        }
        Some(GeometryValue::MultiLineString { coordinates }) => coordinates
            .iter()
            .map(to_line)
            .collect::<Result<Vec<_>, _>>()
            .map(MultiLineString),
        Some(other) => Err(format!(
            "geometry is a {}, expected LineString or MultiLineString",
            other.type_name()
        )),
    };
    result.map_err(|problem| report.error(id, problem)).ok()
}

/// A Point geometry; `None` (reported) if unusable.
pub(super) fn point(
    id: &str,
    geometry: Option<&Geometry>,
    report: &mut Reporter<'_>,
) -> Option<Point<f64>> {
    let result = match geometry.map(|g| &g.value) {
        None => Err("no geometry".to_owned()),
        Some(GeometryValue::Point { coordinates }) => check_position(coordinates).map(Point::from),
        Some(other) => Err(format!(
            "geometry is a {}, expected Point",
            other.type_name()
        )),
    };
    result.map_err(|problem| report.error(id, problem)).ok()
}
