//! Scenes: the steps of a briefing. A scene is a view (a box in degrees, fitted to whatever
//! screen or slide shows it), the layers and year, an optional selection, a caption with its
//! sources, speaker notes, and optionally a second side to compare with.
//!
//! The shipped briefing is `assets/scenes.json`; a user's own briefing is the same format in
//! their data folder (see [`crate::sys::persist`]). Both are checked on load like the other
//! assets: a bad scene is skipped with a message naming the file, the scene and the problem.

use crate::model::corpus::Corpus;
use crate::model::issue::{LoadIssue, Severity};
use crate::model::layers::{FeatureLayer, LayerState, YEARS};
use crate::model::{Atlas, Correction, Review};

/// The name of the briefing file, shipped in `assets/` and kept in the user's data folder.
pub const SCENES_FILE: &str = "scenes.json";

/// A briefing: a title and its scenes, in order.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Briefing {
    /// What the briefing is about.
    pub title: String,
    /// The handling mark its slides and deck carry at top and bottom ("UNCLASSIFIED",
    /// "DRAFT"); empty: none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub banner: String,
    /// Its scenes, in presentation order.
    pub scenes: Vec<Scene>,
}

/// What one side of the map shows: feature layers, organisations and year.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideSpec {
    /// Keys of the feature layers shown (see [`FeatureLayer::key`]); absent: all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<String>>,
    /// Ids of the organisations whose memberships are hatched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
    /// The "as of" year; absent: all years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// One step of a briefing.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Its title, shown in the scene list and the caption bar.
    pub name: String,
    /// What the audience reads under the map.
    #[serde(default)]
    pub caption: String,
    /// What the presenter reads (the notes window); never shown to the audience.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The area to show: west, south, east, north in degrees, fitted to the screen.
    pub view: crate::geo::projection::ViewBox,
    /// Keys of the feature layers shown; absent: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layers: Option<Vec<String>>,
    /// Ids of the organisations whose memberships are hatched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
    /// The "as of" year; absent: all years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// A feature id or a country id (ISO 3166-1 alpha-3) to select.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<String>,
    /// The right-hand side of a compare view; absent: a single map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<SideSpec>,
    /// Where the caption's facts come from: verbatim quotes (checked) or named references.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SceneSource>,
    /// Where the public record differs from what the caption's articles say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    /// When the caption was checked against the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<Review>,
    /// What the briefer drew on it: rings, lines, arrows, areas, callouts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<crate::model::annotation::Entry>,
    /// The relief the scene asks for (`None`: whatever the presenter has chosen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relief: Option<crate::model::layers::ReliefStyle>,
}

/// A source of a caption: as in `features.geojson`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum SceneSource {
    /// Words of an article, verbatim.
    Quote {
        /// The article's id in `articles.json`.
        article: String,
        /// The exact words.
        quote: String,
    },
    /// A named external reference.
    Reference {
        /// The reference.
        reference: String,
        /// What it supports.
        about: String,
    },
}

/// What a scene selects, resolved against the atlas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A feature, by index.
    Feature(usize),
    /// A country, by index.
    Country(usize),
}

impl SideSpec {
    /// The layer settings this side stands for.
    pub fn to_state(&self) -> LayerState {
        let mut state = LayerState {
            organisations: self.organisations.iter().cloned().collect(),
            year: self.year,
            ..LayerState::default()
        };
        if let Some(shown) = &self.layers {
            state.show_only(|l| shown.iter().any(|s| s == l.key()));
        }
        state
    }

    /// The side that shows these layer settings.
    pub fn of_state(state: &LayerState) -> Self {
        let layers = (!state.layers_default()).then(|| {
            FeatureLayer::ALL
                .iter()
                .filter(|l| state.shows(**l))
                .map(|l| l.key().to_owned())
                .collect()
        });
        Self {
            layers,
            organisations: state.organisations.iter().cloned().collect(),
            year: state.year,
        }
    }

    fn check(&self, atlas: &Atlas) -> Result<(), String> {
        for key in self.layers.iter().flatten() {
            if !FeatureLayer::ALL.iter().any(|l| l.key() == key) {
                let known: Vec<&str> = FeatureLayer::ALL.iter().map(|l| l.key()).collect();
                return Err(format!(
                    "unknown layer {key:?} (known: {})",
                    known.join(", ")
                ));
            }
        }
        for id in &self.organisations {
            if !atlas.organisations.iter().any(|o| &o.id == id) {
                let known: Vec<&str> = atlas.organisations.iter().map(|o| o.id.as_str()).collect();
                return Err(format!(
                    "unknown organisation {id:?} (known: {})",
                    known.join(", ")
                ));
            }
        }
        if let Some(year) = self.year
            && !YEARS.contains(&year)
        {
            return Err(format!(
                "year {year} is outside {}–{}",
                YEARS.start(),
                YEARS.end()
            ));
        }
        Ok(())
    }
}

impl Scene {
    /// The main (left) side's layer settings.
    pub fn side(&self) -> SideSpec {
        SideSpec {
            layers: self.layers.clone(),
            organisations: self.organisations.clone(),
            year: self.year,
        }
    }

    /// Sets the main side's layer settings.
    pub fn set_side(&mut self, side: SideSpec) {
        self.layers = side.layers;
        self.organisations = side.organisations;
        self.year = side.year;
    }

    /// What the scene selects, if it names something in the atlas.
    pub fn target(&self, atlas: &Atlas) -> Option<Target> {
        let id = self.select.as_deref()?;
        if let Some(i) = atlas.features.iter().position(|f| f.id == id) {
            return Some(Target::Feature(i));
        }
        atlas
            .countries
            .iter()
            .position(|c| c.id.0.eq_ignore_ascii_case(id))
            .map(Target::Country)
    }

    /// Checks a scene against the atlas and the articles.
    pub fn check(&self, atlas: &Atlas, corpus: &Corpus) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("empty \"name\"".into());
        }
        let [w, s, e, n] = self.view.to_array();
        if ![w, s, e, n].iter().all(|v| v.is_finite()) {
            return Err("\"view\" must be four finite numbers: west, south, east, north".into());
        }
        if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) {
            return Err(format!(
                "\"view\": longitudes must be within ±180 (got {w}, {e})"
            ));
        }
        if !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) {
            return Err(format!(
                "\"view\": latitudes must be within ±90 (got {s}, {n})"
            ));
        }
        if w >= e || s >= n {
            return Err(format!(
                "\"view\" is [west, south, east, north]; got west {w} ≥ east {e} or south {s} ≥ north {n}"
            ));
        }
        self.side().check(atlas)?;
        if let Some(compare) = &self.compare {
            compare.check(atlas).map_err(|e| format!("compare: {e}"))?;
        }
        for (i, source) in self.sources.iter().enumerate() {
            match source {
                SceneSource::Quote { article, quote } => {
                    let index = corpus
                        .index_of(article)
                        .ok_or_else(|| format!("source {i}: unknown article {article:?}"))?;
                    corpus.articles[index]
                        .find_quote(quote)
                        .map_err(|miss| format!("source {i} ({article}): {miss}"))?;
                }
                SceneSource::Reference { reference, .. } if reference.trim().is_empty() => {
                    return Err(format!("source {i}: empty reference"));
                }
                SceneSource::Reference { .. } => {}
            }
        }
        Ok(())
    }

    /// Drops the corrections and the review that fail their checks, saying why for each:
    /// the scene itself still loads, as a feature does.
    fn drop_bad_records(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut i = 0;
        self.corrections.retain(|c| {
            let kept = c.check().map_err(|e| {
                problems.push(format!(
                    "corrections[{i}]: {e}; the correction is not shown"
                ));
            });
            i += 1;
            kept.is_ok()
        });
        if let Some(Err(e)) = self.reviewed.as_ref().map(Review::check) {
            problems.push(e);
            self.reviewed = None;
        }
        problems
    }

    /// Why each annotation that cannot be drawn cannot; such annotations stay in the
    /// scene (and in the file when it is saved), undrawn.
    pub fn annotation_problems(&self, atlas: &Atlas) -> Vec<String> {
        self.annotations
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                a.resolve(atlas)
                    .err()
                    .map(|e| format!("annotations[{i}]: {e}; not drawn"))
            })
            .collect()
    }

    /// The caption's numbers and dates that none of the scene's sources give (its quotes,
    /// references and corrections): a caption must not go beyond what it cites.
    pub fn unsourced_numbers(&self) -> Vec<String> {
        let mut cited = String::new();
        for source in &self.sources {
            match source {
                SceneSource::Quote { quote, .. } => cited.push_str(quote),
                SceneSource::Reference { reference, about } => {
                    cited.push_str(reference);
                    cited.push('\n');
                    cited.push_str(about);
                }
            }
            cited.push('\n');
        }
        for c in &self.corrections {
            cited.push_str(&c.record);
            cited.push('\n');
            cited.push_str(&c.reference);
            cited.push('\n');
            if let Some(d) = c.date {
                cited.push_str(&d.to_string());
                cited.push('\n');
            }
        }
        let known = numbers_in(&cited);
        let mut missing: Vec<String> = Vec::new();
        for n in numbers_in(&self.caption) {
            if !known.contains(&n) && !missing.contains(&n) {
                missing.push(n);
            }
        }
        missing
    }
}

/// The numbers in a text, as digits: thousands groups joined ("7 000" and "7,000" are
/// "7000"), decimals kept ("1.5"), ordinals cut ("201st" is "201"), leading zeros dropped
/// ("06" is "6").
pub fn numbers_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let digits_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !digits_at(i) || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut number = String::new();
        let mut group = 0;
        while digits_at(i) {
            number.push(chars[i]);
            group += 1;
            i += 1;
        }
        // Thousands groups: a leading group of 1–3 digits, then groups of exactly three.
        while group <= 3
            && matches!(chars.get(i), Some(',' | ' ' | '\u{a0}' | '\u{202f}'))
            && (1..=3).all(|k| digits_at(i + k))
            && !digits_at(i + 4)
        {
            number.extend(&chars[i + 1..i + 4]);
            i += 4;
        }
        if chars.get(i) == Some(&'.') && digits_at(i + 1) {
            number.push('.');
            i += 1;
            while digits_at(i) {
                number.push(chars[i]);
                i += 1;
            }
        }
        // "06" in a date is the 6 of "6 January".
        let trimmed = number.trim_start_matches('0');
        let whole_zero = trimmed.is_empty() || trimmed.starts_with('.');
        out.push(if whole_zero {
            format!("0{trimmed}")
        } else {
            trimmed.to_owned()
        });
    }
    out
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBriefing {
    #[serde(default)]
    title: String,
    #[serde(default)]
    banner: String,
    scenes: Vec<serde_json::Value>,
}

impl Briefing {
    /// Parses and checks a briefing file; bad scenes are skipped and reported (`file` names
    /// the file in the messages).
    pub fn parse(file: &str, text: &str, atlas: &Atlas, corpus: &Corpus) -> (Self, Vec<LoadIssue>) {
        let issues = std::cell::RefCell::new(Vec::new());
        let push = |scene: Option<String>, problem: String, severity: Severity| {
            issues.borrow_mut().push(LoadIssue {
                file: file.to_owned(),
                feature: scene,
                problem,
                severity,
                path: None,
            });
        };
        let issue = |scene: Option<String>, problem: String| push(scene, problem, Severity::Error);
        let warn = |scene: String, problem: String| push(Some(scene), problem, Severity::Warning);
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: RawBriefing = match serde_json::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                issue(None, format!("not a briefing file: {e}"));
                return (Self::default(), issues.into_inner());
            }
        };
        let mut briefing = Self {
            title: raw.title,
            banner: raw.banner,
            scenes: Vec::new(),
        };
        for (i, value) in raw.scenes.into_iter().enumerate() {
            let label = |name: Option<&str>| match name {
                Some(n) => format!("scene {} “{n}”", i + 1),
                None => format!("scene {}", i + 1),
            };
            let name = value
                .get("name")
                .and_then(|n| n.as_str())
                .map(str::to_owned);
            let mut scene: Scene = match serde_json::from_value(value) {
                Ok(s) => s,
                Err(e) => {
                    issue(Some(label(name.as_deref())), e.to_string());
                    continue;
                }
            };
            match scene.check(atlas, corpus) {
                Ok(()) => {
                    for problem in scene
                        .drop_bad_records()
                        .into_iter()
                        .chain(scene.annotation_problems(atlas))
                    {
                        issue(Some(label(Some(&scene.name))), problem);
                    }
                    // A selection that is not (or no longer) in the atlas costs only itself.
                    if let Some(id) = &scene.select
                        && scene.target(atlas).is_none()
                    {
                        warn(
                            label(Some(&scene.name)),
                            format!(
                                "\"select\": {id:?} is neither a feature id nor a country id; the scene selects nothing"
                            ),
                        );
                    }
                    for n in scene.unsourced_numbers() {
                        issue(
                            Some(label(Some(&scene.name))),
                            format!(
                                "caption: {n:?} is in none of the scene's sources (quotes, references or corrections); cite where it comes from (the scene is shown as it is)"
                            ),
                        );
                    }
                    briefing.scenes.push(scene);
                }
                Err(problem) => issue(Some(label(Some(&scene.name))), problem),
            }
        }
        (briefing, issues.into_inner())
    }

    /// The briefing as a file (pretty JSON, the format [`Self::parse`] reads).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The banner, if it has one.
    pub fn banner(&self) -> Option<String> {
        Some(self.banner.trim().to_owned()).filter(|b| !b.is_empty())
    }

    /// The scene named `query` (case-insensitive; also its number, counting from 1).
    pub fn find(&self, query: &str) -> Option<usize> {
        let q = query.trim();
        if let Ok(n) = q.parse::<usize>() {
            return (1..=self.scenes.len()).contains(&n).then(|| n - 1);
        }
        let folded = crate::model::corpus::fold::key(q);
        self.scenes
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(q))
            .or_else(|| {
                self.scenes
                    .iter()
                    .position(|s| crate::model::corpus::fold::key(&s.name) == folded)
            })
    }
}

/// A short citation of a scene's sources for the caption bar and slides: the articles'
/// outlets and dates, then the references.
pub fn cite_sources(scene: &Scene, corpus: &Corpus) -> String {
    let mut parts: Vec<String> = Vec::new();
    for source in &scene.sources {
        let text = match source {
            SceneSource::Quote { article, .. } => corpus
                .index_of(article)
                .map(|i| {
                    let meta = &corpus.articles[i].meta;
                    let outlet = meta.outlet.as_deref().unwrap_or("outlet unknown");
                    match meta.date {
                        Some(d) => format!("{outlet}, {}", d.year),
                        None => outlet.to_owned(),
                    }
                })
                .unwrap_or_else(|| article.clone()),
            // The reference's name, without the details in brackets the panel shows.
            SceneSource::Reference { reference, .. } => reference
                .split(" (")
                .next()
                .unwrap_or(reference)
                .trim()
                .to_owned(),
        };
        if !parts.contains(&text) {
            parts.push(text);
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_round_trips_through_layer_state() {
        let side = SideSpec {
            layers: Some(vec!["sites-russia".into(), "events".into()]),
            organisations: vec!["CSTO".into()],
            year: Some(2022),
        };
        let state = side.to_state();
        assert!(state.shows(FeatureLayer::RussianSites));
        assert!(!state.shows(FeatureLayer::ChineseSites));
        assert_eq!(SideSpec::of_state(&state), side);
        assert_eq!(SideSpec::of_state(&LayerState::default()).layers, None);
    }

    #[test]
    fn numbers_are_read_as_a_reader_reads_them() {
        assert_eq!(
            numbers_in("as many as 7 000 troops, roughly 4,000 in 2022; the 201st base, 1.5 km"),
            ["7000", "4000", "2022", "201", "1.5"]
        );
        assert_eq!(
            numbers_in("in 2021, 2022 and 2023"),
            ["2021", "2022", "2023"]
        );
        assert_eq!(numbers_in("Su-25 and A320"), ["25"]);
        assert!(numbers_in("no numbers here").is_empty());
        assert_eq!(
            numbers_in("2022-01-06, 0.5, 0"),
            ["2022", "1", "6", "0.5", "0"]
        );
    }
}
