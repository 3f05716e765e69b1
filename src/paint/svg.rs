//! The slide painter: the draw list as SVG. Text is written glyph by glyph at the positions
//! the composer's layout gave them, so the slide shows the labels exactly where they were
//! placed (no text layout is left to the SVG renderer).

use std::fmt::Write as _;

use egui::{Color32, Pos2, Stroke};

use crate::compose::{DrawList, Item};
use crate::render::features::polygon_points;

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
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
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
            other => item_svg(out, other, &mut paths, clips),
        }
    }
    if open_group {
        out.push_str("</g>\n");
    }
}

/// Path data of cached lines already written in this map (by the lines' address and the
/// map): a country's fill and its border share one.
#[derive(Default)]
struct PathMemo(std::collections::HashMap<(usize, usize), String>);

impl PathMemo {
    fn data(
        &mut self,
        lines: &crate::render::mesh::LineMesh,
        view: &crate::compose::WorldView,
        map: usize,
    ) -> &str {
        let key = (std::ptr::from_ref(lines) as usize, map);
        self.0.entry(key).or_insert_with(|| {
            let mut d = String::new();
            path_data(&mut d, &lines.screen_polylines(&view.t), false);
            d
        })
    }
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
        Item::Clip(_) => {}
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
        let text: String = placed
            .row
            .text()
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
