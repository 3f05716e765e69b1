//! Shapefile layers (a GIS colleague's export), zipped (.shp, .dbf, .prj in one .zip) or
//! as a .shp beside its .dbf and .prj, each record's shape read by the `shapefile` crate
//! once its sizes are checked: each record is a feature, its attribute table's fields its properties. The .prj says what the
//! coordinates are in: longitude/latitude is read as it is, Web Mercator converted, any
//! other projection refused with its name.

use std::io::Cursor;

use shapefile::ReadableShape;
use shapefile::dbase::{self, FieldValue};

use super::foreign::{ForeignFeature, ForeignLayer, Zip};
use super::members::warning;
use super::shapes::Crs;
use super::{LayerError, Progress, UserLayer, refused};

/// The parts of a Shapefile, as bytes.
pub(super) struct Parts {
    /// The geometry (.shp).
    pub(super) shp: Vec<u8>,
    /// The attributes (.dbf), if there are any.
    pub(super) dbf: Option<Vec<u8>>,
    /// The coordinate system (.prj, WKT), if given.
    pub(super) prj: Option<Vec<u8>>,
    /// The attribute table's code page (.cpg: "ISO-8859-1", "1251"…), if given.
    pub(super) cpg: Option<Vec<u8>>,
}

/// The parts of a zipped Shapefile: its first .shp and the .dbf and .prj of that name.
pub(super) fn parts_in_zip(file: &str, bytes: &[u8]) -> Result<Parts, LayerError> {
    let mut zip = Zip::open(file, bytes)?;
    let shp = zip.find("shp", None).ok_or_else(|| {
        refused(
            file,
            "a zip archive without a .shp file (CASA reads zipped Shapefiles, and KML as .kmz)",
        )
    })?;
    let stem = &shp[..shp.len() - 4];
    let sibling = |ext: &str| {
        zip.names().into_iter().find(|n| {
            n.strip_prefix(stem)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        })
    };
    let (dbf, prj, cpg) = (sibling("dbf"), sibling("prj"), sibling("cpg"));
    Ok(Parts {
        shp: zip.read(&shp)?,
        dbf: dbf.map(|n| zip.read(&n)).transpose()?,
        prj: prj.map(|n| zip.read(&n)).transpose()?,
        cpg: cpg.map(|n| zip.read(&n)).transpose()?,
    })
}

/// Reads a Shapefile's parts as a layer, record by record: each record's declared sizes
/// are checked against its bytes before anything is read from it, and the attribute
/// table is read a row per record (rows past the last record are never read).
pub(super) fn parse_shapefile(
    name: &str,
    file: &str,
    parts: &Parts,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let (crs, note) = match &parts.prj {
        None => (
            Crs::LonLat,
            Some("no .prj file: the coordinates are read as longitude/latitude".to_owned()),
        ),
        Some(prj) => crs_of_prj(super::decode(file, Some("the .prj file"), prj)?)
            .map_err(|problem| refused(file, problem))?,
    };
    let size = parts.shp.len() + parts.dbf.as_ref().map_or(0, Vec::len);
    let mut layer = ForeignLayer::new(name, file, crs, size, progress);
    layer.note_some(note);
    let records = Records::new(&parts.shp)
        .map_err(|e| refused(file, format!("not a Shapefile (.shp): {e}")))?;
    let mut table = match &parts.dbf {
        None => {
            layer.note("no .dbf file: the features have no attributes".to_owned());
            None
        }
        Some(dbf) => Some(open_table(file, dbf, parts.cpg.as_deref())?),
    };
    let fields: Vec<String> = table.as_ref().map_or_else(Vec::new, |t| {
        t.fields().iter().map(|f| f.name().to_owned()).collect()
    });
    let mut rows = table.as_mut().map(dbase::Reader::iter_records);
    let total = parts.shp.len() as u64;
    for (k, record) in records.enumerate() {
        if k.is_multiple_of(4096) {
            layer.reached(record.as_ref().map_or(total, |r| r.at), total)?;
        }
        let mut item = ForeignFeature::at(format!("record {}", k + 1));
        if let Some(row) = rows.as_mut().and_then(Iterator::next) {
            match row {
                Ok(row) => item.properties = properties(&fields, &row),
                Err(e) => item.problems.push(warning(
                    &item.place,
                    format!("its row of the .dbf file cannot be read ({e}): no attributes"),
                )),
            }
        }
        let record = match record {
            Ok(record) => record,
            Err(cut) => {
                layer.note(cut);
                break;
            }
        };
        if record.content.get(..4) == Some(&[0; 4]) {
            layer.placeless();
            continue;
        }
        item.label = label(&item.properties);
        match shape_of(record.content) {
            Ok(g) => item.geometry = Some(g),
            Err(why) => {
                item.unread = Some(warning(
                    &item.place,
                    format!("its shape cannot be read ({why}); not drawn"),
                ));
            }
        }
        layer.add(item)?;
    }
    layer.finish()
}

/// The name a feature is labelled with: its table's first name-like field.
fn label(properties: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    [
        "name", "NAME", "Name", "name_en", "NAME_EN", "title", "id", "ID",
    ]
    .iter()
    .find_map(|f| properties.get(*f))
    .map(|v| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

/// A record's shape as geometry, its declared counts checked against its bytes first (a
/// record that says it has two billion points is refused, not allocated for).
fn shape_of(content: &[u8]) -> Result<geo::Geometry<f64>, String> {
    let int = |at: usize| {
        content
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(-1, |b: [u8; 4]| i64::from(i32::from_le_bytes(b)))
    };
    // The bytes before the points (type, bounding box, counts), the part indices (and a
    // multipatch's part types), and the points.
    let (header, parts, points) = match int(0) {
        1 | 11 | 21 => (4, 0, 1),
        8 | 18 | 28 => (40, 0, int(36)),
        3 | 5 | 13 | 15 | 23 | 25 => (44, int(36), int(40)),
        31 => (44, 2 * int(36), int(40)),
        other => return Err(format!("shape type {other} is not a Shapefile's")),
    };
    let need = header + 4 * parts + 16 * points;
    if parts < 0 || points < 0 || need > content.len() as i64 {
        return Err(format!(
            "it declares {points} points in {} parts, more than its {} bytes hold",
            parts.max(0),
            content.len()
        ));
    }
    let mut cursor = Cursor::new(content);
    let size = i32::try_from(content.len()).map_err(|e| e.to_string())?;
    let shape = shapefile::Shape::read_from(&mut cursor, size).map_err(|e| e.to_string())?;
    geo::Geometry::<f64>::try_from(shape).map_err(|e| e.to_string())
}

/// A record of a .shp file: where it is and its content (the shape type first).
struct Record<'a> {
    at: u64,
    content: &'a [u8],
}

/// The records of a .shp file, each found from its header; a header that reaches past
/// the end of the file ends them, with a note (the records before it are kept).
struct Records<'a> {
    shp: &'a [u8],
    at: usize,
    end: usize,
    read: usize,
}

impl<'a> Records<'a> {
    fn new(shp: &'a [u8]) -> Result<Self, String> {
        let word = |at: usize| {
            shp.get(at..at + 4)
                .and_then(|b| b.try_into().ok())
                .map(i32::from_be_bytes)
        };
        match word(0) {
            Some(9994) => {}
            Some(_) => return Err("its first bytes are not a Shapefile's (file code 9994)".into()),
            None => {
                return Err(format!(
                    "{} bytes, shorter than a Shapefile's header",
                    shp.len()
                ));
            }
        }
        let declared = word(24).map_or(0, |w| 2 * w.max(0) as usize);
        let end = if declared >= 100 {
            declared.min(shp.len())
        } else {
            shp.len()
        };
        Ok(Self {
            shp,
            at: 100,
            end,
            read: 0,
        })
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, String>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.at + 8 > self.end {
            return None;
        }
        let at = self.at;
        let words = self.shp[at + 4..at + 8]
            .try_into()
            .map_or(0, i32::from_be_bytes);
        let len = 2 * i64::from(words);
        self.read += 1;
        if len < 4 || at as i64 + 8 + len > self.shp.len() as i64 {
            self.at = self.end;
            return Some(Err(format!(
                "the .shp file ends inside record {} (its header at byte {at} declares {len} bytes): cut short or damaged; the records before it are read",
                self.read
            )));
        }
        let content = &self.shp[at + 8..at + 8 + len as usize];
        self.at += 8 + len as usize;
        Some(Ok(Record {
            at: at as u64,
            content,
        }))
    }
}

/// The attribute table, in the code page the .cpg names, else the one the table's header
/// names, else UTF-8 with any other byte shown as U+FFFD rather than the table refused.
fn open_table<'d>(
    file: &str,
    dbf: &'d [u8],
    cpg: Option<&[u8]>,
) -> Result<dbase::Reader<Cursor<&'d [u8]>>, LayerError> {
    let named = cpg
        .map(String::from_utf8_lossy)
        .and_then(|name| dbase::encoding::DynEncoding::from_name(&name));
    match named {
        Some(encoding) => dbase::ReaderBuilder::new()
            .with_encoding(encoding)
            .build(Cursor::new(dbf)),
        None => dbase::Reader::new(Cursor::new(dbf)),
    }
    .or_else(|_| {
        dbase::ReaderBuilder::new()
            .with_encoding(dbase::UnicodeLossy)
            .build(Cursor::new(dbf))
    })
    .map_err(|e| refused(file, format!("the .dbf file: {e}")))
}

/// A row of the table as JSON properties, in the table's field order.
fn properties(
    fields: &[String],
    row: &dbase::Record,
) -> serde_json::Map<String, serde_json::Value> {
    fields
        .iter()
        .filter_map(|f| Some((f.clone(), json_of(row.get(f)?))))
        .collect()
}

/// A .dbf value as JSON (a blank value as null).
fn json_of(v: &FieldValue) -> serde_json::Value {
    use serde_json::Value;
    let number = |x: f64| serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number);
    match v {
        FieldValue::Character(s) => s
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map_or(Value::Null, |s| Value::String(s.to_owned())),
        FieldValue::Numeric(x) => x.map_or(Value::Null, number),
        FieldValue::Float(x) => x.map_or(Value::Null, |x| number(f64::from(x))),
        FieldValue::Double(x) | FieldValue::Currency(x) => number(*x),
        FieldValue::Integer(i) => Value::from(*i),
        FieldValue::Logical(b) => b.map_or(Value::Null, Value::Bool),
        FieldValue::Date(d) => d.map_or(Value::Null, |d| {
            Value::String(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        }),
        FieldValue::Memo(s) => Value::String(s.clone()),
        other => Value::String(format!("{other:?}")),
    }
}

/// The CRS a .prj's WKT names: geographic (read as it is), Web Mercator (converted), or
/// another projection (an error naming it).
fn crs_of_prj(wkt: &str) -> Result<(Crs, Option<String>), String> {
    let wkt = wkt.trim();
    let upper = wkt.to_ascii_uppercase();
    let name = wkt
        .split_once('"')
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(n, _)| n);
    if upper.starts_with("GEOGCS") || upper.starts_with("GEOGCRS") {
        let datum = if upper.contains("WGS_1984")
            || upper.contains("WGS 84")
            || upper.contains("WGS84")
        {
            None
        } else {
            Some(format!(
                "the .prj names {name}, not WGS 84: read as longitude/latitude (a datum shift of up to a few hundred metres is ignored)"
            ))
        };
        return Ok((Crs::LonLat, datum));
    }
    let mercator = [
        "PSEUDO-MERCATOR",
        "PSEUDO_MERCATOR",
        "WEB_MERCATOR",
        "MERCATOR_AUXILIARY_SPHERE",
        "3857\"]",
    ]
    .iter()
    .any(|m| upper.contains(m));
    if mercator {
        return Ok((
            Crs::WebMercator,
            Some(format!(
                "the .prj names {name}, Web Mercator in metres: reprojected to longitude/latitude"
            )),
        ));
    }
    Err(format!(
        "the .prj names {name:?}, a projection CASA cannot convert; CASA reads longitude and latitude on WGS 84: reproject the Shapefile (e.g. `ogr2ogr -t_srs EPSG:4326 out.shp in.shp`)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prj_files_name_what_the_coordinates_are_in() {
        let geographic = r#"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;
        assert_eq!(crs_of_prj(geographic), Ok((Crs::LonLat, None)));
        let mercator = r#"PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Mercator_Auxiliary_Sphere"]]"#;
        assert_eq!(crs_of_prj(mercator).map(|c| c.0), Ok(Crs::WebMercator));
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_42N",GEOGCS["GCS_WGS_1984"],PROJECTION["Transverse_Mercator"]]"#;
        let err = crs_of_prj(utm).expect_err("UTM is refused");
        assert!(
            err.starts_with(
                "the .prj names \"WGS_1984_UTM_Zone_42N\", a projection CASA cannot convert"
            ),
            "{err}"
        );
    }
}
