//! Outlines drawn with a pen: polylines, rounded rectangles and circles built once for
//! any path type, so the raster and the PDF painter draw the same shapes.

use epaint::{Pos2, Rect};

/// A path under construction.
pub trait Pen {
    /// Starts a contour.
    fn move_to(&mut self, x: f32, y: f32);
    /// A straight segment.
    fn line_to(&mut self, x: f32, y: f32);
    /// A cubic Bézier segment.
    fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32);
    /// Closes the contour.
    fn close(&mut self);
}

/// The pen of a path builder that has the four methods under the same names.
macro_rules! pen_of {
    ($builder:ty) => {
        impl Pen for $builder {
            fn move_to(&mut self, x: f32, y: f32) {
                self.move_to(x, y);
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.line_to(x, y);
            }
            fn cubic_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
                self.cubic_to(x1, y1, x2, y2, x, y);
            }
            fn close(&mut self) {
                self.close();
            }
        }
    };
}

pen_of!(tiny_skia::PathBuilder);
pen_of!(krilla::geom::PathBuilder);

/// Polylines, each closed if asked.
pub fn polylines(pen: &mut impl Pen, lines: &[Vec<Pos2>], close: bool) {
    for line in lines {
        let Some((first, rest)) = line.split_first() else {
            continue;
        };
        pen.move_to(first.x, first.y);
        for p in rest {
            pen.line_to(p.x, p.y);
        }
        if close {
            pen.close();
        }
    }
}

/// The handle length of a quarter circle drawn as a cubic, per unit of radius.
const KAPPA: f32 = 0.552_284_8;

/// A rectangle with rounded corners (quarter circles of radius `corner`, at most half a
/// side), clockwise from the top left.
pub fn rounded_rect(pen: &mut impl Pen, r: Rect, corner: f32) {
    let c = corner.min(r.width() / 2.0).min(r.height() / 2.0).max(0.0);
    let k = c * (1.0 - KAPPA);
    let (l, t, rt, b) = (r.left(), r.top(), r.right(), r.bottom());
    pen.move_to(l + c, t);
    pen.line_to(rt - c, t);
    if c > 0.0 {
        pen.cubic_to(rt - k, t, rt, t + k, rt, t + c);
    }
    pen.line_to(rt, b - c);
    if c > 0.0 {
        pen.cubic_to(rt, b - k, rt - k, b, rt - c, b);
    }
    pen.line_to(l + c, b);
    if c > 0.0 {
        pen.cubic_to(l + k, b, l, b - k, l, b - c);
    }
    pen.line_to(l, t + c);
    if c > 0.0 {
        pen.cubic_to(l, t + k, l + k, t, l + c, t);
    }
    pen.close();
}

/// A circle as four cubics, clockwise from the right.
pub fn circle(pen: &mut impl Pen, c: Pos2, r: f32) {
    let k = r * KAPPA;
    let (x, y) = (c.x, c.y);
    pen.move_to(x + r, y);
    pen.cubic_to(x + r, y + k, x + k, y + r, x, y + r);
    pen.cubic_to(x - k, y + r, x - r, y + k, x - r, y);
    pen.cubic_to(x - r, y - k, x - k, y - r, x, y - r);
    pen.cubic_to(x + k, y - r, x + r, y - k, x + r, y);
    pen.close();
}
