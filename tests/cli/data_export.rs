//! `casa export --data` as a GIS colleague receives it: the whole atlas (or a scene's view)
//! as GeoPackage, KMZ, KML, GeoJSON and CSV; each read back by GDAL's `ogrinfo` (layer
//! names, counts, fields, geometry types, no warnings) and by CASA itself as a layer, with
//! the same names, dates and precision for every feature.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use casa::data::user_layer::load_layer;
use casa::data::{AssetSource, load_atlas};

fn casa() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casa"));
    command.env(
        "CASA_DATA_DIR",
        std::env::temp_dir().join("casa-test-no-user-data"),
    );
    command
}

fn scratch() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-data-export");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Exports the whole atlas to `name` (its extension names the format); returns stderr.
fn export(name: &str, extra: &[&str]) -> (PathBuf, String) {
    let path = scratch().join(name);
    let out = casa()
        .args(["export", "--data"])
        .args(extra)
        .arg("--out")
        .arg(&path)
        .output()
        .expect("run casa export --data");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{name}: {stderr}");
    (path, stderr)
}

/// What `ogrinfo -ro -al -so` says of a file; no warning or error allowed.
#[cfg(target_os = "linux")]
fn ogrinfo(path: &Path) -> String {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("ogrinfo is missing ({e}): install gdal-bin (README, system packages)")
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "ogrinfo failed on {}:\n{text}",
        path.display()
    );
    for line in text.lines() {
        let l = line.to_ascii_lowercase();
        assert!(
            !l.starts_with("warning") && !l.starts_with("error"),
            "ogrinfo on {}: {line}",
            path.display()
        );
    }
    text
}

/// Layer name → (feature count, geometry type) as ogrinfo lists them.
#[cfg(target_os = "linux")]
fn layers(info: &str) -> BTreeMap<String, (usize, String)> {
    let mut out = BTreeMap::new();
    let mut name = String::new();
    let mut geometry = String::new();
    for line in info.lines() {
        if let Some(n) = line.strip_prefix("Layer name: ") {
            name = n.to_owned();
        } else if let Some(g) = line.strip_prefix("Geometry: ") {
            geometry = g.to_owned();
        } else if let Some(c) = line.strip_prefix("Feature Count: ") {
            out.insert(name.clone(), (c.parse().unwrap_or(0), geometry.clone()));
        }
    }
    out
}

#[test]
#[cfg(target_os = "linux")]
fn the_whole_atlas_reads_in_gdal_in_every_format() {
    let atlas = load_atlas(&AssetSource::Embedded).atlas;
    let features = atlas.features.len();
    let (gpkg, said) = export("atlas.gpkg", &[]);
    assert!(
        said.contains(&format!(
            "{features} features, {} membership periods",
            atlas.memberships.len()
        )),
        "{said}"
    );
    let info = ogrinfo(&gpkg);
    let found = layers(&info);
    let feature_tables: usize = found
        .iter()
        .filter(|(n, _)| {
            [
                "sites",
                "events",
                "infrastructure",
                "routes",
                "regions",
                "context",
            ]
            .iter()
            .any(|l| n.starts_with(l))
        })
        .map(|(_, (c, _))| c)
        .sum();
    assert_eq!(feature_tables, features, "{found:?}");
    assert_eq!(found["memberships"].0, atlas.memberships.len());
    assert_eq!(found["country_facts"].0, atlas.facts.len());
    let quotes: usize = atlas.features.iter().map(|f| f.sources.len()).sum();
    assert!(found["sources"].0 > quotes, "{found:?}");
    assert_eq!(found["sites_points"].1, "Multi Point");
    assert_eq!(
        found["sites_areas"].1, "Multi Polygon",
        "region-level sites as their areas"
    );
    assert_eq!(found["countries"].1, "Multi Polygon");
    // Six attribute tables (memberships, organisations, country facts, sources,
    // corrections, the styles); a style for each other table.
    assert_eq!(
        found["layer_styles"].0,
        found.len() - 6,
        "a style per feature table"
    );
    for field in [
        "precision: String",
        "placement: String",
        "start: String",
        "marker_lat: Real",
        "record_differs: Integer(Boolean)",
        "quote: String",
        "record_says: String",
        "date_rule: String",
    ] {
        assert!(info.contains(field), "{field} missing:\n{info}");
    }
    let (kmz, _) = export("atlas.kmz", &[]);
    let found = layers(&ogrinfo(&kmz));
    assert_eq!(
        found["Military sites"].0
            + found["Events"].0
            + found["Infrastructure"].0
            + found["Pipelines and routes"].0
            + found["Regions and borders"].0
            + found.get("Other powers (context)").map_or(0, |c| c.0),
        features,
        "{found:?}"
    );
    assert_eq!(found["CSTO"].1, "Unknown (any)");
    let (kml, _) = export("atlas.kml", &[]);
    assert_eq!(layers(&ogrinfo(&kml)).len(), found.len());
    let (geojson, _) = export("atlas.geojson", &[]);
    let info = ogrinfo(&geojson);
    assert_eq!(layers(&info)["CASA atlas"].0, features);
    for file in [&gpkg, &kmz, &kml, &geojson] {
        let bytes = std::fs::metadata(file).expect("written").len();
        assert!(bytes < 5_000_000, "{}: {bytes} bytes", file.display());
    }
}

/// Each exported feature, read back by CASA as a layer, by name: its properties.
fn read_back(path: &Path) -> BTreeMap<String, serde_json::Map<String, serde_json::Value>> {
    let layer = load_layer(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        layer
            .skipped
            .iter()
            .all(|i| i.severity != casa::data::Severity::Error),
        "{}: {:?}",
        path.display(),
        layer.skipped
    );
    layer
        .features
        .iter()
        .map(|f| (f.label.to_string(), f.properties()))
        .collect()
}

#[test]
fn what_casa_exports_it_reads_back_with_the_same_names_dates_and_precision() {
    let atlas = load_atlas(&AssetSource::Embedded).atlas;
    for name in ["again.gpkg", "again.geojson", "again.kml", "again.kmz"] {
        let (path, _) = export(name, &[]);
        let read = read_back(&path);
        for f in &atlas.features {
            let props = read
                .get(&f.name)
                .unwrap_or_else(|| panic!("{name}: {} not read back", f.name));
            let text = |k: &str| match props.get(k) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            let period = f.period.as_ref();
            assert_eq!(text("id"), f.id, "{name}");
            assert_eq!(text("precision"), f.precision.label(), "{name}: {}", f.id);
            assert_eq!(text("placement"), f.placement, "{name}: {}", f.id);
            let iso = |d: Option<casa::model::PartialDate>| d.map(|d| d.iso()).unwrap_or_default();
            assert_eq!(
                text("start"),
                iso(period.and_then(|p| p.from)),
                "{name}: {}",
                f.id
            );
            assert_eq!(
                text("end"),
                iso(period.and_then(|p| p.until)),
                "{name}: {}",
                f.id
            );
        }
    }
}

#[test]
fn region_level_markers_go_out_as_the_areas_they_stand_for() {
    let (path, _) = export("areas.geojson", &[]);
    let text = std::fs::read_to_string(&path).expect("written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let features = json["features"].as_array().expect("features");
    let by_id = |id: &str| {
        features
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let guards = by_id("ru-border-guards-tajikistan");
    assert_eq!(guards["geometry"]["type"], "MultiPolygon");
    assert_eq!(
        guards["properties"]["geometry_is"],
        "the area the marker stands for"
    );
    assert!(guards["properties"]["marker_lon"].is_number());
    // A placed site stays a point, with its precision, and its quotes carry their
    // articles' outlet and date.
    let kant = by_id("ru-kant-air-base");
    assert_eq!(kant["geometry"]["type"], "Point");
    assert_eq!(kant["properties"]["precision"], "approximate");
    let sources = kant["properties"]["sources"].as_array().expect("sources");
    assert!(
        sources
            .iter()
            .any(|s| s["kind"] == "quote" && s["outlet"].is_string() && s["published"].is_string()),
        "{sources:?}"
    );
}

#[test]
fn a_scene_exports_what_it_shows_and_the_csv_has_its_memberships_beside_it() {
    let (path, said) = export("scene.csv", &["--scene", "3"]);
    assert!(said.contains("from the view:"), "{said}");
    let text = std::fs::read_to_string(&path).expect("features CSV");
    assert!(
        text.starts_with("\u{feff}id,name,aliases,layer,"),
        "{}",
        &text[..80]
    );
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains(",lon,lat,") && header.ends_with(",sources"),
        "{header}"
    );
    let memberships = scratch().join("scene-memberships.csv");
    assert!(memberships.is_file(), "the memberships beside the features");
    let (whole, _) = export("whole.csv", &[]);
    let whole = std::fs::read_to_string(whole).expect("CSV");
    assert!(whole.len() > text.len(), "a scene is a part of the atlas");
}

#[test]
fn the_geojson_passes_casas_own_lint_without_a_warning() {
    let (path, _) = export("lint.geojson", &[]);
    let out = casa()
        .args(["check", "--strict", "--layer"])
        .arg(&path)
        .output()
        .expect("run casa check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("0 skipped, 0 warning(s), 0 note(s)"),
        "{stdout}"
    );
}

#[test]
fn a_file_that_cannot_be_written_is_named_and_nothing_is_left() {
    let blocker = scratch().join("not-a-folder");
    std::fs::write(&blocker, "a file where a folder should be").expect("write");
    let target = blocker.join("atlas.gpkg");
    let out = casa()
        .args(["export", "--data", "--out"])
        .arg(&target)
        .output()
        .expect("run casa");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains(&target.display().to_string()), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&blocker).expect("read"),
        "a file where a folder should be"
    );
}

#[test]
fn a_bad_format_or_file_name_is_refused_with_the_reason() {
    for (args, want) in [
        (
            vec!["--data", "shp"],
            "--data \"shp\": expected gpkg, kmz, kml, geojson or csv",
        ),
        (vec!["--data"], "out.txt: name the format"),
    ] {
        let out = casa()
            .arg("export")
            .args(&args)
            .arg("--out")
            .arg(scratch().join("out.txt"))
            .output()
            .expect("run casa");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
}

#[test]
fn the_geopackage_joins_every_source_to_a_table_and_styles_each_table_by_its_geometry() {
    let (path, _) = export("joined.gpkg", &[]);
    let db =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let tables: Vec<(String, String)> = db
        .prepare("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns")
        .and_then(|mut s| {
            s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()
        })
        .expect("geometry columns");
    // Every source and correction names a table that exists and a row of it.
    for join in ["sources", "corrections"] {
        let orphans: i64 = db
            .query_row(
                &format!(
                    "SELECT count(*) FROM {join} s WHERE s.subject_table NOT IN \
                     ('memberships', 'organisations', 'country_facts') AND NOT EXISTS \
                     (SELECT 1 FROM gpkg_contents c WHERE c.table_name = s.subject_table)"
                ),
                [],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(orphans, 0, "{join} naming no table");
    }
    for (table, _) in tables.iter().filter(|(t, _)| t != "countries") {
        let orphans: i64 = db
            .query_row(
                &format!(
                    "SELECT count(*) FROM sources s WHERE s.subject_table = ?1 AND s.subject_id \
                     NOT IN (SELECT id FROM \"{table}\")"
                ),
                [table],
                |r| r.get(0),
            )
            .expect("count");
        assert_eq!(orphans, 0, "sources of {table} naming no row of it");
    }
    // Each table's style is well-formed XML drawing its geometry: markers for points,
    // lines for lines, fills for areas.
    for (table, kind) in &tables {
        let qml: String = db
            .query_row(
                "SELECT styleQML FROM layer_styles WHERE f_table_name = ?1 AND useAsDefault",
                [table],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("{table}: no style ({e})"));
        let mut reader = quick_xml::Reader::from_str(&qml);
        let mut symbol_types = Vec::new();
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(e)) if e.name().as_ref() == b"symbol" => {
                    let t = e
                        .try_get_attribute("type")
                        .ok()
                        .flatten()
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                    symbol_types.extend(t);
                }
                Ok(_) => {}
                Err(e) => panic!("{table}: the style is not XML: {e}"),
            }
        }
        let want = match kind.as_str() {
            "MULTIPOINT" => "marker",
            "MULTILINESTRING" => "line",
            _ => "fill",
        };
        assert!(!symbol_types.is_empty(), "{table}: no symbol");
        assert!(
            symbol_types.iter().all(|t| t == want),
            "{table}: {symbol_types:?}"
        );
    }
}
