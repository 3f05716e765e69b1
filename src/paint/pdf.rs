//! The PDF painter: a page's shapes straight into a PDF page with krilla's drawing API.
//! Text stays text (selectable, searchable; each face embedded once and subset), its
//! glyphs where the layout put them; halos are drawn as outlines under it, so a label is
//! found once when searched.

use std::collections::HashMap;
use std::sync::Arc;

use epaint::{Color32, Pos2, Rect, Stroke};
use krilla::color::rgb;
use krilla::geom::{Path, PathBuilder, Point, Size, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};

use crate::paint::glyphs::Faces;
use crate::paint::page::{Ends, Page, Polylines, Shape};
use crate::paint::pen;
use crate::render::relief::{WarpedImage, WarpedPixels};

/// The fonts of one PDF: each face made a krilla font once, so it is embedded once.
pub struct PdfFonts {
    faces: Arc<Faces>,
    fonts: HashMap<usize, Option<Font>>,
}

impl PdfFonts {
    /// The faces the composer uses now.
    pub fn new() -> Self {
        Self {
            faces: Faces::current(),
            fonts: HashMap::new(),
        }
    }

    fn font(&mut self, face: usize) -> Option<Font> {
        let faces = &self.faces;
        self.fonts
            .entry(face)
            .or_insert_with(|| {
                let f = faces.faces.get(face)?;
                Font::new(f.data.clone().into(), f.index)
            })
            .clone()
    }
}

impl Default for PdfFonts {
    fn default() -> Self {
        Self::new()
    }
}

/// Paints a page onto a PDF page's surface `width` points wide, its relief from `images`
/// ([`prepare_images`]).
pub fn paint(
    surface: &mut Surface<'_>,
    page: &Page,
    width: f32,
    fonts: &mut PdfFonts,
    images: &Images,
) {
    let k = width / page.canvas.x.max(1.0);
    surface.push_transform(&Transform::from_scale(k, k));
    let mut painter = Painter {
        surface,
        clipped: false,
        paths: HashMap::new(),
        fonts,
        images,
    };
    for shape in &page.shapes {
        painter.shape(shape);
    }
    if painter.clipped {
        painter.surface.pop();
    }
    surface.pop();
}

struct Painter<'s, 'p> {
    surface: &'s mut Surface<'p>,
    clipped: bool,
    paths: HashMap<usize, Option<Arc<Path>>>,
    fonts: &'s mut PdfFonts,
    images: &'s Images,
}

fn colour(c: Color32) -> (krilla::paint::Paint, NormalizedF32) {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    let opacity = NormalizedF32::new(f32::from(a) / 255.0).unwrap_or(NormalizedF32::ONE);
    (rgb::Color::new(r, g, b).into(), opacity)
}

fn fill_of(c: Color32, even_odd: bool) -> Fill {
    let (paint, opacity) = colour(c);
    Fill {
        paint,
        opacity,
        rule: if even_odd {
            FillRule::EvenOdd
        } else {
            FillRule::NonZero
        },
    }
}

fn stroke_of(s: Stroke, dash: Option<[f32; 2]>, ends: Ends) -> krilla::paint::Stroke {
    let (paint, opacity) = colour(s.color);
    krilla::paint::Stroke {
        paint,
        width: s.width,
        opacity,
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
        dash: dash.map(|[d, g]| StrokeDash {
            array: vec![d, g],
            offset: 0.0,
        }),
        ..krilla::paint::Stroke::default()
    }
}

fn visible(c: Color32) -> bool {
    c.a() > 0
}

fn built(draw: impl FnOnce(&mut PathBuilder)) -> Option<Path> {
    let mut b = PathBuilder::new();
    draw(&mut b);
    b.finish()
}

impl Painter<'_, '_> {
    fn shape(&mut self, shape: &Shape) {
        let round = Ends {
            round_join: true,
            round_cap: false,
        };
        match shape {
            Shape::Clip(clip) => self.set_clip(*clip),
            Shape::Fill {
                rings,
                even_odd,
                color,
            } => {
                if let Some(path) = self.shared(rings) {
                    self.draw(&path, Some(fill_of(*color, *even_odd)), None);
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
                    built(|b| pen::polylines(b, lines, true)).map(Arc::new)
                } else {
                    self.shared(lines)
                };
                if let Some(path) = path {
                    self.draw(&path, None, Some((*stroke, *dash, *ends)));
                }
            }
            Shape::Polygon {
                points,
                fill,
                stroke,
            } => {
                let path = built(|b| pen::polylines(b, std::slice::from_ref(points), true));
                self.figure(path, *fill, *stroke, None, round);
            }
            Shape::Circle {
                center,
                radius,
                fill,
                stroke,
                dash,
            } => {
                let path = built(|b| pen::circle(b, *center, *radius));
                self.figure(path, *fill, *stroke, *dash, round);
            }
            Shape::Rect {
                rect,
                corner,
                fill,
                stroke,
            } => {
                let path = built(|b| pen::rounded_rect(b, *rect, *corner));
                let square = Ends {
                    round_join: false,
                    round_cap: false,
                };
                self.figure(path, *fill, *stroke, None, square);
            }
            Shape::Text {
                pos,
                galley,
                scale,
                color,
                halo,
            } => self.text(*pos, galley, *scale, *color, *halo),
            Shape::Image(image) => self.image(image),
        }
    }

    fn figure(
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
        let fill = visible(fill).then(|| fill_of(fill, false));
        self.draw(&path, fill, Some((stroke, dash, ends)));
    }

    fn draw(
        &mut self,
        path: &Path,
        fill: Option<Fill>,
        stroke: Option<(Stroke, Option<[f32; 2]>, Ends)>,
    ) {
        let stroke = stroke
            .filter(|(s, _, _)| s.width > 0.0 && visible(s.color))
            .map(|(s, dash, ends)| stroke_of(s, dash, ends));
        if fill.is_none() && stroke.is_none() {
            return;
        }
        self.surface.set_fill(fill);
        self.surface.set_stroke(stroke);
        self.surface.draw_path(path);
    }

    fn shared(&mut self, lines: &Polylines) -> Option<Arc<Path>> {
        self.paths
            .entry(Arc::as_ptr(lines) as usize)
            .or_insert_with(|| built(|b| pen::polylines(b, lines, false)).map(Arc::new))
            .clone()
    }

    fn set_clip(&mut self, clip: Option<Rect>) {
        if std::mem::take(&mut self.clipped) {
            self.surface.pop();
        }
        if let Some(path) = clip.and_then(|r| built(|b| pen::rounded_rect(b, r, 0.0))) {
            self.surface.push_clip_path(&path, &FillRule::NonZero);
            self.clipped = true;
        }
    }

    /// Each row's glyphs in runs of one face, each run as PDF text starting at its first
    /// glyph, each glyph advanced to where the layout put the next.
    fn text(
        &mut self,
        pos: Pos2,
        galley: &epaint::Galley,
        scale: f32,
        color: Color32,
        halo: Option<Color32>,
    ) {
        let faces = Arc::clone(&self.fonts.faces);
        let size = crate::paint::glyphs::font_size(galley);
        let whole = crate::paint::glyphs::whole_text(galley);
        for placed in &galley.rows {
            for run in faces.row(&placed.row, size, whole) {
                let Some(first) = run.glyphs.first() else {
                    continue;
                };
                let glyphs: Vec<KrillaGlyph> = run
                    .glyphs
                    .iter()
                    .map(|g| KrillaGlyph {
                        glyph_id: GlyphId::new(u32::from(g.id)),
                        text_range: g.range.clone(),
                        x_advance: g.advance / size,
                        x_offset: g.dx / size,
                        y_offset: -g.y / size,
                        y_advance: 0.0,
                        location: None,
                    })
                    .collect();
                let start = Point::from_xy(
                    pos.x + (placed.pos.x + first.x) * scale,
                    pos.y + (placed.pos.y + run.baseline) * scale,
                );
                if let Some(font) = self.fonts.font(run.face) {
                    let text = Text {
                        start,
                        glyphs: &glyphs,
                        font,
                        text: &run.text,
                        size: size * scale,
                    };
                    self.glyph_run(&text, color, halo, scale);
                }
            }
        }
    }

    fn glyph_run(&mut self, t: &Text<'_>, color: Color32, halo: Option<Color32>, scale: f32) {
        if let Some(h) = halo {
            let ends = Ends {
                round_join: true,
                round_cap: false,
            };
            self.surface.set_fill(None);
            self.surface
                .set_stroke(Some(stroke_of(Stroke::new(3.0 * scale, h), None, ends)));
            self.surface
                .draw_glyphs(t.start, t.glyphs, t.font.clone(), t.text, t.size, false);
        }
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(fill_of(color, false)));
        self.surface
            .draw_glyphs(t.start, t.glyphs, t.font.clone(), t.text, t.size, false);
    }

    /// The relief: the shading laid over by hard light, the tints under their mask.
    fn image(&mut self, image: &Arc<WarpedImage>) {
        let r = image.rect;
        let Some(size) = Size::from_wh(r.width(), r.height()) else {
            return;
        };
        let Some(prepared) = self.images.get(&key(image)) else {
            log::error!("relief image: could not be made for the PDF");
            return;
        };
        self.surface
            .push_transform(&Transform::from_translate(r.left(), r.top()));
        match prepared {
            Prepared::Shading(shading) => {
                self.surface
                    .push_blend_mode(krilla::blend::BlendMode::HardLight);
                self.surface.draw_image(shading.clone(), size);
                self.surface.pop();
            }
            Prepared::Tints { mask, colours } => {
                let mut builder = self.surface.stream_builder();
                let mut inner = builder.surface();
                inner.draw_image(mask.clone(), size);
                inner.finish();
                let stream = builder.finish();
                self.surface.push_mask(krilla::mask::Mask::new(
                    stream,
                    krilla::mask::MaskType::Luminosity,
                ));
                self.surface.draw_image(colours.clone(), size);
                self.surface.pop();
            }
        }
        self.surface.pop();
    }
}

/// A relief image made ready for the PDF.
pub enum Prepared {
    /// The shading as a grey JPEG.
    Shading(krilla::image::Image),
    /// The tints as a JPEG of colours and a grey mask of their alpha.
    Tints {
        /// The alpha.
        mask: krilla::image::Image,
        /// The colours.
        colours: krilla::image::Image,
    },
}

/// The relief images of some pages, made ready (JPEG-encoded), by image.
pub type Images = HashMap<usize, Prepared>;

fn key(image: &Arc<WarpedImage>) -> usize {
    Arc::as_ptr(image) as usize
}

/// Encodes the relief images of `pages` ahead of painting them, on every core when there
/// are several.
pub fn prepare_images(pages: &[Page]) -> Images {
    let images: Vec<&Arc<WarpedImage>> = pages
        .iter()
        .flat_map(|p| &p.shapes)
        .filter_map(|s| match s {
            Shape::Image(image) => Some(image),
            _ => None,
        })
        .collect();
    let prepared = crate::sys::parallel::par_map(&images, |image| prepare(image));
    images
        .iter()
        .zip(prepared)
        .filter_map(|(image, p)| Some((key(image), p?)))
        .collect()
}

fn prepare(image: &WarpedImage) -> Option<Prepared> {
    use image::ExtendedColorType;
    use krilla::image::Image;
    let jpeg = |pixels: &[u8], kind| {
        crate::paint::svg::relief_jpeg(pixels, image.size, kind)
            .ok()
            .and_then(|bytes| Image::from_jpeg(bytes.into(), true).ok())
    };
    match &image.pixels {
        WarpedPixels::HardLightGrey(grey) => {
            jpeg(grey, ExtendedColorType::L8).map(Prepared::Shading)
        }
        WarpedPixels::Masked { rgb, alpha } => {
            let grey = Grey {
                pixels: Arc::new(alpha.clone()),
                size: image.size,
            };
            Some(Prepared::Tints {
                mask: Image::from_custom(grey, true).ok()?,
                colours: jpeg(rgb, ExtendedColorType::Rgb8)?,
            })
        }
    }
}

/// A run of glyphs to draw as PDF text.
struct Text<'a> {
    start: Point,
    glyphs: &'a [KrillaGlyph],
    font: Font,
    text: &'a str,
    size: f32,
}

/// One grey byte a pixel as a PDF image (the tints' alpha, drawn as their mask).
#[derive(Clone)]
struct Grey {
    pixels: Arc<Vec<u8>>,
    size: [u32; 2],
}

impl std::hash::Hash for Grey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.pixels.hash(state);
        self.size.hash(state);
    }
}

impl krilla::image::CustomImage for Grey {
    fn color_channel(&self) -> &[u8] {
        &self.pixels
    }
    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }
    fn bits_per_component(&self) -> krilla::image::BitsPerComponent {
        krilla::image::BitsPerComponent::Eight
    }
    fn size(&self) -> (u32, u32) {
        (self.size[0], self.size[1])
    }
    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }
    fn color_space(&self) -> krilla::image::ImageColorspace {
        krilla::image::ImageColorspace::Luma
    }
}
