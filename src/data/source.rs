//! Where the asset files come from: embedded in the binary, or a folder an analyst edits.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The asset files CASA reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetFile {
    /// `countries.geojson`: borders.
    Countries,
    /// `water.geojson`: the Caspian, lakes and rivers.
    Water,
    /// `places.geojson`: capitals.
    Places,
    /// `features.geojson`: sites, events, infrastructure, routes and regions.
    Features,
    /// `memberships.json`: groupings and who belongs to them.
    Memberships,
    /// `country_facts.json`: what the articles say about countries rather than places.
    Facts,
    /// `scenes.json`: the shipped briefing.
    Scenes,
}

impl AssetFile {
    /// The file's name in an asset folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Countries => "countries.geojson",
            Self::Water => "water.geojson",
            Self::Places => "places.geojson",
            Self::Features => "features.geojson",
            Self::Memberships => "memberships.json",
            Self::Facts => "country_facts.json",
            Self::Scenes => crate::model::briefing::SCENES_FILE,
        }
    }

    fn embedded(self) -> &'static str {
        match self {
            Self::Countries => include_str!("../../assets/countries.geojson"),
            Self::Water => include_str!("../../assets/water.geojson"),
            Self::Places => include_str!("../../assets/places.geojson"),
            Self::Features => include_str!("../../assets/features.geojson"),
            Self::Memberships => include_str!("../../assets/memberships.json"),
            Self::Facts => include_str!("../../assets/country_facts.json"),
            Self::Scenes => include_str!("../../assets/scenes.json"),
        }
    }
}

/// Where to read the assets from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AssetSource {
    /// The shipped atlas, embedded in the binary so it runs from any folder.
    #[default]
    Embedded,
    /// An editable folder, e.g. `--assets ./assets`.
    Dir(PathBuf),
}

impl AssetSource {
    /// Reads one file; the error says which file and why.
    pub fn read(&self, file: AssetFile) -> Result<Cow<'static, str>, String> {
        match self {
            Self::Embedded => Ok(Cow::Borrowed(file.embedded())),
            Self::Dir(dir) => read_text(&dir.join(file.file_name())).map(Cow::Owned),
        }
    }

    /// A short description for messages and the About window.
    pub fn describe(&self) -> String {
        match self {
            Self::Embedded => "the shipped atlas (embedded)".to_owned(),
            Self::Dir(dir) => dir.display().to_string(),
        }
    }
}

/// Reads a user's file as UTF-8 text (read-only); the error names the file and the reason.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}
