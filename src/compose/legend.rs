//! The legend laid out once, for presentation mode and the slides alike: the actors' colours
//! as chips, then a row per symbol, line, tint and hatching, in one or two columns.

use std::sync::Arc;

use epaint::{Color32, Galley, Pos2, Rect, Stroke, Vec2};

use super::occupied::Occupied;
use super::text::TextLayout;
use super::{DrawList, Item};
use crate::model::Status;
use crate::render::features::hatch;
use crate::render::legend::{LegendItem, Swatch, chip_lines};
use crate::render::style::{Palette, sizes, status_pattern};

/// Height of a row (points).
const ROW: f32 = 22.0;
/// Size of the entries' text (points).
const TEXT_SIZE: f32 = 15.0;
/// Room left of an entry's text for its swatch.
const SWATCH_ROOM: f32 = 44.0;
/// Inner margin.
const PAD: f32 = 12.0;
/// Height of the title line.
const TITLE: f32 = 32.0;
/// Size of a strip's text (points).
const STRIP_TEXT_SIZE: f32 = 13.0;
/// Height of a strip's row (points).
const STRIP_ROW: f32 = 19.0;

/// A legend laid out: its size, and what to draw relative to its top-left corner.
pub struct Legend {
    /// Outer size in points.
    pub size: Vec2,
    title: Option<Arc<Galley>>,
    /// The height of a row and the size of its text (points): a strip's are smaller.
    row: f32,
    text_size: f32,
    chips: Vec<(Color32, Arc<Galley>, Vec2)>,
    rows: Vec<(Swatch, Arc<Galley>, Vec2)>,
}

impl Legend {
    /// Lays out `items` no taller than `max_height`: rows flow into a second column when
    /// one is too tall; rows that still do not fit are left out. `width` fixes the width of
    /// each column (labels wrap to it); `None` fits the widest label.
    pub fn layout(
        text: &mut dyn TextLayout,
        palette: &Palette,
        items: &[LegendItem],
        max_height: f32,
        width: Option<f32>,
    ) -> Option<Self> {
        if items.is_empty() {
            return None;
        }
        let (chip_items, row_items): (Vec<&LegendItem>, Vec<&LegendItem>) = items
            .iter()
            .partition(|i| matches!(i.swatch, Swatch::Colour(_)));
        let label_width = width.map(|w| w - SWATCH_ROOM - PAD);
        let galleys: Vec<Arc<Galley>> = row_items
            .iter()
            .map(|i| match label_width {
                Some(w) => text.wrapped(&i.label, TEXT_SIZE, palette.label, w),
                None => text.line(&i.label, TEXT_SIZE, palette.label),
            })
            .collect();
        let column = width.unwrap_or_else(|| {
            galleys
                .iter()
                .map(|g| g.size().x + SWATCH_ROOM + PAD)
                .fold(240.0_f32, f32::max)
        });
        let heights: Vec<f32> = galleys
            .iter()
            .map(|g| (g.size().y + 4.0).max(ROW))
            .collect();
        let chip_galleys: Vec<(Color32, Arc<Galley>)> = chip_items
            .iter()
            .filter_map(|i| match i.swatch {
                Swatch::Colour(c) => Some((c, text.line(&i.label, TEXT_SIZE, palette.label))),
                _ => None,
            })
            .collect();
        let total_rows: f32 = heights.iter().sum();
        let chips_height = |w: f32| {
            let widths = chip_galleys.iter().map(|(_, g)| 20.0 + g.size().x + 12.0);
            chip_lines(widths, w - 2.0 * PAD).1 as f32 * ROW
        };
        let room = max_height - TITLE - PAD;
        let columns = if chips_height(column) + total_rows > room && heights.len() > 1 {
            2
        } else {
            1
        };
        let width = column * columns as f32;
        let (chip_at, chip_count) = chip_lines(
            chip_galleys.iter().map(|(_, g)| 20.0 + g.size().x + 12.0),
            width - 2.0 * PAD,
        );
        let top = TITLE + chip_count as f32 * ROW;
        let chips = chip_galleys
            .into_iter()
            .zip(chip_at)
            .map(|((c, g), (x, line))| (c, g, Vec2::new(PAD + x, TITLE + line as f32 * ROW)))
            .collect();
        // Rows fill the first column, then the second, each to the room left.
        let mut rows = Vec::new();
        let (mut col, mut y, mut bottom) = (0, top, top);
        for ((item, galley), h) in row_items.iter().zip(galleys).zip(heights) {
            if y + h > max_height - PAD {
                if col + 1 >= columns {
                    break;
                }
                col += 1;
                y = top;
            }
            rows.push((item.swatch, galley, Vec2::new(col as f32 * column, y)));
            y += h;
            bottom = bottom.max(y);
        }
        Some(Self {
            size: Vec2::new(width, bottom + PAD / 2.0),
            title: Some(text.line("Legend", TEXT_SIZE + 1.0, palette.label)),
            row: ROW,
            text_size: TEXT_SIZE,
            chips,
            rows,
        })
    }

    /// Lays `items` out as a compact strip no wider than `max_width`: every entry (its
    /// swatch and label) one after another in lines, without a title; for where a full
    /// legend finds no room (along the map's edge, or beside it).
    pub fn strip(
        text: &mut dyn TextLayout,
        palette: &Palette,
        items: &[LegendItem],
        max_width: f32,
    ) -> Option<Self> {
        if items.is_empty() {
            return None;
        }
        let galleys: Vec<Arc<Galley>> = items
            .iter()
            .map(|i| text.line(&i.label, STRIP_TEXT_SIZE, palette.label))
            .collect();
        let widths: Vec<f32> = galleys
            .iter()
            .map(|g| SWATCH_ROOM + g.size().x + 14.0)
            .collect();
        let (at, lines) = chip_lines(widths.iter().copied(), max_width - 2.0 * PAD);
        let width = at
            .iter()
            .zip(&widths)
            .map(|((x, _), w)| x + w)
            .fold(0.0_f32, f32::max);
        let rows = items
            .iter()
            .zip(galleys)
            .zip(at)
            .map(|((i, g), (x, line))| {
                (
                    i.swatch,
                    g,
                    Vec2::new(PAD / 2.0 + x, PAD / 2.0 + line as f32 * STRIP_ROW),
                )
            })
            .collect();
        Some(Self {
            size: Vec2::new(width + PAD, lines as f32 * STRIP_ROW + PAD),
            title: None,
            row: STRIP_ROW,
            text_size: STRIP_TEXT_SIZE,
            chips: Vec::new(),
            rows,
        })
    }

    /// Adds the legend with its top-left corner at `origin`.
    pub fn compose(&self, list: &mut DrawList<'_>, origin: Pos2, palette: &Palette) {
        list.push(Item::Rect {
            rect: Rect::from_min_size(origin, self.size),
            corner: 6.0,
            fill: palette.panel,
            stroke: Stroke::new(1.0, palette.border),
        });
        if let Some(title) = &self.title {
            list.text(
                origin + Vec2::new(PAD, 8.0),
                title.clone(),
                palette.label,
                None,
            );
        }
        for (color, galley, at) in &self.chips {
            let c = origin + *at + Vec2::new(6.0, ROW / 2.0);
            list.push(Item::Rect {
                rect: Rect::from_center_size(c, Vec2::splat(13.0)),
                corner: 3.0,
                fill: *color,
                stroke: Stroke::new(1.0, palette.symbol_outline),
            });
            let pos = Pos2::new(c.x + 10.0, c.y - galley.size().y / 2.0);
            list.text(pos, galley.clone(), palette.label, None);
        }
        for (entry, galley, at) in &self.rows {
            let row_top = origin + *at;
            let c = row_top + Vec2::new(24.0, self.row / 2.0);
            swatch(list, *entry, c, palette);
            let pos = Pos2::new(row_top.x + SWATCH_ROOM, c.y - self.text_size * 0.62);
            list.text(pos, galley.clone(), palette.label, None);
        }
    }
}

/// A legend entry's swatch, centred on `c`: the legend's, and the layers panel's beside
/// its toggles.
pub fn swatch(list: &mut DrawList<'_>, swatch: Swatch, c: Pos2, palette: &Palette) {
    match swatch {
        Swatch::Drawn(color, kind) => drawn_swatch(list, color, kind, c),
        Swatch::Glyph(glyph, hollow, color) => list.push(Item::Glyph {
            glyph,
            hollow,
            center: c,
            radius: 6.5,
            color,
            outline: palette.symbol_outline,
        }),
        Swatch::Status(color, status) => status_swatch(list, color, status, c),
        Swatch::Outlined(fill, outline) => list.push(Item::Rect {
            rect: Rect::from_center_size(c, Vec2::new(20.0, 14.0)),
            corner: 0.0,
            fill,
            stroke: Stroke::new(sizes::LEASED_BORDER_WIDTH, outline),
        }),
        Swatch::Colour(color) => list.push(Item::Rect {
            rect: Rect::from_center_size(c, Vec2::splat(14.0)),
            corner: 3.0,
            fill: color,
            stroke: Stroke::new(1.0, palette.symbol_outline),
        }),
        Swatch::Line(color) => list.push(Item::Path {
            lines: vec![vec![c - Vec2::new(10.0, 0.0), c + Vec2::new(10.0, 0.0)]],
            closed: false,
            stroke: Stroke::new(3.0, color),
            dash: None,
        }),
        Swatch::Area(color) => {
            let r = Rect::from_center_size(c, Vec2::new(20.0, 14.0));
            list.push(Item::Rect {
                rect: r,
                corner: 0.0,
                fill: color.gamma_multiply(0.2),
                stroke: Stroke::NONE,
            });
            let ring = vec![
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
            ];
            list.push(Item::Path {
                lines: vec![ring],
                closed: true,
                stroke: Stroke::new(1.5, color),
                dash: Some([4.0, 2.0]),
            });
        }
        Swatch::Hatch(color, angle) => {
            let r = Rect::from_center_size(c, Vec2::new(20.0, 14.0));
            let ring = vec![
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
            ];
            list.push(Item::Segments {
                segments: hatch(&[ring], angle, 5.0, 0.0, r).into(),
                stroke: Stroke::new(2.0, color),
                dash: None,
            });
            list.push(Item::Rect {
                rect: r,
                corner: 0.0,
                fill: Color32::TRANSPARENT,
                stroke: Stroke::new(1.0, color),
            });
        }
        Swatch::Ring(region) => list.push(Item::Circle {
            center: c,
            radius: 7.5,
            fill: if region {
                palette.label_minor.gamma_multiply(0.16)
            } else {
                Color32::TRANSPARENT
            },
            stroke: Stroke::new(1.4, palette.label_minor),
            dashed: true,
        }),
        Swatch::Corrected => {
            list.push(Item::Glyph {
                glyph: crate::render::features::Glyph::Circle,
                hollow: true,
                center: c,
                radius: 6.5,
                color: palette.label_minor,
                outline: palette.symbol_outline,
            });
            super::content::corrected_badge(list, c, 6.5, palette);
        }
    }
}

/// A membership status's hatching in a 26×14 box: the map's pattern for it, scaled to the
/// box.
fn status_swatch(list: &mut DrawList<'_>, color: Color32, status: Status, c: Pos2) {
    let r = Rect::from_center_size(c, Vec2::new(26.0, 14.0));
    let pattern = status_pattern(status);
    let stroke = Stroke::new(pattern.width, color.gamma_multiply(pattern.alpha));
    let step = 7.0 * pattern.spacing / sizes::HATCH_SPACING;
    let mut segments = Vec::new();
    let mut x = r.left() + 3.0;
    while x < r.right() {
        segments.push([Pos2::new(x - 3.0, r.bottom()), Pos2::new(x + 5.0, r.top())]);
        x += step;
    }
    list.push(Item::Segments {
        segments: segments.into(),
        stroke,
        dash: (pattern.gap > 0.0).then_some([pattern.dash / 3.0, pattern.gap / 3.0]),
    });
}

/// Where a legend of `size` covers nothing the map shows (no label, symbol, piece of
/// furniture, nor anything the scene is about, as `occupied` holds them): the first free
/// spot of the map's corners (top right first), then along its edges; `None` when there is
/// none. The caller then tries a smaller legend, or puts it beside the map.
pub fn free_spot(map: Rect, size: Vec2, occupied: &Occupied) -> Option<Pos2> {
    let margin = 14.0;
    let (left, right) = (map.left() + margin, map.right() - size.x - margin);
    let (top, bottom) = (map.top() + margin, map.bottom() - size.y - margin);
    if right < left || bottom < top {
        return None;
    }
    let corners = [
        Pos2::new(right, top),
        Pos2::new(right, bottom),
        Pos2::new(left, top),
        Pos2::new(left, bottom),
    ];
    let step = 16.0;
    let along = |from: f32, to: f32| {
        let n = ((to - from) / step).floor().max(0.0) as usize;
        (0..=n).map(move |k| from + k as f32 * step)
    };
    let edges = along(left, right)
        .rev()
        .flat_map(|x| [Pos2::new(x, top), Pos2::new(x, bottom)])
        .chain(along(top, bottom).flat_map(|y| [Pos2::new(right, y), Pos2::new(left, y)]));
    corners
        .into_iter()
        .chain(edges)
        .find(|at| occupied.covered_by(Rect::from_min_size(*at, size)) == 0)
}

/// A drawing's swatch: a dashed ring, a line or an arrow in its colour.
fn drawn_swatch(
    list: &mut DrawList<'_>,
    color: Color32,
    kind: crate::render::legend::DrawnSwatch,
    c: Pos2,
) {
    use crate::render::legend::DrawnSwatch;
    let stroke = Stroke::new(2.0, color);
    let (a, b) = (c - Vec2::new(10.0, 0.0), c + Vec2::new(10.0, 0.0));
    match kind {
        DrawnSwatch::Ring => list.push(Item::Circle {
            center: c,
            radius: 7.5,
            fill: Color32::TRANSPARENT,
            stroke,
            dashed: true,
        }),
        DrawnSwatch::Line(dashed) => list.push(Item::Path {
            lines: vec![vec![a, b]],
            closed: false,
            stroke,
            dash: dashed.then_some([5.0, 3.0]),
        }),
        DrawnSwatch::Arrow => {
            list.push(Item::Path {
                lines: vec![vec![a, b - Vec2::new(5.0, 0.0)]],
                closed: false,
                stroke,
                dash: None,
            });
            list.push(Item::Polygon {
                points: vec![b, b + Vec2::new(-7.0, -4.0), b + Vec2::new(-7.0, 4.0)],
                fill: color,
                stroke: Stroke::NONE,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::HeadlessText;
    use crate::render::features::Glyph;
    use crate::render::style::Theme;

    fn items(n: usize) -> Vec<LegendItem> {
        (0..n)
            .map(|k| LegendItem {
                swatch: Swatch::Glyph(Glyph::Square, false, Color32::GRAY),
                label: format!("entry {k}"),
            })
            .collect()
    }

    #[test]
    fn a_short_window_gets_two_columns() {
        let palette = Palette::of(Theme::Light);
        let mut text = HeadlessText::new(1.0);
        let tall =
            Legend::layout(&mut text, &palette, &items(12), 1000.0, Some(200.0)).expect("a legend");
        assert_eq!(tall.size.x, 200.0);
        let short =
            Legend::layout(&mut text, &palette, &items(12), 200.0, Some(200.0)).expect("a legend");
        assert_eq!(short.size.x, 400.0);
        assert!(short.size.y <= 200.0 && short.size.y < tall.size.y);
    }

    #[test]
    fn the_legend_goes_where_it_covers_nothing_or_nowhere() {
        let map = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 800.0));
        let size = Vec2::new(200.0, 200.0);
        // Nothing anywhere: top right.
        let empty = Occupied::default();
        assert_eq!(free_spot(map, size, &empty), Some(Pos2::new(786.0, 14.0)));
        // A label at the top right: the bottom right corner.
        let mut o = Occupied::default();
        o.labels.push((
            "Kant".into(),
            Rect::from_center_size(Pos2::new(900.0, 100.0), Vec2::splat(10.0)),
        ));
        assert_eq!(free_spot(map, size, &o), Some(Pos2::new(786.0, 586.0)));
        // Symbols everywhere along the edges: nowhere.
        let mut full = Occupied::default();
        for x in (0..1000).step_by(40) {
            for y in (0..800).step_by(40) {
                full.symbols.push((Pos2::new(x as f32, y as f32), 6.0));
            }
        }
        assert_eq!(free_spot(map, size, &full), None);
        // A strip is wide and low, and lays every entry out.
        let palette = Palette::of(Theme::Light);
        let mut text = HeadlessText::new(1.0);
        let strip = Legend::strip(&mut text, &palette, &items(12), 800.0).expect("a strip");
        assert!(
            strip.size.x <= 800.0 && strip.size.y < 100.0,
            "{:?}",
            strip.size
        );
        assert_eq!(strip.rows.len(), 12);
    }
}
