//! GeoPackage layers (`.gpkg`, OGC 1.3: what QGIS, ArcGIS and CASA's own export write):
//! every feature table's rows become features of one layer, each with its table as a
//! `layer` property and its other columns as properties.
//!
//! The file is read by CASA (a regular file, bounded like any layer) and handed to SQLite
//! as bytes, read-only: SQLite never opens the user's file, so nothing can write to it or
//! beside it. Only tables the package registers as features are read (never views, whose
//! SQL could run without end); texts, blobs, columns and statements are bounded by SQLite's
//! limits; each geometry's WKB is read by CASA's own reader, which checks every declared
//! count against the bytes left before it takes memory and accepts only the nesting WKB
//! has (a collection of simple geometries, no deeper). The package's own tables must be
//! tables, each feature table is read once (at most [`MAX_TABLES`]), only its stored
//! columns are read (a generated column's expression never runs), and every query stops
//! past a budget of SQLite steps that grows with the file.

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use rusqlite::limits::Limit;
use rusqlite::{Connection, types::ValueRef};

use super::foreign::{ForeignFeature, ForeignLayer};
use super::shapes::Crs;
use super::{LayerError, MAX_TEXT_BYTES, Progress, UserLayer, cut_text, refused};

/// The longest text or blob SQLite hands over (one geometry of 16 million positions).
const MAX_VALUE_BYTES: i32 = 256 << 20;
/// The most columns a table may have.
const MAX_COLUMNS: i32 = 2000;
/// The most feature tables read.
const MAX_TABLES: usize = 1000;
/// The most parts of one geometry (a multi-geometry or collection).
const MAX_PARTS: usize = 1_000_000;
/// SQLite's steps between two looks at the budget.
const STEPS_PER_LOOK: i32 = 100_000;

/// A feature table: its name, geometry column and what its coordinates are in.
struct FeatureTable {
    name: String,
    column: String,
    crs: Option<Crs>,
}

/// Reads a GeoPackage's feature tables as one layer.
pub(super) fn parse_gpkg(
    name: &str,
    file: &str,
    bytes: &[u8],
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    if !bytes.starts_with(b"SQLite format 3\0") {
        return Err(refused(
            file,
            "not a GeoPackage: a GeoPackage is an SQLite database, and this file is not one",
        ));
    }
    let db = open(bytes).map_err(|e| refused(file, format!("not a readable GeoPackage: {e}")))?;
    for own in ["gpkg_geometry_columns", "gpkg_spatial_ref_sys"] {
        if !is_table(&db, own) {
            return Err(refused(
                file,
                format!("not a GeoPackage: it has no {own} table (a view or nothing there)"),
            ));
        }
    }
    let tables = feature_tables(&db).map_err(|e| {
        refused(
            file,
            format!("not a GeoPackage (no readable gpkg_geometry_columns table): {e}"),
        )
    })?;
    let Some(crs) = tables.iter().find_map(|t| t.crs) else {
        return Err(refused(
            file,
            if tables.is_empty() {
                "the GeoPackage has no feature table (only attribute or tile tables?)".to_owned()
            } else {
                "its feature tables are in a coordinate system CASA cannot convert (it reads EPSG:4326 longitude/latitude and EPSG:3857 Web Mercator)".to_owned()
            },
        ));
    };
    let mut layer = ForeignLayer::new(name, file, crs, bytes.len(), progress);
    for table in &tables {
        if table.crs != Some(crs) {
            layer.note(format!(
                "table “{}” not read: its coordinate system differs from the first table's",
                table.name
            ));
            continue;
        }
        read_table(&db, table, &mut layer).map_err(|e| match e {
            Failed::Sql(e) => refused(file, format!("table “{}”: {e}", table.name)),
            Failed::Layer(e) => e,
        })?;
    }
    layer.finish()
}

/// Whether `name` is a plain table of the package (not a view, not a virtual table).
fn is_table(db: &Connection, name: &str) -> bool {
    db.query_row(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1 LIMIT 1",
        [name],
        |r| r.get::<_, Option<String>>(0),
    )
    .is_ok_and(|sql| {
        !sql.unwrap_or_default()
            .trim_start()
            .to_ascii_uppercase()
            .starts_with("CREATE VIRTUAL")
    })
}

/// The package in memory, read-only, with SQLite's limits set, the schema untrusted and a
/// budget of steps (a hundred per byte of the file, and a billion besides) after which
/// every query stops.
fn open(bytes: &[u8]) -> rusqlite::Result<Connection> {
    let mut db = Connection::open_in_memory()?;
    let mut looks_left = (bytes.len() as u64 / 1000).saturating_add(10_000);
    db.progress_handler(
        STEPS_PER_LOOK,
        Some(move || {
            looks_left = looks_left.saturating_sub(1);
            looks_left == 0
        }),
    )?;
    db.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)?;
    db.set_limit(Limit::SQLITE_LIMIT_COLUMN, MAX_COLUMNS)?;
    db.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, 1 << 20)?;
    db.set_limit(Limit::SQLITE_LIMIT_EXPR_DEPTH, 100)?;
    db.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    db.deserialize_read_exact(rusqlite::MAIN_DB, bytes, bytes.len(), true)?;
    db.pragma_update(None, "trusted_schema", false)?;
    db.pragma_update(None, "cell_size_check", true)?;
    db.pragma_update(None, "query_only", true)?;
    Ok(db)
}

/// `name` quoted as an SQL identifier.
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The feature tables the package registers that are plain tables (not views, not
/// virtual tables), each once, in its order; at most [`MAX_TABLES`].
fn feature_tables(db: &Connection) -> rusqlite::Result<Vec<FeatureTable>> {
    let mut stmt = db.prepare(
        "SELECT table_name, min(column_name), min(srs_id) FROM gpkg_geometry_columns
         GROUP BY table_name ORDER BY min(rowid) LIMIT ?1",
    )?;
    let registered: Vec<(String, String, Option<i64>)> = stmt
        .query_map([MAX_TABLES as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut srs = db.prepare(
        "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys
         WHERE srs_id = ?1 LIMIT 1",
    )?;
    let mut out = Vec::new();
    for (name, column, srs_id) in registered {
        if !is_table(db, &name) {
            continue;
        }
        let defined: Option<(Option<String>, Option<i64>)> =
            srs.query_row([srs_id], |r| Ok((r.get(0)?, r.get(1)?))).ok();
        let epsg = defined.and_then(|(organization, code)| {
            organization
                .filter(|o| o.eq_ignore_ascii_case("EPSG"))
                .and(code)
        });
        let crs = match (epsg, srs_id) {
            (Some(4326), _) | (_, Some(0)) => Some(Crs::LonLat),
            (Some(3857 | 900_913), _) => Some(Crs::WebMercator),
            _ => None,
        };
        out.push(FeatureTable { name, column, crs });
    }
    Ok(out)
}

/// The stored columns of a table (a virtual generated column, whose expression would run
/// on every read, left out).
fn stored_columns(db: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = db.prepare(&format!("PRAGMA table_xinfo({})", ident(table)))?;
    stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(6)?)))?
        .filter_map(|c| match c {
            // hidden: 0 a column, 2 a virtual generated one, 3 a stored generated one.
            Ok((name, 0 | 3)) => Some(Ok(name)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect()
}

/// Why a table could not be read: SQLite's error, or the layer's (a limit passed, a
/// cancel).
enum Failed {
    Sql(rusqlite::Error),
    Layer(LayerError),
}

impl From<rusqlite::Error> for Failed {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sql(e)
    }
}

/// Hands over every row of a table as a feature.
fn read_table(
    db: &Connection,
    table: &FeatureTable,
    layer: &mut ForeignLayer<'_>,
) -> Result<(), Failed> {
    let total: i64 = db.query_row(
        &format!("SELECT count(*) FROM {}", ident(&table.name)),
        [],
        |r| r.get(0),
    )?;
    let names = stored_columns(db, &table.name)?;
    let list: Vec<String> = names.iter().map(|n| ident(n)).collect();
    let mut stmt = db.prepare(&format!(
        "SELECT {} FROM {}",
        list.join(", "),
        ident(&table.name)
    ))?;
    let mut rows = stmt.query([])?;
    let mut n = 0u64;
    while let Some(row) = rows.next()? {
        n += 1;
        let mut item = ForeignFeature::at(format!("{} row {n}", table.name));
        item.properties.insert(
            "layer".into(),
            serde_json::Value::String(table.name.clone()),
        );
        for (i, column) in names.iter().enumerate() {
            let value = row.get_ref(i)?;
            if column.eq_ignore_ascii_case(&table.column) {
                match value {
                    ValueRef::Blob(b) => match geometry(b) {
                        Ok(g) => item.geometry = g,
                        Err(e) => {
                            item.unread = Some(super::members::error(
                                &item.place,
                                format!("its geometry could not be read: {e}"),
                            ));
                        }
                    },
                    ValueRef::Null => {}
                    _ => {
                        item.unread = Some(super::members::error(
                            &item.place,
                            "its geometry is not a GeoPackage blob",
                        ));
                    }
                }
                continue;
            }
            let json = match value {
                ValueRef::Null | ValueRef::Blob(_) => continue,
                ValueRef::Integer(x) => serde_json::Value::from(x),
                ValueRef::Real(x) => serde_json::Value::from(x),
                ValueRef::Text(t) => {
                    serde_json::Value::String(cut_text(&String::from_utf8_lossy(t), MAX_TEXT_BYTES))
                }
            };
            if column.eq_ignore_ascii_case("name")
                && let serde_json::Value::String(s) = &json
            {
                item.label = Some(s.clone());
            }
            item.properties.insert(cut_text(column, 200), json);
        }
        layer.add(item).map_err(Failed::Layer)?;
        layer
            .reached(n, total.max(0) as u64)
            .map_err(Failed::Layer)?;
    }
    Ok(())
}

/// A GeoPackage geometry blob: its header, then WKB. `None`: an empty geometry.
pub(super) fn geometry(blob: &[u8]) -> Result<Option<Geometry<f64>>, String> {
    if blob.len() < 8 || &blob[..2] != b"GP" {
        return Err("no GeoPackage header (GP)".into());
    }
    let flags = blob[3];
    if flags & 0b0010_0000 != 0 {
        return Err("an extended GeoPackage geometry, which CASA does not read".into());
    }
    let envelope = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 32,
        2 | 3 => 48,
        4 => 64,
        _ => return Err("an invalid envelope indicator".into()),
    };
    let empty = flags & 0b0001_0000 != 0;
    let start = 8 + envelope;
    let wkb = blob.get(start..).ok_or("the blob ends inside its header")?;
    if empty {
        return Ok(None);
    }
    let mut reader = Wkb { bytes: wkb, at: 0 };
    let g = reader.geometry(0)?;
    Ok(Some(g))
}

/// A WKB reader over bytes: each count checked against what is left before use.
struct Wkb<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Wkb<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or("the geometry ends early")?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self, little: bool) -> Result<u32, String> {
        let b: [u8; 4] = self.take(4)?.try_into().map_err(|_| "short")?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Result<f64, String> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| "short")?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A count of items of at least `min` bytes each, that the bytes left can hold.
    fn count(&mut self, little: bool, min: usize) -> Result<usize, String> {
        let n = self.u32(little)? as usize;
        let left = self.bytes.len() - self.at;
        if n.saturating_mul(min) > left {
            return Err(format!(
                "it declares {n} parts or positions, more than its bytes hold"
            ));
        }
        Ok(n)
    }

    /// A byte order and a type: (little-endian, base type 1–7, numbers per position).
    fn head(&mut self) -> Result<(bool, u32, usize), String> {
        let little = match self.take(1)?[0] {
            0 => false,
            1 => true,
            b => return Err(format!("byte order {b} is neither 0 nor 1")),
        };
        let code = self.u32(little)?;
        // EWKB flags (PostGIS) or ISO WKB thousands.
        let z = code & 0x8000_0000 != 0;
        let m = code & 0x4000_0000 != 0;
        if code & 0x2000_0000 != 0 {
            // An EWKB SRID follows the type.
            self.u32(little)?;
        }
        let iso = code & 0x0FFF_FFFF;
        let (base, dims) = match iso / 1000 {
            0 => (iso, 2 + usize::from(z) + usize::from(m)),
            1 | 2 => (iso % 1000, 3),
            3 => (iso % 1000, 4),
            _ => return Err(format!("unknown WKB type {code}")),
        };
        if !(1..=7).contains(&base) {
            return Err(format!("unknown WKB type {code}"));
        }
        Ok((little, base, dims))
    }

    fn coord(&mut self, little: bool, dims: usize) -> Result<Coord<f64>, String> {
        let x = self.f64(little)?;
        let y = self.f64(little)?;
        for _ in 2..dims {
            self.f64(little)?;
        }
        Ok(Coord { x, y })
    }

    fn line(&mut self, little: bool, dims: usize) -> Result<LineString<f64>, String> {
        let n = self.count(little, 8 * dims)?;
        (0..n)
            .map(|_| self.coord(little, dims))
            .collect::<Result<_, _>>()
            .map(LineString)
    }

    fn polygon(&mut self, little: bool, dims: usize) -> Result<Polygon<f64>, String> {
        let rings = self.count(little, 4)?;
        let mut all = (0..rings)
            .map(|_| self.line(little, dims))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter();
        let exterior = all.next().unwrap_or_else(|| LineString(Vec::new()));
        Ok(Polygon::new(exterior, all.collect()))
    }

    /// A geometry; `depth` 0 at the top, 1 inside a multi-part or collection (where only
    /// simple geometries may be).
    fn geometry(&mut self, depth: usize) -> Result<Geometry<f64>, String> {
        let (little, base, dims) = self.head()?;
        if depth > 0 && base > 3 {
            return Err("a multi-part geometry nested in another".into());
        }
        Ok(match base {
            1 => {
                let c = self.coord(little, dims)?;
                if c.x.is_nan() && c.y.is_nan() {
                    Geometry::MultiPoint(MultiPoint(Vec::new()))
                } else {
                    Geometry::Point(Point(c))
                }
            }
            2 => Geometry::LineString(self.line(little, dims)?),
            3 => Geometry::Polygon(self.polygon(little, dims)?),
            _ => {
                // The least a part can be: a point's 21 bytes; an empty line's or
                // polygon's 9.
                let least = if base == 4 { 21 } else { 9 };
                let n = self.count(little, least)?;
                if n > MAX_PARTS {
                    return Err(format!("{n} parts (at most {MAX_PARTS} are read)"));
                }
                let parts = (0..n)
                    .map(|_| self.geometry(depth + 1))
                    .collect::<Result<Vec<_>, _>>()?;
                collect(base, parts)?
            }
        })
    }
}

/// The parts of a multi-geometry (type 4–6) or collection (7), as that geometry.
fn collect(base: u32, parts: Vec<Geometry<f64>>) -> Result<Geometry<f64>, String> {
    let wrong = || format!("a multi-part geometry (type {base}) with a part of another type");
    Ok(match base {
        4 => Geometry::MultiPoint(MultiPoint(
            parts
                .into_iter()
                .filter_map(|g| match g {
                    Geometry::Point(p) => Some(Ok(p)),
                    Geometry::MultiPoint(_) => None,
                    _ => Some(Err(wrong())),
                })
                .collect::<Result<_, _>>()?,
        )),
        5 => Geometry::MultiLineString(MultiLineString(
            parts
                .into_iter()
                .map(|g| match g {
                    Geometry::LineString(l) => Ok(l),
                    _ => Err(wrong()),
                })
                .collect::<Result<_, _>>()?,
        )),
        6 => Geometry::MultiPolygon(MultiPolygon(
            parts
                .into_iter()
                .map(|g| match g {
                    Geometry::Polygon(p) => Ok(p),
                    _ => Err(wrong()),
                })
                .collect::<Result<_, _>>()?,
        )),
        _ => Geometry::GeometryCollection(geo::GeometryCollection(parts)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkb_counts_past_the_bytes_are_refused_before_memory_is_taken() {
        // A GP header without envelope, then a LineString declaring 2^32-1 points.
        let mut blob = b"GP\0\x01".to_vec();
        blob.extend_from_slice(&4326i32.to_le_bytes());
        blob.push(1);
        blob.extend_from_slice(&2u32.to_le_bytes());
        blob.extend_from_slice(&u32::MAX.to_le_bytes());
        let e = geometry(&blob).expect_err("refused");
        assert!(e.contains("more than its bytes hold"), "{e}");
    }

    #[test]
    fn nesting_deeper_than_wkb_has_is_refused() {
        let mut blob = b"GP\0\x01".to_vec();
        blob.extend_from_slice(&4326i32.to_le_bytes());
        for _ in 0..3 {
            blob.push(1);
            blob.extend_from_slice(&7u32.to_le_bytes());
            blob.extend_from_slice(&1u32.to_le_bytes());
        }
        let e = geometry(&blob).expect_err("refused");
        assert!(e.contains("nested"), "{e}");
    }

    #[test]
    fn iso_z_points_keep_their_longitude_and_latitude() {
        let mut blob = b"GP\0\x01".to_vec();
        blob.extend_from_slice(&4326i32.to_le_bytes());
        blob.push(1);
        blob.extend_from_slice(&1001u32.to_le_bytes());
        for v in [74.5f64, 42.8, 1500.0] {
            blob.extend_from_slice(&v.to_le_bytes());
        }
        let g = geometry(&blob).expect("read").expect("not empty");
        assert_eq!(g, Geometry::Point(Point::new(74.5, 42.8)));
    }
}
