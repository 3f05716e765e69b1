//! RFC 7946 lint parity: one fixture per problem geojsonhint (and RFC 7946 itself) knows,
//! in `tests/fixtures/layers/lint/`, each reported with its JSON path and what was done —
//! the file still drawn where it can be — through the same loader as the app, `casa check
//! --layer` and `casa export --layer`. Then the command line: one line per kind of problem,
//! `--verbose`, `--strict`, and a layer with nothing to draw.

use std::path::{Path, PathBuf};
use std::process::Command;

use casa::data::Severity;
use casa::data::user_layer::load_layer;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers/lint")
        .join(name)
}

/// (file, severity, JSON path, what the message says, features drawn).
type Case = (&'static str, Severity, &'static str, &'static str, usize);

const WARN: Severity = Severity::Warning;
const ERROR: Severity = Severity::Error;
const NOTE: Severity = Severity::Notice;

const CASES: &[Case] = &[
    (
        "id-object",
        WARN,
        "features[0].id",
        "the id is an object; RFC 7946 allows a string or a number; ignored",
        1,
    ),
    (
        "bbox-length",
        WARN,
        "bbox",
        "bbox has 3 numbers; RFC 7946 wants 4 (2D) or 6 (3D); ignored",
        1,
    ),
    (
        "bbox-string",
        WARN,
        "features[0].bbox",
        "bbox is a string, not an array of numbers; ignored",
        1,
    ),
    (
        "bbox-contains-string",
        WARN,
        "features[0].bbox",
        "bbox holds a string where a number is expected; ignored",
        1,
    ),
    (
        "position-4-values",
        WARN,
        "features[0].geometry.coordinates",
        "a position of 4 numbers; RFC 7946 allows at most 3",
        1,
    ),
    (
        "mixed-dimensions",
        WARN,
        "features[0].geometry.coordinates[1]",
        "positions of 2 and of 3 numbers in one feature (mixed dimensions); read as they are",
        1,
    ),
    (
        "nested-collection",
        WARN,
        "features[0].geometry.geometries[1]",
        "a GeometryCollection inside a GeometryCollection (RFC 7946 §3.1.8: avoid nesting them); read as it is",
        1,
    ),
    (
        "single-collection",
        WARN,
        "features[0].geometry.geometries",
        "a GeometryCollection of one Point (RFC 7946 §3.1.8: use the geometry itself)",
        1,
    ),
    (
        "collection-one-type",
        WARN,
        "features[0].geometry.geometries",
        "a GeometryCollection of 2 Points (RFC 7946 §3.1.8: use a MultiPoint)",
        1,
    ),
    (
        "geometry-foreign-members",
        WARN,
        "features[0].geometry.geometry",
        "a geometry with a \"geometry\" member, which RFC 7946 (§7.1) forbids there; ignored",
        1,
    ),
    (
        "feature-foreign-members",
        WARN,
        "features[0].coordinates",
        "a Feature with a \"coordinates\" member, which RFC 7946 (§7.1) forbids there; ignored",
        1,
    ),
    (
        "collection-foreign-members",
        WARN,
        "coordinates",
        "a FeatureCollection with a \"coordinates\" member",
        1,
    ),
    (
        "precision",
        WARN,
        "features[0].geometry.coordinates",
        "a coordinate with 10 decimal places; more than 6 (about 0.1 m)",
        1,
    ),
    (
        "type-case",
        WARN,
        "features[0].geometry.type",
        "type \"point\" read as \"Point\" (GeoJSON types are case-sensitive)",
        1,
    ),
    (
        "duplicate-members",
        WARN,
        "features[0].geometry",
        "the member \"type\" is given 2 times; the last is used",
        1,
    ),
    (
        "no-properties",
        WARN,
        "features[0]",
        "no \"properties\" member (RFC 7946 requires one, null if there are none); read as none",
        1,
    ),
    (
        "properties-array",
        WARN,
        "features[0].properties",
        "properties are an array; RFC 7946 wants an object or null; ignored",
        1,
    ),
    (
        "unclosed-ring",
        WARN,
        "features[0].geometry.coordinates[0]",
        "a ring whose first and last positions differ; closed it",
        1,
    ),
    (
        "rings-cross",
        WARN,
        "features[0].geometry.coordinates[1]",
        "rings 0 and 1 of a polygon cross at 70.0000°E 41.8000°N; drawn as it is",
        1,
    ),
    (
        "hole-outside",
        WARN,
        "features[0].geometry.coordinates[1]",
        "a polygon's hole lies outside its exterior ring; drawn as it is",
        1,
    ),
    (
        "spike",
        WARN,
        "features[0].geometry.coordinates[0]",
        "at 70.0000°E 42.0000°N; drawn as it is",
        1,
    ),
    (
        "no-geometry-member",
        WARN,
        "features[0]",
        "no \"geometry\" member (RFC 7946 requires one, null for a feature without a place); not drawn",
        0,
    ),
    (
        "only-null-geometry",
        NOTE,
        "features[0].geometry",
        "no geometry (null): a feature without a place, not drawn",
        0,
    ),
    (
        "feature-type-wrong",
        ERROR,
        "features[0].type",
        "type \"Featre\" where a Feature was expected",
        1,
    ),
    (
        "short-ring",
        ERROR,
        "features[0].geometry.coordinates[0]",
        "a ring of 3 positions; a ring needs at least 4",
        1,
    ),
    (
        "short-line",
        ERROR,
        "features[0].geometry.coordinates",
        "a line of 1 position(s); a line needs at least 2",
        1,
    ),
    (
        "position-too-few",
        ERROR,
        "features[0].geometry.coordinates",
        "a position has fewer than two numbers",
        1,
    ),
    (
        "no-coordinates",
        ERROR,
        "features[0].geometry",
        "a Point without \"coordinates\"",
        1,
    ),
    (
        "nested-too-shallow",
        ERROR,
        "features[0].geometry.coordinates",
        "coordinates nested less deeply than a Polygon's",
        1,
    ),
];

#[test]
fn every_modelled_problem_is_reported_with_its_path_and_what_was_done() {
    for (name, severity, path, problem, drawn) in CASES {
        let file = format!("{name}.geojson");
        let layer = load_layer(&fixture(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(layer.features.len(), *drawn, "{file}");
        let found = layer.skipped.iter().find(|i| i.problem.contains(problem));
        let issue =
            found.unwrap_or_else(|| panic!("{file}: no {problem:?} in {:#?}", layer.skipped));
        assert_eq!(issue.severity, *severity, "{file}");
        assert_eq!(issue.path.as_deref(), Some(*path), "{file}");
        // The message says one thing was done: never both drawn and skipped.
        let said = issue.problem.contains("drawn as it is") as u8
            + issue.problem.contains("skipped") as u8;
        assert!(said <= 1, "{file}: {}", issue.problem);
    }
    // Every fixture in the folder is a modelled case (or one of the files below).
    let others = [
        "clockwise",
        "crs-crs84",
        "crs-3857",
        "crs-utm",
        "projected-no-crs",
        "features-not-array",
    ];
    for entry in std::fs::read_dir(fixture("")).expect("the lint fixtures") {
        let name = entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .replace(".geojson", "");
        assert!(
            CASES.iter().any(|c| c.0 == name) || others.contains(&name.as_str()),
            "{name} has no expected message"
        );
    }
}

#[test]
fn the_right_hand_rule_and_a_legacy_crs_are_notes_and_web_mercator_is_reprojected() {
    let layer = load_layer(&fixture("clockwise.geojson")).expect("loads");
    assert_eq!(
        layer.notes,
        ["1 ring(s) wound clockwise, against RFC 7946's right-hand rule: rewound"]
    );
    let layer = load_layer(&fixture("crs-crs84.geojson")).expect("loads");
    assert!(
        layer.notes[0].starts_with("a legacy \"crs\" member names urn:ogc:def:crs:OGC:1.3:CRS84")
    );
    let layer = load_layer(&fixture("crs-3857.geojson")).expect("loads");
    assert!(layer.notes[0].contains("Web Mercator in metres: reprojected to longitude/latitude"));
    // 7,707,761.54 m, 5,056,692.81 m is Tashkent, 69.24°E 41.3°N.
    let p = layer.features[0].points[0];
    assert!(
        (p.lon - 69.24).abs() < 1e-6 && (p.lat - 41.3).abs() < 1e-6,
        "{p:?}"
    );
}

#[test]
fn files_in_metres_or_an_unknown_crs_are_refused_saying_so() {
    let cases = [
        (
            "projected-no-crs.geojson",
            "every position is outside longitude/latitude range (the first is [7707761.54, 5056692.81]): the coordinates look projected (metres?); CASA reads longitude and latitude",
        ),
        (
            "crs-utm.geojson",
            "the \"crs\" member names EPSG:32642, a coordinate system CASA cannot convert",
        ),
        (
            "features-not-array.geojson",
            "\"features\" is an object, where RFC 7946 wants an array of features",
        ),
    ];
    for (file, want) in cases {
        let err = load_layer(&fixture(file)).expect_err(file).to_string();
        assert!(err.contains(want), "{file}:\n got {err}\nwant {want}");
    }
}

fn casa(args: &[&std::ffi::OsStr]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_casa"))
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(args)
        .output()
        .expect("run casa");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A file of many features with the same problem, written for the test.
fn many_unclosed(dir: &Path) -> PathBuf {
    let ring = r#"[[69,41],[70,41],[70,42],[69,42]]"#;
    let features: Vec<String> = (0..40)
        .map(|i| format!(r#"{{"type":"Feature","id":"f{i}","properties":null,"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}"#))
        .collect();
    let path = dir.join("unclosed-40.geojson");
    std::fs::write(
        &path,
        format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        ),
    )
    .expect("write");
    path
}

#[test]
fn casa_check_groups_by_kind_lists_all_when_verbose_and_fails_on_warnings_when_strict() {
    let dir = std::env::temp_dir().join(format!("casa-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let file = many_unclosed(&dir);
    let (ok, out, _) = casa(&["check".as_ref(), "--layer".as_ref(), file.as_os_str()]);
    assert!(ok, "warnings alone pass: {out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("warning: "), "{out}");
    assert!(
        lines[0].ends_with("feature 1 (f0) at features[0].geometry.coordinates[0]: a ring whose first and last positions differ; closed it — and 39 more like it: feature 2 (f1), feature 3 (f2), feature 4 (f3), … (`casa check --layer --verbose` lists each)"),
        "{out}"
    );
    assert!(
        lines[1].ends_with(
            "40 features (0 points, 0 lines, 40 polygons); 0 skipped, 40 warning(s), 0 note(s)"
        ),
        "{out}"
    );
    let (_, out, _) = casa(&[
        "check".as_ref(),
        "--verbose".as_ref(),
        "--layer".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(
        out.lines().filter(|l| l.starts_with("warning: ")).count(),
        40,
        "{out}"
    );
    let (ok, out, _) = casa(&[
        "check".as_ref(),
        "--strict".as_ref(),
        "--layer".as_ref(),
        file.as_os_str(),
    ]);
    assert!(!ok, "--strict fails on warnings: {out}");
    let clean =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers/collection.geojson");
    let (ok, out, _) = casa(&[
        "check".as_ref(),
        "--strict".as_ref(),
        "--layer".as_ref(),
        clean.as_os_str(),
    ]);
    assert!(ok, "a clean file passes --strict: {out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_layer_with_nothing_to_draw_exports_with_a_warning_and_strict_fails() {
    let dir = std::env::temp_dir().join(format!("casa-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let layer = fixture("only-null-geometry.geojson");
    let out = dir.join("slide.png");
    let args = |strict: bool| {
        let mut a: Vec<&std::ffi::OsStr> = vec![
            "export".as_ref(),
            "--layer".as_ref(),
            layer.as_os_str(),
            "--size".as_ref(),
            "640x360".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        if strict {
            a.push("--strict".as_ref());
        }
        a
    };
    let (ok, _, err) = casa(&args(false));
    assert!(ok, "{err}");
    assert!(out.is_file(), "the slide is written");
    assert!(
        err.contains(
            "only-null-geometry.geojson: nothing to draw: its only feature has no geometry"
        ),
        "{err}"
    );
    std::fs::remove_file(&out).expect("remove the slide");
    let (ok, _, err) = casa(&args(true));
    assert!(!ok, "--strict fails: {err}");
    assert!(out.is_file(), "and still writes the slide");
    let (ok, out_text, _) = casa(&["check".as_ref(), "--layer".as_ref(), layer.as_os_str()]);
    assert!(
        ok,
        "a valid file with nothing to draw passes check: {out_text}"
    );
    assert!(out_text.contains("warning: "), "{out_text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn past_ten_thousand_problems_the_rest_are_counted_not_kept() {
    let feature = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[69.2,41.3]}}"#;
    let n = casa::model::user_layer::MAX_LISTED_ISSUES + 50;
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        vec![feature; n].join(",")
    );
    let layer = casa::data::user_layer::parse_layer("many", "many.geojson", &text).expect("loads");
    assert_eq!(layer.features.len(), n);
    assert_eq!(
        layer.skipped.len(),
        casa::model::user_layer::MAX_LISTED_ISSUES
    );
    assert_eq!(layer.unlisted, [0, 50, 0]);
    assert_eq!(layer.count(Severity::Warning), n);
}
