//! Briefing packages in the app (see [`crate::data::package`]): the briefing saved with the
//! layers it shows and the analyst's entries it cites, on a worker thread; a package opened
//! (read, checked and unpacked on a worker), its entries added to the user's atlas through
//! the additions merge (a conflict asked about first), its layers opened and its scenes
//! presented at once.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use super::CasaApp;
use crate::data::package::{self, Contents, PACKAGE_EXTENSION, Unpacked};
use crate::edit::authoring::Merge;
use crate::session::notices::Topic;

impl CasaApp {
    /// Opens a file given to CASA (on its command line, dropped on the window, "Open
    /// with"): a briefing package is presented, anything else opened as a layer.
    pub fn open_file(&mut self, path: PathBuf) {
        // Absolute, so a layer remembered or a package's origin is found from any folder.
        let path = std::path::absolute(&path).unwrap_or(path);
        if is_package(&path) {
            self.open_package(path);
        } else {
            self.open_layer(path);
        }
    }

    /// Saves the briefing as a package: its scenes, the imported layers shown and the
    /// user's entries the scenes show or cite, written on a worker thread.
    pub fn save_package(&mut self, path: &Path) {
        if !is_package(path) {
            return self.notices.refuse(
                Topic::Briefing,
                format!(
                    "Not saved: {} does not end in .{PACKAGE_EXTENSION}, so nothing would open it as a briefing package",
                    path.display()
                ),
            );
        }
        if self.exports.package.is_some() {
            return self.notices.refuse(
                Topic::Briefing,
                "A package is being saved; wait for it to finish",
            );
        }
        let briefing = self.presentation.briefing.clone();
        let additions = self
            .authoring
            .part
            .as_ref()
            .map(|part| package::cited_additions(&briefing, &self.doc.atlas, &part.atlas))
            .unwrap_or_default();
        let contents = Contents {
            briefing,
            additions,
            layers: self
                .imports
                .layers
                .iter()
                .filter(|i| i.entry.visible)
                .map(|i| i.entry.path.clone())
                .collect(),
        };
        let path = path.to_path_buf();
        let worker = std::thread::Builder::new()
            .name("casa-package".into())
            .spawn(move || package::write(&path, &contents));
        match worker {
            Ok(handle) => {
                self.exports.package = Some(handle);
                self.notices.tell(Topic::Briefing, "Saving the package…");
            }
            Err(e) => self
                .notices
                .refuse(Topic::Briefing, format!("Could not start saving: {e}")),
        }
    }

    /// Opens a briefing package: read, checked and unpacked into its own folder on a
    /// worker thread, then presented (see [`Self::poll_packages`]).
    pub fn open_package(&mut self, path: PathBuf) {
        if self.package_pending() || self.authoring.merge.is_some() {
            return self.notices.refuse(
                Topic::Briefing,
                format!(
                    "{} not opened: finish with the package or the additions being imported first",
                    path.display()
                ),
            );
        }
        let Some(root) = self.presentation.packages_root.clone() else {
            return self.notices.refuse(
                Topic::Briefing,
                "Could not open the package: CASA has no data folder to unpack it into",
            );
        };
        let worker = std::thread::Builder::new()
            .name("casa-package".into())
            .spawn({
                let path = path.clone();
                move || package::unpack(package::read(&path)?, &path, &root)
            });
        match worker {
            Ok(handle) => self.presentation.opening = Some((path, handle)),
            Err(e) => self
                .notices
                .refuse(Topic::Briefing, format!("Could not start opening: {e}")),
        }
    }

    /// Whether a package is being opened or waits for the user (a screenshot waits for it).
    pub fn package_pending(&self) -> bool {
        self.presentation.opening.is_some() || self.presentation.waiting.is_some()
    }

    /// Takes a package saved or opened on its worker, once it is done; presents a package
    /// whose additions waited for the user's choice, once it is made.
    pub(super) fn poll_packages(&mut self, ctx: &egui::Context) {
        if let Some(outcome) = finished(&mut self.exports.package) {
            match outcome {
                Ok(done) => self.notices.tell(Topic::Briefing, done),
                Err(why) => self.notices.refuse(Topic::Briefing, why),
            }
        }
        let done = self
            .presentation
            .opening
            .as_ref()
            .is_some_and(|(_, worker)| worker.is_finished());
        if let Some((path, worker)) = self.presentation.opening.take_if(|_| done) {
            match worker.join() {
                Ok(Ok(unpacked)) => self.adopt_package(ctx, unpacked),
                Ok(Err(why)) => self.package_refused(&path, why),
                Err(_) => self.package_refused(&path, "the worker stopped unexpectedly".into()),
            }
        }
        if self.authoring.merge.is_none()
            && let Some(unpacked) = self.presentation.waiting.take()
        {
            self.present_package(ctx, unpacked);
        }
        if self.presentation.opening.is_some() || self.exports.package.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }

    /// A package that could not be opened: said in the briefing's notice and the banner
    /// (the window CASA was started in by a double-click may show neither tab).
    fn package_refused(&mut self, path: &Path, why: String) {
        let shown = crate::data::shown_path(path);
        let problem = why
            .strip_prefix(&format!("{shown}: "))
            .unwrap_or(&why)
            .to_owned();
        self.notices.refuse(
            Topic::Briefing,
            format!("Could not open the package: {why}"),
        );
        self.notices.problem(crate::data::LoadIssue {
            file: shown,
            feature: None,
            problem: format!("not opened: {problem}"),
            severity: crate::data::Severity::Warning,
            path: None,
        });
    }

    /// The package's entries added to the user's atlas first (its scenes may cite them):
    /// new ones at once, through the loader's checks; where the user has an entry of the
    /// same id that differs, the merge window asks which to keep, and the scenes wait.
    fn adopt_package(&mut self, ctx: &egui::Context, unpacked: Unpacked) {
        if !unpacked.additions.is_empty() {
            let Some(part) = &self.authoring.part else {
                self.notices.refuse(
                    Topic::Atlas,
                    "The package's articles and features were not added: CASA has no data folder to keep them in",
                );
                return self.present_package(ctx, unpacked);
            };
            let merge = Merge::new(&part.atlas, unpacked.additions.clone());
            if !merge.conflicts.is_empty() {
                // The merge window is not drawn while presenting.
                self.present(ctx, false);
                self.notices.tell(
                    Topic::Atlas,
                    format!(
                        "The package has {} entries that differ from yours: choose which to keep, then its scenes are shown",
                        merge.conflicts.len()
                    ),
                );
                self.authoring.merge = Some(merge);
                self.presentation.waiting = Some(unpacked);
                return;
            }
            if merge.new > 0 {
                let merged = merge.apply(&part.atlas);
                let done = format!(
                    "Added {} of the package's entries to your atlas (Undo takes them back)",
                    merge.new
                );
                // Refused (an entry fails the checks): the reason is told, and the scenes
                // that cite it are reported when they are read.
                self.commit(merged, done);
            }
        }
        self.present_package(ctx, unpacked);
    }

    /// The package's scenes made the briefing (saved to its own folder, the user's own
    /// briefing left as it is), its layers opened and the others hidden, and presented.
    fn present_package(&mut self, ctx: &egui::Context, unpacked: Unpacked) {
        // Its scenes must read before they replace the briefing shown (a file that does
        // not would leave the user's own scenes shown, and saved into the package's folder).
        let used = self.presentation.use_package_file(
            unpacked.scenes.clone(),
            &self.doc.atlas,
            &self.doc.corpus,
        );
        match used {
            Ok(issues) => {
                self.notices.problems.extend(issues);
                self.drawing.forget_scenes();
                self.refresh_overlay();
            }
            Err(issues) => {
                let why = issues.first().map_or_else(
                    || format!("{} is missing", crate::data::shown_path(&unpacked.scenes)),
                    ToString::to_string,
                );
                return self.package_refused(&unpacked.source, why);
            }
        }
        let shown: Vec<PathBuf> = unpacked.layers.clone();
        let mut hidden = 0;
        for index in 0..self.imports.layers.len() {
            let entry = &self.imports.layers[index].entry;
            if entry.visible && !shown.contains(&entry.path) {
                self.set_import_visible(index, false);
                hidden += 1;
            }
        }
        for job in &mut self.imports.jobs {
            if job.visible && !shown.contains(&job.path) {
                job.visible = false;
                hidden += 1;
            }
        }
        for layer in unpacked.layers {
            self.open_layer(layer);
        }
        let title = Some(unpacked.manifest.title.trim())
            .filter(|t| !t.is_empty())
            .unwrap_or("the briefing");
        let mut done = format!(
            "Opened {title}: {} scenes, {} layers; saved as you edit in {}",
            self.presentation.briefing.scenes.len(),
            shown.len(),
            unpacked.dir.display(),
        );
        if unpacked.again {
            done.push_str(" (opened before: your changes there are kept)");
        }
        if hidden > 0 {
            done.push_str(&format!(
                "; {hidden} of your layers hidden, as the package shows none of them"
            ));
        }
        if let Some(own) = self.presentation.own_file.as_ref() {
            done.push_str(&format!(
                "; your own briefing is unchanged in {} (back at the next start)",
                own.display()
            ));
        }
        log::info!(
            "opened briefing package {} ({} scenes, {} layers) into {}",
            unpacked.source.display(),
            self.presentation.briefing.scenes.len(),
            shown.len(),
            unpacked.dir.display()
        );
        self.notices.tell(Topic::Briefing, done);
        if self.presentation.briefing.scenes.is_empty() {
            return;
        }
        if self.presentation.presenting {
            self.go_to_scene(0, ctx.input(|i| i.time));
        } else {
            // Goes to the first scene.
            self.present(ctx, true);
        }
    }
}

/// Whether a file is a briefing package, by its extension.
pub fn is_package(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(PACKAGE_EXTENSION))
}

/// A worker's outcome once it is done (taken), `None` while it runs or when none is.
fn finished<T>(slot: &mut Option<JoinHandle<Result<T, String>>>) -> Option<Result<T, String>> {
    if !slot.as_ref()?.is_finished() {
        return None;
    }
    Some(match slot.take()?.join() {
        Ok(outcome) => outcome,
        Err(_) => Err("the worker stopped unexpectedly".into()),
    })
}
