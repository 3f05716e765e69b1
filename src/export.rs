//! Slides: the map of a view or a scene as SVG, with its legend, caption, "as of" stamp and a
//! footnote citing the articles behind what is in view; and as PNG, by rasterising that SVG
//! on the CPU (resvg), so the app and `casa export` need no window and no GPU.
//!
//! Slides are laid out on a canvas 1920 points wide whatever their size, so a 3840×2160
//! slide is the 1920×1080 one at twice the resolution.

use std::fmt::Write as _;
use std::path::Path;

use egui::{Color32, Pos2, Rect, Vec2};

use crate::camera::Camera;
use crate::corpus::Corpus;
use crate::data::user_layer::UserLayer;
use crate::layers::{LayerState, MembershipMark, Visibility, membership_marks};
use crate::model::{Atlas, CountryRole, Source};
use crate::projection::WorldPoint;
use crate::render::features::{FeatureGeometries, glyph_of, polygon_points};
use crate::render::legend::{LegendItem, Swatch, legend};
use crate::render::mesh::ScreenTransform;
use crate::render::style::{ORGANISATION_ANGLES, Palette, sizes, status_pattern};
use crate::render::{MapGeometry, WaterGeometry, WorldBounds, lod_for};
use crate::scenes::Target;

/// The width of the layout canvas, in points.
const CANVAS_WIDTH: f32 = 1920.0;
/// The font stack of the slides (Ubuntu is embedded for the PNG).
const FONT: &str = "Ubuntu, 'Helvetica Neue', Arial, sans-serif";
/// Why a slide could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output's extension is neither .png nor .svg.
    #[error("{0}: the file name must end in .png or .svg")]
    Format(String),
    /// The size is unusable.
    #[error("a slide must be between 320×180 and 7680×4320 pixels (got {0}×{1})")]
    Size(u32, u32),
    /// Rasterising failed.
    #[error("could not draw the slide: {0}")]
    Render(String),
    /// Writing failed.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// Everything a slide shows.
pub struct Slide<'a> {
    /// The atlas.
    pub atlas: &'a Atlas,
    /// The articles, for the footnote.
    pub corpus: &'a Corpus,
    /// The projected, simplified borders.
    pub geometry: &'a MapGeometry,
    /// The features' geometry.
    pub features: &'a FeatureGeometries,
    /// Countries' outlines for hatching.
    pub hatch_outlines: &'a [Vec<Vec<WorldPoint>>],
    /// Each feature's map label.
    pub labels: &'a [String],
    /// Each country's map label.
    pub country_labels: &'a [String],
    /// Countries in label priority order.
    pub label_order: &'a [usize],
    /// Colours.
    pub palette: &'a Palette,
    /// Whether to draw the graticule.
    pub graticule: bool,
    /// The area to show: west, south, east, north (degrees), fitted to the map area.
    pub view: [f64; 4],
    /// One side, or two to compare (left, right).
    pub sides: Vec<LayerState>,
    /// What is selected.
    pub selected: Option<Target>,
    /// The scene's title, if any.
    pub title: Option<String>,
    /// The caption, if any.
    pub caption: Option<String>,
    /// The caption's sources, cited under it.
    pub cite: Option<String>,
    /// Extra layers from files.
    pub extra: Vec<&'a UserLayer>,
    /// Output size in pixels.
    pub size: [u32; 2],
}

impl Slide<'_> {
    /// The logical canvas size (the SVG's viewBox; its width and height are the pixels).
    fn canvas(&self) -> Vec2 {
        let [w, h] = self.size;
        Vec2::new(CANVAS_WIDTH, h as f32 * CANVAS_WIDTH / w as f32)
    }
}

/// Checks a slide size.
pub fn check_size([w, h]: [u32; 2]) -> Result<(), ExportError> {
    if (320..=7680).contains(&w) && (180..=4320).contains(&h) {
        Ok(())
    } else {
        Err(ExportError::Size(w, h))
    }
}

/// Writes the slide to `path` as SVG or PNG, by the file's extension (atomically).
pub fn write(slide: &Slide<'_>, path: &Path) -> Result<(), ExportError> {
    check_size(slide.size)?;
    check_format(path)?;
    write_document(svg(slide), path)
}

/// Refuses an output that is neither .png nor .svg.
pub fn check_format(path: &Path) -> Result<(), ExportError> {
    match extension(path).as_deref() {
        Some("svg" | "png") => Ok(()),
        _ => Err(ExportError::Format(path.display().to_string())),
    }
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Writes a slide's SVG as it is, or rasterised to PNG, by the extension (atomically). Owns
/// its input so that it can run on a worker thread while the window stays live.
pub fn write_document(svg_text: String, path: &Path) -> Result<(), ExportError> {
    let bytes = match extension(path).as_deref() {
        Some("svg") => svg_text.into_bytes(),
        Some("png") => png(&svg_text)?,
        _ => return Err(ExportError::Format(path.display().to_string())),
    };
    crate::persist::write_atomic(path, &bytes)
        .map_err(|e| ExportError::Io(path.display().to_string(), e))
}

/// Rasterises an SVG (as [`svg`] writes it) to PNG bytes, with egui's embedded typeface.
pub fn png(svg: &str) -> Result<Vec<u8>, ExportError> {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    let db = options.fontdb_mut();
    db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    let family = db
        .faces()
        .next()
        .and_then(|f| f.families.first())
        .map(|f| f.0.clone());
    if let Some(family) = family {
        db.set_sans_serif_family(family);
    }
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Render(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| ExportError::Render("the slide has no area".into()))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))
}

/// `#rrggbb` and the opacity of a colour.
fn paint(c: Color32) -> (String, f32) {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    (format!("#{r:02x}{g:02x}{b:02x}"), f32::from(a) / 255.0)
}

fn fill_attr(c: Color32) -> String {
    let (hex, a) = paint(c);
    if a < 1.0 {
        format!(r#"fill="{hex}" fill-opacity="{a:.3}""#)
    } else {
        format!(r#"fill="{hex}""#)
    }
}

fn stroke_attr(c: Color32, width: f32) -> String {
    let (hex, a) = paint(c);
    if a < 1.0 {
        format!(r#"stroke="{hex}" stroke-opacity="{a:.3}" stroke-width="{width:.2}""#)
    } else {
        format!(r#"stroke="{hex}" stroke-width="{width:.2}""#)
    }
}

/// Escapes text for XML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
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

/// An estimate of a text's width: the slides' layout needs no font metrics, so a
/// generous average advance keeps labels apart.
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.56
}

/// Greedy, priority-ordered label placement without overlaps.
struct Labels {
    placed: Vec<Rect>,
    bounds: Rect,
    out: String,
    halo: Color32,
}

impl Labels {
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        text: &str,
        at: Pos2,
        anchor: &str,
        size: f32,
        color: Color32,
        bold: bool,
    ) -> bool {
        let w = text_width(text, size);
        let h = size * 1.2;
        let left = match anchor {
            "start" => at.x,
            "end" => at.x - w,
            _ => at.x - w / 2.0,
        };
        let rect = Rect::from_min_size(Pos2::new(left, at.y - h / 2.0), Vec2::new(w, h));
        if !self.bounds.contains_rect(rect) || self.placed.iter().any(|r| r.intersects(rect)) {
            return false;
        }
        self.placed.push(rect.expand(2.0));
        let (halo, _) = paint(self.halo);
        let weight = if bold { r#" font-weight="bold""# } else { "" };
        let _ = writeln!(
            self.out,
            r#"<text x="{:.1}" y="{:.1}" font-size="{size:.1}" text-anchor="{anchor}" dominant-baseline="central"{weight} {} stroke="{halo}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            at.x,
            at.y,
            fill_attr(color),
            esc(text)
        );
        true
    }
}

/// What one side drew: the features in view (for the legend and the footnote).
struct SideOutput {
    shown: Vec<usize>,
    marks: Vec<MembershipMark>,
}

/// The slide as an SVG document.
pub fn svg(slide: &Slide<'_>) -> String {
    let canvas = slide.canvas();
    let palette = slide.palette;
    let caption_lines = slide
        .caption
        .as_deref()
        .map_or(Vec::new(), |c| wrap(c, 26.0, canvas.x - 64.0));
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {:.1} {:.1}" font-family="{FONT}">"#,
        slide.size[0], slide.size[1], canvas.x, canvas.y
    );
    let _ = writeln!(
        out,
        "<title>{}</title>",
        esc(slide
            .title
            .as_deref()
            .unwrap_or("CASA — Central Asia Security Atlas"))
    );
    let mut defs = String::new();

    // The footnote is laid out first: its length decides the caption bar's height.
    let sides = if slide.sides.is_empty() {
        vec![LayerState::default()]
    } else {
        slide.sides.clone()
    };
    let footnote_size = 13.0;
    let title_h = if slide.title.is_some() { 40.0 } else { 0.0 };
    let caption_h = caption_lines.len() as f32 * 32.0;
    let cite_h = if slide.cite.is_some() { 22.0 } else { 0.0 };
    // The map is drawn before the footnote is known; reserve room for up to six lines.
    let footnote_room = 6.0 * footnote_size * 1.35;
    let bar_h = 24.0 + title_h + caption_h + cite_h + footnote_room + 16.0;
    let map = Rect::from_min_size(Pos2::ZERO, Vec2::new(canvas.x, canvas.y - bar_h));
    let n = sides.len() as f32;
    let side_w = map.width() / n;
    let camera = Camera::fit(
        &slide.geometry.projection,
        slide.view,
        Vec2::new(side_w, map.height()),
    );
    let mut outputs = Vec::new();
    for (k, side) in sides.iter().enumerate() {
        let rect = Rect::from_min_size(
            Pos2::new(map.left() + k as f32 * side_w, map.top()),
            Vec2::new(side_w, map.height()),
        );
        let _ = writeln!(
            defs,
            r#"<clipPath id="side{k}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/></clipPath>"#,
            rect.left(),
            rect.top(),
            rect.width(),
            rect.height()
        );
        let _ = writeln!(out, r#"<g clip-path="url(#side{k})">"#);
        outputs.push(draw_side(
            &mut out, &mut defs, slide, side, &camera, rect, k,
        ));
        out.push_str("</g>\n");
        if k > 0 {
            let _ = writeln!(
                out,
                r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" {}/>"#,
                rect.top(),
                rect.bottom(),
                stroke_attr(palette.label, 3.0),
                x = rect.left()
            );
        }
    }

    // The legend, top right of the map.
    let mut shown: Vec<usize> = outputs.iter().flat_map(|o| o.shown.clone()).collect();
    shown.sort_unstable();
    shown.dedup();
    let mut marks: Vec<MembershipMark> = Vec::new();
    for o in &outputs {
        for m in &o.marks {
            if !marks
                .iter()
                .any(|x| x.organisation == m.organisation && x.status == m.status)
            {
                marks.push(m.clone());
            }
        }
    }
    marks.sort_by_key(|m| m.organisation);
    let mut items = legend(slide.atlas, palette, shown.iter().copied(), &marks);
    for (n, layer) in slide.extra.iter().enumerate() {
        items.push(LegendItem {
            swatch: Swatch::Colour(palette.imported(n)),
            label: format!("{} (file)", layer.name),
        });
    }
    draw_legend(&mut out, &mut defs, palette, &items, map);

    // The caption bar: title, caption, its sources, and the footnote.
    let bar = Rect::from_min_max(Pos2::new(0.0, map.bottom()), Pos2::new(canvas.x, canvas.y));
    let _ = writeln!(
        out,
        r#"<rect x="0" y="{:.1}" width="{:.1}" height="{:.1}" {}/>"#,
        bar.top(),
        bar.width(),
        bar.height(),
        fill_attr(palette.panel.to_opaque())
    );
    let mut y = bar.top() + 20.0;
    if let Some(title) = &slide.title {
        y += 14.0;
        let _ = writeln!(
            out,
            r#"<text x="32" y="{y:.1}" font-size="30" font-weight="bold" {}>{}</text>"#,
            fill_attr(palette.label),
            esc(title)
        );
        y += 26.0;
    }
    for line in &caption_lines {
        y += 10.0;
        let _ = writeln!(
            out,
            r#"<text x="32" y="{y:.1}" font-size="26" {}>{}</text>"#,
            fill_attr(palette.label),
            esc(line)
        );
        y += 22.0;
    }
    if let Some(cite) = &slide.cite {
        y += 6.0;
        let _ = writeln!(
            out,
            r#"<text x="32" y="{y:.1}" font-size="15" font-style="italic" {}>{}</text>"#,
            fill_attr(palette.label_minor),
            esc(&format!("Source: {cite}"))
        );
        y += 16.0;
    }
    let lines: Vec<String> = footnote(slide, &shown, &sides)
        .iter()
        .flat_map(|entry| wrap(entry, footnote_size, canvas.x - 64.0))
        .collect();
    for line in lines.iter().take(6) {
        y += footnote_size * 1.35;
        let _ = writeln!(
            out,
            r#"<text x="32" y="{y:.1}" font-size="{footnote_size}" {}>{}</text>"#,
            fill_attr(palette.label_minor),
            esc(line)
        );
    }
    let _ = writeln!(out, "<defs>\n{defs}</defs>");
    out.push_str("</svg>\n");
    out
}

/// Draws one side's map into `rect`; returns what it showed.
fn draw_side(
    out: &mut String,
    defs: &mut String,
    slide: &Slide<'_>,
    layers: &LayerState,
    camera: &Camera,
    rect: Rect,
    k: usize,
) -> SideOutput {
    let palette = slide.palette;
    let t = ScreenTransform::new(camera, rect);
    let lod = lod_for(camera.metres_per_point);
    let (lo, hi) = camera.visible_world(rect);
    let visible = WorldBounds { min: lo, max: hi };
    let visibility: Vec<Visibility> = slide
        .atlas
        .features
        .iter()
        .map(|f| layers.visibility(f))
        .collect();
    let marks = membership_marks(slide.atlas, layers);
    let selected_country = match slide.selected {
        Some(Target::Country(i)) => Some(i),
        _ => None,
    };
    let selected_feature = match slide.selected {
        Some(Target::Feature(i)) => Some(i),
        _ => None,
    };

    let _ = writeln!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" {}/>"#,
        rect.left(),
        rect.top(),
        rect.width(),
        rect.height(),
        fill_attr(palette.water)
    );
    // Countries: fills, then (after water and hatching) borders.
    let mut outlines: Vec<(usize, String)> = Vec::new();
    out.push_str("<g fill-rule=\"evenodd\" stroke=\"none\">\n");
    for (i, (country, g)) in slide
        .atlas
        .countries
        .iter()
        .zip(&slide.geometry.countries)
        .enumerate()
    {
        if !g.bounds.intersects(&visible) {
            continue;
        }
        let mut d = String::new();
        path_data(&mut d, &g.lod(lod).outline.screen_polylines(&t), true);
        let _ = writeln!(
            out,
            r#"<path d="{d}" {}/>"#,
            fill_attr(palette.country_fill(country))
        );
        outlines.push((i, d));
    }
    out.push_str("</g>\n");
    for w in &slide.geometry.water {
        match w {
            WaterGeometry::Area { bounds, lods, .. } if bounds.intersects(&visible) => {
                if let Some(level) = lods.get(lod) {
                    let mut d = String::new();
                    path_data(&mut d, &level.outline.screen_polylines(&t), true);
                    let _ = writeln!(
                        out,
                        r#"<path d="{d}" fill-rule="evenodd" {} {}/>"#,
                        fill_attr(palette.water),
                        stroke_attr(palette.shore, sizes::SHORE_WIDTH)
                    );
                }
            }
            WaterGeometry::Lines { bounds, lods, .. } if bounds.intersects(&visible) => {
                if let Some(level) = lods.get(lod) {
                    let mut d = String::new();
                    path_data(&mut d, &level.screen_polylines(&t), false);
                    let _ = writeln!(
                        out,
                        r#"<path d="{d}" fill="none" {}/>"#,
                        stroke_attr(palette.river, sizes::RIVER_WIDTH)
                    );
                }
            }
            _ => {}
        }
    }
    // Membership hatching: a pattern per organisation and status.
    let mut orgs: Vec<usize> = marks.iter().map(|m| m.organisation).collect();
    orgs.dedup();
    for m in &marks {
        let Some(rings) = slide.hatch_outlines.get(m.country) else {
            continue;
        };
        if !slide
            .geometry
            .countries
            .get(m.country)
            .is_some_and(|g| g.bounds.intersects(&visible))
        {
            continue;
        }
        let slot = orgs.iter().position(|o| *o == m.organisation).unwrap_or(0);
        let id = format!(
            "h{k}-{}-{}",
            m.organisation,
            m.status.label().replace(' ', "-")
        );
        if !defs.contains(&format!("id=\"{id}\"")) {
            let p = status_pattern(m.status);
            let angle = ORGANISATION_ANGLES[slot % ORGANISATION_ANGLES.len()].to_degrees();
            let color = palette.organisation(m.organisation).gamma_multiply(p.alpha);
            let dash = if p.gap > 0.0 {
                format!(r#" stroke-dasharray="{} {}""#, p.dash, p.gap)
            } else {
                String::new()
            };
            let height = if p.gap > 0.0 {
                p.dash + p.gap
            } else {
                p.spacing
            };
            let _ = writeln!(
                defs,
                r#"<pattern id="{id}" patternUnits="userSpaceOnUse" width="{:.1}" height="{height:.1}" patternTransform="rotate({:.1}) translate({:.1} 0)"><line x1="0" y1="0" x2="0" y2="{height:.1}" {}{dash}/></pattern>"#,
                p.spacing,
                angle + 90.0,
                slot as f32 * sizes::HATCH_SPACING / 3.0,
                stroke_attr(color, p.width * 2.0)
            );
        }
        let screen: Vec<Vec<Pos2>> = rings
            .iter()
            .map(|r| r.iter().map(|p| t.apply(*p)).collect())
            .collect();
        let mut d = String::new();
        path_data(&mut d, &screen, true);
        let _ = writeln!(
            out,
            r#"<path d="{d}" fill="url(#{id})" fill-rule="evenodd"/>"#
        );
    }
    // Borders, the five states' on top, the selected country's over all.
    let mut ordered = outlines.clone();
    ordered.sort_by_key(|(i, _)| match slide.atlas.countries[*i].role {
        CountryRole::Focus => 1,
        CountryRole::Leased => 2,
        _ => 0,
    });
    for (i, d) in &ordered {
        let (width, color) = match slide.atlas.countries[*i].role {
            CountryRole::Focus => (sizes::FOCUS_BORDER_WIDTH, palette.focus_border),
            CountryRole::Leased => (sizes::LEASED_BORDER_WIDTH, palette.leased_border),
            _ => (sizes::BORDER_WIDTH, palette.border),
        };
        let _ = writeln!(
            out,
            r#"<path d="{d}" fill="none" stroke-linejoin="round" {}/>"#,
            stroke_attr(color, width)
        );
    }
    if slide.graticule {
        let mut d = String::new();
        path_data(
            &mut d,
            &slide.geometry.graticule.major.screen_polylines(&t),
            false,
        );
        let _ = writeln!(
            out,
            r#"<path d="{d}" fill="none" {}/>"#,
            stroke_attr(palette.graticule, sizes::GRATICULE_WIDTH)
        );
    }
    if let Some((_, d)) = outlines.iter().find(|(i, _)| Some(*i) == selected_country) {
        let _ = writeln!(
            out,
            r#"<path d="{d}" fill="none" stroke-linejoin="round" {}/>"#,
            stroke_attr(palette.selection, sizes::SELECTION_WIDTH)
        );
    }

    // Regions and routes.
    let mut shown = Vec::new();
    let mut shaped: Vec<usize> = slide.features.areal.clone();
    shaped.extend(&slide.features.lined);
    for &i in &shaped {
        let (Some(f), Some(g)) = (slide.atlas.features.get(i), slide.features.features.get(i))
        else {
            continue;
        };
        let vis = visibility[i];
        if vis == Visibility::Hidden || !g.bounds.intersects(&visible) {
            continue;
        }
        shown.push(i);
        let fade = |c: Color32| {
            if vis == Visibility::Faded {
                c.gamma_multiply(0.35)
            } else {
                c
            }
        };
        let emphasis = selected_feature == Some(i);
        if let Some((_, polys, _)) = &g.area {
            let rings: Vec<Vec<Pos2>> = polys
                .iter()
                .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                .map(|r| {
                    r.0.iter()
                        .map(|c| t.apply(WorldPoint::new(c.x, c.y)))
                        .collect()
                })
                .collect();
            let mut d = String::new();
            path_data(&mut d, &rings, true);
            let tint = palette
                .region
                .gamma_multiply(if emphasis { 0.3 } else { 0.14 });
            let width = if emphasis {
                sizes::REGION_WIDTH * 1.6
            } else {
                sizes::REGION_WIDTH
            };
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill-rule="evenodd" {} {} stroke-dasharray="8 4"/>"#,
                fill_attr(tint),
                stroke_attr(fade(palette.region), width)
            );
        }
        if let Some((_, lines)) = &g.lines {
            let screen: Vec<Vec<Pos2>> = lines
                .iter()
                .map(|l| l.iter().map(|p| t.apply(*p)).collect())
                .collect();
            let mut d = String::new();
            path_data(&mut d, &screen, false);
            let width = if emphasis {
                sizes::ROUTE_WIDTH * 1.7
            } else {
                sizes::ROUTE_WIDTH
            };
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill="none" stroke-linecap="round" stroke-linejoin="round" {}/>"#,
                stroke_attr(palette.symbol_outline, width + 2.4)
            );
            let _ = writeln!(
                out,
                r#"<path d="{d}" fill="none" stroke-linecap="round" stroke-linejoin="round" {}/>"#,
                stroke_attr(fade(palette.actor(f.actor)), width)
            );
        }
    }

    // Extra layers from files.
    for (n, layer) in slide.extra.iter().enumerate() {
        let color = palette.imported(n);
        let project =
            |ll: &crate::projection::LonLat| t.apply(slide.geometry.projection.project(*ll));
        for f in &layer.features {
            for poly in &f.polygons {
                let rings: Vec<Vec<Pos2>> = poly
                    .iter()
                    .map(|r| r.iter().map(project).collect())
                    .collect();
                let mut d = String::new();
                path_data(&mut d, &rings, true);
                let _ = writeln!(
                    out,
                    r#"<path d="{d}" fill-rule="evenodd" {} {}/>"#,
                    fill_attr(color.gamma_multiply(0.25)),
                    stroke_attr(color, 1.6)
                );
            }
            if !f.lines.is_empty() {
                let lines: Vec<Vec<Pos2>> = f
                    .lines
                    .iter()
                    .map(|l| l.iter().map(project).collect())
                    .collect();
                let mut d = String::new();
                path_data(&mut d, &lines, false);
                let _ = writeln!(
                    out,
                    r#"<path d="{d}" fill="none" {}/>"#,
                    stroke_attr(color, 2.2)
                );
            }
            for p in f.points.iter().map(project).filter(|p| rect.contains(*p)) {
                let _ = writeln!(
                    out,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="5" {} {}/>"#,
                    p.x,
                    p.y,
                    fill_attr(color),
                    stroke_attr(palette.symbol_outline, 1.2)
                );
            }
        }
    }

    // Symbols, decluttered to one per 15-point cell, most important first.
    const CELL: f32 = 15.0;
    let cols = (rect.width() / CELL).ceil().max(1.0) as usize;
    let rows = (rect.height() / CELL).ceil().max(1.0) as usize;
    let mut taken = vec![false; cols * rows];
    let mut drawn: Vec<(usize, Rect)> = Vec::new();
    let first = selected_feature
        .and_then(|i| slide.features.features.get(i).map(|g| (i, g)))
        .into_iter()
        .flat_map(|(i, g)| g.points.iter().map(move |p| (*p, i as u32)));
    let rest = slide
        .features
        .points_by_priority
        .iter()
        .copied()
        .filter(|(_, i)| Some(*i as usize) != selected_feature);
    let mut symbols = String::new();
    for (w, i) in first.chain(rest) {
        let i = i as usize;
        let Some(&vis) = visibility.get(i) else {
            continue;
        };
        if vis == Visibility::Hidden {
            continue;
        }
        let p = t.apply(w);
        if !rect.contains(p) {
            continue;
        }
        let emphasis = selected_feature == Some(i);
        if !emphasis {
            let col = ((p.x - rect.left()) / CELL) as usize;
            let row = ((p.y - rect.top()) / CELL) as usize;
            match taken.get_mut(row * cols + col.min(cols - 1)) {
                Some(slot) if *slot => continue,
                Some(slot) => *slot = true,
                None => {}
            }
        }
        let Some(f) = slide.atlas.features.get(i) else {
            continue;
        };
        let (glyph, hollow, size) = glyph_of(f.kind);
        let r = sizes::SYMBOL_RADIUS * size * if emphasis { 1.35 } else { 1.0 } * 1.15;
        let mut color = palette.actor(f.actor);
        if vis == Visibility::Faded {
            color = color.gamma_multiply(0.35);
        }
        match f.precision {
            crate::model::Precision::Exact => {}
            crate::model::Precision::Approximate => {
                let _ = writeln!(
                    symbols,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="none" {} stroke-dasharray="3 3"/>"#,
                    p.x,
                    p.y,
                    r + 5.0,
                    stroke_attr(color, 1.4)
                );
            }
            crate::model::Precision::Region => {
                let _ = writeln!(
                    symbols,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" {} {} stroke-dasharray="3 3"/>"#,
                    p.x,
                    p.y,
                    r + 13.0,
                    fill_attr(color.gamma_multiply(0.16)),
                    stroke_attr(color, 1.4)
                );
            }
        }
        if emphasis {
            let _ = writeln!(
                symbols,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="none" {}/><circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="none" {}/>"#,
                p.x,
                p.y,
                r + 5.0,
                stroke_attr(palette.halo, 5.0),
                p.x,
                p.y,
                r + 5.0,
                stroke_attr(palette.selection, 2.5)
            );
        }
        let pts = polygon_points(glyph, p, r);
        let points: Vec<String> = pts
            .iter()
            .map(|q| format!("{:.1},{:.1}", q.x, q.y))
            .collect();
        let fill = if hollow {
            fill_attr(palette.halo)
        } else {
            fill_attr(color)
        };
        let stroke = if hollow {
            stroke_attr(color, 2.2)
        } else {
            stroke_attr(palette.symbol_outline, 1.3)
        };
        let _ = writeln!(
            symbols,
            r#"<polygon points="{}" {fill} {stroke} stroke-linejoin="round"/>"#,
            points.join(" ")
        );
        drawn.push((i, Rect::from_center_size(p, Vec2::splat(2.0 * r + 6.0))));
        shown.push(i);
    }
    out.push_str(&symbols);

    // Labels: the year stamp's corner kept clear, capitals, countries, then features.
    let mut labels = Labels {
        placed: vec![Rect::from_min_size(rect.min, Vec2::new(260.0, 70.0))],
        bounds: rect.shrink(6.0),
        out: String::new(),
        halo: palette.halo,
    };
    if k + 1 == slide.sides.len().max(1) {
        // The legend's corner, top right of the last side.
        labels.placed.push(Rect::from_min_size(
            Pos2::new(rect.right() - 330.0, rect.top()),
            Vec2::new(330.0, 300.0),
        ));
    }
    for (place, w) in slide.atlas.places.iter().zip(&slide.geometry.places) {
        let p = t.apply(*w);
        if rect.shrink(8.0).contains(p) {
            let _ = writeln!(
                out,
                r#"<circle cx="{:.1}" cy="{:.1}" r="{}" {} {}/>"#,
                p.x,
                p.y,
                sizes::CAPITAL_RADIUS + 0.5,
                fill_attr(palette.capital),
                stroke_attr(palette.halo, 1.5)
            );
            labels
                .placed
                .push(Rect::from_center_size(p, Vec2::splat(8.0)));
            let _ = labels.place(
                &place.name,
                p + Vec2::new(6.0, -9.0),
                "start",
                13.0,
                palette.label_minor,
                false,
            );
        }
    }
    let inner = rect.shrink(24.0);
    let ppm = camera.points_per_metre();
    for &i in slide.label_order {
        let (Some(country), Some(g)) = (
            slide.atlas.countries.get(i),
            slide.geometry.countries.get(i),
        ) else {
            continue;
        };
        let text = slide.country_labels.get(i).map_or("", String::as_str);
        for c in g
            .label_candidates()
            .iter()
            .filter(|c| inner.contains(t.apply(c.at)))
            .take(4)
        {
            let room = (c.clearance_m * ppm) as f32;
            // A little larger than on screen: slides are read from further away.
            let (size, color) = crate::render::style::country_label(country.role, room, palette);
            let size = size + 2.0;
            let bold = country.role == CountryRole::Focus;
            if text_width(text, size) > room * 4.0 && country.role != CountryRole::Focus {
                break;
            }
            if labels.place(text, t.apply(c.at), "middle", size, color, bold) {
                break;
            }
        }
    }
    // Feature labels keep clear of every symbol.
    for (_, r) in &drawn {
        labels.placed.push(*r);
    }
    for (i, r) in &drawn {
        let Some(text) = slide.labels.get(*i) else {
            continue;
        };
        let right = Pos2::new(r.right() + 2.0, r.center().y);
        let left = Pos2::new(r.left() - 2.0, r.center().y);
        if !labels.place(text, right, "start", 14.0, palette.label, false) {
            let _ = labels.place(text, left, "end", 14.0, palette.label, false);
        }
    }
    for &i in &shaped {
        if visibility[i] == Visibility::Hidden {
            continue;
        }
        let (Some(g), Some(text)) = (slide.features.features.get(i), slide.labels.get(i)) else {
            continue;
        };
        let p = t.apply(g.anchor);
        if rect.contains(p) {
            let color = if g.area.is_some() {
                palette.region
            } else {
                palette.label
            };
            let _ = labels.place(text, p, "middle", 14.0, color, false);
        }
    }
    out.push_str(&labels.out);

    // The "as of" stamp.
    let stamp = match layers.year {
        Some(year) => format!("As of {year}"),
        None => "All years".to_owned(),
    };
    let at = rect.left_top() + Vec2::new(20.0, 18.0);
    let w = text_width(&stamp, 30.0) + 20.0;
    let _ = writeln!(
        out,
        r#"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="48" rx="6" {}/><text x="{:.1}" y="{:.1}" font-size="30" dominant-baseline="central" {}>{}</text>"#,
        at.x,
        at.y,
        fill_attr(palette.panel),
        at.x + 10.0,
        at.y + 24.0,
        fill_attr(palette.label),
        esc(&stamp)
    );
    SideOutput { shown, marks }
}

/// The legend box in the top-right corner of the map: the actors' colours as chips, then
/// one line per symbol, line, tint and hatching.
fn draw_legend(
    out: &mut String,
    defs: &mut String,
    palette: &Palette,
    items: &[LegendItem],
    map: Rect,
) {
    if items.is_empty() {
        return;
    }
    let row = 24.0;
    let (chips, rows): (Vec<&LegendItem>, Vec<&LegendItem>) = items
        .iter()
        .partition(|i| matches!(i.swatch, Swatch::Colour(_)));
    let width = rows
        .iter()
        .map(|i| text_width(&i.label, 15.0) * 0.92 + 60.0)
        .fold(300.0, f32::max)
        .min(520.0);
    let (chip_at, chip_lines) = crate::render::legend::chip_lines(
        chips
            .iter()
            .map(|c| 22.0 + text_width(&c.label, 15.0) * 0.92 + 14.0),
        width - 24.0,
    );
    let max_rows = ((map.height() - 60.0) / row) as usize;
    let shown: Vec<&LegendItem> = rows
        .into_iter()
        .take(max_rows.saturating_sub(chip_lines))
        .collect();
    let height = 40.0 + (chip_lines + shown.len()) as f32 * row;
    let origin = Pos2::new(map.right() - width - 16.0, map.top() + 16.0);
    let _ = writeln!(
        out,
        r#"<g class="legend"><rect x="{:.1}" y="{:.1}" width="{width:.1}" height="{height:.1}" rx="6" {} {}/>"#,
        origin.x,
        origin.y,
        fill_attr(palette.panel),
        stroke_attr(palette.border, 1.0)
    );
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" font-size="17" font-weight="bold" {}>Legend</text>"#,
        origin.x + 12.0,
        origin.y + 26.0,
        fill_attr(palette.label)
    );
    for (item, (x, line)) in chips.iter().zip(chip_at) {
        let y = origin.y + 40.0 + line as f32 * row + row / 2.0;
        if let Swatch::Colour(color) = item.swatch {
            let _ = writeln!(
                out,
                r#"<rect x="{:.1}" y="{:.1}" width="15" height="15" rx="3" {} {}/><text x="{:.1}" y="{y:.1}" font-size="15" dominant-baseline="central" {}>{}</text>"#,
                origin.x + 14.0 + x,
                y - 7.5,
                fill_attr(color),
                stroke_attr(palette.symbol_outline, 1.0),
                origin.x + 14.0 + x + 21.0,
                fill_attr(palette.label),
                esc(&item.label)
            );
        }
    }
    for (n, item) in shown.iter().enumerate() {
        let y = origin.y + 40.0 + (chip_lines + n) as f32 * row + row / 2.0;
        let c = Pos2::new(origin.x + 24.0, y);
        match item.swatch {
            Swatch::Glyph(glyph, hollow) => {
                let pts: Vec<String> = polygon_points(glyph, c, 7.0)
                    .iter()
                    .map(|q| format!("{:.1},{:.1}", q.x, q.y))
                    .collect();
                let (fill, stroke) = if hollow {
                    (
                        fill_attr(palette.halo),
                        stroke_attr(palette.label_minor, 2.0),
                    )
                } else {
                    (
                        fill_attr(palette.label_minor),
                        stroke_attr(palette.symbol_outline, 1.0),
                    )
                };
                let _ = writeln!(
                    out,
                    r#"<polygon points="{}" {fill} {stroke}/>"#,
                    pts.join(" ")
                );
            }
            Swatch::Colour(color) => {
                let _ = writeln!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="16" height="16" rx="3" {} {}/>"#,
                    c.x - 8.0,
                    c.y - 8.0,
                    fill_attr(color),
                    stroke_attr(palette.symbol_outline, 1.0)
                );
            }
            Swatch::Line(color) => {
                let _ = writeln!(
                    out,
                    r#"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" {} stroke-linecap="round"/>"#,
                    c.x - 10.0,
                    c.x + 10.0,
                    stroke_attr(color, 3.0)
                );
            }
            Swatch::Area(color) => {
                let _ = writeln!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="20" height="14" {} {} stroke-dasharray="4 2"/>"#,
                    c.x - 10.0,
                    c.y - 7.0,
                    fill_attr(color.gamma_multiply(0.2)),
                    stroke_attr(color, 1.5)
                );
            }
            Swatch::Hatch(color, angle) => {
                let id = format!("legend-hatch-{n}");
                let _ = writeln!(
                    defs,
                    r#"<pattern id="{id}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate({:.1})"><line x1="0" y1="0" x2="0" y2="6" {}/></pattern>"#,
                    angle.to_degrees() + 90.0,
                    stroke_attr(color, 2.5)
                );
                let _ = writeln!(
                    out,
                    r#"<rect x="{:.1}" y="{:.1}" width="20" height="16" fill="url(#{id})" {}/>"#,
                    c.x - 10.0,
                    c.y - 8.0,
                    stroke_attr(color, 1.0)
                );
            }
            Swatch::Ring(region) => {
                let fill = if region {
                    fill_attr(palette.label_minor.gamma_multiply(0.16))
                } else {
                    "fill=\"none\"".to_owned()
                };
                let _ = writeln!(
                    out,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="8" {fill} {} stroke-dasharray="3 3"/>"#,
                    c.x,
                    c.y,
                    stroke_attr(palette.label_minor, 1.4)
                );
            }
        }
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{y:.1}" font-size="15" dominant-baseline="central" {}>{}</text>"#,
            origin.x + 44.0,
            fill_attr(palette.label),
            esc(&item.label)
        );
    }
    out.push_str("</g>\n");
}

/// The footnote, one entry a line: the articles behind the features in view (and the
/// memberships shown), then the map data's origin.
fn footnote(slide: &Slide<'_>, shown: &[usize], sides: &[LayerState]) -> Vec<String> {
    let mut articles: Vec<usize> = Vec::new();
    let mut add = |sources: &[Source]| {
        for s in sources {
            if let Source::Quote { location, .. } = s
                && !articles.contains(&location.article)
            {
                articles.push(location.article);
            }
        }
    };
    for &i in shown {
        if let Some(f) = slide.atlas.features.get(i) {
            add(&f.sources);
        }
    }
    for side in sides {
        for m in membership_marks(slide.atlas, side) {
            let (Some(org), Some(country)) = (
                slide.atlas.organisations.get(m.organisation),
                slide.atlas.countries.get(m.country),
            ) else {
                continue;
            };
            if let Some(ms) = crate::model::status_in(
                &slide.atlas.memberships,
                &org.id,
                &country.id,
                side.membership_year(),
            ) {
                add(&ms.sources);
            }
        }
    }
    articles.sort_unstable();
    let mut lines: Vec<String> = articles
        .iter()
        .filter_map(|&a| slide.corpus.articles.get(a))
        .enumerate()
        .map(|(n, a)| format!("[{}] {}", n + 1, a.meta.citation()))
        .collect();
    lines.push(
        "Borders: Natural Earth (public domain); Albers equal-area projection. Made with CASA, the Central Asia Security Atlas."
            .to_owned(),
    );
    lines
}

/// Splits text into lines no wider than `width` at font `size` (estimated).
fn wrap(text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line = word.to_owned();
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_wrapped() {
        assert_eq!(esc("A & B <c> \"d\""), "A &amp; B &lt;c&gt; &quot;d&quot;");
        let lines = wrap("one two three four five six seven", 10.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "one two three four five six seven");
    }

    #[test]
    fn sizes_are_checked() {
        assert!(check_size([1920, 1080]).is_ok());
        assert!(check_size([3840, 2160]).is_ok());
        assert!(check_size([10, 1080]).is_err());
    }
}
