//! What a briefer draws on a scene or on the map's sketch, as the files store it: range
//! rings (a geodesic circle of so many kilometres around a position, a feature or a
//! capital), lines, arrows, areas and text callouts. Checked at load like the rest of a
//! scene; drawn by the composer ([`crate::compose`]), so the screen, presentation mode, the
//! compare view, slides and the deck show the same drawing.

use crate::geo::geodesy;
use crate::geo::projection::LonLat;
use crate::model::{Actor, Atlas};

/// The longest label or callout text CASA keeps, in characters.
pub const MAX_LABEL_CHARS: usize = 200;
/// The most points a line, arrow or area may have.
pub const MAX_POINTS: usize = 1_000;
/// Geodesic segments longer than this are drawn through intermediate points, so they
/// curve as the true shortest path does in the map's projection.
const DENSIFY_M: f64 = 25_000.0;

/// One drawing.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Annotation {
    /// A range ring: every point `radius_km` from `center` along the Earth's surface
    /// (geodesics on the WGS84 ellipsoid), drawn as the true curve in the map's projection.
    Ring {
        /// Where it is centred.
        center: Anchor,
        /// Its radius in kilometres (more than 0, at most 10,000).
        radius_km: f64,
        /// What it means ("Iskander-M range"); the radius is always written beside it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Whose colour it is drawn in (an actor's key: "russia", "china" ...); absent:
        /// the map's ink.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        colour: Option<Actor>,
    },
    /// A line through positions, each segment a geodesic.
    Line {
        /// `[longitude, latitude]` of each point, at least two.
        points: Vec<[f64; 2]>,
        /// Written along it, at its middle.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Whose colour; absent: the map's ink.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        colour: Option<Actor>,
        /// Dashed rather than solid.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        dashed: bool,
    },
    /// An arrow: a line with a head at its end, its start or both; straight (geodesic
    /// segments) or curved (a smooth curve through its points on the map).
    Arrow {
        /// `[longitude, latitude]` of each point, at least two, from tail to head.
        points: Vec<[f64; 2]>,
        /// Where the heads are.
        #[serde(default, skip_serializing_if = "Heads::is_end")]
        heads: Heads,
        /// A smooth curve rather than straight segments.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        curved: bool,
        /// Written at its middle.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Whose colour; absent: the map's ink.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        colour: Option<Actor>,
    },
    /// An area (of operations, of interest): a polygon of geodesic sides, tinted or
    /// hatched.
    Area {
        /// `[longitude, latitude]` of each corner, at least three (not repeated at the end).
        points: Vec<[f64; 2]>,
        /// How it is filled.
        #[serde(default, skip_serializing_if = "Fill::is_tint")]
        fill: Fill,
        /// Written at its centre.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Whose colour; absent: the map's ink.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        colour: Option<Actor>,
    },
    /// A text callout: a box of text joined by a leader line to what it is about.
    Callout {
        /// What it points at.
        at: Anchor,
        /// Its text (not empty, at most 200 characters).
        text: String,
        /// Where the box sits relative to the point, in screen points (x right, y down),
        /// so it reads the same at every zoom and on every slide.
        #[serde(default = "default_offset")]
        offset: [f32; 2],
        /// Whose colour; absent: the map's ink.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        colour: Option<Actor>,
    },
}

fn default_offset() -> [f32; 2] {
    [40.0, -40.0]
}

/// Where an arrow's heads are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Heads {
    /// At its last point.
    #[default]
    End,
    /// At its first point.
    Start,
    /// At both.
    Both,
}

impl Heads {
    fn is_end(&self) -> bool {
        *self == Self::End
    }
}

/// How an area is filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fill {
    /// A light tint of its colour.
    #[default]
    Tint,
    /// Diagonal hatching in its colour.
    Hatch,
}

impl Fill {
    fn is_tint(&self) -> bool {
        *self == Self::Tint
    }
}

/// An annotation as a file holds it: read, or kept as it was written when it could not
/// be read (reported at load, not drawn, and saved back unchanged: nothing the user
/// wrote is lost).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Entry {
    /// Read.
    Read(Annotation),
    /// Not an annotation CASA can read; its JSON as written.
    Unread(serde_json::Value),
}

impl Entry {
    /// The annotation resolved against the atlas, or why it cannot be drawn.
    pub fn resolve(&self, atlas: &Atlas) -> Result<Resolved, String> {
        match self {
            Self::Read(a) => a.resolve(atlas),
            Self::Unread(value) => Err(match serde_json::from_value::<Annotation>(value.clone()) {
                Err(e) => e.to_string(),
                Ok(_) => "not read".to_owned(),
            }),
        }
    }
}

/// Where an annotation is pinned.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Anchor {
    /// `[longitude, latitude]` in degrees (as in GeoJSON).
    Position([f64; 2]),
    /// A feature's id ("kant-air-base") or a capital's id or name ("Astana"): at the
    /// feature's anchor (its first point), or the capital.
    Named(String),
}

/// A position as the files write it, checked.
fn position([lon, lat]: [f64; 2]) -> Result<LonLat, String> {
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        Err(format!("longitude {lon} is outside -180..180"))
    } else if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        Err(format!("latitude {lat} is outside -90..90"))
    } else {
        Ok(LonLat::new(lon, lat))
    }
}

impl Anchor {
    /// Where it is, and what to call it; an error saying why not.
    pub fn resolve(&self, atlas: &Atlas) -> Result<(LonLat, String), String> {
        match self {
            // Named to a hundredth of a degree (about a kilometre), as a click places it.
            Self::Position(p) => position(*p).map(|at| {
                let ns = if at.lat < 0.0 { 'S' } else { 'N' };
                let ew = if at.lon < 0.0 { 'W' } else { 'E' };
                (
                    at,
                    format!("{:.2}°{ns} {:.2}°{ew}", at.lat.abs(), at.lon.abs()),
                )
            }),
            Self::Named(name) => {
                let key = crate::model::corpus::fold::key(name);
                if let Some(f) = atlas.features.iter().find(|f| f.id == *name) {
                    let at = f
                        .shape
                        .anchor()
                        .ok_or_else(|| format!("feature {name:?} has no position to centre on"))?;
                    return Ok((at, f.name.clone()));
                }
                atlas
                    .places
                    .iter()
                    .find(|p| {
                        p.id == *name
                            || std::iter::once(&p.name)
                                .chain(&p.aliases)
                                .any(|n| crate::model::corpus::fold::key(n) == key)
                    })
                    .map(|p| (p.position, p.name.clone()))
                    .ok_or_else(|| {
                        format!(
                            "{name:?} is neither a feature's id nor a capital (or give [lon, lat])"
                        )
                    })
            }
        }
    }
}

/// What an annotation draws, resolved against the atlas, in longitude and latitude.
#[derive(Clone, Debug, PartialEq)]
pub enum Geometry {
    /// A range ring: its centre and its curve, closed.
    Ring {
        /// The centre.
        center: LonLat,
        /// The curve, closed.
        outline: Vec<LonLat>,
    },
    /// A line or an arrow: its points, with geodesic segments densified (or, curved, the
    /// points only: the curve is smoothed on the map).
    Path {
        /// The points to draw through.
        points: Vec<LonLat>,
        /// Its heads, if an arrow.
        heads: Option<Heads>,
        /// Smoothed through its points.
        curved: bool,
        /// Dashed.
        dashed: bool,
    },
    /// An area: its ring of densified geodesic sides, closed.
    Area {
        /// The ring.
        ring: Vec<LonLat>,
        /// Its fill.
        fill: Fill,
    },
    /// A callout: the point and where its box sits.
    Callout {
        /// The point.
        at: LonLat,
        /// The box's offset in screen points.
        offset: [f32; 2],
    },
}

/// An annotation ready to project: its shape, its text and its colour.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// What it draws.
    pub geometry: Geometry,
    /// What is written ("Iskander-M range: 500 km"; a callout's text); may be empty.
    pub caption: String,
    /// Whose colour (none: the map's ink).
    pub colour: Option<Actor>,
}

/// A label checked for length; empty or absent: `None`.
fn label_text(label: Option<&str>, what: &str) -> Result<Option<String>, String> {
    match label.map(str::trim) {
        Some(l) if l.chars().count() > MAX_LABEL_CHARS => Err(format!(
            "{what}: {} characters, over the limit of {MAX_LABEL_CHARS}",
            l.chars().count()
        )),
        Some(l) if !l.is_empty() => Ok(Some(l.to_owned())),
        _ => Ok(None),
    }
}

/// The positions of a line, arrow or area, checked; at least `least`.
fn positions(points: &[[f64; 2]], least: usize) -> Result<Vec<LonLat>, String> {
    if points.len() < least {
        return Err(format!(
            "points: {} given, at least {least} needed",
            points.len()
        ));
    }
    if points.len() > MAX_POINTS {
        return Err(format!(
            "points: {} given, at most {MAX_POINTS} kept",
            points.len()
        ));
    }
    points
        .iter()
        .enumerate()
        .map(|(i, p)| position(*p).map_err(|e| format!("points[{i}]: {e}")))
        .collect()
}

/// Each segment as its geodesic: points inserted every [`DENSIFY_M`] at most. Longitudes
/// run on continuously from the first point's (past ±180° if the path crosses it), so
/// the path projects without a jump across the map.
pub fn densify(points: &[LonLat]) -> Vec<LonLat> {
    let on_from = |prev: LonLat, mut p: LonLat| {
        p.lon = prev.lon + (p.lon - prev.lon + 180.0).rem_euclid(360.0) - 180.0;
        p
    };
    let mut out: Vec<LonLat> = Vec::with_capacity(points.len());
    out.extend(points.first());
    for w in points.windows(2) {
        let leg = geodesy::inverse(w[0], w[1]);
        let steps = (leg.metres / DENSIFY_M).ceil().clamp(1.0, 400.0) as usize;
        for k in 1..=steps {
            let p = if k == steps {
                w[1]
            } else {
                let along = leg.metres * k as f64 / steps as f64;
                geodesy::destination(w[0], leg.initial_bearing, along)
            };
            let prev = out[out.len() - 1];
            out.push(on_from(prev, p));
        }
    }
    out
}

impl Annotation {
    /// Checks it against the atlas and computes what it draws; an error names the problem.
    pub fn resolve(&self, atlas: &Atlas) -> Result<Resolved, String> {
        match self {
            Self::Ring {
                center,
                radius_km,
                label,
                colour,
            } => {
                let (at, name) = center.resolve(atlas).map_err(|e| format!("center: {e}"))?;
                let outline = geodesy::ring(at, radius_km * 1000.0)
                    .map_err(|e| format!("radius_km {radius_km}: {e}"))?;
                let radius = ring_radius(*radius_km);
                let caption = match label_text(label.as_deref(), "label")? {
                    Some(l) => format!("{l}: {radius}"),
                    None => format!("{radius} from {name}"),
                };
                Ok(Resolved {
                    geometry: Geometry::Ring {
                        center: at,
                        outline,
                    },
                    caption,
                    colour: *colour,
                })
            }
            Self::Line {
                points,
                label,
                colour,
                dashed,
            } => Ok(Resolved {
                geometry: Geometry::Path {
                    points: densify(&positions(points, 2)?),
                    heads: None,
                    curved: false,
                    dashed: *dashed,
                },
                caption: label_text(label.as_deref(), "label")?.unwrap_or_default(),
                colour: *colour,
            }),
            Self::Arrow {
                points,
                heads,
                curved,
                label,
                colour,
            } => {
                let points = positions(points, 2)?;
                Ok(Resolved {
                    geometry: Geometry::Path {
                        points: if *curved { points } else { densify(&points) },
                        heads: Some(*heads),
                        curved: *curved,
                        dashed: false,
                    },
                    caption: label_text(label.as_deref(), "label")?.unwrap_or_default(),
                    colour: *colour,
                })
            }
            Self::Area {
                points,
                fill,
                label,
                colour,
            } => {
                let mut ring = positions(points, 3)?;
                ring.push(ring[0]);
                Ok(Resolved {
                    geometry: Geometry::Area {
                        ring: densify(&ring),
                        fill: *fill,
                    },
                    caption: label_text(label.as_deref(), "label")?.unwrap_or_default(),
                    colour: *colour,
                })
            }
            Self::Callout {
                at,
                text,
                offset,
                colour,
            } => {
                let (point, _) = at.resolve(atlas).map_err(|e| format!("at: {e}"))?;
                let caption = label_text(Some(text), "text")?
                    .ok_or_else(|| "text: empty (a callout says something)".to_owned())?;
                if !offset.iter().all(|v| v.is_finite() && v.abs() <= 2000.0) {
                    return Err(format!(
                        "offset: {offset:?} must be two numbers of screen points within ±2000"
                    ));
                }
                Ok(Resolved {
                    geometry: Geometry::Callout {
                        at: point,
                        offset: *offset,
                    },
                    caption,
                    colour: *colour,
                })
            }
        }
    }

    /// The feature or capital it is placed on by id or name (a ring's centre, a callout's
    /// place), if it is.
    pub fn named(&self) -> Option<&str> {
        match self {
            Self::Ring {
                center: Anchor::Named(n),
                ..
            }
            | Self::Callout {
                at: Anchor::Named(n),
                ..
            } => Some(n),
            _ => None,
        }
    }

    /// Whether it is placed on this feature or capital (by id).
    pub fn names(&self, id: &str) -> bool {
        match self {
            Self::Ring { center: a, .. } | Self::Callout { at: a, .. } => {
                matches!(a, Anchor::Named(n) if n == id)
            }
            _ => false,
        }
    }

    /// What it is, for lists: "Ring, 500 km around ru-kant-air-base", "Arrow, 3 points".
    pub fn describe(&self) -> String {
        let with = |label: &Option<String>| {
            label
                .as_deref()
                .filter(|l| !l.trim().is_empty())
                .map_or_else(String::new, |l| format!(" “{l}”"))
        };
        match self {
            Self::Ring {
                center,
                radius_km,
                label,
                ..
            } => {
                let center = match center {
                    Anchor::Named(id) => id.clone(),
                    Anchor::Position([lon, lat]) => LonLat::new(*lon, *lat).degrees(),
                };
                format!(
                    "Ring{}, {} around {center}",
                    with(label),
                    ring_radius(*radius_km)
                )
            }
            Self::Line { points, label, .. } => {
                format!("Line{}, {} points", with(label), points.len())
            }
            Self::Arrow { points, label, .. } => {
                format!("Arrow{}, {} points", with(label), points.len())
            }
            Self::Area { points, label, .. } => {
                format!("Area{}, {} corners", with(label), points.len())
            }
            Self::Callout { text, .. } => format!("Callout “{text}”"),
        }
    }

    /// The points a user can move, in order (a ring's or callout's one point), resolved
    /// against the atlas.
    pub fn handles(&self, atlas: &Atlas) -> Vec<LonLat> {
        let at = |p: &[f64; 2]| LonLat::new(p[0], p[1]);
        match self {
            Self::Ring { center: a, .. } | Self::Callout { at: a, .. } => {
                a.resolve(atlas).map(|(p, _)| vec![p]).unwrap_or_default()
            }
            Self::Line { points, .. } | Self::Arrow { points, .. } | Self::Area { points, .. } => {
                points.iter().map(at).collect()
            }
        }
    }

    /// Moves its `k`-th point (a ring's centre or a callout's point becomes a position,
    /// no longer tied to a site).
    pub fn move_handle(&mut self, k: usize, to: LonLat) {
        let p = [to.lon, to.lat];
        match self {
            Self::Ring { center: a, .. } | Self::Callout { at: a, .. } if k == 0 => {
                *a = Anchor::Position(p);
            }
            Self::Line { points, .. } | Self::Arrow { points, .. } | Self::Area { points, .. } => {
                if let Some(q) = points.get_mut(k) {
                    *q = p;
                }
            }
            _ => {}
        }
    }

    /// Its label (a callout's text); empty if none.
    pub fn text(&self) -> &str {
        match self {
            Self::Callout { text, .. } => text,
            Self::Ring { label, .. }
            | Self::Line { label, .. }
            | Self::Arrow { label, .. }
            | Self::Area { label, .. } => label.as_deref().unwrap_or_default(),
        }
    }

    /// Gives it another label (a callout another text; empty: no label).
    pub fn set_text(&mut self, to: &str) {
        let to = to.trim();
        match self {
            Self::Callout { text, .. } => *text = to.to_owned(),
            Self::Ring { label, .. }
            | Self::Line { label, .. }
            | Self::Arrow { label, .. }
            | Self::Area { label, .. } => {
                *label = Some(to.to_owned()).filter(|l| !l.is_empty());
            }
        }
    }

    /// Its colour.
    pub fn colour(&self) -> Option<Actor> {
        match self {
            Self::Ring { colour, .. }
            | Self::Line { colour, .. }
            | Self::Arrow { colour, .. }
            | Self::Area { colour, .. }
            | Self::Callout { colour, .. } => *colour,
        }
    }

    /// Gives it another colour (restyling).
    pub fn set_colour(&mut self, to: Option<Actor>) {
        match self {
            Self::Ring { colour, .. }
            | Self::Line { colour, .. }
            | Self::Arrow { colour, .. }
            | Self::Area { colour, .. }
            | Self::Callout { colour, .. } => *colour = to,
        }
    }
}

/// "500 km", "1,500.5 km", "40 m".
fn ring_radius(radius_km: f64) -> String {
    if radius_km < 0.1 {
        return format!("{:.0} m", radius_km * 1000.0);
    }
    let radius = geodesy::format_km(radius_km * 1000.0);
    match radius.strip_suffix(".0 km") {
        Some(whole) => format!("{whole} km"),
        None => radius,
    }
}
