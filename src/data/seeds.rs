//! The article corpus: `seeds/articles.json` (what is known of each article, and which
//! lines or spans are page furniture) and the article files it names.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use crate::model::PartialDate;
use crate::model::corpus::{Article, ArticleMeta, Corpus, DateBasis, PartKind};

use super::reader::Reporter;

/// The metadata file's name in a seeds folder.
pub const METADATA_FILE: &str = "articles.json";

/// The shipped seeds, embedded so the binary runs from any folder.
const EMBEDDED: &[(&str, &str)] = &[
    (METADATA_FILE, include_str!("../../seeds/articles.json")),
    (
        "000_bb05ab6d8224b6d9.txt",
        include_str!("../../seeds/000_bb05ab6d8224b6d9.txt"),
    ),
    (
        "001_cfa969aedc57d81f.txt",
        include_str!("../../seeds/001_cfa969aedc57d81f.txt"),
    ),
    (
        "002_f72fdc9a68375e81.txt",
        include_str!("../../seeds/002_f72fdc9a68375e81.txt"),
    ),
    (
        "003_0aab3120f2e5ab80.txt",
        include_str!("../../seeds/003_0aab3120f2e5ab80.txt"),
    ),
    (
        "004_afb074a3ccc66158.txt",
        include_str!("../../seeds/004_afb074a3ccc66158.txt"),
    ),
];

/// Where to read the articles from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SeedSource {
    /// The shipped corpus, embedded in the binary.
    #[default]
    Embedded,
    /// An editable folder, e.g. `--seeds ./seeds`.
    Dir(PathBuf),
    /// Files already read (the user's own articles): name → text, or why it could not be
    /// read; `label` names the folder they came from.
    Memory {
        /// The folder, for messages.
        label: String,
        /// The files by name.
        files: std::collections::BTreeMap<String, Result<String, String>>,
    },
}

impl SeedSource {
    /// Reads one file of the corpus by name.
    pub fn read(&self, name: &str) -> Result<Cow<'static, str>, String> {
        match self {
            Self::Embedded => EMBEDDED
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, text)| Cow::Borrowed(*text))
                .ok_or_else(|| format!("{name} is not among the shipped articles")),
            Self::Dir(dir) => super::source::read_text(&dir.join(name)).map(Cow::Owned),
            Self::Memory { label, files } => match files.get(name) {
                Some(Ok(text)) => Ok(Cow::Owned(text.clone())),
                Some(Err(problem)) => Err(problem.clone()),
                None => Err(format!("{name} is not in {label}")),
            },
        }
    }

    /// A short description for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Embedded => "the shipped articles (embedded)".to_owned(),
            Self::Dir(dir) => dir.display().to_string(),
            Self::Memory { label, .. } => label.clone(),
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetadata {
    articles: Vec<serde_json::Value>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    id: String,
    file: String,
    title: Option<String>,
    #[serde(default)]
    title_in_file: bool,
    outlet: Option<String>,
    authors: Option<Vec<String>>,
    translator: Option<String>,
    date: Option<PartialDate>,
    date_basis: Option<DateBasis>,
    date_note: Option<String>,
    url: Option<String>,
    #[serde(default)]
    parts: Vec<RawPart>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    kind: PartKind,
    lines: Option<[usize; 2]>,
    text: Option<String>,
}

/// Loads the corpus; every problem is reported against `articles.json` or the article file.
pub(super) fn load_corpus(source: &SeedSource, report: &mut Reporter<'_>) -> Corpus {
    let mut corpus = Corpus::default();
    let metadata = match source.read(METADATA_FILE) {
        Ok(text) => text,
        Err(problem) => {
            report.file_error(problem);
            return corpus;
        }
    };
    let raw: RawMetadata =
        match serde_json::from_str(metadata.strip_prefix('\u{feff}').unwrap_or(&metadata)) {
            Ok(raw) => raw,
            Err(e) => {
                report.file_error(super::reader::invalid_json(&e));
                return corpus;
            }
        };
    for (index, value) in raw.articles.into_iter().enumerate() {
        let label = value
            .get("id")
            .and_then(serde_json::Value::as_str)
            .map_or_else(|| format!("article #{index}"), str::to_owned);
        let article: RawArticle = match serde_json::from_value(value) {
            Ok(a) => a,
            Err(e) => {
                report.error(&label, format!("not a valid article entry: {e}"));
                continue;
            }
        };
        if article.id.trim().is_empty() {
            report.error(&label, "empty \"id\"");
            continue;
        }
        if corpus.get(&article.id).is_some() {
            report.error(&label, "duplicate article id; only the first is kept");
            continue;
        }
        if let Some(a) = build_article(article, source, &label, report) {
            corpus.articles.push(a);
        }
    }
    corpus
}

fn build_article(
    raw: RawArticle,
    source: &SeedSource,
    label: &str,
    report: &mut Reporter<'_>,
) -> Option<Article> {
    let text = match source.read(&raw.file) {
        Ok(text) => text.into_owned(),
        Err(problem) => {
            report.error(label, problem);
            return None;
        }
    };
    let line_count = text.split('\n').count();
    let mut lines: Vec<(Range<usize>, PartKind)> = Vec::new();
    let mut spans: Vec<(Range<usize>, PartKind)> = Vec::new();
    for part in &raw.parts {
        match (&part.lines, &part.text) {
            (Some([a, b]), None) => {
                if *a == 0 || a > b || *b > line_count {
                    report.error(
                        label,
                        format!(
                            "part {:?} names lines {a}–{b}, but {} has lines 1–{line_count}",
                            part.kind.name(),
                            raw.file
                        ),
                    );
                    return None;
                }
                lines.push((*a..*b + 1, part.kind));
            }
            (None, Some(t)) => {
                let found: Vec<_> = text.match_indices(t.as_str()).collect();
                if t.is_empty() || found.is_empty() {
                    report.error(
                        label,
                        format!(
                            "part {:?}: text {t:?} is not in {}",
                            part.kind.name(),
                            raw.file
                        ),
                    );
                    return None;
                }
                spans.extend(
                    found
                        .into_iter()
                        .map(|(at, s)| (at..at + s.len(), part.kind)),
                );
            }
            _ => {
                report.error(
                    label,
                    format!(
                        "part {:?} needs exactly one of \"lines\" or \"text\"",
                        part.kind.name()
                    ),
                );
                return None;
            }
        }
    }
    let meta = ArticleMeta {
        id: raw.id,
        file: raw.file,
        title: raw.title,
        title_in_file: raw.title_in_file,
        outlet: raw.outlet,
        authors: raw.authors,
        translator: raw.translator,
        date: raw.date,
        date_basis: raw.date_basis.unwrap_or(DateBasis::Stated),
        date_note: raw.date_note,
        url: raw.url.filter(|u| !u.trim().is_empty()),
    };
    let kind_of = |line: usize| {
        lines
            .iter()
            .rev()
            .find(|(r, _)| r.contains(&line))
            .map(|(_, k)| *k)
    };
    Some(Article::new(meta, text, &kind_of, &spans))
}
