//! Layers from files that are not GeoJSON — KML and KMZ (Google Earth), zipped Shapefiles
//! (GIS colleagues), GPX (a device) — each read feature by feature into [`ForeignFeature`]s,
//! converted here as GeoJSON features are: the same position, ring and crossing checks,
//! the same limits, budget, progress, cancel and messages.

use std::io::{Cursor, Read};

use super::members::notice;
use super::shapes::{Crs, Reader};
use super::xml::{Xml, XmlStream};
use super::{
    Budget, LayerError, Lint, MAX_LAYER_BYTES, Progress, Shapes, UserFeature, UserLayer, admit,
    cut_text, finish, refused,
};

/// One feature of a foreign file: its name, properties and geometry, and where it is in
/// the file ("Placemark 3", "record 12", "trk 1") for messages.
pub(super) struct ForeignFeature {
    pub(super) label: Option<String>,
    pub(super) properties: serde_json::Map<String, serde_json::Value>,
    pub(super) geometry: Option<geo::Geometry<f64>>,
    /// Why its geometry could not be read, when it had one: a bad coordinate is an error
    /// (the feature is skipped, the rest of the file loads), a KML 3D model a warning,
    /// where having none is only a note.
    pub(super) unread: Option<Lint>,
    /// Anything else found reading it (a text cut to its limit).
    pub(super) problems: Vec<Lint>,
    pub(super) place: String,
}

impl ForeignFeature {
    /// A feature at `place` with nothing read yet.
    pub(super) fn at(place: String) -> Self {
        Self {
            label: None,
            properties: serde_json::Map::new(),
            geometry: None,
            unread: None,
            problems: Vec::new(),
            place,
        }
    }
}

/// A layer built from a foreign file's features one at a time, each checked as GeoJSON
/// features are: a reader hands over each feature as it reads it, so nothing but the layer
/// grows with the file (a Shapefile of 44 million null records is never 44 million items
/// in memory), and the layer is refused as soon as it passes a limit.
pub(super) struct ForeignLayer<'p> {
    layer: UserLayer,
    budget: Budget,
    crs: Crs,
    file: String,
    progress: &'p Progress,
    added: usize,
    placeless: usize,
}

impl<'p> ForeignLayer<'p> {
    /// An empty layer `name` of `file` (of `file_bytes`), its positions in `crs`.
    pub(super) fn new(
        name: &str,
        file: &str,
        crs: Crs,
        file_bytes: usize,
        progress: &'p Progress,
    ) -> Self {
        progress.set(1, 0, file_bytes as u64);
        Self {
            layer: UserLayer {
                name: name.to_owned(),
                ..UserLayer::default()
            },
            budget: Budget::for_file(file_bytes),
            crs,
            file: file.to_owned(),
            progress,
            added: 0,
            placeless: 0,
        }
    }

    /// Adds a note on how the file was read.
    pub(super) fn note(&mut self, note: String) {
        if !self.layer.notes.contains(&note) {
            self.layer.notes.push(note);
        }
    }

    /// Adds a note, if there is one.
    pub(super) fn note_some(&mut self, note: Option<String>) {
        if let Some(note) = note {
            self.note(note);
        }
    }

    /// Counts a feature that has no place (a Shapefile's null record): not drawn, and said
    /// once for all of them in a note rather than listed one by one.
    pub(super) fn placeless(&mut self) {
        self.placeless += 1;
        self.budget.seen += 1;
    }

    /// How many features were handed over.
    pub(super) fn added(&self) -> usize {
        self.added
    }

    /// Says how far the reader is (`done` of `total`, in the file's bytes or records), and
    /// whether to go on (the user may have cancelled).
    pub(super) fn reached(&self, done: u64, total: u64) -> Result<(), LayerError> {
        if self.progress.cancelled() {
            return Err(LayerError::Cancelled);
        }
        self.progress.set(1, done, total);
        Ok(())
    }

    /// Converts and adds one feature; refused past the limits.
    pub(super) fn add(&mut self, item: ForeignFeature) -> Result<(), LayerError> {
        let i = self.added;
        self.added += 1;
        if i.is_multiple_of(1024) && self.progress.cancelled() {
            return Err(LayerError::Cancelled);
        }
        let mut reader = Reader::new(self.crs);
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
        reader.lints.extend(item.problems);
        let feature = match &item.geometry {
            None => {
                reader.lints.push(item.unread.unwrap_or_else(|| {
                    notice(
                        &item.place,
                        "no geometry: a feature without a place, not drawn",
                    )
                }));
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
        self.budget.add(&reader.budget);
        let named = named.as_deref().map(|n| cut_text(n, 200));
        admit(
            &mut self.layer,
            &mut self.budget,
            &self.file,
            i,
            named.as_deref(),
            feature,
            reader.lints,
        )
    }

    /// The layer, as [`finish`] leaves it.
    pub(super) fn finish(mut self) -> Result<UserLayer, LayerError> {
        if self.progress.cancelled() {
            return Err(LayerError::Cancelled);
        }
        if self.placeless > 0 {
            let n = self.placeless;
            self.note(format!(
                "{n} record{} without a shape (null): not drawn",
                if n == 1 { "" } else { "s" }
            ));
        }
        finish(self.layer, &self.file, &self.budget)
    }
}

/// A walk through an XML layer file (KML, GPX): told of each element as it opens and
/// closes and of its text, it hands over a feature when one is read.
pub(super) trait XmlWalk {
    /// An element opens (`parent` is the element it is in); an error refuses the file.
    fn open(
        &mut self,
        element: &str,
        attrs: &[(String, String)],
        parent: Option<&str>,
    ) -> Result<(), String>;
    /// Text inside the innermost open element.
    fn text(&mut self, text: &str);
    /// An element closes (`parent` is the element it was in); a feature if it was one.
    fn close(&mut self, element: &str, parent: Option<&str>) -> Option<ForeignFeature>;
}

/// Walks an XML document's events into `layer`; `refuse` words a problem of the XML as a
/// refusal ("not KML: …"). A document type is said in a note.
pub(super) fn walk_xml(
    text: &str,
    layer: &mut ForeignLayer<'_>,
    walk: &mut impl XmlWalk,
    refuse: impl Fn(String) -> LayerError,
) -> Result<(), LayerError> {
    let mut xml = XmlStream::new(text);
    let mut events = 0u64;
    loop {
        events += 1;
        if events.is_multiple_of(4096) {
            layer.reached(xml.position(), text.len() as u64)?;
        }
        match xml.next().map_err(&refuse)? {
            Xml::Open(element, attrs) => {
                walk.open(&element, &attrs, xml.parent()).map_err(&refuse)?;
            }
            Xml::Text(t) => walk.text(&t),
            Xml::Close(element) => {
                if let Some(feature) = walk.close(&element, xml.open.last().map(String::as_str)) {
                    layer.add(feature)?;
                }
            }
            Xml::End => break,
        }
    }
    if xml.doctype {
        layer.note(
            "the file declares a document type (<!DOCTYPE …>): its own entities are not expanded but left as written".to_owned(),
        );
    }
    Ok(())
}

/// The most entries a zipped layer may list (a hostile archive cannot make CASA walk
/// millions): checked from the archive's end record, before its directory is read.
pub const MAX_ZIP_ENTRIES: u64 = 10_000;

/// The most an entry may inflate relative to its packed size, once it is past 1 MiB:
/// layers compress well (a few times to a few dozen), a bomb's kernel by a thousand.
pub const MAX_ZIP_RATIO: u64 = 500;

/// A zip archive held in memory (KMZ, a zipped Shapefile, a briefing package), its
/// entries' total inflated size bounded by [`MAX_LAYER_BYTES`].
pub(crate) struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    file: String,
    /// Bytes unpacked so far, from all entries.
    unpacked: u64,
}

impl<'a> Zip<'a> {
    /// Opens an archive; the error says the file is not a zip archive, lists too many
    /// entries, or has entries that overlap (the trick by which a small file inflates to
    /// gigabytes).
    pub(crate) fn open(file: &str, bytes: &'a [u8]) -> Result<Self, LayerError> {
        if let Some(entries) = declared_entries(bytes)
            && entries > MAX_ZIP_ENTRIES
        {
            return Err(refused(
                file,
                format!("the archive lists {entries} files, over the limit of {MAX_ZIP_ENTRIES}"),
            ));
        }
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| refused(file, format!("not a zip archive: {e}")))?;
        if archive.len() as u64 > MAX_ZIP_ENTRIES {
            return Err(refused(
                file,
                format!(
                    "the archive lists {} files, over the limit of {MAX_ZIP_ENTRIES}",
                    archive.len()
                ),
            ));
        }
        let mut spans = Vec::with_capacity(archive.len());
        for i in 0..archive.len() {
            let entry = archive
                .by_index_raw(i)
                .map_err(|e| refused(file, format!("entry {} of the archive: {e}", i + 1)))?;
            let start = entry.header_start();
            let end = entry.data_start().unwrap_or(start) + entry.compressed_size();
            let name = entry
                .name()
                .map_or_else(|_| format!("entry {}", i + 1), |n| n.into_owned());
            spans.push((start, end, name));
        }
        spans.sort_unstable_by_key(|s| s.0);
        if let Some(w) = spans.windows(2).find(|w| w[1].0 < w[0].1) {
            return Err(refused(
                file,
                format!(
                    "{} and {} in the archive share their bytes (entries that overlap, the trick of a zip bomb): not unpacked",
                    w[0].2, w[1].2
                ),
            ));
        }
        Ok(Zip {
            archive,
            file: file.to_owned(),
            unpacked: 0,
        })
    }

    /// The names in the archive, folders and macOS's resource forks left out.
    pub(crate) fn names(&self) -> Vec<String> {
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
    /// be (with what was unpacked before it), or inflates more than [`MAX_ZIP_RATIO`]
    /// times: a zip bomb stops at the limit, before the memory is taken.
    pub(super) fn read(&mut self, name: &str) -> Result<Vec<u8>, LayerError> {
        self.read_at_most(name, MAX_LAYER_BYTES)
    }

    /// An entry's bytes, as [`Self::read`], and refused past `max` bytes on its own.
    pub(crate) fn read_at_most(&mut self, name: &str, max: u64) -> Result<Vec<u8>, LayerError> {
        let file = self.file.clone();
        let fail = |e: String| refused(&file, format!("{name} in the archive: {e}"));
        let mut entry = self
            .archive
            .by_name(name)
            .map_err(|e| fail(e.to_string()))?;
        let room = MAX_LAYER_BYTES.saturating_sub(self.unpacked).min(max);
        let unpacked = self.unpacked;
        // `own`: this entry's bytes (as it declares them, or as read); never summed past u64.
        let too_big = |own: u64| {
            fail(if max < MAX_LAYER_BYTES && own > max {
                format!("{own} bytes or more unpacked, over the limit of {max} bytes for this file")
            } else {
                format!(
                    "{} bytes or more unpacked, over the limit of {MAX_LAYER_BYTES} bytes for a layer (all its files together)",
                    own.saturating_add(unpacked)
                )
            })
        };
        if entry.size() > room {
            return Err(too_big(entry.size()));
        }
        let packed = entry.compressed_size().max(1);
        let by_ratio = packed.saturating_mul(MAX_ZIP_RATIO).max(1 << 20);
        let limit = room.min(by_ratio);
        let mut bytes = Vec::new();
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(e.to_string()))?;
        let got = bytes.len() as u64;
        if got > room {
            return Err(too_big(got));
        }
        if got > by_ratio {
            return Err(fail(format!(
                "inflates more than {MAX_ZIP_RATIO} times its {packed} packed bytes (a zip bomb?): not unpacked"
            )));
        }
        self.unpacked += got;
        Ok(bytes)
    }
}

/// How many entries a zip archive's end record says it has (its ZIP64 record's, when it
/// has one), read from the last bytes before anything else: `None` when no end record is
/// found (the zip reader then says what is wrong).
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const END: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    const LOCATOR: [u8; 4] = [0x50, 0x4b, 0x06, 0x07];
    const END64: [u8; 4] = [0x50, 0x4b, 0x06, 0x06];
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let at = from + bytes[from..].windows(4).rposition(|w| w == END)?;
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u64_at = |i: usize| {
        bytes
            .get(i..i + 8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
    };
    let entries = u64::from(u16_at(at + 10)?);
    let locator = at.checked_sub(20)?;
    if bytes.get(locator..locator + 4) == Some(&LOCATOR) {
        let end64 = usize::try_from(u64_at(locator + 8)?).ok()?;
        if bytes.get(end64..end64 + 4) == Some(&END64) {
            return Some(entries.max(u64_at(end64 + 32)?));
        }
    }
    Some(entries)
}
