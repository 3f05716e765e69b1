//! A file an analyst brings, as an extra layer: GeoJSON (RFC 7946 and what real files
//! contain) or CSV with latitude and longitude columns. `casa export --layer` draws it and
//! `casa check --layer` validates it.
//!
//! What can be used is kept; every feature that cannot is listed with its index (or id) and
//! the reason; a file that cannot be used at all is refused with its name and the reason.
//! Files are only read, never modified. Limits keep a hostile file from exhausting memory.

use std::path::Path;

use geo::{Coord, LineString, Polygon, Validation};
use geojson::{Geometry, GeometryValue};
use serde_json::value::RawValue;

use super::geometry::check_position;
use super::{LoadIssue, Severity};
use crate::projection::LonLat;

/// The largest file read as a layer (bytes); larger files are refused with this number.
pub const MAX_LAYER_BYTES: u64 = 512 * 1024 * 1024;

/// The most positions a layer may hold; beyond it the file is refused (a layer this size
/// would not be legible on a map anyway).
pub const MAX_LAYER_VERTICES: usize = 50_000_000;

/// The deepest nesting of JSON arrays and objects accepted (serde_json's own limit): a
/// hostile file cannot exhaust the stack.
pub const MAX_JSON_DEPTH: usize = 128;

/// One feature of a user layer, in longitude/latitude.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserFeature {
    /// Its "name" property, else its id, else "feature N" (a CSV row: its name, id or
    /// title column, else "line N").
    pub label: Box<str>,
    /// Points.
    pub points: Vec<LonLat>,
    /// Lines.
    pub lines: Vec<Vec<LonLat>>,
    /// Polygons, each as rings (exterior first, counter-clockwise; holes clockwise).
    pub polygons: Vec<Vec<Vec<LonLat>>>,
    /// Its properties as the file's JSON text (a CSV row's other columns as a JSON object
    /// of strings): kept unparsed, so a million features cost their text, not a map each;
    /// see [`Self::properties`].
    pub properties_json: Box<str>,
}

impl UserFeature {
    /// Whether its label is a name (or id) from the file, not the "feature N" or "line N"
    /// CASA numbers it with when the file gives none: only names are written on the map.
    pub fn is_named(&self) -> bool {
        let numbered = |prefix: &str| {
            self.label
                .strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        !numbered("feature ") && !numbered("line ")
    }

    /// Its properties, parsed (empty if they are not a JSON object).
    pub fn properties(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(&self.properties_json).unwrap_or_default()
    }
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
    #[error("{file}: {problem}")]
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

/// A user's layer: its name (from the file name), its features, and what was skipped or
/// repaired.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserLayer {
    /// Shown in the legend.
    pub name: String,
    /// The usable features.
    pub features: Vec<UserFeature>,
    /// Features that could not be used (errors) and what was repaired (warnings).
    pub skipped: Vec<LoadIssue>,
    /// How the file was read ("latitude from column “lat”, longitude from “lon”").
    pub notes: Vec<String>,
}

impl UserLayer {
    /// Counts of points, lines and polygons.
    pub fn counts(&self) -> (usize, usize, usize) {
        self.features.iter().fold((0, 0, 0), |(p, l, a), f| {
            (p + f.points.len(), l + f.lines.len(), a + f.polygons.len())
        })
    }
}

/// Reads a GeoJSON or CSV file (read-only) as a layer named after the file. The error names
/// the file and why nothing in it could be used.
pub fn load_layer(path: &Path) -> Result<UserLayer, LayerError> {
    load_layer_with(path, &Progress::default())
}

/// [`load_layer`], reporting progress and stopping (with [`LayerError::Cancelled`]) when asked.
pub fn load_layer_with(path: &Path, progress: &Progress) -> Result<UserLayer, LayerError> {
    let file = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| refused(&file, format!("cannot read: {e}")))?
        .len();
    if size > MAX_LAYER_BYTES {
        return Err(refused(
            &file,
            format!("{size} bytes is over the limit of {MAX_LAYER_BYTES} bytes for a layer"),
        ));
    }
    let bytes = read_with_progress(path, size, progress)
        .map_err(|e| refused(&file, format!("cannot read: {e}")))?;
    if progress.cancelled() {
        return Err(LayerError::Cancelled);
    }
    let text = decode(&file, &bytes)?;
    let name = path
        .file_stem()
        .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
    let csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"));
    if csv {
        parse_csv(&name, &file, text)
    } else {
        parse_layer_with(&name, &file, text, progress)
    }
}

/// Reads a file in pieces, counting the bytes for the progress bar.
fn read_with_progress(path: &Path, size: u64, progress: &Progress) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    const PIECE: usize = 8 << 20;
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut piece = vec![0u8; PIECE];
    loop {
        let n = file.read(&mut piece)?;
        if n == 0 || progress.cancelled() {
            return Ok(bytes);
        }
        bytes.extend_from_slice(&piece[..n]);
        progress.set(0, bytes.len() as u64, size);
    }
}

/// The text of a file: UTF-8 (a byte-order mark is dropped); anything else is refused
/// with what it looks like.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, LayerError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(refused(
            file,
            "the file is UTF-16 text; save it as UTF-8 (GeoJSON is UTF-8 by RFC 7946)",
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        refused(
            file,
            format!(
                "not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
                e.valid_up_to()
            ),
        )
    })?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// The top of a GeoJSON text, its features kept unparsed so one bad feature costs only
/// itself and memory stays near the file's size.
#[derive(serde::Deserialize)]
struct Top<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
}

/// Parses GeoJSON text as a layer; `file` names it in messages.
pub fn parse_layer(name: &str, file: &str, text: &str) -> Result<UserLayer, LayerError> {
    parse_layer_with(name, file, text, &Progress::default())
}

/// One feature of a collection, with its properties kept as text.
#[derive(serde::Deserialize)]
struct RawFeature<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    id: Option<serde_json::Value>,
    #[serde(borrow)]
    properties: Option<&'a RawValue>,
    geometry: Option<Geometry>,
}

/// A feature converted on a worker thread, merged in file order afterwards.
struct Converted {
    id: Option<String>,
    outcome: Result<(UserFeature, Vec<String>), String>,
    vertices: usize,
    rewound: usize,
}

/// Parses and converts one feature's text.
fn convert(index: usize, raw: &str) -> Converted {
    let mut budget = Budget::default();
    let parsed = serde_json::from_str::<RawFeature<'_>>(raw).map_err(|e| json_problem(&e));
    let (id, outcome) = match parsed {
        Err(problem) => (None, Err(problem)),
        Ok(f) if f.kind.as_deref().is_some_and(|k| k != "Feature") => (
            None,
            Err(format!(
                "type {:?} where a Feature was expected",
                f.kind.unwrap_or_default()
            )),
        ),
        Ok(f) => {
            let id = f.id.and_then(|id| match id {
                serde_json::Value::String(s) => Some(s),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            });
            let properties_json = f
                .properties
                .map(|p| p.get())
                .filter(|p| p.starts_with('{'))
                .unwrap_or("{}")
                .to_owned();
            // What people call it first: its name, else its id, else its number.
            let label = name_in(&properties_json)
                .or_else(|| id.clone())
                .unwrap_or_else(|| format!("feature {}", index + 1));
            let mut feature = UserFeature {
                label: label.into(),
                properties_json: properties_json.into(),
                ..UserFeature::default()
            };
            let outcome = match &f.geometry {
                None => Err("no geometry (null)".to_owned()),
                Some(g) => add_geometry(g, &mut feature, &mut budget, 0).map(|w| (feature, w)),
            };
            (id, outcome)
        }
    };
    Converted {
        id,
        outcome,
        vertices: budget.vertices,
        rewound: budget.rewound,
    }
}

/// The "name" property, if the properties have one (read without parsing them all).
fn name_in(properties_json: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Named {
        name: Option<serde_json::Value>,
    }
    match serde_json::from_str::<Named>(properties_json).ok()?.name? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// [`parse_layer`], reporting progress and stopping when asked.
pub fn parse_layer_with(
    name: &str,
    file: &str,
    text: &str,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(refused(file, "the file is empty"));
    }
    let top: Top<'_> = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            refused(file, format!("not GeoJSON: {}", json_problem(&e)))
        } else {
            refused(
                file,
                format!(
                    "not valid JSON at line {}, column {}: {}",
                    e.line(),
                    e.column(),
                    json_problem(&e)
                ),
            )
        }
    })?;
    let mut layer = UserLayer {
        name: name.to_owned(),
        ..UserLayer::default()
    };
    let mut budget = Budget::default();
    match top.kind.as_deref() {
        Some("FeatureCollection") => {
            let features = top
                .features
                .ok_or_else(|| refused(file, "a FeatureCollection without \"features\""))?;
            collection(&mut layer, &mut budget, file, &features, progress)?;
        }
        Some("Feature") => {
            let c = convert(0, text);
            budget.rewound += c.rewound;
            if c.vertices > MAX_LAYER_VERTICES {
                return Err(vertex_limit(file));
            }
            merge(&mut layer, file, 0, c.id, c.outcome);
        }
        Some(
            "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
            | "GeometryCollection",
        ) => {
            let mut feature = UserFeature {
                label: "feature 1".into(),
                properties_json: "{}".into(),
                ..UserFeature::default()
            };
            let outcome = serde_json::from_str::<Geometry>(text)
                .map_err(|e| json_problem(&e))
                .and_then(|g| add_geometry(&g, &mut feature, &mut budget, 0))
                .map(|w| (feature, w));
            if budget.vertices > MAX_LAYER_VERTICES {
                return Err(vertex_limit(file));
            }
            merge(&mut layer, file, 0, None, outcome);
        }
        Some(other) => {
            return Err(refused(
                file,
                format!(
                    "not GeoJSON: unknown type {other:?} (expected FeatureCollection, Feature or a geometry)"
                ),
            ));
        }
        None => {
            return Err(refused(file, "not GeoJSON: no \"type\" member at the top"));
        }
    }
    if budget.rewound > 0 {
        layer.notes.push(format!(
            "{} ring(s) wound clockwise, rewound to RFC 7946's counter-clockwise",
            budget.rewound
        ));
    }
    finish(layer, file)
}

/// A FeatureCollection's features, each parsed from its own slice of the text: converted
/// in chunks on all cores, merged in file order.
fn collection(
    layer: &mut UserLayer,
    budget: &mut Budget,
    file: &str,
    features: &[&RawValue],
    progress: &Progress,
) -> Result<(), LayerError> {
    const CHUNK: usize = 16_384;
    let total = features.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    progress.set(1, 0, total);
    let chunks: Vec<(usize, &[&RawValue])> = features
        .chunks(CHUNK)
        .enumerate()
        .map(|(k, c)| (k * CHUNK, c))
        .collect();
    let convert_chunk = |(start, chunk): &(usize, &[&RawValue])| {
        if progress.cancelled() {
            return Vec::new();
        }
        let out: Vec<Converted> = chunk
            .iter()
            .enumerate()
            .map(|(k, raw)| convert(start + k, raw.get()))
            .collect();
        let now = done.fetch_add(out.len() as u64, std::sync::atomic::Ordering::Relaxed);
        progress.set(1, now + out.len() as u64, total);
        out
    };
    layer.features.reserve_exact(features.len());
    let mut index = 0;
    // A few chunks at a time, merged before the next: what is converted but not yet
    // merged stays small, so memory stays near the file's size plus the layer's.
    for batch in chunks.chunks(4) {
        for chunk in crate::parallel::par_map(batch, convert_chunk) {
            if progress.cancelled() {
                return Err(LayerError::Cancelled);
            }
            for c in chunk {
                budget.vertices += c.vertices;
                budget.rewound += c.rewound;
                if budget.vertices > MAX_LAYER_VERTICES {
                    return Err(vertex_limit(file));
                }
                merge(layer, file, index, c.id, c.outcome);
                index += 1;
            }
        }
    }
    if progress.cancelled() {
        return Err(LayerError::Cancelled);
    }
    Ok(())
}

/// What a JSON error says, without its position (given apart, or meaningless within one
/// feature's text), and in words for the depth limit.
fn json_problem(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    if message.starts_with("recursion limit exceeded") {
        format!("arrays and objects nested deeper than {MAX_JSON_DEPTH} levels (the limit)")
    } else {
        message
    }
}

/// Positions read so far (for the vertex limit) and rings rewound.
#[derive(Default)]
struct Budget {
    vertices: usize,
    rewound: usize,
}

fn vertex_limit(file: &str) -> LayerError {
    refused(
        file,
        format!(
            "more than {MAX_LAYER_VERTICES} positions (the limit for a layer); simplify the file"
        ),
    )
}

/// Adds a converted feature to the layer, or lists why it was skipped.
fn merge(
    layer: &mut UserLayer,
    file: &str,
    index: usize,
    id: Option<String>,
    outcome: Result<(UserFeature, Vec<String>), String>,
) {
    let where_ = match &id {
        Some(id) => format!("feature {} ({id})", index + 1),
        None => format!("feature {}", index + 1),
    };
    let issue = |problem: String, severity| LoadIssue {
        file: file.to_owned(),
        feature: Some(where_.clone()),
        problem,
        severity,
    };
    match outcome {
        Ok((feature, warnings)) => {
            for w in warnings {
                layer.skipped.push(issue(w, Severity::Warning));
            }
            layer.features.push(feature);
        }
        Err(problem) => layer.skipped.push(issue(problem, Severity::Error)),
    }
}

/// Refuses a layer with nothing usable; otherwise returns it.
fn finish(layer: UserLayer, file: &str) -> Result<UserLayer, LayerError> {
    if layer.features.is_empty() {
        let why = layer
            .skipped
            .iter()
            .find(|i| i.severity == Severity::Error)
            .map_or_else(
                || "it has no features".to_owned(),
                |i| match &i.feature {
                    Some(f) => format!("{f}: {}", i.problem),
                    None => i.problem.clone(),
                },
            );
        return Err(refused(file, format!("nothing to show: {why}")));
    }
    Ok(layer)
}

fn positions(ps: &[geojson::Position], budget: &mut Budget) -> Result<Vec<LonLat>, String> {
    budget.vertices += ps.len();
    ps.iter()
        .map(|p| check_position(p).map(|c| LonLat::new(c.x, c.y)))
        .collect()
}

/// A polygon's rings, checked, rewound the RFC 7946 way (exterior counter-clockwise), with
/// a warning if it intersects itself (it is drawn all the same).
fn rings(
    rs: &[Vec<geojson::Position>],
    budget: &mut Budget,
    warnings: &mut Vec<String>,
) -> Result<Vec<Vec<LonLat>>, String> {
    if rs.is_empty() {
        return Err("a polygon with no rings".into());
    }
    let mut out = Vec::with_capacity(rs.len());
    for (k, r) in rs.iter().enumerate() {
        let mut ring = positions(r, budget)?;
        if ring.len() < 4 {
            return Err(format!(
                "a ring has {} positions; a ring needs at least 4",
                ring.len()
            ));
        }
        if ring.first() != ring.last() {
            warnings.push("a ring was not closed; closed it".into());
            ring.push(ring[0]);
        }
        // Shoelace: positive is counter-clockwise. Exteriors should be, holes not.
        let area2: f64 = ring
            .windows(2)
            .map(|w| w[0].lon * w[1].lat - w[1].lon * w[0].lat)
            .sum();
        if (k == 0) != (area2 > 0.0) && area2 != 0.0 {
            ring.reverse();
            budget.rewound += 1;
        }
        out.push(ring);
    }
    let to_line = |r: &Vec<LonLat>| {
        LineString::from(
            r.iter()
                .map(|p| Coord { x: p.lon, y: p.lat })
                .collect::<Vec<_>>(),
        )
    };
    // The validity check walks every edge pair; it is skipped for very large polygons.
    if out.iter().map(Vec::len).sum::<usize>() <= 10_000 {
        let polygon = Polygon::new(to_line(&out[0]), out[1..].iter().map(to_line).collect());
        if !polygon.is_valid() {
            warnings.push("a polygon intersects itself; drawn as it is".into());
        }
    }
    Ok(out)
}

fn add_geometry(
    g: &Geometry,
    f: &mut UserFeature,
    budget: &mut Budget,
    depth: usize,
) -> Result<Vec<String>, String> {
    let mut warnings = Vec::new();
    match &g.value {
        GeometryValue::Point { coordinates } => {
            f.points
                .extend(positions(std::slice::from_ref(coordinates), budget)?);
        }
        GeometryValue::MultiPoint { coordinates } => {
            f.points.extend(positions(coordinates, budget)?);
        }
        GeometryValue::LineString { coordinates } => {
            if coordinates.len() < 2 {
                return Err("a line has fewer than 2 positions".into());
            }
            f.lines.push(positions(coordinates, budget)?);
        }
        GeometryValue::MultiLineString { coordinates } => {
            for line in coordinates {
                if line.len() < 2 {
                    return Err("a line has fewer than 2 positions".into());
                }
                f.lines.push(positions(line, budget)?);
            }
        }
        GeometryValue::Polygon { coordinates } => {
            f.polygons.push(rings(coordinates, budget, &mut warnings)?);
        }
        GeometryValue::MultiPolygon { coordinates } => {
            for p in coordinates {
                f.polygons.push(rings(p, budget, &mut warnings)?);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            if depth > 8 {
                return Err("GeometryCollections nested more than 8 deep".into());
            }
            for g in geometries {
                warnings.extend(add_geometry(g, f, budget, depth + 1)?);
            }
        }
    }
    warnings.dedup();
    Ok(warnings)
}

/// Column names taken for latitude and longitude, in order of preference.
const LAT_NAMES: [&str; 3] = ["latitude", "lat", "y"];
const LON_NAMES: [&str; 5] = ["longitude", "lon", "lng", "long", "x"];

/// Parses CSV text with a header row as a layer of points: latitude and longitude from the
/// columns with the usual names (it says which it used), the other columns as properties.
/// Commas, semicolons or tabs separate fields; fields may be quoted ("a, b" and "").
pub fn parse_csv(name: &str, file: &str, text: &str) -> Result<UserLayer, LayerError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(refused(file, "the file is empty"));
    }
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| header_line.matches(*d).count())
        .unwrap_or(',');
    let mut rows = csv_rows(text, delimiter);
    let header: Vec<String> = match rows.next() {
        Some((_, Ok(h))) => h.into_iter().map(|c| c.trim().to_owned()).collect(),
        Some((_, Err(e))) => return Err(refused(file, format!("the header row: {e}"))),
        None => return Err(refused(file, "the file is empty")),
    };
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(n))
                .map(|i| (i, header[i].clone()))
        })
    };
    let (Some((lat_col, lat_name)), Some((lon_col, lon_name))) =
        (find(&LAT_NAMES), find(&LON_NAMES))
    else {
        return Err(refused(
            file,
            format!(
                "no latitude and longitude columns in the header ({}); name them lat/latitude/y and lon/lng/longitude/x",
                header.join(", ")
            ),
        ));
    };
    let mut layer = UserLayer {
        name: name.to_owned(),
        notes: vec![format!(
            "latitude from column “{lat_name}”, longitude from column “{lon_name}”"
        )],
        ..UserLayer::default()
    };
    for (line, row) in rows {
        let issue = |problem: String| LoadIssue {
            file: file.to_owned(),
            feature: Some(format!("line {line}")),
            problem,
            severity: Severity::Error,
        };
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                layer.skipped.push(issue(e));
                continue;
            }
        };
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let number = |col: usize, what: &str| -> Result<f64, String> {
            let raw = row.get(col).map_or("", |s| s.trim());
            let v: f64 = raw
                .parse()
                .map_err(|_| format!("{what} {raw:?} is not a number"))?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(format!("{what} {raw:?} is not finite"))
            }
        };
        let point = number(lat_col, "latitude").and_then(|lat| {
            let lon = number(lon_col, "longitude")?;
            check_position(&[lon, lat].into()).map(|c| LonLat::new(c.x, c.y))
        });
        match point {
            Ok(p) => {
                let properties: serde_json::Map<String, serde_json::Value> = header
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != lat_col && *i != lon_col)
                    .map(|(i, h)| {
                        let v = row.get(i).map_or("", String::as_str);
                        (h.clone(), serde_json::Value::String(v.to_owned()))
                    })
                    .collect();
                let label = ["name", "id", "title"]
                    .iter()
                    .find_map(|k| {
                        properties
                            .iter()
                            .find(|(h, v)| h.eq_ignore_ascii_case(k) && v.as_str() != Some(""))
                            .and_then(|(_, v)| v.as_str().map(str::to_owned))
                    })
                    .unwrap_or_else(|| format!("line {line}"));
                layer.features.push(UserFeature {
                    label: label.into(),
                    points: vec![p],
                    properties_json: serde_json::Value::Object(properties).to_string().into(),
                    ..UserFeature::default()
                });
            }
            Err(problem) => layer.skipped.push(issue(problem)),
        }
        if layer.features.len() > MAX_LAYER_VERTICES {
            return Err(refused(
                file,
                format!("more than {MAX_LAYER_VERTICES} rows (the limit for a layer)"),
            ));
        }
    }
    finish(layer, file)
}

/// The records of CSV text, each with the line it starts on (RFC 4180 quoting: a quoted
/// field may hold the delimiter, `""` and line breaks).
fn csv_rows(
    text: &str,
    delimiter: char,
) -> impl Iterator<Item = (usize, Result<Vec<String>, String>)> + '_ {
    let mut chars = text.chars().peekable();
    let mut line = 1;
    std::iter::from_fn(move || {
        chars.peek()?;
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Some((start, Err("a quoted field is not closed".to_owned())));
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            match c {
                '"' if quoted => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                }
                '"' if field.trim().is_empty() && !was_quoted => {
                    field.clear();
                    quoted = true;
                    was_quoted = true;
                }
                '\n' if !quoted => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                '\r' if !quoted && chars.peek() == Some(&'\n') => {}
                c if c == delimiter && !quoted => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
        }
        Some((start, Ok(fields)))
    })
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
        assert!(messages[0].starts_with("depots.geojson: feature 2 (b): latitude 169.2"));
        assert!(
            messages[1].contains("feature 3: a ring has 3 positions"),
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

    #[test]
    fn csv_fields_may_be_quoted_and_span_lines() {
        let rows: Vec<_> = csv_rows("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n", ',').collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 2);
        assert_eq!(
            rows[1].1.clone().expect("a record"),
            ["x, \"y\"", "two\nlines"]
        );
    }
}
