//! `features.geojson` and `memberships.json`: the content, checked against the corpus (every
//! quote verbatim) and the borders (every site in the country it claims).

use geo::{
    BooleanOps, BoundingRect, Contains, Coord, Distance, Euclidean, Intersects, MultiPoint,
    MultiPolygon, Point, Rect,
};
use geojson::Feature as GeoFeature;
use geojson::GeometryValue;

use crate::model::corpus::{Corpus, fold};
use crate::model::{
    Actor, Agreement, Category, Certainty, Correction, Country, CountryFact, CountryId, Feature,
    FeatureKind, Figure, Membership, Mention, Organisation, PartialDate, Period, Precision,
    QuoteLocation, Review, Shape, SiteStatus, Source, Status,
};

use super::geometry;
use super::reader::Reporter;

/// What a feature's checks need to know besides the feature.
pub(super) struct Context<'a> {
    pub corpus: &'a Corpus,
    /// The borders; empty when they failed to load (then country checks are skipped).
    pub countries: &'a [Country],
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProperties {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    actor: Actor,
    actor_detail: Option<String>,
    operator: Option<String>,
    kind: FeatureKind,
    status: Option<SiteStatus>,
    countries: Vec<String>,
    precision: Precision,
    #[serde(default)]
    area: Vec<String>,
    placement: String,
    period: Option<RawPeriod>,
    #[serde(default)]
    figures: Vec<RawFigure>,
    certainty: Option<Certainty>,
    certainty_note: Option<String>,
    note: Option<String>,
    sources: Vec<RawSource>,
    #[serde(default)]
    corrections: Vec<Correction>,
    reviewed: Option<Review>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    from: Option<PartialDate>,
    until: Option<PartialDate>,
    note: Option<String>,
    #[serde(default)]
    agreements: Vec<Agreement>,
    #[serde(default)]
    sources: Vec<usize>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFigure {
    label: String,
    value: String,
    source: usize,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSource {
    article: Option<String>,
    quote: Option<String>,
    reference: Option<String>,
    about: Option<String>,
}

impl RawSource {
    /// A quote from an article.
    pub(super) fn quote(article: String, quote: String) -> Self {
        Self {
            article: Some(article),
            quote: Some(quote),
            reference: None,
            about: None,
        }
    }
}

/// Checks every source: quotes verbatim in a known article, references named.
pub(super) fn sources(raw: Vec<RawSource>, corpus: &Corpus) -> Result<Vec<Source>, String> {
    if raw.is_empty() {
        return Err("no sources; every fact needs a quote or a named reference".into());
    }
    raw.into_iter()
        .enumerate()
        .map(|(i, s)| match s {
            RawSource {
                article: Some(article),
                quote: Some(quote),
                reference: None,
                about: None,
            } => {
                let Some(index) = corpus.index_of(&article) else {
                    let known: Vec<&str> =
                        corpus.articles.iter().map(|a| a.meta.id.as_str()).collect();
                    return Err(format!(
                        "source {i}: unknown article {article:?} (known: {})",
                        known.join(", ")
                    ));
                };
                let found = corpus.articles[index]
                    .find_quote(&quote)
                    .map_err(|miss| format!("source {i} ({article}): {miss}"))?;
                Ok(Source::Quote {
                    article,
                    quote,
                    location: QuoteLocation {
                        article: index,
                        range: found.range,
                        sentences: found.sentences,
                    },
                })
            }
            RawSource {
                reference: Some(reference),
                about: Some(about),
                article: None,
                quote: None,
            } if !reference.trim().is_empty() => Ok(Source::Reference { reference, about }),
            _ => Err(format!(
                "source {i} must be either {{\"article\", \"quote\"}} or {{\"reference\", \"about\"}}"
            )),
        })
        .collect()
}

/// The valid corrections and review; each invalid one is reported (an error: `casa check`
/// fails) and dropped, and the item it belongs to still loads.
fn checked_record(
    label: &str,
    corrections: Vec<Correction>,
    reviewed: Option<Review>,
    report: &mut Reporter<'_>,
) -> (Vec<Correction>, Option<Review>) {
    let mut kept = Vec::with_capacity(corrections.len());
    for (i, c) in corrections.into_iter().enumerate() {
        match c.check() {
            Ok(()) => kept.push(c),
            Err(problem) => report.error(
                label,
                format!("corrections[{i}]: {problem}; the correction is not shown"),
            ),
        }
    }
    let reviewed = reviewed.and_then(|r| match r.check() {
        Ok(()) => Some(r),
        Err(problem) => {
            report.error(label, problem);
            None
        }
    });
    (kept, reviewed)
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Keeps the `area` entries of region-level markers that name a country or a region
/// feature (one with an area); each other entry is reported (an error) and dropped.
pub(super) fn check_areas(
    features: &mut [Feature],
    countries: &[crate::model::Country],
    report: &mut Reporter<'_>,
) {
    let regions: std::collections::BTreeSet<String> = features
        .iter()
        .filter(|f| matches!(f.shape, Shape::Area(_)))
        .map(|f| f.id.clone())
        .collect();
    for f in features.iter_mut() {
        let before = std::mem::take(&mut f.area);
        for (i, id) in before.into_iter().enumerate() {
            if regions.contains(&id) || countries.iter().any(|c| c.id.0 == id) {
                f.area.push(id);
            } else {
                report.error(
                    &f.id,
                    format!(
                        "area[{i}]: {id:?} is neither a country of countries.geojson nor a \
                         feature with an area; the marker is exported as a point"
                    ),
                );
            }
        }
    }
}

/// Converts and checks one feature.
pub(super) fn feature_from(
    id: &str,
    feature: &GeoFeature,
    context: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Option<Feature> {
    let props = serde_json::Value::Object(feature.properties.clone().unwrap_or_default());
    let raw: RawProperties = match serde_json::from_value(props) {
        Ok(raw) => raw,
        Err(e) => {
            report.error(id, format!("properties: {e}"));
            return None;
        }
    };
    match build(id, raw, feature, context, report) {
        Ok(f) => Some(f),
        Err(Skip::Reported) => None,
        Err(Skip::Because(problem)) => {
            report.error(id, problem);
            None
        }
    }
}

/// Why a feature is skipped: a problem to report, or one already reported (geometry).
enum Skip {
    Because(String),
    Reported,
}

impl From<String> for Skip {
    fn from(problem: String) -> Self {
        Self::Because(problem)
    }
}

impl From<&str> for Skip {
    fn from(problem: &str) -> Self {
        Self::Because(problem.to_owned())
    }
}

fn build(
    id: &str,
    raw: RawProperties,
    feature: &GeoFeature,
    context: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Result<Feature, Skip> {
    let name = raw.name.trim();
    if name.is_empty() {
        return Err(Skip::from("empty \"name\""));
    }
    if raw.aliases.iter().any(|a| a.trim().is_empty()) {
        return Err(Skip::from("an empty alias"));
    }
    if raw.placement.trim().is_empty() {
        return Err(Skip::from(
            "empty \"placement\": say how the feature was placed",
        ));
    }
    if matches!(
        raw.actor,
        Actor::National | Actor::Other | Actor::OtherPower
    ) && non_empty(raw.actor_detail.clone()).is_none()
    {
        return Err(Skip::from(format!(
            "actor {:?} needs an \"actor_detail\" naming who",
            raw.actor.label()
        )));
    }
    let certainty = raw.certainty.unwrap_or(Certainty::Stated);
    if certainty != Certainty::Stated && non_empty(raw.certainty_note.clone()).is_none() {
        return Err(Skip::from(format!(
            "certainty {:?} needs a \"certainty_note\" saying who reports, contests or denies it",
            certainty.label()
        )));
    }
    let sources = sources(raw.sources, context.corpus)?;
    let (corrections, reviewed) = checked_record(id, raw.corrections, raw.reviewed, report);
    let figures = figures(raw.figures, &sources)?;
    let period = period(raw.period, &sources)?;
    let status = status(raw.kind, raw.status, period.as_ref())?;
    if raw.countries.is_empty() {
        return Err(Skip::from("no \"countries\""));
    }
    let countries: Vec<CountryId> = raw.countries.into_iter().map(CountryId).collect();
    if !context.countries.is_empty() {
        for c in &countries {
            if !context.countries.iter().any(|k| &k.id == c) {
                return Err(Skip::from(format!(
                    "unknown country {:?} (not in countries.geojson)",
                    c.0
                )));
            }
        }
    }
    if !raw.area.is_empty() && raw.precision != Precision::Region {
        return Err(Skip::from(
            "\"area\" names what a region-level marker stands for: the precision must be \"region\"",
        ));
    }
    let shape = shape(id, feature, report).ok_or(Skip::Reported)?;
    let shape = match shape {
        Shape::Points(points) => {
            check_points(&points, &countries, context.countries)?;
            Shape::Points(points)
        }
        Shape::Area(area) => Shape::Area(clip_to_countries(area, &countries, context.countries)?),
        lines => lines,
    };
    Ok(Feature {
        id: id.to_owned(),
        name: name.to_owned(),
        aliases: raw
            .aliases
            .into_iter()
            .map(|a| a.trim().to_owned())
            .collect(),
        actor: raw.actor,
        actor_detail: non_empty(raw.actor_detail),
        operator: non_empty(raw.operator),
        kind: raw.kind,
        status,
        countries,
        shape,
        precision: raw.precision,
        area: raw.area.into_iter().map(|a| a.trim().to_owned()).collect(),
        placement: raw.placement.trim().to_owned(),
        period,
        figures,
        certainty,
        certainty_note: non_empty(raw.certainty_note),
        note: non_empty(raw.note),
        sources,
        mentions: Vec::new(),
        corrections,
        reviewed,
    })
}

/// A source index that the feature has.
fn source_ok(sources: &[Source], i: usize, what: &str) -> Result<(), Skip> {
    if i < sources.len() {
        Ok(())
    } else {
        Err(Skip::from(format!(
            "{what} cites source {i}, but the feature has {} sources",
            sources.len()
        )))
    }
}

/// Figures, each of which must stand in the quote it cites.
fn figures(raw: Vec<RawFigure>, sources: &[Source]) -> Result<Vec<Figure>, Skip> {
    let mut figures = Vec::with_capacity(raw.len());
    for f in raw {
        source_ok(sources, f.source, &format!("figure {:?}", f.label))?;
        if let Source::Quote { quote, .. } = &sources[f.source]
            && !quote.contains(f.value.as_str())
        {
            return Err(Skip::from(format!(
                "figure {:?}: {:?} is not in the quote it cites (source {})",
                f.label, f.value, f.source
            )));
        }
        figures.push(Figure {
            label: f.label,
            value: f.value,
            source: f.source,
        });
    }
    Ok(figures)
}

/// The period: dates with their sources, in order.
fn period(raw: Option<RawPeriod>, sources: &[Source]) -> Result<Option<Period>, Skip> {
    let Some(p) = raw else {
        return Ok(None);
    };
    for &s in &p.sources {
        source_ok(sources, s, "the period")?;
    }
    if p.sources.is_empty() && (p.from.is_some() || p.until.is_some()) {
        return Err(Skip::from("the period gives dates but cites no source"));
    }
    if let (Some(from), Some(until)) = (p.from, p.until)
        && until.latest() < from.earliest()
    {
        return Err(Skip::from(format!(
            "the period ends ({until}) before it starts ({from})"
        )));
    }
    for a in &p.agreements {
        if a.name.trim().is_empty() {
            return Err(Skip::from("an agreement of the period has no \"name\""));
        }
        if let Some(term) = a.term
            && term.latest() < a.signed.earliest()
        {
            return Err(Skip::from(format!(
                "the agreement {:?} ends ({term}) before it is signed ({})",
                a.name, a.signed
            )));
        }
    }
    if p.agreements
        .windows(2)
        .any(|w| w[1].signed.earliest() < w[0].signed.earliest())
    {
        return Err(Skip::from(
            "the period's agreements are not in the order they were signed",
        ));
    }
    Ok(Some(Period {
        from: p.from,
        until: p.until,
        note: non_empty(p.note),
        agreements: p.agreements,
        sources: p.sources,
    }))
}

/// A site's or facility's status: as the file states it, else in use until its period
/// ends. A stated status must agree with the period ("active" has no end, "ended" has
/// one); events, routes and regions have none.
fn status(
    kind: FeatureKind,
    stated: Option<SiteStatus>,
    period: Option<&Period>,
) -> Result<Option<SiteStatus>, Skip> {
    let has_status = matches!(kind.category(), Category::Site | Category::Infrastructure);
    if !has_status {
        return match stated {
            Some(_) => Err(Skip::from(format!(
                "a {} has no \"status\" (only sites and infrastructure do)",
                kind.label()
            ))),
            None => Ok(None),
        };
    }
    let ended = period.is_some_and(|p| p.until.is_some());
    match (stated, ended) {
        (Some(SiteStatus::Active), true) => Err(Skip::from(
            "status \"active\" but the period has an end (\"until\")",
        )),
        (Some(SiteStatus::Ended), false) => Err(Skip::from(
            "status \"ended\" needs the period's end (\"until\")",
        )),
        (Some(s), _) => Ok(Some(s)),
        (None, true) => Ok(Some(SiteStatus::Ended)),
        (None, false) => Ok(Some(SiteStatus::Active)),
    }
}

/// The feature's geometry as points, lines or an area. Problems are reported here; `None`
/// means the caller should skip the feature without adding a message.
fn shape(id: &str, feature: &GeoFeature, report: &mut Reporter<'_>) -> Option<Shape> {
    let g = feature.geometry.as_ref();
    match g.map(|g| &g.value) {
        Some(GeometryValue::Point { .. }) => {
            geometry::point(id, g, report).map(|p| Shape::Points(MultiPoint(vec![p])))
        }
        Some(GeometryValue::MultiPoint { coordinates }) => {
            let mut points = Vec::new();
            for c in coordinates {
                let single = geojson::Geometry::new(GeometryValue::Point {
                    coordinates: c.clone(),
                });
                points.push(geometry::point(id, Some(&single), report)?);
            }
            if points.is_empty() {
                report.error(id, "a MultiPoint without points");
                return None;
            }
            Some(Shape::Points(MultiPoint(points)))
        }
        Some(GeometryValue::LineString { .. } | GeometryValue::MultiLineString { .. }) => {
            geometry::lines(id, g, report).map(Shape::Lines)
        }
        Some(GeometryValue::Polygon { .. } | GeometryValue::MultiPolygon { .. }) => {
            geometry::area(id, g, report).map(Shape::Area)
        }
        Some(other) => {
            report.error(
                id,
                format!(
                    "geometry is a {}, which CASA does not draw",
                    other.type_name()
                ),
            );
            None
        }
        None => {
            report.error(id, "no geometry");
            None
        }
    }
}

/// Cuts an area to the borders of the countries it lists, so a region drawn by hand
/// follows the real borders wherever it meets them.
fn clip_to_countries(
    area: MultiPolygon<f64>,
    listed: &[CountryId],
    countries: &[Country],
) -> Result<MultiPolygon<f64>, String> {
    if countries.is_empty() {
        return Ok(area);
    }
    let Some(bounds) = area.bounding_rect() else {
        return Err("the area is empty".into());
    };
    let mut parts = Vec::new();
    for c in countries.iter().filter(|c| claims(listed, c)) {
        let overlaps = c.bounds.is_some_and(|r| r.intersects(&bounds));
        if overlaps {
            parts.extend(area.intersection(&c.geometry).0);
        }
    }
    if parts.is_empty() {
        return Err("the area lies outside all the countries it lists".into());
    }
    Ok(MultiPolygon(parts))
}

/// The countries (by id, and the leased areas by their sovereign) that contain a point.
fn countries_at(countries: &[Country], p: Point<f64>) -> Vec<&Country> {
    countries.iter().filter(|c| contains(c, p)).collect()
}

/// Whether a country's area holds the point (its bounding box first).
fn contains(country: &Country, p: Point<f64>) -> bool {
    country.bounds.is_some_and(|r: Rect<f64>| r.contains(&p)) && country.geometry.contains(&p)
}

fn claims(listed: &[CountryId], country: &Country) -> bool {
    listed.contains(&country.id)
        || country
            .sovereign
            .as_ref()
            .is_some_and(|s| listed.contains(s))
}

/// How far outside its country a point on a coast or border may lie (degrees, ~5 km):
/// the 1:10m borders are generalised.
const BORDER_TOLERANCE_DEG: f64 = 0.05;

/// Every point must fall in one of the listed countries; a point in another country is
/// most often a typing slip, and swapped coordinates are named as such.
fn check_points(
    points: &MultiPoint<f64>,
    listed: &[CountryId],
    countries: &[Country],
) -> Result<(), String> {
    if countries.is_empty() {
        return Ok(());
    }
    let names = || {
        listed
            .iter()
            .map(|c| c.0.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    for p in &points.0 {
        // The listed countries first: most points lie in one, and testing only those
        // spares the big polygons (Russia's, China's) whose boxes cover the region.
        let in_listed = countries
            .iter()
            .filter(|c| claims(listed, c))
            .any(|c| contains(c, *p));
        if in_listed {
            continue;
        }
        let inside = countries_at(countries, *p);
        let near = countries
            .iter()
            .filter(|c| claims(listed, c))
            .any(|c| Euclidean.distance(p, &c.geometry) <= BORDER_TOLERANCE_DEG);
        if near {
            continue;
        }
        let swapped = Point::from(Coord { x: p.y(), y: p.x() });
        let swap_hint = if countries_at(countries, swapped)
            .iter()
            .any(|c| claims(listed, c))
        {
            " — with longitude and latitude swapped it would; are they swapped?"
        } else {
            ""
        };
        let place = match inside.first() {
            Some(c) => format!("falls in {} ({})", c.name, c.id.0),
            None => "falls in no country".to_owned(),
        };
        return Err(format!(
            "the point [{}, {}] {place}, not in {}{swap_hint}",
            p.x(),
            p.y(),
            names()
        ));
    }
    Ok(())
}

/// Finds, for every feature, the corpus sentences that name it (by name or alias, spelling-
/// tolerant) and are not already among its quotes. Page furniture has no sentences, so it
/// is never offered.
pub fn find_mentions(features: &mut [Feature], corpus: &Corpus) {
    let sentence_tokens: Vec<Vec<Vec<String>>> = corpus
        .articles
        .iter()
        .map(|a| {
            (0..a.sentences.len())
                .map(|i| fold::tokens(a.sentence_text(i)))
                .collect()
        })
        .collect();
    for feature in features.iter_mut() {
        let names: Vec<Vec<String>> = feature
            .names()
            .map(fold::tokens)
            .filter(|t| !t.is_empty())
            .collect();
        let quoted: Vec<(usize, std::ops::Range<usize>)> = feature
            .quotes()
            .map(|q| (q.article, q.sentences.clone()))
            .collect();
        let mut mentions = Vec::new();
        for (article, sentences) in sentence_tokens.iter().enumerate() {
            for (sentence, tokens) in sentences.iter().enumerate() {
                let is_quote = quoted
                    .iter()
                    .any(|(a, r)| *a == article && r.contains(&sentence));
                if !is_quote && names.iter().any(|n| fold::find_tokens(tokens, n).is_some()) {
                    mentions.push(Mention { article, sentence });
                }
            }
        }
        feature.mentions = mentions;
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMemberships {
    organisations: Vec<serde_json::Value>,
    memberships: Vec<serde_json::Value>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganisation {
    id: String,
    name: String,
    full_name: String,
    #[serde(default)]
    aliases: Vec<String>,
    description: String,
    founded: Option<PartialDate>,
    sources: Vec<RawSource>,
    date_rule: Option<String>,
    reviewed: Option<Review>,
    #[serde(default)]
    set: bool,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMembership {
    organisation: String,
    country: String,
    status: Status,
    from: PartialDate,
    until: Option<PartialDate>,
    note: Option<String>,
    sources: Vec<RawSource>,
    #[serde(default)]
    corrections: Vec<Correction>,
    reviewed: Option<Review>,
}

/// Loads `memberships.json`: organisations, then per-country periods of status.
pub(super) fn memberships_from(
    text: &str,
    context: &Context<'_>,
    report: &mut Reporter<'_>,
) -> (Vec<Organisation>, Vec<Membership>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawMemberships = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            report.file_error(super::reader::invalid_json(&e));
            return (Vec::new(), Vec::new());
        }
    };
    let mut organisations: Vec<Organisation> = Vec::new();
    for (i, value) in raw.organisations.into_iter().enumerate() {
        let label = value
            .get("id")
            .and_then(serde_json::Value::as_str)
            .map_or_else(|| format!("organisation #{i}"), str::to_owned);
        let result = serde_json::from_value::<RawOrganisation>(value)
            .map_err(|e| format!("not a valid organisation: {e}"))
            .and_then(|o| {
                if o.id.trim().is_empty() || o.name.trim().is_empty() {
                    return Err("empty \"id\" or \"name\"".into());
                }
                if organisations.iter().any(|k| k.id == o.id) {
                    return Err("duplicate organisation id; only the first is kept".into());
                }
                let (_, reviewed) = checked_record(&o.id, Vec::new(), o.reviewed, report);
                Ok(Organisation {
                    sources: sources(o.sources, context.corpus)?,
                    date_rule: non_empty(o.date_rule),
                    set: o.set,
                    reviewed,
                    id: o.id,
                    name: o.name,
                    full_name: o.full_name,
                    aliases: o.aliases,
                    description: o.description,
                    founded: o.founded,
                })
            });
        match result {
            Ok(o) => organisations.push(o),
            Err(problem) => report.error(&label, problem),
        }
    }
    let mut memberships: Vec<Membership> = Vec::new();
    for (i, value) in raw.memberships.into_iter().enumerate() {
        let label = match (
            value
                .get("organisation")
                .and_then(serde_json::Value::as_str),
            value.get("country").and_then(serde_json::Value::as_str),
            value.get("from").and_then(serde_json::Value::as_str),
        ) {
            (Some(o), Some(c), Some(f)) => format!("{o}/{c}/{f}"),
            _ => format!("membership #{i}"),
        };
        let result = serde_json::from_value::<RawMembership>(value)
            .map_err(|e| format!("not a valid membership: {e}"))
            .and_then(|m| {
                if !organisations.iter().any(|o| o.id == m.organisation) {
                    return Err(format!("unknown organisation {:?}", m.organisation));
                }
                let country = CountryId(m.country);
                if !context.countries.is_empty()
                    && !context.countries.iter().any(|c| c.id == country)
                {
                    return Err(format!(
                        "unknown country {:?} (not in countries.geojson)",
                        country.0
                    ));
                }
                if let Some(until) = m.until
                    && until.latest() < m.from.earliest()
                {
                    return Err(format!(
                        "the membership ends ({until}) before it starts ({})",
                        m.from
                    ));
                }
                let overlaps = memberships.iter().any(|k| {
                    k.organisation == m.organisation
                        && k.country == country
                        && k.until.is_none_or(|u| u.earliest() > m.from.earliest())
                        && m.until.is_none_or(|u| u.earliest() > k.from.earliest())
                });
                if overlaps {
                    return Err(format!(
                        "overlaps another period of {} in {}",
                        country.0, m.organisation
                    ));
                }
                let (corrections, reviewed) =
                    checked_record(&label, m.corrections, m.reviewed, report);
                Ok(Membership {
                    sources: sources(m.sources, context.corpus)?,
                    corrections,
                    reviewed,
                    organisation: m.organisation,
                    country,
                    status: m.status,
                    from: m.from,
                    until: m.until,
                    note: non_empty(m.note),
                })
            });
        match result {
            Ok(m) => memberships.push(m),
            Err(problem) => report.error(&label, problem),
        }
    }
    (organisations, memberships)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacts {
    facts: Vec<serde_json::Value>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFact {
    id: String,
    countries: Vec<String>,
    topic: String,
    text: String,
    sources: Vec<RawSource>,
    #[serde(default)]
    corrections: Vec<Correction>,
    reviewed: Option<Review>,
}

/// Loads `country_facts.json`: claims about countries, each with its sources, checked like
/// a feature's (quotes verbatim, countries known); a bad fact is skipped and reported.
pub(super) fn facts_from(
    text: &str,
    context: &Context<'_>,
    report: &mut Reporter<'_>,
) -> Vec<CountryFact> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawFacts = match serde_json::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            report.file_error(super::reader::invalid_json(&e));
            return Vec::new();
        }
    };
    let mut facts: Vec<CountryFact> = Vec::new();
    for (i, value) in raw.facts.into_iter().enumerate() {
        let label = value
            .get("id")
            .and_then(serde_json::Value::as_str)
            .map_or_else(|| format!("facts[{i}]"), str::to_owned);
        let result = serde_json::from_value::<RawFact>(value)
            .map_err(|e| format!("not a valid country fact: {e}"))
            .and_then(|f| {
                if f.id.trim().is_empty() || f.text.trim().is_empty() {
                    return Err("empty \"id\" or \"text\"".to_owned());
                }
                if facts.iter().any(|k| k.id == f.id) {
                    return Err("duplicate id; only the first fact with it is kept".into());
                }
                if f.countries.is_empty() {
                    return Err("no \"countries\"".into());
                }
                let countries: Vec<CountryId> = f.countries.into_iter().map(CountryId).collect();
                if let Some(c) = countries.iter().find(|c| {
                    !context.countries.is_empty() && !context.countries.iter().any(|k| &k.id == *c)
                }) {
                    return Err(format!(
                        "unknown country {:?} (not in countries.geojson)",
                        c.0
                    ));
                }
                let sources = sources(f.sources, context.corpus)?;
                let (corrections, reviewed) =
                    checked_record(&f.id, f.corrections, f.reviewed, report);
                Ok(CountryFact {
                    id: f.id,
                    countries,
                    topic: f.topic,
                    text: f.text.trim().to_owned(),
                    sources,
                    corrections,
                    reviewed,
                })
            });
        match result {
            Ok(f) => facts.push(f),
            Err(problem) => report.error(&label, problem),
        }
    }
    facts
}
