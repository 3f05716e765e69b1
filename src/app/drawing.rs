//! Drawing and measuring on the map: the tools, points placed by clicks (snapped to sites
//! and capitals) or typed, range rings typed on a scene, annotations added to the current
//! scene or the sketch, reshaped, removed and recoloured, each edit undoable; and the
//! projected annotations every map composes from them.

use super::CasaApp;
use super::briefing::BriefingEdit;
use crate::edit::drawing::{Edit, InProgress, Owner, Placed, Reshaping, Tool};
use crate::geo::projection::LonLat;
use crate::model::Actor;
use crate::model::annotation::{Anchor, Annotation, Entry};
use crate::session::notices::Topic;
use crate::ui::Draw;

/// How near (screen points) a click must be to a capital to snap to it.
const SNAP_POINTS: f32 = 12.0;

impl CasaApp {
    /// Applies a drawing command.
    pub(super) fn drawing_command(&mut self, command: Draw) {
        match command {
            Draw::AddRing {
                index,
                center,
                radius_km,
                label,
            } => self.add_ring(index, &center, &radius_km, &label),
            Draw::RemoveAnnotation { scene, annotation } => {
                self.drawing.reshaping = None;
                self.remove_annotation(scene, annotation);
            }
            Draw::Recolour {
                scene,
                annotation,
                colour,
            } => {
                self.drawing.reshaping = None;
                self.recolour(scene, annotation, colour);
            }
            Draw::Tool(tool) => self.set_tool(tool),
            Draw::DrawAt { at, feature } => self.draw_at(at, feature),
            Draw::UndoPoint => self.undo_point(),
            Draw::FinishDrawing { to_sketch } => self.finish_drawing(to_sketch),
            Draw::Undo => {
                self.drawing.reshaping = None;
                self.undo();
            }
            Draw::Redo => {
                self.drawing.reshaping = None;
                self.redo();
            }
            Draw::EditPoints { scene, annotation } => self.edit_points(scene, annotation),
            Draw::MoveHandle { index, at, done } => self.move_handle(index, at, done),
            Draw::SetText(text) => self.set_text(&text),
            Draw::Typed(text) => self.draw_typed(&text),
            Draw::StopEditing => {
                self.drawing.reshaping = None;
                self.refresh_overlay();
            }
        }
    }

    /// Draws a range ring on a scene from what the user typed: the centre is resolved as
    /// `casa measure` resolves a name (a feature, a capital, or lat,lon) and stored by id or
    /// position; a problem is said in the briefing tab and nothing is added.
    fn add_ring(&mut self, index: usize, center: &str, radius_km: &str, label: &str) {
        let ring = crate::query::search::resolve(&self.doc.atlas, center)
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
        match (ring, self.presentation.owner_of(Some(index))) {
            (Ok(ring), Some(owner)) => {
                self.add_annotation(owner, ring);
                self.notices.clear(Topic::Briefing);
                if let Some(form) = &mut self.panels.scene_draft {
                    form.clear_ring();
                }
            }
            (Err(e), _) => self
                .notices
                .refuse(Topic::Briefing, format!("Ring not drawn: {e}")),
            (Ok(_), None) => {}
        }
    }

    /// Shows a drawing's points as handles to drag (a drawing CASA cannot read has none).
    fn edit_points(&mut self, scene: Option<usize>, k: usize) {
        self.drawing.in_progress = None;
        self.notices.clear(Topic::Briefing);
        self.drawing.reshape_text.clear();
        self.drawing.reshaping = self.presentation.owner_of(scene).and_then(|owner| {
            match self.annotations_of(&owner)?.get(k)? {
                Entry::Read(a) => {
                    self.drawing.reshape_text = a.text().to_owned();
                    Some(Reshaping {
                        owner,
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
        let Some(r) = self.drawing.reshaping.clone() else {
            return;
        };
        let list = self
            .annotations_of(&r.owner)
            .filter(|l| l.get(r.index) == Some(&Entry::Read(r.saved.clone())));
        let problem = match (list, r.working.resolve(&self.doc.atlas)) {
            (None, _) => Some("the drawing is no longer there".to_owned()),
            (Some(_), Err(e)) => Some(e),
            (Some(mut list), Ok(_)) => {
                list[r.index] = Entry::Read(r.working.clone());
                if self.set_annotations(r.owner.clone(), list, true) {
                    None
                } else {
                    Some("the drawing is no longer there".to_owned())
                }
            }
        };
        match (problem, &mut self.drawing.reshaping) {
            (None, Some(r)) => {
                r.saved = r.working.clone();
                self.notices.clear(Topic::Briefing);
            }
            (Some(e), _) => {
                self.notices
                    .refuse(Topic::Briefing, format!("Not {what}: {e}"));
                self.drawing.reshaping = None;
            }
            (None, None) => {}
        }
        self.refresh_overlay();
    }

    /// Gives the drawing being edited a new label (one undoable edit); refused, with the
    /// reason, if the drawing would not be valid (a callout with no text, a label too long).
    fn set_text(&mut self, text: &str) {
        if let Some(r) = &mut self.drawing.reshaping {
            r.working.set_text(text);
            self.save_reshaped("changed");
        }
    }

    /// The handles of the drawing being reshaped, in world space.
    pub(super) fn handles(&self) -> Vec<crate::geo::projection::WorldPoint> {
        self.drawing
            .handles(&self.doc.atlas, &self.doc.geometry.projection)
    }

    /// Moves a handle while it is dragged (redrawn at once); when it is let go, the
    /// drawing is saved as one undoable edit.
    fn move_handle(&mut self, index: usize, at: LonLat, done: bool) {
        let at = LonLat::new(
            (at.lon + 180.0).rem_euclid(360.0) - 180.0,
            at.lat.clamp(-90.0, 90.0),
        );
        let Some(r) = &mut self.drawing.reshaping else {
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
        let file = self.settings_file.as_ref().map_or_else(
            || "the settings".to_owned(),
            |f| f.path().display().to_string(),
        );
        for (i, entry) in self.settings.sketch.iter().enumerate() {
            if let Err(problem) = entry.resolve(&self.doc.atlas) {
                self.notices.problems.push(crate::data::LoadIssue {
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
        match crate::query::search::resolve(&self.doc.atlas, typed) {
            Ok(end) => {
                if let Some(draft) = &mut self.drawing.in_progress {
                    draft.place(Placed {
                        at: end.at,
                        id: end.id,
                    });
                }
                self.drawing.typed_point.clear();
                self.notices.clear(Topic::Briefing);
                self.refresh_overlay();
            }
            Err(e) => self
                .notices
                .refuse(Topic::Briefing, format!("Not drawn: {e}")),
        }
    }

    /// Starts drawing with a tool, or stops (what was placed is dropped).
    pub(super) fn set_tool(&mut self, tool: Option<Tool>) {
        self.drawing.in_progress = tool.map(InProgress::new);
        self.drawing.reshaping = None;
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
                self.maps.main.screen_pos(geometry, p),
                self.maps.main.screen_pos(geometry, at),
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
        let Some(draft) = &mut self.drawing.in_progress else {
            return;
        };
        draft.place(snapped.unwrap_or(Placed { at, id: None }));
        self.refresh_overlay();
    }

    /// The capital drawn within [`SNAP_POINTS`] of a position, if any.
    fn capital_near(&self, at: LonLat) -> Option<Placed> {
        let geometry = &self.doc.geometry;
        let click = self.maps.main.screen_pos(geometry, at)?;
        self.doc
            .atlas
            .places
            .iter()
            .filter_map(|p| {
                let d = self
                    .maps
                    .main
                    .screen_pos(geometry, p.position)?
                    .distance(click);
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
        if let Some(draft) = &mut self.drawing.in_progress {
            draft.points.pop();
            self.refresh_overlay();
        }
    }

    /// Where a finished drawing goes: the current scene, unless `to_sketch` (or no scene
    /// is shown).
    fn owner_for(&self, to_sketch: bool) -> Owner {
        match self.presentation.current {
            Some(i) if !to_sketch => self
                .presentation
                .briefing
                .scenes
                .get(i)
                .map_or(Owner::Sketch, |s| Owner::Scene(i, s.name.clone())),
            _ => Owner::Sketch,
        }
    }

    /// Finishes the drawing: checked, added to the scene or the sketch, the tool kept for
    /// the next one. A problem is said in the draw window and nothing is added.
    pub(super) fn finish_drawing(&mut self, to_sketch: bool) {
        let Some(draft) = &self.drawing.in_progress else {
            return;
        };
        let (tool, colour) = (draft.tool, draft.colour);
        match draft.annotation(&self.doc.atlas) {
            Ok(annotation) => {
                self.notices.clear(Topic::Briefing);
                let owner = self.owner_for(to_sketch);
                self.add_annotation(owner, annotation);
                let mut next = InProgress::new(tool);
                next.colour = colour;
                self.drawing.in_progress = Some(next);
                self.refresh_overlay();
            }
            Err(e) => self
                .notices
                .refuse(Topic::Briefing, format!("Not drawn: {e}")),
        }
    }

    /// Adds an annotation to a scene or the sketch (undoable).
    pub(super) fn add_annotation(&mut self, owner: Owner, annotation: Annotation) {
        let Some(mut list) = self.annotations_of(&owner) else {
            return;
        };
        list.push(Entry::Read(annotation));
        let _ = self.set_annotations(owner, list, true);
    }

    /// The annotations of a scene (if it is still there, under its name) or the sketch.
    fn annotations_of(&self, owner: &Owner) -> Option<Vec<Entry>> {
        match owner {
            Owner::Sketch => Some(self.settings.sketch.clone()),
            Owner::Scene(i, name) => self
                .presentation
                .briefing
                .scenes
                .get(*i)
                .filter(|s| s.name == *name)
                .map(|s| s.annotations.clone()),
        }
    }

    /// Removes an annotation (undoable).
    pub(super) fn remove_annotation(&mut self, scene: Option<usize>, k: usize) {
        let Some(owner) = self.presentation.owner_of(scene) else {
            return;
        };
        let Some(mut list) = self.annotations_of(&owner).filter(|l| k < l.len()) else {
            return;
        };
        list.remove(k);
        let _ = self.set_annotations(owner, list, true);
    }

    /// Gives an annotation another colour (undoable).
    pub(super) fn recolour(&mut self, scene: Option<usize>, k: usize, colour: Option<Actor>) {
        let Some(owner) = self.presentation.owner_of(scene) else {
            return;
        };
        let Some(mut list) = self.annotations_of(&owner) else {
            return;
        };
        if let Some(Entry::Read(a)) = list.get_mut(k) {
            a.set_colour(colour);
            let _ = self.set_annotations(owner, list, true);
        }
    }

    /// Replaces an owner's annotations, saves them (the briefing, or the settings for the
    /// sketch) and redraws; `record` makes it undoable.
    fn set_annotations(&mut self, owner: Owner, list: Vec<Entry>, record: bool) -> bool {
        let Some(before) = self.annotations_of(&owner) else {
            self.notices
                .refuse(Topic::Briefing, "Not changed: the scene is no longer there");
            return false;
        };
        if before == list {
            return true;
        }
        if record {
            self.drawing.history.record(Edit {
                owner: owner.clone(),
                before,
                after: list.clone(),
            });
        }
        match owner {
            Owner::Sketch => {
                self.settings.sketch = list;
                self.save_settings();
                self.refresh_overlay();
            }
            // Saves the briefing and refreshes the overlay.
            Owner::Scene(i, _) => self.edit_briefing(BriefingEdit::Annotations(i, list)),
        }
        true
    }

    /// Undoes the last annotation edit. Should its scene be gone, the history is
    /// forgotten (it could only be applied to the wrong list) and the user told.
    pub(super) fn undo(&mut self) {
        if let Some(change) = self.drawing.history.undo()
            && !self.set_annotations(change.owner, change.before, false)
        {
            self.drawing.history.clear();
        }
    }

    /// Redoes the last undone edit (the same way).
    pub(super) fn redo(&mut self) {
        if let Some(change) = self.drawing.history.redo()
            && !self.set_annotations(change.owner, change.after, false)
        {
            self.drawing.history.clear();
        }
    }

    /// Rebuilds what is drawn over the maps: the current scene's annotations and the
    /// sketch, and on screen the drawing in progress too (projected once here, not per
    /// frame).
    pub(super) fn refresh_overlay(&mut self) {
        let scene = self
            .presentation
            .current_scene()
            .map(|s| s.annotations.as_slice())
            .unwrap_or_default();
        self.drawing.refresh(
            &self.doc.atlas,
            &self.doc.geometry.projection,
            (self.presentation.current, scene),
            &self.settings.sketch,
        );
    }
}
