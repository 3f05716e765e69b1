//! The analyst's own atlas: articles, features and citations added in the app, kept in a
//! folder of their own (`atlas/` in the data folder, or `--user DIR`) and layered over the
//! shipped atlas, which is never written.
//!
//! The folder holds the same files as the shipped atlas, in the same form, so everything
//! added goes through the loader's checks (quotes verbatim in an article's content,
//! points inside their countries, dates in order, figures in their quotes):
//!
//! - `articles.json`: the articles, as `seeds/articles.json` records them, with their text
//!   files beside it;
//! - `features.geojson`: features, as `assets/features.geojson` holds them;
//! - `citations.json`: passages cited on shipped features (`feature`, `article`, `quote`);
//! - `corrections.json`: where the record differs from what the atlas shows, on any
//!   feature (`feature`, and the `correction` as the shipped features record one: what
//!   it is about, what the article says, what the record says, the named reference).
//!
//! Entries are kept as the JSON they were read as, so one that does not read is reported
//! and kept, never lost when the rest is saved.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::SeedSource;
use super::reader::Reporter;
use crate::model::corpus::Corpus;
use crate::model::issue::{LoadIssue, Severity};
use crate::model::{Country, Feature, Membership, Source};

/// The user atlas's folder in the data folder.
pub const USER_ATLAS_DIR: &str = "atlas";
/// Its features file.
pub const FEATURES_FILE: &str = "features.geojson";
/// Its citations file.
pub const CITATIONS_FILE: &str = "citations.json";
/// Its corrections file.
pub const CORRECTIONS_FILE: &str = "corrections.json";
/// The version written in a shared file of additions.
pub const ADDITIONS_VERSION: u32 = 1;

/// One of the user's articles: its `articles.json` entry and its text.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserArticle {
    /// The entry, as `articles.json` holds it.
    pub entry: Value,
    /// The text of its file; `None` when it could not be read (the file is then left as
    /// it is).
    pub text: Option<String>,
}

impl UserArticle {
    /// The entry's id.
    pub fn id(&self) -> Option<&str> {
        self.entry.get("id").and_then(Value::as_str)
    }

    /// The entry's file name.
    pub fn file(&self) -> Option<&str> {
        self.entry.get("file").and_then(Value::as_str)
    }
}

/// A passage of an article cited on a shipped feature, or on a period of a country's
/// membership.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The feature's id (or none, for a membership).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<String>,
    /// The membership period (or none, for a feature).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership: Option<MembershipRef>,
    /// The article's id.
    pub article: String,
    /// The passage, verbatim.
    pub quote: String,
}

/// A period of a country's membership: the organisation's id, the country and when the
/// period began, as `memberships.json` records them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRef {
    /// The organisation's id ("CSTO").
    pub organisation: String,
    /// The country's id ("KAZ").
    pub country: String,
    /// When the period began (YYYY[-MM[-DD]]).
    pub from: String,
}

impl MembershipRef {
    /// The reference to a membership period.
    pub fn of(m: &Membership) -> Self {
        Self {
            organisation: m.organisation.clone(),
            country: m.country.0.clone(),
            from: m.from.iso(),
        }
    }

    /// Whether it names this period.
    pub fn names(&self, m: &Membership) -> bool {
        m.organisation == self.organisation
            && m.country.0 == self.country
            && m.from.iso() == self.from
    }

    /// "CSTO/KAZ/1994", for messages and counts.
    pub fn key(&self) -> String {
        format!("{}/{}/{}", self.organisation, self.country, self.from)
    }
}

/// A correction of a feature: the record, with its named reference.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserCorrection {
    /// The feature's id.
    pub feature: String,
    /// The correction.
    pub correction: crate::model::Correction,
}

/// The user's additions, as read from their folder or a shared file.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UserAtlas {
    /// Articles with their texts.
    #[serde(default)]
    pub articles: Vec<UserArticle>,
    /// GeoJSON features.
    #[serde(default)]
    pub features: Vec<Value>,
    /// Citations on shipped features.
    #[serde(default)]
    pub citations: Vec<Value>,
    /// Corrections of features.
    #[serde(default)]
    pub corrections: Vec<Value>,
    /// Each file's other top-level members (a `name`, a `crs`, a `bbox` …), kept as they
    /// were read.
    #[serde(skip)]
    pub other: BTreeMap<String, serde_json::Map<String, Value>>,
}

/// Why the folder was not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// Another window or program changed it since it was read: read it again.
    Changed(String),
    /// It could not be written (or must not be: a file there does not read, a file would
    /// be written over); nothing was changed.
    Failed(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Changed(why) | Self::Failed(why) => f.write_str(why),
        }
    }
}

/// A feature value's id.
pub fn feature_id(value: &Value) -> Option<&str> {
    value.get("id").and_then(Value::as_str)
}

/// What reading a user atlas folder found.
#[derive(Debug, Default)]
pub struct ReadFolder {
    /// What was read.
    pub atlas: UserAtlas,
    /// Files that could not be read at all.
    pub issues: Vec<LoadIssue>,
    /// Why the folder must not be written (a file there does not read as a whole: saving
    /// would lose it), if so.
    pub blocked: Option<String>,
}

impl UserAtlas {
    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
            && self.features.is_empty()
            && self.citations.is_empty()
            && self.corrections.is_empty()
    }

    /// Reads a folder; a missing folder or file is an empty one.
    pub fn read(dir: &Path) -> ReadFolder {
        let mut out = ReadFolder::default();
        let files = [
            (super::METADATA_FILE, "articles"),
            (FEATURES_FILE, "features"),
            (CITATIONS_FILE, "citations"),
            (CORRECTIONS_FILE, "corrections"),
        ];
        for (file, member) in files {
            let (items, other) = match read_list(dir, file, member) {
                Ok(read) => read,
                Err(problem) => {
                    let path = dir.join(file).display().to_string();
                    out.issues.push(LoadIssue {
                        file: path.clone(),
                        feature: None,
                        problem: format!(
                            "{problem}; nothing is saved to this folder until it is fixed"
                        ),
                        severity: Severity::Error,
                        path: None,
                    });
                    out.blocked = Some(format!("{path} {problem}"));
                    continue;
                }
            };
            out.atlas.other.insert(file.to_owned(), other);
            match member {
                "articles" => {
                    out.atlas.articles = items
                        .into_iter()
                        .map(|entry| {
                            let text = entry
                                .get("file")
                                .and_then(Value::as_str)
                                .and_then(|f| plain_name(f).ok())
                                .and_then(|f| super::source::read_text(&dir.join(f)).ok());
                            UserArticle { entry, text }
                        })
                        .collect();
                }
                "features" => out.atlas.features = items,
                "citations" => out.atlas.citations = items,
                _ => out.atlas.corrections = items,
            }
        }
        out
    }

    /// Writes what differs from `before` (what the folder held when last read or written):
    /// all files or none (each to a temporary file first, then all renamed), article texts
    /// first so `articles.json` never names a missing file. Refused if the folder no longer
    /// holds `before` (another window or program changed it), if two articles name one
    /// file, or if an article's text would go over a file that is not one of the atlas's.
    pub fn write(&self, dir: &Path, before: &UserAtlas) -> Result<(), WriteError> {
        // Held from the check to the last rename, so two windows never interleave.
        let _claim = match crate::sys::persist::FileClaim::try_claim(&dir.join("atlas")) {
            Ok(Some(claim)) => Some(claim),
            Ok(None) => {
                return Err(WriteError::Failed(
                    "another CASA window is saving to this folder: try again in a moment".into(),
                ));
            }
            // Where the file system cannot lock, the check below still guards.
            Err(_) => None,
        };
        let now = Self::read(dir);
        if let Some(blocked) = now.blocked {
            return Err(WriteError::Failed(blocked));
        }
        if &now.atlas != before {
            return Err(WriteError::Changed(format!(
                "{} was changed by another window or program since CASA read it; \
                 it has been read again: make the change again",
                dir.display()
            )));
        }
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        let mut named: BTreeSet<String> = BTreeSet::new();
        // Only the texts being written are checked: an entry left as it was, however it
        // names its file, blocks nothing.
        for article in &self.articles {
            let (Some(file), Some(text)) = (article.file(), &article.text) else {
                continue;
            };
            let file = plain_name(file).map_err(WriteError::Failed)?;
            if !named.insert(file.to_lowercase()) {
                return Err(WriteError::Failed(format!(
                    "two articles name the file {file}; give each its own"
                )));
            }
            let path = dir.join(file);
            if super::source::read_text(&path).is_ok_and(|t| &t == text) {
                continue;
            }
            let ours = before
                .articles
                .iter()
                .any(|a| a.file().is_some_and(|f| f.eq_ignore_ascii_case(file)));
            if !ours && path.try_exists().unwrap_or(true) {
                return Err(WriteError::Failed(format!(
                    "{} is not one of your atlas's articles; CASA does not write over it",
                    path.display()
                )));
            }
            files.push((path, text.clone().into_bytes()));
        }
        let lists = [
            (
                super::METADATA_FILE,
                "articles",
                self.entries(),
                before.entries(),
            ),
            (
                FEATURES_FILE,
                "features",
                self.features.iter().collect(),
                before.features.iter().collect(),
            ),
            (
                CITATIONS_FILE,
                "citations",
                self.citations.iter().collect(),
                before.citations.iter().collect(),
            ),
            (
                CORRECTIONS_FILE,
                "corrections",
                self.corrections.iter().collect(),
                before.corrections.iter().collect(),
            ),
        ];
        for (file, member, items, old) in lists {
            let other = self.other.get(file);
            if items != old || other != before.other.get(file) {
                files.push((
                    dir.join(file),
                    list_text(member, &items, other).into_bytes(),
                ));
            }
        }
        crate::sys::persist::write_all_atomic(&files).map_err(|e| {
            WriteError::Failed(format!(
                "cannot write to {}: {e}; nothing was changed",
                dir.display()
            ))
        })
    }

    fn entries(&self) -> Vec<&Value> {
        self.articles.iter().map(|a| &a.entry).collect()
    }

    /// The additions as one file to share (texts included).
    pub fn to_shared(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut value {
            map.insert("casa_additions".into(), ADDITIONS_VERSION.into());
        }
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }

    /// Reads a shared file of additions; the error says what is wrong with it.
    pub fn from_shared(text: &str) -> Result<Self, String> {
        let mut value: Value = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text))
            .map_err(|e| super::reader::invalid_json(&e))?;
        let version = value
            .as_object_mut()
            .and_then(|m| m.remove("casa_additions"))
            .ok_or("not a file of CASA additions (no \"casa_additions\" member)")?;
        if version.as_u64() != Some(u64::from(ADDITIONS_VERSION)) {
            return Err(format!(
                "additions of version {version}; this CASA reads version {ADDITIONS_VERSION}"
            ));
        }
        serde_json::from_value(value).map_err(|e| format!("not valid additions: {e}"))
    }
}

/// The files of the folder itself, which an article's text never goes over.
const OWN_FILES: [&str; 4] = [
    super::METADATA_FILE,
    FEATURES_FILE,
    CITATIONS_FILE,
    CORRECTIONS_FILE,
];

/// A file name an article's text can have in the folder: a plain name (no folder, no
/// `..`, not hidden, no `:`), not one of the folder's own files, not a Windows device.
pub fn plain_name(file: &str) -> Result<&str, String> {
    let path = Path::new(file);
    let plain = path.components().count() == 1
        && matches!(
            path.components().next(),
            Some(std::path::Component::Normal(_))
        )
        && !file.starts_with('.')
        && !file.ends_with(['.', ' '])
        && !file.contains([':', '\\', '/', '<', '>', '"', '|', '?', '*'])
        && !file.chars().any(char::is_control);
    let stem = file.split('.').next().unwrap_or_default();
    if !plain {
        Err(format!(
            "file {file:?} must be a plain name in the folder (no folders, no \"..\", none of :<>\"|?*, not ending in a dot or space)"
        ))
    } else if OWN_FILES.iter().any(|own| own.eq_ignore_ascii_case(file)) {
        Err(format!("file {file:?} is one of the folder's own files"))
    } else if is_device_name(stem) {
        Err(format!("file {file:?} is a device name on Windows"))
    } else {
        Ok(file)
    }
}

/// Whether a file stem is one Windows reserves for devices (`con`, `nul`, `com1` …).
pub fn is_device_name(stem: &str) -> bool {
    // Windows ignores spaces at the end of a device's name ("CON .txt" is CON), and counts
    // the superscript digits among COM and LPT ports.
    let stem = stem.trim_end_matches(' ').to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul" | "conin$" | "conout$")
        || ["com", "lpt"].iter().any(|p| {
            stem.strip_prefix(p).is_some_and(|n| {
                let mut chars = n.chars();
                matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii_digit() || matches!(c, '¹' | '²' | '³'))
            })
        })
}

/// A file's list and its other top-level members; a missing file is an empty one.
fn read_list(
    dir: &Path,
    file: &str,
    member: &str,
) -> Result<(Vec<Value>, serde_json::Map<String, Value>), String> {
    let path = dir.join(file);
    match path.try_exists() {
        Ok(false) => return Ok((Vec::new(), serde_json::Map::new())),
        Ok(true) => {}
        Err(e) => return Err(format!("cannot be read: {e}")),
    }
    let text = super::source::read_text(&path)?;
    let value: Value = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(&text))
        .map_err(|e| super::reader::invalid_json(&e))?;
    let Value::Object(mut top) = value else {
        return Err(format!("has no {member:?} list at the top"));
    };
    if member == "features" {
        // Written with every features file.
        top.remove("type");
    }
    match top.remove(member) {
        Some(Value::Array(items)) => Ok((items, top)),
        _ => Err(format!("has no {member:?} list at the top")),
    }
}

fn list_text(
    member: &str,
    items: &[&Value],
    other: Option<&serde_json::Map<String, Value>>,
) -> String {
    let mut top = other.cloned().unwrap_or_default();
    if member == "features" {
        top.insert("type".into(), "FeatureCollection".into());
    }
    top.insert(
        member.into(),
        Value::Array(items.iter().map(|v| (*v).clone()).collect()),
    );
    serde_json::to_string_pretty(&Value::Object(top)).unwrap_or_default() + "\n"
}

/// The user's folder as layered over a load: what it holds, and the shipped content it
/// was layered over (to layer an edited copy again).
#[derive(Clone, Debug, Default)]
pub struct UserPart {
    /// The folder.
    pub dir: PathBuf,
    /// What it held when read.
    pub atlas: UserAtlas,
    /// Why it must not be written, if so.
    pub blocked: Option<String>,
    /// What loaded from it.
    pub added: Added,
    /// What it was layered over.
    pub shipped: Shipped,
}

/// The shipped content the user atlas is layered over.
#[derive(Clone, Debug, Default)]
pub struct Shipped {
    /// The features.
    pub features: Vec<Feature>,
    /// The membership periods.
    pub memberships: Vec<Membership>,
    /// The articles.
    pub corpus: Corpus,
}

/// What came from the user atlas once layered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Added {
    /// Ids of the user's articles that loaded.
    pub articles: BTreeSet<String>,
    /// Ids of the user's features that loaded.
    pub features: BTreeSet<String>,
    /// For each shipped feature cited, how many of its sources (the last ones) the user
    /// added.
    pub citations: BTreeMap<String, usize>,
    /// For each feature corrected, how many of its corrections (the last ones) the user
    /// added.
    pub corrections: BTreeMap<String, usize>,
    /// For each membership period cited ([`MembershipRef::key`]), how many of its sources
    /// (the last ones) the user added.
    pub memberships: BTreeMap<String, usize>,
}

/// The shipped content with the user's additions layered over it.
#[derive(Clone, Debug, Default)]
pub struct Layered {
    /// Shipped features, then the user's.
    pub features: Vec<Feature>,
    /// The shipped membership periods, with the user's citations.
    pub memberships: Vec<Membership>,
    /// Shipped articles, then the user's.
    pub corpus: Corpus,
    /// What the user atlas added.
    pub added: Added,
    /// What did not load, named by the user folder's files.
    pub issues: Vec<LoadIssue>,
}

/// Layers `user` over the shipped features and articles: the user's articles join the
/// corpus, then their features and citations are checked against it as the loader checks
/// the shipped ones. An id already shipped is refused. Problems name `dir`'s files.
pub fn layer(shipped: &Shipped, countries: &[Country], user: &UserAtlas, dir: &str) -> Layered {
    let mut out = Layered {
        features: shipped.features.clone(),
        memberships: shipped.memberships.clone(),
        corpus: shipped.corpus.clone(),
        ..Layered::default()
    };
    let file = |name: &str| Path::new(dir).join(name).display().to_string();
    let mut issues = Vec::new();
    let articles_file = file(super::METADATA_FILE);
    let mut report = Reporter {
        issues: &mut issues,
        file: &articles_file,
    };
    for article in user_corpus(user, dir, &mut report).articles {
        if shipped.corpus.get(&article.meta.id).is_some() {
            report.error(
                &article.meta.id,
                "this id is a shipped article's; give the article another id",
            );
            continue;
        }
        out.added.articles.insert(article.meta.id.clone());
        out.corpus.articles.push(article);
    }
    let features_file = file(FEATURES_FILE);
    report.file = &features_file;
    let context = super::features::Context {
        corpus: &out.corpus,
        countries,
    };
    let collection = list_text("features", &user.features.iter().collect::<Vec<_>>(), None);
    let features = super::reader::with_features(&collection, &mut report, |id, f, r| {
        super::features::feature_from(id, f, &context, r)
    });
    for feature in features {
        if shipped.features.iter().any(|s| s.id == feature.id) {
            report.error(
                &feature.id,
                "this id is a shipped feature's; a shipped feature is changed only by a \
                 correction citing a source: give the feature another id",
            );
            continue;
        }
        out.added.features.insert(feature.id.clone());
        out.features.push(feature);
    }
    let citations_file = file(CITATIONS_FILE);
    report.file = &citations_file;
    cite(&mut out, user, &mut report);
    let corrections_file = file(CORRECTIONS_FILE);
    report.file = &corrections_file;
    correct(&mut out, user, &mut report);
    super::find_mentions(&mut out.features, &out.corpus);
    out.issues = issues;
    out
}

/// The user's articles, read from memory by the loader's own code.
fn user_corpus(user: &UserAtlas, dir: &str, report: &mut Reporter<'_>) -> Corpus {
    let mut files = BTreeMap::new();
    let mut entries: Vec<&Value> = Vec::new();
    for article in &user.articles {
        if let Some(name) = article.file() {
            if files.keys().any(|f: &String| f.eq_ignore_ascii_case(name)) {
                report.error(
                    article.id().unwrap_or(name),
                    format!("names the file {name}, as another article does; give each its own"),
                );
                continue;
            }
            let label = article.id().unwrap_or(name);
            match (plain_name(name), &article.text) {
                (Err(problem), _) => {
                    report.error(label, problem);
                    continue;
                }
                (Ok(_), None) => {
                    let path = Path::new(dir).join(name);
                    report.error(label, format!("cannot read {}", path.display()));
                    continue;
                }
                (Ok(_), Some(text)) => {
                    files.insert(name.to_owned(), Ok(text.clone()));
                }
            }
        }
        entries.push(&article.entry);
    }
    files.insert(
        super::METADATA_FILE.to_owned(),
        Ok(list_text("articles", &entries, None)),
    );
    let source = SeedSource::Memory {
        label: dir.to_owned(),
        files,
    };
    super::seeds::load_corpus(&source, report)
}

/// Adds the user's citations to the features and membership periods they name, each quote
/// checked in its article.
fn cite(out: &mut Layered, user: &UserAtlas, report: &mut Reporter<'_>) {
    for (i, value) in user.citations.iter().enumerate() {
        let label = format!("citations[{i}]");
        let citation: Citation = match serde_json::from_value(value.clone()) {
            Ok(c) => c,
            Err(e) => {
                report.error(&label, format!("not a valid citation: {e}"));
                continue;
            }
        };
        let (sources, what, key) = match (&citation.feature, &citation.membership) {
            (Some(id), None) => match out.features.iter_mut().find(|f| &f.id == id) {
                Some(f) => {
                    let shipped = !out.added.features.contains(id);
                    (&mut f.sources, id.clone(), shipped.then(|| id.clone()))
                }
                None => {
                    report.error(&label, format!("unknown feature {id:?}"));
                    continue;
                }
            },
            (None, Some(m)) => match out.memberships.iter_mut().find(|p| m.names(p)) {
                Some(p) => (&mut p.sources, m.key(), Some(m.key())),
                None => {
                    report.error(&label, format!("no membership period {}", m.key()));
                    continue;
                }
            },
            _ => {
                report.error(
                    &label,
                    "a citation names one \"feature\" or one \"membership\"",
                );
                continue;
            }
        };
        let raw = super::features::RawSource::quote(citation.article, citation.quote);
        let source = match super::features::sources(vec![raw], &out.corpus) {
            Ok(mut s) => s.remove(0),
            Err(problem) => {
                report.error(&label, format!("on {what}: {problem}"));
                continue;
            }
        };
        let already = sources.iter().any(|s| match (s, &source) {
            (Source::Quote { location: a, .. }, Source::Quote { location: b, .. }) => a == b,
            _ => false,
        });
        if already {
            report.warning(&label, format!("{what} already cites this passage"));
            continue;
        }
        sources.push(source);
        match (key, citation.membership.is_some()) {
            (Some(k), true) => *out.added.memberships.entry(k).or_default() += 1,
            (Some(k), false) => *out.added.citations.entry(k).or_default() += 1,
            (None, _) => {}
        }
    }
}

/// Adds the user's corrections to the features they name, each checked as the loader checks
/// the shipped ones (a named reference, what the record says, what it is about).
fn correct(out: &mut Layered, user: &UserAtlas, report: &mut Reporter<'_>) {
    for (i, value) in user.corrections.iter().enumerate() {
        let label = format!("corrections[{i}]");
        let entry: UserCorrection = match serde_json::from_value(value.clone()) {
            Ok(c) => c,
            Err(e) => {
                report.error(&label, format!("not a valid correction: {e}"));
                continue;
            }
        };
        let Some(feature) = out.features.iter_mut().find(|f| f.id == entry.feature) else {
            report.error(&label, format!("unknown feature {:?}", entry.feature));
            continue;
        };
        if let Err(problem) = entry.correction.check() {
            report.error(&label, format!("on {}: {problem}", entry.feature));
            continue;
        }
        *out.added.corrections.entry(feature.id.clone()).or_default() += 1;
        feature.corrections.push(entry.correction);
    }
}
