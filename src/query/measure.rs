//! `casa measure A B`: the geodesic distance and initial bearing between two features,
//! places or `lat,lon` positions, each end named as it was understood.

use std::fmt::Write as _;

use crate::geo::geodesy;
use crate::geo::projection::LonLat;
use crate::model::corpus::fold;
use crate::model::{Atlas, Precision};
use crate::query::search::{MatchQuality, match_feature};

/// One end of a measurement.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    /// What it is, for people: "Kant Air Base (kant-air-base)", "Astana (capital of
    /// Kazakhstan)", "the position 42.85,74.85".
    pub name: String,
    /// Where it is measured from.
    pub at: LonLat,
    /// How well a feature's position is known (`None` for a place or typed coordinates).
    pub precision: Option<Precision>,
    /// The feature's or capital's id (`None` for typed coordinates).
    pub id: Option<String>,
}

impl Endpoint {
    /// A feature or a capital.
    fn of(name: String, at: LonLat, precision: Option<Precision>, id: &str) -> Self {
        Self {
            name,
            at,
            precision,
            id: Some(id.to_owned()),
        }
    }
}

/// Why a name does not give one position.
#[derive(Clone, Debug, PartialEq)]
pub enum Unresolved {
    /// Nothing of that name.
    Unknown(String),
    /// Several things of that name, listed for the user to choose from.
    Ambiguous(String, Vec<String>),
    /// Coordinates that are not a position (out of range).
    BadPosition(String, String),
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unknown(q) => write!(
                f,
                "no feature or place matches {q:?} (give a feature's id or name, a capital, or lat,lon)"
            ),
            Self::Ambiguous(q, candidates) => {
                write!(f, "{q:?} is ambiguous; ask for one of:")?;
                for c in candidates {
                    write!(f, "\n  {c}")?;
                }
                Ok(())
            }
            Self::BadPosition(q, why) => write!(f, "{q:?}: {why}"),
        }
    }
}

/// `lat,lon` in decimal degrees ("42.85,74.85", "-12.5, 130"), if the text is two numbers.
fn coordinates(query: &str) -> Option<Result<LonLat, String>> {
    let (lat, lon) = query.split_once(',')?;
    let (lat, lon) = (
        lat.trim().parse::<f64>().ok()?,
        lon.trim().parse::<f64>().ok()?,
    );
    Some(if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
        Err(format!("latitude {lat} is outside -90..90 (write lat,lon)"))
    } else if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
        Err(format!(
            "longitude {lon} is outside -180..180 (write lat,lon)"
        ))
    } else {
        Ok(LonLat::new(lon, lat))
    })
}

/// The feature, place or position `query` names.
pub fn resolve(atlas: &Atlas, query: &str) -> Result<Endpoint, Unresolved> {
    if let Some(position) = coordinates(query) {
        let at = position.map_err(|why| Unresolved::BadPosition(query.to_owned(), why))?;
        return Ok(Endpoint {
            name: format!("the position {}", query.trim()),
            at,
            precision: None,
            id: None,
        });
    }
    let mut found: Vec<(MatchQuality, Endpoint)> = Vec::new();
    let key = fold::key(query);
    for place in &atlas.places {
        let named = std::iter::once(&place.name)
            .chain(&place.aliases)
            .any(|n| fold::key(n) == key);
        let quality = if place.id.eq_ignore_ascii_case(query.trim()) {
            Some(MatchQuality::Id)
        } else {
            named.then_some(MatchQuality::Name)
        };
        if let Some(q) = quality {
            let country = atlas
                .countries
                .iter()
                .find(|c| c.id.0 == place.country)
                .map_or(place.country.as_str(), |c| c.name.as_str());
            let name = format!("{} (capital of {country})", place.name);
            found.push((q, Endpoint::of(name, place.position, None, &place.id)));
        }
    }
    for f in &atlas.features {
        if let (Some(q), Some(at)) = (match_feature(f, query), f.shape.anchor()) {
            let name = format!("{} ({})", f.name, f.id);
            found.push((q, Endpoint::of(name, at, Some(f.precision), &f.id)));
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    let Some(&(top, _)) = found.first() else {
        return Err(Unresolved::Unknown(query.to_owned()));
    };
    // As the search box ranks them: an exact name or id wins over the rest; a name
    // containing the words wins over a feature merely placed there.
    found.retain(|(q, _)| {
        if top > MatchQuality::Place {
            *q == top
        } else {
            true
        }
    });
    if found.len() == 1 {
        return Ok(found.remove(0).1);
    }
    let candidates = found.into_iter().map(|(_, e)| e.name).collect();
    Err(Unresolved::Ambiguous(query.to_owned(), candidates))
}

/// The report of `casa measure A B`: both ends as understood, the geodesic distance in km
/// to one decimal and the initial bearing; a warning when an end's position is only
/// approximate.
pub fn measure(atlas: &Atlas, a: &str, b: &str) -> Result<String, Unresolved> {
    let (from, to) = (resolve(atlas, a)?, resolve(atlas, b)?);
    let leg = geodesy::inverse(from.at, to.at);
    let mut text = String::new();
    for (word, end) in [("from", &from), ("to", &to)] {
        let precision = end
            .precision
            .map_or_else(String::new, |p| format!(", position {}", p.label()));
        let _ = writeln!(
            text,
            "{word:<5}{}  [{}{precision}]",
            end.name,
            end.at.degrees()
        );
    }
    let _ = writeln!(
        text,
        "distance {} (geodesic on the WGS84 ellipsoid)",
        geodesy::format_km(leg.metres)
    );
    let _ = writeln!(
        text,
        "initial bearing {:.1}° from true north",
        leg.initial_bearing
    );
    for end in [&from, &to] {
        if let Some(p @ (Precision::Approximate | Precision::Region)) = end.precision {
            let _ = writeln!(
                text,
                "note: the position of {} is {} only; the distance is no better",
                end.name,
                p.label()
            );
        }
    }
    Ok(text)
}
