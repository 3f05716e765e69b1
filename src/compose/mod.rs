//! The composer: turns a view of the atlas into an ordered draw list in screen points, the
//! one description of the map that every painter translates (egui on screen, SVG for the
//! slides). Decluttering, thinning per zoom band, label placement and the legend's layout
//! happen here, once, with the real metrics of the font every painter uses, so the screen,
//! presentation mode, the compare view and the slides cannot drift apart.
//!
//! Free of egui: it uses epaint's geometry, colours and text layout only.

pub mod annotations;
mod cache;
mod content;
mod labels;
pub mod legend;
mod map;
pub mod occupied;
pub mod scene;
pub mod text;

use std::sync::Arc;

use epaint::{Color32, Galley, Pos2, Rect, Stroke};

pub use annotations::ProjectedAnnotations;
pub use cache::FrameCache;
pub use map::{ComposedMap, compose_map};
pub use scene::{ContentScene, Drawn, ImportedView, MapScene, Selection};
pub use text::{HeadlessText, TextLayout};

use crate::render::WorldBounds;
use crate::render::features::Glyph;
use crate::render::mesh::{FillMesh, LineMesh, ScreenTransform};
use crate::render::relief::ReliefView;

/// Where cached world geometry lands on screen: the transform and the part of the world in
/// view (for culling), one per map (a compare slide has two).
#[derive(Clone, Copy, Debug)]
pub struct WorldView {
    /// World metres to screen points.
    pub t: ScreenTransform,
    /// The world box in view.
    pub visible: WorldBounds,
}

/// One thing to paint, in screen points. Painters translate items in order; they decide
/// nothing about what or where.
#[derive(Clone, Debug)]
pub enum Item<'a> {
    /// A cached area in one colour: the egui painter fills its triangles, the page painters
    /// its rings (`even_odd` or non-zero).
    Area {
        /// The triangulated fill.
        fill: &'a FillMesh,
        /// The same area's rings.
        rings: &'a LineMesh,
        /// Where it lands.
        view: WorldView,
        /// Its colour.
        color: Color32,
        /// Even-odd rings (one country); otherwise non-zero (overlapping features).
        even_odd: bool,
    },
    /// Cached lines widened to a constant width in points.
    Lines {
        /// The lines.
        lines: &'a LineMesh,
        /// Where they land.
        view: WorldView,
        /// Width in points.
        width: f32,
        /// Colour.
        color: Color32,
    },
    /// Polylines already in screen points, optionally closed and dashed.
    Path {
        /// The polylines.
        lines: Vec<Vec<Pos2>>,
        /// Whether each is a closed ring.
        closed: bool,
        /// The stroke.
        stroke: Stroke,
        /// Dash and gap lengths in points, if dashed.
        dash: Option<[f32; 2]>,
    },
    /// Straight segments in one stroke, each dashed from its start (hatching).
    Segments {
        /// The segments (shared with the frame cache).
        segments: Arc<[[Pos2; 2]]>,
        /// The stroke.
        stroke: Stroke,
        /// Dash and gap lengths; `None`: solid.
        dash: Option<[f32; 2]>,
    },
    /// A feature's symbol.
    Glyph {
        /// Its shape.
        glyph: Glyph,
        /// Whether hollow.
        hollow: bool,
        /// Centre.
        center: Pos2,
        /// Radius in points.
        radius: f32,
        /// Fill colour.
        color: Color32,
        /// Outline colour.
        outline: Color32,
    },
    /// A circle: filled, stroked, or a dashed ring of 12 dashes.
    Circle {
        /// Centre.
        center: Pos2,
        /// Radius in points.
        radius: f32,
        /// Fill (transparent: none).
        fill: Color32,
        /// Stroke (zero width: none).
        stroke: Stroke,
        /// Whether the stroke is dashed.
        dashed: bool,
    },
    /// A convex polygon (edge markers' arrows).
    Polygon {
        /// Its corners.
        points: Vec<Pos2>,
        /// Fill.
        fill: Color32,
        /// Outline.
        stroke: Stroke,
    },
    /// A rectangle with rounded corners.
    Rect {
        /// Where.
        rect: Rect,
        /// Corner radius.
        corner: f32,
        /// Fill (transparent: none).
        fill: Color32,
        /// Stroke (zero width: none).
        stroke: Stroke,
    },
    /// Text laid out by the composer: the galley's glyph positions are final.
    Text {
        /// The galley's top-left corner.
        pos: Pos2,
        /// The laid-out text.
        galley: Arc<Galley>,
        /// Colour.
        color: Color32,
        /// A halo around the letters, so they read on any background.
        halo: Option<Color32>,
    },
    /// The relief image on its warped grid: the screen painter draws the grid with the
    /// uploaded texture, the page painters the image reprojected at the page's resolution.
    Relief {
        /// The relief and the variant to draw.
        relief: ReliefView<'a>,
        /// Where it lands.
        view: WorldView,
    },
    /// Everything after this is clipped to the rectangle, up to the next clip (`None`: none).
    Clip(Option<Rect>),
}

/// An ordered draw list: the first item is painted first.
#[derive(Clone, Debug, Default)]
pub struct DrawList<'a> {
    /// The items in painting order.
    pub items: Vec<Item<'a>>,
}

impl<'a> DrawList<'a> {
    /// Adds an item.
    pub fn push(&mut self, item: Item<'a>) {
        self.items.push(item);
    }

    /// Adds text at a top-left position.
    pub fn text(&mut self, pos: Pos2, galley: Arc<Galley>, color: Color32, halo: Option<Color32>) {
        self.items.push(Item::Text {
            pos,
            galley,
            color,
            halo,
        });
    }

    /// Every text in the list with its rectangle on screen, in painting order.
    pub fn texts(&self) -> impl Iterator<Item = (&str, Rect)> {
        self.items.iter().filter_map(|i| match i {
            Item::Text { pos, galley, .. } => {
                Some((galley.text(), Rect::from_min_size(*pos, galley.size())))
            }
            _ => None,
        })
    }

    /// Every symbol in the list: glyph, centre and radius, in painting order.
    pub fn glyphs(&self) -> impl Iterator<Item = (Glyph, Pos2, f32)> {
        self.items.iter().filter_map(|i| match i {
            Item::Glyph {
                glyph,
                center,
                radius,
                ..
            } => Some((*glyph, *center, *radius)),
            _ => None,
        })
    }
}
