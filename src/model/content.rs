//! The atlas's content: sites, events, infrastructure, routes and regions, the groupings
//! and who belongs to them, each fact tied to its sources.

use std::ops::Range;

use geo::{MultiLineString, MultiPoint, MultiPolygon};

use super::{CountryId, PartialDate};

/// Who a feature belongs to or who acted.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// The Russian state.
    Russia,
    /// The Chinese state or Chinese state companies.
    China,
    /// The Collective Security Treaty Organization.
    Csto,
    /// The Shanghai Cooperation Organisation.
    Sco,
    /// A national government of the region (named in `actor_detail`).
    National,
    /// Anyone else (named in `actor_detail`).
    Other,
    /// Another outside power's military (the United States, Germany, France, India; named
    /// in `actor_detail`): the context a presenter shows beside Russia and China.
    OtherPower,
}

impl Actor {
    /// Every actor, in legend order.
    pub const ALL: [Self; 7] = [
        Self::Russia,
        Self::China,
        Self::Csto,
        Self::Sco,
        Self::National,
        Self::Other,
        Self::OtherPower,
    ];

    /// For people: "Russia", "CSTO", "a national government".
    pub fn label(self) -> &'static str {
        match self {
            Self::Russia => "Russia",
            Self::China => "China",
            Self::Csto => "CSTO",
            Self::Sco => "SCO",
            Self::National => "national government",
            Self::Other => "other",
            Self::OtherPower => "another power",
        }
    }
}

/// The broad family of a feature: what the layers of the map group by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A military site.
    Site,
    /// A dated event.
    Event,
    /// Infrastructure that gives leverage (plants, mines, ports).
    Infrastructure,
    /// A pipeline, railway or transport route.
    Route,
    /// A region or border the articles discuss.
    Region,
}

impl Category {
    /// For people, plural.
    pub fn label(self) -> &'static str {
        match self {
            Self::Site => "military sites",
            Self::Event => "events",
            Self::Infrastructure => "infrastructure",
            Self::Route => "routes",
            Self::Region => "regions",
        }
    }
}

/// What a feature is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum FeatureKind {
    /// A military base.
    Base,
    /// An air base.
    AirBase,
    /// A garrison of a larger base.
    Garrison,
    /// A small post or outpost.
    Outpost,
    /// A missile test range or similar facility.
    TestRange,
    /// A radar or early-warning station.
    Radar,
    /// A training area.
    TrainingArea,
    /// An optical or radar station that tracks objects in space.
    SpaceSurveillance,
    /// A military communications station (a naval radio centre).
    CommunicationsStation,
    /// A seismic station that watches for nuclear tests.
    SeismicStation,
    /// A standing deployment of border guards along a state's borders.
    BorderGuards,
    /// A military intervention or deployment.
    Intervention,
    /// A military exercise.
    Exercise,
    /// A border clash or conflict.
    BorderClash,
    /// A military offensive (inside a state's own recognised territory, or across a border).
    Offensive,
    /// A summit or high-level meeting.
    Summit,
    /// An official visit.
    Visit,
    /// An announcement or declaration.
    Announcement,
    /// An agreement or treaty signed.
    Agreement,
    /// A blockade or cut-off.
    Blockade,
    /// Another political event.
    Political,
    /// A power plant.
    PowerPlant,
    /// A mine.
    Mine,
    /// A port or terminal.
    Port,
    /// A space launch site (Baikonur).
    Spaceport,
    /// A pipeline.
    Pipeline,
    /// A railway.
    Railway,
    /// A transport route.
    Route,
    /// A region.
    Region,
    /// A border.
    Border,
}

impl FeatureKind {
    /// The kinds placed at a point (sites, events, infrastructure), in the order forms
    /// offer them.
    pub const POINT_KINDS: [Self; 25] = [
        Self::Base,
        Self::AirBase,
        Self::Garrison,
        Self::Outpost,
        Self::TestRange,
        Self::Radar,
        Self::TrainingArea,
        Self::SpaceSurveillance,
        Self::CommunicationsStation,
        Self::SeismicStation,
        Self::BorderGuards,
        Self::Intervention,
        Self::Exercise,
        Self::BorderClash,
        Self::Offensive,
        Self::Summit,
        Self::Visit,
        Self::Announcement,
        Self::Agreement,
        Self::Blockade,
        Self::Political,
        Self::PowerPlant,
        Self::Mine,
        Self::Port,
        Self::Spaceport,
    ];

    /// The family the kind belongs to.
    pub fn category(self) -> Category {
        use FeatureKind::*;
        match self {
            Base
            | AirBase
            | Garrison
            | Outpost
            | TestRange
            | Radar
            | TrainingArea
            | SpaceSurveillance
            | CommunicationsStation
            | SeismicStation
            | BorderGuards => Category::Site,
            Intervention | Exercise | BorderClash | Offensive | Summit | Visit | Announcement
            | Agreement | Blockade | Political => Category::Event,
            PowerPlant | Mine | Port | Spaceport => Category::Infrastructure,
            Pipeline | Railway | Route => Category::Route,
            Region | Border => Category::Region,
        }
    }

    /// For people: "air base", "border clash".
    pub fn label(self) -> &'static str {
        use FeatureKind::*;
        match self {
            Base => "military base",
            AirBase => "air base",
            Garrison => "garrison",
            Outpost => "outpost",
            TestRange => "test range",
            Radar => "radar station",
            TrainingArea => "training area",
            SpaceSurveillance => "space-surveillance station",
            CommunicationsStation => "communications station",
            SeismicStation => "seismic station",
            BorderGuards => "border guards",
            Intervention => "intervention",
            Exercise => "exercise",
            BorderClash => "border clash",
            Offensive => "military offensive",
            Summit => "summit",
            Visit => "visit",
            Announcement => "announcement",
            Agreement => "agreement",
            Blockade => "blockade",
            Political => "political event",
            PowerPlant => "power plant",
            Mine => "mine",
            Port => "port",
            Spaceport => "space launch site",
            Pipeline => "pipeline",
            Railway => "railway",
            Route => "route",
            Region => "region",
            Border => "border",
        }
    }
}

/// How well a feature's position is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// The site itself, to within a few hundred metres.
    Exact,
    /// Near the right place (a town, a district), to within tens of kilometres.
    Approximate,
    /// Only the region or country is known; the marker stands for the area.
    Region,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Self; 3] = [Self::Exact, Self::Approximate, Self::Region];

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Approximate => "approximate",
            Self::Region => "region-level",
        }
    }
}

/// How firmly the sources state a feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    /// The articles state it as fact.
    Stated,
    /// The articles call it reported, alleged or purported.
    Reported,
    /// Sources disagree.
    Contested,
    /// Officially denied.
    Denied,
}

impl Certainty {
    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stated => "stated",
            Self::Reported => "reported",
            Self::Contested => "contested",
            Self::Denied => "denied",
        }
    }
}

/// Where a feature lies.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// One or more points.
    Points(MultiPoint<f64>),
    /// A line or several (routes, borders).
    Lines(MultiLineString<f64>),
    /// An area (regions, training areas).
    Area(MultiPolygon<f64>),
}

impl Shape {
    /// The one point that stands for it (where its label goes, where it is measured
    /// from): the first point; a line's middle vertex (of its longest part); a point inside
    /// the largest part of an area. `None` for an empty shape.
    pub fn anchor(&self) -> Option<crate::geo::projection::LonLat> {
        use geo::{Area, InteriorPoint};
        let at = |c: geo::Coord<f64>| crate::geo::projection::LonLat::new(c.x, c.y);
        match self {
            Self::Points(mp) => mp.0.first().map(|p| at(p.0)),
            Self::Lines(ml) => {
                let longest = ml.0.iter().max_by_key(|l| l.0.len())?;
                longest.0.get(longest.0.len() / 2).copied().map(at)
            }
            Self::Area(mp) => {
                mp.0.iter()
                    .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
                    .and_then(InteriorPoint::interior_point)
                    .map(|p| at(p.0))
            }
        }
    }
}

/// A checked quote: where it is in the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteLocation {
    /// Index of the article in the corpus.
    pub article: usize,
    /// The quote's bytes in the article's text.
    pub range: Range<usize>,
    /// The sentences it spans (indices into the article's sentences).
    pub sentences: Range<usize>,
}

/// Where a fact comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A verbatim span of an article, checked at load.
    Quote {
        /// The article's id.
        article: String,
        /// The exact words.
        quote: String,
        /// Where they were found.
        location: QuoteLocation,
    },
    /// A named external reference, for what the articles do not say.
    Reference {
        /// The reference ("Wikipedia: Kant Air Base", "CSTO charter, 2002").
        reference: String,
        /// What it supports ("coordinates", "date opened").
        about: String,
    },
}

/// A figure from the sources ("troops": "as many as 7 000").
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Figure {
    /// What is counted or dated.
    pub label: String,
    /// The value as the source words it.
    pub value: String,
    /// Index of its source in the feature's `sources`.
    pub source: usize,
}

/// When a feature existed or happened.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Period {
    /// Start, if known.
    pub from: Option<PartialDate>,
    /// End, if known (none: ongoing or unknown).
    pub until: Option<PartialDate>,
    /// What the dates rest on or how vague they are.
    pub note: Option<String>,
    /// The agreements or decisions that put it under its actor, in the order they took
    /// effect: the first is what `from` dates (the atlas's convention for sites), the last
    /// is the one that governs it now (or did when it ended).
    pub agreements: Vec<Agreement>,
    /// Indices of the sources in the feature's `sources` that give the dates.
    pub sources: Vec<usize>,
}

/// An agreement, treaty or decision a site rests on.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// What it is ("Russia–Kyrgyzstan agreement on the unified Russian military base").
    pub name: String,
    /// When it was signed or decided.
    pub signed: PartialDate,
    /// The end of the term it sets, if it sets one (renewals aside).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<PartialDate>,
}

impl Agreement {
    /// "agreement of 20 September 2012 (to 2032)" style text.
    pub fn text(&self) -> String {
        match self.term {
            Some(t) => format!("{}, {} (to {t})", self.name, self.signed),
            None => format!("{}, {}", self.name, self.signed),
        }
    }
}

/// Whether a site or facility is in use, has ended, or was never built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteStatus {
    /// In use (no end date).
    Active,
    /// Given back, closed or withdrawn (its period has an end).
    Ended,
    /// Announced or agreed, never built.
    NeverBuilt,
}

impl SiteStatus {
    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "in use",
            Self::Ended => "ended",
            Self::NeverBuilt => "announced, never built",
        }
    }
}

impl Period {
    /// Whether the period covers any part of `year` (unknown ends are open).
    pub fn covers_year(&self, year: i32) -> bool {
        self.from.is_none_or(|f| f.year <= year) && self.until.is_none_or(|u| u.year >= year)
    }

    /// "September 2021", "2003 – ", "6 – 19 January 2022" style text.
    pub fn text(&self) -> String {
        match (self.from, self.until) {
            (Some(f), Some(u)) if f == u => f.to_string(),
            (Some(f), Some(u)) => format!("{f} – {u}"),
            (Some(f), None) => format!("since {f}"),
            (None, Some(u)) => format!("until {u}"),
            (None, None) => "dates unknown".to_owned(),
        }
    }
}

/// A sentence of the corpus that mentions a feature without being one of its quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mention {
    /// Index of the article in the corpus.
    pub article: usize,
    /// Index of the sentence in the article.
    pub sentence: usize,
}

/// A site, event, piece of infrastructure, route or region.
#[derive(Clone, Debug, PartialEq)]
pub struct Feature {
    /// Stable id ("kant-air-base").
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other spellings and names, including the corpus's.
    pub aliases: Vec<String>,
    /// Who.
    pub actor: Actor,
    /// Who exactly, when the actor is a national government or other.
    pub actor_detail: Option<String>,
    /// Who runs it, where that is not the actor (a Chinese-funded post manned by Tajik
    /// border troops).
    pub operator: Option<String>,
    /// What.
    pub kind: FeatureKind,
    /// For sites and infrastructure: in use, ended or never built (from the period, or as
    /// the file states it); `None` for events, routes and regions.
    pub status: Option<SiteStatus>,
    /// The countries it lies in (atlas ids).
    pub countries: Vec<CountryId>,
    /// Where.
    pub shape: Shape,
    /// How well the position is known.
    pub precision: Precision,
    /// The areas a region-level marker stands for (country ids of `countries.geojson`,
    /// or ids of region features): GIS exports give the feature these areas, not a false
    /// point. Empty where the marker stands for no whole area.
    pub area: Vec<String>,
    /// How it was placed.
    pub placement: String,
    /// When.
    pub period: Option<Period>,
    /// Key figures.
    pub figures: Vec<Figure>,
    /// How firmly it is stated.
    pub certainty: Certainty,
    /// Why it is reported, contested or denied.
    pub certainty_note: Option<String>,
    /// A short sourced summary or caveat.
    pub note: Option<String>,
    /// Where every fact comes from.
    pub sources: Vec<Source>,
    /// Other sentences of the corpus that name it.
    pub mentions: Vec<Mention>,
    /// Where the public record differs from the articles.
    pub corrections: Vec<Correction>,
    /// When it was checked against the record.
    pub reviewed: Option<Review>,
}

impl Feature {
    /// Every name it goes by: its name, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// Whether the feature exists or happens in `year` (features without a period always do).
    pub fn in_year(&self, year: i32) -> bool {
        self.period.as_ref().is_none_or(|p| p.covers_year(year))
    }

    /// Whether it is part of the footprint the atlas documents in full from the public
    /// record: a Russian, Chinese or other power's military site (each dated from the
    /// agreement or decision that put it there, with a named reference).
    pub fn in_footprint(&self) -> bool {
        self.kind.category() == Category::Site
            && matches!(self.actor, Actor::Russia | Actor::China | Actor::OtherPower)
    }

    /// The article quotes among its sources.
    pub fn quotes(&self) -> impl Iterator<Item = &QuoteLocation> {
        self.sources.iter().filter_map(|s| match s {
            Source::Quote { location, .. } => Some(location),
            Source::Reference { .. } => None,
        })
    }
}

/// A grouping of states: CSTO, SCO, CIS, EAEU and others.
#[derive(Clone, Debug, PartialEq)]
pub struct Organisation {
    /// Stable id ("CSTO").
    pub id: String,
    /// Short name shown on the map.
    pub name: String,
    /// Full name.
    pub full_name: String,
    /// Other names and spellings ("EEU" for the EAEU).
    pub aliases: Vec<String>,
    /// What it is ("military alliance").
    pub description: String,
    /// When it was founded.
    pub founded: Option<PartialDate>,
    /// Where the facts come from.
    pub sources: Vec<Source>,
    /// Which date the memberships record: signature, ratification or entry into force.
    pub date_rule: Option<String>,
    /// Not an organisation but a set of countries sharing a fact (a neutrality, a vote):
    /// its "members" are the countries in the set.
    pub set: bool,
    /// When it was checked against the record.
    pub reviewed: Option<Review>,
}

/// A country's standing in an organisation.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Full member.
    Member,
    /// Associate member (e.g. Turkmenistan in the CIS since 2005).
    Associate,
    /// Observer.
    Observer,
    /// Dialogue partner.
    DialoguePartner,
    /// Partner: the SCO's single category for observers and dialogue partners since
    /// September 2025.
    Partner,
    /// Membership frozen or suspended by the country or the organisation.
    Suspended,
    /// Left the organisation.
    Withdrawn,
}

impl Status {
    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Member => "member",
            Self::Associate => "associate member",
            Self::Observer => "observer",
            Self::DialoguePartner => "dialogue partner",
            Self::Partner => "partner",
            Self::Suspended => "suspended",
            Self::Withdrawn => "withdrawn",
        }
    }
}

/// One period of one country's status in one organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Membership {
    /// The organisation's id.
    pub organisation: String,
    /// The country.
    pub country: CountryId,
    /// Its status in the period.
    pub status: Status,
    /// Start year (or date).
    pub from: PartialDate,
    /// End, if it ended.
    pub until: Option<PartialDate>,
    /// Context: what happened ("did not renew the treaty in 1999").
    pub note: Option<String>,
    /// Where the facts come from.
    pub sources: Vec<Source>,
    /// Where the public record differs from the articles.
    pub corrections: Vec<Correction>,
    /// When it was checked against the record.
    pub reviewed: Option<Review>,
}

impl Membership {
    /// Whether the status held at some point of `year`. A period that ends in a year does
    /// not count for it when the next period starts then; callers use [`status_in`].
    pub fn covers_year(&self, year: i32) -> bool {
        self.from.year <= year && self.until.is_none_or(|u| u.year > year)
    }
}

/// A country's status in an organisation during `year` (the one in force at its end).
pub fn status_in<'a>(
    memberships: &'a [Membership],
    organisation: &str,
    country: &CountryId,
    year: i32,
) -> Option<&'a Membership> {
    memberships
        .iter()
        .find(|m| m.organisation == organisation && &m.country == country && m.covers_year(year))
}

/// The mark a corrected fact carries on the map, in the panel and on slides.
pub const CORRECTED_MARK: &str = "†";

/// The legend's and footnote's words for [`CORRECTED_MARK`].
pub const CORRECTED_LEGEND: &str = "the record differs from an article";

/// Where the public record differs from what an article says (or from what the atlas long
/// said). The article's quote stays among the sources — it is what the article says; the
/// correction sits beside it with the named reference it rests on.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Which fact it concerns: "period", "figures.troops", "kind", "caption", "status" …
    pub about: String,
    /// What the article (or the atlas until now) says, briefly; the article's words are in
    /// the quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// What the record says.
    #[serde(default)]
    pub record: String,
    /// The named reference(s) the record rests on (an empty one is refused by the checks).
    #[serde(default)]
    pub reference: String,
    /// When the record's fact took effect or was stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// The record itself is unsettled: `record` gives both sides.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unsettled: bool,
}

impl Correction {
    /// A correction must say what the record says and name where that comes from.
    pub fn check(&self) -> Result<(), String> {
        if self.reference.trim().is_empty() {
            return Err(format!(
                "a correction of {:?} has no \"reference\"; the record must be named",
                self.about
            ));
        }
        if self.record.trim().is_empty() {
            return Err(format!(
                "a correction of {:?} has no \"record\": say what the record says",
                self.about
            ));
        }
        if self.about.trim().is_empty() {
            return Err("a correction without \"about\": name the fact it corrects".into());
        }
        Ok(())
    }

    /// The fact it concerns, for people: "operates" for `figures.operates`, else `about`
    /// (trimmed).
    pub fn subject(&self) -> &str {
        let about = self.about.trim();
        about.strip_prefix("figures.").unwrap_or(about)
    }

    /// A footnote line for a slide about `what` was corrected: "† Kant air base, operates:
    /// the record (2017): <its first sentence> — <its first reference>", short enough for a
    /// row; the panel and `casa info` give the whole.
    pub fn footnote(&self, what: &str) -> String {
        let when = self.date.map_or_else(String::new, |d| format!(" ({d})"));
        let record = first_sentence(self.record.trim(), 170);
        let reference = split_references(&self.reference)
            .first()
            .copied()
            .unwrap_or("");
        let unsettled = if self.unsettled { " (unsettled)" } else { "" };
        format!(
            "{CORRECTED_MARK} {what}, {}: the record{when}{unsettled}: {record} — {reference}",
            self.subject()
        )
    }

    /// One line for people: "The record (2032): … — Reference".
    pub fn text(&self) -> String {
        let when = self.date.map_or_else(String::new, |d| format!(" ({d})"));
        let unsettled = if self.unsettled {
            " The record is unsettled."
        } else {
            ""
        };
        format!(
            "The record{when}: {}{unsettled} — {}",
            self.record.trim(),
            self.reference.trim()
        )
    }
}

/// The references a reference field lists, separated by ";" outside brackets and quotes.
pub fn split_references(field: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in field.char_indices() {
        match c {
            '(' | '[' | '“' => depth += 1,
            ')' | ']' | '”' => depth -= 1,
            ';' if depth <= 0 => {
                out.push(field[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(field[start..].trim());
    out.retain(|r| !r.is_empty());
    out
}

/// The first sentence of `text`, cut at a clause boundary (with "…") if longer than `max`
/// characters.
fn first_sentence(text: &str, max: usize) -> String {
    let end = text
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .next()
        .unwrap_or(text.len());
    let sentence = &text[..end];
    if sentence.chars().count() <= max {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(max).collect();
    let at = cut.rfind([';', ',']).filter(|&i| i > max / 2);
    format!("{}…", at.map_or(cut.as_str(), |i| &cut[..i]).trim_end())
}

/// When an item was last checked against the public record, and against what.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The day of the review.
    pub on: PartialDate,
    /// The references it was checked against.
    pub against: Vec<String>,
    /// What was checked or what remains open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Review {
    /// A review names at least one reference.
    pub fn check(&self) -> Result<(), String> {
        if self.against.iter().all(|a| a.trim().is_empty()) {
            return Err("\"reviewed\" names no reference it was checked against".into());
        }
        Ok(())
    }

    /// "Reviewed 2 December 2026 against A; B".
    pub fn text(&self) -> String {
        format!("Reviewed {} against {}", self.on, self.against.join("; "))
    }
}

/// A claim the articles make about one country or a set of countries rather than a place:
/// shown in the country panel and by `casa info COUNTRY`.
#[derive(Clone, Debug, PartialEq)]
pub struct CountryFact {
    /// Stable id ("remittances-kgz-tjk").
    pub id: String,
    /// The countries it is about.
    pub countries: Vec<CountryId>,
    /// "security", "economy", "diplomacy", "history".
    pub topic: String,
    /// The claim in a sentence, no more than its sources say.
    pub text: String,
    /// Where it comes from.
    pub sources: Vec<Source>,
    /// Where the record differs.
    pub corrections: Vec<Correction>,
    /// When it was checked.
    pub reviewed: Option<Review>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_split_outside_brackets() {
        assert_eq!(
            split_references("TASS, 19 January 2022 (units leave Almaty; confirmed); Kazinform"),
            [
                "TASS, 19 January 2022 (units leave Almaty; confirmed)",
                "Kazinform"
            ]
        );
        assert_eq!(split_references(" One ; ;Two"), ["One", "Two"]);
        assert_eq!(split_references("“A; B”; C"), ["“A; B”", "C"]);
    }
}
