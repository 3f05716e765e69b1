//! `--screenshot`: after the window has settled, its own pixels saved as PNG, then the
//! window closed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How long after the start (or after what it waited for) the capture waits.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(1500);

/// The screenshot to take, and its outcome from eframe's screenshot callback.
#[derive(Debug)]
pub struct Screenshotter {
    path: PathBuf,
    frames_until_capture: u32,
    /// Capture no earlier than this, so the window manager and pointer have settled.
    not_before: std::time::Instant,
    /// When it was asked for.
    started: std::time::Instant,
    requested: bool,
    result: Arc<Mutex<Option<Result<(), String>>>>,
}

impl Screenshotter {
    /// A screenshot saved to `path`, a few frames and a moment after the start.
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            frames_until_capture: 8,
            not_before: std::time::Instant::now() + SETTLE,
            started: std::time::Instant::now(),
            requested: false,
            result: Arc::default(),
        }
    }

    /// Called each frame: waits a few frames and a moment (counted again once nothing is
    /// `busy`: a briefing package or a layer given on the command line loading, for at most
    /// a minute, so a scene's flight ends before the capture), captures, saves, then
    /// closes the window.
    pub fn drive(&mut self, ctx: &egui::Context, busy: bool) {
        ctx.request_repaint();
        if busy && self.started.elapsed() < std::time::Duration::from_secs(60) {
            self.frames_until_capture = self.frames_until_capture.max(8);
            self.not_before = self.not_before.max(std::time::Instant::now() + SETTLE);
            return;
        }
        if self.frames_until_capture > 0 {
            self.frames_until_capture -= 1;
            return;
        }
        if std::time::Instant::now() < self.not_before {
            return;
        }
        if !self.requested {
            self.requested = true;
            let path = self.path.clone();
            let result = Arc::clone(&self.result);
            ctx.request_screenshot(move |image| {
                let outcome = save_png(&image, &path);
                if let Ok(mut slot) = result.lock() {
                    *slot = Some(outcome);
                }
            });
            return;
        }
        let outcome = self.result.lock().ok().and_then(|mut slot| slot.take());
        if let Some(outcome) = outcome {
            match outcome {
                Ok(()) => eprintln!("casa: saved screenshot to {}", self.path.display()),
                Err(e) => eprintln!("casa: could not save the screenshot: {e}"),
            }
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

fn save_png(image: &egui::ColorImage, path: &Path) -> Result<(), String> {
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
