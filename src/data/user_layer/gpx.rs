//! GPX layers (a GPS device, a phone's track), read as a stream of XML events: waypoints
//! are points, routes lines and tracks lines (one per segment); their name, description,
//! comment, type, elevation and time are properties. A waypoint, route or track with a bad
//! position is skipped with its message and the rest loads.

use geo::{Coord, Geometry, LineString, MultiLineString, Point};

use super::foreign::{ForeignFeature, ForeignLayer, XmlWalk, walk_xml};
use super::members::{error, warning};
use super::shapes::Crs;
use super::xml::{MAX_XML_TEXT, TextBuf, attribute};
use super::{LayerError, MAX_LAYER_VERTICES, Progress, UserLayer, cut_text, refused};

/// Reads GPX bytes as a layer.
pub(super) fn parse_gpx(
    name: &str,
    file: &str,
    bytes: &[u8],
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let text = super::decode(file, None, bytes)?;
    let not_gpx = |problem: String| refused(file, format!("not GPX: {problem}"));
    let mut layer = ForeignLayer::new(name, file, Crs::LonLat, text.len(), progress);
    walk_xml(text, &mut layer, &mut Walk::default(), not_gpx)?;
    layer.finish()
}

/// What a GPX item is.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Waypoint,
    Route,
    Track,
}

/// The walk through the document.
#[derive(Default)]
struct Walk {
    depth: usize,
    item: Option<Item>,
    /// The property being gathered and the depth of its element.
    capture: Option<(&'static str, usize)>,
    text: TextBuf,
    /// Waypoints, routes and tracks seen (for their places: "wpt 3").
    counts: [usize; 3],
}

impl XmlWalk for Walk {
    fn open(
        &mut self,
        element: &str,
        attrs: &[(String, String)],
        _parent: Option<&str>,
    ) -> Result<(), String> {
        self.depth += 1;
        let depth = self.depth;
        if depth == 1 && element != "gpx" {
            return Err(format!("the document is <{element}>, not <gpx>"));
        }
        let Some(item) = &mut self.item else {
            let kind = match element {
                "wpt" if depth == 2 => Kind::Waypoint,
                "rte" if depth == 2 => Kind::Route,
                "trk" if depth == 2 => Kind::Track,
                _ => return Ok(()),
            };
            self.counts[kind as usize] += 1;
            let place = format!("{element} {}", self.counts[kind as usize]);
            let mut item = Item::new(kind, depth, place);
            if kind == Kind::Waypoint {
                item.position(element, attrs);
            }
            self.item = Some(item);
            return Ok(());
        };
        let child = depth == item.depth + 1;
        let grandchild = depth == item.depth + 2;
        let key = match (element, item.kind) {
            ("name", _) if child => Some("name"),
            ("desc", _) if child => Some("description"),
            ("cmt", _) if child => Some("comment"),
            ("type", _) if child => Some("type"),
            ("ele", Kind::Waypoint) if child => Some("elevation_m"),
            ("time", Kind::Waypoint) if child => Some("time"),
            ("rtept", Kind::Route) if child => {
                item.position(element, attrs);
                None
            }
            ("trkseg", Kind::Track) if child => {
                item.segment.clear();
                None
            }
            ("trkpt", Kind::Track) if grandchild => {
                item.position(element, attrs);
                None
            }
            _ => None,
        };
        if let Some(key) = key {
            self.capture = Some((key, depth));
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if self.capture.is_some() {
            self.text.push(text);
        }
    }

    /// Closes an element; a feature when it was a waypoint's, route's or track's.
    fn close(&mut self, element: &str, _parent: Option<&str>) -> Option<ForeignFeature> {
        let depth = self.depth;
        self.depth -= 1;
        let item = self.item.as_mut()?;
        if let Some((key, _)) = self.capture.take_if(|(_, at)| *at == depth) {
            let (value, dropped) = self.text.take();
            item.property(key, value, dropped);
        }
        if element == "trkseg" && depth == item.depth + 1 {
            item.end_segment();
        }
        (depth == item.depth)
            .then(|| self.item.take().map(Item::finish))
            .flatten()
    }
}

/// A waypoint, route or track being read.
struct Item {
    kind: Kind,
    depth: usize,
    feature: ForeignFeature,
    /// A waypoint's position, a route's, or the track segment being read.
    segment: Vec<Coord<f64>>,
    segments: Vec<LineString<f64>>,
    positions: usize,
    bad: Option<String>,
}

impl Item {
    fn new(kind: Kind, depth: usize, place: String) -> Self {
        Self {
            kind,
            depth,
            feature: ForeignFeature::at(place),
            segment: Vec::new(),
            segments: Vec::new(),
            positions: 0,
            bad: None,
        }
    }

    /// A position from an element's `lat` and `lon`.
    fn position(&mut self, element: &str, attrs: &[(String, String)]) {
        if self.bad.is_some() {
            return;
        }
        let n = self.positions + 1;
        let degrees = |name: &str| {
            let given = attribute(attrs, name);
            given
                .and_then(|v| v.trim().parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .ok_or_else(|| match given {
                    Some(v) => format!(
                        "<{element}> {n} {name}=\"{}\" is not a number of degrees",
                        cut_text(v, 40)
                    ),
                    None => format!("<{element}> {n} has no {name}"),
                })
        };
        self.positions += 1;
        match (degrees("lon"), degrees("lat")) {
            _ if self.positions > MAX_LAYER_VERTICES => {
                self.bad = Some(format!(
                    "more than {MAX_LAYER_VERTICES} positions (the limit for a layer)"
                ));
            }
            (Ok(x), Ok(y)) => self.segment.push(Coord { x, y }),
            (Err(why), _) | (_, Err(why)) => self.bad = Some(why),
        }
    }

    /// A track segment ends: a line, unless it has fewer than two points (a device's
    /// false start, a pause), which draws nothing and is dropped.
    fn end_segment(&mut self) {
        let segment = std::mem::take(&mut self.segment);
        if segment.len() >= 2 {
            self.segments.push(LineString::new(segment));
        }
    }

    fn property(&mut self, key: &str, value: String, dropped: usize) {
        if value.is_empty() {
            return;
        }
        let place = self.feature.place.clone();
        if dropped > 0 {
            self.feature.problems.push(warning(
                &place,
                format!(
                    "its {key} is {} bytes long: cut to {} KiB",
                    value.len() + dropped,
                    MAX_XML_TEXT >> 10
                ),
            ));
        }
        let value = match key {
            "elevation_m" => match value.parse::<f64>().ok().filter(|e| e.is_finite()) {
                Some(e) => serde_json::Value::from(e),
                None => {
                    self.feature.problems.push(warning(
                        &place,
                        format!(
                            "its elevation \"{}\" is not a number; left out",
                            cut_text(&value, 40)
                        ),
                    ));
                    return;
                }
            },
            "name" => {
                self.feature.label = Some(value.clone());
                value.into()
            }
            _ => value.into(),
        };
        self.feature.properties.insert(key.to_owned(), value);
    }

    /// The feature read.
    fn finish(mut self) -> ForeignFeature {
        let place = self.feature.place.clone();
        if let Some(why) = self.bad {
            self.feature.unread = Some(error(&place, format!("{why}; skipped")));
            return self.feature;
        }
        self.feature.geometry = match self.kind {
            Kind::Waypoint => self.segment.first().map(|c| Geometry::Point(Point(*c))),
            Kind::Route => (!self.segment.is_empty()).then(|| LineString::new(self.segment).into()),
            Kind::Track => {
                (!self.segments.is_empty()).then(|| MultiLineString::new(self.segments).into())
            }
        };
        self.feature
    }
}
