//! Finding features and organisations by id, name or alias, tolerant of the corpus's
//! spellings ("Wakan", "Kazakstan", "Nur-Sultan") and of small typos.

use crate::geo::projection::LonLat;
use crate::model::corpus::fold;
use crate::model::{Atlas, Feature, Precision};

/// How well a feature matched a query (higher is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    /// The query names a place the feature's placement names ("Almaty").
    Place,
    /// A word of a name is within a small edit distance of the query.
    Typo,
    /// The query's words are all in a name, in order.
    Contains,
    /// A name starts with the query.
    Prefix,
    /// A name equals the query once folded.
    Name,
    /// The id equals the query.
    Id,
}

/// How well `query` names `feature`, if at all.
pub fn match_feature(feature: &Feature, query: &str) -> Option<MatchQuality> {
    if feature.id.eq_ignore_ascii_case(query.trim()) {
        return Some(MatchQuality::Id);
    }
    let q = fold::tokens(query);
    if q.is_empty() {
        return None;
    }
    let mut best = None;
    for name in feature.names() {
        let n = fold::tokens(name);
        let quality = if n == q {
            Some(MatchQuality::Name)
        } else if n.starts_with(&q) {
            Some(MatchQuality::Prefix)
        } else if fold::find_tokens(&n, &q).is_some() {
            Some(MatchQuality::Contains)
        } else if typo_match(&n, &q) {
            Some(MatchQuality::Typo)
        } else {
            None
        };
        best = best.max(quality);
    }
    let names_place = || {
        place_names(&feature.placement)
            .iter()
            .any(|name| fold::find_tokens(&fold::tokens(name), &q).is_some())
    };
    if best.is_none() && names_place() {
        best = Some(MatchQuality::Place);
    }
    best
}

/// Capitalised words that start sentences or clauses without naming a place.
const NOT_PLACES: &[&str] = &[
    "A",
    "An",
    "And",
    "As",
    "At",
    "By",
    "For",
    "From",
    "In",
    "Its",
    "Near",
    "Not",
    "Of",
    "On",
    "One",
    "Only",
    "Part",
    "Region-level",
    "Schematic",
    "Some",
    "The",
    "Their",
    "Three",
    "To",
    "Two",
    "Where",
    "Within",
];

/// The proper names a placement text gives: runs of capitalised words ("At the town of
/// Kulob; …" gives "Kulob", "near Chorukh-Dayron, Sughd" gives "Chorukh-Dayron" and
/// "Sughd"), leaving out the words that merely start a sentence ("At", "The").
fn place_names(placement: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in placement.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let capital = bare.chars().next().is_some_and(char::is_uppercase);
        if capital && !NOT_PLACES.contains(&bare) {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(bare);
        } else if !current.is_empty() {
            names.push(std::mem::take(&mut current));
        }
        // A name ends at punctuation: "Almaty, Kazakhstan" is two names.
        if word.ends_with([',', '.', ';', ':', ')']) && !current.is_empty() {
            names.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        names.push(current);
    }
    names
}

/// Each query word is close (one edit per five letters) to a word of the name, in order.
fn typo_match(name: &[String], query: &[String]) -> bool {
    let mut at = 0;
    for q in query {
        let allowed = q.chars().count() / 5;
        if allowed == 0 {
            return false;
        }
        match name[at.min(name.len())..]
            .iter()
            .position(|w| fold::edit_distance(w, q) <= allowed)
        {
            Some(i) => at += i + 1,
            None => return false,
        }
    }
    true
}

/// The features matching `query`, best first (then in file order). When some match
/// exactly (by id or whole name), only those are returned.
pub fn find_features<'a>(atlas: &'a Atlas, query: &str) -> Vec<&'a Feature> {
    find_feature_indices(atlas, query)
        .into_iter()
        .map(|i| &atlas.features[i])
        .collect()
}

/// [`find_features`] as indices into the atlas's features.
pub fn find_feature_indices(atlas: &Atlas, query: &str) -> Vec<usize> {
    let mut hits: Vec<(MatchQuality, usize, &Feature)> = atlas
        .features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match_feature(f, query).map(|q| (q, i, f)))
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if let Some(&(top, _, _)) = hits.first() {
        if top >= MatchQuality::Name {
            hits.retain(|h| h.0 == top);
        } else if top > MatchQuality::Place {
            // A feature named so wins over those merely placed there.
            hits.retain(|h| h.0 > MatchQuality::Place);
        }
    }
    hits.into_iter().map(|(_, i, _)| i).collect()
}

/// What the search box can find.
#[derive(Clone, Debug, PartialEq)]
pub enum Hit {
    /// A feature, by index.
    Feature(usize),
    /// A country, by index.
    Country(usize),
}

/// Features, countries and capitals matching the query (capitals select their country).
pub fn search_hits(atlas: &Atlas, query: &str) -> Vec<(Hit, String)> {
    let mut hits = Vec::new();
    if fold::key(query).is_empty() {
        return hits;
    }
    for i in find_feature_indices(atlas, query) {
        let f = &atlas.features[i];
        hits.push((Hit::Feature(i), format!("{} — {}", f.name, f.kind.label())));
    }
    let q = fold::key(query);
    for (i, c) in atlas.countries.iter().enumerate() {
        let name = fold::key(&c.name);
        if name.starts_with(&q) || (q.len() >= 5 && fold::edit_distance(&name, &q) <= 1) {
            hits.push((Hit::Country(i), format!("{} — country", c.name)));
        }
    }
    for p in &atlas.places {
        let names = std::iter::once(&p.name).chain(&p.aliases);
        if names.map(|n| fold::key(n)).any(|n| n.starts_with(&q))
            && let Some(i) = atlas.countries.iter().position(|c| c.id.0 == p.country)
        {
            hits.push((
                Hit::Country(i),
                format!("{} — capital of {}", p.name, atlas.countries[i].name),
            ));
        }
    }
    hits
}

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
