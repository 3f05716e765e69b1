//! What every loader of `assets/` shares: a reporter naming the file in each problem, and
//! a FeatureCollection read feature by feature (in parallel), a bad feature costing only
//! itself.

use std::collections::BTreeSet;

use geojson::{Feature, JsonObject};
use serde_json::value::RawValue;

use super::source::{AssetFile, AssetSource};
use crate::model::issue::{LoadIssue, Severity};

/// Collects a file's problems, each naming the file.
pub(super) struct Reporter<'a> {
    pub(super) issues: &'a mut Vec<LoadIssue>,
    pub(super) file: &'a str,
}

impl Reporter<'_> {
    pub(super) fn push(&mut self, feature: Option<String>, problem: String, severity: Severity) {
        self.issues.push(LoadIssue {
            file: self.file.to_owned(),
            feature,
            problem,
            severity,
            path: None,
        });
    }
    pub(super) fn file_error(&mut self, problem: String) {
        self.push(None, problem, Severity::Error);
    }
    pub(super) fn error(&mut self, feature: &str, problem: impl Into<String>) {
        self.push(Some(feature.to_owned()), problem.into(), Severity::Error);
    }
    pub(super) fn warning(&mut self, feature: &str, problem: impl Into<String>) {
        self.push(Some(feature.to_owned()), problem.into(), Severity::Warning);
    }
}

pub(super) fn read_file(
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
pub(super) struct RawCollection<'a> {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(borrow)]
    features: Option<Vec<&'a RawValue>>,
}

pub(super) fn parse_collection(text: &str) -> Result<Vec<&RawValue>, String> {
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
pub(super) fn with_features<T: Send>(
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

pub(super) fn explain_parse_failure(text: &str, typed: &serde_json::Error) -> String {
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
pub(super) fn invalid_json(e: &serde_json::Error) -> String {
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
pub(super) fn feature_label(feature: &Feature, index: usize) -> (String, bool) {
    match &feature.id {
        Some(geojson::feature::Id::String(s)) if !s.trim().is_empty() => (s.clone(), true),
        Some(geojson::feature::Id::Number(n)) => (n.to_string(), true),
        _ => (format!("feature #{index}"), false),
    }
}

pub(super) fn string_prop<'a>(props: Option<&'a JsonObject>, key: &str) -> Option<&'a str> {
    props
        .and_then(|p| p.get(key))
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
