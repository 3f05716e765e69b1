//! Slides and decks from the app: a slide composed at once and rasterised on a worker
//! thread; the briefing as a PDF deck, its pages composed a step per frame, converted and
//! written on a worker thread with progress and Cancel, so the map keeps answering.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::CasaApp;
use super::briefing::BriefingEdit;
use crate::export::ExportError;
use crate::export::Slide;
use crate::export::deck::{DeckOptions, DeckSource};
use crate::session::exports::{DataChoice, DataJob, DeckChoice, DeckJob, ExportChoice};
use crate::session::notices::Topic;
use crate::ui::Command;

impl CasaApp {
    /// Applies a command of the export windows (a slide, the briefing as a deck).
    pub(super) fn export_command(&mut self, command: Command) {
        match command {
            Command::ShowExport(open) => {
                self.exports.slide_choice = open.then_some(ExportChoice {
                    scene: self.presentation.current,
                    size: [1920, 1080],
                    format: crate::export::SlideFormat::Png,
                });
            }
            Command::ExportSlide { path, scene, size } => self.export_slide(&path, scene, size),
            Command::ShowDeckExport(open) => {
                self.exports.deck_choice = open.then(|| DeckChoice {
                    notes: false,
                    banner: self.presentation.briefing.banner.clone(),
                });
            }
            Command::ExportDeck { path, notes } => self.export_deck(&path, notes),
            Command::CancelDeck => self.cancel_deck(),
            Command::ShowDataExport(open) => {
                self.exports.data_choice = open.then_some(DataChoice {
                    format: crate::export::data::DataFormat::GeoPackage,
                    view: false,
                });
            }
            Command::SetBanner(banner) if banner != self.presentation.briefing.banner => {
                self.edit_briefing(BriefingEdit::Banner(banner));
            }
            _ => {}
        }
    }

    /// The graticule and relief as the maps show them now.
    pub fn basemap(&self) -> crate::render::style::Basemap {
        crate::render::style::Basemap {
            graticule: self.settings.show_graticule,
            relief: self.settings.relief,
        }
    }

    /// A slide of a scene, or of the current view (with the current scene's caption).
    pub fn slide(&self, scene: Option<usize>, size: [u32; 2]) -> Slide<'_> {
        let imported = self.imports.views();
        if let Some(s) = scene.and_then(|i| self.presentation.briefing.scenes.get(i)) {
            let mut slide = crate::export::scene_slide(
                &self.doc,
                &self.palette,
                self.basemap(),
                s,
                imported,
                size,
            );
            slide.banner = self.presentation.briefing.banner();
            return slide;
        }
        let mut sides = vec![self.maps.side.clone()];
        sides.extend(self.maps.compare.as_ref().map(|c| c.side.clone()));
        let current = self.presentation.current_scene();
        Slide {
            doc: &self.doc,
            palette: &self.palette,
            basemap: self.basemap(),
            view: self.maps.current_view(&self.doc.geometry.projection),
            sides,
            selection: self.maps.selection,
            subjects: self.presentation.subjects.clone(),
            title: current.map(|s| s.name.clone()),
            caption: current.map(|s| s.caption.clone()).filter(|c| !c.is_empty()),
            cite: current.and_then(|s| crate::export::scene_cite(s, &self.doc)),
            corrections: current
                .map(crate::export::scene_corrections)
                .unwrap_or_default(),
            imported,
            size,
            banner: self.presentation.briefing.banner(),
            cited: current
                .map(|s| crate::export::scene_cited(s, &self.doc))
                .unwrap_or_default(),
            annotations: self.drawing.shown.clone(),
        }
    }

    /// Writes a slide: its page is made here (milliseconds, from the render cache), the
    /// painting and the file on a worker thread, so the map stays live; see
    /// [`Self::poll_export`].
    pub fn export_slide(&mut self, path: &Path, scene: Option<usize>, size: [u32; 2]) {
        let checked = crate::export::check_size(size).and(crate::export::check_format(path));
        if let Err(e) = checked {
            self.notices
                .refuse(Topic::Briefing, format!("Could not save the slide: {e}"));
            return;
        }
        let page = crate::export::page(&self.slide(scene, size));
        let path = path.to_path_buf();
        self.notices.tell(
            Topic::Briefing,
            format!("Saving the slide to {}…", path.display()),
        );
        let worker = std::thread::Builder::new()
            .name("casa-export".into())
            .spawn(move || {
                crate::export::write_page(&page, &path)
                    .map(|()| format!("Saved the slide to {}", path.display()))
                    .map_err(|e| format!("Could not save the slide: {e}"))
            });
        match worker {
            Ok(handle) => self.exports.slide = Some(handle),
            Err(e) => self
                .notices
                .refuse(Topic::Briefing, format!("Could not save the slide: {e}")),
        }
    }

    /// Takes the outcome of a slide or data export when it is done; until then, keeps the
    /// window repainting so the outcome shows as soon as it is known.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        if self.exports.slide.is_some() {
            match self.exports.slide_outcome() {
                Some(done) => self.notices.tell(Topic::Briefing, done),
                None => ctx.request_repaint_after(std::time::Duration::from_millis(50)),
            }
        }
        if self.exports.data.is_some() {
            match self.exports.data_outcome() {
                Some(done) => self.notices.tell(Topic::Briefing, done),
                None => ctx.request_repaint_after(std::time::Duration::from_millis(50)),
            }
        }
    }

    /// Exports the atlas (or what the view shows) as GIS data to `path`, on a worker
    /// thread: the atlas is copied for it, so the map keeps answering; see
    /// [`Self::poll_export`].
    pub fn export_data(&mut self, path: &Path, choice: DataChoice) {
        if self.exports.data.is_some() {
            self.notices
                .refuse(Topic::Briefing, "Data are already being exported");
            return;
        }
        let format = crate::export::data::DataFormat::of_path(path).unwrap_or(choice.format);
        let scope = if choice.view {
            crate::export::data::DataScope::View(self.maps.side.layers.clone())
        } else {
            crate::export::data::DataScope::Whole
        };
        let atlas = self.doc.atlas.clone();
        let corpus = self.doc.corpus.clone();
        let added = self.authoring.part.as_ref().map(|p| p.added.clone());
        let stage = Arc::new(std::sync::atomic::AtomicU8::new(0));
        let path = path.to_path_buf();
        let reached = Arc::clone(&stage);
        self.notices.tell(
            Topic::Briefing,
            format!("Exporting the data to {}…", path.display()),
        );
        let worker = std::thread::Builder::new()
            .name("casa-data-export".into())
            .spawn(move || {
                let source = crate::export::data::DataSource {
                    atlas: &atlas,
                    corpus: &corpus,
                    added: added.as_ref(),
                };
                crate::export::data::export_data(&source, &scope, format, &path, &|step| {
                    reached.store(step as u8, Ordering::Relaxed);
                })
                .map(|written| written.summary())
                .map_err(|e| format!("Could not export the data: {e}"))
            });
        match worker {
            Ok(worker) => self.exports.data = Some(DataJob { stage, worker }),
            Err(e) => self
                .notices
                .refuse(Topic::Briefing, format!("Could not export the data: {e}")),
        }
    }

    /// Starts writing the briefing as one PDF to `path` (its extension made ".pdf": a PDF
    /// is never written under another format's name); see [`Self::poll_deck`].
    pub fn export_deck(&mut self, path: &Path, notes: bool) {
        if self.exports.deck.is_some() {
            self.notices
                .refuse(Topic::Briefing, "A deck is already being written");
            return;
        }
        if self.presentation.briefing.scenes.is_empty() {
            self.notices
                .refuse(Topic::Briefing, "The briefing has no scene to export");
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
        let briefing = self.presentation.briefing.clone();
        let options = DeckOptions {
            notes,
            banner: briefing.banner(),
            date: crate::sys::clock::today(),
        };
        self.notices.tell(
            Topic::Briefing,
            format!("Writing the briefing to {}…", path.display()),
        );
        self.exports.deck = Some(DeckJob {
            path,
            steps: crate::export::deck::steps(briefing.scenes.len()),
            briefing,
            options,
            palette: self.palette.clone(),
            basemap: self.basemap(),
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
        let Some(job) = &mut self.exports.deck else {
            return;
        };
        job.cancel.store(true, Ordering::Relaxed);
        if job.worker.is_none() {
            self.exports.deck = None;
            self.notices
                .tell(Topic::Briefing, "Cancelled: no deck was written");
        }
    }

    /// Advances the deck being written: composes the next step's pages (one per frame),
    /// then hands the pages to the worker, then takes its outcome.
    pub(super) fn poll_deck(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.exports.deck else {
            return;
        };
        if job.next < job.steps.len() {
            let source = DeckSource {
                doc: &self.doc,
                palette: &job.palette,
                basemap: job.basemap,
                briefing: &job.briefing,
                imported: self.imports.views(),
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
                    .exports
                    .deck
                    .take()
                    .and_then(|j| j.worker)
                    .map(|w| w.join());
                match outcome {
                    Some(Ok(Ok(done))) => self.notices.tell(Topic::Briefing, done),
                    Some(Ok(Err(why))) => self.notices.refuse(Topic::Briefing, why),
                    _ => self.notices.refuse(
                        Topic::Briefing,
                        "Could not save the briefing: the export stopped unexpectedly",
                    ),
                }
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
            let written = crate::export::deck::write_pdf_from(
                pages.into_iter(),
                &title,
                &path,
                &mut progress,
            );
            match written {
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
