//! Slides and decks being written: the export windows' choices, a slide rasterised on a
//! worker thread, and a deck composed a step per frame then written on a worker, with
//! progress and cancel.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;

use crate::export::SlideFormat;
use crate::export::deck::{DeckOptions, DeckPage, Step};
use crate::model::briefing::Briefing;
use crate::render::style::Palette;

/// The exports: what the windows will save, and what is being written.
#[derive(Debug, Default)]
pub struct Exports {
    /// The slide export window's choices, while it is open.
    pub slide_choice: Option<ExportChoice>,
    /// The briefing export (PDF) window's choices, while it is open.
    pub deck_choice: Option<DeckChoice>,
    /// A slide being written on a worker thread: its outcome, for the notice.
    pub slide: Option<JoinHandle<Result<String, String>>>,
    /// A briefing deck being made.
    pub deck: Option<DeckJob>,
    /// The data export window's choices, while it is open.
    pub data_choice: Option<DataChoice>,
    /// Data being written on a worker thread.
    pub data: Option<DataJob>,
    /// A briefing package being written on a worker thread: its outcome, for the notice.
    pub package: Option<JoinHandle<Result<String, String>>>,
}

impl Exports {
    /// The outcome of the slide being written, once it is done (`None` while it runs, or
    /// when none is).
    pub fn slide_outcome(&mut self) -> Option<String> {
        if !self.slide.as_ref()?.is_finished() {
            return None;
        }
        let handle = self.slide.take()?;
        Some(match handle.join() {
            Ok(Ok(done) | Err(done)) => done,
            Err(_) => "Could not save the slide: the export stopped unexpectedly".into(),
        })
    }
}

/// What the "Export data" window will save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataChoice {
    /// GeoPackage, KMZ, KML, GeoJSON or CSV.
    pub format: crate::export::data::DataFormat,
    /// What the view shows (its layers, groupings and year), not the whole atlas.
    pub view: bool,
}

/// Data being exported on a worker thread: the step it is at, and its outcome.
#[derive(Debug)]
pub struct DataJob {
    /// The step reached (an index of [`crate::export::data::DATA_STEPS`]).
    pub stage: Arc<std::sync::atomic::AtomicU8>,
    /// The worker: what was written, or why nothing was.
    pub worker: JoinHandle<Result<String, String>>,
}

impl DataJob {
    /// The fraction done and the step, for a progress bar.
    pub fn progress(&self) -> (f32, &'static str) {
        use crate::export::data::DATA_STEPS;
        let stage = usize::from(self.stage.load(Ordering::Relaxed)).min(DATA_STEPS.len() - 1);
        (
            (stage as f32 + 0.5) / DATA_STEPS.len() as f32,
            DATA_STEPS[stage],
        )
    }
}

impl Exports {
    /// The outcome of the data export, once it is done.
    pub fn data_outcome(&mut self) -> Option<String> {
        if !self.data.as_ref()?.worker.is_finished() {
            return None;
        }
        let job = self.data.take()?;
        Some(match job.worker.join() {
            Ok(Ok(done) | Err(done)) => done,
            Err(_) => "Could not export the data: the export stopped unexpectedly".into(),
        })
    }
}

/// What the slide export window will save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportChoice {
    /// Which scene; `None`: the current view.
    pub scene: Option<usize>,
    /// Pixels.
    pub size: [u32; 2],
    /// PNG or SVG.
    pub format: SlideFormat,
}

/// What the "Export briefing as PDF" window will save.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeckChoice {
    /// Add a speaker-notes page after each scene.
    pub notes: bool,
    /// The handling mark being typed (kept with the briefing when saving).
    pub banner: String,
}

/// A briefing deck being made: its pages composed a step per frame on the UI thread (a
/// slide's draw list is built from the render cache in milliseconds), then converted to
/// PDF and written on a worker thread, page by page, cancellable.
#[derive(Debug)]
pub struct DeckJob {
    /// Where it goes.
    pub path: PathBuf,
    /// The briefing as it was when asked (later edits do not change this deck).
    pub briefing: Briefing,
    /// Notes, banner and date.
    pub options: DeckOptions,
    /// The colours and graticule as they were when asked (the layers from files are
    /// those loaded at each step).
    pub palette: Palette,
    /// The graticule and the relief as they were when asked.
    pub basemap: crate::render::style::Basemap,
    /// The steps to compose.
    pub steps: Vec<Step>,
    /// The next step to compose.
    pub next: usize,
    /// The pages composed so far.
    pub pages: Vec<DeckPage>,
    /// What the scene pages cited, for the sources page.
    pub cited: crate::export::Cited,
    /// Set to stop the worker.
    pub cancel: Arc<AtomicBool>,
    /// The page the worker is converting.
    pub converted: Arc<AtomicUsize>,
    /// How many pages the worker converts.
    pub total: usize,
    /// The worker, once the pages are composed: what to tell the user.
    pub worker: Option<JoinHandle<Result<String, String>>>,
}

impl DeckJob {
    /// How far along (0 to 1) and what is being done.
    pub fn progress(&self) -> (f32, String) {
        if self.worker.is_none() {
            let n = self.steps.len().max(1);
            return (
                0.5 * self.next as f32 / n as f32,
                format!("Composing pages ({} of {n} steps)…", self.next),
            );
        }
        let k = self.converted.load(Ordering::Relaxed).min(self.total);
        let total = self.total.max(1);
        (
            0.5 + 0.5 * k as f32 / total as f32,
            format!("Writing the PDF (page {} of {total})…", (k + 1).min(total)),
        )
    }
}
