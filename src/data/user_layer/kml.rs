//! KML (Google Earth) and KMZ (KML zipped) layers, read as a stream of XML events with no
//! recursion however deep the file nests: every Placemark is a feature, its name,
//! description, folder path and ExtendedData its properties; a Placemark that cannot be read
//! (a bad coordinate) is skipped with its message and the rest loads. Styles are not used
//! (said in a note): CASA draws each layer in its own colour.

use geo::{Coord, Geometry, LineString, Point, Polygon};

use super::foreign::{ForeignFeature, ForeignLayer, XmlWalk, Zip, walk_xml};
use super::members::{error, warning};
use super::shapes::Crs;
use super::xml::{MAX_XML_TEXT, TextBuf, attribute};
use super::{LayerError, MAX_LAYER_VERTICES, Progress, UserLayer, cut_text, refused};

/// The longest folder path kept as a Placemark's `folder` property (bytes): a thousand
/// nested folders of long names are cut, not spelled out for every Placemark.
pub const MAX_FOLDER_PATH: usize = 1024;

/// The longest number in a `<coordinates>` list (characters).
const MAX_NUMBER: usize = 64;

/// Reads KML text as a layer.
pub(super) fn parse_kml(
    name: &str,
    file: &str,
    text: &str,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let not_kml = |problem: String| refused(file, format!("not KML: {problem}"));
    let mut layer = ForeignLayer::new(name, file, Crs::LonLat, text.len(), progress);
    let mut walk = Walk::default();
    walk_xml(text, &mut layer, &mut walk, not_kml)?;
    if walk.styled {
        layer.note(
            "the file's styles (colours, icons, line widths) are not used: CASA draws each layer in its own colour".to_owned(),
        );
    }
    if layer.added() == 0 {
        layer.note("no Placemark in the file".to_owned());
    }
    layer.finish()
}

/// Reads a KMZ archive: its doc.kml (else its first .kml) as a layer.
pub(super) fn parse_kmz(
    name: &str,
    file: &str,
    bytes: &[u8],
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let mut zip = Zip::open(file, bytes)?;
    let kml = zip
        .find("kml", Some("doc.kml"))
        .ok_or_else(|| refused(file, "a KMZ archive without a .kml file in it"))?;
    let bytes = zip.read(&kml)?;
    let text = super::decode(file, Some(&kml), &bytes)?;
    parse_kml(name, file, text, progress)
}

/// What an element's text is gathered for.
enum Field {
    FolderName,
    Name,
    Description,
    /// An ExtendedData value: `<Data name="k"><value>` or `<SimpleData name="k">`.
    Data(String),
}

/// The walk through the document: where it is, the folders it is in, the Placemark (or
/// geometry outside one) being read.
#[derive(Default)]
struct Walk {
    depth: usize,
    folders: Folders,
    item: Option<Item>,
    /// The text being gathered, for what, and the depth of its element.
    capture: Option<(Field, usize)>,
    text: TextBuf,
    styled: bool,
    placemarks: usize,
    bare: usize,
}

impl XmlWalk for Walk {
    fn open(
        &mut self,
        element: &str,
        attrs: &[(String, String)],
        parent: Option<&str>,
    ) -> Result<(), String> {
        self.depth += 1;
        let depth = self.depth;
        if depth == 1 && element != "kml" {
            return Err(format!("the document is <{element}>, not <kml>"));
        }
        if matches!(element, "Style" | "StyleMap" | "styleUrl") {
            self.styled = true;
        }
        if self.item.is_none() {
            match element {
                "Folder" => self.folders.enter(depth),
                "name" if parent == Some("Folder") => {
                    self.capture = Some((Field::FolderName, depth))
                }
                "Placemark" => {
                    self.placemarks += 1;
                    let mut item = Item::new(depth, format!("Placemark {}", self.placemarks));
                    if !self.folders.path.is_empty() {
                        item.put("folder", self.folders.path.clone());
                    }
                    self.item = Some(item);
                }
                "Point" | "LineString" | "LinearRing" | "Polygon" | "MultiGeometry" => {
                    self.bare += 1;
                    let place = format!("geometry {} outside a Placemark", self.bare);
                    self.item = Some(Item::new(depth, place));
                }
                _ => {}
            }
        }
        if let Some(item) = &mut self.item
            && let Some(field) = item.open(element, attrs, parent, depth)
        {
            self.capture = Some((field, depth));
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if self.capture.is_some() {
            self.text.push(text);
        } else if let Some(coords) = self.item.as_mut().and_then(|i| i.coords.as_mut()) {
            coords.push_str(text);
        }
    }

    /// Closes an element; a feature when it was a Placemark's (or a bare geometry's).
    fn close(&mut self, element: &str, parent: Option<&str>) -> Option<ForeignFeature> {
        let depth = self.depth;
        self.depth -= 1;
        if let Some((field, _)) = self.capture.take_if(|(_, at)| *at == depth) {
            let (value, dropped) = self.text.take();
            match (&mut self.item, field) {
                (_, Field::FolderName) => self.folders.named(&value),
                (Some(item), field) => item.field(field, value, dropped),
                (None, _) => {}
            }
        }
        self.folders.leave(depth);
        let item = self.item.as_mut()?;
        item.close(element, parent);
        (item.depth == depth)
            .then(|| self.item.take().map(Item::finish))
            .flatten()
    }
}

/// The folders the walk is in, as a path ("Airfields / Russia"), kept to
/// [`MAX_FOLDER_PATH`].
#[derive(Default)]
struct Folders {
    path: String,
    /// Each open folder's depth and the path's length before it.
    marks: Vec<(usize, usize)>,
}

impl Folders {
    fn enter(&mut self, depth: usize) {
        self.marks.push((depth, self.path.len()));
    }

    /// The innermost folder's name (its first `<name>`).
    fn named(&mut self, name: &str) {
        let Some(&(_, before)) = self.marks.last() else {
            return;
        };
        if self.path.len() != before || name.is_empty() || self.path.ends_with('…') {
            return;
        }
        let sep = if before > 0 { " / " } else { "" };
        let room = MAX_FOLDER_PATH.saturating_sub(before + sep.len());
        self.path.push_str(sep);
        if name.len() <= room {
            self.path.push_str(name);
        } else {
            // cut_text ends what it cuts with "…".
            self.path
                .push_str(&cut_text(name, room.saturating_sub('…'.len_utf8())));
        }
    }

    fn leave(&mut self, depth: usize) {
        if let Some(&(at, before)) = self.marks.last()
            && at == depth
        {
            self.path.truncate(before);
            self.marks.pop();
        }
    }
}

/// A Polygon's outer ring (once read) and holes.
type Rings = (Option<LineString<f64>>, Vec<LineString<f64>>);

/// Which boundary of a Polygon a ring is.
#[derive(Clone, Copy, PartialEq)]
enum Boundary {
    Outer,
    Inner,
}

/// A Placemark (or a geometry outside one) being read.
struct Item {
    /// The depth of its element.
    depth: usize,
    feature: ForeignFeature,
    /// Its geometries (a MultiGeometry's, flattened).
    parts: Vec<Geometry<f64>>,
    positions: usize,
    /// A Polygon being read: its outer ring and holes.
    polygon: Option<Rings>,
    boundary: Option<Boundary>,
    coords: Option<Coordinates>,
    /// Why its geometry cannot be read (the first problem).
    bad: Option<String>,
    model: bool,
    data_key: Option<String>,
}

impl Item {
    fn new(depth: usize, place: String) -> Self {
        Self {
            depth,
            feature: ForeignFeature::at(place),
            parts: Vec::new(),
            positions: 0,
            polygon: None,
            boundary: None,
            coords: None,
            bad: None,
            model: false,
            data_key: None,
        }
    }

    fn placemark(&self) -> bool {
        self.feature.place.starts_with("Placemark")
    }

    fn put(&mut self, key: &str, value: String) {
        if !value.is_empty() {
            let value = serde_json::Value::String(value);
            self.feature.properties.insert(key.to_owned(), value);
        }
    }

    /// An element opens inside the item; what its text is for, if it is kept.
    fn open(
        &mut self,
        element: &str,
        attrs: &[(String, String)],
        parent: Option<&str>,
        depth: usize,
    ) -> Option<Field> {
        let child = depth == self.depth + 1 && self.placemark();
        match element {
            "name" if child => return Some(Field::Name),
            "description" if child => return Some(Field::Description),
            "Data" => self.data_key = attribute(attrs, "name").map(str::to_owned),
            "value" if parent == Some("Data") => return self.data_key.clone().map(Field::Data),
            "SimpleData" => return attribute(attrs, "name").map(|k| Field::Data(k.to_owned())),
            "Polygon" if self.polygon.is_none() => self.polygon = Some((None, Vec::new())),
            "Polygon" => self.fail("a Polygon inside a Polygon".into()),
            "outerBoundaryIs" => self.boundary = Some(Boundary::Outer),
            "innerBoundaryIs" => self.boundary = Some(Boundary::Inner),
            "coordinates" => self.coords = Some(Coordinates::default()),
            "Model" => self.model = true,
            _ => {}
        }
        None
    }

    fn fail(&mut self, why: String) {
        self.bad.get_or_insert(why);
    }

    /// A field's text read, `dropped` bytes of it left out.
    fn field(&mut self, field: Field, value: String, dropped: usize) {
        let (key, what) = match field {
            Field::Name => {
                self.feature.label = Some(value.clone());
                ("name".to_owned(), "name".to_owned())
            }
            Field::Description => ("description".to_owned(), "description".to_owned()),
            Field::Data(key) => {
                let what = format!("value {:?}", cut_text(&key, 100));
                (key, what)
            }
            Field::FolderName => return,
        };
        if dropped > 0 {
            let place = self.feature.place.clone();
            self.feature.problems.push(warning(
                &place,
                format!(
                    "its {what} is {} bytes long: cut to {} KiB",
                    value.len() + dropped,
                    MAX_XML_TEXT >> 10
                ),
            ));
        }
        self.put(&key, value);
    }

    /// An element inside the item closes (`parent` is the element it was in).
    fn close(&mut self, element: &str, parent: Option<&str>) {
        match element {
            "coordinates" => {
                let Some(coords) = self.coords.take() else {
                    return;
                };
                match coords.finish() {
                    Ok(line) => self.positioned(line, parent),
                    Err(why) => self.fail(why),
                }
            }
            "outerBoundaryIs" | "innerBoundaryIs" => self.boundary = None,
            "Polygon" => match self.polygon.take() {
                Some((Some(outer), inners)) => {
                    self.parts.push(Polygon::new(outer, inners).into());
                }
                Some((None, _)) => self.fail("a Polygon without an outer boundary".into()),
                None => {}
            },
            "Data" => self.data_key = None,
            _ => {}
        }
    }

    /// A `<coordinates>` list read inside `parent`.
    fn positioned(&mut self, line: Vec<Coord<f64>>, parent: Option<&str>) {
        self.positions += line.len();
        if self.positions > MAX_LAYER_VERTICES {
            self.fail(format!(
                "more than {MAX_LAYER_VERTICES} positions (the limit for a layer)"
            ));
            return;
        }
        let line = LineString::new(line);
        match (parent, &mut self.polygon, self.boundary) {
            (Some("Point"), _, _) => match line.0.as_slice() {
                [c] => self.parts.push(Point(*c).into()),
                [] => self.fail("a Point without coordinates".into()),
                more => self.fail(format!("a Point of {} positions", more.len())),
            },
            (Some("LinearRing"), Some((outer, _)), Some(Boundary::Outer)) => *outer = Some(line),
            (Some("LinearRing"), Some((_, inners)), Some(Boundary::Inner)) => inners.push(line),
            (Some("LineString" | "LinearRing"), _, _) => self.parts.push(line.into()),
            _ => {}
        }
    }

    /// The feature read.
    fn finish(mut self) -> ForeignFeature {
        let place = self.feature.place.clone();
        if let Some(why) = self.bad {
            self.feature.unread = Some(error(&place, format!("{why}; skipped")));
            return self.feature;
        }
        self.feature.geometry = match self.parts.len() {
            0 => None,
            1 => self.parts.pop(),
            _ => Some(Geometry::GeometryCollection(self.parts.into())),
        };
        if self.feature.geometry.is_none() && self.model {
            self.feature.unread = Some(warning(
                &place,
                "its geometry (a 3D model) cannot be drawn on a map; not drawn",
            ));
        }
        self.feature
    }
}

/// A `<coordinates>` list read as its text comes, in pieces: "lon,lat[,alt]" tuples
/// apart by white space (a space after a comma is forgiven).
#[derive(Default)]
struct Coordinates {
    line: Vec<Coord<f64>>,
    tuple: String,
    gap: bool,
    bad: Option<String>,
}

impl Coordinates {
    fn push_str(&mut self, text: &str) {
        if self.bad.is_some() {
            return;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                self.gap = !self.tuple.is_empty();
                continue;
            }
            if self.gap && c != ',' && !self.tuple.ends_with(',') {
                self.end_tuple();
            }
            self.gap = false;
            if self.tuple.len() > 3 * MAX_NUMBER {
                self.bad = Some(format!(
                    "coordinates: \"{}…\" is not longitude,latitude",
                    cut_text(&self.tuple, 40)
                ));
                return;
            }
            self.tuple.push(c);
        }
    }

    fn end_tuple(&mut self) {
        if self.tuple.is_empty() || self.bad.is_some() {
            return;
        }
        let mut numbers = self.tuple.split(',').map(|n| n.trim().parse::<f64>());
        match (
            numbers.next(),
            numbers.next(),
            numbers.next(),
            numbers.next(),
        ) {
            (Some(Ok(x)), Some(Ok(y)), None | Some(Ok(_)), None)
                if x.is_finite() && y.is_finite() =>
            {
                self.line.push(Coord { x, y });
            }
            _ => {
                self.bad = Some(format!(
                    "coordinates: \"{}\" is not longitude,latitude[,altitude] in degrees",
                    cut_text(&self.tuple, 3 * MAX_NUMBER)
                ));
            }
        }
        self.tuple.clear();
    }

    fn finish(mut self) -> Result<Vec<Coord<f64>>, String> {
        self.end_tuple();
        match self.bad {
            Some(why) => Err(why),
            None => Ok(self.line),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coordinates(pieces: &[&str]) -> Result<Vec<(f64, f64)>, String> {
        let mut c = Coordinates::default();
        for p in pieces {
            c.push_str(p);
        }
        c.finish()
            .map(|l| l.into_iter().map(|c| (c.x, c.y)).collect())
    }

    #[test]
    fn coordinates_read_in_pieces_and_forgive_a_space_after_a_comma() {
        assert_eq!(
            coordinates(&["74.6,42", ".87,0 74.", "85, 42.85\n\t75,42"]),
            Ok(vec![(74.6, 42.87), (74.85, 42.85), (75.0, 42.0)])
        );
        assert!(coordinates(&["1,2 NaN,3"]).is_err());
        assert!(coordinates(&["1,2,3,4"]).is_err());
        assert!(coordinates(&[&"1".repeat(1000)]).is_err());
        assert_eq!(coordinates(&[" \n "]), Ok(vec![]));
    }

    #[test]
    fn folder_paths_are_kept_to_their_limit() {
        let mut f = Folders::default();
        for depth in 1..1000 {
            f.enter(depth);
            f.named(&"x".repeat(4000));
        }
        assert!(f.path.len() <= MAX_FOLDER_PATH, "{}", f.path.len());
        assert!(f.path.ends_with('…'));
        for depth in (1..1000).rev() {
            f.leave(depth);
        }
        assert!(f.path.is_empty());
    }
}
