//! Label placement: labels placed in priority order with measured text, each dropped
//! rather than drawn over one already placed; a scene's subjects are never dropped.

use std::sync::Arc;

use epaint::emath::Align2;
use epaint::{Color32, Galley, Pos2, Rect, Vec2};

use super::DrawList;
use super::text::TextLayout;
use crate::render::style::Palette;

/// Labels placed in priority order with measured text; a label that would overlap one
/// already placed is dropped, so labels never overlap.
pub(super) struct LabelLayout<'t> {
    pub(super) text: &'t mut dyn TextLayout,
    pub(super) placed: Vec<Rect>,
    pub(super) bounds: Rect,
    pub(super) palette: &'t Palette,
}

impl LabelLayout<'_> {
    /// Places a text at `at` (aligned by `align`) if it fits; returns whether it was.
    pub(super) fn place(
        &mut self,
        list: &mut DrawList<'_>,
        label: &str,
        at: Pos2,
        align: Align2,
        size: f32,
        color: Color32,
    ) -> bool {
        let galley = self.text.line(label, size, color);
        self.place_galley(list, &galley, at, align, color)
    }

    /// [`Self::place`] with text already laid out (tried at several spots, it is laid out
    /// once).
    pub(super) fn place_galley(
        &mut self,
        list: &mut DrawList<'_>,
        galley: &Arc<Galley>,
        at: Pos2,
        align: Align2,
        color: Color32,
    ) -> bool {
        let rect = align.anchor_size(at, galley.size());
        if !self.bounds.contains_rect(rect) || self.placed.iter().any(|r| r.intersects(rect)) {
            return false;
        }
        list.text(rect.min, Arc::clone(galley), color, Some(self.palette.halo));
        self.placed.push(rect.expand(3.0));
        true
    }

    /// Places a label that must not be dropped: the first free spot around `around`, or
    /// right of it whatever it covers.
    pub(super) fn place_subject(
        &mut self,
        list: &mut DrawList<'_>,
        label: &str,
        around: Rect,
        size: f32,
        color: Color32,
    ) {
        let spots = [
            (
                around.right_center() + Vec2::new(2.0, 0.0),
                Align2::LEFT_CENTER,
            ),
            (
                around.left_center() - Vec2::new(2.0, 0.0),
                Align2::RIGHT_CENTER,
            ),
            (
                around.center_top() - Vec2::new(0.0, 2.0),
                Align2::CENTER_BOTTOM,
            ),
            (
                around.center_bottom() + Vec2::new(0.0, 2.0),
                Align2::CENTER_TOP,
            ),
        ];
        if spots
            .iter()
            .any(|(at, align)| self.place(list, label, *at, *align, size, color))
        {
            return;
        }
        let galley = self.text.line(label, size, color);
        let mut rect = Align2::LEFT_CENTER.anchor_size(spots[0].0, galley.size());
        // Kept inside the map, even if it must cover something.
        rect = rect.translate(Vec2::new(
            (self.bounds.right() - rect.right()).min(0.0),
            (self.bounds.top() - rect.top()).max(0.0)
                + (self.bounds.bottom() - rect.bottom()).min(0.0),
        ));
        list.text(rect.min, galley, color, Some(self.palette.halo));
        self.placed.push(rect.expand(3.0));
    }
}
