//! The settings: what the user set and expects back after a restart, saved atomically to
//! `state.json` in the data folder by the one window that holds its claim. Never caches.

use std::path::Path;

use super::imports::ImportedEntry;
use crate::edit::authoring::{ArticleDraft, CorrectionDraft, FeatureDraft};
use crate::model::annotation::Entry;
use crate::model::issue::{LoadIssue, Severity};
use crate::model::layers::LayerState;
use crate::render::style::Theme;

/// The name of the settings file in the user's data folder.
pub const STATE_FILE: &str = "state.json";

/// Reads the saved settings: defaults if there are none; an unreadable or corrupt file is
/// set aside (kept, renamed) with a notice, and defaults are used.
pub fn load(path: &Path) -> (Settings, Option<LoadIssue>) {
    crate::sys::persist::remove_stale_temps(path);
    if !path.exists() {
        return (Settings::default(), None);
    }
    let parsed = crate::data::read_user_text(path).and_then(|text| {
        serde_json::from_str::<Settings>(&text).map_err(|e| format!("not a CASA state file: {e}"))
    });
    match parsed {
        Ok(settings) => (settings, None),
        Err(problem) => {
            let aside = crate::sys::persist::set_aside(path)
                .map(|p| format!("set aside as {}", p.display()))
                .unwrap_or_else(|e| format!("could not set it aside: {e}"));
            let issue = LoadIssue {
                file: path.display().to_string(),
                feature: None,
                problem: format!("{problem}; {aside}; starting from the default settings"),
                severity: Severity::Warning,
                path: None,
            };
            (Settings::default(), Some(issue))
        }
    }
}

/// Saves the settings atomically (a temporary file, flushed, renamed over the old one).
pub fn save(path: &Path, settings: &Settings) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
    crate::sys::persist::write_atomic(path, &json)
}

/// What the user set and expects back after a restart. Never holds caches.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Light or dark.
    pub theme: Theme,
    /// Whether the graticule is drawn.
    pub show_graticule: bool,
    /// The relief under the map (a scene that asks for one sets it when shown).
    pub relief: crate::model::layers::ReliefStyle,
    /// The last camera, restored on start.
    pub camera: Option<crate::geo::camera::Camera>,
    /// Which layers and organisations are shown, and the "as of" year.
    pub layers: LayerState,
    /// The layers imported from files, by path, reloaded at start.
    pub imported: Vec<ImportedEntry>,
    /// Whether presentation mode draws the legend over the map (`L` or **Hide legend**
    /// hides it when it covers what the scene is about). Saved under its earlier name.
    #[serde(rename = "presenter_legend")]
    pub presentation_legend: bool,
    /// The folders files were last chosen in, newest first (CASA's picker offers them and
    /// dialogs start in the first).
    pub recent_folders: Vec<std::path::PathBuf>,
    /// What the user drew on the map itself, outside any scene (shown over every view).
    pub sketch: Vec<Entry>,
    /// The Add article form as last typed (open while it is `Some`).
    pub article_draft: Option<ArticleDraft>,
    /// The feature form as last typed (open while it is `Some`).
    pub feature_draft: Option<FeatureDraft>,
    /// The Correct form as last typed (open while it is `Some`).
    pub correction_draft: Option<CorrectionDraft>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            show_graticule: crate::render::style::GRATICULE_BY_DEFAULT,
            relief: crate::model::layers::ReliefStyle::default(),
            camera: None,
            layers: LayerState::default(),
            imported: Vec::new(),
            presentation_legend: true,
            recent_folders: Vec::new(),
            sketch: Vec::new(),
            article_draft: None,
            feature_draft: None,
            correction_draft: None,
        }
    }
}
