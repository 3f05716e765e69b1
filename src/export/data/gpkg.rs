//! The atlas as an OGC GeoPackage 1.3 (an SQLite file): a feature table per layer and one
//! of the countries named, attribute tables for the memberships, country facts,
//! organisations, sources and corrections (joined by `subject_table` and `subject_id`),
//! and a QGIS style per feature table (`layer_styles`), so the layers open in QGIS looking
//! like CASA's map. Made in memory and written by the caller in one atomic step.

use geo::{BoundingRect, Geometry};
use rusqlite::{Connection, params_from_iter};

use super::DataError;
use super::icons::Symbol;
use super::records::{
    CORRECTION_FIELDS, DataLayer, FACT_FIELDS, FEATURE_FIELDS, FeatureRecord, Field, FieldType,
    MEMBERSHIP_FIELDS, ORGANISATION_FIELDS, Records, Row, SOURCE_FIELDS, Value,
};
use crate::model::{Actor, FeatureKind};

/// "GPKG" as SQLite's application id.
const APPLICATION_ID: i32 = 0x4750_4B47;
/// GeoPackage 1.3.0.
const USER_VERSION: i32 = 10300;
/// WGS 84.
const WGS84: i32 = 4326;
/// The tolerance the countries' borders are simplified to (degrees, about 1 km: as fine
/// as CASA's map draws them at the scale of a region).
const COUNTRY_TOLERANCE: f64 = 0.01;

/// The OGC WKT of WGS 84, as GDAL writes it.
const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";

/// The tables every GeoPackage has (Requirements 10, 13, 21).
const CORE: &str = "
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
  definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
  styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
";

/// An SQLite error as the export's.
fn sql(e: rusqlite::Error) -> DataError {
    DataError::GeoPackage(e.to_string())
}

/// The GeoPackage's bytes.
pub(super) fn write(records: &Records) -> Result<Vec<u8>, DataError> {
    let mut db = Connection::open_in_memory().map_err(sql)?;
    db.pragma_update(None, "application_id", APPLICATION_ID)
        .map_err(sql)?;
    db.pragma_update(None, "user_version", USER_VERSION)
        .map_err(sql)?;
    let tx = db.transaction().map_err(sql)?;
    tx.execute_batch(CORE).map_err(sql)?;
    spatial_refs(&tx)?;
    for layer in DataLayer::ALL {
        for (suffix, rows) in layer_tables(records, layer) {
            let name = format!("{}{suffix}", layer.key());
            let description = match suffix {
                "" => format!("CASA: {}", layer.title()),
                s => format!("CASA: {} ({})", layer.title(), s.trim_start_matches('_')),
            };
            let with: Vec<(&Row, &Geometry<f64>)> =
                rows.iter().map(|f| (&f.values, &f.geometry)).collect();
            feature_table(&tx, &name, &description, &FEATURE_FIELDS, &with)?;
            style(&tx, &name, &layer_qml(&rows))?;
        }
    }
    countries(&tx, records)?;
    // A feature's sources and corrections name the table it is in (`sites_points`).
    let table_of = feature_table_names(records);
    let retable = |fields: &[Field], rows: Vec<&Row>| -> Vec<Row> {
        let at = |name: &str| fields.iter().position(|(n, _)| *n == name);
        let (Some(table), Some(id)) = (at("subject_table"), at("subject_id")) else {
            return rows.into_iter().cloned().collect();
        };
        rows.into_iter()
            .map(|row| {
                let mut row = row.clone();
                let named = row.get(id).map(Value::display).unwrap_or_default();
                if let (Some(name), Some(slot)) = (table_of.get(&named), row.get_mut(table)) {
                    *slot = Value::Text(name.clone());
                }
                row
            })
            .collect()
    };
    let sources = retable(&SOURCE_FIELDS, records.sources().collect());
    let corrections = retable(&CORRECTION_FIELDS, records.corrections().collect());
    let sources: Vec<&Row> = sources.iter().collect();
    let corrections: Vec<&Row> = corrections.iter().collect();
    let facts: Vec<&Row> = records.facts.iter().collect();
    let organisations: Vec<&Row> = records.organisations.iter().collect();
    let memberships: Vec<&Row> = records.memberships.iter().collect();
    let tables: [(&str, &str, &[Field], &[&Row]); 5] = [
        (
            "memberships",
            "Who belonged to which grouping, when",
            &MEMBERSHIP_FIELDS,
            &memberships,
        ),
        (
            "organisations",
            "The groupings",
            &ORGANISATION_FIELDS,
            &organisations,
        ),
        (
            "country_facts",
            "What the articles say of countries",
            &FACT_FIELDS,
            &facts,
        ),
        (
            "sources",
            "Every quote (verbatim, checked against its article) and named reference, by subject_table and subject_id",
            &SOURCE_FIELDS,
            &sources,
        ),
        (
            "corrections",
            "Where the record differs from an article: both, with the record's reference",
            &CORRECTION_FIELDS,
            &corrections,
        ),
    ];
    for (name, description, fields, rows) in tables {
        attribute_table(&tx, name, description, fields, rows)?;
    }
    register(
        &tx,
        "layer_styles",
        "attributes",
        "QGIS styles of the layers",
        None,
    )?;
    tx.commit().map_err(sql)?;
    let data = db.serialize(rusqlite::MAIN_DB).map_err(sql)?;
    Ok(data.to_vec())
}

/// The three reference systems a GeoPackage must define (Requirement 11).
fn spatial_refs(tx: &Connection) -> Result<(), DataError> {
    let insert = "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
    tx.execute(
        insert,
        rusqlite::params![
            "Undefined cartesian SRS",
            -1,
            "NONE",
            -1,
            "undefined",
            "undefined cartesian coordinate reference system"
        ],
    )
    .map_err(sql)?;
    tx.execute(
        insert,
        rusqlite::params![
            "Undefined geographic SRS",
            0,
            "NONE",
            0,
            "undefined",
            "undefined geographic coordinate reference system"
        ],
    )
    .map_err(sql)?;
    tx.execute(
        insert,
        rusqlite::params![
            "WGS 84 geodetic",
            WGS84,
            "EPSG",
            WGS84,
            WGS84_WKT,
            "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"
        ],
    )
    .map_err(sql)?;
    Ok(())
}

/// A column's SQL type.
fn sql_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Text => "TEXT",
        FieldType::Real => "REAL",
        FieldType::Integer => "INTEGER",
        FieldType::Bool => "BOOLEAN",
    }
}

/// A value as SQLite's.
fn sql_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Text(s) => V::Text(s.clone()),
        Value::Real(x) => V::Real(*x),
        Value::Integer(n) => V::Integer(*n),
        Value::Bool(b) => V::Integer(i64::from(*b)),
        Value::Null => V::Null,
    }
}

/// Registers a table in `gpkg_contents`.
fn register(
    tx: &Connection,
    name: &str,
    kind: &str,
    description: &str,
    bounds: Option<geo::Rect<f64>>,
) -> Result<(), DataError> {
    let b = bounds.map(|r| [r.min().x, r.min().y, r.max().x, r.max().y]);
    tx.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?6, ?7, ?8)",
        rusqlite::params![
            name,
            kind,
            description,
            b.map(|b| b[0]),
            b.map(|b| b[1]),
            b.map(|b| b[2]),
            b.map(|b| b[3]),
            (kind == "features").then_some(WGS84),
        ],
    )
    .map_err(sql)?;
    Ok(())
}

/// The columns' SQL declarations: `"name" TEXT, …`.
fn columns(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|(n, t)| format!("\"{n}\" {}", sql_type(*t)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The geometry type a table declares: its rows' one type, else GEOMETRY.
fn table_type(rows: &[(&Row, &Geometry<f64>)]) -> &'static str {
    let name = |g: &Geometry<f64>| match g {
        Geometry::MultiPoint(_) => "MULTIPOINT",
        Geometry::MultiLineString(_) => "MULTILINESTRING",
        Geometry::MultiPolygon(_) => "MULTIPOLYGON",
        _ => "GEOMETRY",
    };
    let first = rows.first().map_or("GEOMETRY", |(_, g)| name(g));
    if rows.iter().all(|(_, g)| name(g) == first) {
        first
    } else {
        "GEOMETRY"
    }
}

/// A feature table: its rows, each with a geometry.
fn feature_table(
    tx: &Connection,
    name: &str,
    description: &str,
    fields: &[Field],
    rows: &[(&Row, &Geometry<f64>)],
) -> Result<(), DataError> {
    let kind = table_type(rows);
    tx.execute_batch(&format!(
        "CREATE TABLE \"{name}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {kind}, {});",
        columns(fields)
    ))
    .map_err(sql)?;
    let bounds = rows
        .iter()
        .filter_map(|(_, g)| g.bounding_rect())
        .reduce(|a, b| {
            geo::Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )
        });
    register(tx, name, "features", description, bounds)?;
    tx.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, ?3, 0, 0)",
        rusqlite::params![name, kind, WGS84],
    )
    .map_err(sql)?;
    let marks = vec!["?"; fields.len() + 1].join(", ");
    let names = fields
        .iter()
        .map(|(n, _)| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut insert = tx
        .prepare(&format!(
            "INSERT INTO \"{name}\" (geom, {names}) VALUES ({marks})"
        ))
        .map_err(sql)?;
    for (row, geometry) in rows {
        let blob = rusqlite::types::Value::Blob(geometry_blob(geometry));
        let values = std::iter::once(blob).chain(row.iter().map(sql_value));
        insert.execute(params_from_iter(values)).map_err(sql)?;
    }
    Ok(())
}

/// An attribute table (no geometry).
fn attribute_table(
    tx: &Connection,
    name: &str,
    description: &str,
    fields: &[Field],
    rows: &[&Row],
) -> Result<(), DataError> {
    tx.execute_batch(&format!(
        "CREATE TABLE \"{name}\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {});",
        columns(fields)
    ))
    .map_err(sql)?;
    register(tx, name, "attributes", description, None)?;
    let marks = vec!["?"; fields.len()].join(", ");
    let mut insert = tx
        .prepare(&format!("INSERT INTO \"{name}\" VALUES (NULL, {marks})"))
        .map_err(sql)?;
    for row in rows {
        insert
            .execute(params_from_iter(row.iter().map(sql_value)))
            .map_err(sql)?;
    }
    Ok(())
}

/// The countries the features and memberships name, their borders simplified.
fn countries(tx: &Connection, records: &Records) -> Result<(), DataError> {
    const FIELDS: [Field; 2] = [("country_id", FieldType::Text), ("name", FieldType::Text)];
    let rows: Vec<Row> = records
        .countries
        .iter()
        .map(|c| vec![Value::Text(c.id.clone()), Value::Text(c.name.clone())])
        .collect();
    let simple: Vec<Geometry<f64>> = records
        .countries
        .iter()
        .map(|c| Geometry::MultiPolygon(c.simplified(COUNTRY_TOLERANCE)))
        .collect();
    let with: Vec<(&Row, &Geometry<f64>)> = rows.iter().zip(&simple).collect();
    if with.is_empty() {
        return Ok(());
    }
    let description = "The countries the atlas names (Natural Earth 1:10m, public domain, simplified to about 1 km); join memberships by country_id";
    feature_table(tx, "countries", description, &FIELDS, &with)?;
    style(tx, "countries", &countries_qml())
}

/// A geometry as a GeoPackage blob: the header (magic, version, flags, SRS, envelope)
/// then little-endian WKB.
pub(super) fn geometry_blob(g: &Geometry<f64>) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"GP");
    out.push(0);
    let envelope = g.bounding_rect();
    // Little-endian, with an [minx, maxx, miny, maxy] envelope (or none when empty).
    out.push(if envelope.is_some() {
        0b0000_0011
    } else {
        0b0001_0001
    });
    out.extend_from_slice(&WGS84.to_le_bytes());
    if let Some(r) = envelope {
        for v in [r.min().x, r.max().x, r.min().y, r.max().y] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    wkb(&mut out, g);
    out
}

/// Little-endian WKB of a geometry.
fn wkb(out: &mut Vec<u8>, g: &Geometry<f64>) {
    let head = |out: &mut Vec<u8>, kind: u32| {
        out.push(1);
        out.extend_from_slice(&kind.to_le_bytes());
    };
    let count = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u32).to_le_bytes());
    let coords = |out: &mut Vec<u8>, line: &geo::LineString<f64>| {
        count(out, line.0.len());
        for c in &line.0 {
            out.extend_from_slice(&c.x.to_le_bytes());
            out.extend_from_slice(&c.y.to_le_bytes());
        }
    };
    let polygon = |out: &mut Vec<u8>, p: &geo::Polygon<f64>| {
        head(out, 3);
        count(out, 1 + p.interiors().len());
        coords(out, p.exterior());
        for ring in p.interiors() {
            coords(out, ring);
        }
    };
    match g {
        Geometry::MultiPoint(mp) => {
            head(out, 4);
            count(out, mp.0.len());
            for p in &mp.0 {
                head(out, 1);
                out.extend_from_slice(&p.x().to_le_bytes());
                out.extend_from_slice(&p.y().to_le_bytes());
            }
        }
        Geometry::MultiLineString(ml) => {
            head(out, 5);
            count(out, ml.0.len());
            for l in &ml.0 {
                head(out, 2);
                coords(out, l);
            }
        }
        Geometry::MultiPolygon(mp) => {
            head(out, 6);
            count(out, mp.0.len());
            for p in &mp.0 {
                polygon(out, p);
            }
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::Point(p) => wkb(out, &Geometry::MultiPoint(geo::MultiPoint(vec![*p]))),
        Geometry::LineString(l) => {
            wkb(
                out,
                &Geometry::MultiLineString(geo::MultiLineString(vec![l.clone()])),
            );
        }
        // Every export geometry is one of the above; anything else is written empty.
        _ => {
            head(out, 7);
            count(out, 0);
        }
    }
}

/// Stores a QGIS style as the table's default.
fn style(tx: &Connection, table: &str, qml: &str) -> Result<(), DataError> {
    tx.execute(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, 'CASA''s map symbols', '', '')",
        rusqlite::params![table, qml],
    )
    .map_err(sql)?;
    Ok(())
}

/// XML-escaped text.
fn esc(s: &str) -> String {
    crate::paint::svg::esc(s)
}

/// A QGIS symbol layer's options.
fn options(pairs: &[(&str, String)]) -> String {
    let mut out = String::from("<Option type=\"Map\">");
    for (k, v) in pairs {
        out.push_str(&format!(
            "<Option name=\"{k}\" type=\"QString\" value=\"{}\"/>",
            esc(v)
        ));
    }
    out.push_str("</Option>");
    // The same as the `prop` elements QGIS before 3.16 reads.
    for (k, v) in pairs {
        out.push_str(&format!("<prop k=\"{k}\" v=\"{}\"/>", esc(v)));
    }
    out
}

/// A marker symbol of CASA's glyph for `actor`'s `kind`.
fn marker_symbol(name: usize, s: &Symbol) -> String {
    let (shape, angle) = s.qgis_marker();
    let (fill, outline, width) = if s.hollow {
        (s.qgis_colour(0), s.qgis_colour(255), "0.8")
    } else {
        (s.qgis_colour(255), "255,255,255,255".to_owned(), "0.4")
    };
    let layer = options(&[
        ("name", shape.to_owned()),
        ("color", fill),
        ("outline_color", outline),
        ("outline_width", width.to_owned()),
        ("size", format!("{:.2}", 3.2 * s.scale)),
        ("angle", format!("{angle}")),
    ]);
    format!(
        "<symbol type=\"marker\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">{layer}</layer></symbol>"
    )
}

/// A line or fill symbol in an actor's colour.
fn shape_symbol(name: usize, s: &Symbol, area: bool) -> String {
    if area {
        let layer = options(&[
            ("color", s.qgis_colour(60)),
            ("outline_color", s.qgis_colour(255)),
            ("outline_width", "0.5".to_owned()),
            ("style", "solid".to_owned()),
        ]);
        format!(
            "<symbol type=\"fill\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">{layer}</layer></symbol>"
        )
    } else {
        let layer = options(&[
            ("line_color", s.qgis_colour(255)),
            ("line_width", "0.8".to_owned()),
            ("line_style", "solid".to_owned()),
        ]);
        format!(
            "<symbol type=\"line\" name=\"{name}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">{layer}</layer></symbol>"
        )
    }
}

/// What a table's geometry is drawn as.
#[derive(Clone, Copy, PartialEq)]
enum Drawn {
    Point,
    Line,
    Area,
}

impl Drawn {
    fn of(g: &Geometry<f64>) -> Self {
        match g {
            Geometry::Point(_) | Geometry::MultiPoint(_) => Self::Point,
            Geometry::LineString(_) | Geometry::MultiLineString(_) => Self::Line,
            _ => Self::Area,
        }
    }
}

/// Labels from the `name` field, haloed, placed as QGIS places them for the geometry:
/// around a point, along a line, over an area.
fn labels(drawn: Drawn) -> String {
    let placement = match drawn {
        Drawn::Point => 0,
        Drawn::Line => 2,
        Drawn::Area => 1,
    };
    format!(
        "<labeling type=\"simple\"><settings calloutType=\"simple\"><text-style fieldName=\"name\" fontSize=\"8\" textColor=\"40,40,40,255\" isExpression=\"0\"><text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferColor=\"255,255,255,230\"/></text-style><placement placement=\"{placement}\" dist=\"1.5\"/><rendering scaleVisibility=\"0\"/></settings></labeling>"
    )
}

/// The table each feature (by id) is written to.
fn feature_table_names(records: &Records) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for layer in DataLayer::ALL {
        for (suffix, rows) in layer_tables(records, layer) {
            for f in rows {
                out.insert(f.get("id").display(), format!("{}{suffix}", layer.key()));
            }
        }
    }
    out
}

/// A layer's tables, one per kind of geometry it has: the layer's name alone when it has
/// one kind, else `_points`, `_lines` and `_areas` after it (a table has one geometry
/// type, as QGIS and ArcGIS expect).
fn layer_tables(records: &Records, layer: DataLayer) -> Vec<(&'static str, Vec<&FeatureRecord>)> {
    let kind = |g: &Geometry<f64>| match g {
        Geometry::MultiPoint(_) | Geometry::Point(_) => 0,
        Geometry::MultiLineString(_) | Geometry::LineString(_) => 1,
        _ => 2,
    };
    let mut by_kind: [Vec<&FeatureRecord>; 3] = Default::default();
    for f in records.layer(layer) {
        by_kind[kind(&f.geometry)].push(f);
    }
    let kinds = by_kind.iter().filter(|v| !v.is_empty()).count();
    ["_points", "_lines", "_areas"]
        .into_iter()
        .zip(by_kind)
        .filter(|(_, rows)| !rows.is_empty())
        .map(|(suffix, rows)| (if kinds == 1 { "" } else { suffix }, rows))
        .collect()
}

/// The style of a table: a category per actor and kind its rows have, drawn as CASA
/// draws them (a marker, line or fill as the table's geometry is), and its names as
/// labels.
fn layer_qml(rows: &[&FeatureRecord]) -> String {
    let mut kinds: Vec<(Actor, FeatureKind)> = Vec::new();
    for f in rows {
        if !kinds.contains(&(f.actor, f.kind)) {
            kinds.push((f.actor, f.kind));
        }
    }
    // A table has one kind of geometry (see `layer_tables`).
    let drawn = rows
        .first()
        .map_or(Drawn::Point, |f| Drawn::of(&f.geometry));
    let mut categories = String::new();
    let mut symbols = String::new();
    for (i, (actor, kind)) in kinds.iter().enumerate() {
        let value = format!("{}|{}", actor.label(), kind.label());
        categories.push_str(&format!(
            "<category symbol=\"{i}\" value=\"{}\" label=\"{}\" render=\"true\"/>",
            esc(&value),
            esc(&format!("{}: {}", actor.label(), kind.label()))
        ));
        let symbol = Symbol::of(*actor, *kind);
        symbols.push_str(&match drawn {
            Drawn::Point => marker_symbol(i, &symbol),
            Drawn::Line => shape_symbol(i, &symbol, false),
            Drawn::Area => shape_symbol(i, &symbol, true),
        });
    }
    let attr = esc("concat(\"actor\", '|', \"kind\")");
    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"1\"><renderer-v2 type=\"categorizedSymbol\" attr=\"{attr}\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>{categories}</categories><symbols>{symbols}</symbols></renderer-v2>{}</qgis>",
        labels(drawn)
    )
}

/// The countries' style: a light fill, grey borders, names.
fn countries_qml() -> String {
    let layer = options(&[
        ("color", "240,236,226,255".to_owned()),
        ("outline_color", "130,130,130,255".to_owned()),
        ("outline_width", "0.3".to_owned()),
        ("style", "solid".to_owned()),
    ]);
    format!(
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'><qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"1\"><renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols><symbol type=\"fill\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">{layer}</layer></symbol></symbols></renderer-v2>{}</qgis>",
        labels(Drawn::Area)
    )
}
