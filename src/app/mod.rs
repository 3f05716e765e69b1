//! The eframe application: it owns the sub-systems of [`crate::session`], lays out the
//! panels, applies the commands they return once per frame, and saves the settings.
//!
//! `impl CasaApp` is split by concern: `commands.rs` applies a [`Command`](crate::ui::Command), `frame.rs`
//! lays out one frame, `keyboard.rs` reads the shortcuts; `briefing.rs`, `drawing.rs`,
//! `authoring.rs`, `imports.rs`, `exports.rs` and `files.rs` apply what each area asks.
//! The two helpers it owns that talk to the platform, `dialogs.rs` and `screenshot.rs`,
//! know nothing of the app.

mod authoring;
mod briefing;
mod commands;
mod dialogs;
mod drawing;
mod exports;
mod files;
mod frame;
mod imports;
mod keyboard;
mod package;
mod screenshot;

use std::path::PathBuf;

use crate::data::{AssetSource, LoadIssue, Loaded, SeedSource, Severity, load_atlas};
use crate::render::document::Document;
use crate::render::style::{Palette, Theme};
use crate::session::authoring::Authoring;
use crate::session::drawing::Drawing;
use crate::session::exports::Exports;
use crate::session::imports::Imports;
use crate::session::maps::{MapView, Maps};
use crate::session::notices::Notices;
use crate::session::panels::Panels;
use crate::session::presentation::Presentation;
use crate::session::settings::{self, STATE_FILE, Settings};
use crate::sys::persist::{Claim, ClaimedFile};
use dialogs::Dialogs;
use screenshot::Screenshotter;

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
    /// Ignore the saved settings (start at the overview in the light theme).
    pub fresh: bool,
    /// The user's briefing file; `None`: `scenes.json` in the user's data folder.
    pub scenes: Option<PathBuf>,
    /// The settings file; `None`: `state.json` in the user's data folder.
    pub state: Option<PathBuf>,
    /// Start presenting at this scene (name or number; empty: the first).
    pub present: Option<String>,
    /// Files to open at start (`casa FILE…`, what a file association passes): a briefing
    /// package (`.casa`) is presented; any other file loads in the background as a layer
    /// like File ▸ Open layer…, and is remembered.
    pub open: Vec<PathBuf>,
    /// Crash reports of earlier runs not yet told of ([`crate::sys::crash::untold_reports`]):
    /// the banner names them.
    pub crash_reports: Vec<PathBuf>,
    /// Use the system's file dialogs (else CASA's own picker, as when the system has none;
    /// tests leave this off so no dialog opens on the desktop running them).
    pub native_dialogs: bool,
    /// Decode the relief on the UI thread the first time a style is shown (`--screenshot`,
    /// the tests: every frame is the whole picture); otherwise it is decoded in the
    /// background and appears when ready.
    pub wait_for_relief: bool,
}

/// The CASA application: sub-systems, each the one owner of its state.
pub struct CasaApp {
    /// What the user set, saved across restarts.
    pub settings: Settings,
    /// Where the settings are saved, claimed by this window (`None` with `--fresh`, or
    /// without a data folder).
    pub settings_file: Option<ClaimedFile>,
    /// The atlas, its articles and their caches.
    pub doc: Document,
    /// The maps on screen, what each side shows, and the selection.
    pub maps: Maps,
    /// The briefing and presentation mode.
    pub presentation: Presentation,
    /// The drawing tools and the drawings shown.
    pub drawing: Drawing,
    /// Adding articles, citations and features to the user's atlas.
    pub authoring: Authoring,
    /// Layers imported from files, and those loading.
    pub imports: Imports,
    /// Slides and decks: the windows' choices and what is being written.
    pub exports: Exports,
    /// What CASA tells the user: the banner's problems and each area's last word.
    pub notices: Notices,
    /// The panels' transient state.
    pub panels: Panels,
    /// The colours of the theme.
    palette: Palette,
    /// `--screenshot`: the capture to take, then quit.
    screenshot: Option<Screenshotter>,
    /// The file dialog or picker, when open.
    dialogs: Dialogs,
}

impl CasaApp {
    /// Builds the app from eframe's creation context: loads, restores settings, styles.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        // Names in scripts the embedded fonts lack: system fonts, found on first need.
        cc.egui_ctx
            .add_font_provider(crate::sys::fonts::system_provider());
        let user = options.user.clone().or_else(crate::data::default_user_dir);
        let loaded = crate::data::load_with_user(&options.assets, &options.seeds, user.as_deref());
        for issue in &loaded.issues {
            eprintln!("casa: {issue}");
        }
        // With --fresh the saved settings are neither read nor overwritten.
        let settings_path = (!options.fresh)
            .then(|| {
                options
                    .state
                    .clone()
                    .or_else(|| crate::sys::persist::user_data_dir().map(|d| d.join(STATE_FILE)))
            })
            .flatten();
        let (saved, settings_issue) = match &settings_path {
            Some(path) => settings::load(path),
            None => (Settings::default(), None),
        };
        let mut app = Self::from_loaded(loaded, saved, options.assets.describe());
        app.dialogs = Dialogs::new(options.native_dialogs);
        app.settings_file = settings_path.map(ClaimedFile::new);
        app.notices.problems.extend(settings_issue);
        app.check_sketch();
        if !app.claim_settings_file()
            && let Some(path) = app.settings_file.as_ref().map(ClaimedFile::path)
        {
            let issue = another_window(
                path,
                "these settings; this window saves them only once that one is closed",
            );
            app.notices.problems.push(issue);
        }
        let scenes_file = options.scenes.or_else(|| {
            crate::sys::persist::user_data_dir()
                .map(|d| d.join(crate::model::briefing::SCENES_FILE))
        });
        if let Some(path) = scenes_file {
            let path = std::path::absolute(&path).unwrap_or(path);
            app.presentation.packages_root = path
                .parent()
                .map(|dir| dir.join(crate::data::package::PACKAGES_DIR));
            app.presentation.own_file = Some(path.clone());
            app.use_briefing_file(path);
        }
        app.notices
            .problems
            .extend(options.crash_reports.iter().map(|report| LoadIssue {
                file: report.display().to_string(),
                feature: None,
                problem: "CASA stopped unexpectedly the last time it ran; this crash report says where (attach it to a bug report)".into(),
                severity: Severity::Notice,
                path: None,
            }));
        app.restore_imports();
        for path in &options.open {
            app.open_file(path.clone());
        }
        if let Some(query) = &options.present {
            app.start_presenting_at(&cc.egui_ctx, query);
        }
        app.maps.relief.wait = options.wait_for_relief;
        app.screenshot = options.screenshot.map(Screenshotter::new);
        app.apply_theme(&cc.egui_ctx);
        app
    }

    /// Builds the app from loaded data (tests and benchmarks use this directly).
    pub fn from_loaded(loaded: Loaded, settings: Settings, source: String) -> Self {
        let Loaded {
            atlas,
            corpus,
            issues,
            briefing,
            user,
        } = loaded;
        let doc = Document::build(atlas, corpus);
        doc.geometry.warm_fine_levels();
        let maps = Maps {
            main: MapView {
                camera: settings.camera,
                user_moved: settings.camera.is_some(),
                ..MapView::default()
            },
            ..Maps::default()
        };
        let mut app = Self {
            palette: Palette::of(settings.theme),
            settings,
            settings_file: None,
            doc,
            maps,
            presentation: Presentation::new(briefing),
            drawing: Drawing::default(),
            authoring: Authoring::default(),
            imports: Imports::default(),
            exports: Exports::default(),
            notices: Notices::new(source, issues),
            panels: Panels::default(),
            screenshot: None,
            dialogs: Dialogs::default(),
        };
        app.adopt_user_atlas(user);
        app.refresh_layers();
        app.refresh_overlay();
        app
    }

    /// The shipped atlas with default settings.
    pub fn with_shipped_atlas() -> Self {
        Self::from_loaded(
            load_atlas(&AssetSource::Embedded),
            Settings::default(),
            AssetSource::Embedded.describe(),
        )
    }

    /// Applies the theme to egui's widgets too.
    pub fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.settings.theme {
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

    /// The selected country.
    pub fn selected(&self) -> Option<usize> {
        self.maps.selection.country()
    }

    /// The selected feature of the atlas.
    pub fn selected_feature(&self) -> Option<usize> {
        self.maps.selection.feature()
    }

    /// The selected imported feature: (layer, feature).
    pub fn selected_import(&self) -> Option<(usize, usize)> {
        self.maps.selection.imported()
    }

    /// Whether this window may save the settings file (it holds the claim on it, or has
    /// none to hold): another window open on the same settings keeps them.
    fn claim_settings_file(&mut self) -> bool {
        self.settings_file
            .as_mut()
            .is_none_or(|f| f.ensure() != Claim::Refused)
    }

    /// Saves the settings atomically, unless another CASA window holds the file; a
    /// failure is listed in the banner (and `casa.log`), once.
    pub fn save_settings(&mut self) {
        if !self.claim_settings_file() {
            return;
        }
        let Some(path) = self.settings_file.as_ref().map(|f| f.path().to_path_buf()) else {
            return;
        };
        if let Err(e) = settings::save(&path, &self.settings) {
            self.notices.problem(LoadIssue {
                file: path.display().to_string(),
                feature: None,
                problem: format!("could not save the settings: {e}"),
                severity: Severity::Warning,
                path: None,
            });
        }
    }
}

impl eframe::App for CasaApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frame(ui);
        self.open_pending_dialog(frame);
    }

    /// Called by eframe every 30 s and on exit: the settings go to our own file, written
    /// atomically (eframe's own storage rewrites its file in place).
    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }
}

/// The notice that another CASA window holds one of the user's files.
fn another_window(path: &std::path::Path, what: &str) -> LoadIssue {
    LoadIssue {
        file: path.display().to_string(),
        feature: None,
        problem: format!("another CASA window is open with {what}"),
        severity: Severity::Notice,
        path: None,
    }
}
