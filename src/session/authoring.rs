//! Adding to the user's atlas, between frames: the user's folder and what it holds, the
//! history of changes to it, the reader's citing mode and the passage selected, placing a
//! feature by a click. (The forms' drafts are in the settings, so a crash loses none.)

use crate::data::user_atlas::UserPart;
use crate::edit::authoring::{AtlasEdit, Merge, SentenceRange};
use crate::edit::undo::UndoStack;
use crate::model::issue::LoadIssue;

/// What adding to the atlas needs between frames.
#[derive(Debug, Default)]
pub struct Authoring {
    /// The user's folder and what it holds; `None` without a data folder.
    pub part: Option<UserPart>,
    /// Undo and redo of changes to the user's atlas.
    pub history: UndoStack<AtlasEdit>,
    /// Whether the reader is in citing mode.
    pub citing: bool,
    /// The kind of page furniture a click on a line of Add article marks (index into
    /// [`crate::edit::authoring::FURNITURE`]).
    pub mark: usize,
    /// The passage selected in the reader, and its quote (as trimmed by the analyst).
    pub passage: Option<(SentenceRange, String)>,
    /// The feature chosen under "Cite on…".
    pub cite_on: Option<String>,
    /// The membership period chosen to cite on (index into the atlas's).
    pub cite_membership: Option<usize>,
    /// The next click on the map places the feature being edited.
    pub placing: bool,
    /// A colleague's additions being imported.
    pub merge: Option<Merge>,
    /// When a form's draft last changed, until it is saved with the settings.
    pub typed_at: Option<f64>,
    /// The user atlas's own problems (those of the last layering).
    pub issues: Vec<LoadIssue>,
}

impl Authoring {
    /// Whether there is an edit to undo, or to redo.
    pub fn can_undo_redo(&self) -> (bool, bool) {
        (self.history.can_undo(), self.history.can_redo())
    }

    /// Whether an article (by id) is one of the user's own.
    pub fn is_users_article(&self, id: &str) -> bool {
        self.part
            .as_ref()
            .is_some_and(|p| p.added.articles.contains(id))
    }
}
