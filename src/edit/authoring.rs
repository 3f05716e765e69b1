//! Adding to the atlas from the app: what the forms hold (an article, a feature), how a
//! passage selected in the reader becomes a quote, and how a colleague's additions merge
//! with one's own. Pure data: the app checks every result with the loader's own checks
//! ([`crate::data::user_atlas::layer`]) before it is saved.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::{Value, json};

use crate::data::user_atlas::{UserArticle, UserAtlas, feature_id};
use crate::model::corpus::{Article, DateBasis, PartKind};
use crate::model::{Actor, FeatureKind, PartialDate, Precision};

/// The Add article form, saved with the settings so nothing typed is lost.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ArticleDraft {
    /// The id of the user's article being edited; `None` for a new one (its id and text
    /// then stay as they are: what cites it depends on them).
    pub editing: Option<String>,
    /// The text, as read from a file or pasted.
    pub text: String,
    /// The file it was read from, if any (for the record; the file itself is never written).
    pub from_file: String,
    /// The id features cite it by.
    pub id: String,
    /// The title.
    pub title: String,
    /// The outlet.
    pub outlet: String,
    /// The authors, comma-separated; empty with `authors_unknown`.
    pub authors: String,
    /// Whether the authors are unknown.
    pub authors_unknown: bool,
    /// The date as typed (YYYY, YYYY-MM or YYYY-MM-DD).
    pub date: String,
    /// Whether the date is printed with the article or inferred.
    pub date_basis: DateBasis,
    /// How the date was established.
    pub date_note: String,
    /// Where it was published online.
    pub url: String,
    /// Lines (from 1) marked as page furniture, and what they are.
    pub furniture: BTreeMap<usize, PartKind>,
}

impl Default for ArticleDraft {
    fn default() -> Self {
        Self {
            editing: None,
            text: String::new(),
            from_file: String::new(),
            id: String::new(),
            title: String::new(),
            outlet: String::new(),
            authors: String::new(),
            authors_unknown: false,
            date: String::new(),
            date_basis: DateBasis::Stated,
            date_note: String::new(),
            url: String::new(),
            furniture: BTreeMap::new(),
        }
    }
}

/// The kinds of page furniture a line can be marked as.
pub const FURNITURE: [PartKind; 12] = [
    PartKind::Byline,
    PartKind::Navigation,
    PartKind::Related,
    PartKind::Title,
    PartKind::Heading,
    PartKind::PullQuote,
    PartKind::PhotoCredit,
    PartKind::Copyright,
    PartKind::TranslationCredit,
    PartKind::Donation,
    PartKind::Caption,
    PartKind::Standfirst,
];

/// A lower-case id from words: "The Diplomat" 2026 → "the-diplomat-2026".
pub fn slug(words: &str) -> String {
    let mut out = String::new();
    for c in words.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let cut: String = out.chars().take(48).collect();
    cut.trim_end_matches('-').to_owned()
}

/// `base`, or `base-2`, `base-3` … whichever `taken` does not hold.
pub fn unique_id(base: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let base = if base.is_empty() { "item" } else { base };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_default()
}

impl ArticleDraft {
    /// The id proposed from the outlet (or title) and the year.
    pub fn proposed_id(&self) -> String {
        let words = if self.outlet.trim().is_empty() {
            self.title
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            self.outlet.clone()
        };
        let year = self.date.trim().get(..4).unwrap_or_default();
        slug(&format!("{words} {year}"))
    }

    /// The form for editing one of the user's articles, if its entry reads as one CASA
    /// writes (furniture by whole lines).
    pub fn from_article(article: &UserArticle) -> Option<Self> {
        let e = &article.entry;
        let text = |key: &str| {
            e.get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let authors: Option<Vec<String>> = parse(e, "authors");
        let mut furniture = BTreeMap::new();
        for part in e
            .get("parts")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let kind: PartKind = parse(part, "kind")?;
            let lines = part.get("lines")?.as_array()?;
            let (a, b) = (lines.first()?.as_u64()?, lines.get(1)?.as_u64()?);
            for line in a..=b {
                furniture.insert(usize::try_from(line).ok()?, kind);
            }
        }
        Some(Self {
            editing: Some(article.id()?.to_owned()),
            text: article.text.clone()?,
            from_file: String::new(),
            id: article.id()?.to_owned(),
            title: text("title"),
            outlet: text("outlet"),
            authors: authors.clone().unwrap_or_default().join(", "),
            authors_unknown: authors.is_none(),
            date: text("date"),
            date_basis: parse(e, "date_basis").unwrap_or(DateBasis::Stated),
            date_note: text("date_note"),
            url: text("url"),
            furniture,
        })
    }

    /// The lines of the text, numbered from 1 as the metadata counts them.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .enumerate()
            .map(|(i, l)| (i + 1, l))
    }

    /// The article as the user atlas stores it, or what is missing.
    pub fn to_article(&self) -> Result<UserArticle, String> {
        let id = self.id.trim();
        if self.text.trim().is_empty() {
            return Err("the article has no text: open a text file or paste it".into());
        }
        if self.editing.is_none() && (id.is_empty() || slug(id) != id) {
            return Err(format!(
                "the id {id:?} must be lower-case letters, digits and dashes (e.g. {:?})",
                self.proposed_id()
            ));
        }
        if self.editing.is_none() && crate::data::user_atlas::is_device_name(id) {
            return Err(format!(
                "the id {id:?} is a device name on Windows and cannot name a file; choose another"
            ));
        }
        if self.title.trim().is_empty() {
            return Err("the title is empty".into());
        }
        if self.outlet.trim().is_empty() {
            return Err("the outlet is empty (who published it)".into());
        }
        let authors: Vec<String> = self
            .authors
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_owned)
            .collect();
        if authors.is_empty() && !self.authors_unknown {
            return Err("name the authors, or tick \"Authors unknown\"".into());
        }
        let date = PartialDate::parse(self.date.trim())
            .map_err(|e| format!("the date {:?}: {e}", self.date.trim()))?;
        if self.date_basis == DateBasis::Inferred && self.date_note.trim().is_empty() {
            return Err("an inferred date needs a note saying how it was inferred".into());
        }
        let parts: Vec<Value> = runs(&self.furniture)
            .into_iter()
            .map(|(lines, kind)| json!({ "lines": [lines.start, lines.end - 1], "kind": kind }))
            .collect();
        let title_in_file = self.furniture.values().any(|k| *k == PartKind::Title);
        let optional = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let entry = json!({
            "id": id,
            "file": format!("{id}.txt"),
            "title": self.title.trim(),
            "title_in_file": title_in_file,
            "outlet": self.outlet.trim(),
            "authors": (!self.authors_unknown).then_some(authors),
            "translator": null,
            "date": date.iso(),
            "date_basis": self.date_basis,
            "date_note": optional(&self.date_note),
            "url": optional(&self.url),
            "parts": parts,
        });
        Ok(UserArticle {
            entry,
            text: Some(self.text.clone()),
        })
    }
}

/// The text with each paragraph's lines joined by a space (paragraphs are separated by
/// blank lines, kept).
pub fn join_wrapped(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Whether a paragraph of the text runs over several lines (hard-wrapped text).
pub fn is_wrapped(text: &str) -> bool {
    paragraphs(text).iter().any(|p| p.len() > 1)
}

/// The text's paragraphs (separated by lines blank or only spaces), each as its lines
/// without the spaces at their ends.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines().map(str::trim) {
        match (line.is_empty(), out.last_mut()) {
            (true, Some(last)) if !last.is_empty() => out.push(Vec::new()),
            (false, Some(last)) => last.push(line),
            _ => {}
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// Consecutive lines of one kind, as ranges of line numbers.
fn runs(marks: &BTreeMap<usize, PartKind>) -> Vec<(Range<usize>, PartKind)> {
    let mut out: Vec<(Range<usize>, PartKind)> = Vec::new();
    for (&line, &kind) in marks {
        match out.last_mut() {
            Some((r, k)) if *k == kind && r.end == line => r.end = line + 1,
            _ => out.push((line..line + 1, kind)),
        }
    }
    out
}

/// A passage selected in the reader: sentences `first..=last` of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceRange {
    /// The article (index into the corpus).
    pub article: usize,
    /// The first sentence selected.
    pub first: usize,
    /// The last sentence selected.
    pub last: usize,
}

impl SentenceRange {
    /// The passage's bytes in the article, or why it cannot be quoted: a quote lies in one
    /// paragraph of what the article says, never across page furniture.
    pub fn range(&self, article: &Article) -> Result<Range<usize>, String> {
        let (a, b) = (self.first.min(self.last), self.first.max(self.last));
        let (Some(first), Some(last)) = (article.sentences.get(a), article.sentences.get(b)) else {
            return Err("the selection is not in this article".into());
        };
        let range = first.range.start..last.range.end;
        let crossed = article.parts.iter().find(|p| {
            !p.kind.is_content() && p.range.start < range.end && p.range.end > range.start
        });
        if let Some(part) = crossed {
            return Err(format!(
                "the selection runs through page furniture ({}, line {}): cite the text on \
                 either side of it separately",
                part.kind.name(),
                part.line
            ));
        }
        if first.part != last.part {
            return Err(
                "the selection spans two paragraphs: a quote lies within one paragraph".into(),
            );
        }
        Ok(range)
    }
}

/// Years (1900–2099) a passage states, in order, each once: offered as a feature's dates.
pub fn years_in(text: &str) -> Vec<i32> {
    let mut years = Vec::new();
    let bytes = text.as_bytes();
    for (i, w) in bytes.windows(4).enumerate() {
        let digits = w.iter().all(u8::is_ascii_digit);
        let alone = (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        if digits && alone {
            let year: i32 = std::str::from_utf8(w)
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if (1900..2100).contains(&year) && !years.contains(&year) {
                years.push(year);
            }
        }
    }
    years
}

/// Numbers a passage states with the word after them ("1,000 soldiers"), offered as a
/// feature's figures; years are left to the dates.
pub fn figures_in(text: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let digit = |k: usize| chars.get(k).is_some_and(|c| c.1.is_ascii_digit());
    // A group of exactly three digits after a separator at `k` ("1,000", "7 000").
    let group = |k: usize| (k + 1..k + 4).all(digit) && !digit(k + 4);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !chars[i - 1].1.is_alphanumeric();
        if !digit(i) || !boundary {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            while digit(j) {
                j += 1;
            }
            match chars.get(j).map(|c| c.1) {
                Some(',' | ' ' | '\u{a0}' | '\u{202f}') if group(j) => j += 1,
                Some('.') if digit(j + 1) => j += 1,
                _ => break,
            }
        }
        let start = chars[i].0;
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        i = j;
        let glued = chars.get(j).is_some_and(|c| c.1.is_alphabetic());
        let number = &text[start..end];
        if glued || (number.len() == 4 && years_in(number).len() == 1) {
            continue;
        }
        // With the word after it, as the passage has them.
        let rest = &text[end..];
        let word_end = rest
            .chars()
            .next()
            .filter(|c| c.is_whitespace())
            .map(|space| {
                let after = &rest[space.len_utf8()..];
                let word = after
                    .char_indices()
                    .find(|(_, c)| !c.is_alphabetic())
                    .map_or(after.len(), |(k, _)| k);
                if word == 0 {
                    0
                } else {
                    space.len_utf8() + word
                }
            })
            .unwrap_or(0);
        out.push(text[start..end + word_end].to_owned());
    }
    out
}

/// The New/Edit feature form, saved with the settings so nothing typed is lost.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FeatureDraft {
    /// The id of the user feature being edited; `None` for a new one.
    pub editing: Option<String>,
    /// The name.
    pub name: String,
    /// Other names, comma-separated.
    pub aliases: String,
    /// What it is.
    pub kind: FeatureKind,
    /// Whose it is.
    pub actor: Actor,
    /// Who, for a national or other actor.
    pub actor_detail: String,
    /// How well its position is known.
    pub precision: Precision,
    /// How it was placed.
    pub placement: String,
    /// Where: longitude, latitude.
    pub position: Option<[f64; 2]>,
    /// A position as typed: "lat, lon", a site or a capital.
    pub typed: String,
    /// The countries it lies in (ISO codes), filled from the position.
    pub countries: Vec<String>,
    /// From when (YYYY[-MM[-DD]]), empty if not stated.
    pub from: String,
    /// Until when, empty if not stated.
    pub until: String,
    /// The passages it cites: article id and quote.
    pub sources: Vec<(String, String)>,
    /// Figures: label, value (as its passage words it) and the source it cites (an index
    /// into the feature's stored sources).
    pub figures: Vec<(String, String, usize)>,
    /// Where the first passage is among the stored sources (0 for a new feature; a stored
    /// one may list references first): what a figure picked from it cites.
    pub first_quote: usize,
}

impl Default for FeatureDraft {
    fn default() -> Self {
        Self {
            editing: None,
            name: String::new(),
            aliases: String::new(),
            kind: FeatureKind::Base,
            actor: Actor::Russia,
            actor_detail: String::new(),
            precision: Precision::Approximate,
            placement: String::new(),
            position: None,
            typed: String::new(),
            countries: Vec::new(),
            from: String::new(),
            until: String::new(),
            sources: Vec::new(),
            figures: Vec::new(),
            first_quote: 0,
        }
    }
}

impl FeatureDraft {
    /// The GeoJSON feature the user atlas stores, with `id`, or what is missing. The
    /// loader's checks run on it next.
    pub fn to_value(&self, id: &str) -> Result<Value, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("the feature has no name".into());
        }
        let Some([lon, lat]) = self.position else {
            return Err("place the feature: click the map, or type a position or a place".into());
        };
        if self.sources.is_empty() {
            return Err("the feature cites no passage".into());
        }
        if self.placement.trim().is_empty() {
            return Err("say how the feature was placed (the placement note)".into());
        }
        let date = |s: &str, what: &str| -> Result<Option<String>, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            PartialDate::parse(s)
                .map(|d| Some(d.iso()))
                .map_err(|e| format!("{what} {s:?}: {e}"))
        };
        let from = date(&self.from, "from")?;
        let until = date(&self.until, "until")?;
        let mut props = json!({
            "name": name,
            "aliases": self.aliases.split(',').map(str::trim).filter(|a| !a.is_empty()).collect::<Vec<_>>(),
            "actor": self.actor,
            "kind": self.kind,
            "countries": self.countries,
            "precision": self.precision,
            "placement": self.placement.trim(),
            "sources": self.sources.iter().map(|(a, q)| json!({"article": a, "quote": q})).collect::<Vec<_>>(),
        });
        let figures: Vec<Value> = self
            .figures
            .iter()
            .filter(|(l, v, _)| !l.trim().is_empty() || !v.trim().is_empty())
            .map(|(l, v, i)| json!({ "label": l.trim(), "value": v.trim(), "source": i }))
            .collect();
        if !figures.is_empty() {
            props["figures"] = figures.into();
        }
        if !self.actor_detail.trim().is_empty() {
            props["actor_detail"] = self.actor_detail.trim().into();
        }
        if from.is_some() || until.is_some() {
            let mut period = json!({ "sources": (0..self.sources.len()).collect::<Vec<_>>() });
            if let Some(f) = from {
                period["from"] = f.into();
            }
            if let Some(u) = until {
                period["until"] = u.into();
            }
            props["period"] = period;
        }
        Ok(json!({
            "type": "Feature",
            "id": id,
            "geometry": { "type": "Point", "coordinates": [round6(lon), round6(lat)] },
            "properties": props,
        }))
    }

    /// A stored feature with the form's fields written over it: what the form does not
    /// show (its sources, references among them, certainty, notes, corrections, review, a
    /// period's note and sources) stays as it was.
    pub fn apply_to(&self, old: &Value, id: &str) -> Result<Value, String> {
        let new = self.to_value(id)?;
        let mut out = old.clone();
        out["geometry"] = new["geometry"].clone();
        let (Some(props), Some(fresh)) = (
            out.get_mut("properties").and_then(Value::as_object_mut),
            new["properties"].as_object(),
        ) else {
            return Ok(new);
        };
        for key in [
            "name",
            "aliases",
            "actor",
            "kind",
            "countries",
            "precision",
            "placement",
        ] {
            props.insert(key.into(), fresh[key].clone());
        }
        for key in ["actor_detail", "figures"] {
            match fresh.get(key) {
                Some(v) => props.insert(key.into(), v.clone()),
                None => props.remove(key),
            };
        }
        let quotes: Vec<usize> = props
            .get("sources")
            .and_then(Value::as_array)
            .map(|s| {
                (0..s.len())
                    .filter(|&i| s[i].get("quote").is_some())
                    .collect()
            })
            .unwrap_or_default();
        let period = props
            .entry("period")
            .or_insert_with(|| json!({ "sources": quotes }));
        if !period.is_object() {
            *period = json!({ "sources": quotes });
        }
        if let Some(period) = period.as_object_mut() {
            for key in ["from", "until"] {
                match fresh.get("period").and_then(|p| p.get(key)) {
                    Some(v) => period.insert(key.into(), v.clone()),
                    None => period.remove(key),
                };
            }
            let cites = period
                .get("sources")
                .and_then(Value::as_array)
                .is_some_and(|s| !s.is_empty());
            if !cites {
                period.insert("sources".into(), json!(quotes));
            }
            if !period.contains_key("from")
                && !period.contains_key("until")
                && !period.contains_key("note")
            {
                props.remove("period");
            }
        }
        Ok(out)
    }

    /// The form for editing a stored feature (a point), if it reads as one.
    pub fn from_value(value: &Value) -> Option<Self> {
        let props = value.get("properties")?;
        let text = |key: &str| {
            props
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let coords = value.pointer("/geometry/coordinates")?.as_array()?;
        let position = [coords.first()?.as_f64()?, coords.get(1)?.as_f64()?];
        let list = |key: &str| -> Vec<String> {
            props
                .get(key)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let stored = props.get("sources")?.as_array()?;
        let first_quote = stored
            .iter()
            .position(|s| s.get("quote").is_some())
            .unwrap_or(0);
        let sources = stored
            .iter()
            .filter_map(|s| {
                Some((
                    s.get("article")?.as_str()?.to_owned(),
                    s.get("quote")?.as_str()?.to_owned(),
                ))
            })
            .collect();
        let period = |key: &str| {
            props
                .pointer(&format!("/period/{key}"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        Some(Self {
            editing: feature_id(value).map(str::to_owned),
            name: text("name"),
            aliases: list("aliases").join(", "),
            kind: parse(props, "kind")?,
            actor: parse(props, "actor")?,
            actor_detail: text("actor_detail"),
            precision: parse(props, "precision")?,
            placement: text("placement"),
            position: Some(position),
            typed: String::new(),
            countries: list("countries"),
            from: period("from"),
            until: period("until"),
            sources,
            first_quote,
            figures: props
                .get("figures")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|f| {
                            Some((
                                f.get("label")?.as_str()?.to_owned(),
                                f.get("value")?.as_str()?.to_owned(),
                                usize::try_from(f.get("source")?.as_u64()?).ok()?,
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

/// The Correct form: where the record differs from what a feature shows, with the named
/// reference it rests on; saved with the settings so nothing typed is lost.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct CorrectionDraft {
    /// The feature corrected (id).
    pub feature: String,
    /// Which fact: "period", "kind", "position", "figures.troops" …
    pub about: String,
    /// What the article says, briefly.
    pub article_says: String,
    /// The passage the article says it in (article id, quote), cited on the feature too.
    pub passage: Option<(String, String)>,
    /// What the record says.
    pub record: String,
    /// The named reference(s) the record rests on.
    pub reference: String,
    /// When the record's fact took effect or was stated (YYYY[-MM[-DD]]), if known.
    pub date: String,
}

impl CorrectionDraft {
    /// The entry `corrections.json` stores, or what is missing.
    pub fn to_value(&self) -> Result<Value, String> {
        let date = match self.date.trim() {
            "" => None,
            d => Some(
                PartialDate::parse(d)
                    .map_err(|e| format!("the date {d:?}: {e}"))?
                    .iso(),
            ),
        };
        let correction = crate::model::Correction {
            about: self.about.trim().to_owned(),
            article: Some(self.article_says.trim().to_owned()).filter(|a| !a.is_empty()),
            record: self.record.trim().to_owned(),
            reference: self.reference.trim().to_owned(),
            date: None,
            unsettled: false,
        };
        correction.check()?;
        let mut value = json!({ "feature": self.feature, "correction": correction });
        if let Some(d) = date {
            value["correction"]["date"] = d.into();
        }
        Ok(value)
    }
}

fn parse<T: serde::de::DeserializeOwned>(props: &Value, key: &str) -> Option<T> {
    props
        .get(key)
        .and_then(|v| serde_json::from_value(v.clone()).ok())
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// One change to the user's atlas, undoable: the atlas before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct AtlasEdit {
    /// The user's atlas before the change.
    pub before: UserAtlas,
    /// After it.
    pub after: UserAtlas,
}

/// One item both sides have with different content.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// "article" or "feature".
    pub what: &'static str,
    /// Its id.
    pub id: String,
    /// Whether to take the colleague's version (else keep one's own).
    pub take_theirs: bool,
}

/// A colleague's additions set against one's own.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    /// What they have.
    pub theirs: UserAtlas,
    /// Items both have, differently; each resolved by choice.
    pub conflicts: Vec<Conflict>,
    /// How many of their items are new here.
    pub new: usize,
    /// How many are already here as they are.
    pub same: usize,
}

impl Merge {
    /// Sets a colleague's additions against `mine`.
    pub fn new(mine: &UserAtlas, theirs: UserAtlas) -> Self {
        let mut merge = Self {
            theirs,
            conflicts: Vec::new(),
            new: 0,
            same: 0,
        };
        for a in &merge.theirs.articles {
            let id = a.id().unwrap_or_default();
            match mine.articles.iter().find(|m| m.id() == Some(id)) {
                None => merge.new += 1,
                Some(m) if m == a => merge.same += 1,
                Some(_) => merge.conflicts.push(Conflict {
                    what: "article",
                    id: id.to_owned(),
                    take_theirs: false,
                }),
            }
        }
        for f in &merge.theirs.features {
            let id = feature_id(f).unwrap_or_default();
            match mine.features.iter().find(|m| feature_id(m) == Some(id)) {
                None => merge.new += 1,
                Some(m) if m == f => merge.same += 1,
                Some(_) => merge.conflicts.push(Conflict {
                    what: "feature",
                    id: id.to_owned(),
                    take_theirs: false,
                }),
            }
        }
        for c in merge
            .theirs
            .citations
            .iter()
            .chain(&merge.theirs.corrections)
        {
            if mine.citations.contains(c) || mine.corrections.contains(c) {
                merge.same += 1;
            } else {
                merge.new += 1;
            }
        }
        merge
    }

    /// `mine` with their new items added and each conflict resolved as chosen.
    pub fn apply(&self, mine: &UserAtlas) -> UserAtlas {
        let mut out = mine.clone();
        let take = |what: &str, id: &str| {
            self.conflicts
                .iter()
                .any(|c| c.what == what && c.id == id && c.take_theirs)
        };
        for a in &self.theirs.articles {
            let id = a.id().unwrap_or_default();
            match out.articles.iter_mut().find(|m| m.id() == Some(id)) {
                None => out.articles.push(a.clone()),
                Some(m) if take("article", id) => *m = a.clone(),
                Some(_) => {}
            }
        }
        for f in &self.theirs.features {
            let id = feature_id(f).unwrap_or_default();
            match out.features.iter_mut().find(|m| feature_id(m) == Some(id)) {
                None => out.features.push(f.clone()),
                Some(m) if take("feature", id) => *m = f.clone(),
                Some(_) => {}
            }
        }
        for c in &self.theirs.citations {
            if !out.citations.contains(c) {
                out.citations.push(c.clone());
            }
        }
        for c in &self.theirs.corrections {
            if !out.corrections.contains(c) {
                out.corrections.push(c.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_years_and_runs() {
        assert_eq!(slug("The Diplomat 2026"), "the-diplomat-2026");
        assert_eq!(slug("  Éurasianet: news! "), "éurasianet-news");
        assert_eq!(unique_id("a", &|id| id == "a" || id == "a-2"), "a-3");
        use crate::data::user_atlas::is_device_name;
        assert!(is_device_name("COM1") && is_device_name("nul") && !is_device_name("com"));
        assert_eq!(
            years_in("in 2021, 2024 and 12345; 1999x 2021"),
            [2021, 2024]
        );
        let marks = BTreeMap::from([
            (1, PartKind::Navigation),
            (2, PartKind::Navigation),
            (4, PartKind::Byline),
        ]);
        assert_eq!(
            runs(&marks),
            [(1..3, PartKind::Navigation), (4..5, PartKind::Byline)]
        );
    }

    #[test]
    fn an_article_draft_round_trips() {
        let draft = ArticleDraft {
            text: "Site\n\nBy A\n\nBody.".into(),
            id: "site-2026".into(),
            title: "T".into(),
            outlet: "Site".into(),
            authors_unknown: true,
            date: "2026-11".into(),
            furniture: BTreeMap::from([(1, PartKind::Navigation), (3, PartKind::Byline)]),
            ..ArticleDraft::default()
        };
        let article = draft.to_article().expect("complete");
        let back = ArticleDraft::from_article(&article).expect("reads");
        assert_eq!(back.editing.as_deref(), Some("site-2026"));
        assert_eq!(
            ArticleDraft {
                editing: None,
                ..back
            },
            draft
        );
    }

    #[test]
    fn a_feature_draft_round_trips() {
        let draft = FeatureDraft {
            name: "New depot".into(),
            position: Some([69.2, 41.3]),
            countries: vec!["UZB".into()],
            placement: "At Tashkent, as the article says".into(),
            from: "2026-11".into(),
            sources: vec![("a".into(), "a depot near Tashkent".into())],
            figures: vec![("staff".into(), "200 staff".into(), 0)],
            ..FeatureDraft::default()
        };
        let value = draft.to_value("new-depot").expect("complete");
        let mut back = FeatureDraft::from_value(&value).expect("reads");
        assert_eq!(back.editing.take().as_deref(), Some("new-depot"));
        assert_eq!(back, draft);
        // Edited, what the form does not show is kept.
        let mut stored = value.clone();
        stored["properties"]["note"] = "kept".into();
        stored["properties"]["sources"]
            .as_array_mut()
            .expect("sources")
            .push(json!({ "reference": "A register", "about": "the date" }));
        stored["properties"]["period"]["note"] = "a note".into();
        let edited = FeatureDraft {
            name: "Depot".into(),
            from: String::new(),
            ..draft.clone()
        }
        .apply_to(&stored, "new-depot")
        .expect("complete");
        let props = &edited["properties"];
        assert_eq!(props["name"], "Depot");
        assert_eq!(props["note"], "kept");
        assert_eq!(props["sources"].as_array().map(Vec::len), Some(2));
        assert_eq!(props["period"], json!({ "note": "a note", "sources": [0] }));
        let unplaced = FeatureDraft {
            position: None,
            ..draft
        };
        assert!(unplaced.to_value("x").is_err_and(|e| e.contains("place")));
    }
}
