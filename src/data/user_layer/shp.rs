//! Shapefile layers (a GIS colleague's export), zipped (.shp, .dbf, .prj in one .zip) or
//! as a .shp beside its .dbf and .prj, read by the `shapefile` crate: each record is a
//! feature, its attribute table's fields its properties. The .prj says what the
//! coordinates are in: longitude/latitude is read as it is, Web Mercator converted, any
//! other projection refused with its name.

use std::io::Cursor;

use shapefile::dbase::{self, FieldValue};

use super::foreign::{ForeignFeature, Zip, layer_of};
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

/// Reads a Shapefile's parts as a layer.
pub(super) fn parse_shapefile(
    name: &str,
    file: &str,
    parts: &Parts,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let mut notes = Vec::new();
    let crs = match &parts.prj {
        None => {
            notes.push("no .prj file: the coordinates are read as longitude/latitude".to_owned());
            Crs::LonLat
        }
        Some(prj) => {
            let (crs, note) = crs_of_prj(super::decode(file, Some("the .prj file"), prj)?)
                .map_err(|problem| refused(file, problem))?;
            notes.extend(note);
            crs
        }
    };
    let shapes = shapefile::ShapeReader::new(Cursor::new(parts.shp.as_slice()))
        .and_then(|r| r.read())
        .map_err(|e| refused(file, format!("not a Shapefile (.shp): {e}")))?;
    let records = match &parts.dbf {
        None => {
            notes.push("no .dbf file: the features have no attributes".to_owned());
            Vec::new()
        }
        Some(dbf) => records(file, dbf, parts.cpg.as_deref())?,
    };
    let mut items = Vec::with_capacity(shapes.len());
    for (k, shape) in shapes.into_iter().enumerate() {
        let properties = records.get(k).cloned().unwrap_or_default();
        let label = [
            "name", "NAME", "Name", "name_en", "NAME_EN", "title", "id", "ID",
        ]
        .iter()
        .find_map(|f| properties.get(*f))
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let (geometry, unconverted) = match shape {
            shapefile::Shape::NullShape => (None, None),
            shape => match geo::Geometry::<f64>::try_from(shape) {
                Ok(g) => (Some(g), None),
                Err(e) => (None, Some(e.to_string())),
            },
        };
        items.push(ForeignFeature {
            label,
            properties,
            geometry,
            unread: unconverted
                .map(|why| format!("its shape could not be read ({why}); not drawn")),
            place: format!("record {}", k + 1),
        });
    }
    layer_of(name, file, items, crs, notes, progress)
}

/// The attribute table's rows, each as JSON properties in the table's field order.
fn records(
    file: &str,
    dbf: &[u8],
    cpg: Option<&[u8]>,
) -> Result<Vec<serde_json::Map<String, serde_json::Value>>, LayerError> {
    let fail = |e: dbase::Error| refused(file, format!("the .dbf file: {e}"));
    // The code page the .cpg names, else the one the table's header names, else UTF-8
    // with any other byte shown as U+FFFD rather than the table refused.
    let named = cpg
        .map(String::from_utf8_lossy)
        .and_then(|name| dbase::encoding::DynEncoding::from_name(&name));
    let mut reader = match named {
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
    .map_err(fail)?;
    let fields: Vec<String> = reader
        .fields()
        .iter()
        .map(|f| f.name().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.iter_records() {
        let record = record.map_err(fail)?;
        let row = fields
            .iter()
            .filter_map(|f| Some((f.clone(), json_of(record.get(f)?))))
            .collect();
        rows.push(row);
    }
    Ok(rows)
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
