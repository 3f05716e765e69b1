//! The corpus of layer files in `tests/fixtures/layers/`: each good or partly bad file
//! loads with the expected feature counts and messages, each unusable one is refused with
//! its reason — through the same loader as `casa export --layer` and `casa check --layer`.

use std::path::{Path, PathBuf};

use casa::data::user_layer::load_layer;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers")
        .join(name)
}

/// (file, features, (points, lines, polygons), messages each line must contain, notes).
type Loads = (
    &'static str,
    usize,
    (usize, usize, usize),
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn every_usable_file_loads_with_the_expected_features_and_messages() {
    let cases: &[Loads] = &[
        ("collection.geojson", 3, (1, 1, 1), &[], &[]),
        ("feature.geojson", 1, (1, 0, 0), &[], &[]),
        ("geometry.geojson", 1, (0, 0, 1), &[], &[]),
        ("geometry-collection.geojson", 1, (1, 1, 0), &[], &[]),
        (
            "positions-3d-4d.geojson",
            2,
            (1, 1, 0),
            &[
                "positions-3d-4d.geojson: feature 2 at features[1].geometry.coordinates[0]: a position of 4 numbers; RFC 7946 allows at most 3",
            ],
            &[],
        ),
        ("bom.geojson", 1, (1, 0, 0), &[], &[]),
        (
            "clockwise.geojson",
            1,
            (0, 0, 1),
            &[],
            &["1 ring(s) wound clockwise, against RFC 7946's right-hand rule: rewound"],
        ),
        (
            "bowtie.geojson",
            1,
            (0, 0, 1),
            &[
                "bowtie.geojson: feature 1 at geometry.coordinates[0]: a polygon's ring crosses or touches itself at 68.5000°E 38.5000°N; drawn as it is",
            ],
            &[],
        ),
        (
            "null-geometry.geojson",
            1,
            (1, 0, 0),
            &[
                "null-geometry.geojson: feature 1 (nowhere) at features[0].geometry: no geometry (null): a feature without a place, not drawn",
            ],
            &[],
        ),
        (
            "mixed.geojson",
            1,
            (1, 0, 0),
            &[
                "mixed.geojson: feature 1 at features[0].geometry.coordinates: invalid type: string \"69.2\", expected a number",
                "mixed.geojson: feature 2 at features[1].geometry.coordinates[0]: a ring of 3 positions; a ring needs at least 4",
                "mixed.geojson: feature 3 (north-pole-plus) at features[2].geometry.coordinates: latitude 91 is beyond ±90",
                "mixed.geojson: feature 4 at features[3].geometry.type: unknown geometry type \"Hexagon\"",
            ],
            &[],
        ),
        (
            "deep.geojson",
            0,
            (0, 0, 0),
            &[
                "deep.geojson: feature 1 at coordinates: coordinates nested more deeply than a Point's",
            ],
            &[],
        ),
        (
            "exercises.geojson",
            3,
            (1, 1, 1),
            &[
                "exercises.geojson: feature 3 (ex-3) at features[2].geometry.coordinates: latitude 172.8 is beyond ±90",
            ],
            &[],
        ),
        (
            "sites.csv",
            3,
            (3, 0, 0),
            &[],
            &["latitude from column “lat”, longitude from column “lon”"],
        ),
        (
            "sites-semicolon.csv",
            2,
            (2, 0, 0),
            &[],
            &["latitude from column “Latitude”, longitude from column “Longitude”"],
        ),
        (
            "rows.csv",
            1,
            (1, 0, 0),
            &[
                "rows.csv: line 3: latitude \"abc\" is not a number",
                "rows.csv: line 4: latitude 95 is beyond ±90",
                "rows.csv: line 5: longitude \"\" is not a number",
            ],
            &["latitude from column “y”, longitude from column “x”"],
        ),
    ];
    for (file, features, counts, messages, notes) in cases {
        let layer = load_layer(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(layer.features.len(), *features, "{file}");
        assert_eq!(layer.counts(), *counts, "{file}");
        let got: Vec<String> = layer.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), messages.len(), "{file}: {got:#?}");
        for (line, want) in got.iter().zip(messages.iter()) {
            assert!(line.contains(want), "{file}:\n got {line}\nwant {want}");
        }
        assert_eq!(&layer.notes, notes, "{file}");
    }
}

#[test]
fn the_quoted_csv_fields_keep_their_commas_quotes_and_line_breaks() {
    let layer = load_layer(&fixture("sites.csv")).expect("loads");
    let labels: Vec<&str> = layer.features.iter().map(|f| &*f.label).collect();
    assert_eq!(labels, ["Kant, air base", "Dushanbe", "Osh \"south\""]);
    assert_eq!(
        layer.features[0].properties()["notes"],
        serde_json::json!("Russian, since 2003")
    );
    assert_eq!(
        layer.features[2].properties()["notes"],
        serde_json::json!("two\nlines")
    );
    // Properties keep the file's own names and values; coordinates are not repeated.
    assert!(!layer.features[0].properties().contains_key("lat"));
}

#[test]
fn every_unusable_file_is_refused_with_its_name_and_the_reason() {
    let cases: &[(&str, &str)] = &[
        ("empty.geojson", "empty.geojson: the file is empty"),
        (
            "truncated.geojson",
            "truncated.geojson: not valid JSON at line 2, column 34: EOF while parsing a value",
        ),
        (
            "nan.geojson",
            "nan.geojson: not valid JSON at line 1, column 35: expected value",
        ),
        (
            "not-geojson.json",
            "not-geojson.json: not GeoJSON: no \"type\" member at the top",
        ),
        (
            "unknown-type.geojson",
            "unknown-type.geojson: not GeoJSON: unknown type \"Topology\"",
        ),
        (
            "utf16.geojson",
            "utf16.geojson: the file is UTF-16 text; save it as UTF-8",
        ),
        (
            "latin1.geojson",
            "latin1.geojson: not UTF-8 text (invalid byte at offset 54); save it as UTF-8",
        ),
        (
            "no-coordinates.csv",
            "no-coordinates.csv: no latitude and longitude columns in the header (name, town)",
        ),
        ("missing.geojson", "missing.geojson: cannot read"),
    ];
    for (file, want) in cases {
        let err = load_layer(&fixture(file)).expect_err(file);
        let err = err
            .to_string()
            .replace(&format!("{}/", fixture("").display()), "");
        let err = err.replace(&fixture("").display().to_string(), "");
        assert!(err.starts_with(want), "{file}:\n got {err}\nwant {want}");
    }
}

#[test]
fn casa_check_validates_a_layer_without_the_atlas() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_casa"))
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["check", "--layer"])
        .arg(fixture("sites.csv"))
        .arg("--layer")
        .arg(fixture("mixed.geojson"))
        .output()
        .expect("run casa check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "mixed.geojson has skipped features");
    assert!(
        stdout.contains("sites.csv: 3 features (3 points, 0 lines, 0 polygons); 0 skipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("mixed.geojson: 1 features (1 points, 0 lines, 0 polygons); 4 skipped"),
        "{stdout}"
    );
    assert!(stdout.contains("error: "), "{stdout}");
}
