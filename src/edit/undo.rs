//! Undo and redo, one type for every kind of edit: the drawings on the map and the changes
//! to the user's atlas each keep an [`UndoStack`] of their own edits.

/// How many edits are kept to undo; older ones are forgotten.
pub const MAX_UNDO: usize = 200;

/// The edits that can be undone and redone, newest last, bounded to [`MAX_UNDO`]. An edit
/// holds what is needed to apply it either way (the state before and after).
#[derive(Clone, Debug)]
pub struct UndoStack<E> {
    undo: Vec<E>,
    redo: Vec<E>,
}

impl<E> Default for UndoStack<E> {
    fn default() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

impl<E: Clone> UndoStack<E> {
    /// Records an edit (and forgets what could be redone); the oldest goes past the bound.
    pub fn record(&mut self, edit: E) {
        self.redo.clear();
        self.undo.push(edit);
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
    }

    /// The edit to undo (apply its state before); it can then be redone.
    pub fn undo(&mut self) -> Option<E> {
        let edit = self.undo.pop()?;
        self.redo.push(edit.clone());
        Some(edit)
    }

    /// The edit to redo (apply its state after); it can then be undone again.
    pub fn redo(&mut self) -> Option<E> {
        let edit = self.redo.pop()?;
        self.undo.push(edit.clone());
        Some(edit)
    }

    /// Puts back the step just taken by [`Self::undo`] (`undone`) or [`Self::redo`], when
    /// it could not be applied: the history stands as it was.
    pub fn take_back(&mut self, undone: bool) {
        let (from, to) = if undone {
            (&mut self.redo, &mut self.undo)
        } else {
            (&mut self.undo, &mut self.redo)
        };
        if let Some(edit) = from.pop() {
            to.push(edit);
        }
    }

    /// Keeps the edits `keep` says still apply, changed as it says (a scene moved in the
    /// briefing renumbers the drawings' edits); the others are forgotten.
    pub fn retain_mut(&mut self, mut keep: impl FnMut(&mut E) -> bool) {
        self.undo.retain_mut(&mut keep);
        self.redo.retain_mut(&mut keep);
    }

    /// Forgets every edit.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Whether there is an edit to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is an edit to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether nothing can be undone or redone.
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty() && self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_edits_and_a_new_edit_forgets_the_redos() {
        let mut h = UndoStack::default();
        assert!(!h.can_undo() && !h.can_redo());
        h.record(1);
        h.record(2);
        assert_eq!(h.undo(), Some(2));
        assert!(h.can_redo());
        assert_eq!(h.redo(), Some(2));
        assert_eq!(h.undo(), Some(2));
        h.record(3);
        assert!(!h.can_redo(), "a new edit forgets what could be redone");
        assert_eq!(h.undo(), Some(3));
        assert_eq!(h.undo(), Some(1));
        assert_eq!(h.undo(), None);
    }

    #[test]
    fn a_step_not_applied_is_taken_back_and_the_stack_is_bounded() {
        let mut h = UndoStack::default();
        for k in 0..MAX_UNDO + 5 {
            h.record(k);
        }
        assert_eq!(h.undo(), Some(MAX_UNDO + 4));
        h.take_back(true);
        assert!(!h.can_redo());
        assert_eq!(h.undo(), Some(MAX_UNDO + 4));
        let mut undone = 1;
        while h.undo().is_some() {
            undone += 1;
        }
        assert_eq!(undone, MAX_UNDO, "the oldest edits were forgotten");
        h.retain_mut(|k| *k % 2 == 0);
        assert!(h.can_redo());
        h.clear();
        assert!(h.is_empty());
    }
}
