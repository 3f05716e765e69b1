//! Slides: the map of a view or a scene, composed by the same composer as the screen and
//! painted as SVG, with the legend in a column of its own, the caption band, the "as of"
//! stamps and a footnote citing the articles behind what is in view; and as PNG, by
//! rasterising that SVG on the CPU (resvg), so the app and `casa export` need no window and
//! no GPU.
//!
//! Slides are laid out on a canvas 1920 points wide whatever their size, so a 3840×2160
//! slide is the 1920×1080 one at twice the resolution.

use std::fmt::Write as _;
use std::path::Path;

use egui::{Pos2, Rect, Stroke, Vec2};

use crate::camera::Camera;
use crate::compose::legend::Legend;
use crate::compose::{
    DrawList, FrameCache, HeadlessText, ImportedView, Item, Selection, TextLayout, compose_map,
};
use crate::document::{Document, SideState};
use crate::layers::MembershipMark;
use crate::model::Source;
use crate::paint::svg::{FONT, esc, paint_list};
use crate::render::legend::{LegendItem, Swatch, legend};
use crate::render::style::Palette;
use crate::scenes::{Scene, Target};

/// The width of the layout canvas, in points.
const CANVAS_WIDTH: f32 = 1920.0;
/// The width of the legend's column, in points.
const LEGEND_COLUMN: f32 = 380.0;
/// The most footnote lines a slide shows.
const FOOTNOTE_LINES: usize = 8;
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
    /// The atlas, its articles and caches.
    pub doc: &'a Document,
    /// Colours.
    pub palette: &'a Palette,
    /// Whether to draw the graticule.
    pub graticule: bool,
    /// The area to show (west, south, east, north in degrees), fitted to each map.
    pub view: crate::camera::ViewBox,
    /// One side, or two to compare (left, right).
    pub sides: Vec<SideState>,
    /// What is selected.
    pub selection: Selection,
    /// Features whose labels the slide must show: what the scene is about.
    pub subjects: Vec<usize>,
    /// The scene's title, if any.
    pub title: Option<String>,
    /// The caption, if any.
    pub caption: Option<String>,
    /// The caption's sources, cited under it.
    pub cite: Option<String>,
    /// Where the record differs from what the caption's articles say (one line each).
    pub corrections: Vec<String>,
    /// Layers from files, in import order.
    pub imported: Vec<ImportedView<'a>>,
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

/// What a slide file is: by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlideFormat {
    /// A raster image (rasterised from the SVG).
    Png,
    /// The vector slide as it is.
    Svg,
}

impl SlideFormat {
    /// The format a file name asks for, by its extension (case-insensitive).
    pub fn of(path: &Path) -> Result<Self, ExportError> {
        match extension(path).as_deref() {
            Some("png") => Ok(Self::Png),
            Some("svg") => Ok(Self::Svg),
            _ => Err(ExportError::Format(path.display().to_string())),
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
        }
    }

    /// What a file dialog calls it.
    pub fn description(self) -> &'static str {
        match self {
            Self::Png => "PNG image",
            Self::Svg => "SVG image",
        }
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
    SlideFormat::of(path).map(|_| ())
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Writes a slide's SVG as it is, or rasterised to PNG, by the extension (atomically). Owns
/// its input so that it can run on a worker thread while the window stays live.
pub fn write_document(svg_text: String, path: &Path) -> Result<(), ExportError> {
    let bytes = match SlideFormat::of(path)? {
        SlideFormat::Svg => svg_text.into_bytes(),
        SlideFormat::Png => png(&svg_text)?,
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

/// The slide of a scene: its view, sides, selection, caption and sources.
pub fn scene_slide<'a>(
    doc: &'a Document,
    palette: &'a Palette,
    graticule: bool,
    scene: &Scene,
    imported: Vec<ImportedView<'a>>,
    size: [u32; 2],
) -> Slide<'a> {
    let mut sides = vec![SideState::new(&doc.atlas, scene.side().to_state())];
    sides.extend(
        scene
            .compare
            .as_ref()
            .map(|c| SideState::new(&doc.atlas, c.to_state())),
    );
    let selection = match scene.target(&doc.atlas) {
        Some(Target::Feature(i)) => Selection::Feature(i),
        Some(Target::Country(i)) => Selection::Country(i),
        None => Selection::None,
    };
    let subjects = doc.scene_subjects(&scene.caption, selection.feature());
    Slide {
        doc,
        palette,
        graticule,
        view: scene.view,
        sides,
        selection,
        subjects,
        title: Some(scene.name.clone()),
        caption: Some(scene.caption.clone()).filter(|c| !c.is_empty()),
        cite: scene_cite(scene, doc),
        corrections: scene_corrections(scene),
        imported,
        size,
    }
}

/// The slide of the Central Asia overview with every feature layer and the default
/// settings.
pub fn overview_slide<'a>(
    doc: &'a Document,
    palette: &'a Palette,
    graticule: bool,
    imported: Vec<ImportedView<'a>>,
    size: [u32; 2],
) -> Slide<'a> {
    Slide {
        doc,
        palette,
        graticule,
        view: crate::camera::HOME_BOUNDS,
        sides: vec![SideState::new(
            &doc.atlas,
            crate::layers::LayerState::default(),
        )],
        selection: Selection::None,
        subjects: Vec::new(),
        title: None,
        caption: None,
        cite: None,
        corrections: Vec::new(),
        imported,
        size,
    }
}

/// The sources a scene's caption cites, as one line (`None` if it cites none).
pub fn scene_cite(scene: &Scene, doc: &Document) -> Option<String> {
    Some(crate::scenes::cite_sources(scene, &doc.corpus)).filter(|c| !c.is_empty())
}

/// The record's corrections of a scene's caption, one short line each (the slide's
/// footnote and the presenter's caption bar).
pub fn scene_corrections(scene: &Scene) -> Vec<String> {
    scene
        .corrections
        .iter()
        // "† Caption, caption: …" reads as "† Caption: …".
        .map(|c| {
            c.footnote("Caption")
                .replacen("Caption, caption:", "Caption:", 1)
        })
        .collect()
}

/// The slide as an SVG document.
pub fn svg(slide: &Slide<'_>) -> String {
    let mut text = HeadlessText::new(slide.size[0] as f32 / CANVAS_WIDTH);
    let list = compose_slide(slide, &mut text);
    let canvas = slide.canvas();
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {:.1} {:.1}" font-family="{FONT}">"#,
        slide.size[0], slide.size[1], canvas.x, canvas.y
    );
    let title = slide
        .title
        .as_deref()
        .unwrap_or("CASA — Central Asia Security Atlas");
    let _ = writeln!(out, "<title>{}</title>", esc(title));
    if let Some(caption) = &slide.caption {
        let _ = writeln!(out, "<desc>{}</desc>", esc(caption));
    }
    paint_list(&mut out, &list);
    out.push_str("</svg>\n");
    out
}

/// What the maps of a slide showed: the features in view and the memberships hatched.
struct Shown {
    features: Vec<usize>,
    marks: Vec<MembershipMark>,
    drawn: Vec<Rect>,
}

/// The whole slide as one draw list: the maps side by side, the legend's column, the
/// caption band. The footnote's length decides the band's height, and what the maps show
/// decides the footnote, so the maps are composed again when the first guess was wrong.
pub fn compose_slide<'a>(slide: &'a Slide<'a>, text: &mut dyn TextLayout) -> DrawList<'a> {
    let canvas = slide.canvas();
    let band = CaptionBand::layout(slide, text, canvas.x);
    // Room for every footnote line first; then for just the lines needed (fewer lines
    // than room is harmless); if the taller maps then show more sources than that room
    // holds, back to every line, which the first pass showed is enough.
    let mut attempts = vec![FOOTNOTE_LINES];
    loop {
        let lines = attempts.last().copied().unwrap_or(FOOTNOTE_LINES);
        let band_h = band.height + lines as f32 * FOOTNOTE_SIZE * 1.35;
        let maps = Rect::from_min_size(
            Pos2::ZERO,
            Vec2::new(canvas.x - LEGEND_COLUMN, canvas.y - band_h),
        );
        let mut list = DrawList::default();
        let shown = compose_maps(slide, &mut list, maps, text);
        let notes = footnote_galleys(slide, &shown, text, canvas.x - 64.0);
        let need = notes.len().min(FOOTNOTE_LINES);
        let retry = match attempts.len() {
            1 if need < lines => Some(need),
            2 if need > lines => Some(FOOTNOTE_LINES),
            _ => None,
        };
        if let Some(next) = retry {
            attempts.push(next);
            continue;
        }
        let column = Rect::from_min_max(
            Pos2::new(maps.right(), 0.0),
            Pos2::new(canvas.x, maps.bottom()),
        );
        legend_column(slide, &mut list, column, &shown, text);
        band.compose(
            &mut list,
            slide.palette,
            Rect::from_min_max(Pos2::new(0.0, maps.bottom()), canvas.to_pos2()),
            notes.into_iter().take(lines),
        );
        return list;
    }
}

/// The maps side by side in `area` (one camera fitted to a side's rectangle), with a
/// divider between them.
fn compose_maps<'a>(
    slide: &'a Slide<'a>,
    list: &mut DrawList<'a>,
    area: Rect,
    text: &mut dyn TextLayout,
) -> Shown {
    let doc = slide.doc;
    let n = slide.sides.len().max(1) as f32;
    let side_w = area.width() / n;
    let camera = Camera::fit(
        &doc.geometry.projection,
        slide.view,
        Vec2::new(side_w, area.height()),
    );
    let mut shown = Shown {
        features: Vec::new(),
        marks: Vec::new(),
        drawn: Vec::new(),
    };
    for (k, side) in slide.sides.iter().enumerate() {
        let rect = Rect::from_min_size(
            Pos2::new(area.left() + k as f32 * side_w, area.top()),
            Vec2::new(side_w, area.height()),
        );
        let mut scene = doc.map_scene(
            side,
            slide.palette,
            slide.graticule,
            &slide.imported,
            slide.selection,
        );
        scene.subjects = &slide.subjects;
        scene.stamp_all_years = true;
        let composed = compose_map(&scene, &camera, rect, text, &mut FrameCache::default());
        list.items.extend(composed.list.items);
        shown
            .features
            .extend(composed.drawn.iter().filter(|d| !d.edge).map(|d| d.feature));
        shown.drawn.extend(composed.drawn.iter().map(|d| d.rect));
        for m in &side.marks {
            if !shown
                .marks
                .iter()
                .any(|x| x.organisation == m.organisation && x.status == m.status)
            {
                shown.marks.push(m.clone());
            }
        }
        if k > 0 {
            list.push(Item::Path {
                lines: vec![vec![rect.left_top(), rect.left_bottom()]],
                closed: false,
                stroke: Stroke::new(3.0, slide.palette.label),
                dash: None,
            });
        }
    }
    shown.features.sort_unstable();
    shown.features.dedup();
    shown.marks.sort_by_key(|m| m.organisation);
    shown
}

/// The legend in its own column right of the maps: it never covers them.
fn legend_column(
    slide: &Slide<'_>,
    list: &mut DrawList<'_>,
    column: Rect,
    shown: &Shown,
    text: &mut dyn TextLayout,
) {
    let palette = slide.palette;
    list.push(Item::Rect {
        rect: column,
        corner: 0.0,
        fill: palette.panel.to_opaque(),
        stroke: Stroke::NONE,
    });
    let mut items = legend(
        &slide.doc.atlas,
        palette,
        shown.features.iter().copied(),
        &shown.marks,
    );
    for (n, view) in slide.imported.iter().enumerate().filter(|(_, v)| v.visible) {
        let name = &view.layer.name;
        items.push(LegendItem {
            swatch: Swatch::Colour(palette.imported(n)),
            label: format!("{name} (file)"),
        });
    }
    let inner = column.shrink(16.0);
    if let Some(l) = Legend::layout(text, palette, &items, inner.height(), Some(inner.width())) {
        l.compose(list, inner.min, palette);
    }
}

/// The size of the footnote's text (points).
const FOOTNOTE_SIZE: f32 = 13.0;

/// The caption band's title, caption and citation, laid out.
struct CaptionBand {
    lines: Vec<(std::sync::Arc<egui::Galley>, egui::Color32, f32)>,
    height: f32,
}

impl CaptionBand {
    fn layout(slide: &Slide<'_>, text: &mut dyn TextLayout, width: f32) -> Self {
        let palette = slide.palette;
        let width = width - 64.0;
        let mut lines = Vec::new();
        if let Some(title) = &slide.title {
            lines.push((
                text.wrapped(title, 30.0, palette.label, width),
                palette.label,
                6.0,
            ));
        }
        if let Some(caption) = &slide.caption {
            lines.push((
                text.wrapped(caption, 26.0, palette.label, width),
                palette.label,
                6.0,
            ));
        }
        if let Some(cite) = &slide.cite {
            let cite = format!("Source: {cite}");
            let color = palette.label_minor;
            lines.push((text.wrapped(&cite, 15.0, color, width), color, 8.0));
        }
        let height = 32.0
            + lines
                .iter()
                .map(|(g, _, gap)| g.size().y + gap)
                .sum::<f32>();
        Self { lines, height }
    }

    fn compose(
        self,
        list: &mut DrawList<'_>,
        palette: &Palette,
        band: Rect,
        notes: impl Iterator<Item = std::sync::Arc<egui::Galley>>,
    ) {
        list.push(Item::Rect {
            rect: band,
            corner: 0.0,
            fill: palette.panel.to_opaque(),
            stroke: Stroke::NONE,
        });
        let mut y = band.top() + 16.0;
        for (galley, color, gap) in self.lines {
            let h = galley.size().y;
            list.text(Pos2::new(32.0, y), galley, color, None);
            y += h + gap;
        }
        y += 4.0;
        for galley in notes {
            list.text(Pos2::new(32.0, y), galley, palette.label_minor, None);
            y += FOOTNOTE_SIZE * 1.35;
        }
    }
}

/// The footnote's rows, each a galley wrapped to `width`, at most [`FOOTNOTE_LINES`]: the
/// citations always, then as many whole corrections as fit before them, and a line saying
/// how many more the panel shows.
fn footnote_galleys(
    slide: &Slide<'_>,
    shown: &Shown,
    text: &mut dyn TextLayout,
    width: f32,
) -> Vec<std::sync::Arc<egui::Galley>> {
    let color = slide.palette.label_minor;
    let mut rows = |entry: &str| -> Vec<std::sync::Arc<egui::Galley>> {
        let galley = text.wrapped(entry, FOOTNOTE_SIZE, color, width);
        // One galley per row, so the band can stop at a whole line.
        if galley.rows.len() == 1 {
            vec![galley]
        } else {
            split_rows(entry, &galley, text, color)
        }
    };
    let citations: Vec<_> = article_notes(slide, &shown.features)
        .iter()
        .flat_map(|e| rows(e))
        .collect();
    let corrections: Vec<Vec<_>> = footnote_corrections(slide, &shown.features)
        .iter()
        .map(|e| rows(e))
        .collect();
    let room = FOOTNOTE_LINES.saturating_sub(citations.len());
    let mut out = Vec::new();
    let mut left = corrections.len();
    for entry in &corrections {
        // Keep a row for "n more" unless this is the last correction.
        let reserve = usize::from(left > 1);
        if out.len() + entry.len() + reserve > room {
            break;
        }
        out.extend(entry.iter().cloned());
        left -= 1;
    }
    if left > 0 {
        let more = format!(
            "{} {left} more correction{} of what the slide shows: see the side panel or `casa info`.",
            crate::model::CORRECTED_MARK,
            if left == 1 { "" } else { "s" }
        );
        out.push(text.line(&more, FOOTNOTE_SIZE, color));
    }
    out.extend(citations);
    out
}

/// A wrapped text as one galley per row.
fn split_rows(
    entry: &str,
    galley: &egui::Galley,
    text: &mut dyn TextLayout,
    color: egui::Color32,
) -> Vec<std::sync::Arc<egui::Galley>> {
    let mut chars = entry.chars();
    galley
        .rows
        .iter()
        .map(|row| {
            let n = row.row.glyphs.len() + usize::from(row.ends_with_newline);
            let line: String = chars.by_ref().take(n).collect();
            text.line(line.trim_end(), FOOTNOTE_SIZE, color)
        })
        .collect()
}

/// Where the record corrects the caption, the slide's subjects in view or the memberships
/// hatched, one entry each.
fn footnote_corrections(slide: &Slide<'_>, shown: &[usize]) -> Vec<String> {
    let mut lines = slide.corrections.clone();
    for &i in &slide.subjects {
        let Some(f) = slide
            .doc
            .atlas
            .features
            .get(i)
            .filter(|_| shown.contains(&i))
        else {
            continue;
        };
        lines.extend(f.corrections.iter().map(|c| c.footnote(&f.name)));
    }
    // Then the memberships hatched on the maps whose record differs (the five states
    // first, as the map is about them).
    let atlas = &slide.doc.atlas;
    let mut periods: Vec<(bool, &crate::model::Membership)> = Vec::new();
    for (country, ms) in hatched_periods(slide) {
        if !ms.corrections.is_empty() && !periods.iter().any(|(_, p)| std::ptr::eq(*p, ms)) {
            periods.push((country.role != crate::model::CountryRole::Focus, ms));
        }
    }
    periods.sort_by_key(|(minor, _)| *minor);
    for (_, ms) in periods {
        let country = atlas
            .country(&ms.country)
            .map_or(ms.country.0.as_str(), |c| &c.name);
        let what = format!("{country} in the {}", ms.organisation);
        lines.extend(ms.corrections.iter().map(|c| c.footnote(&what)));
    }
    lines
}

/// The membership periods the slide's maps hatch: for each mark of each side, the period in
/// force in that side's year, with its country.
fn hatched_periods<'a>(
    slide: &'a Slide<'_>,
) -> Vec<(&'a crate::model::Country, &'a crate::model::Membership)> {
    let atlas = &slide.doc.atlas;
    let mut out = Vec::new();
    for side in &slide.sides {
        for m in &side.marks {
            let (Some(org), Some(country)) = (
                atlas.organisations.get(m.organisation),
                atlas.countries.get(m.country),
            ) else {
                continue;
            };
            let year = side.layers.membership_year();
            if let Some(ms) =
                crate::model::status_in(&atlas.memberships, &org.id, &country.id, year)
            {
                out.push((country, ms));
            }
        }
    }
    out
}

/// The footnote's citations: the articles behind the features in view and the memberships
/// shown, then the map data's origin.
fn article_notes(slide: &Slide<'_>, shown: &[usize]) -> Vec<String> {
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
        if let Some(f) = slide.doc.atlas.features.get(i) {
            add(&f.sources);
        }
    }
    for (_, ms) in hatched_periods(slide) {
        add(&ms.sources);
    }
    articles.sort_unstable();
    let mut lines: Vec<String> = articles
        .iter()
        .filter_map(|&a| slide.doc.corpus.articles.get(a))
        .enumerate()
        .map(|(n, a)| format!("[{}] {}", n + 1, a.meta.citation()))
        .collect();
    lines.push(
        "Borders: Natural Earth (public domain); Albers equal-area projection. Made with CASA, the Central Asia Security Atlas."
            .to_owned(),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked() {
        assert!(check_size([1920, 1080]).is_ok());
        assert!(check_size([3840, 2160]).is_ok());
        assert!(check_size([10, 1080]).is_err());
    }
}
