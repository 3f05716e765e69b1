//! Drawing and measuring on the map: the tools, points placed by clicks (snapped to sites
//! and capitals), annotations added to the current scene or the sketch, removed and
//! recoloured, each edit undoable; and the overlay every map composes from them.

use std::sync::Arc;

use super::CasaApp;
use super::presenting::BriefingEdit;
use crate::edit::drawing::{Change, Draft, Placed, Reshaping, Target, Tool};
use crate::geo::projection::LonLat;
use crate::model::Actor;
use crate::model::annotation::{Annotation, Entry};
use crate::ui::Draw;

/// How near (screen points) a click must be to a capital to snap to it.
const SNAP_POINTS: f32 = 12.0;

impl CasaApp {
    /// Applies a drawing command.
    pub(super) fn sketch_command(&mut self, command: Draw) {
        match command {
            Draw::AddRing {
                index,
                center,
                radius_km,
                label,
            } => self.add_ring(index, &center, &radius_km, &label),
            Draw::RemoveAnnotation { scene, annotation } => {
                self.reshaping = None;
                self.remove_annotation(scene, annotation);
            }
            Draw::Recolour {
                scene,
                annotation,
                colour,
            } => {
                self.reshaping = None;
                self.recolour(scene, annotation, colour);
            }
            Draw::Tool(tool) => self.set_tool(tool),
            Draw::DrawAt { at, feature } => self.draw_at(at, feature),
            Draw::UndoPoint => self.undo_point(),
            Draw::FinishDrawing { to_sketch } => self.finish_drawing(to_sketch),
            Draw::Undo => {
                self.reshaping = None;
                self.undo();
            }
            Draw::Redo => {
                self.reshaping = None;
                self.redo();
            }
            Draw::EditPoints { scene, annotation } => self.edit_points(scene, annotation),
            Draw::MoveHandle { index, at, done } => self.move_handle(index, at, done),
            Draw::SetText(text) => self.set_text(&text),
            Draw::Typed(text) => self.draw_typed(&text),
            Draw::StopEditing => {
                self.reshaping = None;
                self.refresh_overlay();
            }
        }
    }

    /// Shows a drawing's points as handles to drag (a drawing CASA cannot read has none).
    fn edit_points(&mut self, scene: Option<usize>, k: usize) {
        self.draft = None;
        self.show.notice = None;
        self.panels.reshape_text.clear();
        self.reshaping = self.target_of(scene).and_then(|target| {
            match self.annotations_of(&target)?.get(k)? {
                Entry::Read(a) => {
                    self.panels.reshape_text = a.text().to_owned();
                    Some(Reshaping {
                        target,
                        index: k,
                        working: a.clone(),
                        saved: a.clone(),
                    })
                }
                Entry::Unread(_) => None,
            }
        });
        self.refresh_overlay();
    }

    /// Saves the drawing being reshaped as edited (one undoable edit), if it is valid and
    /// its list still holds it as last saved; otherwise the edit is dropped, the user told
    /// why, and the working copy goes back to what is saved.
    fn save_reshaped(&mut self, what: &str) {
        let Some(r) = self.reshaping.clone() else {
            return;
        };
        let list = self
            .annotations_of(&r.target)
            .filter(|l| l.get(r.index) == Some(&Entry::Read(r.saved.clone())));
        let problem = match (list, r.working.resolve(&self.doc.atlas)) {
            (None, _) => Some("the drawing is no longer there".to_owned()),
            (Some(_), Err(e)) => Some(e),
            (Some(mut list), Ok(_)) => {
                list[r.index] = Entry::Read(r.working.clone());
                if self.set_annotations(r.target.clone(), list, true) {
                    None
                } else {
                    Some("the drawing is no longer there".to_owned())
                }
            }
        };
        match (problem, &mut self.reshaping) {
            (None, Some(r)) => {
                r.saved = r.working.clone();
                self.show.notice = None;
            }
            (Some(e), _) => {
                self.show.notice = Some(format!("Not {what}: {e}"));
                self.reshaping = None;
            }
            (None, None) => {}
        }
        self.refresh_overlay();
    }

    /// Gives the drawing being edited a new label (one undoable edit); refused, with the
    /// reason, if the drawing would not be valid (a callout with no text, a label too long).
    fn set_text(&mut self, text: &str) {
        if let Some(r) = &mut self.reshaping {
            r.working.set_text(text);
            self.save_reshaped("changed");
        }
    }

    /// The handles of the drawing being reshaped, in world space.
    pub(super) fn handles(&self) -> Vec<crate::geo::projection::WorldPoint> {
        let projection = &self.doc.geometry.projection;
        self.reshaping.as_ref().map_or_else(Vec::new, |r| {
            r.working
                .handles(&self.doc.atlas)
                .into_iter()
                .map(|p| projection.project(p))
                .collect()
        })
    }

    /// Moves a handle while it is dragged (redrawn at once); when it is let go, the
    /// drawing is saved as one undoable edit.
    fn move_handle(&mut self, index: usize, at: LonLat, done: bool) {
        let at = LonLat::new(
            (at.lon + 180.0).rem_euclid(360.0) - 180.0,
            at.lat.clamp(-90.0, 90.0),
        );
        let Some(r) = &mut self.reshaping else {
            return;
        };
        r.working.move_handle(index, at);
        if done {
            self.save_reshaped("moved");
        } else {
            self.refresh_overlay();
        }
    }

    /// Reports the sketch's drawings that cannot be drawn (kept, undrawn), as a scene's are.
    pub(super) fn check_sketch(&mut self) {
        let file = self
            .state_file
            .as_ref()
            .map_or_else(|| "the settings".to_owned(), |p| p.display().to_string());
        for (i, entry) in self.state.sketch.iter().enumerate() {
            if let Err(problem) = entry.resolve(&self.doc.atlas) {
                self.issues.push(crate::data::LoadIssue {
                    file: file.clone(),
                    feature: Some("the sketch".into()),
                    problem: format!("sketch[{i}]: {problem}; not drawn"),
                    severity: crate::data::Severity::Warning,
                    path: None,
                });
            }
        }
    }

    /// Places a point typed in the Draw window: a site, a capital or lat,lon (as `casa
    /// measure` reads them), for those who draw from the keyboard.
    pub(super) fn draw_typed(&mut self, typed: &str) {
        match crate::query::measure::resolve(&self.doc.atlas, typed) {
            Ok(end) => {
                if let Some(draft) = &mut self.draft {
                    draft.place(Placed {
                        at: end.at,
                        id: end.id,
                    });
                }
                self.panels.typed_point.clear();
                self.show.notice = None;
                self.refresh_overlay();
            }
            Err(e) => self.show.notice = Some(format!("Not drawn: {e}")),
        }
    }

    /// Starts drawing with a tool, or stops (what was placed is dropped).
    pub(super) fn set_tool(&mut self, tool: Option<Tool>) {
        self.draft = tool.map(Draft::new);
        self.reshaping = None;
        self.refresh_overlay();
    }

    /// Places a point where the map was clicked: on the site clicked (a point feature
    /// whose symbol is within [`SNAP_POINTS`]), else on a capital that near, else where
    /// the pointer was. Lines and areas are never snapped to: their anchor may lie far
    /// from the click.
    pub(super) fn draw_at(&mut self, at: LonLat, feature: Option<usize>) {
        // A click east of the antimeridian unprojects past 180°.
        let at = LonLat::new((at.lon + 180.0).rem_euclid(360.0) - 180.0, at.lat);
        if self.authoring.placing {
            self.place_feature_at(at);
            return;
        }
        let geometry = &self.doc.geometry;
        let near = |p: LonLat| {
            let (a, b) = (
                self.map.screen_pos(geometry, p),
                self.map.screen_pos(geometry, at),
            );
            a.zip(b).is_some_and(|(a, b)| a.distance(b) <= SNAP_POINTS)
        };
        // The site's point nearest the click; tied to the site by its id only when the site
        // is that one point (an id stands for a site's first point).
        let snapped = feature
            .and_then(|i| self.doc.atlas.features.get(i))
            .and_then(|f| match &f.shape {
                crate::model::Shape::Points(mp) => {
                    let nearest =
                        mp.0.iter()
                            .map(|p| LonLat::new(p.x(), p.y()))
                            .filter(|p| near(*p))
                            .min_by(|a, b| {
                                let d = |p: &LonLat| (p.lon - at.lon).hypot(p.lat - at.lat);
                                d(a).total_cmp(&d(b))
                            })?;
                    let id = (mp.0.len() == 1).then(|| f.id.clone());
                    Some(Placed { at: nearest, id })
                }
                _ => None,
            })
            .or_else(|| self.capital_near(at));
        let Some(draft) = &mut self.draft else {
            return;
        };
        draft.place(snapped.unwrap_or(Placed { at, id: None }));
        self.refresh_overlay();
    }

    /// The capital drawn within [`SNAP_POINTS`] of a position, if any.
    fn capital_near(&self, at: LonLat) -> Option<Placed> {
        let geometry = &self.doc.geometry;
        let click = self.map.screen_pos(geometry, at)?;
        self.doc
            .atlas
            .places
            .iter()
            .filter_map(|p| {
                let d = self.map.screen_pos(geometry, p.position)?.distance(click);
                (d <= SNAP_POINTS).then_some((d, p))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, p)| Placed {
                at: p.position,
                id: Some(p.id.clone()),
            })
    }

    /// Removes the last point placed.
    pub(super) fn undo_point(&mut self) {
        if let Some(draft) = &mut self.draft {
            draft.points.pop();
            self.refresh_overlay();
        }
    }

    /// Where a finished drawing goes: the current scene, unless `to_sketch` (or no scene
    /// is shown).
    fn target(&self, to_sketch: bool) -> Target {
        match self.show.current {
            Some(i) if !to_sketch => self
                .show
                .briefing
                .scenes
                .get(i)
                .map_or(Target::Sketch, |s| Target::Scene(i, s.name.clone())),
            _ => Target::Sketch,
        }
    }

    /// Finishes the drawing: checked, added to the scene or the sketch, the tool kept for
    /// the next one. A problem is said in the draw window and nothing is added.
    pub(super) fn finish_drawing(&mut self, to_sketch: bool) {
        let Some(draft) = &self.draft else {
            return;
        };
        let (tool, colour) = (draft.tool, draft.colour);
        match draft.annotation(&self.doc.atlas) {
            Ok(annotation) => {
                self.show.notice = None;
                let target = self.target(to_sketch);
                self.add_annotation(target, annotation);
                let mut next = Draft::new(tool);
                next.colour = colour;
                self.draft = Some(next);
                self.refresh_overlay();
            }
            Err(e) => self.show.notice = Some(format!("Not drawn: {e}")),
        }
    }

    /// Adds an annotation to a scene or the sketch (undoable).
    pub(super) fn add_annotation(&mut self, target: Target, annotation: Annotation) {
        let Some(mut list) = self.annotations_of(&target) else {
            return;
        };
        list.push(Entry::Read(annotation));
        let _ = self.set_annotations(target, list, true);
    }

    /// The annotations of a scene (if it is still there, under its name) or the sketch.
    fn annotations_of(&self, target: &Target) -> Option<Vec<Entry>> {
        match target {
            Target::Sketch => Some(self.state.sketch.clone()),
            Target::Scene(i, name) => self
                .show
                .briefing
                .scenes
                .get(*i)
                .filter(|s| s.name == *name)
                .map(|s| s.annotations.clone()),
        }
    }

    /// The target of a scene by index (`None`: the sketch).
    fn target_of(&self, scene: Option<usize>) -> Option<Target> {
        match scene {
            None => Some(Target::Sketch),
            Some(i) => {
                let s = self.show.briefing.scenes.get(i)?;
                Some(Target::Scene(i, s.name.clone()))
            }
        }
    }

    /// Removes an annotation (undoable).
    pub(super) fn remove_annotation(&mut self, scene: Option<usize>, k: usize) {
        let Some(target) = self.target_of(scene) else {
            return;
        };
        let Some(mut list) = self.annotations_of(&target).filter(|l| k < l.len()) else {
            return;
        };
        list.remove(k);
        let _ = self.set_annotations(target, list, true);
    }

    /// Gives an annotation another colour (undoable).
    pub(super) fn recolour(&mut self, scene: Option<usize>, k: usize, colour: Option<Actor>) {
        let Some(target) = self.target_of(scene) else {
            return;
        };
        let Some(mut list) = self.annotations_of(&target) else {
            return;
        };
        if let Some(Entry::Read(a)) = list.get_mut(k) {
            a.set_colour(colour);
            let _ = self.set_annotations(target, list, true);
        }
    }

    /// Replaces a target's annotations, saves them (the briefing, or the settings for the
    /// sketch) and redraws; `record` makes it undoable.
    fn set_annotations(&mut self, target: Target, list: Vec<Entry>, record: bool) -> bool {
        let Some(before) = self.annotations_of(&target) else {
            self.show.notice = Some("Not changed: the scene is no longer there".into());
            return false;
        };
        if before == list {
            return true;
        }
        if record {
            self.history.record(Change {
                target: target.clone(),
                before,
                after: list.clone(),
            });
        }
        match target {
            Target::Sketch => {
                self.state.sketch = list;
                self.save_settings();
                self.refresh_overlay();
            }
            // Saves the briefing and refreshes the overlay.
            Target::Scene(i, _) => self.edit_briefing(BriefingEdit::Annotations(i, list)),
        }
        true
    }

    /// Undoes the last annotation edit. Should its scene be gone, the history is
    /// forgotten (it could only be applied to the wrong list) and the user told.
    pub(super) fn undo(&mut self) {
        if let Some(change) = self.history.undo()
            && !self.set_annotations(change.target, change.before, false)
        {
            self.history = crate::edit::drawing::History::default();
        }
    }

    /// Redoes the last undone edit (the same way).
    pub(super) fn redo(&mut self) {
        if let Some(change) = self.history.redo()
            && !self.set_annotations(change.target, change.after, false)
        {
            self.history = crate::edit::drawing::History::default();
        }
    }

    /// Rebuilds what is drawn over the maps: the current scene's annotations and the
    /// sketch, and on screen the drawing in progress too (projected once here, not per
    /// frame).
    pub(super) fn refresh_overlay(&mut self) {
        let atlas = &self.doc.atlas;
        let scene = self
            .show
            .current
            .and_then(|i| self.show.briefing.scenes.get(i))
            .map(|s| s.annotations.as_slice())
            .unwrap_or_default();
        let sketch = self.state.sketch.as_slice();
        let current = self.show.current;
        // The drawing being reshaped is drawn as dragged so far, not as saved.
        let reshaped = |whose: Option<usize>, k: usize| match &self.reshaping {
            Some(r) if r.index == k => match (&r.target, whose) {
                (Target::Scene(i, _), Some(w)) if *i == w => Some(&r.working),
                (Target::Sketch, None) => Some(&r.working),
                _ => None,
            },
            _ => None,
        };
        let lists = [(current, scene), (None, sketch)];
        let resolved: Vec<_> = lists
            .iter()
            .flat_map(|(whose, list)| {
                list.iter()
                    .enumerate()
                    .filter_map(move |(k, e)| match reshaped(*whose, k) {
                        Some(a) => a.resolve(atlas).ok(),
                        None => e.resolve(atlas).ok(),
                    })
            })
            .collect();
        let projection = &self.doc.geometry.projection;
        self.annotations = Arc::new(crate::compose::Overlay::build(&resolved, projection));
        // On screen, the drawing in progress and the handles too (the saved drawings
        // copied, not projected and triangulated again).
        let handles = self.handles();
        let preview = self.draft.as_ref().and_then(|d| d.preview(atlas));
        if preview.is_none() && handles.is_empty() {
            self.on_screen = Arc::clone(&self.annotations);
            return;
        }
        let mut on_screen = (*self.annotations).clone();
        let preview = crate::compose::Overlay::build(&Vec::from_iter(preview), projection);
        on_screen.drawings.extend(preview.drawings);
        if !handles.is_empty() {
            on_screen = on_screen.with_handles(handles);
        }
        self.on_screen = Arc::new(on_screen);
    }
}
