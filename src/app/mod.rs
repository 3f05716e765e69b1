//! The eframe application: lays out the panels, applies commands, saves state.

mod imports;
mod presenting;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::corpus::Corpus;
use crate::data::{AssetSource, LoadIssue, Loaded, SeedSource, load_atlas};
use crate::hit_test::HitIndex;
use crate::layers::{
    LayerState, LayerSummary, MembershipMark, Visibility, YEARS, membership_marks, summarise,
};
use crate::model::{Atlas, Category, CountryRole};
use crate::projection::{Albers, WorldPoint};
use crate::render::MapGeometry;
use crate::render::features::{FeatureGeometries, hatch_outlines};
use crate::render::style::{Palette, Theme};
use crate::ui::content_view::ContentScene;
use crate::ui::map_view::{self, MapScene, MapView};
use crate::ui::{
    Command, about, article, briefing_panel, compare_view, export_window, layers_panel, menu,
    presenter, shortcuts, side_panel, status,
};
pub use imports::{ImportJob, Imported, ImportedEntry, file_stamp};
use presenting::BriefingEdit;
pub use presenting::{CompareView, PRESENTER_ZOOM, Show, load_user_briefing};

/// The name of the state file in the user's data folder.
pub const STATE_FILE: &str = "state.json";

/// Reads the saved state: defaults if there is none; an unreadable or corrupt file is set
/// aside (kept, renamed) with a notice, and defaults are used.
pub fn load_state(path: &std::path::Path) -> (AppState, Option<LoadIssue>) {
    crate::persist::remove_stale_temps(path);
    if !path.exists() {
        return (AppState::default(), None);
    }
    let parsed = crate::data::read_user_text(path).and_then(|text| {
        serde_json::from_str::<AppState>(&text).map_err(|e| format!("not a CASA state file: {e}"))
    });
    match parsed {
        Ok(state) => (state, None),
        Err(problem) => {
            let aside = crate::persist::set_aside(path)
                .map(|p| format!("set aside as {}", p.display()))
                .unwrap_or_else(|e| format!("could not set it aside: {e}"));
            let issue = LoadIssue {
                file: path.display().to_string(),
                feature: None,
                problem: format!("{problem}; {aside}; starting from the default settings"),
                severity: crate::data::Severity::Warning,
            };
            (AppState::default(), Some(issue))
        }
    }
}

/// Saves the state atomically (a temporary file, flushed, renamed over the old one).
pub fn save_state(path: &std::path::Path, state: &AppState) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    crate::persist::write_atomic(path, &json)
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
    pub camera: Option<crate::camera::Camera>,
    /// Which layers and organisations are shown, and the "as of" year.
    pub layers: LayerState,
    /// The layers imported from files, by path, reloaded at start.
    pub imported: Vec<ImportedEntry>,
    /// Whether presenter mode draws the legend over the map (`L` or **Hide legend** hides it
    /// when it covers what the scene is about).
    pub presenter_legend: bool,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            show_graticule: true,
            camera: None,
            layers: LayerState::default(),
            imported: Vec::new(),
            presenter_legend: true,
        }
    }
}

/// What the content layers need besides the atlas, built once at load.
pub struct ContentCache {
    /// Projected features with their meshes and point index.
    pub geometry: FeatureGeometries,
    /// Countries' outlines for membership hatching.
    pub hatch_outlines: Vec<Vec<Vec<WorldPoint>>>,
    /// Each feature's map label.
    pub labels: Vec<String>,
    /// For each feature, the others mentioned in the same sentences.
    pub related: Vec<Vec<usize>>,
}

/// The panels' transient state (not saved).
#[derive(Debug, Default)]
pub struct PanelState {
    /// The search box's text.
    pub search: String,
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
    /// The slide export window's choices, while it is open.
    pub export: Option<ExportChoice>,
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
}

/// What the slide export window will save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportChoice {
    /// Which scene; `None`: the current view.
    pub scene: Option<usize>,
    /// Pixels.
    pub size: [u32; 2],
    /// "png" or "svg".
    pub format: &'static str,
}

/// How the app was asked to start.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// Where the assets come from.
    pub assets: AssetSource,
    /// Where the articles come from.
    pub seeds: SeedSource,
    /// Save a screenshot of the window here after the first frames, then quit.
    pub screenshot: Option<PathBuf>,
    /// Ignore the saved state (start at the overview in the light theme).
    pub fresh: bool,
    /// The user's briefing file; `None`: `scenes.json` in the user's data folder.
    pub scenes: Option<PathBuf>,
    /// The state file; `None`: `state.json` in the user's data folder.
    pub state: Option<PathBuf>,
    /// Start presenting at this scene (name or number; empty: the first).
    pub present: Option<String>,
}

/// The outcome of a `--screenshot` run, shared with eframe's screenshot callback.
#[derive(Debug, Default)]
struct ScreenshotJob {
    path: PathBuf,
    frames_until_capture: u32,
    /// Capture no earlier than this, so the window manager and pointer have settled.
    not_before: Option<std::time::Instant>,
    requested: bool,
    result: Arc<Mutex<Option<Result<(), String>>>>,
}

/// The CASA application.
pub struct CasaApp {
    /// User settings.
    pub state: AppState,
    /// The atlas.
    pub atlas: Atlas,
    /// The articles its features quote.
    pub corpus: Corpus,
    /// Its render cache (shared with the background builder of fine levels).
    pub geometry: Arc<MapGeometry>,
    /// Its hit index.
    pub hit: HitIndex,
    /// What went wrong at load.
    pub issues: Vec<LoadIssue>,
    /// The selected country.
    pub selected: Option<usize>,
    /// The selected feature.
    pub selected_feature: Option<usize>,
    /// The content's caches.
    pub content: ContentCache,
    /// The panels' transient state.
    pub panels: PanelState,
    /// How each feature is drawn under the current layers and year (same order).
    pub visibility: Vec<Visibility>,
    /// The memberships hatched on the map under the current layers and year.
    pub marks: Vec<MembershipMark>,
    /// Counts for the layers panel under the current layers and year.
    pub summary: LayerSummary,
    /// The map view.
    pub map: MapView,
    /// Where the assets came from (for messages).
    pub source: String,
    /// The briefing and where the presentation is.
    pub show: Show,
    /// The right-hand side of the compare view, when it is open.
    pub compare: Option<CompareView>,
    /// Layers imported from files.
    pub imports: Vec<Imported>,
    /// Layers being loaded.
    pub import_jobs: Vec<ImportJob>,
    /// The selected imported feature: (layer, feature).
    pub selected_import: Option<(usize, usize)>,
    /// Where the state is saved (`None` with `--fresh`, or without a data folder).
    pub state_file: Option<PathBuf>,
    /// The outcome of the last import, for the layers panel.
    pub import_notice: Option<String>,
    about_open: bool,
    palette: Palette,
    label_order: Vec<usize>,
    label_texts: Vec<String>,
    screenshot: Option<ScreenshotJob>,
}

impl CasaApp {
    /// Builds the app from eframe's creation context: loads, restores state, styles.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        let loaded = crate::data::load(&options.assets, &options.seeds);
        for issue in &loaded.issues {
            eprintln!("casa: {issue}");
        }
        // With --fresh the saved state is neither read nor overwritten.
        let state_file = (!options.fresh)
            .then(|| {
                options
                    .state
                    .clone()
                    .or_else(|| crate::persist::user_data_dir().map(|d| d.join(STATE_FILE)))
            })
            .flatten();
        let (state, state_issue) = match &state_file {
            Some(path) => load_state(path),
            None => (AppState::default(), None),
        };
        let mut app = Self::from_loaded(loaded, state, options.assets.describe());
        app.state_file = state_file;
        app.issues.extend(state_issue);
        let scenes_file = options.scenes.or_else(|| {
            crate::persist::user_data_dir().map(|d| d.join(crate::scenes::SCENES_FILE))
        });
        if let Some(path) = scenes_file {
            app.use_briefing_file(path);
        }
        app.restore_imports();
        if let Some(query) = &options.present {
            let index = match query.trim() {
                "" => Some(0),
                q => app.show.briefing.find(q),
            };
            match index {
                Some(i) => {
                    app.present(&cc.egui_ctx, true);
                    app.go_to_scene(i, 0.0);
                }
                None => eprintln!("casa: no scene {query:?} to present; starting normally"),
            }
        }
        if let Some(path) = options.screenshot {
            app.screenshot = Some(ScreenshotJob {
                path,
                frames_until_capture: 8,
                not_before: Some(
                    std::time::Instant::now() + std::time::Duration::from_millis(1500),
                ),
                ..ScreenshotJob::default()
            });
        }
        app.apply_theme(&cc.egui_ctx);
        app
    }

    /// Builds the app from loaded data (tests and benchmarks use this directly).
    pub fn from_loaded(loaded: Loaded, state: AppState, source: String) -> Self {
        let Loaded {
            atlas,
            corpus,
            issues,
            briefing,
        } = loaded;
        let geometry = Arc::new(MapGeometry::build(&atlas, Albers::central_asia()));
        geometry.warm_fine_levels();
        let hit = HitIndex::build(&geometry);
        let label_order = label_order(&atlas, &geometry);
        let label_texts = atlas.countries.iter().map(map_view::label_text).collect();
        let content = ContentCache {
            geometry: FeatureGeometries::build(&atlas.features, &geometry.projection),
            hatch_outlines: hatch_outlines(&geometry),
            labels: atlas.features.iter().map(feature_label).collect(),
            related: crate::briefing::related(&atlas.features),
        };
        let map = MapView {
            camera: state.camera,
            user_moved: state.camera.is_some(),
            ..MapView::default()
        };
        let mut app = Self {
            palette: Palette::of(state.theme),
            state,
            atlas,
            corpus,
            geometry,
            hit,
            issues,
            selected: None,
            selected_feature: None,
            content,
            panels: PanelState::default(),
            visibility: Vec::new(),
            marks: Vec::new(),
            summary: LayerSummary::default(),
            map,
            source,
            show: Show {
                shipped: briefing.clone(),
                briefing,
                ..Show::default()
            },
            compare: None,
            imports: Vec::new(),
            import_jobs: Vec::new(),
            selected_import: None,
            state_file: None,
            import_notice: None,
            about_open: false,
            label_order,
            label_texts,
            screenshot: None,
        };
        app.refresh_layers();
        app
    }

    /// Recomputes what is shown after the layers or the year changed.
    pub fn refresh_layers(&mut self) {
        let layers = &self.state.layers;
        self.visibility = self
            .atlas
            .features
            .iter()
            .map(|f| layers.visibility(f))
            .collect();
        self.marks = membership_marks(&self.atlas, layers);
        self.summary = summarise(&self.atlas, layers);
        if self.selected_feature.is_some_and(|i| {
            self.visibility.get(i) == Some(&Visibility::Hidden)
                && self
                    .compare
                    .as_ref()
                    .is_none_or(|c| c.visibility.get(i) == Some(&Visibility::Hidden))
        }) {
            self.selected_feature = None;
        }
        self.refresh_compare();
    }

    /// Where to fly for a feature: its anchor, close enough to read it.
    fn feature_view(&self, index: usize) -> Option<(WorldPoint, f64)> {
        let g = self.content.geometry.features.get(index)?;
        let current = self.map.camera.map_or(2_000.0, |c| c.metres_per_point);
        let viewport = self.map.viewport?;
        let extent = (g.bounds.max.x - g.bounds.min.x).max(g.bounds.max.y - g.bounds.min.y);
        // A point: keep the zoom within a close range; anything with extent: fit it.
        let mpp = if extent > 0.0 {
            (extent * 1.3 / f64::from(viewport.width().min(viewport.height()))).max(300.0)
        } else {
            current.clamp(500.0, 2_500.0)
        };
        let center = if g.points.len() == 1 {
            g.anchor
        } else {
            g.bounds.center()
        };
        Some((center, mpp.min(crate::camera::MAX_METRES_PER_POINT)))
    }

    /// The shipped atlas with default settings.
    pub fn with_shipped_atlas() -> Self {
        Self::from_loaded(
            load_atlas(&AssetSource::Embedded),
            AppState::default(),
            AssetSource::Embedded.describe(),
        )
    }

    /// Applies the theme to egui's widgets too.
    pub fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.state.theme {
            Theme::Light => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        });
        ctx.global_style_mut(|style| {
            style
                .text_styles
                .insert(egui::TextStyle::Body, egui::FontId::proportional(15.0));
            style
                .text_styles
                .insert(egui::TextStyle::Button, egui::FontId::proportional(15.0));
            style
                .text_styles
                .insert(egui::TextStyle::Heading, egui::FontId::proportional(24.0));
        });
    }

    /// Applies one command.
    pub fn run_cmd(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Select(selection) => {
                self.selected = selection;
                self.selected_feature = None;
                self.selected_import = None;
            }
            Command::SelectFeature(selection) => {
                self.selected_feature = selection;
                self.selected = None;
                self.selected_import = None;
            }
            Command::SelectImported(selection) => {
                self.selected_import = selection;
                self.selected = None;
                self.selected_feature = None;
            }
            Command::OpenLayer(path) => self.open_layer(path),
            Command::CancelImport(i) => self.cancel_import(i),
            Command::SetImportVisible(i, on) => self.set_import_visible(i, on),
            Command::SoloImport(i) => self.solo_import(i),
            Command::RemoveImport(i) => self.remove_import(i),
            Command::ZoomToImport(i) => self.zoom_to_import(i, ctx.input(|i| i.time)),
            Command::FlyToFeature(index) => {
                if self.visibility.get(index) == Some(&Visibility::Hidden) {
                    // Searching for a hidden feature shows its layer again.
                    if let Some(f) = self.atlas.features.get(index) {
                        self.state
                            .layers
                            .set(crate::layers::FeatureLayer::of(f), true);
                        self.state.layers.year = None;
                        self.refresh_layers();
                    }
                }
                if let Some((center, mpp)) = self.feature_view(index) {
                    let now = ctx.input(|i| i.time);
                    self.map.fly_to(center, mpp, now);
                }
                self.selected_feature = Some(index);
                self.selected = None;
            }
            Command::FlyToCountry(index) => {
                if let (Some(g), Some(vp)) = (self.geometry.countries.get(index), self.map.viewport)
                {
                    let b = g.bounds;
                    let extent = (b.max.x - b.min.x).max(b.max.y - b.min.y);
                    let mpp = (extent * 1.2 / f64::from(vp.width().min(vp.height())))
                        .clamp(300.0, crate::camera::MAX_METRES_PER_POINT);
                    let now = ctx.input(|i| i.time);
                    self.map.fly_to(b.center(), mpp, now);
                }
                self.selected = Some(index);
                self.selected_feature = None;
            }
            Command::SetLayers(layers) => match &mut self.compare {
                Some(c) if c.editing => {
                    c.layers = layers;
                    self.refresh_compare();
                }
                _ => {
                    self.state.layers = layers;
                    self.refresh_layers();
                }
            },
            Command::Play(on) => {
                self.panels.playing_since = on.then(|| ctx.input(|i| i.time));
                if on && self.state.layers.year.is_none_or(|y| y >= *YEARS.end()) {
                    self.state.layers.year = Some(*YEARS.start());
                    self.refresh_layers();
                }
            }
            Command::OpenArticle(article, range) => {
                self.panels.article = Some((article, range));
                self.panels.scroll_article = true;
            }
            Command::CloseArticle => self.panels.article = None,
            Command::ShowShortcuts(open) => self.panels.shortcuts_open = open,
            Command::SetTheme(theme) => {
                self.state.theme = theme;
                self.palette = Palette::of(theme);
                self.apply_theme(ctx);
            }
            Command::SetGraticule(on) => self.state.show_graticule = on,
            Command::ShowAbout(open) => self.about_open = open,
            Command::ResetView => self.map.reset(&self.geometry.projection),
            Command::GoToScene(i) => self.go_to_scene(i, ctx.input(|i| i.time)),
            Command::StepScene(delta) => self.step_scene(delta, ctx.input(|i| i.time)),
            Command::Present(on) => self.present(ctx, on),
            Command::ShowNotes(on) => self.show.notes_window = on,
            Command::ShowLegend(on) => self.state.presenter_legend = on,
            Command::AddScene => self.edit_briefing(BriefingEdit::Add),
            Command::UpdateScene(i) => self.edit_briefing(BriefingEdit::Update(i)),
            Command::EditScene {
                index,
                name,
                caption,
                notes,
            } => self.edit_briefing(BriefingEdit::Text {
                index,
                name,
                caption,
                notes,
            }),
            Command::MoveScene(i, delta) => self.edit_briefing(BriefingEdit::Move(i, delta)),
            Command::DeleteScene(i) => self.edit_briefing(BriefingEdit::Delete(i)),
            Command::ExportBriefing(path) => self.export_briefing(&path),
            Command::ImportBriefing(path) => self.import_briefing(&path),
            Command::RestoreShippedBriefing => self.restore_shipped_briefing(),
            Command::Compare(on) => {
                let right = on.then(|| self.state.layers.clone());
                self.set_compare(right);
            }
            Command::EditRightSide(right) => {
                if let Some(c) = &mut self.compare {
                    c.editing = right;
                }
            }
            Command::ShowExport(open) => {
                self.panels.export = open.then_some(ExportChoice {
                    scene: self.show.current,
                    size: [1920, 1080],
                    format: "png",
                });
            }
            Command::ExportSlide { path, scene, size } => self.export_slide(&path, scene, size),
            Command::ChooseFile(action) => self.choose_file(action),
        }
    }

    /// Draws the whole window; `App::ui` delegates here so tests need no eframe frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        // Presenter mode draws everything larger; kept here, every frame, because egui also
        // saves the zoom with its memory (a session quit while presenting must not start the
        // next one enlarged).
        let zoom = if self.show.presenter {
            PRESENTER_ZOOM
        } else {
            1.0
        };
        if ui.ctx().zoom_factor() != zoom {
            ui.ctx().set_zoom_factor(zoom);
        }
        self.poll_export(ui.ctx());
        self.poll_imports(ui.ctx());
        let mut commands = self.keyboard(ui.ctx());
        commands.extend(self.play(ui.ctx()));
        // Files dropped on the window become layers.
        let dropped: Vec<PathBuf> = ui.ctx().input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        commands.extend(dropped.into_iter().map(Command::OpenLayer));
        let presenting = self.show.presenter;
        if presenting {
            egui::Panel::bottom("caption-bar").show(ui, |ui| {
                commands.extend(presenter::caption_bar(
                    ui,
                    &self.show,
                    self.state.presenter_legend,
                    &self.corpus,
                    &self.palette,
                ));
            });
        } else {
            egui::Panel::top("menu").show(ui, |ui| {
                commands.extend(menu::menu_bar(ui, &self.state, self.compare.is_some()));
            });
            if !self.issues.is_empty() {
                egui::Panel::top("load-issues").show(ui, |ui| {
                    status::issues_banner(ui, &self.issues, &self.source);
                });
            }
            egui::Panel::left("layers-panel")
                .default_size(270.0)
                .min_size(240.0)
                .max_size(330.0)
                .show(ui, |ui| commands.extend(self.left_panel(ui)));
        }
        let selection = self.selected.is_some()
            || self.selected_feature.is_some()
            || self.selected_import.is_some();
        if !presenting || selection {
            egui::Panel::right("side-panel")
                .default_size(360.0)
                .min_size(260.0)
                .max_size(460.0)
                .show(ui, |ui| {
                    if let Some(c) = &self.compare {
                        let years = (
                            self.state.layers.membership_year(),
                            c.layers.membership_year(),
                        );
                        commands.extend(compare_view::change_list(ui, &c.changes, years));
                        ui.separator();
                    }
                    let view = side_panel::SideView {
                        atlas: &self.atlas,
                        corpus: &self.corpus,
                        related: &self.content.related,
                        visibility: &self.visibility,
                        year: self.state.layers.membership_year(),
                        palette: &self.palette,
                    };
                    let imported = self.selected_import.and_then(|(l, f)| {
                        let i = self.imports.get(l)?;
                        Some((i, i.layer.features.get(f)?, l))
                    });
                    match imported {
                        Some((layer, feature, index)) => commands.extend(
                            side_panel::imported_feature(ui, layer, feature, index, &self.palette),
                        ),
                        None => commands.extend(side_panel::side_panel(
                            ui,
                            &view,
                            self.selected,
                            self.selected_feature,
                        )),
                    }
                });
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            commands.extend(self.maps(ui));
            // A file dragged over the window: say what dropping it does.
            if ui.ctx().input(|i| !i.raw.hovered_files.is_empty()) {
                let rect = ui.max_rect();
                ui.painter()
                    .rect_filled(rect, 0.0, self.palette.panel.gamma_multiply(0.6));
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    "Drop to add as a layer (GeoJSON or CSV)",
                    egui::FontId::proportional(28.0),
                    self.palette.label,
                );
            }
        });
        commands.extend(about::about_window(ui.ctx(), self.about_open));
        commands.extend(shortcuts::shortcuts_window(
            ui.ctx(),
            self.panels.shortcuts_open,
        ));
        commands.extend(export_window::export_window(
            ui.ctx(),
            &mut self.panels.export,
            &self.show.briefing.scenes,
            self.show.notice.as_deref(),
        ));
        if presenting && self.show.notes_window {
            commands.extend(presenter::notes_window(ui.ctx(), &self.show));
        }
        if let Some((index, range)) = self.panels.article.clone() {
            let scroll = std::mem::take(&mut self.panels.scroll_article);
            commands.extend(article::article_window(
                ui.ctx(),
                &self.corpus,
                index,
                range,
                scroll,
                &self.palette,
            ));
        }
        self.state.camera = self.map.camera;
        let ctx = ui.ctx().clone();
        for command in commands {
            self.run_cmd(&ctx, command);
        }
        self.drive_screenshot(&ctx);
    }

    /// The left panel: its tabs, the layers (of the side being edited) or the briefing.
    fn left_panel(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.panels.tab, LeftTab::Layers, "Map layers");
            ui.selectable_value(&mut self.panels.tab, LeftTab::Briefing, "Briefing");
        });
        ui.separator();
        if self.panels.tab == LeftTab::Briefing {
            return briefing_panel::briefing_panel(ui, &self.show, &mut self.panels);
        }
        let mut comparing = self.compare.is_some();
        if ui
            .checkbox(&mut comparing, "Compare side by side")
            .on_hover_text("Two maps, one camera: each side with its own layers and year")
            .changed()
        {
            commands.push(Command::Compare(comparing));
        }
        let (layers, summary) = match &self.compare {
            Some(c) => {
                ui.horizontal(|ui| {
                    ui.label("Editing:");
                    if ui.radio(!c.editing, "left side").clicked() {
                        commands.push(Command::EditRightSide(false));
                    }
                    if ui.radio(c.editing, "right side").clicked() {
                        commands.push(Command::EditRightSide(true));
                    }
                });
                if c.editing {
                    (&c.layers, &c.summary)
                } else {
                    (&self.state.layers, &self.summary)
                }
            }
            None => (&self.state.layers, &self.summary),
        };
        commands.extend(layers_panel::layers_panel(
            ui,
            &self.atlas,
            layers,
            summary,
            &self.palette,
            &mut self.panels,
            |ui| {
                crate::ui::imports_panel::imports_panel(
                    ui,
                    &self.imports,
                    &self.import_jobs,
                    self.import_notice.as_deref(),
                    &self.palette,
                )
            },
        ));
        commands
    }

    /// The map, or the two maps of the compare view sharing one camera; in presenter mode
    /// with the legend over them.
    fn maps(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let full = ui.max_rect();
        let content = |visibility, marks, year| ContentScene {
            features: &self.atlas.features,
            geometry: &self.content.geometry,
            visibility,
            selected: self.selected_feature,
            hovered: None,
            marks,
            hatch_outlines: &self.content.hatch_outlines,
            year,
            labels: &self.content.labels,
        };
        let scene = |content| MapScene {
            atlas: &self.atlas,
            geometry: &self.geometry,
            hit: &self.hit,
            palette: &self.palette,
            selected: self.selected,
            graticule: self.state.show_graticule,
            label_order: &self.label_order,
            label_texts: &self.label_texts,
            content: Some(content),
            imported: &self.imports,
            selected_import: self.selected_import,
        };
        let left = scene(content(
            &self.visibility,
            &self.marks,
            self.state.layers.year,
        ));
        match &mut self.compare {
            None => commands.extend(self.map.ui(ui, &left)),
            Some(CompareView {
                map: right_map,
                visibility,
                marks,
                layers,
                divider,
                ..
            }) => {
                let (l, r) = compare_view::split(ui, full, divider, &self.palette);
                let right = scene(content(visibility, marks, layers.year));
                commands.extend(
                    ui.scope_builder(
                        egui::UiBuilder::new().id_salt("left-map").max_rect(l),
                        |ui| self.map.ui(ui, &left),
                    )
                    .inner,
                );
                // One camera: the right map follows the left, and moving it moves both.
                right_map.camera = self.map.camera;
                let before = right_map.camera;
                commands.extend(
                    ui.scope_builder(
                        egui::UiBuilder::new().id_salt("right-map").max_rect(r),
                        |ui| right_map.ui(ui, &right),
                    )
                    .inner,
                );
                if right_map.camera != before {
                    self.map.camera = right_map.camera;
                    self.map.user_moved = true;
                    self.map.flight = None;
                }
            }
        }
        if self.show.presenter && self.state.presenter_legend {
            let mut shown = self.map.drawn_features.clone();
            let mut marks = self.marks.clone();
            if let Some(c) = &self.compare {
                shown.extend(&c.map.drawn_features);
                marks.extend(c.marks.iter().cloned());
            }
            shown.sort_unstable();
            shown.dedup();
            marks.sort_by_key(|m| m.organisation);
            let items = crate::render::legend::legend(&self.atlas, &self.palette, shown, &marks);
            if let Some(rect) = presenter::draw_legend(ui.painter(), full, &self.palette, &items) {
                // Painted, so it is named for screen readers (and tests) here.
                let text = items
                    .iter()
                    .map(|i| i.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                ui.interact(
                    rect,
                    egui::Id::unique("presenter-legend"),
                    egui::Sense::hover(),
                )
                .widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Label, true, format!("Legend: {text}"))
                });
            }
        }
        commands
    }

    /// Shortcuts that work anywhere: Ctrl+F, F1; and the presentation keys: F5 and Esc,
    /// PageDown/PageUp and Space (what clickers send) step through the scenes, and in
    /// presenter mode the arrow keys too (outside it they pan the map).
    fn keyboard(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        let presenting = self.show.presenter;
        ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::COMMAND, egui::Key::F) {
                self.panels.focus_search = true;
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::F1) {
                commands.push(Command::ShowShortcuts(!self.panels.shortcuts_open));
            }
            if typing {
                return;
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::F5) {
                commands.push(Command::Present(!presenting));
            }
            if presenting && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                commands.push(Command::Present(false));
            }
            if presenting && i.consume_key(egui::Modifiers::NONE, egui::Key::L) {
                commands.push(Command::ShowLegend(!self.state.presenter_legend));
            }
            let mut step: i32 = 0;
            if i.consume_key(egui::Modifiers::NONE, egui::Key::PageDown) {
                step += 1;
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::PageUp) {
                step -= 1;
            }
            // Space steps even when a button has focus (Enter still presses it): after a
            // click on the map, a clicker's Space must not be taken by the last button.
            if i.consume_key(egui::Modifiers::SHIFT, egui::Key::Space) {
                step -= 1;
            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::Space) {
                step += 1;
            }
            if presenting {
                for (key, delta) in [
                    (egui::Key::ArrowRight, 1),
                    (egui::Key::ArrowDown, 1),
                    (egui::Key::ArrowLeft, -1),
                    (egui::Key::ArrowUp, -1),
                ] {
                    if i.consume_key(egui::Modifiers::NONE, key) {
                        step += delta;
                    }
                }
            }
            if step != 0 {
                commands.push(Command::StepScene(step.signum()));
            }
        });
        commands
    }

    /// While playing, steps the year once per interval.
    fn play(&mut self, ctx: &egui::Context) -> Vec<Command> {
        const STEP_SECONDS: f64 = 0.7;
        let Some(since) = self.panels.playing_since else {
            return Vec::new();
        };
        let now = ctx.input(|i| i.time);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(STEP_SECONDS / 4.0));
        if now - since < STEP_SECONDS {
            return Vec::new();
        }
        self.panels.playing_since = Some(now);
        let mut layers = self.state.layers.clone();
        let next = layers.year.map_or(*YEARS.start(), |y| y + 1);
        if next > *YEARS.end() {
            return vec![Command::Play(false)];
        }
        layers.year = Some(next);
        vec![Command::SetLayers(layers)]
    }

    /// For `--screenshot`: waits a few frames, captures, saves, then closes the window.
    fn drive_screenshot(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.screenshot else {
            return;
        };
        ctx.request_repaint();
        if job.frames_until_capture > 0 {
            job.frames_until_capture -= 1;
            return;
        }
        if job
            .not_before
            .is_some_and(|t| std::time::Instant::now() < t)
        {
            return;
        }
        if !job.requested {
            job.requested = true;
            let path = job.path.clone();
            let result = Arc::clone(&job.result);
            ctx.request_screenshot(move |image| {
                let outcome = save_png(&image, &path);
                if let Ok(mut slot) = result.lock() {
                    *slot = Some(outcome);
                }
            });
            return;
        }
        let outcome = job.result.lock().ok().and_then(|mut slot| slot.take());
        if let Some(outcome) = outcome {
            match outcome {
                Ok(()) => eprintln!("casa: saved screenshot to {}", job.path.display()),
                Err(e) => eprintln!("casa: could not save the screenshot: {e}"),
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

fn save_png(image: &egui::ColorImage, path: &std::path::Path) -> Result<(), String> {
    let [w, h] = image.size;
    let bytes: Vec<u8> = image
        .pixels
        .iter()
        .flat_map(|c| c.to_srgba_unmultiplied())
        .collect();
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, bytes)
        .ok_or("the screenshot has an inconsistent size")?;
    buffer
        .save(path)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Countries in the order their labels are placed: focus states, then neighbours, then the
/// rest; larger first within each group.
fn label_order(atlas: &Atlas, geometry: &MapGeometry) -> Vec<usize> {
    let rank = |role: CountryRole| match role {
        CountryRole::Focus => 0,
        CountryRole::Neighbour => 1,
        CountryRole::Context => 2,
        CountryRole::Leased | CountryRole::Disputed => 3,
    };
    let mut order: Vec<usize> = (0..atlas.countries.len()).collect();
    order.sort_by(|&a, &b| {
        let size = |i: usize| {
            geometry.countries.get(i).map_or(0.0, |g| {
                (g.bounds.max.x - g.bounds.min.x) * (g.bounds.max.y - g.bounds.min.y)
            })
        };
        rank(atlas.countries[a].role)
            .cmp(&rank(atlas.countries[b].role))
            .then(size(b).total_cmp(&size(a)))
    });
    order
}

impl eframe::App for CasaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    /// Called by eframe every 30 s and on exit: the state goes to our own file, written
    /// atomically (eframe's own storage rewrites its file in place).
    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        if let Some(path) = &self.state_file
            && let Err(e) = save_state(path, &self.state)
        {
            eprintln!(
                "casa: could not save the settings to {}: {e}",
                path.display()
            );
        }
    }
}

/// A feature's map label: its name, with the year for events whose name lacks it.
fn feature_label(feature: &crate::model::Feature) -> String {
    let year = feature
        .period
        .as_ref()
        .and_then(|p| p.from)
        .map(|d| d.year.to_string());
    match year {
        Some(y) if feature.kind.category() == Category::Event && !feature.name.contains(&y) => {
            format!("{} · {y}", feature.name)
        }
        _ => feature.name.clone(),
    }
}
