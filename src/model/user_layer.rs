//! A layer the user brings from a file, as the loaders read it and the map draws it: its
//! features in longitude and latitude, with what was skipped or repaired.

use crate::geo::projection::LonLat;
use crate::model::issue::{LoadIssue, Severity};

/// The most problems kept (listed) for one layer; the rest are counted in
/// [`UserLayer::unlisted`].
pub const MAX_LISTED_ISSUES: usize = 10_000;

/// The longest name or property value kept whole (bytes): a longer one is cut, with a
/// warning, for labels and the side panel (a name of 100 MB would take gigabytes to lay
/// out as text).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Text cut to at most `max` bytes at a character's boundary, "…" added.
pub fn cut_text(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// One feature of a user layer, in longitude/latitude.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserFeature {
    /// Its "name" property, else its id, else "feature N" (a CSV row: its name, id or
    /// title column, else "line N").
    pub label: Box<str>,
    /// Points.
    pub points: Box<[LonLat]>,
    /// Lines.
    pub lines: Box<[Vec<LonLat>]>,
    /// Polygons, each as rings (exterior first, counter-clockwise; holes clockwise).
    pub polygons: Box<[Vec<Vec<LonLat>>]>,
    /// Its properties as the file's JSON text (a CSV row's other columns as a JSON object
    /// of strings): kept unparsed, so a million features cost their text, not a map each;
    /// see [`Self::properties`].
    pub properties_json: Box<str>,
}

impl UserFeature {
    /// Whether its label is a name (or id) from the file, not the "feature N" or "line N"
    /// CASA numbers it with when the file gives none: only names are written on the map.
    pub fn is_named(&self) -> bool {
        let numbered = |prefix: &str| {
            self.label
                .strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        !numbered("feature ") && !numbered("line ")
    }

    /// A feature of these shapes, its lists held at their lengths (boxed slices: a million
    /// bare points weigh 72 MB less than in growable lists with room for more).
    pub fn new(label: Box<str>, properties_json: Box<str>, shapes: Shapes) -> Self {
        UserFeature {
            label,
            points: shapes.points.into_boxed_slice(),
            lines: shapes.lines.into_boxed_slice(),
            polygons: shapes.polygons.into_boxed_slice(),
            properties_json,
        }
    }

    /// Its properties, parsed (empty if they are not a JSON object; the text is empty
    /// when the file gave none), each text value cut to [`MAX_TEXT_BYTES`] for showing.
    pub fn properties(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&self.properties_json).unwrap_or_default();
        if self.properties_json.len() > MAX_TEXT_BYTES {
            for v in map.values_mut() {
                if let serde_json::Value::String(s) = v
                    && s.len() > MAX_TEXT_BYTES
                {
                    *s = format!(
                        "{} ({} bytes in the file; cut to {} KiB here)",
                        cut_text(s, MAX_TEXT_BYTES),
                        s.len(),
                        MAX_TEXT_BYTES >> 10
                    );
                }
            }
        }
        map
    }
}

/// A feature's shapes while it is read.
#[derive(Default)]
pub struct Shapes {
    /// Points.
    pub points: Vec<LonLat>,
    /// Lines.
    pub lines: Vec<Vec<LonLat>>,
    /// Polygons, each as rings.
    pub polygons: Vec<Vec<Vec<LonLat>>>,
}

/// A user's layer: its name (from the file name), its features, and what was skipped or
/// repaired.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserLayer {
    /// Shown in the legend.
    pub name: String,
    /// The usable features.
    pub features: Vec<UserFeature>,
    /// Features that could not be used (errors) and what was repaired (warnings).
    pub skipped: Vec<LoadIssue>,
    /// How the file was read ("latitude from column “lat”, longitude from “lon”").
    pub notes: Vec<String>,
    /// Problems found beyond the first [`MAX_LISTED_ISSUES`], counted by severity (notices,
    /// warnings, errors) but not kept: a million features with one problem each would
    /// otherwise cost more memory than the layer.
    pub unlisted: [usize; 3],
    /// Why nothing is drawn, when nothing is ("its only feature has no geometry"): the
    /// layer is still listed, with this reason, rather than refused.
    pub empty: Option<String>,
}

impl UserLayer {
    /// Lists a problem, or only counts it past [`MAX_LISTED_ISSUES`].
    pub fn list(&mut self, issue: LoadIssue) {
        if self.skipped.len() >= MAX_LISTED_ISSUES {
            self.unlisted[issue.severity as usize] += 1;
        } else {
            self.skipped.push(issue);
        }
    }

    /// How many problems of this severity were found, listed or not.
    pub fn count(&self, severity: Severity) -> usize {
        let listed = self
            .skipped
            .iter()
            .filter(|i| i.severity == severity)
            .count();
        listed + self.unlisted[severity as usize]
    }

    /// Counts of points, lines and polygons.
    pub fn counts(&self) -> (usize, usize, usize) {
        self.features.iter().fold((0, 0, 0), |(p, l, a), f| {
            (p + f.points.len(), l + f.lines.len(), a + f.polygons.len())
        })
    }
}
