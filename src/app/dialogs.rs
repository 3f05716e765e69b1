//! Choosing files: the system's dialog, opened without blocking the window (its future is
//! polled on a worker thread, the window as its parent), or CASA's own picker when the
//! system has none (a Linux desktop without an XDG portal or zenity); then what the chosen
//! file is for.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use super::CasaApp;
use crate::ui::FileAction;
use crate::ui::file_picker::model::{FilePicker, PickerSpec};
use crate::ui::file_picker::view::PickerOutcome;

/// The window a native dialog belongs to (eframe's frame).
pub trait DialogParent:
    raw_window_handle::HasWindowHandle + raw_window_handle::HasDisplayHandle
{
}

impl<T: raw_window_handle::HasWindowHandle + raw_window_handle::HasDisplayHandle> DialogParent
    for T
{
}

/// The file dialogs of the window: at most one open at a time.
#[derive(Debug, Default)]
pub struct Dialogs {
    /// Whether the system's dialog is used (else CASA's picker).
    native: bool,
    /// Why the system's dialog could not open, once it failed.
    pub unavailable: Option<String>,
    /// A native dialog to open once the frame (its parent window) is at hand.
    pending: Option<FileAction>,
    /// The native dialog open now: what for, the worker waiting for it, and the dialog
    /// failures counted before it opened.
    running: Option<(FileAction, JoinHandle<Answer>, u64)>,
    /// CASA's picker, when open, and what for.
    pub picker: Option<(FileAction, FilePicker)>,
}

impl Dialogs {
    /// The system's dialogs when `native`, else CASA's picker from the start (tests).
    pub fn new(native: bool) -> Self {
        Self {
            native,
            ..Self::default()
        }
    }

    /// Whether a dialog is open or about to open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some() || self.running.is_some() || self.picker.is_some()
    }
}

impl CasaApp {
    /// Asks for a file (the system's dialog, else CASA's picker), then acts on it.
    pub(super) fn choose_file(&mut self, action: FileAction) {
        if self.dialogs.is_open() {
            return;
        }
        if self.dialogs.native {
            self.dialogs.pending = Some(action);
        } else {
            self.open_picker(action);
        }
    }

    /// Opens the native dialog asked for this frame, over `parent`; its future is polled on
    /// a worker thread so the window keeps drawing.
    pub(super) fn open_pending_dialog(&mut self, parent: &dyn DialogParent) {
        let Some(action) = self.dialogs.pending.take() else {
            return;
        };
        let spec = self.picker_spec(&action);
        let folder = crate::ui::file_picker::model::start_folder(&self.state.recent_folders);
        let dialog = rfd::AsyncFileDialog::new()
            .set_title(&spec.title)
            .add_filter(&spec.filter, &spec.extensions)
            .set_directory(folder)
            .set_parent(&parent);
        let (failures, _) = crate::sys::crash::dialog_failures();
        let worker = match spec.save_name {
            Some(name) => {
                let future = dialog.set_file_name(name).save_file();
                spawn_dialog(move || pollster::block_on(future))
            }
            None => {
                let future = dialog.pick_file();
                spawn_dialog(move || pollster::block_on(future))
            }
        };
        match worker {
            Ok(handle) => self.dialogs.running = Some((action, handle, failures)),
            Err(e) => {
                log::warn!("could not start the file dialog: {e}");
                self.open_picker(action);
            }
        }
    }

    /// Takes the native dialog's answer when it is given; when the system could not show
    /// one (rfd reported it, or nothing came back at once), opens CASA's picker for the
    /// same purpose (and for the rest of the session). A dialog thread that panicked
    /// counts as one never shown.
    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some((_, handle, _)) = &self.dialogs.running else {
            return;
        };
        if !handle.is_finished() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return;
        }
        let Some((action, handle, failures_before)) = self.dialogs.running.take() else {
            return;
        };
        let (chosen, took) = handle.join().unwrap_or((None, std::time::Duration::ZERO));
        let (failures, errors) = crate::sys::crash::dialog_failures();
        match chosen {
            Some(path) => self.file_chosen(action, &path),
            None if failures > failures_before || took < NOT_SHOWN => {
                let why = if failures > failures_before {
                    errors.join("; ")
                } else {
                    format!(
                        "the system's dialog closed after {} ms without a choice",
                        took.as_millis()
                    )
                };
                log::warn!("no system file dialog ({why}): CASA's own picker is used instead");
                self.dialogs.native = false;
                self.dialogs.unavailable = Some(why);
                self.open_picker(action);
            }
            None => {}
        }
    }

    /// Draws CASA's picker when it is open, and acts on the file chosen in it.
    pub(super) fn picker(&mut self, ctx: &egui::Context) {
        let Some((_, picker)) = &mut self.dialogs.picker else {
            return;
        };
        let outcome = crate::ui::file_picker::view::picker_window(
            ctx,
            picker,
            self.dialogs.unavailable.as_deref(),
            &self.state.recent_folders,
        );
        match outcome {
            PickerOutcome::Open => {}
            PickerOutcome::Cancelled => self.dialogs.picker = None,
            PickerOutcome::Chosen(path) => {
                if let Some((action, _)) = self.dialogs.picker.take() {
                    self.file_chosen(action, &path);
                }
            }
        }
    }

    fn open_picker(&mut self, action: FileAction) {
        let spec = self.picker_spec(&action);
        let folder = crate::ui::file_picker::model::start_folder(&self.state.recent_folders);
        self.dialogs.picker = Some((action, FilePicker::new(spec, folder)));
    }

    /// What a dialog for `action` asks: its title, the files shown, the name proposed.
    fn picker_spec(&self, action: &FileAction) -> PickerSpec {
        let spec = |title: &str, filter: &str, extensions: Vec<&'static str>| PickerSpec {
            title: title.into(),
            filter: filter.into(),
            extensions,
            save_name: None,
        };
        match action {
            FileAction::ExportSlide { scene, format, .. } => {
                let name = scene
                    .and_then(|i| self.show.briefing.scenes.get(i))
                    .map_or("casa-view".to_owned(), |s| {
                        crate::export::file_stem(&s.name)
                    });
                let extension = format.extension();
                PickerSpec {
                    save_name: Some(format!("{name}.{extension}")),
                    ..spec("Export slide", format.description(), vec![extension])
                }
            }
            FileAction::ExportBriefing => PickerSpec {
                save_name: Some("briefing.json".into()),
                ..spec("Export briefing", "CASA briefing", vec!["json"])
            },
            FileAction::ExportDeck { .. } => {
                let name = crate::export::file_stem(&self.show.briefing.title);
                PickerSpec {
                    save_name: Some(format!("{name}.pdf")),
                    ..spec("Export briefing as PDF", "PDF document", vec!["pdf"])
                }
            }
            FileAction::ImportBriefing => spec("Import briefing", "CASA briefing", vec!["json"]),
            FileAction::OpenLayer => spec(
                "Open layer",
                "GeoJSON, CSV, KML/KMZ, GPX or Shapefile",
                crate::data::user_layer::LayerFormat::EXTENSIONS.to_vec(),
            ),
            FileAction::ReadArticle => spec("Add article", "Text", vec!["txt", "md"]),
            FileAction::ExportAdditions => PickerSpec {
                save_name: Some("casa-additions.json".into()),
                ..spec("Export my additions", "CASA additions", vec!["json"])
            },
            FileAction::ImportAdditions => spec("Import additions", "CASA additions", vec!["json"]),
        }
    }

    /// Acts on a chosen file, and remembers its folder.
    fn file_chosen(&mut self, action: FileAction, path: &Path) {
        if let Some(folder) = path.parent() {
            crate::ui::file_picker::model::remember_folder(&mut self.state.recent_folders, folder);
        }
        match action {
            FileAction::ExportSlide { scene, size, .. } => self.export_slide(path, scene, size),
            FileAction::ExportBriefing => self.export_briefing(path),
            FileAction::ExportDeck { notes } => self.export_deck(path, notes),
            FileAction::ImportBriefing => self.import_briefing(path),
            FileAction::OpenLayer => self.open_layer(path.to_path_buf()),
            FileAction::ReadArticle => self.read_article_file(path),
            FileAction::ExportAdditions => self.export_additions(path),
            FileAction::ImportAdditions => self.import_additions(path),
        }
    }
}

/// What a native dialog answered (nothing: cancelled, or never shown), and how long it was
/// open.
type Answer = (Option<PathBuf>, std::time::Duration);

/// A dialog that answers nothing sooner than this was never on screen (no one cancels
/// that fast): zenity that could not open, a portal that refused.
const NOT_SHOWN: std::time::Duration = std::time::Duration::from_millis(250);

fn spawn_dialog(
    wait: impl FnOnce() -> Option<rfd::FileHandle> + Send + 'static,
) -> std::io::Result<JoinHandle<Answer>> {
    std::thread::Builder::new()
        .name("file-dialog".into())
        .spawn(move || {
            let started = std::time::Instant::now();
            let chosen = wait().map(|handle| handle.path().to_path_buf());
            (chosen, started.elapsed())
        })
}
