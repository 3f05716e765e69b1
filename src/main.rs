//! The `casa` binary: parses the command line, then opens the window.
//!
//! On Windows the release binary is a GUI program (no console window opens beside the map,
//! and closing one cannot kill the app); run from a terminal, it attaches to that terminal's
//! console so `casa check`, `casa export` and `--help` print there (and lets it go before
//! the window opens, so closing the terminal leaves the map open). One binary rather than
//! a second console one: one file to install, associate and put on the PATH; the price is
//! that cmd.exe does not wait for a GUI program, so a script reads the exit status with
//! `start /wait casa check` (PowerShell: `casa check | Out-Host`).
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::ExitCode;

use casa::app::{AppOptions, CasaApp};
use casa::data::{AssetSource, SeedSource};
use clap::{Parser, Subcommand};

/// mimalloc keeps freed pages for reuse; with glibc's malloc the large buffers egui's
/// tessellator builds each frame are returned to the kernel and faulted in again, which
/// cost a third of a dense frame (measured with `cargo bench --bench content`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CASA, the Central Asia Security Atlas. Without a command, opens the map (with the files
/// given as layers).
#[derive(Parser, Debug)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files to open (what "Open with CASA" passes): a briefing package (.casa) is
    /// presented; GeoJSON, CSV, KML/KMZ, GPX, Shapefiles and GeoPackages open as layers.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Read the map assets (borders, features, memberships) from this folder instead of the
    /// shipped (embedded) atlas.
    #[arg(long, value_name = "DIR", global = true)]
    assets: Option<PathBuf>,
    /// Read the articles and their metadata (articles.json) from this folder instead of the
    /// shipped (embedded) corpus.
    #[arg(long, value_name = "DIR", global = true)]
    seeds: Option<PathBuf>,
    /// Your own atlas (articles, features and citations you added), layered over the
    /// shipped one: this folder instead of atlas/ in your data folder.
    #[arg(long, value_name = "DIR", global = true)]
    user: Option<PathBuf>,
    /// Your briefing file (scenes): read from and saved to this file instead of
    /// scenes.json in your data folder.
    #[arg(long, value_name = "FILE", global = true)]
    scenes: Option<PathBuf>,
    /// Save a PNG screenshot of the window after the first frames, then quit.
    #[arg(long, value_name = "PATH")]
    screenshot: Option<PathBuf>,
    /// Window size in points, as WIDTHxHEIGHT.
    #[arg(long, value_name = "WxH", default_value = "1600x1000", value_parser = parse_size)]
    size: [f32; 2],
    /// Start from default settings, ignoring the saved state.
    #[arg(long)]
    fresh: bool,
    /// Start presenting (full screen) at a scene, by name or number; without a value, at
    /// the first scene.
    #[arg(long, value_name = "SCENE", num_args = 0..=1, default_missing_value = "")]
    present: Option<String>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate the assets and articles: one line per problem, then a summary. Exits with
    /// status 1 if anything had to be skipped. With --layer, validate those files instead
    /// (GeoJSON, CSV, KML/KMZ, GPX, a zipped Shapefile or a .shp).
    Check {
        /// A layer file to validate (GeoJSON or CSV; repeat for more); nothing is drawn.
        #[arg(long = "layer", value_name = "FILE")]
        layers: Vec<PathBuf>,
        /// With --layer: list every problem, not one line per kind.
        #[arg(long, requires = "layers")]
        verbose: bool,
        /// With --layer: exit with status 1 on warnings too (RFC 7946 problems, repairs,
        /// a layer with nothing to draw).
        #[arg(long, requires = "layers")]
        strict: bool,
    },
    /// Print what CASA knows about a feature (by id, name or alias, spelling-tolerant): its
    /// facts and every excerpt with its citation.
    Info {
        /// An id, name or alias, e.g. "Kant" or "Wakan corridor".
        query: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The geodesic distance (km, WGS84) and initial bearing from A to B: each a feature
    /// (id or name), a capital, or lat,lon in decimal degrees. An ambiguous name lists
    /// its candidates; a name matching nothing exits with status 1.
    Measure {
        /// Where from: "Kant", "kant-air-base", "Astana" or "42.85,74.85".
        #[arg(allow_hyphen_values = true)]
        a: String,
        /// Where to, the same way (a southern or western "-12.5,-60" too).
        #[arg(allow_hyphen_values = true)]
        b: String,
    },
    /// Draw a slide without a window or GPU: the map of a scene (or the overview) with its
    /// legend, caption, "as of" stamp and a footnote citing the articles, as PNG, SVG or PDF.
    /// With --briefing, the whole briefing: one PDF deck, or a folder of PNG slides.
    Export {
        /// A scene of the briefing, by name or number (e.g. "2021 against 2024" or 6);
        /// without it, the overview with every feature layer.
        #[arg(long, conflicts_with = "briefing")]
        scene: Option<String>,
        /// Every scene of the briefing (--scenes FILE, else yours, else the shipped one):
        /// with --out deck.pdf a title page, a page per scene and a sources page; with
        /// --out DIR/ (or an existing folder) one PNG per scene (01-name.png ...) at --size.
        #[arg(long)]
        briefing: bool,
        /// With --briefing and a PDF: a speaker-notes page after each scene (the scene
        /// small, its notes below), for the presenter's copy.
        #[arg(long, requires = "briefing")]
        notes: bool,
        /// A handling mark printed at the top and bottom of every page ("UNCLASSIFIED");
        /// without it, the briefing's own, if it has one; --banner "" for none.
        #[arg(long, value_name = "TEXT")]
        banner: Option<String>,
        /// A layer file to draw as an extra layer (GeoJSON or CSV; repeat for more).
        #[arg(long = "layer", value_name = "FILE")]
        layers: Vec<PathBuf>,
        /// Exit with status 1 (after writing) if a layer has warnings, skipped features or
        /// nothing to draw.
        #[arg(long)]
        strict: bool,
        /// Pixels, as WIDTHxHEIGHT (1920x1080, 3840x2160, ...), of a PNG (a PDF page is
        /// 960 x 540 points whatever this says).
        #[arg(long, value_name = "WxH", default_value = "1920x1080", value_parser = parse_pixels)]
        size: [u32; 2],
        /// The file to write: .png, .svg or .pdf (with --briefing: .pdf, or a folder).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Use the dark theme.
        #[arg(long)]
        dark: bool,
        /// The relief under the maps: hillshade (the default when the flag is given alone),
        /// tints (hillshade with elevation colours) or off, for every slide whose scene
        /// does not ask for its own.
        #[arg(long, value_name = "STYLE", num_args = 0..=1, default_missing_value = "hillshade", value_parser = parse_relief)]
        relief: Option<casa::model::layers::ReliefStyle>,
        /// The atlas as data for GIS instead of a slide: gpkg (GeoPackage), kmz (Google
        /// Earth, with CASA's icons), kml, geojson or csv (with NAME-memberships.csv
        /// beside it); alone, the format --out's extension names. The whole atlas, or with
        /// --scene what the scene shows (its layers, groupings and year).
        #[arg(long, value_name = "FORMAT", num_args = 0..=1, default_missing_value = "auto", conflicts_with_all = ["briefing", "layers", "relief", "dark", "banner"])]
        data: Option<String>,
    },
}

fn parse_relief(s: &str) -> Result<casa::model::layers::ReliefStyle, String> {
    casa::model::layers::ReliefStyle::from_key(s)
        .ok_or_else(|| format!("expected hillshade, tints or off, not {s:?}"))
}

fn parse_pixels(s: &str) -> Result<[u32; 2], String> {
    let (w, h) = s
        .split_once('x')
        .ok_or("expected WIDTHxHEIGHT, e.g. 1920x1080")?;
    let w: u32 = w.trim().parse().map_err(|_| format!("bad width {w:?}"))?;
    let h: u32 = h.trim().parse().map_err(|_| format!("bad height {h:?}"))?;
    Ok([w, h])
}

fn parse_size(s: &str) -> Result<[f32; 2], String> {
    let (w, h) = s
        .split_once('x')
        .ok_or("expected WIDTHxHEIGHT, e.g. 1600x1000")?;
    let w: f32 = w.trim().parse().map_err(|_| format!("bad width {w:?}"))?;
    let h: f32 = h.trim().parse().map_err(|_| format!("bad height {h:?}"))?;
    if !(200.0..=10_000.0).contains(&w) || !(200.0..=10_000.0).contains(&h) {
        return Err("width and height must be between 200 and 10000".into());
    }
    Ok([w, h])
}

/// Windows: the console of the terminal CASA was started from (a GUI program has none of
/// its own), for the subcommands and `--help` to print in.
#[cfg(windows)]
#[allow(unsafe_code)]
mod console {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole, FreeConsole};

    /// Attaches to the parent's console, if it has one; whether it had.
    pub fn attach() -> bool {
        // SAFETY: AttachConsole takes a process id by value and touches no memory of ours;
        // it fails harmlessly (returns 0) when the parent has no console.
        unsafe { AttachConsole(ATTACH_PARENT_PROCESS) != 0 }
    }

    /// Lets the console go before the window opens: a window attached to the terminal
    /// would be closed with it (and by Ctrl+C there).
    pub fn detach() {
        // SAFETY: FreeConsole takes no arguments; without a console it fails harmlessly.
        unsafe {
            FreeConsole();
        }
    }
}

/// Windows only: the app id of the Start-menu shortcut, and a message box when the window
/// cannot open.
#[cfg(windows)]
#[allow(unsafe_code)]
mod windows {
    use std::path::Path;

    /// NUL-terminated UTF-16, as the Win32 calls take text.
    fn wide(text: &str) -> Vec<u16> {
        text.encode_utf16().chain(std::iter::once(0)).collect()
    }

    /// Sets the process's AppUserModelID to the one the installers give the Start-menu
    /// shortcut (packaging/windows), so that a pinned CASA and the running window are one
    /// taskbar button.
    pub fn set_app_id() {
        let id = wide(casa::APP_ID);
        // SAFETY: `id` is a NUL-terminated UTF-16 string alive for the call, which copies
        // it; a failure (returned, not raised) only leaves Windows' own id.
        unsafe {
            windows_sys::Win32::UI::Shell::SetCurrentProcessExplicitAppUserModelID(id.as_ptr());
        }
    }

    /// A message box naming why the window could not open and where the log is.
    pub fn tell_window_failed(reason: &str, log_dir: Option<&Path>) {
        let log = log_dir.map_or_else(
            || "CASA has no folder for its log on this machine.".to_owned(),
            |dir| {
                let log = dir.join(casa::sys::crash::LOG_FILE);
                format!("The log is {}.", log.display())
            },
        );
        let text = wide(&format!(
            "CASA could not open its window:\n\n{reason}\n\n\
             This happens on some virtual machines, over Remote Desktop and with old \
             graphics drivers. Updating the graphics driver may help; the command line \
             (casa check, casa export) works without a window.\n\n{log}"
        ));
        let title = wide("CASA");
        use windows_sys::Win32::UI::WindowsAndMessaging::{MB_ICONERROR, MB_OK, MessageBoxW};
        // SAFETY: both strings are NUL-terminated UTF-16 alive for the call; no owner window.
        unsafe {
            MessageBoxW(
                std::ptr::null_mut(),
                text.as_ptr(),
                title.as_ptr(),
                MB_OK | MB_ICONERROR,
            );
        }
    }
}

fn main() -> ExitCode {
    #[cfg(windows)]
    let in_terminal = console::attach();
    let cli = Cli::parse();
    let data_dir = casa::sys::persist::user_data_dir();
    let log_dir = casa::sys::persist::user_log_dir();
    casa::sys::crash::install(log_dir.clone());
    // Test builds only: a way for the tests to crash the real binary.
    #[cfg(debug_assertions)]
    if std::env::var_os("CASA_TEST_PANIC").is_some() {
        panic!("CASA_TEST_PANIC is set: a test of the crash report");
    }
    let assets = cli.assets.map_or(AssetSource::Embedded, AssetSource::Dir);
    let seeds = cli.seeds.map_or(SeedSource::Embedded, SeedSource::Dir);
    if let Some(command) = cli.command {
        let user = cli.user.or_else(casa::data::default_user_dir);
        return run_command(command, &assets, &seeds, user.as_deref(), cli.scenes);
    }
    #[cfg(windows)]
    {
        console::detach();
        windows::set_app_id();
    }
    let screenshot = cli.screenshot.is_some();
    let options = AppOptions {
        assets,
        seeds,
        user: cli.user,
        fresh: cli.fresh || cli.screenshot.is_some(),
        screenshot: cli.screenshot,
        scenes: cli.scenes,
        present: cli.present,
        state: None,
        open: cli.files,
        crash_reports: log_dir
            .as_deref()
            .map(casa::sys::crash::untold_reports)
            .unwrap_or_default(),
        native_dialogs: true,
        wait_for_relief: screenshot,
    };
    casa::sys::crash::install_logger(log_dir.clone());
    let log = |line: &str| {
        if let Some(dir) = &log_dir {
            casa::sys::crash::log(dir, line);
        }
    };
    log(&format!("CASA {} started", env!("CARGO_PKG_VERSION")));
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("CASA — Central Asia Security Atlas")
        // The desktop entry's name: the window manager matches the window to its icon.
        .with_app_id(casa::APP_ID);
    if let Some((rgba, width, height)) = casa::sys::icon::window_icon_rgba() {
        viewport = viewport.with_icon(egui::IconData {
            rgba,
            width,
            height,
        });
    }
    let native = eframe::NativeOptions {
        viewport: viewport
            .with_inner_size(cli.size)
            .with_min_inner_size([640.0, 420.0]),
        // The app installs its system font provider itself (shared with the slides).
        system_font_fallback: false,
        // eframe's own file (window size and place) in the data folder, where it always
        // was: eframe would otherwise name its folder after the app id, and ignore
        // CASA_DATA_DIR.
        persistence_path: data_dir.as_ref().map(|dir| dir.join("app.ron")),
        // A screenshot run opens at exactly --size, whatever the last window was.
        persist_window: !screenshot,
        ..Default::default()
    };
    match eframe::run_native(
        "casa",
        native,
        Box::new(move |cc| Ok(Box::new(CasaApp::new(cc, options)))),
    ) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("casa: could not open the window: {e}");
            log(&format!("could not open the window: {e}"));
            // Started from the Start menu or Explorer there is no console to read; from a
            // terminal, or for a screenshot (a script), the message above is enough and a
            // box would only hold the script up.
            #[cfg(windows)]
            if !in_terminal && !screenshot {
                windows::tell_window_failed(&e.to_string(), log_dir.as_deref());
            }
            ExitCode::FAILURE
        }
    }
}

/// A report on stdout, or the reason there is none on stderr with status 1.
fn report(result: Result<String, impl std::fmt::Display>) -> ExitCode {
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("casa: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a subcommand (no window): check, info, measure or export.
fn run_command(
    command: Command,
    assets: &AssetSource,
    seeds: &SeedSource,
    user: Option<&std::path::Path>,
    scenes: Option<PathBuf>,
) -> ExitCode {
    match command {
        Command::Check {
            layers,
            verbose,
            strict,
        } if !layers.is_empty() => {
            let report = casa::cli::check_layers(&layers, verbose, strict);
            print!("{}", report.text);
            if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Check { .. } => {
            let report = casa::cli::check(&casa::data::load_with_user(assets, seeds, user));
            print!("{}", report.text);
            if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Info { query, json } => {
            let loaded = casa::data::load_with_user(assets, seeds, user);
            let skipped = loaded.errors().count();
            if skipped > 0 {
                eprintln!("casa: {skipped} data problem(s); run `casa check` for the list");
            }
            report(casa::cli::info(&loaded, &query, json))
        }
        Command::Measure { a, b } => {
            let loaded = casa::data::load_with_user(assets, seeds, user);
            report(casa::cli::measure(&loaded.atlas, &a, &b))
        }
        Command::Export {
            scene,
            briefing,
            notes,
            banner,
            layers,
            size,
            out,
            dark,
            strict,
            relief,
            data,
        } => {
            let request = casa::cli::ExportRequest {
                data,
                scene,
                briefing,
                notes,
                banner,
                layers,
                size,
                out,
                dark,
                scenes,
                strict,
                relief,
            };
            let loaded = casa::data::load_with_user(assets, seeds, user);
            let skipped = loaded.errors().count();
            if skipped > 0 {
                eprintln!("casa: {skipped} data problem(s); run `casa check` for the list");
            }
            match casa::cli::export(loaded, &request) {
                Ok(report) => {
                    eprint!("{report}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("casa: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
