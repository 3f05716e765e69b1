//! A slide: the map of a view or a scene, composed by the same composer as the screen,
//! with the legend in a column of its own, the caption band, the "as of" stamps and a
//! footnote citing the articles behind what is in view ([`super::cite`]); painted as SVG.
//!
//! Slides are laid out on a canvas 1920 points wide whatever their size, so a 3840×2160
//! slide is the 1920×1080 one at twice the resolution.

use epaint::{Pos2, Rect, Stroke, Vec2};

use super::cite::{
    Cited, InView, article_notes, footnote_corrections, scene_cite, scene_cited, scene_corrections,
    shown_cited,
};
use crate::compose::legend::Legend;
use crate::compose::{
    DrawList, FrameCache, HeadlessText, ImportedView, Item, ProjectedAnnotations, Selection,
    TextLayout, compose_map,
};
use crate::geo::camera::Camera;
use crate::model::briefing::{Scene, Target};
use crate::model::layers::{MembershipMark, SideState};
use crate::paint::page::Page;
use crate::render::document::Document;
use crate::render::legend::{LegendItem, Swatch, legend};
use crate::render::relief::{ReliefVariant, ReliefView};
use crate::render::style::{Basemap, Palette};

/// The width of the layout canvas, in points.
const CANVAS_WIDTH: f32 = 1920.0;

/// The width of the legend's column, in points.
const LEGEND_COLUMN: f32 = 380.0;

/// The most footnote lines a slide shows.
const FOOTNOTE_LINES: usize = 8;

/// Everything a slide shows.
pub struct Slide<'a> {
    /// The atlas, its articles and caches.
    pub doc: &'a Document,
    /// Colours.
    pub palette: &'a Palette,
    /// The graticule and the relief.
    pub basemap: Basemap,
    /// The area to show (west, south, east, north in degrees), fitted to each map.
    pub view: crate::geo::projection::ViewBox,
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
    /// A handling mark printed at the top and bottom ("UNCLASSIFIED", "DRAFT"), if any.
    pub banner: Option<String>,
    /// What the scene itself cites (its quotes' articles and its references); the slide's
    /// maps add what they show (see [`compose_slide_cited`]).
    pub cited: Cited,
    /// What the briefer drew (the scene's annotations; for a slide of the view, the sketch
    /// too), on every map of the slide.
    pub annotations: std::sync::Arc<ProjectedAnnotations>,
}

impl Slide<'_> {
    /// The logical canvas size (the SVG's viewBox; its width and height are the pixels).
    fn canvas(&self) -> Vec2 {
        let [w, h] = self.size;
        Vec2::new(CANVAS_WIDTH, h as f32 * CANVAS_WIDTH / w as f32)
    }

    /// What its maps show, when they show `features`.
    fn in_view<'s>(&'s self, features: &'s [usize]) -> InView<'s> {
        InView {
            doc: self.doc,
            sides: &self.sides,
            subjects: &self.subjects,
            features,
            relief: self.basemap.relief != crate::model::layers::ReliefStyle::Off,
        }
    }
}

/// The slide of a scene: its view, sides, selection, caption and sources.
pub fn scene_slide<'a>(
    doc: &'a Document,
    palette: &'a Palette,
    basemap: Basemap,
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
        basemap: Basemap {
            relief: scene.relief.unwrap_or(basemap.relief),
            ..basemap
        },
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
        banner: None,
        cited: scene_cited(scene, doc),
        annotations: std::sync::Arc::new(crate::compose::ProjectedAnnotations::of_scene(
            doc, scene,
        )),
    }
}

/// The slide of the Central Asia overview with every feature layer and the default
/// settings.
pub fn overview_slide<'a>(
    doc: &'a Document,
    palette: &'a Palette,
    basemap: Basemap,
    imported: Vec<ImportedView<'a>>,
    size: [u32; 2],
) -> Slide<'a> {
    Slide {
        doc,
        palette,
        basemap,
        view: crate::geo::camera::HOME_BOUNDS,
        sides: vec![SideState::new(
            &doc.atlas,
            crate::model::layers::LayerState::default(),
        )],
        selection: Selection::None,
        subjects: Vec::new(),
        title: None,
        caption: None,
        cite: None,
        corrections: Vec::new(),
        imported,
        size,
        banner: None,
        cited: Cited::default(),
        annotations: std::sync::Arc::default(),
    }
}

/// The slide as an SVG document.
pub fn svg(slide: &Slide<'_>) -> String {
    crate::paint::svg::document(&page(slide))
}

/// The slide as a page (for the SVG, PNG and PDF painters).
pub fn page(slide: &Slide<'_>) -> Page {
    page_cited(slide).0
}

/// The slide as a page, and what it cites.
pub fn page_cited(slide: &Slide<'_>) -> (Page, Cited) {
    let mut text = HeadlessText::new(slide.size[0] as f32 / CANVAS_WIDTH);
    let (list, cited) = compose_slide_cited(slide, &mut text);
    drop(text);
    let title = slide
        .title
        .as_deref()
        .unwrap_or("CASA — Central Asia Security Atlas");
    let page = Page::of(
        slide.size,
        slide.canvas(),
        title,
        slide.caption.as_deref(),
        &list,
    );
    (page, cited)
}

/// What the maps of a slide showed: the features in view, the memberships hatched, the
/// special areas in view.
struct Shown {
    features: Vec<usize>,
    marks: Vec<MembershipMark>,
    drawn: Vec<Rect>,
    special_areas: Vec<usize>,
}

/// The whole slide as one draw list: the maps side by side, the legend's column, the
/// caption band, the banner if any.
pub fn compose_slide<'a>(slide: &'a Slide<'a>, text: &mut dyn TextLayout) -> DrawList<'a> {
    compose_slide_cited(slide, text).0
}

/// The height of a banner's strip (points).
const BANNER_HEIGHT: f32 = 30.0;

/// The slide as one draw list, and what it cites. The footnote's length decides the band's
/// height, and what the maps show decides the footnote, so the maps are composed again
/// when the first guess was wrong.
pub fn compose_slide_cited<'a>(
    slide: &'a Slide<'a>,
    text: &mut dyn TextLayout,
) -> (DrawList<'a>, Cited) {
    let canvas = slide.canvas();
    let band = CaptionBand::layout(slide, text, canvas.x);
    let strip = if slide.banner.is_some() {
        BANNER_HEIGHT
    } else {
        0.0
    };
    // Room for every footnote line first; then for just the lines needed (fewer lines
    // than room is harmless); if the taller maps then show more sources than that room
    // holds, back to every line, which the first pass showed is enough.
    let mut attempts = vec![FOOTNOTE_LINES];
    loop {
        let lines = attempts.last().copied().unwrap_or(FOOTNOTE_LINES);
        let band_h = band.height + lines as f32 * FOOTNOTE_SIZE * 1.35;
        let maps = Rect::from_min_size(
            Pos2::new(0.0, strip),
            Vec2::new(canvas.x - LEGEND_COLUMN, canvas.y - band_h - 2.0 * strip),
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
            Pos2::new(maps.right(), maps.top()),
            Pos2::new(canvas.x, maps.bottom()),
        );
        legend_column(slide, &mut list, column, &shown, text);
        band.compose(
            &mut list,
            slide.palette,
            Rect::from_min_max(
                Pos2::new(0.0, maps.bottom()),
                Pos2::new(canvas.x, canvas.y - strip),
            ),
            notes.into_iter().take(lines),
        );
        if let Some(banner) = &slide.banner {
            compose_banner(&mut list, text, slide.palette, canvas, banner);
        }
        let mut cited = slide.cited.clone();
        cited.merge(&shown_cited(&slide.in_view(&shown.features)));
        return (list, cited);
    }
}

/// A handling mark in a strip at the top and the bottom of a page, centred, in the
/// palette's inverse colours so it reads in both themes.
pub fn compose_banner(
    list: &mut DrawList<'_>,
    text: &mut dyn TextLayout,
    palette: &Palette,
    canvas: Vec2,
    banner: &str,
) {
    let galley = text.line(banner, 17.0, palette.panel.to_opaque());
    for top in [0.0, canvas.y - BANNER_HEIGHT] {
        let strip = Rect::from_min_size(Pos2::new(0.0, top), Vec2::new(canvas.x, BANNER_HEIGHT));
        list.push(Item::Rect {
            rect: strip,
            corner: 0.0,
            fill: palette.label.to_opaque(),
            stroke: Stroke::NONE,
        });
        let pos = strip.center() - galley.size() / 2.0;
        list.text(pos, galley.clone(), palette.panel.to_opaque(), None);
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
        special_areas: Vec::new(),
    };
    for (k, side) in slide.sides.iter().enumerate() {
        let rect = Rect::from_min_size(
            Pos2::new(area.left() + k as f32 * side_w, area.top()),
            Vec2::new(side_w, area.height()),
        );
        let mut scene = crate::compose::MapScene::of(
            doc,
            side,
            slide.palette,
            slide.basemap.graticule,
            &slide.imported,
            slide.selection,
        );
        scene.relief =
            ReliefVariant::of(slide.basemap.relief, slide.palette.dark).map(|variant| ReliefView {
                relief: &doc.relief,
                variant,
                texture: None,
            });
        scene.subjects = &slide.subjects;
        scene.stamp_all_years = true;
        scene.annotations = &slide.annotations;
        let composed = compose_map(&scene, &camera, rect, text, &mut FrameCache::default());
        list.items.extend(composed.list.items);
        shown
            .features
            .extend(composed.drawn.iter().filter(|d| !d.edge).map(|d| d.feature));
        shown.drawn.extend(composed.drawn.iter().map(|d| d.rect));
        for a in composed.special_areas {
            if !shown.special_areas.contains(&a) {
                shown.special_areas.push(a);
            }
        }
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
    items.extend(crate::render::legend::special_areas(
        &slide.doc.atlas,
        palette,
        &shown.special_areas,
    ));
    for (n, view) in slide.imported.iter().enumerate().filter(|(_, v)| v.visible) {
        let name = &view.layer.name;
        items.push(LegendItem {
            swatch: Swatch::Colour(palette.imported(n)),
            label: format!("{name} (file)"),
        });
    }
    items.extend(crate::compose::annotations::legend_items(
        &slide.annotations,
        palette,
    ));
    let inner = column.shrink(16.0);
    if let Some(l) = Legend::layout(text, palette, &items, inner.height(), Some(inner.width())) {
        l.compose(list, inner.min, palette);
    }
}

/// The size of the footnote's text (points).
const FOOTNOTE_SIZE: f32 = 13.0;

/// The caption band's title, caption and citation, laid out.
struct CaptionBand {
    lines: Vec<(std::sync::Arc<epaint::Galley>, epaint::Color32, f32)>,
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
        notes: impl Iterator<Item = std::sync::Arc<epaint::Galley>>,
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
) -> Vec<std::sync::Arc<epaint::Galley>> {
    let color = slide.palette.label_minor;
    let mut rows = |entry: &str| -> Vec<std::sync::Arc<epaint::Galley>> {
        let galley = text.wrapped(entry, FOOTNOTE_SIZE, color, width);
        // One galley per row, so the band can stop at a whole line.
        if galley.rows.len() == 1 {
            vec![galley]
        } else {
            split_rows(entry, &galley, text, color)
        }
    };
    let view = slide.in_view(&shown.features);
    let citations: Vec<_> = article_notes(&view).iter().flat_map(|e| rows(e)).collect();
    let corrections: Vec<Vec<_>> = footnote_corrections(&slide.corrections, &view)
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
    galley: &epaint::Galley,
    text: &mut dyn TextLayout,
    color: epaint::Color32,
) -> Vec<std::sync::Arc<epaint::Galley>> {
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
