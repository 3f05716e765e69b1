//! A file an analyst brings, as an extra layer: GeoJSON (RFC 7946 and what real files
//! contain) or CSV with latitude and longitude columns. `casa export --layer` draws it and
//! `casa check --layer` validates it.
//!
//! What can be used is kept; every feature that cannot is listed with its index (or id),
//! its JSON path and the reason; what RFC 7946 forbids or advises against is a warning that
//! says what was done; a file that cannot be used at all is refused with its name and the
//! reason. Files are only read, never modified. Limits keep a hostile file from exhausting
//! memory.

mod csv;
mod foreign;
mod geojson;
mod gpkg;
mod gpx;
mod kml;
mod members;
mod scan;
mod shapes;
mod shp;
mod validity;
mod xml;

pub(crate) use foreign::Zip;

use std::path::Path;

use super::{LoadIssue, Severity};
use crate::model::user_layer::{MAX_LISTED_ISSUES, MAX_TEXT_BYTES, cut_text};
use crate::model::user_layer::{Shapes, UserFeature, UserLayer};

pub use csv::parse_csv;
pub use geojson::{parse_layer, parse_layer_with};

/// The largest file read as a layer (bytes); larger files are refused with this number.
pub const MAX_LAYER_BYTES: u64 = 512 * 1024 * 1024;

/// The most positions a layer may hold; beyond it the file is refused (a layer this size
/// would not be legible on a map anyway).
pub const MAX_LAYER_VERTICES: usize = 50_000_000;

/// The deepest nesting of JSON arrays and objects accepted (serde_json's own limit): a
/// hostile file cannot exhaust the stack.
pub const MAX_JSON_DEPTH: usize = 128;

/// The memory an import may take unless `CASA_IMPORT_MEMORY` says otherwise: at most this,
/// and never more than [`MEMORY_PER_FILE_BYTE`] times the file's size plus
/// [`MEMORY_ALLOWANCE`].
pub const DEFAULT_MEMORY_CAP: u64 = 4 << 30;
/// What an import may take per byte of its file.
pub const MEMORY_PER_FILE_BYTE: u64 = 6;
/// What an import may take besides (a small file with many features).
pub const MEMORY_ALLOWANCE: u64 = 64 << 20;

/// The memory an import of a file of `file_bytes` may take: what `CASA_IMPORT_MEMORY`
/// says (bytes, or a number with `MiB` or `GiB`), else [`MEMORY_PER_FILE_BYTE`] times its
/// size plus [`MEMORY_ALLOWANCE`], at most [`DEFAULT_MEMORY_CAP`].
pub fn memory_allowed(file_bytes: u64) -> u64 {
    if let Some(set) = std::env::var("CASA_IMPORT_MEMORY")
        .ok()
        .and_then(|v| parse_bytes(&v))
    {
        return set;
    }
    file_bytes
        .saturating_mul(MEMORY_PER_FILE_BYTE)
        .saturating_add(MEMORY_ALLOWANCE)
        .min(DEFAULT_MEMORY_CAP)
}

/// "8GiB", "512 MiB", "1073741824": a number of bytes.
fn parse_bytes(text: &str) -> Option<u64> {
    let t = text.trim();
    let (number, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => (&t[..at], t[at..].trim()),
        None => (t, ""),
    };
    let n: u64 = number.parse().ok()?;
    let unit = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(unit)
}

/// How far a load has come, shared with the thread that shows it; setting `cancel` stops
/// the load at the next feature.
#[derive(Debug, Default)]
pub struct Progress {
    /// Units done (bytes while reading, features while parsing).
    pub done: std::sync::atomic::AtomicU64,
    /// Units in all.
    pub total: std::sync::atomic::AtomicU64,
    /// 0 reading, 1 parsing, 2 building the map.
    pub stage: std::sync::atomic::AtomicU8,
    /// Asks the load to stop.
    pub cancel: std::sync::atomic::AtomicBool,
}

/// Why a layer file gives nothing to draw.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayerError {
    /// The user cancelled the load.
    #[error("cancelled")]
    Cancelled,
    /// Nothing in the file could be used.
    #[error(
        "{}: {}",
        crate::model::issue::escape_controls(file),
        crate::model::issue::escape_controls(&crate::model::issue::shorten(
            problem,
            crate::model::issue::MAX_PROBLEM_CHARS
        ))
    )]
    Refused {
        /// The file, as the user named it.
        file: String,
        /// What is wrong with it, and what to do.
        problem: String,
    },
}

/// A whole file refused, with why.
fn refused(file: &str, problem: impl Into<String>) -> LayerError {
    LayerError::Refused {
        file: file.to_owned(),
        problem: problem.into(),
    }
}

impl Progress {
    fn set(&self, stage: u8, done: u64, total: u64) {
        use std::sync::atomic::Ordering::Relaxed;
        self.stage.store(stage, Relaxed);
        self.total.store(total, Relaxed);
        self.done.store(done, Relaxed);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The fraction done and what is being done, for a progress bar.
    pub fn status(&self) -> (f32, &'static str) {
        use std::sync::atomic::Ordering::Relaxed;
        let (done, total) = (self.done.load(Relaxed), self.total.load(Relaxed));
        let fraction = if total == 0 {
            0.0
        } else {
            (done as f64 / total as f64) as f32
        };
        let stage = match self.stage.load(Relaxed) {
            0 => "Reading",
            1 => "Reading features",
            _ => "Drawing",
        };
        (fraction.clamp(0.0, 1.0), stage)
    }
}

/// The formats a layer file can be in, told by its extension (anything else is read as
/// GeoJSON, whatever its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerFormat {
    /// RFC 7946 GeoJSON (`.geojson`, `.json`, or any other name).
    GeoJson,
    /// Comma, semicolon or tab separated values with latitude and longitude columns.
    Csv,
    /// Google Earth's KML.
    Kml,
    /// KML zipped (Google Earth's KMZ).
    Kmz,
    /// GPX from a GPS device.
    Gpx,
    /// A Shapefile zipped with its .dbf and .prj.
    ZippedShapefile,
    /// A Shapefile's .shp, its .dbf and .prj beside it.
    Shapefile,
    /// An OGC GeoPackage (SQLite): every feature table.
    GeoPackage,
}

impl LayerFormat {
    /// The extensions of the files CASA reads as layers (for the file dialogs).
    pub const EXTENSIONS: [&str; 10] = [
        "geojson", "json", "csv", "tsv", "kml", "kmz", "gpx", "zip", "shp", "gpkg",
    ];

    /// The format of a file, by its name's extension.
    pub fn of(file_name: &Path) -> LayerFormat {
        let ext = file_name
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" | "tsv" => LayerFormat::Csv,
            "kml" => LayerFormat::Kml,
            "kmz" => LayerFormat::Kmz,
            "gpx" => LayerFormat::Gpx,
            "zip" | "shz" => LayerFormat::ZippedShapefile,
            "shp" => LayerFormat::Shapefile,
            "gpkg" => LayerFormat::GeoPackage,
            _ => LayerFormat::GeoJson,
        }
    }
}

/// Reads a layer file (read-only) as a layer named after the file: GeoJSON, CSV, KML, KMZ,
/// GPX or a Shapefile (zipped, or a .shp beside its .dbf and .prj). The error names the
/// file and why nothing in it could be used.
pub fn load_layer(path: &Path) -> Result<UserLayer, LayerError> {
    load_layer_with(path, &Progress::default())
}

/// [`load_layer`], reporting progress and stopping (with [`LayerError::Cancelled`]) when asked.
pub fn load_layer_with(path: &Path, progress: &Progress) -> Result<UserLayer, LayerError> {
    let file = crate::data::source::shown(path);
    // Only regular files, no more than a layer may be, and no more than their size when
    // they were looked at.
    let read = |path: &Path| -> Result<Vec<u8>, LayerError> {
        let mut told = |done: u64, total: u64| {
            progress.set(0, done, total);
            !progress.cancelled()
        };
        let bytes = crate::data::source::read_bytes(path, MAX_LAYER_BYTES, &mut told).map_err(
            |problem| LayerError::Refused {
                file: file.clone(),
                problem,
            },
        )?;
        if progress.cancelled() {
            return Err(LayerError::Cancelled);
        }
        Ok(bytes)
    };
    let bytes = read(path)?;
    let name = path
        .file_stem()
        .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
    if LayerFormat::of(path) == LayerFormat::Shapefile {
        // The .dbf and .prj beside the .shp, in either case.
        let sibling = |ext: &str| {
            [ext.to_owned(), ext.to_ascii_uppercase()]
                .into_iter()
                .map(|e| path.with_extension(e))
                .find(|p| p.is_file())
        };
        let parts = shp::Parts {
            shp: bytes,
            dbf: sibling("dbf").map(|p| read(&p)).transpose()?,
            prj: sibling("prj").map(|p| read(&p)).transpose()?,
            cpg: sibling("cpg").map(|p| read(&p)).transpose()?,
        };
        let layer = shp::parse_shapefile(&name, &file, &parts, progress);
        drop(parts);
        crate::sys::memory::give_back_freed();
        return layer;
    }
    let layer = parse_layer_bytes(&name, &file, LayerFormat::of(path), &bytes, progress);
    // The file's text is freed now; its pages go back to the system before the layer is
    // projected and indexed (the import's other big step).
    drop(bytes);
    crate::sys::memory::give_back_freed();
    layer
}

/// Reads a layer from a file's bytes in the given format; `name` names the layer and `file`
/// the file in messages. (A `.shp` alone: its .dbf and .prj are not at hand here.)
pub fn parse_layer_bytes(
    name: &str,
    file: &str,
    format: LayerFormat,
    bytes: &[u8],
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    match format {
        LayerFormat::GeoJson => parse_layer_with(name, file, decode(file, None, bytes)?, progress),
        LayerFormat::Csv => parse_csv(name, file, decode(file, None, bytes)?),
        LayerFormat::Kml => kml::parse_kml(name, file, decode(file, None, bytes)?, progress),
        LayerFormat::Kmz => kml::parse_kmz(name, file, bytes, progress),
        LayerFormat::Gpx => gpx::parse_gpx(name, file, bytes, progress),
        LayerFormat::GeoPackage => gpkg::parse_gpkg(name, file, bytes, progress),
        LayerFormat::ZippedShapefile => {
            let parts = shp::parts_in_zip(file, bytes)?;
            shp::parse_shapefile(name, file, &parts, progress)
        }
        LayerFormat::Shapefile => {
            let parts = shp::Parts {
                shp: bytes.to_vec(),
                dbf: None,
                prj: None,
                cpg: None,
            };
            shp::parse_shapefile(name, file, &parts, progress)
        }
    }
}

/// Reads a Shapefile from its parts' bytes: the .shp, and the .dbf and .prj if there are
/// any (what [`load_layer`] finds beside a .shp or inside a .zip).
pub fn parse_shapefile_parts(
    name: &str,
    file: &str,
    shp: &[u8],
    dbf: Option<&[u8]>,
    prj: Option<&[u8]>,
) -> Result<UserLayer, LayerError> {
    let parts = shp::Parts {
        shp: shp.to_vec(),
        dbf: dbf.map(<[u8]>::to_vec),
        prj: prj.map(<[u8]>::to_vec),
        cpg: None,
    };
    shp::parse_shapefile(name, file, &parts, &Progress::default())
}

/// The text of a file (or of `part` of it, an entry of an archive): UTF-8, a byte-order
/// mark dropped; anything else is refused with what it looks like.
fn decode<'a>(file: &str, part: Option<&str>, bytes: &'a [u8]) -> Result<&'a str, LayerError> {
    let within = |problem: String| match part {
        Some(part) => refused(file, format!("{part}: {problem}")),
        None => refused(file, problem),
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(within(
            "the file is UTF-16 text; save it as UTF-8 (GeoJSON is UTF-8 by RFC 7946)".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        within(format!(
            "not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            e.valid_up_to()
        ))
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Positions read so far (for the vertex limit), the memory the layer takes so far (for
/// the import's budget), rings rewound, and positions out of longitude/latitude range (to
/// tell a projected file).
#[derive(Default)]
struct Budget {
    vertices: usize,
    /// The layer's size so far (bytes, estimated), and what it may take.
    bytes: u64,
    allowed: u64,
    rewound: usize,
    /// Features refused because a position is out of range, and the first such position.
    out_of_range: usize,
    first_out_of_range: Option<[f64; 2]>,
    /// Features read, and those of them that had a geometry.
    seen: usize,
    located: usize,
}

impl Budget {
    /// The budget of a layer read from a file of `file_bytes`.
    fn for_file(file_bytes: usize) -> Self {
        Self {
            allowed: memory_allowed(file_bytes as u64),
            ..Self::default()
        }
    }

    fn add(&mut self, other: &Budget) {
        self.vertices += other.vertices;
        self.rewound += other.rewound;
        self.out_of_range += other.out_of_range;
        self.seen += other.seen;
        self.located += other.located;
        if self.first_out_of_range.is_none() {
            self.first_out_of_range = other.first_out_of_range;
        }
    }
}

fn vertex_limit(file: &str) -> LayerError {
    refused(
        file,
        format!(
            "more than {MAX_LAYER_VERTICES} positions (the limit for a layer); simplify the file"
        ),
    )
}

/// A problem in one feature: where (a JSON path), what, and whether the feature was
/// skipped ([`Severity::Error`]) or read as described ([`Severity::Warning`],
/// [`Severity::Notice`]).
#[derive(Clone, Debug, PartialEq)]
struct Lint {
    severity: Severity,
    path: String,
    problem: String,
}

/// Adds a converted feature to the layer (if it has one), with what was found in it and
/// its shapes' count; refused when the layer would pass the limit of positions or the
/// memory the import may take. A name or a property value longer than [`MAX_TEXT_BYTES`]
/// is cut (and said so).
#[allow(clippy::too_many_arguments)]
fn admit(
    layer: &mut UserLayer,
    budget: &mut Budget,
    file: &str,
    index: usize,
    id: Option<&str>,
    feature: Option<UserFeature>,
    mut lints: Vec<Lint>,
) -> Result<(), LayerError> {
    let feature = feature.map(|f| cut_texts(f, &mut lints));
    if budget.vertices > MAX_LAYER_VERTICES {
        return Err(vertex_limit(file));
    }
    // Problems past the listed ones are only counted, and cost nothing.
    let listed = layer.skipped.len() < MAX_LISTED_ISSUES;
    budget.bytes += feature.as_ref().map_or(0, feature_bytes)
        + lints
            .iter()
            .filter(|_| listed)
            .map(|l| (ISSUE_BYTES + l.path.len() + l.problem.len()) as u64)
            .sum::<u64>();
    if budget.bytes > budget.allowed {
        return Err(over_budget(file, budget.allowed));
    }
    merge(layer, file, index, id, feature, lints);
    Ok(())
}

/// What one listed problem costs besides its text (bytes, estimated).
const ISSUE_BYTES: usize = 160;

/// What a feature costs in memory (bytes, estimated from its parts).
fn feature_bytes(f: &UserFeature) -> u64 {
    let positions = f.points.len()
        + f.lines.iter().map(Vec::len).sum::<usize>()
        + f.polygons.iter().flatten().map(Vec::len).sum::<usize>();
    let parts = f.lines.len() + f.polygons.iter().map(Vec::len).sum::<usize>() + f.polygons.len();
    (96 + f.label.len() + f.properties_json.len() + 16 * positions + 24 * parts) as u64
}

/// Refused: the layer would take more memory than an import of this file may.
fn over_budget(file: &str, allowed: u64) -> LayerError {
    refused(
        file,
        format!(
            "reading it would take more than the {} MiB an import of this file may use ({MEMORY_PER_FILE_BYTE}× its size plus {} MiB, at most {} MiB, unless set otherwise); if the file is what it should be, allow more with the environment variable CASA_IMPORT_MEMORY (for example CASA_IMPORT_MEMORY=8GiB)",
            allowed >> 20,
            MEMORY_ALLOWANCE >> 20,
            DEFAULT_MEMORY_CAP >> 20
        ),
    )
}

/// A feature's name cut to [`MAX_TEXT_BYTES`] (at a character's boundary), with a warning;
/// its properties are cut when they are shown ([`UserFeature::properties`]).
fn cut_texts(mut f: UserFeature, lints: &mut Vec<Lint>) -> UserFeature {
    if f.label.len() > MAX_TEXT_BYTES {
        let full = f.label.len();
        f.label = cut_text(&f.label, MAX_TEXT_BYTES).into();
        lints.push(Lint {
            severity: Severity::Warning,
            path: String::new(),
            problem: format!(
                "its name is {full} bytes long: cut to {} KiB for the map and the side panel",
                MAX_TEXT_BYTES >> 10
            ),
        });
    }
    f
}

/// Adds a converted feature to the layer (if it has one), with what was found in it.
fn merge(
    layer: &mut UserLayer,
    file: &str,
    index: usize,
    id: Option<&str>,
    feature: Option<UserFeature>,
    lints: Vec<Lint>,
) {
    let where_ = match id {
        Some(id) => format!("feature {} ({id})", index + 1),
        None => format!("feature {}", index + 1),
    };
    for lint in lints {
        layer.list(LoadIssue {
            file: file.to_owned(),
            feature: Some(where_.clone()),
            problem: lint.problem,
            severity: lint.severity,
            path: (!lint.path.is_empty()).then_some(lint.path),
        });
    }
    if let Some(feature) = feature {
        layer.features.push(feature);
    }
}

/// Notes the rings rewound. A layer with nothing to draw is kept, with the reason, unless its coordinates are not
/// longitude and latitude at all: that is a whole-file problem, and refused.
fn finish(mut layer: UserLayer, file: &str, budget: &Budget) -> Result<UserLayer, LayerError> {
    if budget.rewound > 0 {
        layer.notes.push(format!(
            "{} ring(s) wound clockwise, against RFC 7946's right-hand rule: rewound",
            budget.rewound
        ));
    }
    if !layer.features.is_empty() {
        return Ok(layer);
    }
    if budget.out_of_range > 0 && budget.out_of_range == budget.located {
        let [x, y] = budget.first_out_of_range.unwrap_or_default();
        return Err(refused(
            file,
            format!(
                "every position is outside longitude/latitude range (the first is [{x}, {y}]): the coordinates look projected (metres?); CASA reads longitude and latitude in degrees (WGS 84, as RFC 7946 requires). Reproject the file to EPSG:4326 (for GeoJSON in Web Mercator, a \"crs\" member naming EPSG:3857 also does; for a Shapefile, its .prj)"
            ),
        ));
    }
    let errors = layer
        .skipped
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .count();
    layer.empty = Some(
        match layer.skipped.iter().find(|i| i.severity == Severity::Error) {
            Some(first) => format!(
                "nothing to draw: {} skipped (the first: {}{})",
                plural(errors, "feature was", "features were"),
                first
                    .feature
                    .as_deref()
                    .map_or(String::new(), |f| format!("{f}: ")),
                first.problem
            ),
            None if budget.seen == 1 => {
                "nothing to draw: its only feature has no geometry".to_owned()
            }
            None if budget.seen > 1 => "nothing to draw: no feature has a geometry".to_owned(),
            None => "nothing to draw: the file has no features".to_owned(),
        },
    );
    Ok(layer)
}

/// "1 feature was", "3 features were".
fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
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
        assert_eq!(&*layer.features[0].label, "Depot");
        let messages: Vec<String> = layer.skipped.iter().map(ToString::to_string).collect();
        assert!(messages[0].starts_with(
            "depots.geojson: feature 2 (b) at features[1].geometry.coordinates: latitude 169.2"
        ));
        assert!(
            messages[1].contains(
                "feature 3 at features[2].geometry.coordinates[0]: a ring of 3 positions"
            ),
            "{messages:?}"
        );
    }

    #[test]
    fn unusable_files_say_why() {
        let err = parse_layer("x", "x.geojson", "{\"type\": \"Feature\",")
            .expect_err("bad")
            .to_string();
        assert!(
            err.starts_with("x.geojson: not valid JSON at line 1"),
            "{err}"
        );
        let err = parse_layer("x", "x.geojson", "{\"hello\": 1}")
            .expect_err("not geojson")
            .to_string();
        assert!(err.starts_with("x.geojson: not GeoJSON"), "{err}");
        let err = parse_layer("x", "x.geojson", "  ").expect_err("empty");
        assert_eq!(err.to_string(), "x.geojson: the file is empty");
        assert_eq!(
            err,
            LayerError::Refused {
                file: "x.geojson".into(),
                problem: "the file is empty".into()
            }
        );
    }
}
