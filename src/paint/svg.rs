//! The SVG painter: a page's shapes as SVG elements. Text is written row by row at the
//! positions the composer's layout gave its glyphs, so the slide shows the labels exactly
//! where they were placed.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use epaint::{Color32, Pos2, Stroke};

use crate::paint::page::{Page, Shape};
use crate::render::relief::{WarpedImage, WarpedPixels};

/// The font family of the slides (egui's Ubuntu; it is embedded for the PNG).
pub const FONT: &str = "Ubuntu, 'Helvetica Neue', Arial, sans-serif";

/// `#rrggbb` and the opacity of a colour.
fn paint(c: Color32) -> (String, f32) {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    (format!("#{r:02x}{g:02x}{b:02x}"), f32::from(a) / 255.0)
}

fn fill_attr(c: Color32) -> String {
    if c == Color32::TRANSPARENT {
        return r#"fill="none""#.to_owned();
    }
    let (hex, a) = paint(c);
    if a < 1.0 {
        format!(r#"fill="{hex}" fill-opacity="{a:.3}""#)
    } else {
        format!(r#"fill="{hex}""#)
    }
}

fn stroke_attr(s: Stroke) -> String {
    if s.width <= 0.0 || s.color == Color32::TRANSPARENT {
        return r#"stroke="none""#.to_owned();
    }
    let (hex, a) = paint(s.color);
    if a < 1.0 {
        format!(
            r#"stroke="{hex}" stroke-opacity="{a:.3}" stroke-width="{:.2}""#,
            s.width
        )
    } else {
        format!(r#"stroke="{hex}" stroke-width="{:.2}""#, s.width)
    }
}

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    escape(s, false)
}

/// [`esc`], keeping tabs and line breaks (XML text that may run over lines: a KML
/// balloon, a QGIS style).
pub fn esc_lines(s: &str) -> String {
    escape(s, true)
}

/// XML-escaped text; other control characters (which XML 1.0 forbids) dropped.
fn escape(s: &str, lines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' if lines => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends polylines to path data (`M … L … Z`), rounded to a tenth of a point.
fn path_data(out: &mut String, lines: &[Vec<Pos2>], close: bool) {
    for line in lines {
        for (k, p) in line.iter().enumerate() {
            let _ = write!(
                out,
                "{}{:.1} {:.1}",
                if k == 0 { "M" } else { "L" },
                p.x,
                p.y
            );
        }
        if close && !line.is_empty() {
            out.push('Z');
        }
    }
}

fn dash_attr(dash: Option<[f32; 2]>) -> String {
    dash.map_or(String::new(), |[d, g]| {
        format!(r#" stroke-dasharray="{d:.1} {g:.1}""#)
    })
}

/// A page as a whole SVG document, its pixel size scaling its canvas.
pub fn document(page: &Page) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {:.1} {:.1}" font-family="{FONT}">"#,
        page.size[0], page.size[1], page.canvas.x, page.canvas.y
    );
    let _ = writeln!(out, "<title>{}</title>", esc(&page.title));
    if let Some(desc) = &page.desc {
        let _ = writeln!(out, "<desc>{}</desc>", esc(desc));
    }
    paint_page(&mut out, page);
    out.push_str("</svg>\n");
    out
}

/// Writes the shapes of a page as SVG elements.
pub fn paint_page(out: &mut String, page: &Page) {
    let mut clips = 0;
    let mut open_group = false;
    // Path data already written (by the polylines' address): a country's fill and its
    // border share one.
    let mut memo: HashMap<usize, String> = HashMap::new();
    for shape in &page.shapes {
        match shape {
            Shape::Clip(clip) => {
                if std::mem::take(&mut open_group) {
                    out.push_str("</g>\n");
                }
                if let Some(r) = clip {
                    clips += 1;
                    let _ = writeln!(
                        out,
                        r#"<clipPath id="clip{clips}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath><g clip-path="url(#clip{clips})">"#,
                        r.left(),
                        r.top(),
                        r.width(),
                        r.height()
                    );
                    open_group = true;
                }
            }
            Shape::Fill { .. } | Shape::Stroke { .. } => path_svg(out, shape, &mut memo),
            Shape::Image(image) => relief_svg(out, image, clips),
            other => figure_svg(out, other),
        }
    }
    if open_group {
        out.push_str("</g>\n");
    }
}

/// The path data of shared polylines, written once.
fn shared_data<'m>(
    memo: &'m mut HashMap<usize, String>,
    lines: &crate::paint::page::Polylines,
) -> &'m str {
    memo.entry(Arc::as_ptr(lines) as usize).or_insert_with(|| {
        let mut d = String::new();
        path_data(&mut d, lines, false);
        d
    })
}

fn figure_svg(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Circle {
            center,
            radius,
            fill,
            stroke,
            dash,
        } => {
            let _ = writeln!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" {} {}{}/>"#,
                center.x,
                center.y,
                radius,
                fill_attr(*fill),
                stroke_attr(*stroke),
                dash_attr(*dash)
            );
        }
        Shape::Polygon {
            points,
            fill,
            stroke,
        } => {
            let pts: Vec<String> = points
                .iter()
                .map(|q| format!("{:.1},{:.1}", q.x, q.y))
                .collect();
            let join = if stroke.width > 0.0 {
                r#" stroke-linejoin="round""#
            } else {
                ""
            };
            let _ = writeln!(
                out,
                r#"<polygon points="{}" {} {}{join}/>"#,
                pts.join(" "),
                fill_attr(*fill),
                stroke_attr(*stroke)
            );
        }
        Shape::Rect {
            rect,
            corner,
            fill,
            stroke,
        } => {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="{corner:.1}" {} {}/>"#,
                rect.left(),
                rect.top(),
                rect.width(),
                rect.height(),
                fill_attr(*fill),
                stroke_attr(*stroke)
            );
        }
        Shape::Text { .. } => text_svg(out, shape),
        _ => {}
    }
}

/// The relief as the page made it: the shading as a grey JPEG laid over by hard light
/// (see [`WarpedPixels::HardLightGrey`]), the tints as a JPEG of colours under a PNG mask
/// of their alpha. `id` names the mask (one per clip region).
fn relief_svg(out: &mut String, image: &WarpedImage, id: usize) {
    use image::ExtendedColorType;
    let [w, h] = image.size;
    let r = image.rect;
    let place = format!(
        r#"x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" preserveAspectRatio="none" image-rendering="smooth""#,
        r.left(),
        r.top(),
        r.width(),
        r.height()
    );
    let jpeg = |pixels: &[u8], kind| relief_jpeg(pixels, image.size, kind);
    let written = match &image.pixels {
        WarpedPixels::HardLightGrey(grey) => jpeg(grey, ExtendedColorType::L8).map(|bytes| {
            let _ = write!(
                out,
                r#"<g style="mix-blend-mode:hard-light"><image {place} href="data:image/jpeg;base64,"#
            );
            base64(out, &bytes);
            out.push_str("\"/></g>\n");
        }),
        WarpedPixels::Masked { rgb, alpha } => {
            let mut mask = Vec::new();
            image::ImageEncoder::write_image(
                image::codecs::png::PngEncoder::new_with_quality(
                    &mut mask,
                    image::codecs::png::CompressionType::Fast,
                    image::codecs::png::FilterType::Sub,
                ),
                alpha,
                w,
                h,
                ExtendedColorType::L8,
            )
            .and_then(|()| jpeg(rgb, ExtendedColorType::Rgb8))
            .map(|colours| {
                let _ = write!(
                    out,
                    r#"<mask id="relief{id}" maskUnits="userSpaceOnUse"><image {place} href="data:image/png;base64,"#
                );
                base64(out, &mask);
                let _ = write!(
                    out,
                    r#""/></mask><image {place} mask="url(#relief{id})" href="data:image/jpeg;base64,"#
                );
                base64(out, &colours);
                out.push_str("\"/>\n");
            })
        }
    };
    if let Err(e) = written {
        log::error!("relief image: {e}");
    }
}

/// The JPEG quality of the relief on a page: the shading's flat ground stays within a
/// level of neutral grey.
const RELIEF_JPEG_QUALITY: u8 = 85;

/// The relief's pixels as JPEG, as the pages hold them.
pub(crate) fn relief_jpeg(
    pixels: &[u8],
    [w, h]: [u32; 2],
    kind: image::ExtendedColorType,
) -> image::ImageResult<Vec<u8>> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, RELIEF_JPEG_QUALITY)
        .encode(pixels, w, h, kind)
        .map(|()| bytes)
}

/// Appends `bytes` in base64 (RFC 4648, with padding).
fn base64(out: &mut String, bytes: &[u8]) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * k) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
}

/// Fills and strokes as `<path>` elements.
fn path_svg(out: &mut String, shape: &Shape, memo: &mut HashMap<usize, String>) {
    match shape {
        Shape::Fill {
            rings,
            even_odd,
            color,
        } => {
            // Rings end on their first point, and a fill closes them anyway: the same data
            // as the border's, so one is written for both.
            let d = shared_data(memo, rings);
            let rule = if *even_odd { "evenodd" } else { "nonzero" };
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill-rule="{rule}" {}/>"#,
                fill_attr(*color)
            );
        }
        Shape::Stroke {
            lines,
            closed,
            stroke,
            dash,
            ends,
        } => {
            let mut own = String::new();
            let d = if *closed {
                path_data(&mut own, lines, true);
                own.as_str()
            } else {
                shared_data(memo, lines)
            };
            let join = if ends.round_join {
                r#" stroke-linejoin="round""#
            } else {
                ""
            };
            let cap = if ends.round_cap {
                r#" stroke-linecap="round""#
            } else {
                ""
            };
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill="none"{join}{cap} {}{}/>"#,
                stroke_attr(*stroke),
                dash_attr(*dash)
            );
        }
        _ => {}
    }
}

/// Text where the layout put it: one `<text>` per row at its first glyph, with the row's
/// width as `textLength`, so the renderer's spacing matches the layout's to the pixel; the
/// glyphs are the same face's (egui's Ubuntu, embedded for the PNG), shaped the same way.
fn text_svg(out: &mut String, shape: &Shape) {
    let Shape::Text {
        pos,
        galley,
        scale,
        color,
        halo,
    } = shape
    else {
        return;
    };
    let size = crate::paint::glyphs::font_size(galley) * scale;
    let halo_attr = halo.map_or(String::new(), |h| {
        let (hex, _) = paint(h);
        format!(
            r#" stroke="{hex}" stroke-width="{:.2}" stroke-linejoin="round" paint-order="stroke""#,
            3.0 * scale
        )
    });
    for placed in &galley.rows {
        let glyphs = &placed.row.glyphs;
        let (Some(first), Some(last)) = (
            glyphs.iter().find(|g| !g.chr.is_whitespace()),
            glyphs.iter().rev().find(|g| !g.chr.is_whitespace()),
        ) else {
            continue;
        };
        let x = pos.x + (placed.pos.x + first.pos.x) * scale;
        let y = pos.y + (placed.pos.y + first.pos.y) * scale;
        let width = (last.pos.x + last.advance_width - first.pos.x) * scale;
        // The renderer shapes and orders the text itself, so it is given in reading order:
        // a one-row label's own text (a ligature's glyph stands for several characters);
        // a wrapped row's glyphs, with right-to-left runs (laid out in visual order) turned
        // back.
        let row_text = if galley.rows.len() == 1 && !galley.elided {
            galley.text().to_owned()
        } else {
            crate::paint::glyphs::logical_order(&placed.row.text())
        };
        let text: String = row_text
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let _ = writeln!(
            out,
            r#"<text x="{x:.2}" y="{y:.2}" font-size="{size:.1}" textLength="{width:.2}" lengthAdjust="spacing" {}{halo_attr}>{}</text>"#,
            fill_attr(*color),
            esc(&text)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_as_rfc_4648_says() {
        for (bytes, text) in [
            (&b""[..], ""),
            (b"M", "TQ=="),
            (b"Ma", "TWE="),
            (b"Man", "TWFu"),
            (b"\xff\xfe\xfd\x00", "//79AA=="),
        ] {
            let mut out = String::new();
            base64(&mut out, bytes);
            assert_eq!(out, text);
        }
    }
}
