//! Layers from files that are not GeoJSON — KML and KMZ (Google Earth), zipped Shapefiles
//! (GIS colleagues), GPX (a device) — each read by a well-kept crate into [`ForeignFeature`]s, then
//! converted here as GeoJSON features are: the same position, ring and crossing checks,
//! the same limits, progress, cancel and messages.

use std::io::{Cursor, Read};

use super::members::{notice, warning};
use super::shapes::{Crs, Reader};
use super::{
    Budget, LayerError, MAX_LAYER_BYTES, MAX_LAYER_VERTICES, Progress, Shapes, UserFeature,
    UserLayer, finish, merge, refused, vertex_limit,
};

/// One feature of a foreign file: its name, properties and geometry, and where it is in
/// the file ("Placemark 3", "record 12", "trk 1") for messages.
pub(super) struct ForeignFeature {
    pub(super) label: Option<String>,
    pub(super) properties: serde_json::Map<String, serde_json::Value>,
    pub(super) geometry: Option<geo::Geometry<f64>>,
    /// Why its geometry could not be read, when it had one (a KML 3D model, a broken
    /// Shapefile record): a warning, where having none is only a note.
    pub(super) unread: Option<String>,
    pub(super) place: String,
}

/// The items as a layer, checked as GeoJSON features are.
pub(super) fn layer_of(
    name: &str,
    file: &str,
    items: Vec<ForeignFeature>,
    crs: Crs,
    notes: Vec<String>,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let mut layer = UserLayer {
        name: name.to_owned(),
        notes,
        ..UserLayer::default()
    };
    let mut budget = Budget::default();
    let total = items.len() as u64;
    progress.set(1, 0, total);
    for (i, item) in items.into_iter().enumerate() {
        if i % 1024 == 0 {
            if progress.cancelled() {
                return Err(LayerError::Cancelled);
            }
            progress.set(1, i as u64, total);
        }
        let mut reader = Reader::new(crs);
        reader.budget.seen = 1;
        let named = item.label.filter(|l| !l.trim().is_empty());
        let properties_json: Box<str> = if item.properties.is_empty() {
            Box::default()
        } else {
            serde_json::Value::Object(item.properties)
                .to_string()
                .into()
        };
        let label: Box<str> = named
            .clone()
            .unwrap_or_else(|| format!("feature {}", i + 1))
            .into();
        let mut shapes = Shapes::default();
        let feature = match &item.geometry {
            None => {
                reader.lints.push(match item.unread {
                    Some(why) => warning(&item.place, why),
                    None => notice(
                        &item.place,
                        "no geometry: a feature without a place, not drawn",
                    ),
                });
                None
            }
            Some(g) => {
                reader.budget.located = 1;
                match reader.add_geo(g, &item.place, &mut shapes) {
                    Ok(()) => Some(UserFeature::new(label, properties_json, shapes)),
                    Err(lint) => {
                        reader.lints.push(lint);
                        None
                    }
                }
            }
        };
        budget.add(&reader.budget);
        if budget.vertices > MAX_LAYER_VERTICES {
            return Err(vertex_limit(file));
        }
        merge(&mut layer, file, i, named.as_deref(), feature, reader.lints);
    }
    finish(layer, file, &budget)
}

/// The most entries a zipped layer may list (a hostile archive cannot make CASA walk
/// millions).
const MAX_ZIP_ENTRIES: usize = 10_000;

/// A zip archive held in memory (KMZ, a zipped Shapefile).
pub(super) struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    file: String,
}

impl<'a> Zip<'a> {
    /// Opens an archive; the error says the file is not a zip archive, or too big a one.
    pub(super) fn open(file: &str, bytes: &'a [u8]) -> Result<Self, LayerError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| refused(file, format!("not a zip archive: {e}")))?;
        if archive.len() > MAX_ZIP_ENTRIES {
            return Err(refused(
                file,
                format!(
                    "the archive lists {} files, over the limit of {MAX_ZIP_ENTRIES}",
                    archive.len()
                ),
            ));
        }
        Ok(Zip {
            archive,
            file: file.to_owned(),
        })
    }

    /// The names in the archive, folders and macOS's resource forks left out.
    pub(super) fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| !n.ends_with('/') && !n.starts_with("__MACOSX/"))
            .map(|n| n.into_owned())
            .collect()
    }

    /// The first name ending with `.ext` (any case), preferring `preferred` (doc.kml).
    pub(super) fn find(&self, ext: &str, preferred: Option<&str>) -> Option<String> {
        let names = self.names();
        let wanted = |n: &&String| {
            n.rsplit_once('.')
                .is_some_and(|(_, e)| e.eq_ignore_ascii_case(ext))
        };
        preferred
            .and_then(|p| names.iter().find(|n| n.eq_ignore_ascii_case(p)))
            .or_else(|| names.iter().find(wanted))
            .cloned()
    }

    /// An entry's bytes, refused if it says (or turns out) to be bigger than a layer may
    /// be: a zip bomb stops at the limit.
    pub(super) fn read(&mut self, name: &str) -> Result<Vec<u8>, LayerError> {
        let file = self.file.clone();
        let fail = |e: String| refused(&file, format!("{name} in the archive: {e}"));
        let mut entry = self
            .archive
            .by_name(name)
            .map_err(|e| fail(e.to_string()))?;
        if entry.size() > MAX_LAYER_BYTES {
            return Err(fail(format!(
                "{} bytes unpacked, over the limit of {MAX_LAYER_BYTES} bytes for a layer",
                entry.size()
            )));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(MAX_LAYER_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.to_string()))?;
        if bytes.len() as u64 > MAX_LAYER_BYTES {
            return Err(fail(format!(
                "over the limit of {MAX_LAYER_BYTES} bytes unpacked"
            )));
        }
        Ok(bytes)
    }
}
