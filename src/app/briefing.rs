//! The briefing in the app: going to a scene (its layers, year, compare side, selection and
//! view at once), stepping through them, presentation mode, and editing the scenes, each
//! edit saved to the user's briefing file.

use std::path::{Path, PathBuf};

use super::CasaApp;
use crate::compose::Selection;
use crate::edit::drawing::Owner;
use crate::model::briefing::{Briefing, Scene, SideSpec, Target};
use crate::session::notices::Topic;
use crate::session::presentation::PRESENTATION_ZOOM;
use crate::ui::Command;

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
    /// A scene's annotations replaced (an edit of [`super::drawing`], undoable there).
    Annotations(usize, Vec<crate::model::annotation::Entry>),
}

impl CasaApp {
    /// Applies a command of the briefing and presentation mode.
    pub(super) fn briefing_command(&mut self, ctx: &egui::Context, command: Command) {
        let now = ctx.input(|i| i.time);
        match command {
            Command::GoToScene(i) => self.go_to_scene(i, now),
            Command::StepScene(delta) => self.step_scene(delta, now),
            Command::Present(on) => self.present(ctx, on),
            Command::ShowNotes(on) => self.presentation.notes_window = on,
            Command::ShowLegend(on) => self.settings.presentation_legend = on,
            Command::AddScene => self.edit_briefing(BriefingEdit::Add),
            Command::UpdateScene(i) => self.edit_briefing(BriefingEdit::Update(i)),
            Command::EditScene {
                index,
                name,
                caption,
                notes,
            } => self.edit_briefing(BriefingEdit::Text {
                index,
                name,
                caption,
                notes,
            }),
            Command::MoveScene(i, delta) => self.edit_briefing(BriefingEdit::Move(i, delta)),
            Command::DeleteScene(i) => self.edit_briefing(BriefingEdit::Delete(i)),
            Command::ExportBriefing(path) => self.export_briefing(&path),
            Command::ImportBriefing(path) => self.import_briefing(&path),
            Command::RestoreShippedBriefing => self.restore_shipped_briefing(),
            _ => {}
        }
    }

    /// Uses a briefing file for the user's scenes: loads it if it exists, and saves edits to
    /// it. Problems are added to the banner.
    pub fn use_briefing_file(&mut self, path: PathBuf) {
        let issues = self
            .presentation
            .use_file(path, &self.doc.atlas, &self.doc.corpus);
        self.notices.problems.extend(issues);
        self.drawing.forget_scenes();
        self.refresh_overlay();
    }

    /// Starts presenting at a scene named or numbered by `query` (empty: the first).
    pub(super) fn start_presenting_at(&mut self, ctx: &egui::Context, query: &str) {
        let index = match query.trim() {
            "" => Some(0),
            q => self.presentation.briefing.find(q),
        };
        match index {
            Some(i) => {
                self.present(ctx, true);
                self.go_to_scene(i, 0.0);
            }
            None => eprintln!("casa: no scene {query:?} to present; starting normally"),
        }
    }

    /// Goes to a scene: its layers, year, compare side and selection at once, the camera
    /// in a smooth flight.
    pub fn go_to_scene(&mut self, index: usize, now: f64) {
        let Some(scene) = self.presentation.briefing.scenes.get(index).cloned() else {
            return;
        };
        self.presentation.current = Some(index);
        // The legend looks for room on the new scene's map.
        self.presentation.legend_in_caption_bar = false;
        // Handles belong to the scene left.
        self.drawing.reshaping = None;
        self.panels.playing_since = None;
        self.settings.layers = scene.side().to_state();
        if let Some(relief) = scene.relief {
            self.settings.relief = relief;
        }
        self.maps
            .replace_compare(scene.compare.as_ref().map(SideSpec::to_state));
        // Recomputes both sides (and the differences) once.
        self.refresh_layers();
        self.maps.selection = match scene.target(&self.doc.atlas) {
            Some(Target::Feature(i)) => Selection::Feature(i),
            Some(Target::Country(i)) => Selection::Country(i),
            None => Selection::None,
        };
        self.presentation.subjects = self
            .doc
            .scene_subjects(&scene.caption, self.maps.selection.feature());
        self.refresh_overlay();
        self.maps
            .main
            .fly_to_view(scene.view, &self.doc.geometry.projection, now);
    }

    /// Steps forward or back; from no scene, forward starts at the first.
    pub fn step_scene(&mut self, delta: i32, now: f64) {
        if let Some(next) = self.presentation.step_to(delta) {
            self.go_to_scene(next, now);
        }
    }

    /// The current view as a scene (named `name`), with the current selection.
    fn scene_from_view(&self, name: String) -> Scene {
        let view = self.maps.current_view(&self.doc.geometry.projection);
        let select = match self.maps.selection {
            Selection::Feature(f) => self.doc.atlas.features.get(f).map(|f| f.id.clone()),
            Selection::Country(c) => self.doc.atlas.countries.get(c).map(|c| c.id.0.clone()),
            _ => None,
        };
        let mut scene = Scene {
            name,
            caption: String::new(),
            notes: String::new(),
            view,
            layers: None,
            organisations: Vec::new(),
            year: None,
            relief: Some(self.settings.relief),
            select,
            compare: self
                .maps
                .compare
                .as_ref()
                .map(|c| SideSpec::of_state(&c.side.layers)),
            sources: Vec::new(),
            corrections: Vec::new(),
            reviewed: None,
            annotations: Vec::new(),
        };
        scene.set_side(SideSpec::of_state(&self.settings.layers));
        scene
    }

    /// Applies an edit to the briefing and saves it.
    pub(super) fn edit_briefing(&mut self, edit: BriefingEdit) {
        if !matches!(edit, BriefingEdit::Annotations(..)) {
            // A drawing being reshaped is saved only where it was; scenes that move or
            // go end its editing.
            self.drawing.reshaping = None;
        }
        match edit {
            BriefingEdit::Add => self.add_scene(),
            BriefingEdit::Update(i) => {
                if !self.update_scene(i) {
                    return;
                }
            }
            BriefingEdit::Text {
                index,
                name,
                caption,
                notes,
            } => {
                let Some(scene) = self.presentation.briefing.scenes.get_mut(index) else {
                    return;
                };
                if !name.trim().is_empty() {
                    scene.name = name.trim().to_owned();
                    let renamed = scene.name.clone();
                    self.drawing.retarget(|o| match o {
                        Owner::Scene(k, _) if *k == index => {
                            Some(Owner::Scene(index, renamed.clone()))
                        }
                        other => Some(other.clone()),
                    });
                }
                scene.caption = caption;
                scene.notes = notes;
            }
            BriefingEdit::Move(i, delta) => {
                if !self.move_scene(i, delta) {
                    return;
                }
            }
            BriefingEdit::Banner(banner) => self.presentation.briefing.banner = banner,
            BriefingEdit::Annotations(i, list) => {
                let Some(scene) = self.presentation.briefing.scenes.get_mut(i) else {
                    return;
                };
                scene.annotations = list;
            }
            BriefingEdit::Delete(i) => {
                if !self.delete_scene(i) {
                    return;
                }
            }
        }
        self.presentation.is_user = true;
        self.save_briefing();
        self.refresh_overlay();
    }

    /// A new scene from the view, after the current one (or last), gone to.
    fn add_scene(&mut self) {
        let scenes = &self.presentation.briefing.scenes;
        let at = self
            .presentation
            .current
            .map_or(scenes.len(), |i| (i + 1).min(scenes.len()));
        let name = format!("Scene {}", scenes.len() + 1);
        let scene = self.scene_from_view(name);
        self.presentation.briefing.scenes.insert(at, scene);
        self.presentation.current = Some(at);
        self.drawing.retarget(|o| match o {
            Owner::Scene(k, n) if *k >= at => Some(Owner::Scene(k + 1, n.clone())),
            other => Some(other.clone()),
        });
    }

    /// A scene's view, layers, year and selection made the current ones; what belongs to
    /// the caption and the drawings stays. `false` if there is no such scene.
    fn update_scene(&mut self, i: usize) -> bool {
        let Some(old) = self.presentation.briefing.scenes.get(i).cloned() else {
            return false;
        };
        let mut scene = self.scene_from_view(old.name.clone());
        scene.caption = old.caption;
        scene.notes = old.notes;
        scene.sources = old.sources;
        scene.corrections = old.corrections;
        scene.reviewed = old.reviewed;
        scene.annotations = old.annotations;
        self.presentation.briefing.scenes[i] = scene;
        true
    }

    /// Swaps a scene with its neighbour (`delta` ±1); `false` if there is none.
    fn move_scene(&mut self, i: usize, delta: i32) -> bool {
        let scenes = &mut self.presentation.briefing.scenes;
        let j = i as i64 + i64::from(delta);
        if i >= scenes.len() || j < 0 || j as usize >= scenes.len() {
            return false;
        }
        let j = j as usize;
        scenes.swap(i, j);
        self.drawing.retarget(|o| match o {
            Owner::Scene(k, n) if *k == i => Some(Owner::Scene(j, n.clone())),
            Owner::Scene(k, n) if *k == j => Some(Owner::Scene(i, n.clone())),
            other => Some(other.clone()),
        });
        let current = &mut self.presentation.current;
        if *current == Some(i) {
            *current = Some(j);
        } else if *current == Some(j) {
            *current = Some(i);
        }
        true
    }

    /// Removes a scene (and the history of its drawings); `false` if there is none.
    fn delete_scene(&mut self, i: usize) -> bool {
        if i >= self.presentation.briefing.scenes.len() {
            return false;
        }
        self.presentation.briefing.scenes.remove(i);
        self.drawing.retarget(|o| match o {
            Owner::Scene(k, _) if *k == i => None,
            Owner::Scene(k, n) if *k > i => Some(Owner::Scene(k - 1, n.clone())),
            other => Some(other.clone()),
        });
        self.presentation.current = match self.presentation.current {
            Some(c) if c == i => None,
            Some(c) if c > i => Some(c - 1),
            other => other,
        };
        true
    }

    /// Saves the user's briefing atomically (if it has a file), and says how it went.
    pub(super) fn save_briefing(&mut self) {
        match self.presentation.save() {
            Ok(done) => self.notices.tell(Topic::Briefing, done),
            Err(why) => self.notices.refuse(Topic::Briefing, why),
        }
    }

    /// Writes the briefing to a file to share it.
    pub fn export_briefing(&mut self, path: &Path) {
        match self.presentation.export_to(path) {
            Ok(done) => self.notices.tell(Topic::Briefing, done),
            Err(why) => self.notices.refuse(Topic::Briefing, why),
        }
    }

    /// Adds the valid scenes of a briefing file after the current ones (the file is only
    /// read); says what was skipped.
    pub fn import_briefing(&mut self, path: &Path) {
        let file = path.display().to_string();
        let text = match crate::data::read_user_text(path) {
            Ok(t) => t,
            Err(e) => {
                self.notices
                    .refuse(Topic::Briefing, format!("Could not import: {e}"));
                return;
            }
        };
        let (briefing, issues) = Briefing::parse(&file, &text, &self.doc.atlas, &self.doc.corpus);
        let added = briefing.scenes.len();
        self.presentation.briefing.scenes.extend(briefing.scenes);
        let mut notice = format!("Imported {added} scene(s) from {file}");
        if !issues.is_empty() {
            notice.push_str(&format!("; {} problem(s), see the banner", issues.len()));
            self.notices.problems.extend(issues);
        }
        if added > 0 {
            self.presentation.is_user = true;
            self.save_briefing();
        }
        self.notices.tell(Topic::Briefing, notice);
    }

    /// Back to the shipped briefing; the user's file is kept aside, not deleted.
    pub fn restore_shipped_briefing(&mut self) {
        match self.presentation.restore_shipped() {
            Ok(done) => {
                self.drawing.forget_scenes();
                self.notices.tell(Topic::Briefing, done);
                self.refresh_overlay();
            }
            Err(why) => self.notices.refuse(Topic::Briefing, why),
        }
    }

    /// Enters or leaves presentation mode.
    pub(super) fn present(&mut self, ctx: &egui::Context, on: bool) {
        if on == self.presentation.presenting {
            return;
        }
        self.presentation.presenting = on;
        self.presentation.legend_in_caption_bar = false;
        // An article opened while presenting goes with it.
        self.panels.article_presenting = None;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
        if on
            && self.presentation.current.is_none()
            && !self.presentation.briefing.scenes.is_empty()
        {
            self.go_to_scene(0, ctx.input(|i| i.time));
        }
    }

    /// Presentation mode draws everything larger; set here, every frame, because egui also
    /// saves the zoom with its memory (a session quit while presenting must not start the
    /// next one enlarged).
    pub(super) fn set_zoom(&self, ctx: &egui::Context) {
        let zoom = if self.presentation.presenting {
            PRESENTATION_ZOOM
        } else {
            1.0
        };
        if ctx.zoom_factor() != zoom {
            ctx.set_zoom_factor(zoom);
        }
    }
}
