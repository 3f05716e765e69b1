//! What differs between the two sides of a compare view: memberships that changed status
//! between their years, events that happened in between, sites that opened or closed.

use crate::model::briefing::Target;
use crate::model::layers::{FeatureLayer, LayerState};
use crate::model::{Atlas, Category, PartialDate, status_in};

/// One difference between the two sides.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// When it happened, if known.
    pub date: Option<PartialDate>,
    /// What changed, for people ("Armenia: CSTO, from member to suspended").
    pub text: String,
    /// What to show when the entry is clicked.
    pub target: Target,
    /// Which kind of change it is.
    pub kind: DifferenceKind,
}

/// The kinds of change, in the order the list groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DifferenceKind {
    /// A country's status in an organisation.
    Membership,
    /// An event between the two years.
    Event,
    /// A site, piece of infrastructure or route that opened or closed.
    Site,
}

impl DifferenceKind {
    /// For headings.
    pub fn label(self) -> &'static str {
        match self {
            Self::Membership => "Memberships",
            Self::Event => "Events",
            Self::Site => "Sites and infrastructure",
        }
    }
}

/// The changes from the earlier side's year to the later one's (whichever side that is),
/// for the organisations and feature layers shown on either side (all organisations when
/// neither side shows any). Sorted by kind, then date.
pub fn differences(atlas: &Atlas, left: &LayerState, right: &LayerState) -> Vec<Difference> {
    let (a, b) = (left.membership_year(), right.membership_year());
    let (lo, hi) = (a.min(b), a.max(b));
    let mut out = Vec::new();
    if lo == hi {
        return out;
    }
    let orgs: Vec<&crate::model::Organisation> = atlas
        .organisations
        .iter()
        .filter(|o| left.organisations.contains(&o.id) || right.organisations.contains(&o.id))
        .collect();
    let orgs = if orgs.is_empty() {
        atlas.organisations.iter().collect()
    } else {
        orgs
    };
    let mut seen = std::collections::BTreeSet::new();
    for (ci, country) in atlas.countries.iter().enumerate() {
        if !seen.insert(&country.id) {
            continue;
        }
        for org in &orgs {
            let before = status_in(&atlas.memberships, &org.id, &country.id, lo);
            let after = status_in(&atlas.memberships, &org.id, &country.id, hi);
            let (sb, sa) = (before.map(|m| m.status), after.map(|m| m.status));
            if sb == sa {
                continue;
            }
            let label = |s: Option<crate::model::Status>| s.map_or("not a member", |s| s.label());
            let date = after.map(|m| m.from).or(before.and_then(|m| m.until));
            out.push(Difference {
                date,
                text: format!(
                    "{}: {}, from {} to {}",
                    country.name,
                    org.name,
                    label(sb),
                    label(sa)
                ),
                target: Target::Country(ci),
                kind: DifferenceKind::Membership,
            });
        }
    }
    let shown = |layer: FeatureLayer| left.shows(layer) || right.shows(layer);
    for (i, f) in atlas.features.iter().enumerate() {
        let Some(period) = &f.period else { continue };
        if !shown(FeatureLayer::of(f)) {
            continue;
        }
        let within = |d: Option<PartialDate>| d.is_some_and(|d| d.year > lo && d.year <= hi);
        match f.kind.category() {
            Category::Event if within(period.from) => out.push(Difference {
                date: period.from,
                text: f.name.clone(),
                target: Target::Feature(i),
                kind: DifferenceKind::Event,
            }),
            Category::Site | Category::Infrastructure | Category::Route => {
                if within(period.from) {
                    out.push(Difference {
                        date: period.from,
                        text: format!("{} opened", f.name),
                        target: Target::Feature(i),
                        kind: DifferenceKind::Site,
                    });
                }
                if period.until.is_some_and(|u| u.year >= lo && u.year < hi) {
                    out.push(Difference {
                        date: period.until,
                        text: format!("{} closed", f.name),
                        target: Target::Feature(i),
                        kind: DifferenceKind::Site,
                    });
                }
            }
            _ => {}
        }
    }
    out.sort_by(|x, y| {
        x.kind.cmp(&y.kind).then_with(|| {
            let key = |d: Option<PartialDate>| d.map(|d| (d.year, d.month, d.day));
            key(x.date).cmp(&key(y.date))
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{AssetSource, load_atlas};

    #[test]
    fn from_2021_to_2024_the_shipped_atlas_lists_what_the_articles_say_changed() {
        let loaded = load_atlas(&AssetSource::Embedded);
        let side = |year| LayerState {
            organisations: ["CSTO".to_owned(), "SCO".to_owned()].into(),
            year: Some(year),
            ..LayerState::default()
        };
        let list = differences(&loaded.atlas, &side(2021), &side(2024));
        let texts: Vec<&str> = list.iter().map(|c| c.text.as_str()).collect();
        for expected in [
            "Armenia: CSTO, from member to suspended",
            "Belarus: SCO, from observer to member",
            "CSTO deployment to Kazakhstan, January 2022",
            "Kyrgyz–Tajik border conflict, 2022",
        ] {
            assert!(
                texts.contains(&expected),
                "{expected} missing from {texts:#?}"
            );
        }
        // The same years both ways round give the same list; one year alone gives none.
        assert_eq!(differences(&loaded.atlas, &side(2024), &side(2021)), list);
        assert!(differences(&loaded.atlas, &side(2024), &side(2024)).is_empty());
    }
}
