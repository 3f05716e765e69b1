//! The raster painter: a page's shapes straight to pixels with tiny-skia (CPU only, so
//! `casa export` needs no window or GPU). Text is drawn from the glyph outlines of the
//! faces the layout used, each glyph where the layout put it.
//!
//! The page is painted in horizontal bands, one per core: each band is its own pixmap with
//! the same shapes moved up, so the bands are the same picture cut apart.

use std::collections::HashMap;
use std::sync::Arc;

use epaint::{Color32, Pos2, Rect, Stroke};
use tiny_skia::{
    self, BlendMode, FillRule, FilterQuality, LineCap, LineJoin, Mask, Paint, Path, PathBuilder,
    Pixmap, PixmapPaint, StrokeDash, Transform,
};

use crate::paint::glyphs::{self, Faces};
use crate::paint::page::{Ends, Page, Polylines, Shape};
use crate::paint::pen;
use crate::render::relief::{WarpedImage, WarpedPixels};

/// The page as pixels (premultiplied RGBA), `None` if it has no area.
pub fn render(page: &Page) -> Option<Pixmap> {
    let [w, h] = page.size;
    let mut out = Pixmap::new(w, h)?;
    let bands = crate::sys::parallel::threads().clamp(1, 8) as u32;
    let band = h.div_ceil(bands).max(1);
    let tops: Vec<u32> = (0..h).step_by(band as usize).collect();
    let faces = Faces::current();
    let painted = crate::sys::parallel::par_map(&tops, |&top| {
        let height = band.min(h - top);
        let mut pixmap = Pixmap::new(w, height)?;
        let base = Transform::from_scale(w as f32 / page.canvas.x, h as f32 / page.canvas.y)
            .post_translate(0.0, -(top as f32));
        Painter {
            pixmap: &mut pixmap,
            base,
            clip: None,
            paths: HashMap::new(),
            faces: &faces,
        }
        .paint(&page.shapes);
        Some(pixmap)
    });
    for (top, band) in tops.iter().zip(painted) {
        let band = band?;
        out.draw_pixmap(
            0,
            *top as i32,
            band.as_ref(),
            &PixmapPaint {
                blend_mode: BlendMode::Source,
                ..PixmapPaint::default()
            },
            Transform::identity(),
            None,
        );
    }
    Some(out)
}

struct Painter<'a> {
    pixmap: &'a mut Pixmap,
    /// Page points to this band's pixels.
    base: Transform,
    clip: Option<Mask>,
    /// Paths already built (by the polylines' address): a fill and its border share one.
    paths: HashMap<usize, Option<Path>>,
    faces: &'a Faces,
}

fn paint_of(c: Color32) -> Paint<'static> {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, a);
    paint.anti_alias = true;
    paint
}

fn visible(c: Color32) -> bool {
    c != Color32::TRANSPARENT && c.a() > 0
}

fn stroke_of(s: Stroke, dash: Option<[f32; 2]>, ends: Ends) -> tiny_skia::Stroke {
    tiny_skia::Stroke {
        width: s.width,
        line_cap: if ends.round_cap {
            LineCap::Round
        } else {
            LineCap::Butt
        },
        line_join: if ends.round_join {
            LineJoin::Round
        } else {
            LineJoin::Miter
        },
        dash: dash.and_then(|[d, g]| StrokeDash::new(vec![d, g], 0.0)),
        ..tiny_skia::Stroke::default()
    }
}

/// Polylines as one path, each closed if asked.
fn polyline_path(lines: &[Vec<Pos2>], close: bool) -> Option<Path> {
    let mut b = PathBuilder::new();
    pen::polylines(&mut b, lines, close);
    b.finish()
}

/// A galley's glyph outlines placed on the page, as one path.
fn text_path(faces: &Faces, pos: Pos2, galley: &epaint::Galley, scale: f32) -> Option<Path> {
    let size = glyphs::font_size(galley);
    let mut b = PathBuilder::new();
    let whole = glyphs::whole_text(galley);
    for placed in &galley.rows {
        for run in faces.row(&placed.row, size, whole) {
            for g in &run.glyphs {
                let Some(outline) = faces.outline(run.face, g.id) else {
                    continue;
                };
                let x = pos.x + (placed.pos.x + g.x + g.dx) * scale;
                let y = pos.y + (placed.pos.y + run.baseline + g.y) * scale;
                let k = size * scale;
                if let Some(p) = (*outline)
                    .clone()
                    .transform(Transform::from_row(k, 0.0, 0.0, k, x, y))
                {
                    b.push_path(&p);
                }
            }
        }
    }
    b.finish()
}

impl Painter<'_> {
    fn paint(&mut self, shapes: &[Shape]) {
        for shape in shapes {
            match shape {
                Shape::Clip(clip) => self.set_clip(*clip),
                Shape::Fill {
                    rings,
                    even_odd,
                    color,
                } => {
                    let rule = if *even_odd {
                        FillRule::EvenOdd
                    } else {
                        FillRule::Winding
                    };
                    if let Some(path) = self.shared(rings) {
                        let mask = self.clip.as_ref();
                        self.pixmap
                            .fill_path(&path, &paint_of(*color), rule, self.base, mask);
                    }
                }
                Shape::Stroke {
                    lines,
                    closed,
                    stroke,
                    dash,
                    ends,
                } => {
                    let path = if *closed {
                        polyline_path(lines, true)
                    } else {
                        self.shared(lines)
                    };
                    if let Some(path) = path {
                        self.stroke(&path, *stroke, *dash, *ends);
                    }
                }
                Shape::Image(image) => self.image(image),
                other => self.figure(other),
            }
        }
    }

    fn figure(&mut self, shape: &Shape) {
        let round = Ends {
            round_join: true,
            round_cap: false,
        };
        match shape {
            Shape::Polygon {
                points,
                fill,
                stroke,
            } => {
                let path = polyline_path(std::slice::from_ref(points), true);
                self.fill_and_stroke(path, *fill, *stroke, None, round);
            }
            Shape::Circle {
                center,
                radius,
                fill,
                stroke,
                dash,
            } => {
                let mut b = PathBuilder::new();
                pen::circle(&mut b, *center, *radius);
                let path = b.finish();
                self.fill_and_stroke(path, *fill, *stroke, *dash, round);
            }
            Shape::Rect {
                rect,
                corner,
                fill,
                stroke,
            } => {
                let ends = Ends {
                    round_join: false,
                    round_cap: false,
                };
                let mut b = PathBuilder::new();
                pen::rounded_rect(&mut b, *rect, *corner);
                self.fill_and_stroke(b.finish(), *fill, *stroke, None, ends);
            }
            Shape::Text {
                pos,
                galley,
                scale,
                color,
                halo,
            } => {
                let Some(path) = text_path(self.faces, *pos, galley, *scale) else {
                    return;
                };
                if let Some(h) = halo {
                    self.stroke(&path, Stroke::new(3.0 * scale, *h), None, round);
                }
                let mask = self.clip.as_ref();
                self.pixmap
                    .fill_path(&path, &paint_of(*color), FillRule::Winding, self.base, mask);
            }
            _ => {}
        }
    }

    fn fill_and_stroke(
        &mut self,
        path: Option<Path>,
        fill: Color32,
        stroke: Stroke,
        dash: Option<[f32; 2]>,
        ends: Ends,
    ) {
        let Some(path) = path else {
            return;
        };
        if visible(fill) {
            let mask = self.clip.as_ref();
            self.pixmap
                .fill_path(&path, &paint_of(fill), FillRule::Winding, self.base, mask);
        }
        self.stroke(&path, stroke, dash, ends);
    }

    fn stroke(&mut self, path: &Path, stroke: Stroke, dash: Option<[f32; 2]>, ends: Ends) {
        if stroke.width <= 0.0 || !visible(stroke.color) {
            return;
        }
        let mask = self.clip.as_ref();
        self.pixmap.stroke_path(
            path,
            &paint_of(stroke.color),
            &stroke_of(stroke, dash, ends),
            self.base,
            mask,
        );
    }

    fn shared(&mut self, lines: &Polylines) -> Option<Path> {
        self.paths
            .entry(Arc::as_ptr(lines) as usize)
            .or_insert_with(|| polyline_path(lines, false))
            .clone()
    }

    fn set_clip(&mut self, clip: Option<Rect>) {
        self.clip = clip.and_then(|r| {
            let mut mask = Mask::new(self.pixmap.width(), self.pixmap.height())?;
            let mut b = PathBuilder::new();
            pen::rounded_rect(&mut b, r, 0.0);
            let path = b.finish()?;
            mask.fill_path(&path, FillRule::Winding, true, self.base);
            Some(mask)
        });
    }

    /// The relief: the shading laid over by hard light, the tints by their alpha;
    /// filtered bilinearly, as the screen's texture is.
    fn image(&mut self, image: &WarpedImage) {
        let [w, h] = image.size;
        let Some(mut pixmap) = Pixmap::new(w, h) else {
            return;
        };
        let (blend, data) = match &image.pixels {
            WarpedPixels::HardLightGrey(grey) => {
                let rgba = grey.iter().flat_map(|&g| [g, g, g, 255]).collect();
                (BlendMode::HardLight, rgba)
            }
            WarpedPixels::Masked { rgb, alpha } => {
                let premultiply = |c: u8, a: u8| ((u16::from(c) * u16::from(a) + 127) / 255) as u8;
                let rgba = rgb
                    .chunks_exact(3)
                    .zip(alpha)
                    .flat_map(|(c, &a)| {
                        [
                            premultiply(c[0], a),
                            premultiply(c[1], a),
                            premultiply(c[2], a),
                            a,
                        ]
                    })
                    .collect::<Vec<u8>>();
                (BlendMode::SourceOver, rgba)
            }
        };
        if data.len() != pixmap.data().len() {
            return;
        }
        pixmap.data_mut().copy_from_slice(&data);
        let r = image.rect;
        let place = self.base.pre_concat(
            Transform::from_translate(r.left(), r.top())
                .pre_scale(r.width() / w as f32, r.height() / h as f32),
        );
        let paint = PixmapPaint {
            blend_mode: blend,
            quality: FilterQuality::Bilinear,
            ..PixmapPaint::default()
        };
        let mask = self.clip.as_ref();
        self.pixmap
            .draw_pixmap(0, 0, pixmap.as_ref(), &paint, place, mask);
    }
}
