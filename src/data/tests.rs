//! The loader on small, deliberately broken files.

use super::*;
use crate::model::Country;

fn load_countries(text: &str) -> (Vec<Country>, Vec<LoadIssue>) {
    countries_from_text("test.geojson", text)
}

fn square(lon: f64, lat: f64) -> String {
    format!(
        "[[[{lon},{lat}],[{},{lat}],[{},{}],[{lon},{}],[{lon},{lat}]]]",
        lon + 1.0,
        lon + 1.0,
        lat + 1.0,
        lat + 1.0
    )
}

fn feature(id: &str, name: &str, role: &str, coords: &str) -> String {
    format!(
        r#"{{"type":"Feature","id":"{id}","properties":{{"name":"{name}","role":"{role}"}},"geometry":{{"type":"Polygon","coordinates":{coords}}}}}"#
    )
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

#[test]
fn good_features_load_beside_bad_ones() {
    let text = collection(&[
        feature("AAA", "Good", "focus", &square(60.0, 40.0)),
        feature("BBB", "", "focus", &square(61.0, 40.0)),
        feature("CCC", "Swapped", "focus", &square(40.0, 95.0)),
        feature("AAA", "Again", "focus", &square(62.0, 40.0)),
        feature("DDD", "Odd role", "capital", &square(63.0, 40.0)),
        feature("EEE", "Short", "focus", "[[[60,40],[61,40],[60,40]]]"),
    ]);
    let (countries, issues) = load_countries(&text);
    assert_eq!(countries.len(), 1);
    assert_eq!(countries[0].name, "Good");
    let lines: Vec<String> = issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "test.geojson: BBB: empty or missing \"name\"",
            "test.geojson: CCC: latitude 95 is beyond ±90 (are longitude and latitude swapped?)",
            "test.geojson: AAA: duplicate id; only the first feature with it is kept",
            "test.geojson: DDD: unknown role \"capital\" (expected focus, neighbour, context, leased or disputed)",
            "test.geojson: EEE: polygon 0's outer ring has 3 positions; a ring needs at least 4",
        ]
    );
    assert!(issues.iter().all(|i| i.severity == Severity::Error));
}

#[test]
fn invalid_json_names_line_and_column() {
    let (countries, issues) =
        load_countries("{\"type\": \"FeatureCollection\",\n \"features\": [,]}");
    assert!(countries.is_empty());
    assert_eq!(issues.len(), 1);
    assert!(
        issues[0]
            .to_string()
            .starts_with("test.geojson: invalid JSON at line 2, column 15"),
        "{}",
        issues[0]
    );
}

#[test]
fn not_a_feature_collection_and_empty_files_are_refused() {
    let (_, issues) = load_countries(r#"{"type":"Point","coordinates":[1,2]}"#);
    assert_eq!(
        issues[0].problem,
        "expected a FeatureCollection, found \"Point\""
    );
    let (_, issues) = load_countries("  \n");
    assert_eq!(issues[0].problem, "the file is empty");
    let (_, issues) = load_countries(r#"{"features":[]}"#);
    assert_eq!(
        issues[0].problem,
        "not GeoJSON: no \"type\" member at the top"
    );
}

#[test]
fn non_numeric_and_non_finite_positions_are_refused() {
    let text = collection(&[feature(
        "AAA",
        "Text",
        "focus",
        r#"[[["a",1],[2,1],[2,2],["a",1]]]"#,
    )]);
    let (countries, issues) = load_countries(&text);
    assert!(countries.is_empty());
    assert!(
        issues[0].problem.starts_with("not valid GeoJSON"),
        "{}",
        issues[0]
    );
}

#[test]
fn a_missing_id_is_named_by_index() {
    let text = collection(&[
        feature("AAA", "Good", "focus", &square(60.0, 40.0)),
        r#"{"type":"Feature","properties":{"name":"Nameless"},"geometry":null}"#.to_owned(),
    ]);
    let (countries, issues) = load_countries(&text);
    assert_eq!(countries.len(), 1);
    assert_eq!(
        issues[0].to_string(),
        "test.geojson: feature #1: no \"id\"; every feature needs a stable id"
    );
}

#[test]
fn unclosed_rings_are_closed_and_clockwise_exteriors_rewound() {
    use geo::Winding;
    // Clockwise and not closed.
    let coords = "[[[60,40],[60,41],[61,41],[61,40]]]";
    let text = collection(&[feature("AAA", "Open", "focus", coords)]);
    let (countries, issues) = load_countries(&text);
    assert_eq!(countries.len(), 1);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].severity, Severity::Warning);
    assert_eq!(issues[0].problem, "1 ring(s) not closed; closed them");
    let exterior = countries[0].geometry.0[0].exterior();
    assert!(exterior.is_closed());
    assert!(exterior.is_ccw());
}

#[test]
fn a_missing_folder_is_reported_per_file_and_the_atlas_is_empty() {
    let source = AssetSource::Dir("/nonexistent/casa-assets".into());
    let loaded = load_atlas(&source);
    assert!(loaded.atlas.countries.is_empty());
    assert_eq!(loaded.issues.len(), 7);
    assert!(
        loaded.issues[0]
            .problem
            .contains("cannot read /nonexistent/casa-assets/countries.geojson")
    );
}

#[test]
fn a_note_needs_its_source() {
    let sourced = format!(
        r#"{{"type":"Feature","id":"AAA","properties":{{"name":"A","role":"leased","note":"Leased.","source":"Treaty of 1994."}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
        square(60.0, 40.0)
    );
    let unsourced = format!(
        r#"{{"type":"Feature","id":"BBB","properties":{{"name":"B","note":"Leased."}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
        square(62.0, 40.0)
    );
    let (countries, issues) = load_countries(&collection(&[sourced, unsourced]));
    assert_eq!(countries.len(), 2);
    assert_eq!(
        countries[0]
            .note
            .as_ref()
            .map(|n| (n.text.as_str(), n.source.as_str())),
        Some(("Leased.", "Treaty of 1994."))
    );
    assert_eq!(countries[1].note, None);
    assert_eq!(
        issues[0].to_string(),
        "test.geojson: BBB: \"note\" without a \"source\"; the note is not shown"
    );
}
