//! The atlas as RFC 7946 GeoJSON: one FeatureCollection, each feature with a `layer`
//! property, its fields flat and named for people, its sources and corrections as arrays.

use geo::Geometry;
use serde_json::{Map, Value as Json, json};

use super::records::{
    CORRECTION_FIELDS, FEATURE_FIELDS, Field, Records, SOURCE_FIELDS, Value, round6, simplest,
};

/// A value as JSON.
fn value(v: &Value) -> Json {
    match v {
        Value::Text(s) => Json::String(s.clone()),
        Value::Real(x) => json!(x),
        Value::Integer(n) => json!(n),
        Value::Bool(b) => Json::Bool(*b),
        Value::Null => Json::Null,
    }
}

/// A row as a JSON object, leaving out `skip`'s fields.
pub(super) fn object(fields: &[Field], row: &[Value], skip: &[&str]) -> Map<String, Json> {
    fields
        .iter()
        .zip(row)
        .filter(|((name, _), _)| !skip.contains(name))
        .map(|((name, _), v)| ((*name).to_owned(), value(v)))
        .collect()
}

/// A position, to seven decimals.
fn position(c: geo::Coord<f64>) -> Json {
    json!([round6(c.x), round6(c.y)])
}

/// A line or ring.
fn line(l: &geo::LineString<f64>) -> Json {
    Json::Array(l.0.iter().map(|c| position(*c)).collect())
}

/// A polygon's rings.
fn polygon(p: &geo::Polygon<f64>) -> Json {
    Json::Array(
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(line)
            .collect(),
    )
}

/// A geometry as a GeoJSON geometry object.
pub(super) fn geometry(g: &Geometry<f64>) -> Json {
    let (kind, coordinates) = match g {
        Geometry::Point(p) => ("Point", position(p.0)),
        Geometry::MultiPoint(mp) => (
            "MultiPoint",
            Json::Array(mp.0.iter().map(|p| position(p.0)).collect()),
        ),
        Geometry::LineString(l) => ("LineString", line(l)),
        Geometry::MultiLineString(ml) => (
            "MultiLineString",
            Json::Array(ml.0.iter().map(line).collect()),
        ),
        Geometry::Polygon(p) => ("Polygon", polygon(p)),
        Geometry::MultiPolygon(mp) => (
            "MultiPolygon",
            Json::Array(mp.0.iter().map(polygon).collect()),
        ),
        _ => return Json::Null,
    };
    json!({ "type": kind, "coordinates": coordinates })
}

/// The collection's bytes.
pub(super) fn write(records: &Records) -> Vec<u8> {
    let subject = ["subject_table", "subject_id"];
    let features: Vec<Json> = records
        .features
        .iter()
        .map(|f| {
            let mut properties = object(&FEATURE_FIELDS, &f.values, &[]);
            properties.insert(
                "sources".into(),
                Json::Array(
                    f.sources
                        .iter()
                        .map(|s| Json::Object(object(&SOURCE_FIELDS, s, &subject)))
                        .collect(),
                ),
            );
            properties.insert(
                "corrections".into(),
                Json::Array(
                    f.corrections
                        .iter()
                        .map(|c| Json::Object(object(&CORRECTION_FIELDS, c, &subject)))
                        .collect(),
                ),
            );
            json!({
                "type": "Feature",
                "id": f.get("id").display(),
                "geometry": geometry(&simplest(&f.geometry)),
                "properties": properties,
            })
        })
        .collect();
    let collection = json!({
        "type": "FeatureCollection",
        "name": "CASA atlas",
        "casa": {
            "exported": records.scope,
            "notice": "Central Asia Security Atlas. Every feature carries its sources: verbatim quotes of the articles and named references. Borders: Natural Earth (public domain).",
        },
        "features": features,
    });
    let mut out = serde_json::to_vec_pretty(&collection).unwrap_or_default();
    out.push(b'\n');
    out
}
