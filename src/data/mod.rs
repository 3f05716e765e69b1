//! Loading and validation: GeoJSON files of `assets/` into the [`Atlas`], with every problem
//! collected as a [`LoadIssue`] naming the file, the feature and the problem.
//!
//! A bad feature is skipped and reported; a bad file is skipped and reported; the atlas is
//! built from whatever is valid. Nothing here panics on input.

mod features;
mod geometry;
mod seeds;
mod source;
pub mod user_atlas;
pub mod user_layer;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use geojson::{Feature, JsonObject};
use serde_json::value::RawValue;

pub use crate::model::issue::{LoadIssue, Severity};
pub use features::find_mentions;
pub use seeds::{METADATA_FILE, SeedSource};
pub use source::{AssetFile, AssetSource};

use crate::model::corpus::Corpus;

use crate::geo::projection::LonLat;
use crate::model::{
    Atlas, Country, CountryId, CountryRole, Place, SourcedNote, Water, WaterKind, WaterShape,
};

/// The result of a load: the atlas of what was valid, and every problem met.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// What is valid.
    pub atlas: Atlas,
    /// The articles the features quote.
    pub corpus: Corpus,
    /// What was skipped or repaired, in file order.
    pub issues: Vec<LoadIssue>,
    /// The briefing shipped with the assets.
    pub briefing: crate::model::briefing::Briefing,
    /// The user's atlas folder layered over the atlas, if one was.
    pub user: Option<user_atlas::UserPart>,
}

impl Loaded {
    /// The issues that made something be skipped.
    pub fn errors(&self) -> impl Iterator<Item = &LoadIssue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }
}

/// Reads a user's file (read-only) as UTF-8 text; the error names the file and the reason.
pub fn read_user_text(path: &std::path::Path) -> Result<String, String> {
    source::read_text(path)
}

/// Loads the atlas from a source (the embedded assets or a folder) with the shipped articles.
pub fn load_atlas(source: &AssetSource) -> Loaded {
    load(source, &SeedSource::Embedded)
}

/// Loads everything: borders, water, places, the articles, then the features and
/// memberships checked against both.
pub fn load(source: &AssetSource, seeds: &SeedSource) -> Loaded {
    let mut loaded = Loaded::default();
    let mut report = Reporter {
        issues: &mut loaded.issues,
        file: AssetFile::Countries.file_name(),
    };
    if let Some(text) = read_file(source, AssetFile::Countries, &mut report) {
        loaded.atlas.countries = with_features(&text, &mut report, country_from);
    }
    report.file = AssetFile::Water.file_name();
    if let Some(text) = read_file(source, AssetFile::Water, &mut report) {
        loaded.atlas.water = with_features(&text, &mut report, water_from);
    }
    report.file = AssetFile::Places.file_name();
    if let Some(text) = read_file(source, AssetFile::Places, &mut report) {
        loaded.atlas.places = with_features(&text, &mut report, place_from);
    }
    report.file = METADATA_FILE;
    loaded.corpus = seeds::load_corpus(seeds, &mut report);
    let context = features::Context {
        corpus: &loaded.corpus,
        countries: &loaded.atlas.countries,
    };
    report.file = AssetFile::Features.file_name();
    let mut content = Vec::new();
    if let Some(text) = read_file(source, AssetFile::Features, &mut report) {
        content = with_features(&text, &mut report, |id, f, r| {
            features::feature_from(id, f, &context, r)
        });
    }
    report.file = AssetFile::Memberships.file_name();
    let mut groupings = (Vec::new(), Vec::new());
    if let Some(text) = read_file(source, AssetFile::Memberships, &mut report) {
        groupings = features::memberships_from(&text, &context, &mut report);
    }
    report.file = AssetFile::Facts.file_name();
    if let Some(text) = read_file(source, AssetFile::Facts, &mut report) {
        loaded.atlas.facts = features::facts_from(&text, &context, &mut report);
    }
    find_mentions(&mut content, &loaded.corpus);
    loaded.atlas.features = content;
    (loaded.atlas.organisations, loaded.atlas.memberships) = groupings;
    report.file = AssetFile::Scenes.file_name();
    if let Some(text) = read_file(source, AssetFile::Scenes, &mut report) {
        let (briefing, issues) = crate::model::briefing::Briefing::parse(
            AssetFile::Scenes.file_name(),
            &text,
            &loaded.atlas,
            &loaded.corpus,
        );
        loaded.briefing = briefing;
        for issue in issues {
            report.push(issue.feature, issue.problem, issue.severity);
        }
    }
    loaded
}

/// [`load`], with the user's atlas folder `user` layered over it (see [`user_atlas`]).
pub fn load_with_user(source: &AssetSource, seeds: &SeedSource, user: Option<&Path>) -> Loaded {
    let mut loaded = load(source, seeds);
    if let Some(dir) = user {
        user_atlas::layer_folder(&mut loaded, dir);
    }
    loaded
}

/// The user atlas folder: `CASA_DATA_DIR` or the platform's data folder, then `atlas/`.
pub fn default_user_dir() -> Option<PathBuf> {
    crate::sys::persist::user_data_dir().map(|d| d.join(user_atlas::USER_ATLAS_DIR))
}

/// Parses the countries file alone from text: the benchmarks' and tests' entry point.
pub fn countries_from_text(file: &str, text: &str) -> (Vec<Country>, Vec<LoadIssue>) {
    let mut issues = Vec::new();
    let mut report = Reporter {
        issues: &mut issues,
        file,
    };
    let countries = with_features(text, &mut report, country_from);
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
            path: None,
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

fn read_file(
    source: &AssetSource,
    file: AssetFile,
    report: &mut Reporter<'_>,
) -> Option<std::borrow::Cow<'static, str>> {
    source
        .read(file)
        .map_err(|problem| report.file_error(problem))
        .ok()
}

/// The top of a FeatureCollection, with each feature kept as unparsed text so the features
/// can be parsed in parallel, and a bad one costs only itself.
#[derive(serde::Deserialize)]
struct RawCollection<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
}

fn parse_collection(text: &str) -> Result<Vec<&RawValue>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let top = match serde_json::from_str::<RawCollection<'_>>(text) {
        Ok(top) => top,
        Err(typed) => return Err(explain_parse_failure(text, &typed)),
    };
    match (top.kind.as_deref(), top.features) {
        (Some("FeatureCollection"), Some(features)) => Ok(features),
        (Some("FeatureCollection"), None) => Err("a FeatureCollection without \"features\"".into()),
        (Some(other), _) => Err(format!("expected a FeatureCollection, found {other:?}")),
        (None, _) => Err("not GeoJSON: no \"type\" member at the top".into()),
    }
}

/// Parses and converts every feature of a file (in parallel), then checks ids in file
/// order: a missing or repeated id skips the feature. Problems keep the file's order.
fn with_features<T: Send>(
    text: &str,
    report: &mut Reporter<'_>,
    convert: impl Fn(&str, &Feature, &mut Reporter<'_>) -> Option<T> + Sync,
) -> Vec<T> {
    let raw = match parse_collection(text) {
        Ok(raw) => raw,
        Err(problem) => {
            report.file_error(problem);
            return Vec::new();
        }
    };
    let file = report.file;
    let indexed: Vec<(usize, &RawValue)> = raw.into_iter().enumerate().collect();
    let results = crate::sys::parallel::par_map(&indexed, |&(index, raw)| {
        let mut issues = Vec::new();
        let mut local = Reporter {
            issues: &mut issues,
            file,
        };
        let feature = match serde_json::from_str::<Feature>(raw.get()) {
            Ok(feature) => feature,
            Err(e) => {
                local.error(
                    &format!("feature #{index}"),
                    format!("not valid GeoJSON: {e}"),
                );
                return (None, None, issues);
            }
        };
        let (label, has_id) = feature_label(&feature, index);
        if !has_id {
            local.error(&label, "no \"id\"; every feature needs a stable id");
            return (None, None, issues);
        }
        let converted = convert(&label, &feature, &mut local);
        (Some(label), converted, issues)
    });
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(results.len());
    for (label, converted, issues) in results {
        if let Some(label) = &label
            && !seen.insert(label.clone())
        {
            report.error(
                label,
                "duplicate id; only the first feature with it is kept",
            );
            continue;
        }
        report.issues.extend(issues);
        out.extend(converted);
    }
    out
}

fn explain_parse_failure(text: &str, typed: &serde_json::Error) -> String {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return invalid_json(&e);
        }
    };
    match value.get("type").and_then(serde_json::Value::as_str) {
        Some("FeatureCollection") => format!("not valid GeoJSON: {typed}"),
        Some(other) => format!("expected a FeatureCollection, found {other:?}"),
        None => "not GeoJSON: no \"type\" member at the top".into(),
    }
}

/// "invalid JSON at line 3, column 30: expected `,` or `}`", without serde's repeated
/// position at the end.
pub(crate) fn invalid_json(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let reason = text.strip_suffix(&suffix).unwrap_or(&text);
    format!(
        "invalid JSON at line {}, column {}: {reason}",
        e.line(),
        e.column()
    )
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

fn country_from(id: &str, feature: &Feature, report: &mut Reporter<'_>) -> Option<Country> {
    let props = feature.properties.as_ref();
    let Some(name) = string_prop(props, "name") else {
        report.error(id, "empty or missing \"name\"");
        return None;
    };
    let role = match string_prop(props, "role") {
        None => CountryRole::Context,
        Some(r) => {
            let Some(role) = CountryRole::parse(r) else {
                report.error(
                    id,
                    format!(
                        "unknown role {r:?} (expected focus, neighbour, context, leased or disputed)"
                    ),
                );
                return None;
            };
            role
        }
    };
    let sovereign = string_prop(props, "sovereign").map(|s| CountryId(s.to_owned()));
    // Every fact shown needs its source: a note without one is refused, not shown.
    let note = match (string_prop(props, "note"), string_prop(props, "source")) {
        (Some(text), Some(source)) => Some(SourcedNote {
            text: text.to_owned(),
            source: source.to_owned(),
        }),
        (Some(_), None) => {
            report.warning(id, "\"note\" without a \"source\"; the note is not shown");
            None
        }
        _ => None,
    };
    let geometry = geometry::area(id, feature.geometry.as_ref(), report)?;
    Some(Country {
        id: CountryId(id.to_owned()),
        name: name.to_owned(),
        role,
        sovereign,
        geometry,
        note,
    })
}

fn water_from(id: &str, feature: &Feature, report: &mut Reporter<'_>) -> Option<Water> {
    let props = feature.properties.as_ref();
    let kind = match string_prop(props, "kind") {
        Some("sea") => WaterKind::Sea,
        Some("lake") => WaterKind::Lake,
        Some("river") => WaterKind::River,
        other => {
            report.error(
                id,
                format!("unknown water kind {other:?} (expected sea, lake or river)"),
            );
            return None;
        }
    };
    let shape = if kind == WaterKind::River {
        geometry::lines(id, feature.geometry.as_ref(), report).map(WaterShape::Lines)
    } else {
        geometry::area(id, feature.geometry.as_ref(), report).map(WaterShape::Area)
    }?;
    Some(Water {
        id: id.to_owned(),
        name: string_prop(props, "name").map(str::to_owned),
        kind,
        shape,
    })
}

fn place_from(id: &str, feature: &Feature, report: &mut Reporter<'_>) -> Option<Place> {
    let props = feature.properties.as_ref();
    let Some(name) = string_prop(props, "name") else {
        report.error(id, "empty or missing \"name\"");
        return None;
    };
    let position = geometry::point(id, feature.geometry.as_ref(), report)?;
    let aliases = props
        .and_then(|p| p.get("aliases"))
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Some(Place {
        id: id.to_owned(),
        name: name.to_owned(),
        aliases,
        country: string_prop(props, "country").unwrap_or_default().to_owned(),
        position: LonLat::new(position.x(), position.y()),
    })
}

#[cfg(test)]
mod tests;
