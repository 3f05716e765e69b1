//! Drawing and measuring on the map: the tool in use and the points placed so far
//! ([`InProgress`]), what the ruler reads ([`Measured`]), a drawing being reshaped
//! ([`Reshaping`]), and the edits to a scene's or the sketch's annotations ([`Edit`], kept
//! in an [`crate::edit::undo::UndoStack`]). No UI here: the app turns clicks into points
//! and the drawing in progress into an [`Annotation`].

use crate::geo::geodesy;
use crate::geo::projection::LonLat;
use crate::model::annotation::{Anchor, Annotation, Entry, Fill, Geometry, Heads, Resolved};
use crate::model::{Actor, Atlas};

/// What a click on the map does while drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Measures geodesic distances, bearings and an area (kept, if asked, as a line
    /// labelled with its length).
    Ruler,
    /// A line.
    Line,
    /// An arrow (straight or curved).
    Arrow,
    /// An area, tinted or hatched.
    Area,
    /// A text callout.
    Callout,
    /// A range ring.
    Ring,
}

impl Tool {
    /// Every tool, in menu order.
    pub const ALL: [Self; 6] = [
        Self::Ruler,
        Self::Line,
        Self::Arrow,
        Self::Area,
        Self::Callout,
        Self::Ring,
    ];

    /// Its name in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ruler => "Ruler",
            Self::Line => "Line",
            Self::Arrow => "Arrow",
            Self::Area => "Area",
            Self::Callout => "Callout",
            Self::Ring => "Range ring",
        }
    }

    /// How to use it, in a sentence.
    pub fn hint(self) -> &'static str {
        match self {
            Self::Ruler => "Click points on the map to measure; Backspace removes the last.",
            Self::Line | Self::Arrow => {
                "Click points on the map; Enter or Finish ends it, Backspace removes the last."
            }
            Self::Area => {
                "Click the corners on the map; Enter or Finish closes it, Backspace removes the last."
            }
            Self::Callout => "Click what it is about on the map, type its text, then Finish.",
            Self::Ring => "Click its centre on the map (or a site), type the radius, then Finish.",
        }
    }

    /// The fewest points it needs.
    pub fn least(self) -> usize {
        match self {
            Self::Callout | Self::Ring => 1,
            Self::Area => 3,
            Self::Ruler | Self::Line | Self::Arrow => 2,
        }
    }

    /// Whether one point is all it takes (a new click moves it).
    fn single(self) -> bool {
        matches!(self, Self::Callout | Self::Ring)
    }
}

/// A point placed: where, and the feature or capital it snapped to.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Where.
    pub at: LonLat,
    /// The id of the feature or capital it snapped to, if any.
    pub id: Option<String>,
}

/// A drawing in progress: the tool, the points placed and the choices made.
#[derive(Clone, Debug, PartialEq)]
pub struct InProgress {
    /// The tool.
    pub tool: Tool,
    /// The points, in order.
    pub points: Vec<Placed>,
    /// A label (ring, line, arrow, area) as typed.
    pub label: String,
    /// A callout's text as typed.
    pub text: String,
    /// A ring's radius in km as typed.
    pub radius_km: String,
    /// Whose colour (none: ink).
    pub colour: Option<Actor>,
    /// An arrow's heads.
    pub heads: Heads,
    /// A curved arrow.
    pub curved: bool,
    /// A dashed line.
    pub dashed: bool,
    /// An area's fill.
    pub fill: Fill,
}

impl InProgress {
    /// A new drawing with this tool.
    pub fn new(tool: Tool) -> Self {
        Self {
            tool,
            points: Vec::new(),
            label: String::new(),
            text: String::new(),
            radius_km: String::new(),
            colour: None,
            heads: Heads::End,
            curved: false,
            dashed: false,
            fill: Fill::Tint,
        }
    }

    /// Places a point (a ring's or callout's one point is moved).
    pub fn place(&mut self, point: Placed) {
        if self.tool.single() {
            self.points.clear();
        }
        if self.points.len() < crate::model::annotation::MAX_POINTS {
            self.points.push(point);
        }
    }

    /// The radius as typed, in km ("1,500", "500 km").
    pub fn radius(&self) -> Result<f64, String> {
        self.radius_km
            .trim()
            .trim_end_matches("km")
            .trim()
            .replace(',', "")
            .parse()
            .map_err(|_| format!("{:?} is not a number of kilometres", self.radius_km))
    }

    fn anchor(p: &Placed) -> Anchor {
        match &p.id {
            Some(id) => Anchor::Named(id.clone()),
            None => Anchor::Position([p.at.lon, p.at.lat]),
        }
    }

    /// The annotation it makes, checked against the atlas; why not, if it cannot yet.
    pub fn annotation(&self, atlas: &Atlas) -> Result<Annotation, String> {
        if self.points.len() < self.tool.least() {
            return Err(format!(
                "{}: place at least {} point(s) on the map",
                self.tool.label(),
                self.tool.least()
            ));
        }
        let label = Some(self.label.trim().to_owned()).filter(|l| !l.is_empty());
        let points =
            || -> Vec<[f64; 2]> { self.points.iter().map(|p| [p.at.lon, p.at.lat]).collect() };
        let colour = self.colour;
        let annotation = match self.tool {
            Tool::Ruler => {
                let total = geodesy::format_km(geodesy::path_length(&self.at()));
                Annotation::Line {
                    points: points(),
                    label: Some(label.map_or(total.clone(), |l| format!("{l}: {total}"))),
                    colour,
                    dashed: true,
                }
            }
            Tool::Line => Annotation::Line {
                points: points(),
                label,
                colour,
                dashed: self.dashed,
            },
            Tool::Arrow => Annotation::Arrow {
                points: points(),
                heads: self.heads,
                curved: self.curved,
                label,
                colour,
            },
            Tool::Area => Annotation::Area {
                points: points(),
                fill: self.fill,
                label,
                colour,
            },
            Tool::Callout => Annotation::Callout {
                at: Self::anchor(&self.points[0]),
                text: self.text.trim().to_owned(),
                offset: [40.0, -40.0],
                colour,
            },
            Tool::Ring => Annotation::Ring {
                center: Self::anchor(&self.points[0]),
                radius_km: self.radius()?,
                label,
                colour,
            },
        };
        annotation.resolve(atlas).map(|_| annotation)
    }

    /// The positions placed.
    pub fn at(&self) -> Vec<LonLat> {
        self.points.iter().map(|p| p.at).collect()
    }

    /// What to draw while it is being made: the finished shape where it can be drawn
    /// already, else the points placed joined by geodesics (an area's not closed yet).
    pub fn preview(&self, atlas: &Atlas) -> Option<Resolved> {
        if let Ok(a) = self.annotation(atlas)
            && let Ok(r) = a.resolve(atlas)
        {
            return Some(r);
        }
        let at = self.at();
        let first = *at.first()?;
        let points = if at.len() == 1 {
            vec![first, first]
        } else {
            crate::model::annotation::densify(&at)
        };
        Some(Resolved {
            geometry: Geometry::Path {
                points,
                heads: None,
                curved: false,
                dashed: true,
            },
            caption: String::new(),
            colour: self.colour,
        })
    }

    /// What the ruler reads for the points placed.
    pub fn measured(&self) -> Measured {
        Measured::of(&self.at())
    }
}

/// A measurement along points: each leg, the total, and the area they enclose.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// Each leg's geodesic.
    pub legs: Vec<geodesy::Leg>,
    /// The sum of the legs, in metres.
    pub total_m: f64,
    /// With three points or more, the geodesic area of the polygon they make (closed
    /// back to the first), in square metres.
    pub area_m2: Option<f64>,
}

impl Measured {
    /// Measures along the points.
    pub fn of(points: &[LonLat]) -> Self {
        let legs: Vec<geodesy::Leg> = points
            .windows(2)
            .map(|w| geodesy::inverse(w[0], w[1]))
            .collect();
        Self {
            total_m: legs.iter().map(|l| l.metres).sum(),
            legs,
            area_m2: (points.len() >= 3).then(|| geodesy::area(points)),
        }
    }

    /// The reading as lines of text: a line per leg, the total, the area.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .legs
            .iter()
            .enumerate()
            .map(|(i, l)| {
                format!(
                    "{}. {} at {:.1}°",
                    i + 1,
                    geodesy::format_km(l.metres),
                    l.initial_bearing
                )
            })
            .collect();
        if !self.legs.is_empty() {
            out.push(format!("Total {}", geodesy::format_km(self.total_m)));
        }
        if let Some(a) = self.area_m2 {
            out.push(format!("Area {}", format_km2(a)));
        }
        out
    }
}

/// "12,345 km²" (whole square kilometres; "0.52 km²" below one).
pub fn format_km2(m2: f64) -> String {
    let km2 = m2 / 1e6;
    if km2 < 1.0 {
        return format!("{km2:.2} km²");
    }
    format!("{} km²", geodesy::thousands(&format!("{km2:.0}")))
}

/// A drawing whose points are being dragged and whose label is being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct Reshaping {
    /// Whose list it is in.
    pub owner: Owner,
    /// Its position in the list.
    pub index: usize,
    /// As dragged and edited so far (drawn on screen).
    pub working: Annotation,
    /// As last saved: an edit is saved only while the list still holds it there, so a
    /// list changed meanwhile (a scene replaced, a drawing removed) is never overwritten.
    pub saved: Annotation,
}

/// Whose annotations an edit changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Owner {
    /// A scene of the briefing (by index, with its name to check it is still there).
    Scene(usize, String),
    /// The map's own sketch, saved with the settings.
    Sketch,
}

/// One edit to a list of annotations: the list before and after.
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    /// Whose.
    pub owner: Owner,
    /// The list before.
    pub before: Vec<Entry>,
    /// The list after.
    pub after: Vec<Entry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(lon: f64, lat: f64) -> Placed {
        Placed {
            at: LonLat::new(lon, lat),
            id: None,
        }
    }

    #[test]
    fn the_ruler_reads_legs_total_and_area() {
        // GeographicLib's Planimeter test: the diamond (0,-1) (-1,0) (0,1) (1,0)
        // [lat, lon] encloses 24,619,419,146 m² with a perimeter of 627,598.2731 m.
        let mut d = InProgress::new(Tool::Ruler);
        for (lat, lon) in [
            (0.0, -1.0),
            (-1.0, 0.0),
            (0.0, 1.0),
            (1.0, 0.0),
            (0.0, -1.0),
        ] {
            d.place(placed(lon, lat));
        }
        let m = d.measured();
        assert_eq!(m.legs.len(), 4);
        assert!((m.total_m - 627_598.273_1).abs() < 1e-3, "{}", m.total_m);
        let area = m.area_m2.expect("an area");
        assert!((area - 24_619_419_146.0).abs() < 1.0, "{area}");
        let lines = m.lines();
        assert_eq!(lines.last().map(String::as_str), Some("Area 24,619 km²"));
        assert_eq!(lines[4], "Total 627.6 km");
    }

    /// Why a draft makes no annotation ("" if it does).
    fn problem(draft: &InProgress, atlas: &Atlas) -> String {
        draft.annotation(atlas).err().unwrap_or_default()
    }

    #[test]
    fn a_draft_needs_its_points_and_a_ring_its_radius() {
        let atlas = Atlas::default();
        let mut ring = InProgress::new(Tool::Ring);
        assert!(problem(&ring, &atlas).contains("at least 1"));
        ring.place(placed(74.846, 42.853));
        ring.place(placed(69.27, 41.3));
        assert_eq!(
            ring.points.len(),
            1,
            "a ring has one centre: a new click moves it"
        );
        ring.radius_km = "1,500 km".into();
        let Ok(Annotation::Ring { radius_km, .. }) = ring.annotation(&atlas) else {
            panic!("a ring");
        };
        assert_eq!(radius_km, 1500.0);
        ring.radius_km = "far".into();
        assert!(problem(&ring, &atlas).contains("not a number"));
        let mut area = InProgress::new(Tool::Area);
        area.place(placed(60.0, 40.0));
        area.place(placed(62.0, 40.0));
        assert!(area.annotation(&atlas).is_err());
        assert!(area.preview(&atlas).is_some(), "drawn while being made");
        area.place(placed(61.0, 42.0));
        assert!(matches!(
            area.annotation(&atlas),
            Ok(Annotation::Area { .. })
        ));
        let mut callout = InProgress::new(Tool::Callout);
        callout.place(placed(61.0, 42.0));
        assert!(problem(&callout, &atlas).contains("text: empty"));
    }

    #[test]
    fn areas_are_written_in_square_kilometres() {
        assert_eq!(format_km2(24_619_419_146.0), "24,619 km²");
        assert_eq!(format_km2(520_000.0), "0.52 km²");
    }
}
