//! The slide painter: the draw list as SVG. Text is written glyph by glyph at the positions
//! the composer's layout gave them, so the slide shows the labels exactly where they were
//! placed (no text layout is left to the SVG renderer).

use std::fmt::Write as _;

use epaint::{Color32, Pos2, Stroke};

use crate::compose::{DrawList, Item};
use crate::render::features::polygon_points;
use crate::render::relief::WarpedPixels;

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

/// How far outside the clip rectangle cached geometry keeps its vertices (points): more
/// than half the widest stroke, so what shows is unchanged.
const CULL_MARGIN: f32 = 40.0;

/// Writes the items of a draw list as SVG elements.
pub fn paint_list(out: &mut String, list: &DrawList<'_>) {
    let mut clips = 0;
    let mut open_group = false;
    let mut paths = PathMemo::default();
    for item in &list.items {
        match item {
            Item::Clip(clip) => {
                if std::mem::take(&mut open_group) {
                    out.push_str("</g>\n");
                }
                paths.bounds = clip.map(|r| r.expand(CULL_MARGIN));
                paths.clip = *clip;
                // Paths are remembered per clip region: culled for one, whole without.
                paths.region += 1;
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
            other => {
                let region = paths.region;
                item_svg(out, other, &mut paths, region);
            }
        }
    }
    if open_group {
        out.push_str("</g>\n");
    }
}

/// Path data of cached lines already written in this map (by the lines' address and the
/// map): a country's fill and its border share one. Vertices far outside the map's clip
/// are dropped ([`cull`]): a slide of Central Asia does not carry the Arctic coast.
#[derive(Default)]
struct PathMemo {
    data: std::collections::HashMap<(usize, usize), String>,
    /// Counts clip changes: the key of the current clip region.
    region: usize,
    /// The current clip, widened by [`CULL_MARGIN`].
    bounds: Option<epaint::Rect>,
    /// The current clip.
    clip: Option<epaint::Rect>,
}

impl PathMemo {
    fn data(
        &mut self,
        lines: &crate::render::mesh::LineMesh,
        view: &crate::compose::WorldView,
        map: usize,
    ) -> &str {
        let key = (std::ptr::from_ref(lines) as usize, map);
        let bounds = self.bounds;
        self.data.entry(key).or_insert_with(|| {
            let mut polylines = lines.screen_polylines(&view.t);
            if let Some(b) = bounds {
                for line in &mut polylines {
                    *line = cull(line, b);
                }
            }
            for line in &mut polylines {
                let fine = drop_retraces(line, 0.1);
                // A line that is mostly teeth finer than a point (a hostile file's
                // sawtooth) is written at a point's precision: the same picture, and
                // seconds of rasterising instead of a minute.
                let coarse = drop_retraces(line, 1.0);
                *line = if coarse.len() * 4 < fine.len() {
                    coarse
                } else {
                    fine
                };
            }
            polylines.retain(|l| l.len() > 1);
            let mut d = String::new();
            path_data(&mut d, &polylines, false);
            d
        })
    }
}

/// A polyline as the path data writes it (to `step`, a tenth of a point), without what draws
/// nothing more: a vertex where the last one was, and a segment that goes straight back
/// over the one before it (A B A B draws what A B draws, stroked or filled: the region
/// between a segment and its retrace is empty). A valid file's sawtooth of a hundred
/// thousand teeth finer than a tenth of a point is written as the few hundred segments
/// that show, not rasterised tooth by tooth.
pub fn drop_retraces(line: &[Pos2], step: f32) -> Vec<Pos2> {
    let snap = |v: f32| (v / step).round() * step;
    let mut out: Vec<Pos2> = Vec::with_capacity(line.len());
    for p in line {
        let p = Pos2::new(snap(p.x), snap(p.y));
        if out.last() == Some(&p) {
            continue;
        }
        out.push(p);
        let n = out.len();
        if n >= 4 && out[n - 1] == out[n - 3] && out[n - 2] == out[n - 4] {
            out.truncate(n - 2);
        }
    }
    out
}

/// Which sides of `b` a point is beyond (one bit per side).
fn outcode(p: Pos2, b: epaint::Rect) -> u8 {
    u8::from(p.x < b.left())
        | u8::from(p.x > b.right()) << 1
        | u8::from(p.y < b.top()) << 2
        | u8::from(p.y > b.bottom()) << 3
}

/// A polyline without the vertices that cannot show inside `b`: a run of vertices all
/// beyond one same side is replaced by its first and last. The run and the chord that
/// replaces it both lie in that outer half-plane, so neither the stroke nor the fill (the
/// region between them is outside `b` too) changes inside `b`. A ring stays closed (its
/// first and last vertices are kept).
pub fn cull(line: &[Pos2], b: epaint::Rect) -> Vec<Pos2> {
    let n = line.len();
    if n < 3 {
        return line.to_vec();
    }
    let codes: Vec<u8> = line.iter().map(|&p| outcode(p, b)).collect();
    let mut out = Vec::with_capacity(n);
    out.push(line[0]);
    // The sides shared by the last kept vertex and every vertex dropped since.
    let mut run = codes[0];
    for i in 1..n - 1 {
        let shared = run & codes[i] & codes[i + 1];
        if shared != 0 {
            run = shared;
        } else {
            out.push(line[i]);
            run = codes[i];
        }
    }
    out.push(line[n - 1]);
    out
}

fn item_svg(out: &mut String, item: &Item<'_>, paths: &mut PathMemo, map: usize) {
    match item {
        Item::Area { .. } | Item::Lines { .. } | Item::Path { .. } | Item::Segments { .. } => {
            path_svg(out, item, paths, map);
        }
        Item::Glyph { .. } => glyph_svg(out, item),
        Item::Circle {
            center,
            radius,
            fill,
            stroke,
            dashed,
        } => {
            // Twelve dashes around the ring, as on screen.
            let dash = dashed.then(|| {
                let step = std::f32::consts::TAU * radius / 24.0;
                [step, step]
            });
            let _ = writeln!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" {} {}{}/>"#,
                center.x,
                center.y,
                radius,
                fill_attr(*fill),
                stroke_attr(*stroke),
                dash_attr(dash)
            );
        }
        Item::Polygon {
            points,
            fill,
            stroke,
        } => {
            let pts: Vec<String> = points
                .iter()
                .map(|q| format!("{:.1},{:.1}", q.x, q.y))
                .collect();
            let _ = writeln!(
                out,
                r#"<polygon points="{}" {} {} stroke-linejoin="round"/>"#,
                pts.join(" "),
                fill_attr(*fill),
                stroke_attr(*stroke)
            );
        }
        Item::Rect {
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
        Item::Text { .. } => text_svg(out, item),
        Item::Relief { relief, view } => {
            if let Some(clip) = paths.clip {
                relief_svg(out, relief, view, clip, paths.region);
            }
        }
        Item::Clip(_) => {}
    }
}

/// The relief reprojected over the map's clip at one pixel per point of the canvas (or
/// the image's own resolution, if coarser), filtered bilinearly as the screen's texture
/// is: the shading as a grey JPEG laid over by hard light (see
/// [`WarpedPixels::HardLightGrey`]), the tints as a JPEG of colours under a PNG mask of
/// their alpha. `id` names the mask (one per map).
fn relief_svg(
    out: &mut String,
    relief: &crate::render::relief::ReliefView<'_>,
    view: &crate::compose::WorldView,
    clip: epaint::Rect,
    id: usize,
) {
    use image::ExtendedColorType;
    let image = relief.relief.warp(relief.variant, &view.t, clip, 1.0);
    let [w, h] = image.size;
    let r = image.rect;
    let place = format!(
        r#"x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" preserveAspectRatio="none" image-rendering="smooth""#,
        r.left(),
        r.top(),
        r.width(),
        r.height()
    );
    let jpeg = |pixels: &[u8], kind| {
        let mut bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, RELIEF_JPEG_QUALITY)
            .encode(pixels, w, h, kind)
            .map(|()| bytes)
    };
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

/// Cached areas and lines, and screen-space paths and segments, as `<path>` elements.
fn path_svg(out: &mut String, item: &Item<'_>, paths: &mut PathMemo, map: usize) {
    match item {
        Item::Area {
            rings,
            view,
            color,
            even_odd,
            ..
        } => {
            // Rings end on their first point, and a fill closes them anyway: the same data
            // as the border's, so one is written for both.
            let d = paths.data(rings, view, map);
            let rule = if *even_odd { "evenodd" } else { "nonzero" };
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill-rule="{rule}" {}/>"#,
                fill_attr(*color)
            );
        }
        Item::Lines {
            lines,
            view,
            width,
            color,
        } => {
            let d = paths.data(lines, view, map);
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill="none" stroke-linejoin="round" stroke-linecap="round" {}/>"#,
                stroke_attr(Stroke::new(*width, *color))
            );
        }
        Item::Path {
            lines,
            closed,
            stroke,
            dash,
        } => {
            let mut d = String::new();
            path_data(&mut d, lines, *closed);
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill="none" stroke-linejoin="round" {}{}/>"#,
                stroke_attr(*stroke),
                dash_attr(*dash)
            );
        }
        Item::Segments {
            segments,
            stroke,
            dash,
        } => {
            if segments.is_empty() {
                return;
            }
            let lines: Vec<Vec<Pos2>> = segments.iter().map(|s| s.to_vec()).collect();
            let mut d = String::new();
            path_data(&mut d, &lines, false);
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill="none" {}{}/>"#,
                stroke_attr(*stroke),
                dash_attr(*dash)
            );
        }
        _ => {}
    }
}

/// A symbol: its outline as a slightly larger polygon, the fill, and for hollow glyphs a
/// centre in the outline colour, as the screen draws them.
fn glyph_svg(out: &mut String, item: &Item<'_>) {
    let Item::Glyph {
        glyph,
        hollow,
        center,
        radius,
        color,
        outline,
    } = item
    else {
        return;
    };
    let polygon = |out: &mut String, r: f32, c: Color32| {
        let pts: Vec<String> = polygon_points(*glyph, *center, r)
            .iter()
            .map(|q| format!("{:.1},{:.1}", q.x, q.y))
            .collect();
        let _ = writeln!(
            out,
            r#"<polygon points="{}" {}/>"#,
            pts.join(" "),
            fill_attr(c)
        );
    };
    polygon(out, radius + 1.6, *outline);
    polygon(out, *radius, *color);
    if *hollow {
        polygon(out, radius * 0.5, *outline);
    }
}

/// Whether a character is written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their presentation forms).
fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A row's characters in reading order: each right-to-left run, which the layout stores
/// left to right as drawn, reversed (with the spaces and punctuation inside it).
fn logical_order(visual: &str) -> String {
    let chars: Vec<char> = visual.chars().collect();
    let mut out = String::with_capacity(visual.len());
    let mut i = 0;
    while i < chars.len() {
        if !right_to_left(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The run: right-to-left letters and the spaces and punctuation between them
        // (digits and left-to-right letters end it).
        let mut end = i;
        let mut j = i;
        while j < chars.len() && (right_to_left(chars[j]) || !chars[j].is_alphanumeric()) {
            if right_to_left(chars[j]) {
                end = j + 1;
            }
            j += 1;
        }
        out.extend(chars[i..end].iter().rev());
        i = end;
    }
    out
}

/// Text where the layout put it: one `<text>` per row at its first glyph, with the row's
/// width as `textLength`, so the renderer's spacing matches the layout's to the pixel; the
/// glyphs are the same face's (egui's Ubuntu, embedded for the PNG), shaped the same way.
fn text_svg(out: &mut String, item: &Item<'_>) {
    let Item::Text {
        pos,
        galley,
        color,
        halo,
    } = item
    else {
        return;
    };
    let size = galley
        .job
        .sections
        .first()
        .map_or(14.0, |s| s.format.font_id.size);
    let halo_attr = halo.map_or(String::new(), |h| {
        let (hex, _) = paint(h);
        format!(r#" stroke="{hex}" stroke-width="3" stroke-linejoin="round" paint-order="stroke""#)
    });
    for placed in &galley.rows {
        let glyphs = &placed.row.glyphs;
        let (Some(first), Some(last)) = (
            glyphs.iter().find(|g| !g.chr.is_whitespace()),
            glyphs.iter().rev().find(|g| !g.chr.is_whitespace()),
        ) else {
            continue;
        };
        let x = pos.x + placed.pos.x + first.pos.x;
        let y = pos.y + placed.pos.y + first.pos.y;
        let width = last.pos.x + last.advance_width - first.pos.x;
        // The renderer shapes and orders the text itself, so it is given in reading order:
        // a one-row label's own text (a ligature's glyph stands for several characters);
        // a wrapped row's glyphs, with right-to-left runs (laid out in visual order) turned
        // back.
        let row_text = if galley.rows.len() == 1 && !galley.elided {
            galley.text().to_owned()
        } else {
            logical_order(&placed.row.text())
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

    #[test]
    fn right_to_left_runs_are_turned_back_into_reading_order() {
        // "Mazar-i-Sharif" in Dari as the layout stores it (drawn order), then as read.
        let visual: String = "مزار شریف".chars().rev().collect();
        assert_eq!(logical_order(&visual), "مزار شریف");
        assert_eq!(
            logical_order(&format!("Base {visual} (2021)")),
            "Base مزار شریف (2021)"
        );
        assert_eq!(logical_order("Kant air base"), "Kant air base");
        let hyphenated: String = "مزار-شریف".chars().rev().collect();
        assert_eq!(logical_order(&hyphenated), "مزار-شریف");
    }

    /// Even-odd point in polygon.
    fn inside(ring: &[Pos2], p: Pos2) -> bool {
        let mut c = false;
        for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                c = !c;
            }
        }
        c
    }

    #[test]
    fn retraces_and_repeats_are_dropped_and_nothing_else() {
        let p = |x: f32, y: f32| Pos2::new(x, y);
        let (a, b, c) = (p(0.0, 0.0), p(100.0, 10.0), p(5.0, 5.0));
        assert_eq!(drop_retraces(&[a, b, a, b, a, b, c], 0.1), [a, b, c]);
        assert_eq!(drop_retraces(&[a, a, b, b, c], 0.1), [a, b, c]);
        // A tooth that shows (a tenth of a point apart) stays.
        let a2 = p(0.0, 0.1);
        assert_eq!(drop_retraces(&[a, b, a2, b], 0.1), [a, b, a2, b]);
        // A sawtooth of 100,000 teeth over 10 points of height: ~200 segments.
        let saw: Vec<Pos2> = (0..100_000)
            .flat_map(|k| {
                let y = k as f32 * 0.0001;
                [p(0.0, y), p(600.0, y + 60.0)]
            })
            .collect();
        assert!(
            drop_retraces(&saw, 0.1).len() < 300,
            "{}",
            drop_retraces(&saw, 0.1).len()
        );
    }

    #[test]
    fn culling_keeps_what_shows_and_drops_what_cannot() {
        let b = epaint::Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(100.0, 100.0));
        // A star-shaped ring of 2 000 vertices wandering far beyond every side of `b`.
        let mut seed = 7_u32;
        let mut rand = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 8) as f32 / (1 << 24) as f32
        };
        let ring: Vec<Pos2> = (0..2_000)
            .map(|k| {
                let a = k as f32 / 2_000.0 * std::f32::consts::TAU;
                let r = 20.0 + 400.0 * rand();
                Pos2::new(50.0 + r * a.cos(), 50.0 + r * a.sin())
            })
            .collect();
        let culled = cull(&ring, b);
        assert!(
            culled.len() < ring.len() / 2,
            "{} of {}",
            culled.len(),
            ring.len()
        );
        assert_eq!(culled.first(), ring.first());
        assert_eq!(culled.last(), ring.last());
        for x in 0..=50 {
            for y in 0..=50 {
                let p = Pos2::new(x as f32 * 2.0 + 0.01, y as f32 * 2.0 + 0.013);
                assert_eq!(inside(&ring, p), inside(&culled, p), "at {p:?}");
            }
        }
        // Every vertex inside `b` is kept.
        let kept = ring.iter().filter(|p| b.contains(**p)).count();
        assert_eq!(kept, culled.iter().filter(|p| b.contains(**p)).count());
    }

    #[test]
    fn a_country_around_the_whole_view_still_fills_it() {
        let b = epaint::Rect::from_min_max(Pos2::new(0.0, 0.0), Pos2::new(100.0, 100.0));
        // Every vertex far outside, the ring going once around `b` (a large country seen
        // from inside): its corners are kept, so the view stays filled.
        let ring: Vec<Pos2> = (0..=720)
            .map(|k| {
                let a = k as f32 / 720.0 * std::f32::consts::TAU;
                let r = 300.0 + 50.0 * (7.0 * a).sin();
                Pos2::new(50.0 + r * a.cos(), 50.0 + r * a.sin())
            })
            .collect();
        let culled = cull(&ring, b);
        assert!(culled.len() <= 12, "{} vertices kept", culled.len());
        for x in 0..=10 {
            for y in 0..=10 {
                let p = Pos2::new(x as f32 * 10.0 + 0.3, y as f32 * 10.0 + 0.7);
                assert!(inside(&culled, p), "{p:?} is no longer filled");
            }
        }
        // And one wholly beyond one side collapses to its ends, filling nothing inside.
        let left: Vec<Pos2> = ring.iter().map(|p| Pos2::new(p.x - 2_000.0, p.y)).collect();
        assert_eq!(cull(&left, b).len(), 2);
    }
}
