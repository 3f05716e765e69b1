//! Which features and memberships are shown: the layers a presenter toggles, and the "as of"
//! year. Pure logic, no UI; the state is saved with the other settings.

use std::collections::BTreeSet;

use crate::model::{Actor, Atlas, Category, Feature, Membership, Status};

/// The first and last years of the "as of" slider.
pub const YEARS: std::ops::RangeInclusive<i32> = 1991..=2026;

/// The year memberships are shown for when no "as of" year is set.
pub const LATEST_YEAR: i32 = 2026;

/// The relief under the map: none, shading only, or the hypsometric tints.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum ReliefStyle {
    /// Flat country colours.
    Off,
    /// Grey shading laid over the country colours, which still read.
    #[default]
    Hillshade,
    /// The source's colours (green lowlands to white peaks) under lighter country colours.
    Tints,
}

impl ReliefStyle {
    /// Every style, in menu order.
    pub const ALL: [Self; 3] = [Self::Off, Self::Hillshade, Self::Tints];

    /// The word a menu and the command line use.
    pub fn key(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Hillshade => "hillshade",
            Self::Tints => "tints",
        }
    }

    /// The next in menu order after this one (the R key cycles through them).
    pub fn next(self) -> Self {
        match self {
            Self::Off => Self::Hillshade,
            Self::Hillshade => Self::Tints,
            Self::Tints => Self::Off,
        }
    }

    /// The style a word names.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The label in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::Off => "No relief",
            Self::Hillshade => "Hillshade",
            Self::Tints => "Hillshade with elevation tints",
        }
    }
}

/// A layer of features.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureLayer {
    /// Russian military sites.
    RussianSites,
    /// Chinese military sites.
    ChineseSites,
    /// Other military sites (national, CSTO).
    OtherSites,
    /// Dated events.
    Events,
    /// Plants, mines, ports.
    Infrastructure,
    /// Pipelines, railways, routes.
    Routes,
    /// Regions and borders.
    Regions,
    /// Context: the other outside powers' military presence (the United States, Germany,
    /// France, India). Off until the presenter turns it on.
    OtherPowers,
}

impl FeatureLayer {
    /// Every feature layer, in panel order.
    pub const ALL: [Self; 8] = [
        Self::RussianSites,
        Self::ChineseSites,
        Self::OtherSites,
        Self::Events,
        Self::Infrastructure,
        Self::Routes,
        Self::Regions,
        Self::OtherPowers,
    ];

    /// Whether the layer is on until switched off (context layers start off).
    pub fn on_by_default(self) -> bool {
        self != Self::OtherPowers
    }

    /// The layer a feature belongs to: another power's features, whatever their kind,
    /// are context.
    pub fn of(feature: &Feature) -> Self {
        if feature.actor == Actor::OtherPower {
            return Self::OtherPowers;
        }
        match feature.kind.category() {
            Category::Site => match feature.actor {
                Actor::Russia => Self::RussianSites,
                Actor::China => Self::ChineseSites,
                _ => Self::OtherSites,
            },
            Category::Event => Self::Events,
            Category::Infrastructure => Self::Infrastructure,
            Category::Route => Self::Routes,
            Category::Region => Self::Regions,
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::RussianSites => "Russian sites",
            Self::ChineseSites => "Chinese sites",
            Self::OtherSites => "Other military sites",
            Self::Events => "Events",
            Self::Infrastructure => "Infrastructure",
            Self::Routes => "Pipelines and routes",
            Self::Regions => "Regions and borders",
            Self::OtherPowers => "Other powers",
        }
    }

    /// The key saved in the settings.
    pub fn key(self) -> &'static str {
        match self {
            Self::RussianSites => "sites-russia",
            Self::ChineseSites => "sites-china",
            Self::OtherSites => "sites-other",
            Self::Events => "events",
            Self::Infrastructure => "infrastructure",
            Self::Routes => "routes",
            Self::Regions => "regions",
            Self::OtherPowers => "other-powers",
        }
    }
}

/// What is switched on; saved across restarts.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct LayerState {
    /// Keys of the layers on by default that are switched off (so new layers start on).
    pub hidden: BTreeSet<String>,
    /// Keys of the layers off by default (context) that are switched on.
    pub added: BTreeSet<String>,
    /// Ids of the organisations whose memberships are drawn.
    pub organisations: BTreeSet<String>,
    /// The "as of" year, or `None` for all years.
    pub year: Option<i32>,
}

/// How a feature is drawn given the layers and the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// Not drawn, not clickable.
    Hidden,
    /// Drawn pale: an event before the "as of" year.
    Faded,
    /// Drawn.
    Shown,
}

impl LayerState {
    /// Whether a feature layer is on.
    pub fn shows(&self, layer: FeatureLayer) -> bool {
        if layer.on_by_default() {
            !self.hidden.contains(layer.key())
        } else {
            self.added.contains(layer.key())
        }
    }

    /// Switches a feature layer.
    pub fn set(&mut self, layer: FeatureLayer, on: bool) {
        let key = layer.key().to_owned();
        match (layer.on_by_default(), on) {
            (true, true) => self.hidden.remove(&key),
            (true, false) => self.hidden.insert(key),
            (false, true) => self.added.insert(key),
            (false, false) => self.added.remove(&key),
        };
    }

    /// Shows exactly these feature layers.
    pub fn show_only(&mut self, shown: impl Fn(FeatureLayer) -> bool) {
        for layer in FeatureLayer::ALL {
            self.set(layer, shown(layer));
        }
    }

    /// Whether every layer is as it starts (the default-on ones on, context off).
    pub fn layers_default(&self) -> bool {
        self.hidden.is_empty() && self.added.is_empty()
    }

    /// Shows this feature layer only (memberships off).
    pub fn solo(&mut self, layer: FeatureLayer) {
        self.show_only(|l| l == layer);
        self.organisations.clear();
    }

    /// Shows this organisation's memberships only (feature layers off).
    pub fn solo_organisation(&mut self, id: &str) {
        self.show_only(|_| false);
        self.organisations = std::iter::once(id.to_owned()).collect();
    }

    /// How a feature is drawn.
    pub fn visibility(&self, feature: &Feature) -> Visibility {
        if !self.shows(FeatureLayer::of(feature)) {
            return Visibility::Hidden;
        }
        if feature.status == Some(crate::model::SiteStatus::NeverBuilt) {
            // Announced or agreed, never built: drawn pale while the plan stood.
            let announced = self.year.is_none_or(|y| feature.in_year(y));
            return if announced {
                Visibility::Faded
            } else {
                Visibility::Hidden
            };
        }
        let (Some(year), Some(period)) = (self.year, feature.period.as_ref()) else {
            return Visibility::Shown;
        };
        if period.covers_year(year) {
            return Visibility::Shown;
        }
        let started = period.from.is_none_or(|f| f.year <= year);
        if started && feature.kind.category() == Category::Event {
            Visibility::Faded
        } else {
            Visibility::Hidden
        }
    }

    /// The year memberships are drawn for.
    pub fn membership_year(&self) -> i32 {
        self.year.unwrap_or(LATEST_YEAR)
    }
}

/// One country's status in one organisation, as drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MembershipMark {
    /// Index of the organisation in the atlas.
    pub organisation: usize,
    /// Index of the country in the atlas.
    pub country: usize,
    /// Its status that year.
    pub status: Status,
}

/// The statuses to draw for the shown organisations in the state's year, organisation by
/// organisation (in atlas order), then country by country.
pub fn membership_marks(atlas: &crate::model::Atlas, state: &LayerState) -> Vec<MembershipMark> {
    let year = state.membership_year();
    let mut marks = Vec::new();
    for (o, org) in atlas.organisations.iter().enumerate() {
        if !state.organisations.contains(&org.id) {
            continue;
        }
        for (c, country) in atlas.countries.iter().enumerate() {
            if let Some(m) = crate::model::status_in(&atlas.memberships, &org.id, &country.id, year)
            {
                marks.push(MembershipMark {
                    organisation: o,
                    country: c,
                    status: m.status,
                });
            }
        }
    }
    marks
}

/// Countries that are full members (or associates) of every shown organisation that year.
pub fn members_of_all(atlas: &crate::model::Atlas, state: &LayerState) -> Vec<usize> {
    let year = state.membership_year();
    let shown: Vec<&str> = atlas
        .organisations
        .iter()
        .filter(|o| state.organisations.contains(&o.id))
        .map(|o| o.id.as_str())
        .collect();
    if shown.len() < 2 {
        return Vec::new();
    }
    let member = |m: Option<&Membership>| {
        m.is_some_and(|m| matches!(m.status, Status::Member | Status::Associate))
    };
    (0..atlas.countries.len())
        .filter(|&c| {
            shown.iter().all(|o| {
                member(crate::model::status_in(
                    &atlas.memberships,
                    o,
                    &atlas.countries[c].id,
                    year,
                ))
            })
        })
        .collect()
}

/// What the layers panel shows, computed when the layers or the year change (not every
/// frame: with many features the counts would cost more than drawing them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerSummary {
    /// Per feature layer (in [`FeatureLayer::ALL`] order): shown and total.
    pub counts: Vec<(usize, usize)>,
    /// Per organisation (atlas order): members and associates in the state's year.
    pub members: Vec<usize>,
    /// Countries that are members of every shown organisation (two or more shown).
    pub members_of_all: Vec<usize>,
}

/// Summarises the layers for the panel.
pub fn summarise(atlas: &crate::model::Atlas, state: &LayerState) -> LayerSummary {
    let mut counts = vec![(0, 0); FeatureLayer::ALL.len()];
    for f in &atlas.features {
        let layer = FeatureLayer::of(f);
        if let Some(slot) = FeatureLayer::ALL.iter().position(|l| *l == layer) {
            counts[slot].1 += 1;
            if state.visibility(f) != Visibility::Hidden {
                counts[slot].0 += 1;
            }
        }
    }
    let every = LayerState {
        organisations: atlas.organisations.iter().map(|o| o.id.clone()).collect(),
        ..state.clone()
    };
    let marks = membership_marks(atlas, &every);
    let members = (0..atlas.organisations.len())
        .map(|o| {
            marks
                .iter()
                .filter(|m| {
                    m.organisation == o && matches!(m.status, Status::Member | Status::Associate)
                })
                .count()
        })
        .collect();
    LayerSummary {
        counts,
        members,
        members_of_all: members_of_all(atlas, state),
    }
}

/// One side's settings and what derives from them: which features show and how, the
/// memberships hatched, the counts of the layers panel. The screen, the compare view and
/// the slides all build it with [`SideState::new`].
#[derive(Clone, Debug, Default)]
pub struct SideState {
    /// Layers, organisations and the year.
    pub layers: LayerState,
    /// How each feature is drawn (same order as the atlas's features).
    pub visibility: Vec<Visibility>,
    /// The memberships hatched.
    pub marks: Vec<MembershipMark>,
    /// Counts for the layers panel.
    pub summary: LayerSummary,
    /// A number no other side state has: what caches of its drawing are keyed on.
    pub generation: u64,
}

impl SideState {
    /// Derives a side from its settings.
    pub fn new(atlas: &Atlas, layers: LayerState) -> Self {
        Self {
            visibility: atlas
                .features
                .iter()
                .map(|f| layers.visibility(f))
                .collect(),
            marks: membership_marks(atlas, &layers),
            summary: summarise(atlas, &layers),
            layers,
            generation: next_generation(),
        }
    }
}

/// A new side-state number.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Certainty, FeatureKind, PartialDate, Period, Precision, Shape};

    fn feature(kind: FeatureKind, from: i32, until: Option<i32>) -> Feature {
        Feature {
            id: "f".into(),
            name: "F".into(),
            aliases: Vec::new(),
            actor: Actor::Russia,
            actor_detail: None,
            operator: None,
            kind,
            status: None,
            countries: Vec::new(),
            shape: Shape::Points(geo::MultiPoint(vec![geo::Point::new(70.0, 40.0)])),
            precision: Precision::Exact,
            area: Vec::new(),
            placement: String::new(),
            period: Some(Period {
                from: Some(PartialDate::year(from)),
                until: until.map(PartialDate::year),
                note: None,
                agreements: Vec::new(),
                sources: vec![0],
            }),
            figures: Vec::new(),
            certainty: Certainty::Stated,
            certainty_note: None,
            note: None,
            sources: Vec::new(),
            mentions: Vec::new(),
            corrections: Vec::new(),
            reviewed: None,
        }
    }

    #[test]
    fn the_year_hides_sites_outside_their_period_and_fades_past_events() {
        let base = feature(FeatureKind::Base, 2003, None);
        let event = feature(FeatureKind::Exercise, 2021, Some(2021));
        let mut state = LayerState::default();
        assert_eq!(state.visibility(&base), Visibility::Shown);
        state.year = Some(2000);
        assert_eq!(state.visibility(&base), Visibility::Hidden);
        assert_eq!(state.visibility(&event), Visibility::Hidden);
        state.year = Some(2021);
        assert_eq!(state.visibility(&event), Visibility::Shown);
        state.year = Some(2024);
        assert_eq!(state.visibility(&event), Visibility::Faded);
        assert_eq!(state.visibility(&base), Visibility::Shown);
        state.set(FeatureLayer::RussianSites, false);
        assert_eq!(state.visibility(&base), Visibility::Hidden);
        state.solo(FeatureLayer::RussianSites);
        assert_eq!(state.visibility(&base), Visibility::Shown);
        assert_eq!(state.visibility(&event), Visibility::Hidden);
    }
}
