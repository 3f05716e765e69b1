//! A small TopoJSON decoder: quantised, delta-encoded arcs into geo polygons.
//!
//! Written here rather than taken from the `topojson` crate because that crate repeats the
//! junction point where two arcs meet and can emit rings of fewer than four points; this
//! decoder drops the shared point and leaves ring closure to the caller.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use serde_json::Value;

/// One decoded object of a TopoJSON `GeometryCollection`.
pub struct TopoFeature {
    /// The `id` member, if any (ISO 3166-1 numeric in world-atlas).
    pub id: Option<String>,
    /// The `properties` member, or an empty object.
    pub properties: serde_json::Map<String, Value>,
    /// The decoded geometry.
    pub geometry: TopoGeometry,
}

/// The geometry of a decoded object.
pub enum TopoGeometry {
    /// Polygons, in the source's winding order (not yet rewound).
    Area(MultiPolygon<f64>),
    /// Lines.
    Lines(MultiLineString<f64>),
    /// Anything else (points, null): ignored by the converter.
    Other,
}

/// A parsed TopoJSON topology with its arcs decoded to longitude/latitude.
pub struct Topology {
    arcs: Vec<Vec<Coord<f64>>>,
    root: Value,
}

impl Topology {
    /// Parses a topology and decodes its arcs.
    pub fn parse(text: &str) -> Result<Self, String> {
        let root: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
        let (scale, translate) = match root.get("transform") {
            Some(t) => (pair(t.get("scale"))?, pair(t.get("translate"))?),
            None => ([1.0, 1.0], [0.0, 0.0]),
        };
        let quantised = root.get("transform").is_some();
        let raw = root
            .get("arcs")
            .and_then(Value::as_array)
            .ok_or("no arcs array")?;
        let mut arcs = Vec::with_capacity(raw.len());
        for arc in raw {
            let positions = arc.as_array().ok_or("an arc is not an array")?;
            let (mut x, mut y) = (0.0, 0.0);
            let mut coords = Vec::with_capacity(positions.len());
            for p in positions {
                let [dx, dy] = pair(Some(p))?;
                if quantised {
                    x += dx;
                    y += dy;
                } else {
                    (x, y) = (dx, dy);
                }
                coords.push(Coord {
                    x: x * scale[0] + translate[0],
                    y: y * scale[1] + translate[1],
                });
            }
            arcs.push(coords);
        }
        Ok(Self { arcs, root })
    }

    /// Decodes every geometry of the named object.
    pub fn features(&self, object: &str) -> Result<Vec<TopoFeature>, String> {
        let obj = self
            .root
            .get("objects")
            .and_then(|o| o.get(object))
            .ok_or_else(|| format!("no object {object:?}"))?;
        let members: Vec<&Value> = match obj.get("geometries").and_then(Value::as_array) {
            Some(list) => list.iter().collect(),
            None => vec![obj],
        };
        members.into_iter().map(|g| self.feature(g)).collect()
    }

    fn feature(&self, g: &Value) -> Result<TopoFeature, String> {
        let id = g.get("id").map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let properties = g
            .get("properties")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let kind = g.get("type").and_then(Value::as_str).unwrap_or("");
        let arcs = g.get("arcs");
        let geometry = match kind {
            "Polygon" => TopoGeometry::Area(MultiPolygon(vec![self.polygon(arcs)?])),
            "MultiPolygon" => {
                let list = arcs.and_then(Value::as_array).ok_or("polygon list")?;
                let polys = list
                    .iter()
                    .map(|p| self.polygon(Some(p)))
                    .collect::<Result<_, _>>()?;
                TopoGeometry::Area(MultiPolygon(polys))
            }
            "LineString" => {
                TopoGeometry::Lines(MultiLineString(vec![LineString(self.line(arcs)?)]))
            }
            "MultiLineString" => {
                let list = arcs.and_then(Value::as_array).ok_or("line list")?;
                let lines = list
                    .iter()
                    .map(|l| self.line(Some(l)).map(LineString))
                    .collect::<Result<_, _>>()?;
                TopoGeometry::Lines(MultiLineString(lines))
            }
            _ => TopoGeometry::Other,
        };
        Ok(TopoFeature {
            id,
            properties,
            geometry,
        })
    }

    fn polygon(&self, rings: Option<&Value>) -> Result<Polygon<f64>, String> {
        let rings = rings.and_then(Value::as_array).ok_or("ring list")?;
        let mut decoded: Vec<LineString<f64>> = Vec::with_capacity(rings.len());
        for ring in rings {
            let mut coords = self.line(Some(ring))?;
            if coords.first() != coords.last()
                && let Some(&first) = coords.first()
            {
                coords.push(first);
            }
            decoded.push(LineString(coords));
        }
        let mut iter = decoded.into_iter();
        let exterior = iter.next().ok_or("polygon without rings")?;
        Ok(Polygon::new(exterior, iter.collect()))
    }

    /// Stitches arcs into one coordinate list, dropping the point each arc shares with the
    /// previous one.
    fn line(&self, indices: Option<&Value>) -> Result<Vec<Coord<f64>>, String> {
        let indices = indices.and_then(Value::as_array).ok_or("arc index list")?;
        let mut coords: Vec<Coord<f64>> = Vec::new();
        for index in indices {
            let i = index.as_i64().ok_or("arc index is not an integer")?;
            let (arc, reversed) = if i >= 0 {
                (usize::try_from(i).map_err(|e| e.to_string())?, false)
            } else {
                (usize::try_from(!i).map_err(|e| e.to_string())?, true)
            };
            let arc = self.arcs.get(arc).ok_or("arc index out of range")?;
            let skip = usize::from(!coords.is_empty());
            if reversed {
                coords.extend(arc.iter().rev().skip(skip));
            } else {
                coords.extend(arc.iter().skip(skip));
            }
        }
        // Quantisation can leave consecutive duplicates; they add nothing.
        coords.dedup();
        Ok(coords)
    }
}

fn pair(v: Option<&Value>) -> Result<[f64; 2], String> {
    let a = v.and_then(Value::as_array).ok_or("expected a pair")?;
    match (
        a.first().and_then(Value::as_f64),
        a.get(1).and_then(Value::as_f64),
    ) {
        (Some(x), Some(y)) => Ok([x, y]),
        _ => Err("expected a pair of numbers".into()),
    }
}
