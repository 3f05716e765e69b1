//! The briefing package (`.casa`): a briefing that travels, for a colleague to present from
//! a copy. One zip archive holding
//!
//! - `manifest.json`: what it is (`casa_briefing_package`, the format's version), the
//!   briefing's title and its number of scenes, the layers it carries and whether it carries
//!   additions;
//! - `scenes.json`: the briefing as the briefing file holds it, the scenes' drawings
//!   (annotations) included;
//! - `additions.json`: the analyst's own atlas entries the scenes show or cite (see
//!   [`cited_additions`]), as "Export my additions" writes them, and nothing else of their
//!   atlas;
//! - `layers/…`: the imported layers shown, as the files they were imported from (a
//!   Shapefile with its `.dbf`, `.prj`, `.cpg` and `.shx`).
//!
//! Opening one reads only the entries the manifest names, each bounded before its memory is
//! taken, each name a plain file name (no folder, no `..`, no device); anything else in the
//! archive is left unread. What it holds is unpacked into a new folder of its own under
//! `briefings/` in the data folder (a package opened again finds its folder and the edits
//! made there); nothing of the user's is written over. The app then adds the additions
//! through the same merge as "Import additions" and presents the scenes.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::user_atlas::{UserAtlas, feature_id, plain_name};
use super::user_layer::{LayerFormat, MAX_LAYER_BYTES, Zip};
use crate::model::Atlas;
use crate::model::briefing::{Briefing, SCENES_FILE, SceneSource};
use crate::model::layers::Visibility;

/// A package's extension.
pub const PACKAGE_EXTENSION: &str = "casa";
/// A package's MIME type (the Linux package's shared-mime-info file defines it).
pub const PACKAGE_MIME_TYPE: &str = "application/x-casa-briefing";
/// The version of the format this CASA writes and reads.
pub const PACKAGE_VERSION: u32 = 1;
/// The manifest's name in the archive.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The additions' name in the archive.
pub const ADDITIONS_FILE: &str = "additions.json";
/// The folder of the layers' files in the archive.
pub const LAYERS_DIR: &str = "layers";
/// The folder of unpacked packages in the data folder.
pub const PACKAGES_DIR: &str = "briefings";
/// The file in an unpacked package's folder that says which package it came from.
pub const ORIGIN_FILE: &str = "package.json";
/// The largest package CASA reads or writes, and the most its files unpack to together.
pub const MAX_PACKAGE_BYTES: u64 = MAX_LAYER_BYTES;
/// The most layers a package carries.
pub const MAX_PACKAGE_LAYERS: usize = 64;
/// The largest manifest.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
/// The largest scenes file or additions file (as any briefing or atlas file).
const MAX_TEXT_BYTES: u64 = super::source::MAX_TEXT_BYTES;
/// The files a Shapefile's `.shp` reads beside it, carried with it.
const SIDECARS: [&str; 4] = ["dbf", "prj", "cpg", "shx"];
/// The longest layer file name (well inside every file system's 255 and Windows' path
/// limit).
const MAX_NAME_BYTES: usize = 120;
/// The most characters of a title kept from a manifest.
const MAX_TITLE_CHARS: usize = 500;

/// What a package says of itself.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The format's version ([`PACKAGE_VERSION`]).
    pub casa_briefing_package: u32,
    /// The briefing's title.
    #[serde(default)]
    pub title: String,
    /// What wrote it ("CASA 0.1.0").
    #[serde(default)]
    pub made_by: String,
    /// How many scenes `scenes.json` holds.
    pub scenes: usize,
    /// The layers, each as its files in `layers/`: the file opened first, then its parts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Vec<String>>,
    /// Whether `additions.json` is there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub additions: bool,
}

/// A layer's files: each name (a plain file name) and its bytes, the one opened first.
pub type LayerFiles = Vec<(String, Vec<u8>)>;

/// What a package holds, read and checked.
#[derive(Debug, Default)]
pub struct Package {
    /// What it says of itself.
    pub manifest: Manifest,
    /// The briefing file's text.
    pub scenes: String,
    /// The analyst's entries it carries.
    pub additions: UserAtlas,
    /// The layers' files.
    pub layers: Vec<LayerFiles>,
    /// Its size and checksum, which tell a package opened again.
    pub fingerprint: String,
}

/// Reads a package: only a regular file, no larger than [`MAX_PACKAGE_BYTES`]; the error
/// names the file and what is wrong.
pub fn read(path: &Path) -> Result<Package, String> {
    let bytes = super::source::read_bytes(path, MAX_PACKAGE_BYTES, &mut |_, _| true)?;
    from_bytes(&super::source::shown(path), &bytes)
}

/// Reads a package from its bytes (`file` names it in messages).
pub fn from_bytes(file: &str, bytes: &[u8]) -> Result<Package, String> {
    let fail = |problem: String| format!("{file}: {problem}");
    let mut zip = Zip::open(file, bytes).map_err(|e| {
        format!("{e} (a briefing package is a zip archive written by Save briefing as package…)")
    })?;
    let manifest = zip
        .read_at_most(MANIFEST_FILE, MAX_MANIFEST_BYTES)
        .map_err(|e| format!("{e} (not a CASA briefing package?)"))?;
    let manifest = manifest_from(&manifest).map_err(&fail)?;
    let text = |zip: &mut Zip<'_>, name: &str| -> Result<String, String> {
        let bytes = zip
            .read_at_most(name, MAX_TEXT_BYTES)
            .map_err(|e| e.to_string())?;
        String::from_utf8(bytes).map_err(|e| {
            fail(format!(
                "{name} is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })
    };
    let scenes = text(&mut zip, SCENES_FILE)?;
    let count = count_scenes(&scenes).map_err(|e| fail(format!("{SCENES_FILE}: {e}")))?;
    if count != manifest.scenes {
        return Err(fail(format!(
            "the manifest lists {} scenes and {SCENES_FILE} holds {count}: the package is damaged",
            manifest.scenes
        )));
    }
    let additions = if manifest.additions {
        UserAtlas::from_shared(&text(&mut zip, ADDITIONS_FILE)?)
            .map_err(|e| fail(format!("{ADDITIONS_FILE}: {e}")))?
    } else {
        UserAtlas::default()
    };
    let mut layers = Vec::with_capacity(manifest.layers.len());
    for files in &manifest.layers {
        let mut read = Vec::with_capacity(files.len());
        for name in files {
            let bytes = zip
                .read_at_most(&format!("{LAYERS_DIR}/{name}"), MAX_LAYER_BYTES)
                .map_err(|e| e.to_string())?;
            read.push((name.clone(), bytes));
        }
        layers.push(read);
    }
    Ok(Package {
        manifest,
        scenes,
        additions,
        layers,
        fingerprint: fingerprint(bytes),
    })
}

/// The manifest, its version checked before anything else, its layers' names checked.
fn manifest_from(bytes: &[u8]) -> Result<Manifest, String> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("{MANIFEST_FILE}: {}", super::reader::invalid_json(&e)))?;
    let version = value.get("casa_briefing_package").ok_or_else(|| {
        format!(
            "{MANIFEST_FILE} has no \"casa_briefing_package\" member: not a CASA briefing package"
        )
    })?;
    if version.as_u64() != Some(u64::from(PACKAGE_VERSION)) {
        let version: String = version.to_string().chars().take(40).collect();
        return Err(format!(
            "a briefing package of version {version}; this CASA reads version {PACKAGE_VERSION} (a newer CASA wrote it?)"
        ));
    }
    let mut manifest: Manifest =
        serde_json::from_value(value).map_err(|e| format!("{MANIFEST_FILE}: {e}"))?;
    if manifest.layers.len() > MAX_PACKAGE_LAYERS {
        return Err(format!(
            "{MANIFEST_FILE} lists {} layers, over the limit of {MAX_PACKAGE_LAYERS}",
            manifest.layers.len()
        ));
    }
    if let Some((cut, _)) = manifest.title.char_indices().nth(MAX_TITLE_CHARS) {
        manifest.title.truncate(cut);
    }
    let mut taken = BTreeSet::new();
    for (i, files) in manifest.layers.iter().enumerate() {
        let at = |problem: String| format!("{MANIFEST_FILE}: layers[{i}]: {problem}");
        check_layer_files(files, &mut taken).map_err(at)?;
    }
    Ok(manifest)
}

/// A layer's file names: at least one, the first a layer's, the others its Shapefile's
/// parts (its stem, a part's extension), each a plain file name no other layer has.
fn check_layer_files(files: &[String], taken: &mut BTreeSet<String>) -> Result<(), String> {
    let Some(first) = files.first() else {
        return Err("no file".into());
    };
    if files.len() > 1 + SIDECARS.len() {
        return Err(format!("{} files, more than a layer has", files.len()));
    }
    let (stem, ext) = split_name(first);
    if !is_layer_extension(ext) {
        return Err(format!("{first:?} is not a layer file CASA reads"));
    }
    for name in files {
        plain_name(name)?;
        if name.len() > MAX_NAME_BYTES {
            return Err(format!(
                "{name:?} is longer than {MAX_NAME_BYTES} bytes, the most a layer's name may be"
            ));
        }
        if !taken.insert(name.to_lowercase()) {
            return Err(format!("{name:?} is named twice"));
        }
    }
    for part in &files[1..] {
        let (part_stem, part_ext) = split_name(part);
        let sidecar = SIDECARS.iter().any(|s| s.eq_ignore_ascii_case(part_ext));
        if part_stem != stem || !sidecar || !ext.eq_ignore_ascii_case("shp") {
            return Err(format!(
                "{part:?} is not a part of {first:?} (only a .shp has parts: {})",
                SIDECARS.join(", ")
            ));
        }
    }
    Ok(())
}

/// A file name's stem and extension (empty when it has none).
fn split_name(name: &str) -> (&str, &str) {
    name.rsplit_once('.').unwrap_or((name, ""))
}

/// Whether a file with this extension is opened as a layer.
fn is_layer_extension(ext: &str) -> bool {
    LayerFormat::EXTENSIONS
        .iter()
        .chain(&["shz"])
        .any(|e| e.eq_ignore_ascii_case(ext))
}

/// How many scenes a briefing file holds (its other members are for the briefing's own
/// checks, when it is opened).
fn count_scenes(text: &str) -> Result<usize, String> {
    #[derive(serde::Deserialize)]
    struct Scenes {
        scenes: Vec<serde::de::IgnoredAny>,
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str::<Scenes>(text)
        .map(|s| s.scenes.len())
        .map_err(|e| format!("not a briefing file: {e}"))
}

/// A package's size and CRC-32, as `"<bytes>-<crc>"`.
fn fingerprint(bytes: &[u8]) -> String {
    format!("{}-{:08x}", bytes.len(), crc32fast::hash(bytes))
}

/// What a package is made of, ready to be written.
#[derive(Debug, Default)]
pub struct Contents {
    /// The briefing.
    pub briefing: Briefing,
    /// The analyst's entries its scenes show or cite.
    pub additions: UserAtlas,
    /// The files of the imported layers shown (each read, with its Shapefile parts).
    pub layers: Vec<PathBuf>,
}

/// Writes a package (atomically: a package already there is replaced whole or not at
/// all); says what it holds, or why nothing was written.
pub fn write(path: &Path, contents: &Contents) -> Result<String, String> {
    let mut layers = Vec::with_capacity(contents.layers.len());
    let mut taken = BTreeSet::new();
    let mut total = 0u64;
    for layer in &contents.layers {
        let files = gather_layer(layer, &mut taken)?;
        total += files.iter().map(|(_, b)| b.len() as u64).sum::<u64>();
        if total > MAX_PACKAGE_BYTES {
            return Err(format!(
                "Not saved: the layers come to more than {MAX_PACKAGE_BYTES} bytes, the most a package holds"
            ));
        }
        layers.push(files);
    }
    let bytes = build(&contents.briefing, &contents.additions, &layers)
        .map_err(|e| format!("Could not make the package: {e}"))?;
    // What is written is what CASA opens: read back through every check before it is
    // saved (a layer that is already compressed grows a little, and a package may be
    // refused as a whole).
    from_bytes(&path.display().to_string(), &bytes)
        .map_err(|e| format!("Not saved: the package would not open again: {e}"))?;
    crate::sys::persist::write_atomic(path, &bytes)
        .map_err(|e| format!("Could not save to {}: {e}", path.display()))?;
    let a = &contents.additions;
    Ok(format!(
        "Saved the briefing as a package ({} scenes, {} layers, {} of your articles, {} of your features, {} citations, {} corrections) to {}",
        contents.briefing.scenes.len(),
        layers.len(),
        a.articles.len(),
        a.features.len(),
        a.citations.len(),
        a.corrections.len(),
        path.display()
    ))
}

/// A layer's file and, for a `.shp`, the parts beside it, named in the package by their
/// file names (another name where that one is taken or is not a plain name).
fn gather_layer(path: &Path, taken: &mut BTreeSet<String>) -> Result<LayerFiles, String> {
    let read = |p: &Path| {
        super::source::read_bytes(p, MAX_LAYER_BYTES, &mut |_, _| true)
            .map_err(|e| format!("Not saved: layer {e}"))
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = split_name(&name);
    let ext = if is_layer_extension(ext) {
        ext.to_owned()
    } else {
        // Opened as GeoJSON whatever its name: so named in the package.
        "geojson".to_owned()
    };
    let free = |stem: &str, taken: &BTreeSet<String>| {
        let name = format!("{stem}.{ext}");
        plain_name(&name).is_ok()
            && name.len() <= MAX_NAME_BYTES
            && !taken.contains(&name.to_lowercase())
            && SIDECARS
                .iter()
                .all(|s| !taken.contains(&format!("{stem}.{s}").to_lowercase()))
    };
    let mut stem = stem.to_owned();
    let mut n = taken.len() + 1;
    while !free(&stem, taken) {
        stem = format!("layer-{n}");
        n += 1;
    }
    let mut files = vec![(format!("{stem}.{ext}"), read(path)?)];
    if ext.eq_ignore_ascii_case("shp") {
        for part in SIDECARS {
            let beside = [part.to_owned(), part.to_ascii_uppercase()]
                .into_iter()
                .map(|e| (path.with_extension(&e), e))
                .find(|(p, _)| p.is_file());
            if let Some((p, e)) = beside {
                files.push((format!("{stem}.{e}"), read(&p)?));
            }
        }
    }
    taken.extend(files.iter().map(|(n, _)| n.to_lowercase()));
    Ok(files)
}

/// The package's bytes: the manifest, the scenes, the additions (if any) and the layers.
pub fn build(
    briefing: &Briefing,
    additions: &UserAtlas,
    layers: &[LayerFiles],
) -> Result<Vec<u8>, String> {
    let manifest = Manifest {
        casa_briefing_package: PACKAGE_VERSION,
        title: briefing.title.clone(),
        made_by: format!("CASA {}", env!("CARGO_PKG_VERSION")),
        scenes: briefing.scenes.len(),
        layers: layers
            .iter()
            .map(|files| files.iter().map(|(n, _)| n.clone()).collect())
            .collect(),
        additions: !additions.is_empty(),
    };
    let mut manifest_text = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    manifest_text.push('\n');
    let scenes = briefing.to_json();
    let shared = manifest.additions.then(|| additions.to_shared());
    let mut entries: Vec<(String, &[u8])> = vec![
        (MANIFEST_FILE.into(), manifest_text.as_bytes()),
        (SCENES_FILE.into(), scenes.as_bytes()),
    ];
    if let Some(shared) = &shared {
        entries.push((ADDITIONS_FILE.into(), shared.as_bytes()));
    }
    for (name, bytes) in layers.iter().flatten() {
        entries.push((format!("{LAYERS_DIR}/{name}"), bytes));
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, bytes) in entries {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// A package unpacked into its folder.
#[derive(Debug)]
pub struct Unpacked {
    /// The package it came from.
    pub source: PathBuf,
    /// Its folder.
    pub dir: PathBuf,
    /// Its briefing file, to present and save to.
    pub scenes: PathBuf,
    /// Its layers' files to open.
    pub layers: Vec<PathBuf>,
    /// The analyst's entries it carries, to merge.
    pub additions: UserAtlas,
    /// Its manifest.
    pub manifest: Manifest,
    /// Whether the folder was there from an earlier opening (its edits kept).
    pub again: bool,
}

/// Unpacks a package read from `source` into a folder of its own in `root`: the folder
/// an earlier opening of the same package made (whose files are kept as they are), else
/// a new one named after it. Nothing is written over.
pub fn unpack(package: Package, source: &Path, root: &Path) -> Result<Unpacked, String> {
    let fail =
        |e: std::io::Error, what: &Path| format!("could not unpack into {}: {e}", what.display());
    std::fs::create_dir_all(root).map_err(|e| fail(e, root))?;
    let stem = folder_name(source);
    let origin = serde_json::json!({
        "package": source.display().to_string(),
        "fingerprint": package.fingerprint,
    });
    let mut again = false;
    let mut dir = None;
    for n in 1..=1000 {
        let candidate = match n {
            1 => root.join(&stem),
            n => root.join(format!("{stem} {n}")),
        };
        match std::fs::create_dir(&candidate) {
            Ok(()) => {
                dir = Some(candidate);
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if same_origin(&candidate, &package.fingerprint) {
                    again = true;
                    dir = Some(candidate);
                    break;
                }
            }
            Err(e) => return Err(fail(e, &candidate)),
        }
    }
    let dir = dir.ok_or_else(|| {
        format!(
            "could not unpack: {} holds 1000 folders named {stem:?}",
            root.display()
        )
    })?;
    let layers_dir = dir.join(LAYERS_DIR);
    std::fs::create_dir_all(&layers_dir).map_err(|e| fail(e, &layers_dir))?;
    let scenes = dir.join(SCENES_FILE);
    let mut files = vec![(scenes.clone(), package.scenes.into_bytes())];
    let mut layers = Vec::with_capacity(package.layers.len());
    for layer in package.layers {
        if let Some((first, _)) = layer.first() {
            layers.push(layers_dir.join(first));
        }
        files.extend(layer.into_iter().map(|(n, b)| (layers_dir.join(n), b)));
    }
    // An earlier opening's files stay as they are (the scenes edited since); only what is
    // missing is written.
    files.retain(|(path, _)| !path.exists());
    if !again {
        let origin = serde_json::to_string_pretty(&origin).unwrap_or_default() + "\n";
        files.push((dir.join(ORIGIN_FILE), origin.into_bytes()));
    }
    if let Err(e) = crate::sys::persist::write_all_atomic(&files) {
        if !again {
            // Nothing of it is kept: the name is free for the next try.
            let _ = std::fs::remove_dir_all(&dir);
        }
        return Err(fail(e, &dir));
    }
    Ok(Unpacked {
        source: source.to_path_buf(),
        dir,
        scenes,
        layers,
        additions: package.additions,
        manifest: package.manifest,
        again,
    })
}

/// Whether an unpacked folder came from the package with this fingerprint.
fn same_origin(dir: &Path, fingerprint: &str) -> bool {
    super::source::read_bytes(&dir.join(ORIGIN_FILE), 1 << 16, &mut |_, _| true)
        .ok()
        .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
        .and_then(|v| {
            v.get("fingerprint")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .is_some_and(|f| f == fingerprint)
}

/// A folder name for a package's files: its file's stem, with only letters, digits,
/// spaces, `-` and `_`, at most 60 characters ("briefing" if nothing is left, or a device
/// name on Windows).
fn folder_name(source: &Path) -> String {
    let stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    let name = name.trim().to_owned();
    if name.is_empty() || super::user_atlas::is_device_name(&name) {
        "briefing".into()
    } else {
        name
    }
}

/// The analyst's own entries a briefing shows or cites, and nothing else of their atlas:
///
/// - their features a scene selects, places a drawing on, or shows (on a side's layers and
///   year, within what its view shows on any screen, see [`shown_area`]);
/// - their citations and corrections on the features so shown (the atlas's own, or
///   theirs), and their citations on memberships of the groupings a scene hatches;
/// - their articles those cite, or a scene's caption quotes.
pub fn cited_additions(briefing: &Briefing, atlas: &Atlas, user: &UserAtlas) -> UserAtlas {
    let mut shown: BTreeSet<&str> = BTreeSet::new();
    let mut organisations: BTreeSet<String> = BTreeSet::new();
    let mut articles: BTreeSet<String> = BTreeSet::new();
    for scene in &briefing.scenes {
        let sides: Vec<_> = std::iter::once(scene.side())
            .chain(scene.compare.clone())
            .collect();
        let area = shown_area(scene.view);
        for side in &sides {
            organisations.extend(side.organisations.iter().cloned());
            let state = side.to_state();
            for f in &atlas.features {
                if state.visibility(f) != Visibility::Hidden && overlaps(&f.shape, &area) {
                    shown.insert(&f.id);
                }
            }
        }
        shown.extend(scene.select.as_deref());
        // A ring or callout placed on a feature needs the feature.
        shown.extend(scene.annotations.iter().filter_map(|entry| match entry {
            crate::model::annotation::Entry::Read(a) => a.named(),
            crate::model::annotation::Entry::Unread(_) => None,
        }));
        for source in &scene.sources {
            if let SceneSource::Quote { article, .. } = source {
                articles.insert(article.clone());
            }
        }
    }
    let of_feature = |v: &Value| {
        v.get("feature")
            .and_then(Value::as_str)
            .is_some_and(|id| shown.contains(id))
    };
    let of_grouping = |v: &Value| {
        v.pointer("/membership/organisation")
            .and_then(Value::as_str)
            .is_some_and(|o| organisations.contains(o))
    };
    let mut out = UserAtlas {
        features: user
            .features
            .iter()
            .filter(|f| feature_id(f).is_some_and(|id| shown.contains(id)))
            .cloned()
            .collect(),
        citations: user
            .citations
            .iter()
            .filter(|c| of_feature(c) || of_grouping(c))
            .cloned()
            .collect(),
        corrections: user
            .corrections
            .iter()
            .filter(|c| of_feature(c))
            .cloned()
            .collect(),
        ..UserAtlas::default()
    };
    let cited = out
        .features
        .iter()
        .filter_map(|f| f.pointer("/properties/sources").and_then(Value::as_array))
        .flatten()
        .chain(&out.citations)
        .filter_map(|s| s.get("article").and_then(Value::as_str));
    articles.extend(cited.map(str::to_owned));
    out.articles = user
        .articles
        .iter()
        .filter(|a| a.id().is_some_and(|id| articles.contains(id)))
        .cloned()
        .collect();
    out
}

/// What a scene's view may show: its box fitted to a screen of any shape from a tall 3:4
/// to a wide 21:9 (the fitting keeps the box and shows more across or along), a quarter
/// more on every side besides.
fn shown_area(view: crate::geo::projection::ViewBox) -> geo::Rect<f64> {
    let [west, south, east, north] = view.to_array();
    let (w, h) = (east - west, north - south);
    let (cx, cy) = ((west + east) / 2.0, (south + north) / 2.0);
    let half_w = w.max(h * 21.0 / 9.0) * 0.75;
    let half_h = h.max(w * 3.0 / 4.0) * 0.75;
    geo::Rect::new(
        geo::coord! { x: cx - half_w, y: cy - half_h },
        geo::coord! { x: cx + half_w, y: cy + half_h },
    )
}

/// Whether a shape's bounding box meets an area.
fn overlaps(shape: &crate::model::Shape, area: &geo::Rect<f64>) -> bool {
    use geo::{BoundingRect, Intersects};
    let rect = match shape {
        crate::model::Shape::Points(p) => p.bounding_rect(),
        crate::model::Shape::Lines(l) => l.bounding_rect(),
        crate::model::Shape::Area(a) => a.bounding_rect(),
    };
    rect.is_some_and(|r| r.intersects(area))
}

#[cfg(test)]
mod tests;
