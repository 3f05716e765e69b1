//! Layers an analyst imports: loaded on a background thread with progress and cancel (the
//! map keeps answering), then drawn, clickable, toggled, soloed, zoomed to, removed, and
//! remembered across restarts by path.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::CasaApp;
use crate::data::user_layer::{CANCELLED, Progress, UserLayer, load_layer_with};
use crate::data::{LoadIssue, Severity};
use crate::render::imported::ImportedGeometry;

/// An imported layer, remembered in the saved state by its path.
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

/// A layer being loaded.
pub struct ImportJob {
    /// The file.
    pub path: PathBuf,
    /// How far it is, and its cancel switch.
    pub progress: Arc<Progress>,
    /// When it started.
    pub started: Instant,
    /// Whether it was visible (for layers restored at start-up).
    visible: bool,
    /// The stamp remembered for it, if restored.
    remembered: Option<(u64, u64)>,
    handle: std::thread::JoinHandle<Result<(UserLayer, ImportedGeometry), String>>,
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

impl CasaApp {
    /// Starts loading a file as a layer on a background thread.
    pub fn open_layer(&mut self, path: PathBuf) {
        self.start_import(path, true, None);
    }

    fn start_import(&mut self, path: PathBuf, visible: bool, remembered: Option<(u64, u64)>) {
        if self.import_jobs.iter().any(|j| j.path == path) {
            return;
        }
        let progress = Arc::new(Progress::default());
        let projection = self.geometry.projection;
        let (p, file) = (Arc::clone(&progress), path.clone());
        let spawned = std::thread::Builder::new()
            .name("casa-import".into())
            .spawn(move || {
                let layer = load_layer_with(&file, &p)?;
                p.stage.store(2, std::sync::atomic::Ordering::Relaxed);
                let geometry = ImportedGeometry::build(&layer, &projection);
                Ok((layer, geometry))
            });
        match spawned {
            Ok(handle) => self.import_jobs.push(ImportJob {
                path,
                progress,
                started: Instant::now(),
                visible,
                remembered,
                handle,
            }),
            Err(e) => self.import_notice(&path, format!("could not start loading: {e}")),
        }
    }

    /// Stops a load in progress.
    pub fn cancel_import(&mut self, index: usize) {
        if let Some(job) = self.import_jobs.get(index) {
            job.progress
                .cancel
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Takes the layers that finished loading; keeps the window repainting while any load.
    pub(super) fn poll_imports(&mut self, ctx: &egui::Context) {
        if self.import_jobs.is_empty() {
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
        let (done, running): (Vec<ImportJob>, Vec<ImportJob>) =
            std::mem::take(&mut self.import_jobs)
                .into_iter()
                .partition(|j| j.handle.is_finished());
        self.import_jobs = running;
        for job in done {
            let outcome = job
                .handle
                .join()
                .unwrap_or_else(|_| Err("the loader stopped unexpectedly".into()));
            match outcome {
                Ok((layer, geometry)) => {
                    // A reload replaces what an earlier load of this file listed.
                    self.forget_issues(&job.path);
                    let stamp = file_stamp(&job.path);
                    if job.remembered.is_some() && job.remembered != stamp {
                        self.import_notice(
                            &job.path,
                            "changed since it was imported; the new version is shown".into(),
                        );
                    }
                    for issue in &layer.skipped {
                        self.issues.push(issue.clone());
                    }
                    let elapsed = job.started.elapsed();
                    let (points, lines, polygons) = layer.counts();
                    let mut notice = format!(
                        "Imported {}: {} features ({points} points, {lines} lines, {polygons} areas) in {:.1} s",
                        layer.name,
                        layer.features.len(),
                        elapsed.as_secs_f64(),
                    );
                    // How it was read: which CSV columns, rings rewound.
                    for note in &layer.notes {
                        notice.push_str("; ");
                        notice.push_str(note);
                    }
                    if !layer.skipped.is_empty() {
                        notice.push_str(&format!(
                            "; {} listed under data problems",
                            layer.skipped.len()
                        ));
                    }
                    self.import_notice = Some(notice);
                    let imported = Imported {
                        entry: ImportedEntry {
                            path: job.path,
                            visible: job.visible,
                            stamp,
                        },
                        layer,
                        geometry,
                    };
                    // Opening a file already imported reloads it in its place.
                    match self
                        .imports
                        .iter()
                        .position(|i| i.entry.path == imported.entry.path)
                    {
                        Some(k) => {
                            self.imports[k] = imported;
                            if self.selected_import.is_some_and(|(l, _)| l == k) {
                                self.selected_import = None;
                            }
                        }
                        None => self.imports.push(imported),
                    }
                }
                Err(e) if e == CANCELLED => {
                    self.import_notice = Some(format!("Cancelled loading {}", job.path.display()));
                }
                Err(e) => {
                    let moved = job.remembered.is_some() && !job.path.exists();
                    let problem = if moved {
                        "not found: moved or deleted since the last session; removed from the layers".to_owned()
                    } else {
                        e
                    };
                    self.import_notice(&job.path, problem);
                }
            }
        }
        self.remember_imports();
    }

    /// Drops the data problems listed for this file.
    fn forget_issues(&mut self, path: &Path) {
        let file = path.display().to_string();
        self.issues.retain(|i| i.file != file);
    }

    fn import_notice(&mut self, path: &Path, problem: String) {
        let file = path.display().to_string();
        // The loader's messages already start with the file's name.
        let problem = problem
            .strip_prefix(&format!("{file}: "))
            .map_or(problem.clone(), str::to_owned);
        self.import_notice = Some(format!("{file}: {problem}"));
        self.issues.push(LoadIssue {
            file,
            feature: None,
            problem,
            severity: Severity::Error,
        });
    }

    /// Keeps the saved list of imported layers in step.
    fn remember_imports(&mut self) {
        let mut entries: Vec<ImportedEntry> =
            self.imports.iter().map(|i| i.entry.clone()).collect();
        // Layers still loading stay remembered.
        for job in &self.import_jobs {
            entries.push(ImportedEntry {
                path: job.path.clone(),
                visible: job.visible,
                stamp: job.remembered,
            });
        }
        self.state.imported = entries;
    }

    /// Reloads the layers remembered from the last session.
    pub(super) fn restore_imports(&mut self) {
        for entry in std::mem::take(&mut self.state.imported) {
            self.start_import(entry.path, entry.visible, entry.stamp.or(Some((0, 0))));
        }
        self.remember_imports();
    }

    /// Shows or hides an imported layer.
    pub fn set_import_visible(&mut self, index: usize, visible: bool) {
        if let Some(i) = self.imports.get_mut(index) {
            i.entry.visible = visible;
        }
        if !visible && self.selected_import.is_some_and(|(l, _)| l == index) {
            self.selected_import = None;
        }
        self.remember_imports();
    }

    /// Shows this imported layer only: the atlas's layers, memberships and the other
    /// imported layers off.
    pub fn solo_import(&mut self, index: usize) {
        for (k, i) in self.imports.iter_mut().enumerate() {
            i.entry.visible = k == index;
        }
        let mut layers = self.state.layers.clone();
        layers.hidden = crate::layers::FeatureLayer::ALL
            .iter()
            .map(|l| l.key().to_owned())
            .collect();
        layers.organisations.clear();
        self.state.layers = layers;
        self.refresh_layers();
        self.remember_imports();
    }

    /// Removes an imported layer and the data problems listed for it (the file is left as
    /// it is).
    pub fn remove_import(&mut self, index: usize) {
        if index < self.imports.len() {
            let removed = self.imports.remove(index);
            self.forget_issues(&removed.entry.path);
            self.selected_import = match self.selected_import {
                Some((l, _)) if l == index => None,
                Some((l, f)) if l > index => Some((l - 1, f)),
                other => other,
            };
        }
        self.remember_imports();
    }

    /// Flies to show all of an imported layer.
    pub fn zoom_to_import(&mut self, index: usize, now: f64) {
        let (Some(i), Some(vp)) = (self.imports.get(index), self.map.viewport) else {
            return;
        };
        let b = i.geometry.bounds;
        if b.min.x > b.max.x {
            return;
        }
        let extent = (b.max.x - b.min.x).max(b.max.y - b.min.y);
        let mpp = (extent * 1.15 / f64::from(vp.width().min(vp.height())))
            .clamp(300.0, crate::camera::MAX_METRES_PER_POINT);
        self.map.fly_to(b.center(), mpp, now);
    }
}
