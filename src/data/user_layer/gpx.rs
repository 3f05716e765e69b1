//! GPX layers (a GPS device, a phone's track), read by the `gpx` crate: waypoints are
//! points, routes lines and tracks lines (one per segment); their name, description,
//! comment, type, elevation and time are properties.

use std::io::Cursor;

use super::foreign::{ForeignFeature, layer_of};
use super::shapes::Crs;
use super::{LayerError, Progress, UserLayer, refused};

/// Reads GPX bytes as a layer.
pub(super) fn parse_gpx(
    name: &str,
    file: &str,
    bytes: &[u8],
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let gpx = gpx::read(Cursor::new(bytes)).map_err(|e| refused(file, format!("not GPX: {e}")))?;
    let mut items = Vec::new();
    for (k, w) in gpx.waypoints.iter().enumerate() {
        let mut properties = texts(&[
            ("name", &w.name),
            ("description", &w.description),
            ("comment", &w.comment),
            ("type", &w.type_),
        ]);
        if let Some(e) = w.elevation {
            properties.insert("elevation_m".into(), e.into());
        }
        if let Some(t) = w.time.and_then(|t| t.format().ok()) {
            // RFC 3339, without the nanoseconds a device never gives.
            let t = t.replace(".000000000Z", "Z");
            properties.insert("time".into(), t.into());
        }
        items.push(ForeignFeature {
            label: w.name.clone(),
            properties,
            geometry: Some(geo::Geometry::Point(w.point())),
            unread: None,
            place: format!("wpt {}", k + 1),
        });
    }
    for (k, r) in gpx.routes.iter().enumerate() {
        items.push(ForeignFeature {
            label: r.name.clone(),
            properties: texts(&[
                ("name", &r.name),
                ("description", &r.description),
                ("comment", &r.comment),
                ("type", &r.type_),
            ]),
            geometry: Some(geo::Geometry::LineString(r.linestring())),
            unread: None,
            place: format!("rte {}", k + 1),
        });
    }
    for (k, t) in gpx.tracks.iter().enumerate() {
        // A track's segments are lines; one of fewer than two points (a device's false
        // start, a pause) draws nothing and is dropped.
        let mut lines = t.multilinestring();
        lines.0.retain(|l| l.0.len() >= 2);
        items.push(ForeignFeature {
            label: t.name.clone(),
            properties: texts(&[
                ("name", &t.name),
                ("description", &t.description),
                ("comment", &t.comment),
                ("type", &t.type_),
            ]),
            geometry: (!lines.0.is_empty()).then_some(geo::Geometry::MultiLineString(lines)),
            unread: None,
            place: format!("trk {}", k + 1),
        });
    }
    layer_of(name, file, items, Crs::LonLat, Vec::new(), progress)
}

/// The texts that are given, as properties.
fn texts(fields: &[(&str, &Option<String>)]) -> serde_json::Map<String, serde_json::Value> {
    fields
        .iter()
        .filter_map(|(k, v)| {
            let v = v.as_ref()?.trim();
            (!v.is_empty()).then(|| ((*k).to_owned(), serde_json::Value::String(v.to_owned())))
        })
        .collect()
}
