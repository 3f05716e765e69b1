//! Layers an analyst imports: loaded on a background thread with progress and cancel (the
//! map keeps answering), then drawn, clickable, toggled, soloed, zoomed to, removed, and
//! remembered across restarts by path.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::CasaApp;
use crate::compose::Selection;
use crate::data::user_layer::{LayerError, Progress, load_layer_with};
use crate::data::{LoadIssue, Severity};
use crate::render::imported::ImportedGeometry;
use crate::session::imports::{ImportJob, Imported, ImportedEntry, file_stamp};
use crate::session::notices::Topic;

impl CasaApp {
    /// Starts loading a file as a layer on a background thread.
    pub fn open_layer(&mut self, path: PathBuf) {
        self.start_import(path, true, None);
    }

    fn start_import(&mut self, path: PathBuf, visible: bool, remembered: Option<(u64, u64)>) {
        if self.imports.is_loading(&path) {
            return;
        }
        let progress = Arc::new(Progress::default());
        let projection = self.doc.geometry.projection;
        let (p, file) = (Arc::clone(&progress), path.clone());
        let spawned = std::thread::Builder::new()
            .name("casa-import".into())
            // Room beyond any reader's need: the readers keep explicit stacks and bounded
            // nesting, so this is a margin, not what keeps a file from overflowing it.
            .stack_size(64 << 20)
            .spawn(move || {
                let layer = load_layer_with(&file, &p)?;
                p.stage.store(2, std::sync::atomic::Ordering::Relaxed);
                let geometry = ImportedGeometry::build(&layer, &projection);
                // Indexed here, not on the first hover.
                geometry.points();
                Ok((layer, geometry))
            });
        match spawned {
            Ok(handle) => self.imports.jobs.push(ImportJob {
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
        if let Some(job) = self.imports.jobs.get(index) {
            job.progress
                .cancel
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Takes the layers that finished loading; keeps the window repainting while any load.
    pub(super) fn poll_imports(&mut self, ctx: &egui::Context) {
        if self.imports.jobs.is_empty() {
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
        let (done, running): (Vec<ImportJob>, Vec<ImportJob>) =
            std::mem::take(&mut self.imports.jobs)
                .into_iter()
                .partition(|j| j.handle.is_finished());
        self.imports.jobs = running;
        for job in done {
            let outcome = job.handle.join().unwrap_or_else(|_| {
                Err(LayerError::Refused {
                    file: job.path.display().to_string(),
                    problem: "the loader stopped unexpectedly".into(),
                })
            });
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
                        self.notices.problems.push(issue.clone());
                    }
                    let elapsed = job.started.elapsed();
                    let (points, lines, polygons) = layer.counts();
                    let mut notice = format!(
                        "Imported {}: {} features ({points} points, {lines} lines, {polygons} areas) in {:.1} s",
                        layer.name,
                        layer.features.len(),
                        elapsed.as_secs_f64(),
                    );
                    // How it was read: which CSV columns, rings rewound; why it is empty.
                    for note in layer.notes.iter().chain(&layer.empty) {
                        notice.push_str("; ");
                        notice.push_str(note);
                    }
                    if !layer.skipped.is_empty() {
                        notice.push_str(&format!(
                            "; {} listed under data problems",
                            layer.skipped.len()
                        ));
                    }
                    let unlisted: usize = layer.unlisted.iter().sum();
                    if unlisted > 0 {
                        notice.push_str(&format!(
                            " and {unlisted} more not listed (`casa check --layer` counts them)"
                        ));
                    }
                    log::info!("{notice} (from {})", job.path.display());
                    self.notices.tell(Topic::Layers, notice);
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
                    let (k, replaced) = self.imports.insert(imported);
                    if replaced && self.maps.selection.imported().is_some_and(|(l, _)| l == k) {
                        self.maps.selection = Selection::None;
                    }
                }
                Err(LayerError::Cancelled) => {
                    self.notices.tell(
                        Topic::Layers,
                        format!("Cancelled loading {}", job.path.display()),
                    );
                }
                Err(LayerError::Refused { problem, .. }) => {
                    let moved = job.remembered.is_some() && !job.path.exists();
                    let problem = if moved {
                        "not found: moved or deleted since the last session; removed from the layers".to_owned()
                    } else {
                        problem
                    };
                    self.import_notice(&job.path, problem);
                }
            }
        }
        self.remember_imports();
    }

    /// Drops the data problems listed for this file.
    fn forget_issues(&mut self, path: &Path) {
        self.notices.forget_file(&path.display().to_string());
    }

    fn import_notice(&mut self, path: &Path, problem: String) {
        let file = path.display().to_string();
        self.notices
            .refuse(Topic::Layers, format!("{file}: {problem}"));
        self.notices.problems.push(LoadIssue {
            file,
            feature: None,
            problem,
            severity: Severity::Error,
            path: None,
        });
    }

    /// Keeps the saved list of imported layers in step.
    fn remember_imports(&mut self) {
        // Layers still loading stay remembered.
        self.settings.imported = self.imports.entries();
    }

    /// Reloads the layers remembered from the last session.
    pub(super) fn restore_imports(&mut self) {
        for entry in std::mem::take(&mut self.settings.imported) {
            self.start_import(entry.path, entry.visible, entry.stamp.or(Some((0, 0))));
        }
        self.remember_imports();
    }

    /// Shows or hides an imported layer.
    pub fn set_import_visible(&mut self, index: usize, visible: bool) {
        if let Some(i) = self.imports.layers.get_mut(index) {
            i.entry.visible = visible;
        }
        if !visible
            && self
                .maps
                .selection
                .imported()
                .is_some_and(|(l, _)| l == index)
        {
            self.maps.selection = Selection::None;
        }
        self.remember_imports();
    }

    /// Shows this imported layer only: the atlas's layers, memberships and the other
    /// imported layers off.
    pub fn solo_import(&mut self, index: usize) {
        self.imports.solo(index);
        let mut layers = self.settings.layers.clone();
        layers.show_only(|_| false);
        layers.organisations.clear();
        self.settings.layers = layers;
        self.refresh_layers();
        self.remember_imports();
    }

    /// Removes an imported layer and the data problems listed for it (the file is left as
    /// it is).
    pub fn remove_import(&mut self, index: usize) {
        if index < self.imports.layers.len() {
            let removed = self.imports.layers.remove(index);
            self.forget_issues(&removed.entry.path);
            self.maps.selection = match self.maps.selection {
                Selection::Imported(l, _) if l == index => Selection::None,
                Selection::Imported(l, f) if l > index => Selection::Imported(l - 1, f),
                other => other,
            };
        }
        self.remember_imports();
    }

    /// Flies to show all of an imported layer.
    pub fn zoom_to_import(&mut self, index: usize, now: f64) {
        let Some(b) = self.imports.layers.get(index).map(|i| i.geometry.bounds) else {
            return;
        };
        if b.min.x > b.max.x {
            return;
        }
        self.maps.fly_to_bounds(b, now);
    }
}
