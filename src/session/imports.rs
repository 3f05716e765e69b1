//! The layers the analyst imports from files: those loaded, and those still loading on
//! background threads (with progress and a cancel switch).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::compose::ImportedView;
use crate::data::user_layer::{LayerError, Progress};
use crate::model::user_layer::UserLayer;
use crate::render::imported::ImportedGeometry;

/// The imported layers.
#[derive(Default)]
pub struct Imports {
    /// Those loaded, in import order.
    pub layers: Vec<Imported>,
    /// Those loading.
    pub jobs: Vec<ImportJob>,
}

impl Imports {
    /// The layers as the composer draws them.
    pub fn views(&self) -> Vec<ImportedView<'_>> {
        self.layers.iter().map(Imported::view).collect()
    }

    /// What the settings remember: the layers loaded, then those still loading.
    pub fn entries(&self) -> Vec<ImportedEntry> {
        let mut entries: Vec<ImportedEntry> = self.layers.iter().map(|i| i.entry.clone()).collect();
        entries.extend(self.jobs.iter().map(|job| ImportedEntry {
            path: job.path.clone(),
            visible: job.visible,
            stamp: job.remembered,
        }));
        entries
    }

    /// Whether this file is loading now.
    pub fn is_loading(&self, path: &Path) -> bool {
        self.jobs.iter().any(|j| j.path == path)
    }

    /// Adds a loaded layer, or replaces the one loaded from the same file (a reload keeps
    /// its place); returns where it went and whether it replaced one.
    pub fn insert(&mut self, imported: Imported) -> (usize, bool) {
        match self
            .layers
            .iter()
            .position(|i| i.entry.path == imported.entry.path)
        {
            Some(k) => {
                self.layers[k] = imported;
                (k, true)
            }
            None => {
                self.layers.push(imported);
                (self.layers.len() - 1, false)
            }
        }
    }

    /// Shows this layer only (the other imported layers hidden).
    pub fn solo(&mut self, index: usize) {
        for (k, i) in self.layers.iter_mut().enumerate() {
            i.entry.visible = k == index;
        }
    }
}

/// An imported layer, remembered in the settings by its path.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ImportedEntry {
    /// The file.
    pub path: PathBuf,
    /// Whether it is shown.
    pub visible: bool,
    /// The file's size and modification time when it was imported (to notice a change).
    pub stamp: Option<(u64, u64)>,
}

/// A loaded imported layer.
pub struct Imported {
    /// The file, its visibility and stamp.
    pub entry: ImportedEntry,
    /// What was read.
    pub layer: UserLayer,
    /// What is drawn.
    pub geometry: ImportedGeometry,
}

impl Imported {
    /// The layer as the composer draws it.
    pub fn view(&self) -> ImportedView<'_> {
        ImportedView {
            layer: &self.layer,
            geometry: &self.geometry,
            visible: self.entry.visible,
        }
    }
}

/// A layer being loaded.
pub struct ImportJob {
    /// The file.
    pub path: PathBuf,
    /// How far it is, and its cancel switch.
    pub progress: Arc<Progress>,
    /// When it started.
    pub started: Instant,
    /// Whether it was visible (for layers restored at start-up).
    pub visible: bool,
    /// The stamp remembered for it, if restored.
    pub remembered: Option<(u64, u64)>,
    /// The loading thread: the layer and its geometry, or why it could not be read.
    pub handle: std::thread::JoinHandle<Result<(UserLayer, ImportedGeometry), LayerError>>,
}

/// The file's size and modification time (seconds).
pub fn file_stamp(path: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some((meta.len(), modified))
}
