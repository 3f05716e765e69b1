//! A GeoJSON file an analyst brings, shown as an extra layer (`casa export --layer FILE`).
//!
//! Accepts a FeatureCollection, a single Feature or a bare Geometry; every feature with a
//! usable geometry is kept, the others are listed with their index (or id) and the reason.

use std::path::Path;

use geojson::{GeoJson, Geometry, GeometryValue};

use super::geometry::check_position;
use super::{LoadIssue, Severity};
use crate::projection::LonLat;

/// The largest file read as a layer (bytes); larger files are refused with this number.
pub const MAX_LAYER_BYTES: u64 = 256 * 1024 * 1024;

/// One feature of a user layer, in longitude/latitude.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserFeature {
    /// Its id or name, else "feature N".
    pub label: String,
    /// Points.
    pub points: Vec<LonLat>,
    /// Lines.
    pub lines: Vec<Vec<LonLat>>,
    /// Polygons, each as rings (exterior first).
    pub polygons: Vec<Vec<Vec<LonLat>>>,
    /// Its properties, as in the file.
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// A user's layer: its name (from the file name), its features, and what was skipped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserLayer {
    /// Shown in the legend.
    pub name: String,
    /// The usable features.
    pub features: Vec<UserFeature>,
    /// Features that could not be used, and why.
    pub skipped: Vec<LoadIssue>,
}

/// Reads a GeoJSON file (read-only) as a layer named after the file. The error names the
/// file and why nothing in it could be used.
pub fn load_layer(path: &Path) -> Result<UserLayer, String> {
    let file = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{file}: cannot read: {e}"))?
        .len();
    if size > MAX_LAYER_BYTES {
        return Err(format!(
            "{file}: {size} bytes is over the limit of {MAX_LAYER_BYTES} bytes for a layer"
        ));
    }
    let text = super::source::read_text(path)?;
    let name = path
        .file_stem()
        .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
    parse_layer(&name, &file, &text)
}

/// Parses GeoJSON text as a layer; `file` names it in messages.
pub fn parse_layer(name: &str, file: &str, text: &str) -> Result<UserLayer, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(format!("{file}: the file is empty"));
    }
    // Syntax first, so a broken file is told apart from valid JSON that is not GeoJSON.
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| {
        format!(
            "{file}: not valid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let geojson: GeoJson =
        serde_json::from_str(text).map_err(|e| format!("{file}: not GeoJSON: {e}"))?;
    let mut layer = UserLayer {
        name: name.to_owned(),
        ..UserLayer::default()
    };
    let features: Vec<(Option<String>, Option<Geometry>, serde_json::Map<_, _>)> = match geojson {
        GeoJson::FeatureCollection(fc) => fc
            .features
            .into_iter()
            .map(|f| {
                let id = f.id.as_ref().map(|id| match id {
                    geojson::feature::Id::String(s) => s.clone(),
                    geojson::feature::Id::Number(n) => n.to_string(),
                });
                (id, f.geometry, f.properties.unwrap_or_default())
            })
            .collect(),
        GeoJson::Feature(f) => vec![(None, f.geometry, f.properties.unwrap_or_default())],
        GeoJson::Geometry(g) => vec![(None, Some(g), serde_json::Map::new())],
    };
    for (index, (id, geometry, properties)) in features.into_iter().enumerate() {
        let name = properties
            .get("name")
            .and_then(|n| n.as_str())
            .map(str::to_owned);
        let label = id
            .clone()
            .or(name)
            .unwrap_or_else(|| format!("feature {}", index + 1));
        let mut feature = UserFeature {
            label: label.clone(),
            properties,
            ..UserFeature::default()
        };
        let outcome = match &geometry {
            None => Err("no geometry".to_owned()),
            Some(g) => add_geometry(g, &mut feature),
        };
        match outcome {
            Ok(()) => layer.features.push(feature),
            Err(problem) => layer.skipped.push(LoadIssue {
                file: file.to_owned(),
                feature: Some(match id {
                    Some(id) => format!("feature {} ({id})", index + 1),
                    None => format!("feature {}", index + 1),
                }),
                problem,
                severity: Severity::Error,
            }),
        }
    }
    if layer.features.is_empty() {
        let why = layer
            .skipped
            .first()
            .map_or_else(|| "it has no features".to_owned(), ToString::to_string);
        return Err(format!("{file}: nothing to show: {why}"));
    }
    Ok(layer)
}

fn positions(ps: &[geojson::Position]) -> Result<Vec<LonLat>, String> {
    ps.iter()
        .map(|p| check_position(p).map(|c| LonLat::new(c.x, c.y)))
        .collect()
}

fn rings(rs: &[Vec<geojson::Position>]) -> Result<Vec<Vec<LonLat>>, String> {
    if rs.is_empty() {
        return Err("a polygon with no rings".into());
    }
    rs.iter()
        .map(|r| {
            let ring = positions(r)?;
            if ring.len() < 4 {
                return Err(format!(
                    "a ring has {} positions; a ring needs at least 4",
                    ring.len()
                ));
            }
            Ok(ring)
        })
        .collect()
}

fn add_geometry(g: &Geometry, f: &mut UserFeature) -> Result<(), String> {
    match &g.value {
        GeometryValue::Point { coordinates } => {
            f.points
                .extend(positions(std::slice::from_ref(coordinates))?);
        }
        GeometryValue::MultiPoint { coordinates } => f.points.extend(positions(coordinates)?),
        GeometryValue::LineString { coordinates } => {
            if coordinates.len() < 2 {
                return Err("a line has fewer than 2 positions".into());
            }
            f.lines.push(positions(coordinates)?);
        }
        GeometryValue::MultiLineString { coordinates } => {
            for line in coordinates {
                if line.len() < 2 {
                    return Err("a line has fewer than 2 positions".into());
                }
                f.lines.push(positions(line)?);
            }
        }
        GeometryValue::Polygon { coordinates } => f.polygons.push(rings(coordinates)?),
        GeometryValue::MultiPolygon { coordinates } => {
            for p in coordinates {
                f.polygons.push(rings(p)?);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                add_geometry(g, f)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_features_load_and_bad_ones_are_listed_by_index_and_id() {
        let text = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": "a", "properties": {"name": "Depot"},
             "geometry": {"type": "Point", "coordinates": [69.2, 41.3]}},
            {"type": "Feature", "id": "b", "properties": null,
             "geometry": {"type": "Point", "coordinates": [41.3, 169.2]}},
            {"type": "Feature", "properties": {},
             "geometry": {"type": "Polygon", "coordinates": [[[60, 40], [61, 40], [60, 40]]]}}
        ]}"#;
        let layer = parse_layer("depots", "depots.geojson", text).expect("one good feature");
        assert_eq!(layer.features.len(), 1);
        assert_eq!(layer.features[0].label, "a");
        let messages: Vec<String> = layer.skipped.iter().map(ToString::to_string).collect();
        assert!(messages[0].starts_with("depots.geojson: feature 2 (b): latitude 169.2"));
        assert!(
            messages[1].contains("feature 3: a ring has 3 positions"),
            "{messages:?}"
        );
    }

    #[test]
    fn unusable_files_say_why() {
        let err = parse_layer("x", "x.geojson", "{\"type\": \"Feature\",").expect_err("bad");
        assert!(
            err.starts_with("x.geojson: not valid JSON at line 1"),
            "{err}"
        );
        let err = parse_layer("x", "x.geojson", "{\"hello\": 1}").expect_err("not geojson");
        assert!(err.starts_with("x.geojson: not GeoJSON"), "{err}");
        let err = parse_layer("x", "x.geojson", "  ").expect_err("empty");
        assert_eq!(err, "x.geojson: the file is empty");
    }
}
