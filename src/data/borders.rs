//! The map's own layers: countries (and the areas a border file carries), water and
//! places, read from `assets/` with every problem named.

use geojson::Feature;

use super::geometry;
use super::reader::{Reporter, string_prop, with_features};
use crate::geo::projection::LonLat;
use crate::model::issue::LoadIssue;
use crate::model::{
    Country, CountryId, CountryRole, Place, SourcedNote, TerrainKind, TerrainName, Water,
    WaterKind, WaterShape,
};

/// Parses the countries file alone from text: the benchmarks' and tests' entry point.
pub fn countries_from_text(file: &str, text: &str) -> (Vec<Country>, Vec<LoadIssue>) {
    let mut issues = Vec::new();
    let mut report = Reporter {
        issues: &mut issues,
        file,
    };
    let countries = with_features(text, &mut report, country_from);
    (countries, issues)
}

pub(super) fn country_from(
    id: &str,
    feature: &Feature,
    report: &mut Reporter<'_>,
) -> Option<Country> {
    let props = feature.properties.as_ref();
    let Some(name) = string_prop(props, "name") else {
        report.error(id, "empty or missing \"name\"");
        return None;
    };
    let role = match string_prop(props, "role") {
        None => CountryRole::Context,
        Some(r) => {
            let Some(role) = CountryRole::parse(r) else {
                report.error(
                    id,
                    format!(
                        "unknown role {r:?} (expected focus, neighbour, context, leased or disputed)"
                    ),
                );
                return None;
            };
            role
        }
    };
    let sovereign = string_prop(props, "sovereign").map(|s| CountryId(s.to_owned()));
    // Every fact shown needs its source: a note without one is refused, not shown.
    let note = match (string_prop(props, "note"), string_prop(props, "source")) {
        (Some(text), Some(source)) => Some(SourcedNote {
            text: text.to_owned(),
            source: source.to_owned(),
        }),
        (Some(_), None) => {
            report.warning(id, "\"note\" without a \"source\"; the note is not shown");
            None
        }
        _ => None,
    };
    let geometry = geometry::area(id, feature.geometry.as_ref(), report)?;
    let bounds = geo::BoundingRect::bounding_rect(&geometry);
    Some(Country {
        id: CountryId(id.to_owned()),
        name: name.to_owned(),
        role,
        sovereign,
        geometry,
        bounds,
        note,
    })
}

pub(super) fn water_from(id: &str, feature: &Feature, report: &mut Reporter<'_>) -> Option<Water> {
    let props = feature.properties.as_ref();
    let kind = match string_prop(props, "kind") {
        Some("sea") => WaterKind::Sea,
        Some("lake") => WaterKind::Lake,
        Some("river") => WaterKind::River,
        other => {
            report.error(
                id,
                format!("unknown water kind {other:?} (expected sea, lake or river)"),
            );
            return None;
        }
    };
    let shape = if kind == WaterKind::River {
        geometry::lines(id, feature.geometry.as_ref(), report).map(WaterShape::Lines)
    } else {
        geometry::area(id, feature.geometry.as_ref(), report).map(WaterShape::Area)
    }?;
    Some(Water {
        id: id.to_owned(),
        name: string_prop(props, "name").map(str::to_owned),
        kind,
        shape,
    })
}

pub(super) fn place_from(id: &str, feature: &Feature, report: &mut Reporter<'_>) -> Option<Place> {
    let props = feature.properties.as_ref();
    let Some(name) = string_prop(props, "name") else {
        report.error(id, "empty or missing \"name\"");
        return None;
    };
    let position = geometry::point(id, feature.geometry.as_ref(), report)?;
    let aliases = props
        .and_then(|p| p.get("aliases"))
        .and_then(serde_json::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Some(Place {
        id: id.to_owned(),
        name: name.to_owned(),
        aliases,
        country: string_prop(props, "country").unwrap_or_default().to_owned(),
        position: LonLat::new(position.x(), position.y()),
    })
}

/// A terrain name: `name`, `kind`, `rank` (1 to 3), an optional `elevation_m` and the
/// `reference` it comes from, at a point.
pub(super) fn terrain_from(
    id: &str,
    feature: &Feature,
    report: &mut Reporter<'_>,
) -> Option<TerrainName> {
    let props = feature.properties.as_ref();
    let Some(name) = string_prop(props, "name") else {
        report.error(id, "empty or missing \"name\"");
        return None;
    };
    let kind_text = string_prop(props, "kind").unwrap_or_default();
    let Some(kind) = TerrainKind::from_key(kind_text) else {
        report.error(
            id,
            format!("\"kind\" {kind_text:?} is not range, plateau, basin, lowland, depression, valley, desert or pass"),
        );
        return None;
    };
    let rank = props
        .and_then(|p| p.get("rank"))
        .and_then(serde_json::Value::as_u64);
    let Some(rank) = rank.filter(|r| (1..=3).contains(r)) else {
        report.error(id, "\"rank\" must be 1, 2 or 3");
        return None;
    };
    let Some(reference) = string_prop(props, "reference") else {
        report.error(
            id,
            "empty or missing \"reference\": where the name and place come from",
        );
        return None;
    };
    let elevation_m = props
        .and_then(|p| p.get("elevation_m"))
        .and_then(serde_json::Value::as_i64)
        .and_then(|m| i32::try_from(m).ok())
        .filter(|m| (-500..=9_000).contains(m));
    let position = geometry::point(id, feature.geometry.as_ref(), report)?;
    Some(TerrainName {
        id: id.to_owned(),
        name: name.to_owned(),
        kind,
        rank: rank as u8,
        elevation_m,
        position: LonLat::new(position.x(), position.y()),
        reference: reference.to_owned(),
    })
}
