//! Label placement: labels placed in priority order with measured text, each tried at the
//! usual spots around what it names and dropped rather than drawn over a symbol or a label
//! already placed; a scene's subjects are never dropped.

use std::sync::Arc;

use epaint::emath::Align2;
use epaint::{Color32, Galley, Pos2, Rect, Vec2};

use super::occupied::disc_box;
use super::text::TextLayout;
use super::{DrawList, Item};
use crate::render::style::Palette;

/// What labels keep clear of: symbols, labels placed, the map's furniture; indexed by a
/// grid of cells over the map, so a dense map's hundreds of symbols cost each try a few
/// comparisons (a dense grid: no hashing per frame).
pub(super) struct Obstacles {
    /// Where labels may go: obstacles are kept only where they meet it.
    bounds: Rect,
    rects: Vec<Rect>,
    /// The grid's columns and rows, and each cell's obstacles (row by row).
    cols: i32,
    rows: i32,
    cells: Vec<Vec<u32>>,
}

/// The side of a grid cell (points).
const CELL: f32 = 48.0;

impl Obstacles {
    /// Obstacles from these rectangles, for labels inside `bounds`.
    pub(super) fn of(bounds: Rect, rects: impl IntoIterator<Item = Rect>) -> Self {
        let count = |extent: f32| {
            if extent.is_finite() && extent > 0.0 {
                ((extent / CELL).ceil() as i32).clamp(1, 4096)
            } else {
                1
            }
        };
        let (cols, rows) = (count(bounds.width()), count(bounds.height()));
        let mut out = Self {
            bounds,
            rects: Vec::new(),
            cols,
            rows,
            cells: vec![Vec::new(); (cols * rows) as usize],
        };
        out.extend(rects);
        out
    }

    /// The grid cells a rectangle touches (those of the map; a rectangle beyond it meets
    /// none).
    fn cells_of(&self, rect: Rect) -> impl Iterator<Item = usize> + use<> {
        let (cols, rows) = (self.cols, self.rows);
        let cell = |v: f32, origin: f32, n: i32| {
            let c = ((v - origin) / CELL).floor();
            if c.is_nan() {
                0
            } else {
                (c.max(-1.0).min(n as f32)) as i32
            }
        };
        let (x0, x1) = (
            cell(rect.left(), self.bounds.left(), cols).max(0),
            cell(rect.right(), self.bounds.left(), cols).min(cols - 1),
        );
        let (y0, y1) = (
            cell(rect.top(), self.bounds.top(), rows).max(0),
            cell(rect.bottom(), self.bounds.top(), rows).min(rows - 1),
        );
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (y * cols + x) as usize))
    }

    /// Adds an obstacle.
    pub(super) fn push(&mut self, rect: Rect) {
        // Only the part where a label could go counts.
        let rect = rect.intersect(self.bounds);
        let empty = rect.min.x > rect.max.x || rect.min.y > rect.max.y;
        if empty || !rect.is_finite() {
            return;
        }
        let k = self.rects.len() as u32;
        self.rects.push(rect);
        for c in self.cells_of(rect) {
            if let Some(cell) = self.cells.get_mut(c) {
                cell.push(k);
            }
        }
    }

    /// Adds several.
    pub(super) fn extend(&mut self, rects: impl IntoIterator<Item = Rect>) {
        for r in rects {
            self.push(r);
        }
    }

    /// Whether `rect` meets any obstacle.
    pub(super) fn hit(&self, rect: Rect) -> bool {
        self.cells_of(rect).any(|c| {
            self.cells.get(c).is_some_and(|ks| {
                ks.iter().any(|&k| {
                    self.rects
                        .get(k as usize)
                        .is_some_and(|r| r.intersects(rect))
                })
            })
        })
    }
}

/// Labels placed in priority order with measured text; a label that would overlap a symbol
/// or one already placed is dropped, so labels never overlap.
pub(super) struct LabelLayout<'t> {
    pub(super) text: &'t mut dyn TextLayout,
    pub(super) placed: Obstacles,
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
        if !self.bounds.contains_rect(rect) || self.placed.hit(rect) {
            return false;
        }
        list.text(rect.min, Arc::clone(galley), color, Some(self.palette.halo));
        self.placed.push(rect.expand(3.0));
        true
    }

    /// Makes every symbol, ring and dot drawn so far an obstacle for every label (its own
    /// included: a label goes beside its symbol, never over it or its ring).
    pub(super) fn avoid_symbols(&mut self, list: &DrawList<'_>) {
        for item in &list.items {
            match item {
                Item::Glyph { center, radius, .. } => {
                    self.placed.push(disc_box(*center, *radius + 1.0));
                }
                Item::Circle {
                    center,
                    radius,
                    stroke,
                    ..
                } => self
                    .placed
                    .push(disc_box(*center, *radius + stroke.width.max(0.0) / 2.0)),
                _ => {}
            }
        }
    }

    /// The spots tried around `around`, in order: right, left, above, below, then the
    /// diagonals; each with the label's anchor on `around`'s side.
    fn spots(around: Rect) -> [(Pos2, Align2); 8] {
        let gap = 2.0;
        [
            (
                around.right_center() + Vec2::new(gap, 0.0),
                Align2::LEFT_CENTER,
            ),
            (
                around.left_center() - Vec2::new(gap, 0.0),
                Align2::RIGHT_CENTER,
            ),
            (
                around.center_top() - Vec2::new(0.0, gap),
                Align2::CENTER_BOTTOM,
            ),
            (
                around.center_bottom() + Vec2::new(0.0, gap),
                Align2::CENTER_TOP,
            ),
            (
                around.right_top() + Vec2::new(gap, -gap),
                Align2::LEFT_BOTTOM,
            ),
            (
                around.left_top() + Vec2::new(-gap, -gap),
                Align2::RIGHT_BOTTOM,
            ),
            (
                around.right_bottom() + Vec2::new(gap, gap),
                Align2::LEFT_TOP,
            ),
            (
                around.left_bottom() + Vec2::new(-gap, gap),
                Align2::RIGHT_TOP,
            ),
        ]
    }

    /// Places a laid-out label at the first free spot around `around` (see
    /// [`Self::spots`]); returns whether it found one.
    pub(super) fn place_around(
        &mut self,
        list: &mut DrawList<'_>,
        galley: &Arc<Galley>,
        around: Rect,
        color: Color32,
    ) -> bool {
        Self::spots(around)
            .iter()
            .any(|(at, align)| self.place_galley(list, galley, *at, *align, color))
    }

    /// [`Self::place_around`], then the same spots a little farther out (`margins`): a
    /// capital's name beside the symbols drawn on it, rather than dropped.
    pub(super) fn place_near(
        &mut self,
        list: &mut DrawList<'_>,
        galley: &Arc<Galley>,
        around: Rect,
        color: Color32,
        margins: &[f32],
    ) -> bool {
        margins
            .iter()
            .any(|m| self.place_around(list, galley, around.expand(*m), color))
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
        let galley = self.text.line(label, size, color);
        // The usual spots, then the same a little farther out.
        if self.place_near(list, &galley, around, color, &[0.0, 8.0, 18.0, 30.0]) {
            return;
        }
        // Farther out still, all around, before covering anything.
        let c = around.center();
        for distance in (40..=240).step_by(24) {
            for k in 0..16 {
                let angle = k as f32 * std::f32::consts::TAU / 16.0;
                let dir = Vec2::angled(angle);
                let at = c + dir * distance as f32;
                let align = Align2([
                    if dir.x > 0.3 {
                        epaint::emath::Align::Min
                    } else if dir.x < -0.3 {
                        epaint::emath::Align::Max
                    } else {
                        epaint::emath::Align::Center
                    },
                    if dir.y > 0.3 {
                        epaint::emath::Align::Min
                    } else if dir.y < -0.3 {
                        epaint::emath::Align::Max
                    } else {
                        epaint::emath::Align::Center
                    },
                ]);
                if self.place_galley(list, &galley, at, align, color) {
                    // Away from what it names: a thin leader line joins them.
                    let label = align.anchor_size(at, galley.size());
                    let from = Pos2::new(
                        c.x.clamp(label.left(), label.right()),
                        c.y.clamp(label.top(), label.bottom()),
                    );
                    let to =
                        c + (from - c).normalized() * (around.width().max(around.height()) / 2.0);
                    list.push(Item::Path {
                        lines: vec![vec![from, to]],
                        closed: false,
                        stroke: epaint::Stroke::new(1.0, color.gamma_multiply(0.7)),
                        dash: None,
                    });
                    return;
                }
            }
        }
        let spots = Self::spots(around);
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
