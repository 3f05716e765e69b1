//! The eframe application: lays out the panels, applies commands, saves state.

mod authoring;
mod deck_export;
mod dialogs;
mod imports;
mod presenting;
mod sketching;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::compose::{ImportedView, Selection};
use crate::data::{AssetSource, LoadIssue, Loaded, SeedSource, load_atlas};
use crate::model::layers::SideState;
use crate::model::layers::{Visibility, YEARS};
use crate::render::document::Document;
use crate::render::style::{Palette, Theme};
pub use crate::session::{
    AppState, ExportChoice, ImportJob, Imported, ImportedEntry, LeftTab, PanelState, STATE_FILE,
    SceneDraft, Show, load_state, save_state,
};
use crate::ui::map_view::MapView;
use crate::ui::{
    Command, Draw, about, article, briefing_panel, compare_view, draw_window, export_window,
    layers_panel, menu, presenter, shortcuts, side_panel, status,
};
pub use imports::file_stamp;
use presenting::BriefingEdit;
pub use presenting::{CompareView, PRESENTER_ZOOM, load_user_briefing};

/// Seconds after the last keystroke in a form before its draft is saved.
const DRAFT_SAVE_SECONDS: f64 = 2.0;

/// How the app was asked to start.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// Where the assets come from.
    pub assets: AssetSource,
    /// Where the articles come from.
    pub seeds: SeedSource,
    /// The user's atlas folder; `None`: `atlas/` in the data folder.
    pub user: Option<PathBuf>,
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
    /// Files to open as layers at start (`casa FILE…`, what a file association passes);
    /// each loads in the background like File ▸ Open layer…, and is remembered.
    pub open: Vec<PathBuf>,
    /// Crash reports of earlier runs not yet told of ([`crate::sys::crash::untold_reports`]):
    /// the banner names them.
    pub crash_reports: Vec<PathBuf>,
    /// Use the system's file dialogs (else CASA's own picker, as when the system has none;
    /// tests leave this off so no dialog opens on the desktop running them).
    pub native_dialogs: bool,
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
    /// The atlas, its articles and their caches.
    pub doc: Document,
    /// What went wrong at load.
    pub issues: Vec<LoadIssue>,
    /// What is selected: one country, feature or imported feature at a time.
    pub selection: Selection,
    /// The panels' transient state.
    pub panels: PanelState,
    /// What the current layers and year show: visibility, memberships, counts.
    pub side: SideState,
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
    /// Where the state is saved (`None` with `--fresh`, or without a data folder).
    pub state_file: Option<PathBuf>,
    /// This window's claim on the state file, and whether another window held it.
    state_claim: (Option<crate::sys::persist::FileClaim>, bool),
    /// The outcome of the last import, for the layers panel.
    pub import_notice: Option<String>,
    /// Features whose labels the map never drops: the current scene's selection and the
    /// features its caption names.
    pub subjects: Vec<usize>,
    /// The drawings shown, projected: the current scene's annotations and the sketch
    /// (what the legend lists and a slide of the view carries).
    pub annotations: std::sync::Arc<crate::compose::Overlay>,
    /// The same with the drawing or measurement in progress: what the maps draw (both
    /// sides of a compare).
    pub on_screen: std::sync::Arc<crate::compose::Overlay>,
    /// The drawing tool in use and what it has placed.
    pub draft: Option<crate::edit::drawing::Draft>,
    /// The drawing whose points are being dragged: whose, which, and its points as
    /// dragged so far.
    pub reshaping: Option<crate::edit::drawing::Reshaping>,
    /// Undo and redo of annotation edits.
    pub history: crate::edit::drawing::History,
    /// Adding articles, citations and features to the user's atlas.
    pub authoring: authoring::Authoring,
    about_open: bool,
    palette: Palette,
    screenshot: Option<ScreenshotJob>,
    /// The file dialog or picker, when open.
    dialogs: dialogs::Dialogs,
}

impl CasaApp {
    /// Builds the app from eframe's creation context: loads, restores state, styles.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        // Names in scripts the embedded fonts lack: system fonts, found on first need.
        cc.egui_ctx
            .add_font_provider(crate::sys::fonts::system_provider());
        let user = options.user.clone().or_else(crate::data::default_user_dir);
        let loaded = crate::data::load_with_user(&options.assets, &options.seeds, user.as_deref());
        for issue in &loaded.issues {
            eprintln!("casa: {issue}");
        }
        // With --fresh the saved state is neither read nor overwritten.
        let state_file = (!options.fresh)
            .then(|| {
                options
                    .state
                    .clone()
                    .or_else(|| crate::sys::persist::user_data_dir().map(|d| d.join(STATE_FILE)))
            })
            .flatten();
        let (state, state_issue) = match &state_file {
            Some(path) => load_state(path),
            None => (AppState::default(), None),
        };
        let mut app = Self::from_loaded(loaded, state, options.assets.describe());
        app.dialogs = dialogs::Dialogs::new(options.native_dialogs);
        app.state_file = state_file;
        app.issues.extend(state_issue);
        app.check_sketch();
        if !app.claim_state_file() {
            app.issues.extend(app.state_file.as_deref().map(|path| {
                another_window(
                    path,
                    "these settings; this window saves them only once that one is closed",
                )
            }));
        }
        let scenes_file = options.scenes.or_else(|| {
            crate::sys::persist::user_data_dir()
                .map(|d| d.join(crate::model::briefing::SCENES_FILE))
        });
        if let Some(path) = scenes_file {
            app.use_briefing_file(path);
        }
        app.issues
            .extend(options.crash_reports.iter().map(|report| LoadIssue {
                file: report.display().to_string(),
                feature: None,
                problem: "CASA stopped unexpectedly the last time it ran; this crash report says where (attach it to a bug report)".into(),
                severity: crate::data::Severity::Notice,
                path: None,
            }));
        app.restore_imports();
        for path in &options.open {
            // Absolute, so the remembered layer is found again from another folder.
            app.open_layer(std::path::absolute(path).unwrap_or_else(|_| path.clone()));
        }
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
            user,
        } = loaded;
        let doc = Document::build(atlas, corpus);
        doc.geometry.warm_fine_levels();
        let map = MapView {
            camera: state.camera,
            user_moved: state.camera.is_some(),
            ..MapView::default()
        };
        let mut app = Self {
            palette: Palette::of(state.theme),
            state,
            doc,
            issues,
            selection: Selection::None,
            panels: PanelState::default(),
            side: SideState::default(),
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
            state_file: None,
            state_claim: (None, false),
            import_notice: None,
            subjects: Vec::new(),
            annotations: std::sync::Arc::default(),
            on_screen: std::sync::Arc::default(),
            draft: None,
            reshaping: None,
            history: crate::edit::drawing::History::default(),
            authoring: authoring::Authoring::default(),
            about_open: false,
            screenshot: None,
            dialogs: dialogs::Dialogs::default(),
        };
        app.adopt_user_atlas(user);
        app.refresh_layers();
        app.refresh_overlay();
        app
    }

    /// Recomputes what is shown after the layers or the year changed.
    pub fn refresh_layers(&mut self) {
        self.side = SideState::new(&self.doc.atlas, self.state.layers.clone());
        if self.selection.feature().is_some_and(|i| {
            self.side.visibility.get(i) == Some(&Visibility::Hidden)
                && self
                    .compare
                    .as_ref()
                    .is_none_or(|c| c.side.visibility.get(i) == Some(&Visibility::Hidden))
        }) {
            self.selection = Selection::None;
        }
        self.refresh_compare();
    }

    /// Flies the map to show a world box (see [`Camera::fit_world`]).
    pub(crate) fn fly_to_bounds(&mut self, bounds: crate::geo::projection::WorldBounds, now: f64) {
        let Some(viewport) = self.map.viewport else {
            return;
        };
        let current = self.map.camera.map_or(2_000.0, |c| c.metres_per_point);
        let to = crate::geo::camera::Camera::fit_world(bounds, viewport.size(), current);
        self.map.fly_to(to.center, to.metres_per_point, now);
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
                self.selection = selection.map_or(Selection::None, Selection::Country);
            }
            Command::SelectFeature(selection) => {
                self.selection = selection.map_or(Selection::None, Selection::Feature);
            }
            Command::SelectImported(selection) => {
                self.selection =
                    selection.map_or(Selection::None, |(l, f)| Selection::Imported(l, f));
            }
            Command::OpenLayer(path) => self.open_layer(path),
            Command::CancelImport(i) => self.cancel_import(i),
            Command::SetImportVisible(i, on) => self.set_import_visible(i, on),
            Command::SoloImport(i) => self.solo_import(i),
            Command::RemoveImport(i) => self.remove_import(i),
            Command::ZoomToImport(i) => self.zoom_to_import(i, ctx.input(|i| i.time)),
            Command::FlyToFeature(index) => {
                if self.side.visibility.get(index) == Some(&Visibility::Hidden) {
                    // Searching for a hidden feature shows its layer again.
                    if let Some(f) = self.doc.atlas.features.get(index) {
                        self.state
                            .layers
                            .set(crate::model::layers::FeatureLayer::of(f), true);
                        self.state.layers.year = None;
                        self.refresh_layers();
                    }
                }
                if let Some(g) = self.doc.content.geometry.features.get(index) {
                    let bounds = g.bounds;
                    self.fly_to_bounds(bounds, ctx.input(|i| i.time));
                }
                self.selection = Selection::Feature(index);
            }
            Command::FlyToCountry(index) => {
                if let Some(g) = self.doc.geometry.countries.get(index) {
                    let bounds = g.bounds;
                    self.fly_to_bounds(bounds, ctx.input(|i| i.time));
                }
                self.selection = Selection::Country(index);
            }
            Command::SetLayers(layers) => match &mut self.compare {
                Some(c) if c.editing => {
                    c.side.layers = layers;
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
            Command::OpenArticle(article, range) => self.open_article(Some((article, range))),
            Command::CloseArticle => self.open_article(None),
            Command::ShowShortcuts(open) => self.panels.shortcuts_open = open,
            Command::SetTheme(theme) => {
                self.state.theme = theme;
                self.palette = Palette::of(theme);
                self.apply_theme(ctx);
            }
            Command::SetGraticule(on) => self.state.show_graticule = on,
            Command::ShowAbout(open) => self.about_open = open,
            Command::ResetView => self.map.reset(&self.doc.geometry.projection),
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
            Command::Draw(draw) => self.sketch_command(draw),
            Command::Author(author) => self.author(author),
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
            Command::ShowExport(_)
            | Command::ExportSlide { .. }
            | Command::ShowDeckExport(_)
            | Command::ExportDeck { .. }
            | Command::CancelDeck
            | Command::SetBanner(_) => self.run_export_cmd(command),
            Command::ChooseFile(action) => self.choose_file(action),
        }
    }

    /// Opens the reader on an article at a span, or closes it; a passage selected in
    /// another article is forgotten.
    fn open_article(&mut self, at: Option<(usize, std::ops::Range<usize>)>) {
        let same = matches!((&self.panels.article, &at), (Some((a, _)), Some((b, _))) if a == b);
        if !same {
            self.authoring.passage = None;
        }
        self.panels.scroll_article = at.is_some();
        self.panels.article = at;
    }

    /// Draws the whole window; `App::ui` delegates here so tests need no eframe frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.set_zoom(ui.ctx());
        self.poll_export(ui.ctx());
        self.poll_deck(ui.ctx());
        self.poll_imports(ui.ctx());
        self.poll_dialog(ui.ctx());
        let mut commands = self.keyboard(ui.ctx());
        commands.extend(self.play(ui.ctx()));
        commands.extend(dropped_files(ui.ctx()));
        if self.show.presenter {
            egui::Panel::bottom("caption-bar").show(ui, |ui| {
                commands.extend(presenter::caption_bar(
                    ui,
                    &self.show,
                    self.state.presenter_legend,
                    &self.doc.corpus,
                    &self.palette,
                ));
            });
        } else {
            commands.extend(self.top_and_left(ui));
        }
        if !self.show.presenter || self.selection != Selection::None {
            egui::Panel::right("side-panel")
                .default_size(360.0)
                .min_size(260.0)
                .max_size(460.0)
                .show(ui, |ui| commands.extend(self.right_panel(ui)));
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            commands.extend(self.maps(ui));
            self.drop_hint(ui);
        });
        commands.extend(self.windows(ui.ctx()));
        self.picker(ui.ctx());
        self.state.camera = self.map.camera;
        let ctx = ui.ctx().clone();
        // What a command changes is drawn on the next frame: ask for it now, or it would
        // wait for the next input event (an article window opened only when the pointer
        // moved again).
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        for command in commands {
            self.run_cmd(&ctx, command);
        }
        self.drive_screenshot(&ctx);
    }

    /// Presenter mode draws everything larger; set here, every frame, because egui also
    /// saves the zoom with its memory (a session quit while presenting must not start the
    /// next one enlarged).
    fn set_zoom(&self, ctx: &egui::Context) {
        let zoom = if self.show.presenter {
            PRESENTER_ZOOM
        } else {
            1.0
        };
        if ctx.zoom_factor() != zoom {
            ctx.set_zoom_factor(zoom);
        }
    }

    /// The menu bar, the data-problems banner and the left panel.
    fn top_and_left(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            let draw = menu::DrawMenu {
                tool: self.draft.as_ref().map(|d| d.tool),
                can_undo: self.history.can_undo(),
                can_redo: self.history.can_redo(),
            };
            commands.extend(menu::menu_bar(
                ui,
                &self.state,
                self.compare.is_some(),
                draw,
                self.authoring.can_undo_redo(),
            ));
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
        commands
    }

    /// The right panel: the compare view's change list, then what is selected.
    fn right_panel(&self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Some(c) = &self.compare {
            let years = (
                self.state.layers.membership_year(),
                c.side.layers.membership_year(),
            );
            commands.extend(compare_view::change_list(ui, &c.changes, years));
            ui.separator();
        }
        let imported = self.selection.imported().and_then(|(l, f)| {
            let i = self.imports.get(l)?;
            Some((i, i.layer.features.get(f)?, l))
        });
        if let Some((layer, feature, index)) = imported {
            commands.extend(side_panel::imported_feature(
                ui,
                layer,
                feature,
                index,
                &self.palette,
            ));
            return commands;
        }
        let view = side_panel::SideView {
            atlas: &self.doc.atlas,
            corpus: &self.doc.corpus,
            related: &self.doc.content.related,
            visibility: &self.side.visibility,
            year: self.state.layers.membership_year(),
            palette: &self.palette,
            // Editing is not offered to the audience.
            added: self
                .authoring
                .part
                .as_ref()
                .filter(|_| !self.show.presenter)
                .map(|p| &p.added),
        };
        commands.extend(side_panel::side_panel(
            ui,
            &view,
            self.selection.country(),
            self.selection.feature(),
        ));
        commands
    }

    /// A file dragged over the window: say what dropping it does.
    fn drop_hint(&self, ui: &egui::Ui) {
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
    }

    /// The windows: About, shortcuts, slide export, speaker notes, the article.
    fn windows(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands: Vec<Command> = about::about_window(ctx, self.about_open)
            .into_iter()
            .collect();
        commands.extend(shortcuts::shortcuts_window(ctx, self.panels.shortcuts_open));
        if let Some(r) = &self.reshaping {
            let what = r.working.describe();
            commands.extend(draw_window::reshape_window(
                ctx,
                &what,
                &mut self.panels.reshape_text,
                self.show.notice.as_deref(),
            ));
        }
        if let Some(draft) = &mut self.draft {
            let before = draft.clone();
            let scene = self
                .show
                .current
                .and_then(|i| self.show.briefing.scenes.get(i))
                .map(|s| s.name.as_str());
            commands.extend(draw_window::draw_window(
                ctx,
                draft,
                &mut self.panels.typed_point,
                scene,
                self.show.notice.as_deref(),
            ));
            // A radius, label or colour typed shows on the map at once.
            if *draft != before {
                self.refresh_overlay();
            }
        }
        commands.extend(export_window::export_window(
            ctx,
            &mut self.panels.export,
            &self.show.briefing.scenes,
            self.show.notice.as_deref(),
        ));
        commands.extend(export_window::deck_window(
            ctx,
            &mut self.panels.deck,
            self.show.briefing.scenes.len(),
            self.show.deck.as_ref(),
            self.show.notice.as_deref(),
        ));
        if self.show.presenter && self.show.notes_window {
            commands.extend(presenter::notes_window(ctx, &self.show));
        }
        if let Some((index, range)) = self.panels.article.clone() {
            let scroll = std::mem::take(&mut self.panels.scroll_article);
            let a = &mut self.authoring;
            let citing = article::Citing {
                on: &mut a.citing,
                passage: a.passage.as_mut().map(|(p, q)| (&*p, q)),
                cite_on: &mut a.cite_on,
                features: self
                    .doc
                    .atlas
                    .features
                    .iter()
                    .map(|f| (f.id.clone(), f.name.clone()))
                    .collect(),
                notice: a.notice.as_ref(),
                users: self.doc.corpus.articles.get(index).is_some_and(|art| {
                    a.part
                        .as_ref()
                        .is_some_and(|p| p.added.articles.contains(&art.meta.id))
                }),
                cite_membership: &mut a.cite_membership,
                memberships: self
                    .doc
                    .atlas
                    .memberships
                    .iter()
                    .map(|m| {
                        let country = self
                            .doc
                            .atlas
                            .country(&m.country)
                            .map_or(m.country.0.as_str(), |c| c.name.as_str());
                        format!(
                            "{} · {country} · {} from {}",
                            m.organisation,
                            m.status.label(),
                            m.from
                        )
                    })
                    .collect(),
            };
            commands.extend(article::article_window(
                ctx,
                &self.doc.corpus,
                index,
                range,
                scroll,
                &self.palette,
                citing,
            ));
        }
        commands.extend(self.authoring_windows(ctx));
        commands
    }

    /// The forms adding to the user's atlas, when open.
    fn authoring_windows(&mut self, ctx: &egui::Context) -> Vec<Command> {
        use crate::ui::authoring;
        let mut commands = Vec::new();
        let drafts = (
            self.state.article_draft.clone(),
            self.state.feature_draft.clone(),
            self.state.correction_draft.clone(),
        );
        let notice = self.authoring.notice.as_ref();
        if let Some(draft) = &mut self.state.article_draft {
            commands.extend(authoring::article_form(
                ctx,
                draft,
                &mut self.authoring.mark,
                notice,
            ));
        }
        if let Some(draft) = &mut self.state.feature_draft {
            commands.extend(authoring::feature_form(
                ctx,
                draft,
                self.authoring.placing,
                &self.doc.corpus,
                notice,
            ));
        }
        if let Some(draft) = &mut self.state.correction_draft {
            let name = self
                .doc
                .atlas
                .feature(&draft.feature)
                .map_or(draft.feature.clone(), |f| f.name.clone());
            commands.extend(authoring::correction_form(ctx, draft, &name, notice));
        }
        if let Some(merge) = &mut self.authoring.merge {
            commands.extend(authoring::import_window(ctx, merge, notice));
        }
        // What is typed in a form is saved with the settings within seconds, so a crash
        // loses none of it.
        let now = ctx.input(|i| i.time);
        let unchanged = drafts.0 == self.state.article_draft
            && drafts.1 == self.state.feature_draft
            && drafts.2 == self.state.correction_draft;
        if !unchanged {
            self.authoring.typed_at = Some(now);
        }
        if let Some(at) = self.authoring.typed_at {
            if now - at >= DRAFT_SAVE_SECONDS {
                self.authoring.typed_at = None;
                self.save_settings();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(DRAFT_SAVE_SECONDS));
            }
        }
        commands
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
            return briefing_panel::briefing_panel(
                ui,
                &self.show,
                &self.state.sketch,
                &mut self.panels,
            );
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
                    (&c.side.layers, &c.side.summary)
                } else {
                    (&self.state.layers, &self.side.summary)
                }
            }
            None => (&self.state.layers, &self.side.summary),
        };
        commands.extend(layers_panel::layers_panel(
            ui,
            &self.doc.atlas,
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
        // While a tool is in use, clicks on either map place points; while a drawing is
        // reshaped, its handles are dragged.
        let handles = self.handles();
        self.map.drawing = self.draft.is_some() || self.authoring.placing;
        self.map.handles.clone_from(&handles);
        if let Some(c) = &mut self.compare {
            c.map.drawing = self.draft.is_some();
            c.map.handles = handles;
        }
        let imported: Vec<ImportedView<'_>> = self.imports.iter().map(Imported::view).collect();
        let selection = self.selection;
        let (doc, palette, subjects) = (&self.doc, &self.palette, &self.subjects);
        let annotations = &self.on_screen;
        let graticule = self.state.show_graticule;
        let scene = |side| {
            let mut scene = side_scene(
                doc, side, palette, graticule, &imported, selection, subjects,
            );
            scene.annotations = annotations;
            scene
        };
        let left = scene(&self.side);
        match &mut self.compare {
            None => commands.extend(self.map.ui(ui, &left)),
            Some(CompareView {
                map: right_map,
                side,
                divider,
                ..
            }) => {
                let (l, r) = compare_view::split(ui, full, divider, &self.palette);
                let right = scene(side);
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
            self.presenter_legend(ui, full);
        }
        commands
    }

    /// The selected country.
    pub fn selected(&self) -> Option<usize> {
        self.selection.country()
    }

    /// The selected feature of the atlas.
    pub fn selected_feature(&self) -> Option<usize> {
        self.selection.feature()
    }

    /// The selected imported feature: (layer, feature).
    pub fn selected_import(&self) -> Option<(usize, usize)> {
        self.selection.imported()
    }

    /// The legend of what both maps show, over them, named for screen readers.
    fn presenter_legend(&self, ui: &mut egui::Ui, full: egui::Rect) {
        let mut shown = self.map.drawn_features.clone();
        let mut occupied = self.map.drawn_rects.clone();
        let mut marks = self.side.marks.clone();
        if let Some(c) = &self.compare {
            shown.extend(&c.map.drawn_features);
            occupied.extend(&c.map.drawn_rects);
            marks.extend(c.side.marks.iter().cloned());
        }
        shown.sort_unstable();
        shown.dedup();
        marks.sort_by_key(|m| m.organisation);
        let mut items =
            crate::render::legend::legend(&self.doc.atlas, &self.palette, shown, &marks);
        items.extend(crate::compose::annotations::legend_items(
            &self.annotations,
            &self.palette,
        ));
        if let Some(rect) = presenter::draw_legend(ui, full, &self.palette, &items, &occupied) {
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

    /// Shortcuts that work anywhere: Ctrl+F, F1; and the presentation keys: F5 and Esc,
    /// PageDown/PageUp and Space (what clickers send) step through the scenes, and in
    /// presenter mode the arrow keys too (outside it they pan the map).
    fn keyboard(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = Vec::new();
        let typing = ctx.egui_wants_keyboard_input();
        let presenting = self.show.presenter;
        let drawing = self.draft.is_some();
        let reshaping = self.reshaping.is_some();
        ctx.input_mut(|i| {
            if i.consume_shortcut(&crate::ui::shortcuts::SEARCH) {
                self.panels.focus_search = true;
            }
            if i.consume_shortcut(&crate::ui::shortcuts::OPEN_LAYER) {
                commands.push(Command::ChooseFile(crate::ui::FileAction::OpenLayer));
            }
            if i.consume_key(egui::Modifiers::NONE, egui::Key::F1) {
                commands.push(Command::ShowShortcuts(!self.panels.shortcuts_open));
            }
            if typing {
                return;
            }
            // Redo first: Ctrl+Shift+Z would also match Ctrl+Z.
            if i.consume_shortcut(&crate::ui::shortcuts::REDO) {
                commands.push(Command::Draw(Draw::Redo));
            } else if i.consume_shortcut(&crate::ui::shortcuts::UNDO) {
                commands.push(Command::Draw(Draw::Undo));
            }
            if reshaping && i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                commands.push(Command::Draw(Draw::StopEditing));
            }
            if drawing {
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                    commands.push(Command::Draw(Draw::Tool(None)));
                }
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
                    commands.push(Command::Draw(Draw::FinishDrawing { to_sketch: false }));
                }
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Backspace) {
                    commands.push(Command::Draw(Draw::UndoPoint));
                }
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

/// Files dropped on the window become layers.
fn dropped_files(ctx: &egui::Context) -> Vec<Command> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .map(Command::OpenLayer)
            .collect()
    })
}

/// One side's map as the composer takes it.
fn side_scene<'a>(
    doc: &'a Document,
    side: &'a SideState,
    palette: &'a Palette,
    graticule: bool,
    imported: &'a [ImportedView<'a>],
    selection: Selection,
    subjects: &'a [usize],
) -> crate::compose::MapScene<'a> {
    let mut scene =
        crate::compose::MapScene::of(doc, side, palette, graticule, imported, selection);
    scene.subjects = subjects;
    scene
}

impl eframe::App for CasaApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.show(ui);
        self.open_pending_dialog(frame);
    }

    /// Called by eframe every 30 s and on exit: the state goes to our own file, written
    /// atomically (eframe's own storage rewrites its file in place).
    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }
}

impl CasaApp {
    /// Whether this window may save the state file (it holds the claim on it, or has none
    /// to hold): another window open on the same settings keeps them.
    fn claim_state_file(&mut self) -> bool {
        let Some(path) = &self.state_file else {
            return true;
        };
        let (slot, refused) = &mut self.state_claim;
        crate::sys::persist::FileClaim::ensure(slot, refused, path)
            != crate::sys::persist::Claim::Refused
    }

    /// Saves the settings atomically, unless another CASA window holds the state file.
    pub fn save_settings(&mut self) {
        if !self.claim_state_file() {
            return;
        }
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

/// The warning that another CASA window holds one of the user's files.
fn another_window(path: &std::path::Path, what: &str) -> LoadIssue {
    LoadIssue {
        file: path.display().to_string(),
        feature: None,
        problem: format!("another CASA window is open with {what}"),
        severity: crate::data::Severity::Notice,
        path: None,
    }
}
