//! What CASA says about a feature: its facts, the excerpts behind them in context, the other
//! sentences that mention it, with citations. The side panel and `casa info` both show this.

use std::ops::Range;

pub use crate::model::{CORRECTED_LEGEND, CORRECTED_MARK};

use crate::model::corpus::{Article, Corpus};
use crate::model::{Atlas, Country, CountryFact, Feature, Membership, Organisation, Shape, Source};

/// A passage of an article: one or more sentences, with a highlighted span inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Passage {
    /// Index of the article in the corpus.
    pub article: usize,
    /// The whole sentence(s), verbatim.
    pub context: String,
    /// The highlighted part of `context` (bytes), e.g. the curated quote.
    pub highlight: Range<usize>,
    /// "photo caption" when the passage is a caption.
    pub label: Option<&'static str>,
    /// The article's line the passage starts on.
    pub line: usize,
    /// Where the passage starts in the article's text (bytes).
    pub start: usize,
}

impl Passage {
    /// The span to highlight in the whole article: the quote, or the whole passage.
    pub fn article_span(&self) -> Range<usize> {
        if self.highlight.is_empty() {
            self.start..self.start + self.context.len()
        } else {
            self.start + self.highlight.start..self.start + self.highlight.end
        }
    }
}

/// A passage around the quote at `range` in `article`, spanning the sentences it touches.
pub fn passage(
    corpus: &Corpus,
    article: usize,
    range: Range<usize>,
    sentences: Range<usize>,
) -> Option<Passage> {
    let a: &Article = corpus.articles.get(article)?;
    let first = a.sentences.get(sentences.start)?;
    let last = a.sentences.get(sentences.end.checked_sub(1)?)?;
    let start = first.range.start.min(range.start);
    let end = last.range.end.max(range.end);
    let context = a.text.get(start..end)?.to_owned();
    let part = a.part_at(start);
    Some(Passage {
        article,
        context,
        highlight: range.start - start..range.end - start,
        label: part.and_then(|p| p.kind.label()),
        line: part.map_or(0, |p| p.line),
        start,
    })
}

/// The feature's curated quotes, each in its sentence(s).
pub fn excerpts(feature: &Feature, corpus: &Corpus) -> Vec<(usize, Passage)> {
    feature
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Source::Quote { location, .. } => passage(
                corpus,
                location.article,
                location.range.clone(),
                location.sentences.clone(),
            )
            .map(|p| (i, p)),
            Source::Reference { .. } => None,
        })
        .collect()
}

/// The feature's named external references: (source index, reference, what it supports).
pub fn references(feature: &Feature) -> Vec<(usize, &str, &str)> {
    feature
        .sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Source::Reference { reference, about } => Some((i, reference.as_str(), about.as_str())),
            Source::Quote { .. } => None,
        })
        .collect()
}

/// The other sentences that mention the feature, each whole.
pub fn mentions(feature: &Feature, corpus: &Corpus) -> Vec<Passage> {
    feature
        .mentions
        .iter()
        .filter_map(|m| {
            let s = corpus.articles.get(m.article)?.sentences.get(m.sentence)?;
            passage(
                corpus,
                m.article,
                s.range.start..s.range.start,
                m.sentence..m.sentence + 1,
            )
            .map(|mut p| {
                p.highlight = 0..0;
                p
            })
        })
        .collect()
}

/// The feature's position for people: "42.8530°N 74.8460°E" for a point, or the extent.
pub fn position_text(feature: &Feature) -> String {
    use geo::BoundingRect;
    let fmt = |lat: f64, lon: f64| {
        format!(
            "{:.4}°{} {:.4}°{}",
            lat.abs(),
            if lat >= 0.0 { 'N' } else { 'S' },
            lon.abs(),
            if lon >= 0.0 { 'E' } else { 'W' }
        )
    };
    let rect = match &feature.shape {
        Shape::Points(p) if p.0.len() == 1 => return fmt(p.0[0].y(), p.0[0].x()),
        Shape::Points(p) => {
            return p
                .0
                .iter()
                .map(|q| fmt(q.y(), q.x()))
                .collect::<Vec<_>>()
                .join("; ");
        }
        Shape::Lines(l) => l.bounding_rect(),
        Shape::Area(a) => a.bounding_rect(),
    };
    rect.map_or_else(String::new, |r| {
        format!(
            "within {} – {}",
            fmt(r.min().y, r.min().x),
            fmt(r.max().y, r.max().x)
        )
    })
}

/// The countries' names: "Kyrgyzstan", "Kyrgyzstan, Tajikistan".
pub fn countries_text(feature: &Feature, atlas: &Atlas) -> String {
    feature
        .countries
        .iter()
        .map(|c| atlas.country(c).map_or(c.0.as_str(), |k| k.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Russia" or "national government (Kazakhstan)".
pub fn actor_text(feature: &Feature) -> String {
    let who = match &feature.actor_detail {
        Some(d) => format!("{} ({d})", feature.actor.label()),
        None => feature.actor.label().to_owned(),
    };
    match &feature.operator {
        Some(o) => format!("{who}, run by {o}"),
        None => who,
    }
}

/// Citation marks for sources by index: "[1][3]".
pub fn source_marks(indices: &[usize]) -> String {
    indices.iter().map(|i| format!("[{}]", i + 1)).collect()
}

/// A feature's dates as the panel and `casa info` show them.
pub struct When<'a> {
    /// The period, whether it is in use, and the agreements, one per line.
    pub text: String,
    /// The marks of the sources that give the dates ("[1][3]"); empty if none.
    pub marks: String,
    /// What the dates rest on or how vague they are.
    pub note: Option<&'a str>,
}

/// A feature's dates with their sources and note, if it has any.
pub fn when(feature: &Feature) -> Option<When<'_>> {
    let text = when_text(feature)?;
    let period = feature.period.as_ref();
    Some(When {
        text,
        marks: period.map_or_else(String::new, |p| source_marks(&p.sources)),
        note: period.and_then(|p| p.note.as_deref()),
    })
}

/// A feature's dates for people: the period, whether it is in use, and the agreements it
/// rests on, one per line ("since 2003-10 · in use\nunder: agreement …, 2012-09-20 (to
/// 2032)").
pub fn when_text(feature: &Feature) -> Option<String> {
    let period = feature.period.as_ref();
    let mut text = match (period, feature.status) {
        (Some(p), Some(s)) => format!("{} · {}", p.text(), s.label()),
        (Some(p), None) => p.text(),
        (None, Some(s)) => s.label().to_owned(),
        (None, None) => return None,
    };
    for a in period.map(|p| p.agreements.as_slice()).unwrap_or_default() {
        text.push_str("\nunder: ");
        text.push_str(&a.text());
    }
    Some(text)
}

/// For each feature, the others that the same sentences speak of (through their quotes or
/// mentions), most shared sentences first. Built through an index from sentence to
/// features, so it costs the co-mentions, not the square of the feature count.
pub fn related(features: &[Feature]) -> Vec<Vec<usize>> {
    let mut by_sentence: std::collections::BTreeMap<(usize, usize), Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, f) in features.iter().enumerate() {
        let quoted = f
            .quotes()
            .flat_map(|q| q.sentences.clone().map(move |s| (q.article, s)));
        let mentioned = f.mentions.iter().map(|m| (m.article, m.sentence));
        let mut mine: Vec<(usize, usize)> = quoted.chain(mentioned).collect();
        mine.sort_unstable();
        mine.dedup();
        for key in mine {
            by_sentence.entry(key).or_default().push(i);
        }
    }
    let mut shared: Vec<std::collections::BTreeMap<usize, usize>> =
        vec![std::collections::BTreeMap::new(); features.len()];
    for group in by_sentence.values() {
        for &a in group {
            for &b in group {
                if a != b {
                    *shared[a].entry(b).or_default() += 1;
                }
            }
        }
    }
    shared
        .into_iter()
        .map(|counts| {
            let mut list: Vec<(usize, usize)> = counts.into_iter().collect();
            list.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            list.into_iter().map(|(j, _)| j).collect()
        })
        .collect()
}

/// What CASA shows for a country: its memberships by organisation, the claims the articles
/// make about it, and the features inside it. The country panel and `casa info` show this.
pub struct CountryDossier<'a> {
    /// The country.
    pub country: &'a Country,
    /// Per organisation (index into the atlas's organisations, in its order), the country's
    /// periods in it.
    pub memberships: Vec<(usize, Vec<&'a Membership>)>,
    /// What the articles say about the country (and the sets it is part of).
    pub facts: Vec<&'a CountryFact>,
    /// Indices of the features that lie in it.
    pub features: Vec<usize>,
}

/// The dossier of the country at `index`.
pub fn country(atlas: &Atlas, index: usize) -> Option<CountryDossier<'_>> {
    let country = atlas.countries.get(index)?;
    let memberships = atlas
        .organisations
        .iter()
        .enumerate()
        .map(|(o, org)| {
            let periods: Vec<&Membership> = atlas
                .memberships
                .iter()
                .filter(|m| m.organisation == org.id && m.country == country.id)
                .collect();
            (o, periods)
        })
        .filter(|(_, m)| !m.is_empty())
        .collect();
    let facts = atlas
        .facts
        .iter()
        .filter(|f| f.countries.contains(&country.id))
        .collect();
    let features = atlas
        .features
        .iter()
        .enumerate()
        .filter(|(_, f)| f.countries.contains(&country.id))
        .map(|(i, _)| i)
        .collect();
    Some(CountryDossier {
        country,
        memberships,
        facts,
        features,
    })
}

/// The country a query names exactly: its id ("KAZ") or its name (spelling-tolerant).
pub fn find_country(atlas: &Atlas, query: &str) -> Option<usize> {
    let q = crate::model::corpus::fold::key(query);
    if q.is_empty() {
        return None;
    }
    atlas
        .countries
        .iter()
        .position(|c| c.id.0.eq_ignore_ascii_case(query.trim()))
        .or_else(|| {
            atlas
                .countries
                .iter()
                .position(|c| crate::model::corpus::fold::key(&c.name) == q)
        })
}

/// A source in one line: the quote with its outlet and date, or the reference and what it
/// supports.
pub fn source_line(corpus: &Corpus, source: &Source) -> String {
    match source {
        Source::Quote { article, quote, .. } => {
            let cite = corpus.get(article).map_or_else(
                || article.clone(),
                |a| {
                    format!(
                        "{}, {}",
                        a.meta.outlet.as_deref().unwrap_or("outlet unknown"),
                        a.meta.date_text()
                    )
                },
            );
            format!("“{quote}” — {cite}")
        }
        Source::Reference { reference, about } => format!("{reference} — for {about}"),
    }
}

/// A membership period for people: "member 15 May 1992 – April 1999"; for a set of
/// countries (a vote, a neutrality) without the status: "since 2 March 2022".
pub fn period_text(organisation: &Organisation, m: &Membership) -> String {
    let status = if organisation.set {
        String::new()
    } else {
        format!("{} ", m.status.label())
    };
    match m.until {
        Some(u) => format!("{status}{} – {u}", m.from),
        None => format!("{status}since {}", m.from),
    }
}
