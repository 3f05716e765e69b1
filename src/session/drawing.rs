//! Drawing on the map, between frames: the tool in use and what it has placed, the drawing
//! being reshaped, the undo history of every edit to the annotations, and what the maps
//! draw of them (projected once here, per change, never per frame).

use std::sync::Arc;

use crate::compose::annotations::ProjectedAnnotations;
use crate::edit::drawing::{Edit, InProgress, Owner, Reshaping};
use crate::edit::undo::UndoStack;
use crate::geo::projection::{Albers, WorldPoint};
use crate::model::Atlas;
use crate::model::annotation::Entry;

/// The drawing tools and the drawings shown.
#[derive(Debug, Default)]
pub struct Drawing {
    /// The tool in use and what it has placed.
    pub in_progress: Option<InProgress>,
    /// The drawing whose points are being dragged: whose, which, and its points as dragged
    /// so far.
    pub reshaping: Option<Reshaping>,
    /// Undo and redo of annotation edits.
    pub history: UndoStack<Edit>,
    /// The drawings shown, projected: the current scene's annotations and the sketch (what
    /// the legend lists and a slide of the view carries).
    pub shown: Arc<ProjectedAnnotations>,
    /// The same with the drawing in progress and the handles being dragged: what the maps
    /// draw on screen (both sides of a compare).
    pub on_screen: Arc<ProjectedAnnotations>,
    /// A point for the tool, as typed (a site, a capital or "lat,lon").
    pub typed_point: String,
    /// The label of the drawing being reshaped, as typed.
    pub reshape_text: String,
}

impl Drawing {
    /// Follows the scenes when the briefing changes: each edit's owner mapped anew, those
    /// whose scene is gone (`None`) forgotten.
    pub fn retarget(&mut self, map: impl Fn(&Owner) -> Option<Owner>) {
        self.history.retain_mut(|edit| match map(&edit.owner) {
            Some(owner) => {
                edit.owner = owner;
                true
            }
            None => false,
        });
    }

    /// The briefing was replaced: only the sketch's edits still apply, and no drawing of a
    /// scene is being reshaped.
    pub fn forget_scenes(&mut self) {
        self.reshaping = None;
        self.retarget(|o| matches!(o, Owner::Sketch).then_some(Owner::Sketch));
    }

    /// The handles of the drawing being reshaped, in world space.
    pub fn handles(&self, atlas: &Atlas, projection: &Albers) -> Vec<WorldPoint> {
        self.reshaping.as_ref().map_or_else(Vec::new, |r| {
            r.working
                .handles(atlas)
                .into_iter()
                .map(|p| projection.project(p))
                .collect()
        })
    }

    /// Rebuilds what is drawn over the maps: the current scene's annotations (`scene`: its
    /// index and list) and the sketch, and on screen the drawing in progress and the
    /// handles too (the saved drawings copied, not projected and triangulated again).
    pub fn refresh(
        &mut self,
        atlas: &Atlas,
        projection: &Albers,
        scene: (Option<usize>, &[Entry]),
        sketch: &[Entry],
    ) {
        // The drawing being reshaped is drawn as dragged so far, not as saved.
        let reshaped = |whose: Option<usize>, k: usize| match &self.reshaping {
            Some(r) if r.index == k => match (&r.owner, whose) {
                (Owner::Scene(i, _), Some(w)) if *i == w => Some(&r.working),
                (Owner::Sketch, None) => Some(&r.working),
                _ => None,
            },
            _ => None,
        };
        let lists = [scene, (None, sketch)];
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
        self.shown = Arc::new(ProjectedAnnotations::build(&resolved, projection));
        let handles = self.handles(atlas, projection);
        let preview = self.in_progress.as_ref().and_then(|d| d.preview(atlas));
        if preview.is_none() && handles.is_empty() {
            self.on_screen = Arc::clone(&self.shown);
            return;
        }
        let mut on_screen = (*self.shown).clone();
        let preview = ProjectedAnnotations::build(&Vec::from_iter(preview), projection);
        on_screen.drawings.extend(preview.drawings);
        if !handles.is_empty() {
            on_screen = on_screen.with_handles(handles);
        }
        self.on_screen = Arc::new(on_screen);
    }
}
