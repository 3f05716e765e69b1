//! Cleaning of decoded polygons: ring closure, antimeridian split, winding, validity.

use std::fmt;

use geo::orient::Direction;
use geo::{
    BooleanOps, Coord, LineString, MakeValid, MultiLineString, MultiPolygon, Orient, Polygon, Rect,
    Translate, Validation,
};
use serde_json::{Value, json};

/// Decimal places kept in the written files: 1e-5 degrees is about a metre, well below the
/// source's quantisation step (0.0036 by 0.0017 degrees at 1:10m).
const DECIMALS: f64 = 1e5;

/// Counts of what the cleaning changed, printed at the end of a run.
#[derive(Default)]
pub struct Repairs {
    short_rings: usize,
    split_antimeridian: Vec<String>,
    made_valid: Vec<String>,
    still_invalid: Vec<String>,
}

impl fmt::Display for Repairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} degenerate rings dropped; split at the antimeridian: {:?}; repaired: {:?}; \
             still invalid: {:?}",
            self.short_rings, self.split_antimeridian, self.made_valid, self.still_invalid
        )
    }
}

/// Rounds a coordinate value to the precision kept in the files.
pub fn round(v: f64) -> f64 {
    (v * DECIMALS).round() / DECIMALS
}

/// Cleans one feature's area: snaps to the kept precision, drops rings of fewer than four
/// positions, splits rings that cross the antimeridian, winds exteriors counter-clockwise
/// (RFC 7946) and repairs what is invalid.
pub fn clean_area(name: &str, area: MultiPolygon<f64>, repairs: &mut Repairs) -> MultiPolygon<f64> {
    let started = std::time::Instant::now();
    let area = clean_area_inner(name, area, repairs);
    if started.elapsed().as_secs_f64() > 0.5 {
        eprintln!(
            "casa-prep: {name}: {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    area
}

fn clean_area_inner(
    name: &str,
    area: MultiPolygon<f64>,
    repairs: &mut Repairs,
) -> MultiPolygon<f64> {
    let mut polys = Vec::with_capacity(area.0.len());
    let mut crossed = false;
    for poly in area.0 {
        let (exterior, interiors) = poly.into_inner();
        let Some(exterior) = snap_ring(exterior, repairs) else {
            continue;
        };
        let interiors: Vec<_> = interiors
            .into_iter()
            .filter_map(|r| snap_ring(r, repairs))
            .collect();
        let poly = Polygon::new(exterior, interiors);
        if crosses_antimeridian(&poly) {
            crossed = true;
            polys.extend(split_antimeridian(&poly));
        } else {
            polys.push(poly);
        }
    }
    if crossed {
        repairs.split_antimeridian.push(name.to_owned());
    }
    let mut area = MultiPolygon(polys).orient(Direction::Default);
    let t = std::time::Instant::now();
    let valid = area.is_valid();
    if t.elapsed().as_secs_f64() > 0.5 {
        eprintln!(
            "casa-prep: {name}: validation {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    if !valid {
        match area.make_valid() {
            Ok(fixed) => {
                let fixed = snap_area(&fixed).orient(Direction::Default);
                if fixed.is_valid() {
                    repairs.made_valid.push(name.to_owned());
                    area = fixed;
                } else {
                    repairs.still_invalid.push(name.to_owned());
                }
            }
            Err(_) => repairs.still_invalid.push(name.to_owned()),
        }
    }
    canonical(area)
}

/// Puts an area in a canonical order, so the same shape always gives the same file (the
/// repair does not promise an order): each ring starts at its smallest point (by x, then
/// y), holes and polygons are sorted by that point.
fn canonical(area: MultiPolygon<f64>) -> MultiPolygon<f64> {
    fn key(ring: &LineString<f64>) -> (f64, f64) {
        ring.0.first().map_or((0.0, 0.0), |c| (c.x, c.y))
    }
    fn rotate(ring: LineString<f64>) -> LineString<f64> {
        let mut pts = ring.0;
        if pts.len() < 2 {
            return LineString(pts);
        }
        pts.pop();
        let start = (0..pts.len())
            .min_by(|&a, &b| {
                pts[a]
                    .x
                    .total_cmp(&pts[b].x)
                    .then(pts[a].y.total_cmp(&pts[b].y))
            })
            .unwrap_or(0);
        pts.rotate_left(start);
        let first = pts[0];
        pts.push(first);
        LineString(pts)
    }
    let by_key = |a: &(f64, f64), b: &(f64, f64)| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1));
    let mut polys: Vec<Polygon<f64>> = area
        .0
        .into_iter()
        .map(|p| {
            let (exterior, interiors) = p.into_inner();
            let mut holes: Vec<LineString<f64>> = interiors.into_iter().map(rotate).collect();
            holes.sort_by(|a, b| by_key(&key(a), &key(b)));
            Polygon::new(rotate(exterior), holes)
        })
        .collect();
    polys.sort_by(|a, b| by_key(&key(a.exterior()), &key(b.exterior())));
    MultiPolygon(polys)
}

fn snap_area(area: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let mut dummy = Repairs::default();
    MultiPolygon(
        area.0
            .iter()
            .filter_map(|p| {
                let ext = snap_ring(p.exterior().clone(), &mut dummy)?;
                let ints = p
                    .interiors()
                    .iter()
                    .filter_map(|r| snap_ring(r.clone(), &mut dummy))
                    .collect();
                Some(Polygon::new(ext, ints))
            })
            .collect(),
    )
}

/// Rounds, removes repeated points, closes; `None` for a ring of fewer than 4 positions.
fn snap_ring(ring: LineString<f64>, repairs: &mut Repairs) -> Option<LineString<f64>> {
    let mut coords: Vec<Coord<f64>> = ring
        .0
        .into_iter()
        .map(|c| Coord {
            x: round(c.x),
            y: round(c.y),
        })
        .collect();
    coords.dedup();
    if coords.len() > 1 && coords.first() == coords.last() {
        coords.pop();
    }
    if coords.len() < 3 {
        repairs.short_rings += 1;
        return None;
    }
    let first = coords[0];
    coords.push(first);
    Some(LineString(coords))
}

fn crosses_antimeridian(poly: &Polygon<f64>) -> bool {
    std::iter::once(poly.exterior())
        .chain(poly.interiors())
        .any(|r| r.lines().any(|l| (l.end.x - l.start.x).abs() > 180.0))
}

/// Unwraps the rings so they run on past 180°, then cuts the result at 180° and moves the
/// eastern part back by 360°.
fn split_antimeridian(poly: &Polygon<f64>) -> Vec<Polygon<f64>> {
    let unwrap = |ring: &LineString<f64>| {
        let mut offset = 0.0;
        let mut prev: Option<f64> = None;
        let coords = ring
            .0
            .iter()
            .map(|c| {
                if let Some(p) = prev {
                    if c.x - p > 180.0 {
                        offset -= 360.0;
                    } else if c.x - p < -180.0 {
                        offset += 360.0;
                    }
                }
                prev = Some(c.x);
                Coord {
                    x: c.x + offset,
                    y: c.y,
                }
            })
            .collect();
        LineString(coords)
    };
    let unwrapped = Polygon::new(
        unwrap(poly.exterior()),
        poly.interiors().iter().map(unwrap).collect(),
    );
    // The unwrapped ring may run past either +180° or -180°, depending on where it starts.
    let boxes = [
        (-540.0, -180.0, 360.0),
        (-180.0, 180.0, 0.0),
        (180.0, 540.0, -360.0),
    ];
    let mut out = Vec::new();
    for (west, east, shift) in boxes {
        let rect = Rect::new(Coord { x: west, y: -90.0 }, Coord { x: east, y: 90.0 });
        let part = unwrapped.intersection(&rect.to_polygon());
        out.extend(part.translate(shift, 0.0).0);
    }
    out
}

/// Whether two rectangles overlap.
pub fn rect_intersects(a: &Rect<f64>, b: &Rect<f64>) -> bool {
    a.min().x <= b.max().x
        && b.min().x <= a.max().x
        && a.min().y <= b.max().y
        && b.min().y <= a.max().y
}

/// The part of an area inside a rectangle.
pub fn clip_area(area: &MultiPolygon<f64>, rect: &Rect<f64>) -> MultiPolygon<f64> {
    let inside = |c: &Coord<f64>| {
        c.x >= rect.min().x && c.x <= rect.max().x && c.y >= rect.min().y && c.y <= rect.max().y
    };
    if area.0.iter().all(|p| p.exterior().0.iter().all(inside)) {
        return area.clone();
    }
    snap_area(&area.intersection(&rect.to_polygon())).orient(Direction::Default)
}

/// The parts of lines inside a rectangle.
pub fn clip_lines(lines: &MultiLineString<f64>, rect: &Rect<f64>) -> MultiLineString<f64> {
    rect.to_polygon().clip(lines, false)
}

/// An area as a GeoJSON geometry object.
pub fn area_json(area: &MultiPolygon<f64>) -> Value {
    let ring = |r: &LineString<f64>| -> Vec<[f64; 2]> { r.0.iter().map(|c| [c.x, c.y]).collect() };
    let polys: Vec<Vec<Vec<[f64; 2]>>> = area
        .0
        .iter()
        .map(|p| {
            std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(ring)
                .collect()
        })
        .collect();
    json!({ "type": "MultiPolygon", "coordinates": polys })
}

/// Lines as a GeoJSON geometry object.
pub fn lines_json(lines: &MultiLineString<f64>) -> Value {
    let lines: Vec<Vec<[f64; 2]>> = lines
        .0
        .iter()
        .map(|l| l.0.iter().map(|c| [round(c.x), round(c.y)]).collect())
        .collect();
    json!({ "type": "MultiLineString", "coordinates": lines })
}
