//! Files analysts have that are not GeoJSON: KML and KMZ from Google Earth, a zipped
//! Shapefile with its .dbf and .prj, GPX from a device — each read into the same layer
//! model with the same checks and messages, by the loader the app, `casa check --layer`
//! and `casa export --layer` share. Fixtures in `tests/fixtures/layers/formats/`
//! (cities.zip is Natural Earth's populated places, public domain, as geopandas ships it).

use std::path::{Path, PathBuf};
use std::process::Command;

use casa::data::Severity;
use casa::data::user_layer::{LayerError, load_layer};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers/formats")
        .join(name)
}

#[test]
fn kml_and_kmz_placemarks_become_features_with_their_names_and_data() {
    for file in ["sites.kml", "sites.kmz"] {
        let layer = load_layer(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(layer.name, "sites");
        let labels: Vec<&str> = layer.features.iter().map(|f| &*f.label).collect();
        assert_eq!(
            labels,
            ["Kant", "Osh", "Road", "Area", "Two points"],
            "{file}"
        );
        assert_eq!(layer.counts(), (4, 1, 1), "{file}");
        let kant = layer.features[0].properties();
        assert_eq!(kant["description"], "An airfield east of Bishkek.");
        assert_eq!(kant["folder"], "Airfields");
        assert_eq!(kant["operator"], "test operator");
        assert_eq!(kant["runway_m"], "2400");
        let p = layer.features[0].points[0];
        assert!((p.lon - 74.846).abs() < 1e-9 && (p.lat - 42.853).abs() < 1e-9);
        // The area keeps its hole.
        assert_eq!(layer.features[3].polygons[0].len(), 2);
        // Styles are said to be ignored; the swapped point is skipped and the empty
        // Placemark listed, each with where it is.
        assert!(
            layer.notes[0]
                .starts_with("the file's styles (colours, icons, line widths) are not used")
        );
        let got: Vec<String> = layer.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].ends_with("feature 6 (Swapped) at Placemark 6: latitude 174.8 is beyond ±90 (are longitude and latitude swapped?)"), "{got:#?}");
        assert_eq!(layer.skipped[0].severity, Severity::Error);
        assert!(got[1].ends_with("feature 7 (Nowhere) at Placemark 7: no geometry: a feature without a place, not drawn"), "{got:#?}");
    }
}

#[test]
fn a_zipped_shapefile_reads_its_attributes_and_its_prj() {
    let layer = load_layer(&fixture("cities.zip")).expect("loads");
    assert_eq!(layer.features.len(), 243);
    assert_eq!(layer.counts(), (243, 0, 0));
    assert!(layer.skipped.is_empty(), "{:#?}", layer.skipped);
    let tashkent = layer
        .features
        .iter()
        .find(|f| &*f.label == "Tashkent")
        .expect("Tashkent is a feature, named from the table's name field");
    assert_eq!(tashkent.properties()["name"], "Tashkent");
    let p = tashkent.points[0];
    assert!(
        (p.lon - 69.29).abs() < 0.1 && (p.lat - 41.31).abs() < 0.1,
        "{p:?}"
    );
    // The table is Latin-1, as its .cpg says: Ürümqi keeps its letters.
    assert!(
        layer.features.iter().any(|f| &*f.label == "Ürümqi"),
        "Ürümqi is read as Latin-1"
    );
    assert!(!layer.features.iter().any(|f| f.label.contains('\u{fffd}')));
}

#[test]
fn a_shp_beside_its_dbf_and_prj_reads_as_the_zipped_one() {
    let zipped = load_layer(&fixture("cities.zip")).expect("loads");
    let beside = load_layer(&fixture("cities/naturalearth_cities.shp")).expect("loads");
    assert_eq!(beside.name, "naturalearth_cities");
    assert_eq!(beside.features, zipped.features);
    assert!(beside.notes.is_empty(), "{:?}", beside.notes);
}

#[test]
fn gpx_waypoints_routes_and_tracks_become_points_and_lines() {
    let layer = load_layer(&fixture("track.gpx")).expect("loads");
    let labels: Vec<&str> = layer.features.iter().map(|f| &*f.label).collect();
    assert_eq!(labels, ["Kant", "Tashkent", "Planned road", "Drive"]);
    assert_eq!(layer.counts(), (2, 3, 0));
    let kant = layer.features[0].properties();
    assert_eq!(kant["description"], "Start");
    assert_eq!(kant["elevation_m"], 760.0);
    assert_eq!(kant["time"], "2024-05-01T08:00:00Z");
    // The track's two segments are two lines of one feature.
    assert_eq!(layer.features[3].lines.len(), 2);
}

#[test]
fn broken_files_of_each_format_are_refused_with_the_reason() {
    let cases = [
        ("broken.kml", "broken.kml: not KML: malformed XML at byte "),
        // The kml crate alone loops forever on this one.
        (
            "cut-short.kml",
            "cut-short.kml: not KML: the file ends inside <Placemark> (cut short?)",
        ),
        ("broken.gpx", "broken.gpx: not GPX: "),
        (
            "no-shapefile.zip",
            "no-shapefile.zip: a zip archive without a .shp file",
        ),
        ("sites.kml", ""),
    ];
    for (file, want) in cases {
        match load_layer(&fixture(file)) {
            Err(LayerError::Refused { .. }) if !want.is_empty() => {
                let err = load_layer(&fixture(file)).expect_err(file).to_string();
                assert!(err.contains(want), "{file}:\n got {err}\nwant {want}");
            }
            Ok(_) if want.is_empty() => {}
            other => panic!("{file}: {other:?}"),
        }
    }
    // A KMZ that is not a zip archive, and a Shapefile archive that is a KML file.
    let dir = std::env::temp_dir().join(format!("casa-formats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let fake = dir.join("fake.kmz");
    std::fs::copy(fixture("sites.kml"), &fake).expect("copy");
    let err = load_layer(&fake).expect_err("not a zip").to_string();
    assert!(err.contains("fake.kmz: not a zip archive"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn casa_check_and_export_accept_every_format() {
    let dir = std::env::temp_dir().join(format!("casa-formats-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let mut check = Command::new(env!("CARGO_BIN_EXE_casa"));
    check.env(
        "CASA_DATA_DIR",
        std::env::temp_dir().join("casa-test-no-user-data"),
    );
    check.arg("check");
    for f in ["sites.kmz", "cities.zip", "track.gpx"] {
        check.arg("--layer").arg(fixture(f));
    }
    let out = check.output().expect("run casa check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "sites.kmz has a skipped placemark: {stdout}"
    );
    assert!(
        stdout.contains("sites.kmz: 5 features (4 points, 1 lines, 1 polygons); 1 skipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cities.zip: 243 features (243 points, 0 lines, 0 polygons); 0 skipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("track.gpx: 4 features (2 points, 3 lines, 0 polygons); 0 skipped"),
        "{stdout}"
    );
    let slide = dir.join("formats.png");
    let out = Command::new(env!("CARGO_BIN_EXE_casa"))
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["export", "--size", "640x360", "--layer"])
        .arg(fixture("track.gpx"))
        .arg("--layer")
        .arg(fixture("sites.kmz"))
        .arg("--out")
        .arg(&slide)
        .output()
        .expect("run casa export");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("with track (4 features), sites (5 features)"),
        "{stderr}"
    );
    assert!(std::fs::metadata(&slide).is_ok_and(|m| m.len() > 10_000));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A GeoPackage's core tables and one feature table `t` of points, for the cases below.
fn package(path: &Path, extra: &str, blob: &[u8]) {
    let _ = std::fs::remove_file(path);
    let db = rusqlite::Connection::open(path).expect("create");
    db.execute_batch(&format!(
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT);
         INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84', 4326, 'EPSG', 4326, 'x', NULL);
         CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
         CREATE TABLE t (fid INTEGER PRIMARY KEY, geom BLOB, name TEXT);
         INSERT INTO gpkg_geometry_columns VALUES ('t', 'geom', 'POINT', 4326, 0, 0);
         {extra}"
    ))
    .expect("schema");
    let mut point = b"GP\0\x01".to_vec();
    point.extend_from_slice(&4326i32.to_le_bytes());
    point.push(1);
    point.extend_from_slice(&1u32.to_le_bytes());
    point.extend_from_slice(&69.0f64.to_le_bytes());
    point.extend_from_slice(&39.0f64.to_le_bytes());
    db.execute("INSERT INTO t VALUES (1, ?1, 'good')", [&point])
        .expect("row");
    db.execute("INSERT INTO t VALUES (2, ?1, 'bad')", [blob])
        .expect("row");
}

#[test]
fn geopackages_are_read_table_by_table_and_hostile_ones_cannot_take_casa_down() {
    let layer = load_layer(&fixture("depots.gpkg")).expect("a GeoPackage");
    let names: Vec<&str> = layer.features.iter().map(|f| &*f.label).collect();
    assert_eq!(
        names,
        [
            "Dushanbe depot",
            "Osh depot",
            "Khorog depot",
            "Pamir supply road"
        ]
    );
    assert_eq!(layer.counts(), (3, 1, 0));
    let props = layer.features[0].properties();
    assert_eq!(props["layer"], "depots");
    assert_eq!(props["capacity"], 120);
    let dir = std::env::temp_dir().join(format!("casa-gpkg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    // A geometry declaring four billion points: that feature is skipped, the rest kept.
    let mut huge = b"GP\0\x01".to_vec();
    huge.extend_from_slice(&4326i32.to_le_bytes());
    huge.push(1);
    huge.extend_from_slice(&2u32.to_le_bytes());
    huge.extend_from_slice(&u32::MAX.to_le_bytes());
    // A view registered as a feature table, whose query would never end: never run. A
    // generated column that would make a 250 MB text on every read: never computed. The
    // table registered four times: read once.
    let endless = "CREATE VIEW v AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS fid, NULL AS geom FROM n;
         INSERT INTO gpkg_geometry_columns VALUES ('v', 'geom', 'POINT', 4326, 0, 0);
         ALTER TABLE t ADD COLUMN big TEXT GENERATED ALWAYS AS (printf('%.*c', 250000000, 'x')) VIRTUAL;
         INSERT INTO gpkg_geometry_columns SELECT * FROM gpkg_geometry_columns WHERE table_name = 't';
         INSERT INTO gpkg_geometry_columns SELECT * FROM gpkg_geometry_columns WHERE table_name = 't';";
    let hostile = dir.join("hostile.gpkg");
    package(&hostile, endless, &huge);
    let layer = load_layer(&hostile).expect("the good row loads");
    assert_eq!(layer.features.len(), 1);
    assert!(!layer.features[0].properties().contains_key("big"));
    assert_eq!(layer.count(Severity::Error), 1, "{:?}", layer.skipped);
    let said = format!("{:?}", layer.skipped);
    assert!(said.contains("more than its bytes hold"), "{said}");
    // Not SQLite at all; SQLite without the GeoPackage tables.
    let fake = dir.join("fake.gpkg");
    std::fs::copy(fixture("sites.kml"), &fake).expect("copy");
    let err = load_layer(&fake).expect_err("not SQLite").to_string();
    assert!(err.contains("fake.gpkg: not a GeoPackage"), "{err}");
    let bare = dir.join("bare.gpkg");
    let _ = std::fs::remove_file(&bare);
    rusqlite::Connection::open(&bare)
        .and_then(|db| db.execute_batch("CREATE TABLE x (a INTEGER);"))
        .expect("an SQLite file");
    let err = load_layer(&bare)
        .expect_err("no GeoPackage tables")
        .to_string();
    assert!(
        err.contains("it has no gpkg_geometry_columns table"),
        "{err}"
    );
    // Its reference systems a view whose query never ends: refused, not run.
    let viewed = dir.join("viewed.gpkg");
    let _ = std::fs::remove_file(&viewed);
    rusqlite::Connection::open(&viewed)
        .and_then(|db| {
            db.execute_batch(
                "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
                 CREATE VIEW gpkg_spatial_ref_sys AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT 'x' AS srs_name, i AS srs_id, 'EPSG' AS organization, 4326 AS organization_coordsys_id, '' AS definition FROM n;",
            )
        })
        .expect("an SQLite file");
    let err = load_layer(&viewed).expect_err("a view").to_string();
    assert!(
        err.contains("it has no gpkg_spatial_ref_sys table"),
        "{err}"
    );
    // The user's file is never written: its bytes are as they were.
    let before = std::fs::read(&hostile).expect("read");
    let _ = load_layer(&hostile);
    assert_eq!(std::fs::read(&hostile).expect("read"), before);
    let _ = std::fs::remove_dir_all(&dir);
}
