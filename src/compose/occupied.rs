//! What a composed map occupies, read back from its draw list: the labels, the symbols and
//! their rings, the map's furniture, and the areas a scene names. The presentation legend
//! is placed where it covers none of them, and the tests count overlaps with it.

use epaint::{Pos2, Rect, Vec2};

use super::{DrawList, Item};

/// What a composed map occupies on screen.
#[derive(Clone, Debug, Default)]
pub struct Occupied {
    /// The map's labels (text with a halo: features', countries', capitals', water, the
    /// drawings' captions), each with its text.
    pub labels: Vec<(String, Rect)>,
    /// Symbols, capitals' dots, precision and selection rings, badges: centre and radius
    /// (the stroke's outer edge).
    pub symbols: Vec<(Pos2, f32)>,
    /// The map's furniture: the "as of" stamp, the scale bar, the credit, callout boxes.
    pub furniture: Vec<Rect>,
    /// What a scene is about: its subjects' symbols or areas, and its drawings.
    pub areas: Vec<Rect>,
}

/// Overlaps found in a composed map (what the composer promises never to draw).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlaps {
    /// Two labels over each other.
    pub label_label: Vec<(String, String)>,
    /// A label over a symbol (the symbol's centre and radius).
    pub label_symbol: Vec<(String, Pos2, f32)>,
}

impl Overlaps {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.label_label.is_empty() && self.label_symbol.is_empty()
    }
}

impl Occupied {
    /// Reads a draw list: every text (a label when it has a halo, furniture otherwise),
    /// every glyph and circle. `areas` are added by the composer.
    pub fn of(list: &DrawList<'_>) -> Self {
        let mut out = Self::default();
        for item in &list.items {
            match item {
                Item::Text {
                    pos, galley, halo, ..
                } => {
                    let rect = Rect::from_min_size(*pos, galley.size());
                    if halo.is_some() {
                        out.labels.push((galley.text().to_owned(), rect));
                    } else {
                        out.furniture.push(rect);
                    }
                }
                Item::Glyph { center, radius, .. } => out.symbols.push((*center, *radius + 1.0)),
                Item::Circle {
                    center,
                    radius,
                    stroke,
                    ..
                } => out
                    .symbols
                    .push((*center, *radius + stroke.width.max(0.0) / 2.0)),
                _ => {}
            }
        }
        out
    }

    /// Adds another map's (the other side of a compare).
    pub fn extend(&mut self, other: &Occupied) {
        self.labels.extend(other.labels.iter().cloned());
        self.symbols.extend(other.symbols.iter().copied());
        self.furniture.extend(other.furniture.iter().copied());
        self.areas.extend(other.areas.iter().copied());
    }

    /// How many labels, symbols, pieces of furniture and named areas `rect` covers.
    pub fn covered_by(&self, rect: Rect) -> usize {
        self.labels
            .iter()
            .filter(|(_, r)| r.intersects(rect))
            .count()
            + self
                .symbols
                .iter()
                .filter(|(c, r)| circle_meets_rect(*c, *r, rect))
                .count()
            + self.furniture.iter().filter(|r| r.intersects(rect)).count()
            + self.areas.iter().filter(|r| r.intersects(rect)).count()
    }

    /// The labels that overlap each other or a symbol. Labels that share only an edge do not
    /// count; nor does a label's text touch its halo (a point's width).
    pub fn overlaps(&self) -> Overlaps {
        let mut out = Overlaps::default();
        let inner = |r: &Rect| r.shrink(0.5);
        for (k, (a, ra)) in self.labels.iter().enumerate() {
            for (b, rb) in &self.labels[k + 1..] {
                if inner(ra).intersects(inner(rb)) {
                    out.label_label.push((a.clone(), b.clone()));
                }
            }
            for (c, r) in &self.symbols {
                if circle_meets_rect(*c, *r, inner(ra)) {
                    out.label_symbol.push((a.clone(), *c, *r));
                }
            }
        }
        out
    }
}

/// Whether a disc reaches into a rectangle.
fn circle_meets_rect(center: Pos2, radius: f32, rect: Rect) -> bool {
    let nearest = Pos2::new(
        center.x.clamp(rect.left(), rect.right()),
        center.y.clamp(rect.top(), rect.bottom()),
    );
    (nearest - center).length() < radius
}

/// A square around a disc: what a label keeps clear of.
pub fn disc_box(center: Pos2, radius: f32) -> Rect {
    Rect::from_center_size(center, Vec2::splat(2.0 * radius))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disc_meets_a_rectangle_only_when_it_reaches_inside() {
        let r = Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(10.0, 10.0));
        assert!(circle_meets_rect(Pos2::new(5.0, 5.0), 1.0, r));
        assert!(circle_meets_rect(Pos2::new(12.0, 5.0), 2.5, r));
        assert!(!circle_meets_rect(Pos2::new(12.0, 5.0), 1.5, r));
        // Past a corner, the distance is to the corner.
        assert!(!circle_meets_rect(Pos2::new(12.0, 12.0), 2.5, r));
        assert!(circle_meets_rect(Pos2::new(12.0, 12.0), 3.0, r));
        let o = Occupied {
            labels: vec![
                ("A".into(), r),
                ("B".into(), r.translate(Vec2::new(5.0, 0.0))),
            ],
            symbols: vec![(Pos2::new(30.0, 5.0), 3.0)],
            ..Occupied::default()
        };
        let found = o.overlaps();
        assert_eq!(found.label_label, vec![("A".into(), "B".into())]);
        assert!(found.label_symbol.is_empty());
        assert_eq!(
            o.covered_by(Rect::from_center_size(
                Pos2::new(30.0, 5.0),
                Vec2::splat(2.0)
            )),
            1
        );
    }
}
