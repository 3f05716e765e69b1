//! Loading and validation: GeoJSON files of `assets/` into the [`Atlas`], with every problem
//! collected as a [`LoadIssue`] naming the file, the feature and the problem.
//!
//! A bad feature is skipped and reported; a bad file is skipped and reported; the atlas is
//! built from whatever is valid. Nothing here panics on input.

mod geometry;
mod source;

use std::collections::BTreeSet;
use std::fmt;

use geojson::{Feature, FeatureCollection, JsonObject};

pub use source::{AssetFile, AssetSource};

use crate::model::{Atlas, Country, CountryId, CountryRole, Place, Water, WaterKind, WaterShape};
use crate::projection::LonLat;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Repaired on load; the feature is shown.
    Warning,
    /// The feature (or file) was skipped.
    Error,
}

/// One problem found while loading, in the form `file: feature: problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadIssue {
    /// The file, as named in the asset folder.
    pub file: String,
    /// The feature's id, or its index when it has none; `None` for a whole-file problem.
    pub feature: Option<String>,
    /// What is wrong, and what was done about it.
    pub problem: String,
    /// Whether the feature was skipped or repaired.
    pub severity: Severity,
}

impl fmt::Display for LoadIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.feature {
            Some(feature) => write!(f, "{}: {}: {}", self.file, feature, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}

/// The result of a load: the atlas of what was valid, and every problem met.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// What is valid.
    pub atlas: Atlas,
    /// What was skipped or repaired, in file order.
    pub issues: Vec<LoadIssue>,
}

impl Loaded {
    /// The issues that made something be skipped.
    pub fn errors(&self) -> impl Iterator<Item = &LoadIssue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }
}

/// Loads the atlas from a source (the embedded assets or a folder).
pub fn load_atlas(source: &AssetSource) -> Loaded {
    let mut loaded = Loaded::default();
    let mut report = Reporter {
        issues: &mut loaded.issues,
        file: AssetFile::Countries.file_name(),
    };
    if let Some(fc) = read_collection(source, AssetFile::Countries, &mut report) {
        loaded.atlas.countries = countries_from(fc, &mut report);
    }
    report.file = AssetFile::Water.file_name();
    if let Some(fc) = read_collection(source, AssetFile::Water, &mut report) {
        loaded.atlas.water = water_from(fc, &mut report);
    }
    report.file = AssetFile::Places.file_name();
    if let Some(fc) = read_collection(source, AssetFile::Places, &mut report) {
        loaded.atlas.places = places_from(fc, &mut report);
    }
    loaded
}

/// Parses the countries file alone from text: the benchmarks' and tests' entry point.
pub fn countries_from_text(file: &str, text: &str) -> (Vec<Country>, Vec<LoadIssue>) {
    let mut issues = Vec::new();
    let mut report = Reporter {
        issues: &mut issues,
        file,
    };
    let countries = match parse_collection(text) {
        Ok(fc) => countries_from(fc, &mut report),
        Err(problem) => {
            report.file_error(problem);
            Vec::new()
        }
    };
    (countries, issues)
}

struct Reporter<'a> {
    issues: &'a mut Vec<LoadIssue>,
    file: &'a str,
}

impl Reporter<'_> {
    fn push(&mut self, feature: Option<String>, problem: String, severity: Severity) {
        self.issues.push(LoadIssue {
            file: self.file.to_owned(),
            feature,
            problem,
            severity,
        });
    }
    fn file_error(&mut self, problem: String) {
        self.push(None, problem, Severity::Error);
    }
    fn error(&mut self, feature: &str, problem: impl Into<String>) {
        self.push(Some(feature.to_owned()), problem.into(), Severity::Error);
    }
    fn warning(&mut self, feature: &str, problem: impl Into<String>) {
        self.push(Some(feature.to_owned()), problem.into(), Severity::Warning);
    }
}

fn read_collection(
    source: &AssetSource,
    file: AssetFile,
    report: &mut Reporter<'_>,
) -> Option<FeatureCollection> {
    let text = match source.read(file) {
        Ok(text) => text,
        Err(problem) => {
            report.file_error(problem);
            return None;
        }
    };
    match parse_collection(&text) {
        Ok(fc) => Some(fc),
        Err(problem) => {
            report.file_error(problem);
            None
        }
    }
}

fn parse_collection(text: &str) -> Result<FeatureCollection, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    // The fast path parses straight into the GeoJSON types; only a failure pays for a
    // second, generic parse that says precisely what is wrong.
    match serde_json::from_str::<FeatureCollection>(text) {
        Ok(fc) => Ok(fc),
        Err(typed) => Err(explain_parse_failure(text, &typed)),
    }
}

fn explain_parse_failure(text: &str, typed: &serde_json::Error) -> String {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return format!(
                "invalid JSON at line {}, column {}: {e}",
                e.line(),
                e.column()
            );
        }
    };
    match value.get("type").and_then(serde_json::Value::as_str) {
        Some("FeatureCollection") => format!("not valid GeoJSON: {typed}"),
        Some(other) => format!("expected a FeatureCollection, found {other:?}"),
        None => "not GeoJSON: no \"type\" member at the top".into(),
    }
}

/// The feature's id as a string, or `#index` when it has none.
fn feature_label(feature: &Feature, index: usize) -> (String, bool) {
    match &feature.id {
        Some(geojson::feature::Id::String(s)) if !s.trim().is_empty() => (s.clone(), true),
        Some(geojson::feature::Id::Number(n)) => (n.to_string(), true),
        _ => (format!("feature #{index}"), false),
    }
}

fn string_prop<'a>(props: Option<&'a JsonObject>, key: &str) -> Option<&'a str> {
    props
        .and_then(|p| p.get(key))
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Tracks ids already seen so duplicates are reported and skipped.
#[derive(Default)]
struct Ids(BTreeSet<String>);

impl Ids {
    /// The feature's id if it has one and it is new; reports and returns `None` otherwise.
    fn claim(
        &mut self,
        feature: &Feature,
        index: usize,
        report: &mut Reporter<'_>,
    ) -> Option<String> {
        let (label, has_id) = feature_label(feature, index);
        if !has_id {
            report.error(&label, "no \"id\"; every feature needs a stable id");
            return None;
        }
        if !self.0.insert(label.clone()) {
            report.error(
                &label,
                "duplicate id; only the first feature with it is kept",
            );
            return None;
        }
        Some(label)
    }
}

fn countries_from(fc: FeatureCollection, report: &mut Reporter<'_>) -> Vec<Country> {
    let mut ids = Ids::default();
    let mut out = Vec::with_capacity(fc.features.len());
    for (index, feature) in fc.features.into_iter().enumerate() {
        let Some(id) = ids.claim(&feature, index, report) else {
            continue;
        };
        let props = feature.properties.as_ref();
        let Some(name) = string_prop(props, "name") else {
            report.error(&id, "empty or missing \"name\"");
            continue;
        };
        let role = match string_prop(props, "role") {
            None => CountryRole::Context,
            Some(r) => match CountryRole::parse(r) {
                Some(role) => role,
                None => {
                    report.error(
                        &id,
                        format!(
                            "unknown role {r:?} (expected focus, neighbour, context, leased or disputed)"
                        ),
                    );
                    continue;
                }
            },
        };
        let sovereign = string_prop(props, "sovereign").map(|s| CountryId(s.to_owned()));
        let Some(geometry) = geometry::area(&id, feature.geometry.as_ref(), report) else {
            continue;
        };
        out.push(Country {
            id: CountryId(id),
            name: name.to_owned(),
            role,
            sovereign,
            geometry,
        });
    }
    out
}

fn water_from(fc: FeatureCollection, report: &mut Reporter<'_>) -> Vec<Water> {
    let mut ids = Ids::default();
    let mut out = Vec::new();
    for (index, feature) in fc.features.into_iter().enumerate() {
        let Some(id) = ids.claim(&feature, index, report) else {
            continue;
        };
        let props = feature.properties.as_ref();
        let kind = match string_prop(props, "kind") {
            Some("sea") => WaterKind::Sea,
            Some("lake") => WaterKind::Lake,
            Some("river") => WaterKind::River,
            other => {
                report.error(
                    &id,
                    format!("unknown water kind {other:?} (expected sea, lake or river)"),
                );
                continue;
            }
        };
        let shape = if kind == WaterKind::River {
            geometry::lines(&id, feature.geometry.as_ref(), report).map(WaterShape::Lines)
        } else {
            geometry::area(&id, feature.geometry.as_ref(), report).map(WaterShape::Area)
        };
        let Some(shape) = shape else { continue };
        out.push(Water {
            id,
            name: string_prop(props, "name").map(str::to_owned),
            kind,
            shape,
        });
    }
    out
}

fn places_from(fc: FeatureCollection, report: &mut Reporter<'_>) -> Vec<Place> {
    let mut ids = Ids::default();
    let mut out = Vec::new();
    for (index, feature) in fc.features.into_iter().enumerate() {
        let Some(id) = ids.claim(&feature, index, report) else {
            continue;
        };
        let props = feature.properties.as_ref();
        let Some(name) = string_prop(props, "name") else {
            report.error(&id, "empty or missing \"name\"");
            continue;
        };
        let Some(position) = geometry::point(&id, feature.geometry.as_ref(), report) else {
            continue;
        };
        let aliases = props
            .and_then(|p| p.get("aliases"))
            .and_then(serde_json::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        out.push(Place {
            id,
            name: name.to_owned(),
            aliases,
            country: string_prop(props, "country").unwrap_or_default().to_owned(),
            position: LonLat::new(position.x(), position.y()),
        });
    }
    out
}

#[cfg(test)]
mod tests;
