//! The briefing as a PDF deck from the app: pages composed a step per frame, converted and
//! written on a worker thread with progress and Cancel, so the map keeps answering.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::CasaApp;
use super::presenting::BriefingEdit;
use crate::export::ExportError;
use crate::export::deck::{DeckOptions, DeckSource};
use crate::session::DeckJob;
use crate::ui::Command;

impl CasaApp {
    /// Applies a command of the export windows (a slide, the briefing as a deck).
    pub(super) fn run_export_cmd(&mut self, command: Command) {
        match command {
            Command::ShowExport(open) => {
                self.panels.export = open.then_some(crate::session::ExportChoice {
                    scene: self.show.current,
                    size: [1920, 1080],
                    format: crate::export::SlideFormat::Png,
                });
            }
            Command::ExportSlide { path, scene, size } => self.export_slide(&path, scene, size),
            Command::ShowDeckExport(open) => {
                self.panels.deck = open.then(|| crate::session::DeckChoice {
                    notes: false,
                    banner: self.show.briefing.banner.clone(),
                });
            }
            Command::ExportDeck { path, notes } => self.export_deck(&path, notes),
            Command::CancelDeck => self.cancel_deck(),
            Command::SetBanner(banner) if banner != self.show.briefing.banner => {
                self.edit_briefing(BriefingEdit::Banner(banner));
            }
            _ => {}
        }
    }

    /// Starts writing the briefing as one PDF to `path` (its extension made ".pdf": a PDF
    /// is never written under another format's name); see [`Self::poll_deck`].
    pub fn export_deck(&mut self, path: &Path, notes: bool) {
        if self.show.deck.is_some() {
            self.show.notice = Some("A deck is already being written".into());
            return;
        }
        if self.show.briefing.scenes.is_empty() {
            self.show.notice = Some("The briefing has no scene to export".into());
            return;
        }
        let pdf = path
            .extension()
            .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case("pdf"));
        let path = if pdf {
            path.to_path_buf()
        } else {
            path.with_extension("pdf")
        };
        let briefing = self.show.briefing.clone();
        let options = DeckOptions {
            notes,
            banner: briefing.banner(),
            date: crate::sys::clock::today(),
        };
        self.show.notice = Some(format!("Writing the briefing to {}…", path.display()));
        self.show.deck = Some(DeckJob {
            path,
            steps: crate::export::deck::steps(briefing.scenes.len()),
            briefing,
            options,
            palette: self.palette.clone(),
            graticule: self.state.show_graticule,
            next: 0,
            pages: Vec::new(),
            cited: crate::export::Cited::default(),
            cancel: Arc::new(AtomicBool::new(false)),
            converted: Arc::new(AtomicUsize::new(0)),
            total: 0,
            worker: None,
        });
    }

    /// Stops the deck being written: nothing is left under its name.
    pub(super) fn cancel_deck(&mut self) {
        let Some(job) = &mut self.show.deck else {
            return;
        };
        job.cancel.store(true, Ordering::Relaxed);
        if job.worker.is_none() {
            self.show.deck = None;
            self.show.notice = Some("Cancelled: no deck was written".into());
        }
    }

    /// Advances the deck being written: composes the next step's pages (one per frame),
    /// then hands the pages to the worker, then takes its outcome.
    pub(super) fn poll_deck(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.show.deck else {
            return;
        };
        if job.next < job.steps.len() {
            let source = DeckSource {
                doc: &self.doc,
                palette: &job.palette,
                graticule: job.graticule,
                briefing: &job.briefing,
                imported: self.imports.iter().map(super::Imported::view).collect(),
                options: &job.options,
            };
            let pages = source.compose(job.steps[job.next], &mut job.cited);
            job.pages.extend(pages);
            job.next += 1;
            if job.next == job.steps.len() {
                start_worker(job);
            }
            ctx.request_repaint();
            return;
        }
        match &job.worker {
            Some(worker) if !worker.is_finished() => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
            _ => {
                let outcome = self
                    .show
                    .deck
                    .take()
                    .and_then(|j| j.worker)
                    .map(|w| w.join());
                self.show.notice = Some(match outcome {
                    Some(Ok(Ok(done) | Err(done))) => done,
                    _ => "Could not save the briefing: the export stopped unexpectedly".into(),
                });
            }
        }
    }
}

/// Moves the composed pages to a worker that converts them to PDF and writes the file.
fn start_worker(job: &mut DeckJob) {
    let pages = std::mem::take(&mut job.pages);
    job.total = pages.len();
    let title = crate::export::deck::deck_title(&job.briefing).to_owned();
    let path = job.path.clone();
    let cancel = Arc::clone(&job.cancel);
    let converted = Arc::clone(&job.converted);
    let worker = std::thread::Builder::new()
        .name("casa-deck".into())
        .spawn(move || {
            let mut progress = |k: usize| {
                converted.store(k, Ordering::Relaxed);
                !cancel.load(Ordering::Relaxed)
            };
            match crate::export::deck::write_pdf(&pages, &title, &path, &mut progress) {
                Ok(n) => Ok(format!(
                    "Saved the briefing ({n} pages) to {}",
                    path.display()
                )),
                Err(ExportError::Cancelled) => Err("Cancelled: no deck was written".into()),
                Err(e) => Err(format!("Could not save the briefing: {e}")),
            }
        });
    match worker {
        Ok(handle) => job.worker = Some(handle),
        Err(e) => {
            let message = format!("Could not save the briefing: {e}");
            job.worker = std::thread::Builder::new().spawn(move || Err(message)).ok();
        }
    }
}
