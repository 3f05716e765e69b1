//! The app as a presentation tool: the briefing's scenes and stepping through them,
//! presenter mode, the compare view, and slide export.

use std::path::{Path, PathBuf};

use super::CasaApp;
use crate::compose::Selection;
use crate::data::{LoadIssue, Severity};
use crate::edit::drawing::Target as DrawingTarget;
use crate::export::Slide;
use crate::model::annotation::{Anchor, Annotation};
use crate::model::briefing::{Briefing, Scene, SideSpec, Target};
use crate::model::layers::LayerState;
use crate::model::layers::SideState;
use crate::query::compare::Change;
use crate::ui::map_view::MapView;

/// How much larger everything is drawn in presenter mode, for the back of the room.
pub const PRESENTER_ZOOM: f32 = 1.3;

/// The right-hand side of the compare view: its own layers and year, the shared camera.
pub struct CompareView {
    /// What this side shows, and what derives from it.
    pub side: SideState,
    /// What differs between the two sides.
    pub changes: Vec<Change>,
    /// This side's map view (its camera follows the left one's).
    pub map: MapView,
    /// Where the divider is, as a fraction of the width.
    pub divider: f32,
    /// Whether the layers panel edits this side.
    pub editing: bool,
}

impl CompareView {
    fn new(layers: LayerState) -> Self {
        Self {
            side: SideState {
                layers,
                ..SideState::default()
            },
            changes: Vec::new(),
            map: MapView {
                passive_keys: true,
                user_moved: true,
                ..MapView::default()
            },
            divider: 0.5,
            editing: false,
        }
    }
}

/// Reads the user's briefing file: `None` if there is none. An unreadable file is set aside
/// (kept, renamed) and reported; scenes that fail their checks are reported, and a copy of
/// the file is kept so that saving the valid ones loses nothing.
pub fn load_user_briefing(
    path: &Path,
    atlas: &crate::model::Atlas,
    corpus: &crate::model::corpus::Corpus,
) -> (Option<Briefing>, Vec<LoadIssue>) {
    let file = path.display().to_string();
    crate::sys::persist::remove_stale_temps(path);
    if !path.exists() {
        return (None, Vec::new());
    }
    let notice = |problem: String| LoadIssue {
        file: file.clone(),
        feature: None,
        problem,
        severity: Severity::Warning,
        path: None,
    };
    let text = match crate::data::read_user_text(path) {
        Ok(text) => text,
        Err(problem) => {
            let aside = crate::sys::persist::set_aside(path)
                .map(|p| format!("; set aside as {}", p.display()))
                .unwrap_or_default();
            return (
                None,
                vec![notice(format!(
                    "{problem}{aside}; using the shipped briefing"
                ))],
            );
        }
    };
    let (briefing, mut issues) = Briefing::parse(&file, &text, atlas, corpus);
    if issues.iter().any(|i| i.feature.is_none()) {
        // The whole file is unusable.
        let aside = crate::sys::persist::set_aside(path)
            .map(|p| format!("; set aside as {}", p.display()))
            .unwrap_or_default();
        for i in &mut issues {
            i.problem.push_str(&aside);
            i.problem.push_str("; using the shipped briefing");
            i.severity = Severity::Warning;
        }
        return (None, issues);
    }
    if !issues.is_empty() {
        let copy = crate::sys::persist::back_up(path, "skipped")
            .map(|p| format!("the file as it was is kept as {}", p.display()))
            .unwrap_or_else(|e| format!("could not keep a copy: {e}"));
        // Not every problem skips a scene (a caption number without a source, a bad
        // correction), so count problems; the copy keeps whatever was left out.
        issues.push(notice(format!(
            "{} problem(s) in the briefing (see above); {copy}",
            issues.len()
        )));
    }
    (Some(briefing), issues)
}

impl CasaApp {
    /// Uses a briefing file for the user's scenes: loads it if it exists, and saves edits to
    /// it. Problems are added to the load issues.
    pub fn use_briefing_file(&mut self, path: PathBuf) {
        let (briefing, issues) = load_user_briefing(&path, &self.doc.atlas, &self.doc.corpus);
        self.issues.extend(issues);
        if let Some(b) = briefing {
            self.show.briefing = b;
            self.show.is_user = true;
        }
        let claim = crate::sys::persist::FileClaim::ensure(
            &mut self.show.claim,
            &mut self.show.claim_refused,
            &path,
        );
        if claim == crate::sys::persist::Claim::Refused {
            self.issues.push(LoadIssue {
                file: path.display().to_string(),
                feature: None,
                problem: "another CASA window is open with these scenes; this window saves your changes only once that one is closed (Export briefing… keeps them now)".into(),
                severity: Severity::Notice,
                path: None,
            });
        }
        self.show.user_file = Some(path);
        self.show.current = None;
        self.reshaping = None;
        self.history
            .retarget(|t| matches!(t, DrawingTarget::Sketch).then_some(DrawingTarget::Sketch));
        self.refresh_overlay();
    }

    /// Whether this window may write the user's briefing file: it holds the claim on it.
    /// When the claim comes to it from a window now closed, that window's file is first
    /// copied aside (`scenes.json.other-window-<time>`), so its scenes are never lost;
    /// the copy's name is returned with `Ok`.
    fn claim_briefing_file(&mut self, path: &Path) -> Result<Option<PathBuf>, String> {
        let claim = crate::sys::persist::FileClaim::ensure(
            &mut self.show.claim,
            &mut self.show.claim_refused,
            path,
        );
        match claim {
            crate::sys::persist::Claim::Held => Ok(None),
            crate::sys::persist::Claim::Refused => Err(format!(
                "Not saved: another CASA window is saving {}; this window keeps your change and saves it once that one is closed (Export briefing… keeps it now)",
                path.display()
            )),
            crate::sys::persist::Claim::Taken if path.exists() => {
                crate::sys::persist::back_up(path, "other-window")
                    .map(Some)
                    .map_err(|e| {
                        format!(
                            "Not saved: could not keep a copy of {}: {e}",
                            path.display()
                        )
                    })
            }
            crate::sys::persist::Claim::Taken => Ok(None),
        }
    }

    /// Goes to a scene: its layers, year, compare side and selection at once, the camera
    /// in a smooth flight.
    pub fn go_to_scene(&mut self, index: usize, now: f64) {
        let Some(scene) = self.show.briefing.scenes.get(index).cloned() else {
            return;
        };
        self.show.current = Some(index);
        // Handles belong to the scene left.
        self.reshaping = None;
        self.panels.playing_since = None;
        self.state.layers = scene.side().to_state();
        self.replace_compare(scene.compare.as_ref().map(SideSpec::to_state));
        // Recomputes both sides (and the change list) once.
        self.refresh_layers();
        self.select(scene.target(&self.doc.atlas));
        self.subjects = self
            .doc
            .scene_subjects(&scene.caption, self.selection.feature());
        self.refresh_overlay();
        self.map
            .fly_to_view(scene.view, &self.doc.geometry.projection, now);
    }

    /// Steps forward or back; from no scene, forward starts at the first.
    pub fn step_scene(&mut self, delta: i32, now: f64) {
        let n = self.show.briefing.scenes.len();
        if n == 0 {
            return;
        }
        let next = match self.show.current {
            None if delta >= 0 => 0,
            None => n - 1,
            Some(i) => (i as i64 + i64::from(delta)).clamp(0, n as i64 - 1) as usize,
        };
        if Some(next) != self.show.current {
            self.go_to_scene(next, now);
        }
    }

    /// Opens (with these layers) or closes the compare view.
    pub fn set_compare(&mut self, right: Option<LayerState>) {
        self.replace_compare(right);
        self.refresh_compare();
    }

    /// Opens, changes or closes the right side, keeping its map and divider if it stays;
    /// the caller refreshes.
    fn replace_compare(&mut self, right: Option<LayerState>) {
        self.compare = match (right, self.compare.take()) {
            (None, _) => None,
            (Some(layers), Some(mut c)) => {
                c.side.layers = layers;
                Some(c)
            }
            (Some(layers), None) => Some(CompareView::new(layers)),
        };
    }

    /// Recomputes the right side after either side's layers changed.
    pub(super) fn refresh_compare(&mut self) {
        let Some(c) = &mut self.compare else { return };
        c.side = SideState::new(&self.doc.atlas, std::mem::take(&mut c.side.layers));
        c.changes =
            crate::query::compare::changes(&self.doc.atlas, &self.state.layers, &c.side.layers);
    }

    /// The box in degrees the map shows now (the overview before the first frame).
    fn current_view(&self) -> crate::geo::projection::ViewBox {
        match (self.map.camera, self.map.viewport) {
            (Some(cam), Some(vp)) => cam.view_box(&self.doc.geometry.projection, vp),
            _ => crate::geo::camera::HOME_BOUNDS,
        }
    }

    /// The selected feature or country, as a scene names it.
    fn selection(&self) -> Option<Target> {
        match self.selection {
            Selection::Feature(f) => Some(Target::Feature(f)),
            Selection::Country(c) => Some(Target::Country(c)),
            _ => None,
        }
    }

    /// Selects what a scene names (or nothing).
    fn select(&mut self, target: Option<Target>) {
        self.selection = match target {
            Some(Target::Feature(i)) => Selection::Feature(i),
            Some(Target::Country(i)) => Selection::Country(i),
            None => Selection::None,
        };
    }

    /// The current view as a scene (named `name`), with the current selection.
    fn scene_from_view(&self, name: String) -> Scene {
        let view = self.current_view();
        let select = match self.selection() {
            Some(Target::Feature(f)) => self.doc.atlas.features.get(f).map(|f| f.id.clone()),
            Some(Target::Country(c)) => self.doc.atlas.countries.get(c).map(|c| c.id.0.clone()),
            None => None,
        };
        let mut scene = Scene {
            name,
            caption: String::new(),
            notes: String::new(),
            view,
            layers: None,
            organisations: Vec::new(),
            year: None,
            select,
            compare: self
                .compare
                .as_ref()
                .map(|c| SideSpec::of_state(&c.side.layers)),
            sources: Vec::new(),
            corrections: Vec::new(),
            reviewed: None,
            annotations: Vec::new(),
        };
        scene.set_side(SideSpec::of_state(&self.state.layers));
        scene
    }

    /// Applies an edit to the briefing and saves it.
    pub(super) fn edit_briefing(&mut self, edit: BriefingEdit) {
        if !matches!(edit, BriefingEdit::Annotations(..)) {
            // A drawing being reshaped is saved only where it was; scenes that move or
            // go end its editing.
            self.reshaping = None;
        }
        let scenes = &mut self.show.briefing.scenes;
        match edit {
            BriefingEdit::Add => {
                let at = self
                    .show
                    .current
                    .map_or(scenes.len(), |i| (i + 1).min(scenes.len()));
                let name = format!("Scene {}", scenes.len() + 1);
                let scene = self.scene_from_view(name);
                let scenes = &mut self.show.briefing.scenes;
                scenes.insert(at, scene);
                self.show.current = Some(at);
                self.history.retarget(|t| match t {
                    DrawingTarget::Scene(k, n) if *k >= at => {
                        Some(DrawingTarget::Scene(k + 1, n.clone()))
                    }
                    other => Some(other.clone()),
                });
            }
            BriefingEdit::Update(i) => {
                let Some(old) = scenes.get(i).cloned() else {
                    return;
                };
                let mut scene = self.scene_from_view(old.name.clone());
                // What belongs to the caption and the drawings stays; the view, layers,
                // year and selection are the current ones.
                scene.caption = old.caption;
                scene.notes = old.notes;
                scene.sources = old.sources;
                scene.corrections = old.corrections;
                scene.reviewed = old.reviewed;
                scene.annotations = old.annotations;
                self.show.briefing.scenes[i] = scene;
            }
            BriefingEdit::Text {
                index,
                name,
                caption,
                notes,
            } => {
                let Some(scene) = scenes.get_mut(index) else {
                    return;
                };
                if !name.trim().is_empty() {
                    scene.name = name.trim().to_owned();
                    let renamed = scene.name.clone();
                    self.history.retarget(|t| match t {
                        DrawingTarget::Scene(k, _) if *k == index => {
                            Some(DrawingTarget::Scene(index, renamed.clone()))
                        }
                        other => Some(other.clone()),
                    });
                }
                scene.caption = caption;
                scene.notes = notes;
            }
            BriefingEdit::Move(i, delta) => {
                let j = i as i64 + i64::from(delta);
                if i >= scenes.len() || j < 0 || j as usize >= scenes.len() {
                    return;
                }
                let j = j as usize;
                scenes.swap(i, j);
                self.history.retarget(|t| match t {
                    DrawingTarget::Scene(k, n) if *k == i => {
                        Some(DrawingTarget::Scene(j, n.clone()))
                    }
                    DrawingTarget::Scene(k, n) if *k == j => {
                        Some(DrawingTarget::Scene(i, n.clone()))
                    }
                    other => Some(other.clone()),
                });
                let j = j as i64;
                if self.show.current == Some(i) {
                    self.show.current = Some(j as usize);
                } else if self.show.current == Some(j as usize) {
                    self.show.current = Some(i);
                }
            }
            BriefingEdit::Banner(banner) => self.show.briefing.banner = banner,
            BriefingEdit::Annotations(i, list) => {
                let Some(scene) = scenes.get_mut(i) else {
                    return;
                };
                scene.annotations = list;
            }
            BriefingEdit::Delete(i) => {
                if i >= scenes.len() {
                    return;
                }
                scenes.remove(i);
                self.history.retarget(|t| match t {
                    DrawingTarget::Scene(k, _) if *k == i => None,
                    DrawingTarget::Scene(k, n) if *k > i => {
                        Some(DrawingTarget::Scene(k - 1, n.clone()))
                    }
                    other => Some(other.clone()),
                });
                self.show.current = match self.show.current {
                    Some(c) if c == i => None,
                    Some(c) if c > i => Some(c - 1),
                    other => other,
                };
            }
        }
        self.show.is_user = true;
        self.save_briefing();
        self.refresh_overlay();
    }

    /// Draws a range ring on a scene from what the user typed: the centre is resolved as
    /// `casa measure` resolves a name (a feature, a capital, or lat,lon) and stored by id or
    /// position; a problem is said in the briefing tab and nothing is added.
    pub(super) fn add_ring(&mut self, index: usize, center: &str, radius_km: &str, label: &str) {
        let ring = crate::query::measure::resolve(&self.doc.atlas, center)
            .map_err(|e| e.to_string())
            .and_then(|end| {
                let radius_km: f64 = radius_km
                    .trim()
                    .trim_end_matches("km")
                    .trim()
                    .replace(',', "")
                    .parse()
                    .map_err(|_| format!("{radius_km:?} is not a number of kilometres"))?;
                let center = match end.id {
                    Some(id) => Anchor::Named(id),
                    None => Anchor::Position([end.at.lon, end.at.lat]),
                };
                let label = Some(label.trim().to_owned()).filter(|l| !l.is_empty());
                let ring = Annotation::Ring {
                    center,
                    radius_km,
                    label,
                    colour: None,
                };
                ring.resolve(&self.doc.atlas).map(|_| ring)
            });
        let name = self.show.briefing.scenes.get(index).map(|s| s.name.clone());
        match (ring, name) {
            (Ok(ring), Some(name)) => {
                self.add_annotation(DrawingTarget::Scene(index, name), ring);
                self.show.notice = None;
                if let Some(form) = &mut self.panels.draft {
                    form.ring_center.clear();
                    form.ring_radius.clear();
                    form.ring_label.clear();
                }
            }
            (Err(e), _) => self.show.notice = Some(format!("Ring not drawn: {e}")),
            (Ok(_), None) => {}
        }
    }

    /// Saves the user's briefing atomically (if it has a file).
    fn save_briefing(&mut self) {
        let Some(path) = self.show.user_file.clone() else {
            self.show.notice = Some("Not saved: no data folder for your scenes".into());
            return;
        };
        let copy = match self.claim_briefing_file(&path) {
            Ok(copy) => copy,
            Err(refused) => {
                self.show.notice = Some(refused);
                return;
            }
        };
        let kept = copy.map_or_else(String::new, |c| {
            format!(" (the other window's scenes are kept in {})", c.display())
        });
        self.show.notice = Some(
            match crate::sys::persist::write_atomic(&path, self.show.briefing.to_json().as_bytes())
            {
                Ok(()) => format!("Saved to {}{kept}", path.display()),
                Err(e) => format!("Could not save to {}: {e}", path.display()),
            },
        );
    }

    /// Writes the briefing to a file to share it.
    pub fn export_briefing(&mut self, path: &Path) {
        self.show.notice = Some(
            match crate::sys::persist::write_atomic(path, self.show.briefing.to_json().as_bytes()) {
                Ok(()) => format!(
                    "Exported {} scenes to {}",
                    self.show.briefing.scenes.len(),
                    path.display()
                ),
                Err(e) => format!("Could not export to {}: {e}", path.display()),
            },
        );
    }

    /// Adds the valid scenes of a briefing file after the current ones (the file is only
    /// read); says what was skipped.
    pub fn import_briefing(&mut self, path: &Path) {
        let file = path.display().to_string();
        let text = match crate::data::read_user_text(path) {
            Ok(t) => t,
            Err(e) => {
                self.show.notice = Some(format!("Could not import: {e}"));
                return;
            }
        };
        let (briefing, issues) = Briefing::parse(&file, &text, &self.doc.atlas, &self.doc.corpus);
        let added = briefing.scenes.len();
        self.show.briefing.scenes.extend(briefing.scenes);
        let mut notice = format!("Imported {added} scene(s) from {file}");
        if !issues.is_empty() {
            notice.push_str(&format!("; {} problem(s), see the banner", issues.len()));
            self.issues.extend(issues);
        }
        if added > 0 {
            self.show.is_user = true;
            self.save_briefing();
        }
        self.show.notice = Some(notice);
    }

    /// Back to the shipped briefing; the user's file is kept aside, not deleted.
    pub fn restore_shipped_briefing(&mut self) {
        let mut notice = "Restored the shipped briefing".to_owned();
        if let Some(path) = self.show.user_file.clone()
            && let Err(refused) = self.claim_briefing_file(&path)
        {
            self.show.notice = Some(refused);
            return;
        }
        if let Some(path) = &self.show.user_file
            && path.exists()
        {
            match crate::sys::persist::back_up(path, "replaced") {
                Ok(copy) => {
                    let _ = std::fs::remove_file(path);
                    notice.push_str(&format!("; your scenes are kept in {}", copy.display()));
                }
                Err(e) => {
                    self.show.notice = Some(format!("Could not keep a copy of your scenes: {e}"));
                    return;
                }
            }
        }
        self.show.briefing = self.show.shipped.clone();
        self.show.is_user = false;
        self.show.current = None;
        self.reshaping = None;
        self.history
            .retarget(|t| matches!(t, DrawingTarget::Sketch).then_some(DrawingTarget::Sketch));
        self.show.notice = Some(notice);
        self.refresh_overlay();
    }

    /// Enters or leaves presenter mode.
    pub(super) fn present(&mut self, ctx: &egui::Context, on: bool) {
        if on == self.show.presenter {
            return;
        }
        self.show.presenter = on;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
        if on && self.show.current.is_none() && !self.show.briefing.scenes.is_empty() {
            self.go_to_scene(0, ctx.input(|i| i.time));
        }
    }

    /// A slide of a scene, or of the current view (with the current scene's caption).
    pub fn slide(&self, scene: Option<usize>, size: [u32; 2]) -> Slide<'_> {
        let imported = self.imports.iter().map(super::Imported::view).collect();
        if let Some(s) = scene.and_then(|i| self.show.briefing.scenes.get(i)) {
            let mut slide = crate::export::scene_slide(
                &self.doc,
                &self.palette,
                self.state.show_graticule,
                s,
                imported,
                size,
            );
            slide.banner = self.show.briefing.banner();
            return slide;
        }
        let mut sides = vec![self.side.clone()];
        sides.extend(self.compare.as_ref().map(|c| c.side.clone()));
        let current = self
            .show
            .current
            .and_then(|i| self.show.briefing.scenes.get(i));
        Slide {
            doc: &self.doc,
            palette: &self.palette,
            graticule: self.state.show_graticule,
            view: self.current_view(),
            sides,
            selection: self.selection,
            subjects: self.subjects.clone(),
            title: current.map(|s| s.name.clone()),
            caption: current.map(|s| s.caption.clone()).filter(|c| !c.is_empty()),
            cite: current.and_then(|s| crate::export::scene_cite(s, &self.doc)),
            corrections: current
                .map(crate::export::scene_corrections)
                .unwrap_or_default(),
            imported,
            size,
            banner: self.show.briefing.banner(),
            cited: current
                .map(|s| crate::export::scene_cited(s, &self.doc))
                .unwrap_or_default(),
            annotations: self.annotations.clone(),
        }
    }

    /// Writes a slide and says how it went.
    /// Writes a slide: the SVG is written here (milliseconds, from the render cache), the
    /// rasterising and the file on a worker thread, so the map stays live; see
    /// [`Self::poll_export`].
    pub fn export_slide(&mut self, path: &Path, scene: Option<usize>, size: [u32; 2]) {
        let checked = crate::export::check_size(size).and(crate::export::check_format(path));
        if let Err(e) = checked {
            self.show.notice = Some(format!("Could not save the slide: {e}"));
            return;
        }
        let svg = crate::export::svg(&self.slide(scene, size));
        let path = path.to_path_buf();
        self.show.notice = Some(format!("Saving the slide to {}…", path.display()));
        let worker = std::thread::Builder::new()
            .name("casa-export".into())
            .spawn(move || {
                crate::export::write_document(svg, &path)
                    .map(|()| format!("Saved the slide to {}", path.display()))
                    .map_err(|e| format!("Could not save the slide: {e}"))
            });
        match worker {
            Ok(handle) => self.show.exporting = Some(handle),
            Err(e) => self.show.notice = Some(format!("Could not save the slide: {e}")),
        }
    }

    /// Takes the outcome of a slide export when it is done; until then, keeps the window
    /// repainting so the outcome shows as soon as it is known.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(handle) = &self.show.exporting else {
            return;
        };
        if !handle.is_finished() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return;
        }
        if let Some(handle) = self.show.exporting.take() {
            self.show.notice = Some(match handle.join() {
                Ok(Ok(done)) | Ok(Err(done)) => done,
                Err(_) => "Could not save the slide: the export stopped unexpectedly".into(),
            });
        }
    }
}

/// An edit of the briefing.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum BriefingEdit {
    Add,
    Update(usize),
    Text {
        index: usize,
        name: String,
        caption: String,
        notes: String,
    },
    Move(usize, i32),
    Delete(usize),
    Banner(String),
    /// A scene's annotations replaced (an edit of [`super::sketching`], undoable there).
    Annotations(usize, Vec<crate::model::annotation::Entry>),
}
