//! What a session holds between frames, below both the app and its panels: the settings
//! saved across restarts, the panels' transient state, the show (scenes, presenter mode)
//! and the imported layers. The `ui` panels read and edit these; the `app` applies
//! commands to them. Neither `ui` nor this module depends on `app`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use crate::data::user_layer::{LayerError, Progress};
use crate::model::briefing::Briefing;
use crate::model::issue::LoadIssue;
use crate::model::layers::LayerState;
use crate::model::user_layer::UserLayer;
use crate::render::imported::ImportedGeometry;
use crate::render::style::Theme;

/// The name of the state file in the user's data folder.
pub const STATE_FILE: &str = "state.json";

/// Reads the saved state: defaults if there is none; an unreadable or corrupt file is set
/// aside (kept, renamed) with a notice, and defaults are used.
pub fn load_state(path: &std::path::Path) -> (AppState, Option<LoadIssue>) {
    crate::sys::persist::remove_stale_temps(path);
    if !path.exists() {
        return (AppState::default(), None);
    }
    let parsed = crate::data::read_user_text(path).and_then(|text| {
        serde_json::from_str::<AppState>(&text).map_err(|e| format!("not a CASA state file: {e}"))
    });
    match parsed {
        Ok(state) => (state, None),
        Err(problem) => {
            let aside = crate::sys::persist::set_aside(path)
                .map(|p| format!("set aside as {}", p.display()))
                .unwrap_or_else(|e| format!("could not set it aside: {e}"));
            let issue = LoadIssue {
                file: path.display().to_string(),
                feature: None,
                problem: format!("{problem}; {aside}; starting from the default settings"),
                severity: crate::data::Severity::Warning,
                path: None,
            };
            (AppState::default(), Some(issue))
        }
    }
}

/// Saves the state atomically (a temporary file, flushed, renamed over the old one).
pub fn save_state(path: &std::path::Path, state: &AppState) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    crate::sys::persist::write_atomic(path, &json)
}

/// What the user set and expects back after a restart. Never holds caches.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct AppState {
    /// Light or dark.
    pub theme: Theme,
    /// Whether the graticule is drawn.
    pub show_graticule: bool,
    /// The last camera, restored on start.
    pub camera: Option<crate::geo::camera::Camera>,
    /// Which layers and organisations are shown, and the "as of" year.
    pub layers: LayerState,
    /// The layers imported from files, by path, reloaded at start.
    pub imported: Vec<ImportedEntry>,
    /// Whether presenter mode draws the legend over the map (`L` or **Hide legend** hides it
    /// when it covers what the scene is about).
    pub presenter_legend: bool,
    /// The folders files were last chosen in, newest first (CASA's picker offers them and
    /// dialogs start in the first).
    pub recent_folders: Vec<std::path::PathBuf>,
    /// What the user drew on the map itself, outside any scene (shown over every view).
    pub sketch: Vec<crate::model::annotation::Entry>,
    /// The Add article form as last typed (open while it is `Some`).
    pub article_draft: Option<crate::edit::authoring::ArticleDraft>,
    /// The feature form as last typed (open while it is `Some`).
    pub feature_draft: Option<crate::edit::authoring::FeatureDraft>,
    /// The Correct form as last typed (open while it is `Some`).
    pub correction_draft: Option<crate::edit::authoring::CorrectionDraft>,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            show_graticule: crate::render::style::GRATICULE_BY_DEFAULT,
            camera: None,
            layers: LayerState::default(),
            imported: Vec::new(),
            presenter_legend: true,
            recent_folders: Vec::new(),
            sketch: Vec::new(),
            article_draft: None,
            feature_draft: None,
            correction_draft: None,
        }
    }
}

/// The panels' transient state (not saved).
#[derive(Debug, Default)]
pub struct PanelState {
    /// The search box's text.
    pub search: String,
    /// The last search: its text and what it found (searched again when the text changes).
    pub search_results: Option<(String, Vec<(crate::query::search::Hit, String)>)>,
    /// Focus the search box on the next frame (Ctrl+F).
    pub focus_search: bool,
    /// The article window: which article, and the span to highlight and scroll to.
    pub article: Option<(usize, std::ops::Range<usize>)>,
    /// Scroll the article window to its highlight on the next frame.
    pub scroll_article: bool,
    /// Whether the keyboard shortcuts window is open.
    pub shortcuts_open: bool,
    /// The time of the last year step while playing through the years.
    pub playing_since: Option<f64>,
    /// Which tab the left panel shows.
    pub tab: LeftTab,
    /// The text of the scene being edited.
    pub draft: Option<SceneDraft>,
    /// The label of the drawing being edited, as typed.
    pub reshape_text: String,
    /// A point for the drawing tool, as typed (a site, a capital or "lat,lon").
    pub typed_point: String,
    /// The slide export window's choices, while it is open.
    pub export: Option<ExportChoice>,
    /// The briefing export (PDF) window's choices, while it is open.
    pub deck: Option<DeckChoice>,
}

/// What the "Export briefing as PDF" window will save.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeckChoice {
    /// Add a speaker-notes page after each scene.
    pub notes: bool,
    /// The handling mark being typed (kept with the briefing when saving).
    pub banner: String,
}

/// A briefing deck being made: its pages composed a step per frame on the UI thread (a
/// slide's draw list is built from the render cache in milliseconds), then converted to
/// PDF and written on a worker thread, page by page, cancellable.
#[derive(Debug)]
pub struct DeckJob {
    /// Where it goes.
    pub path: PathBuf,
    /// The briefing as it was when asked (later edits do not change this deck).
    pub briefing: Briefing,
    /// Notes, banner and date.
    pub options: crate::export::deck::DeckOptions,
    /// The colours and graticule as they were when asked (the layers from files are
    /// those loaded at each step).
    pub palette: crate::render::style::Palette,
    /// Whether maps draw the graticule.
    pub graticule: bool,
    /// The steps to compose.
    pub steps: Vec<crate::export::deck::Step>,
    /// The next step to compose.
    pub next: usize,
    /// The pages composed so far.
    pub pages: Vec<crate::export::deck::DeckPage>,
    /// What the scene pages cited, for the sources page.
    pub cited: crate::export::Cited,
    /// Set to stop the worker.
    pub cancel: Arc<AtomicBool>,
    /// The page the worker is converting.
    pub converted: Arc<AtomicUsize>,
    /// How many pages the worker converts.
    pub total: usize,
    /// The worker, once the pages are composed: what to tell the user.
    pub worker: Option<std::thread::JoinHandle<Result<String, String>>>,
}

impl DeckJob {
    /// How far along (0 to 1) and what is being done.
    pub fn progress(&self) -> (f32, String) {
        if self.worker.is_none() {
            let n = self.steps.len().max(1);
            return (
                0.5 * self.next as f32 / n as f32,
                format!("Composing pages ({} of {n} steps)…", self.next),
            );
        }
        let k = self.converted.load(Ordering::Relaxed).min(self.total);
        let total = self.total.max(1);
        (
            0.5 + 0.5 * k as f32 / total as f32,
            format!("Writing the PDF (page {} of {total})…", (k + 1).min(total)),
        )
    }
}

/// The left panel's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LeftTab {
    /// Search, layers, memberships, year.
    #[default]
    Layers,
    /// The scenes.
    Briefing,
}

/// A scene's text as being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SceneDraft {
    /// Which scene.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Its caption.
    pub caption: String,
    /// Its notes.
    pub notes: String,
    /// Whether "Delete scene" asks for confirmation now.
    pub confirm_delete: bool,
    /// A new range ring's centre as typed: a feature, a capital or "lat,lon".
    pub ring_center: String,
    /// Its radius in km as typed.
    pub ring_radius: String,
    /// Its label as typed.
    pub ring_label: String,
}

/// What the slide export window will save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportChoice {
    /// Which scene; `None`: the current view.
    pub scene: Option<usize>,
    /// Pixels.
    pub size: [u32; 2],
    /// PNG or SVG.
    pub format: crate::export::SlideFormat,
}

/// The briefing and where the presentation is.
#[derive(Debug, Default)]
pub struct Show {
    /// The scenes shown (the user's own, or the shipped ones).
    pub briefing: Briefing,
    /// The briefing shipped with the assets.
    pub shipped: Briefing,
    /// Where the user's briefing is saved; `None`: nowhere (tests, or no data folder).
    pub user_file: Option<PathBuf>,
    /// This window's claim on `user_file` (no other CASA window saves it meanwhile).
    pub claim: Option<crate::sys::persist::FileClaim>,
    /// Whether another window held that claim when this one asked.
    pub claim_refused: bool,
    /// Whether `briefing` is the user's own (saved to `user_file`).
    pub is_user: bool,
    /// The scene last gone to.
    pub current: Option<usize>,
    /// Whether presenter mode is on.
    pub presenter: bool,
    /// Whether the speaker notes window is open.
    pub notes_window: bool,
    /// The outcome of the last save, export or import, for the user.
    pub notice: Option<String>,
    /// A slide being written on a worker thread: its outcome, for the notice.
    pub exporting: Option<std::thread::JoinHandle<Result<String, String>>>,
    /// A briefing deck being made.
    pub deck: Option<DeckJob>,
}

/// An imported layer, remembered in the saved state by its path.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ImportedEntry {
    /// The file.
    pub path: PathBuf,
    /// Whether it is shown.
    pub visible: bool,
    /// The file's size and modification time when it was imported (to notice a change).
    pub stamp: Option<(u64, u64)>,
}

/// A loaded imported layer.
pub struct Imported {
    /// The file, its visibility and stamp.
    pub entry: ImportedEntry,
    /// What was read.
    pub layer: UserLayer,
    /// What is drawn.
    pub geometry: ImportedGeometry,
}

impl Imported {
    /// The layer as the composer draws it.
    pub fn view(&self) -> crate::compose::ImportedView<'_> {
        crate::compose::ImportedView {
            layer: &self.layer,
            geometry: &self.geometry,
            visible: self.entry.visible,
        }
    }
}

/// A layer being loaded.
pub struct ImportJob {
    /// The file.
    pub path: PathBuf,
    /// How far it is, and its cancel switch.
    pub progress: Arc<Progress>,
    /// When it started.
    pub started: Instant,
    /// Whether it was visible (for layers restored at start-up).
    pub(crate) visible: bool,
    /// The stamp remembered for it, if restored.
    pub(crate) remembered: Option<(u64, u64)>,
    /// The loading thread: the layer and its geometry, or why it could not be read.
    pub(crate) handle: std::thread::JoinHandle<Result<(UserLayer, ImportedGeometry), LayerError>>,
}
