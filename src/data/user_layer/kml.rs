//! KML (Google Earth) and KMZ (KML zipped) layers, read by the `kml` crate: every
//! Placemark is a feature, its name, description, folder and ExtendedData its properties.
//! Styles are not used (said in a note): CASA draws each layer in its own colour.

use kml::Kml;

use super::foreign::{ForeignFeature, Zip, layer_of};
use super::shapes::Crs;
use super::{LayerError, Progress, UserLayer, refused};

/// Reads KML text as a layer.
pub(super) fn parse_kml(
    name: &str,
    file: &str,
    text: &str,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    well_formed(text).map_err(|problem| refused(file, format!("not KML: {problem}")))?;
    let kml: Kml<f64> = text
        .parse()
        .map_err(|e| refused(file, format!("not KML: {e}")))?;
    let mut walk = Walk::default();
    walk.visit(kml, "");
    let mut notes = Vec::new();
    if walk.styled {
        notes.push(
            "the file's styles (colours, icons, line widths) are not used: CASA draws each layer in its own colour".to_owned(),
        );
    }
    if walk.items.is_empty() && walk.other_geometries == 0 {
        notes.push("no Placemark in the file".to_owned());
    }
    layer_of(name, file, walk.items, Crs::LonLat, notes, progress)
}

/// Whether the text is well-formed XML (every element closed): the `kml` crate loops
/// forever on a file that ends inside a Placemark, so it is given only whole documents.
fn well_formed(text: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                open.push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
            }
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => {
                return match open.last() {
                    Some(name) => Err(format!("the file ends inside <{name}> (cut short?)")),
                    None if reader.buffer_position() == 0 => Err("the file is empty".into()),
                    None => Ok(()),
                };
            }
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "malformed XML at byte {}: {e}",
                    reader.error_position()
                ));
            }
        }
    }
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

/// What a walk through the KML tree found.
#[derive(Default)]
struct Walk {
    items: Vec<ForeignFeature>,
    styled: bool,
    other_geometries: usize,
    placemarks: usize,
}

impl Walk {
    fn visit(&mut self, kml: Kml<f64>, folder: &str) {
        match kml {
            Kml::KmlDocument(d) => {
                for e in d.elements {
                    self.visit(e, folder);
                }
            }
            Kml::Document { elements, .. } => {
                for e in elements {
                    self.visit(e, folder);
                }
            }
            Kml::Folder(f) => {
                let name = f.name.clone().unwrap_or_default();
                let inner = match (folder.is_empty(), name.is_empty()) {
                    (_, true) => folder.to_owned(),
                    (true, false) => name,
                    (false, false) => format!("{folder} / {name}"),
                };
                for e in f.elements {
                    self.visit(e, &inner);
                }
            }
            Kml::Placemark(p) => self.placemark(p, folder),
            Kml::Style(_) | Kml::StyleMap(_) => self.styled = true,
            Kml::Point(p) => self.bare(kml::types::Geometry::Point(p)),
            Kml::LineString(l) => self.bare(kml::types::Geometry::LineString(l)),
            Kml::LinearRing(r) => self.bare(kml::types::Geometry::LinearRing(r)),
            Kml::Polygon(p) => self.bare(kml::types::Geometry::Polygon(p)),
            Kml::MultiGeometry(m) => self.bare(kml::types::Geometry::MultiGeometry(m)),
            _ => {}
        }
    }

    /// A geometry outside any Placemark: a feature without a name.
    fn bare(&mut self, g: kml::types::Geometry<f64>) {
        self.other_geometries += 1;
        let place = format!("geometry {} outside a Placemark", self.other_geometries);
        if let Ok(g) = geo::Geometry::<f64>::try_from(g) {
            self.items.push(ForeignFeature {
                label: None,
                properties: serde_json::Map::new(),
                geometry: Some(g),
                unread: None,
                place,
            });
        }
    }

    fn placemark(&mut self, p: kml::types::Placemark<f64>, folder: &str) {
        self.placemarks += 1;
        let n = self.placemarks;
        if p.style_url.is_some() {
            self.styled = true;
        }
        let mut properties = serde_json::Map::new();
        let mut put = |k: &str, v: &Option<String>| {
            if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
                properties.insert(k.to_owned(), serde_json::Value::String(v.trim().to_owned()));
            }
        };
        put("name", &p.name);
        put("description", &p.description);
        if !folder.is_empty() {
            put("folder", &Some(folder.to_owned()));
        }
        for data in p.children.iter().filter(|c| c.name == "ExtendedData") {
            extended_data(data, &mut properties);
        }
        let geometry = p.geometry.map(geo::Geometry::<f64>::try_from);
        let (geometry, unread) = match geometry {
            Some(Ok(g)) => (Some(g), None),
            Some(Err(_)) => (
                None,
                Some("its geometry (a 3D model) cannot be drawn on a map; not drawn".to_owned()),
            ),
            None => (None, None),
        };
        let place = format!("Placemark {n}");
        self.items.push(ForeignFeature {
            label: p.name,
            properties,
            geometry,
            unread,
            place,
        });
    }
}

/// ExtendedData's `<Data name="k"><value>v</value></Data>` and `<SimpleData name="k">v`
/// as properties.
fn extended_data(
    data: &kml::types::Element,
    properties: &mut serde_json::Map<String, serde_json::Value>,
) {
    for child in &data.children {
        match child.name.as_str() {
            "Data" => {
                let value = child
                    .children
                    .iter()
                    .find(|c| c.name == "value")
                    .and_then(|c| c.content.clone());
                if let (Some(key), Some(value)) = (child.attrs.get("name"), value) {
                    properties.insert(key.clone(), serde_json::Value::String(value));
                }
            }
            "SchemaData" => {
                for simple in child.children.iter().filter(|c| c.name == "SimpleData") {
                    if let (Some(key), Some(value)) = (simple.attrs.get("name"), &simple.content) {
                        properties.insert(key.clone(), serde_json::Value::String(value.clone()));
                    }
                }
            }
            _ => {}
        }
    }
}
