//! Where the asset files come from: embedded in the binary, or a folder an analyst edits.

use std::borrow::Cow;
use std::path::PathBuf;

/// The asset files CASA reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetFile {
    /// `countries.geojson`: borders.
    Countries,
    /// `water.geojson`: the Caspian, lakes and rivers.
    Water,
    /// `places.geojson`: capitals.
    Places,
}

impl AssetFile {
    /// The file's name in an asset folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Countries => "countries.geojson",
            Self::Water => "water.geojson",
            Self::Places => "places.geojson",
        }
    }

    fn embedded(self) -> &'static str {
        match self {
            Self::Countries => include_str!("../../assets/countries.geojson"),
            Self::Water => include_str!("../../assets/water.geojson"),
            Self::Places => include_str!("../../assets/places.geojson"),
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
            Self::Dir(dir) => {
                let path = dir.join(file.file_name());
                let bytes = std::fs::read(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                String::from_utf8(bytes).map(Cow::Owned).map_err(|e| {
                    format!(
                        "{} is not UTF-8 text (invalid byte at offset {})",
                        path.display(),
                        e.utf8_error().valid_up_to()
                    )
                })
            }
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
