//! Choosing files: the system's dialog, opened without blocking the window (its future is
//! polled on a worker thread, the window as its parent), or CASA's own picker when the
//! system has none (a Linux desktop without an XDG portal or zenity). What the chosen file
//! is for is the app's ([`super::files`]).

use std::path::PathBuf;
use std::thread::JoinHandle;

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

/// What a dialog is asked: what for, what it shows, the folder it starts in.
#[derive(Debug)]
pub struct Request {
    /// What the file is for.
    pub action: FileAction,
    /// Its title, the files shown, the name proposed.
    pub spec: PickerSpec,
    /// The folder it starts in.
    pub folder: PathBuf,
}

/// The file dialogs of the window: at most one open at a time.
#[derive(Debug, Default)]
pub struct Dialogs {
    /// Whether the system's dialog is used (else CASA's picker).
    native: bool,
    /// Why the system's dialog could not open, once it failed.
    unavailable: Option<String>,
    /// A native dialog to open once the frame (its parent window) is at hand.
    pending: Option<Request>,
    /// The native dialog open now: what was asked, the worker waiting for it, and the
    /// dialog failures counted before it opened.
    running: Option<(Request, JoinHandle<Answer>, u64)>,
    /// CASA's picker, when open, and what for.
    picker: Option<(FileAction, FilePicker)>,
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

    /// Asks for a file: the system's dialog (opened with the next frame), else CASA's
    /// picker at once. Ignored while a dialog is open.
    pub fn ask(&mut self, request: Request) {
        if self.is_open() {
            return;
        }
        if self.native {
            self.pending = Some(request);
        } else {
            self.open_picker(request);
        }
    }

    /// Opens the native dialog asked for this frame, over `parent`; its future is polled on
    /// a worker thread so the window keeps drawing.
    pub fn open_pending(&mut self, parent: &dyn DialogParent) {
        let Some(request) = self.pending.take() else {
            return;
        };
        let spec = &request.spec;
        let dialog = rfd::AsyncFileDialog::new()
            .set_title(&spec.title)
            .add_filter(&spec.filter, &spec.extensions)
            .set_directory(&request.folder)
            .set_parent(&parent);
        let (failures, _) = crate::sys::crash::dialog_failures();
        let worker = match spec.save_name.clone() {
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
            Ok(handle) => self.running = Some((request, handle, failures)),
            Err(e) => {
                log::warn!("could not start the file dialog: {e}");
                self.open_picker(request);
            }
        }
    }

    /// The file chosen in the native dialog, once it answers; when the system could not
    /// show one (rfd reported it, or nothing came back at once), opens CASA's picker for
    /// the same purpose (and for the rest of the session). A dialog thread that panicked
    /// counts as one never shown.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<(FileAction, PathBuf)> {
        let (_, handle, _) = self.running.as_ref()?;
        if !handle.is_finished() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
            return None;
        }
        let (request, handle, failures_before) = self.running.take()?;
        let (chosen, took) = handle.join().unwrap_or((None, std::time::Duration::ZERO));
        let (failures, errors) = crate::sys::crash::dialog_failures();
        match chosen {
            Some(path) => return Some((request.action, path)),
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
                self.native = false;
                self.unavailable = Some(why);
                self.open_picker(request);
            }
            None => {}
        }
        None
    }

    /// Draws CASA's picker when it is open; the file chosen in it, once it is.
    pub fn show_picker(
        &mut self,
        ctx: &egui::Context,
        recent: &[PathBuf],
    ) -> Option<(FileAction, PathBuf)> {
        let (_, picker) = self.picker.as_mut()?;
        let outcome = crate::ui::file_picker::view::picker_window(
            ctx,
            picker,
            self.unavailable.as_deref(),
            recent,
        );
        match outcome {
            PickerOutcome::Open => None,
            PickerOutcome::Cancelled => {
                self.picker = None;
                None
            }
            PickerOutcome::Chosen(path) => self.picker.take().map(|(action, _)| (action, path)),
        }
    }

    fn open_picker(&mut self, request: Request) {
        let picker = FilePicker::new(request.spec, request.folder);
        self.picker = Some((request.action, picker));
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
