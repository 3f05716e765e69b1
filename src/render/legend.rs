//! The legend: what the symbols, lines, tints and hatching in view mean. Computed here
//! without any drawing, so the presentation legend and the exported slides say the same.

use epaint::Color32;

use super::features::{Glyph, glyph_of};
use super::style::{ORGANISATION_ANGLES, Palette};
use crate::model::layers::MembershipMark;
use crate::model::{
    Actor, Atlas, CORRECTED_LEGEND, CORRECTED_MARK, Category, CountryRole, Precision, Status,
};

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A symbol: its glyph, whether hollow, its colour.
    Glyph(Glyph, bool, Color32),
    /// A plain colour patch (an actor's colour).
    Colour(Color32),
    /// A line (routes).
    Line(Color32),
    /// A tinted area with a dashed outline (regions).
    Area(Color32),
    /// Hatching in a colour at an angle (radians).
    Hatch(Color32, f32),
    /// An area's tint with its outline (leased territory: its sovereign's colour, a red
    /// outline; a disputed area: its own grey).
    Outlined(Color32, Color32),
    /// Hatching in a colour in the pattern of a membership status (denser for members,
    /// dashed for observers…), as the map hatches it.
    Status(Color32, Status),
    /// A dashed ring (approximate positions) or a pale halo (region-level ones).
    Ring(bool),
    /// The badge of a feature whose facts the record corrects.
    Corrected,
    /// A drawing of the briefer's in its colour: a range ring (dashed circle), a line
    /// (dashed or not) or an arrow.
    Drawn(Color32, DrawnSwatch),
}

/// Which drawing a legend entry stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawnSwatch {
    /// A range ring.
    Ring,
    /// A line, dashed or solid.
    Line(bool),
    /// An arrow.
    Arrow,
}

/// One line of the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// How it is drawn.
    pub swatch: Swatch,
    /// What it means.
    pub label: String,
}

/// The legend for the features in `shown` (indices into the atlas's features: those drawn
/// in view) and the membership marks drawn: actors by colour, kinds by glyph, precision
/// rings, then the organisations with the statuses present.
pub fn legend(
    atlas: &Atlas,
    palette: &Palette,
    shown: impl IntoIterator<Item = usize>,
    marks: &[MembershipMark],
) -> Vec<LegendItem> {
    let mut actors: Vec<Actor> = Vec::new();
    let mut kinds = Vec::new();
    let mut precisions = Vec::new();
    let mut region = false;
    let mut corrected = false;
    for i in shown {
        let Some(f) = atlas.features.get(i) else {
            continue;
        };
        if !actors.contains(&f.actor) && f.kind.category() != Category::Region {
            actors.push(f.actor);
        }
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind);
        }
        if f.precision != Precision::Exact && !precisions.contains(&f.precision) {
            precisions.push(f.precision);
        }
        region |= f.kind.category() == Category::Region;
        corrected |= !f.corrections.is_empty();
    }
    actors.sort_by_key(|a| Actor::ALL.iter().position(|b| b == a));
    kinds.sort();
    let mut items: Vec<LegendItem> = actors
        .iter()
        .map(|a| LegendItem {
            swatch: Swatch::Colour(palette.actor(*a)),
            label: capitalised(a.label()),
        })
        .collect();
    // Kinds sharing a symbol share a line ("Summit, visit, agreement").
    let mut by_swatch: Vec<(Swatch, Vec<&str>)> = Vec::new();
    for kind in kinds {
        let swatch = match kind.category() {
            Category::Route => Swatch::Line(palette.label_minor),
            Category::Region => continue,
            _ => {
                let (glyph, hollow, _) = glyph_of(kind);
                Swatch::Glyph(glyph, hollow, palette.label_minor)
            }
        };
        match by_swatch.iter_mut().find(|(s, _)| *s == swatch) {
            Some((_, labels)) => labels.push(kind.label()),
            None => by_swatch.push((swatch, vec![kind.label()])),
        }
    }
    for (swatch, labels) in by_swatch {
        items.push(LegendItem {
            swatch,
            label: capitalised(&labels.join(", ")),
        });
    }
    if region {
        items.push(LegendItem {
            swatch: Swatch::Area(palette.region),
            label: "Region".into(),
        });
    }
    precisions.sort_by_key(|p| *p == Precision::Region);
    for p in precisions {
        items.push(LegendItem {
            swatch: Swatch::Ring(p == Precision::Region),
            label: match p {
                Precision::Region => "Region-level position".into(),
                _ => "Approximate position".into(),
            },
        });
    }
    if corrected {
        items.push(LegendItem {
            swatch: Swatch::Corrected,
            label: format!("{CORRECTED_MARK} {}", capitalised(CORRECTED_LEGEND)),
        });
    }
    let mut orgs: Vec<usize> = marks.iter().map(|m| m.organisation).collect();
    orgs.dedup();
    for (slot, &org) in orgs.iter().enumerate() {
        let Some(o) = atlas.organisations.get(org) else {
            continue;
        };
        let mut statuses: Vec<_> = marks
            .iter()
            .filter(|m| m.organisation == org)
            .map(|m| m.status)
            .collect();
        statuses.sort();
        statuses.dedup();
        let statuses: Vec<&str> = statuses.iter().map(|s| s.label()).collect();
        let label = if o.set {
            o.name.clone()
        } else {
            format!("{}: {}", o.name, statuses.join(", "))
        };
        items.push(LegendItem {
            swatch: Swatch::Hatch(
                palette.organisation(org),
                ORGANISATION_ANGLES[slot % ORGANISATION_ANGLES.len()],
            ),
            label,
        });
    }
    items
}

/// The legend's entries for the special areas a map shows (leased territory, disputed
/// areas; `areas` are indices into the atlas's countries), each named as its file names it
/// (`Baikonur (leased to Russia)`), so a slide says what its red-outlined patch is.
pub fn special_areas(atlas: &Atlas, palette: &Palette, areas: &[usize]) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = Vec::new();
    for country in areas.iter().filter_map(|&i| atlas.countries.get(i)) {
        let item = match country.role {
            CountryRole::Leased => LegendItem {
                swatch: Swatch::Outlined(palette.country_fill(country), palette.leased_border),
                label: format!("Leased territory: {}", country.name),
            },
            CountryRole::Disputed => LegendItem {
                swatch: Swatch::Outlined(palette.country_fill(country), palette.border),
                label: format!("Disputed: {}", country.name),
            },
            _ => continue,
        };
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

/// Lays chips of these widths out in lines no wider than `max_width`: each chip's x offset
/// and line, and the number of lines.
pub fn chip_lines(
    widths: impl IntoIterator<Item = f32>,
    max_width: f32,
) -> (Vec<(f32, usize)>, usize) {
    let mut at = Vec::new();
    let (mut x, mut line) = (0.0, 0);
    for w in widths {
        if x > 0.0 && x + w > max_width {
            x = 0.0;
            line += 1;
        }
        at.push((x, line));
        x += w;
    }
    let lines = if at.is_empty() { 0 } else { line + 1 };
    (at, lines)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
