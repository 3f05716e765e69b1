//! The eframe application: lays out the panels, applies commands, saves state.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::corpus::Corpus;
use crate::data::{AssetSource, LoadIssue, Loaded, SeedSource, load_atlas};
use crate::hit_test::HitIndex;
use crate::model::{Atlas, CountryRole};
use crate::projection::Albers;
use crate::render::MapGeometry;
use crate::render::style::{Palette, Theme};
use crate::ui::map_view::{self, MapScene, MapView};
use crate::ui::{Command, about, menu, side_panel, status};

/// The key under which [`AppState`] is saved.
const STATE_KEY: &str = "casa-state";

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
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            theme: Theme::Light,
            show_graticule: true,
            camera: None,
        }
    }
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
    /// The map view.
    pub map: MapView,
    /// Where the assets came from (for messages).
    pub source: String,
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
        let state = if options.fresh {
            AppState::default()
        } else {
            cc.storage
                .and_then(|s| eframe::get_value::<AppState>(s, STATE_KEY))
                .unwrap_or_default()
        };
        let mut app = Self::from_loaded(loaded, state, options.assets.describe());
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
        } = loaded;
        let geometry = Arc::new(MapGeometry::build(&atlas, Albers::central_asia()));
        geometry.warm_fine_levels();
        let hit = HitIndex::build(&geometry);
        let label_order = label_order(&atlas, &geometry);
        let label_texts = atlas.countries.iter().map(map_view::label_text).collect();
        let map = MapView {
            camera: state.camera,
            user_moved: state.camera.is_some(),
            ..MapView::default()
        };
        Self {
            palette: Palette::of(state.theme),
            state,
            atlas,
            corpus,
            geometry,
            hit,
            issues,
            selected: None,
            map,
            source,
            about_open: false,
            label_order,
            label_texts,
            screenshot: None,
        }
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
            Command::Select(selection) => self.selected = selection,
            Command::SetTheme(theme) => {
                self.state.theme = theme;
                self.palette = Palette::of(theme);
                self.apply_theme(ctx);
            }
            Command::SetGraticule(on) => self.state.show_graticule = on,
            Command::ShowAbout(open) => self.about_open = open,
            Command::ResetView => self.map.reset(&self.geometry.projection),
        }
    }

    /// Draws the whole window; `App::ui` delegates here so tests need no eframe frame.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            commands.extend(menu::menu_bar(ui, &self.state));
        });
        if !self.issues.is_empty() {
            egui::Panel::top("load-issues").show(ui, |ui| {
                status::issues_banner(ui, &self.issues, &self.source);
            });
        }
        egui::Panel::right("side-panel")
            .default_size(320.0)
            .min_size(240.0)
            .show(ui, |ui| {
                commands.extend(side_panel::side_panel(ui, &self.atlas, self.selected));
            });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let scene = MapScene {
                atlas: &self.atlas,
                geometry: &self.geometry,
                hit: &self.hit,
                palette: &self.palette,
                selected: self.selected,
                graticule: self.state.show_graticule,
                label_order: &self.label_order,
                label_texts: &self.label_texts,
            };
            commands.extend(self.map.ui(ui, &scene));
        });
        commands.extend(about::about_window(ui.ctx(), self.about_open));
        self.state.camera = self.map.camera;
        let ctx = ui.ctx().clone();
        for command in commands {
            self.run_cmd(&ctx, command);
        }
        self.drive_screenshot(&ctx);
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

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, STATE_KEY, &self.state);
    }
}
