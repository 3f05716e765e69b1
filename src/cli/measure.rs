//! `casa measure A B`: the geodesic distance and bearings between two places (features,
//! capitals or lat,lon), on WGS84.

use std::fmt::Write as _;

use crate::geo::geodesy;
use crate::model::{Atlas, Precision};
use crate::query::search::{Unresolved, resolve};

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
