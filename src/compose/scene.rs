//! What one map shows, whatever paints it: the scene the composer reads (the atlas, its
//! caches, one side's layers and year, imported layers, the selection, the drawings), and
//! the features it drew where, for clicks and screen readers.

use epaint::Rect;

use super::annotations::ProjectedAnnotations;
use crate::geo::projection::WorldPoint;
use crate::model::layers::{MembershipMark, SideState, Visibility};
use crate::model::user_layer::UserLayer;
use crate::model::{Atlas, Feature};
use crate::render::MapGeometry;
use crate::render::document::Document;
use crate::render::features::FeatureGeometries;
use crate::render::hit_test::HitIndex;
use crate::render::imported::ImportedGeometry;
use crate::render::relief::ReliefView;
use crate::render::style::Palette;

/// What is selected: one thing at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// Nothing.
    #[default]
    None,
    /// A country (index into the atlas's countries).
    Country(usize),
    /// A feature of the atlas.
    Feature(usize),
    /// A feature of an imported layer: (layer, feature).
    Imported(usize, usize),
}

impl Selection {
    /// The selected country.
    pub fn country(self) -> Option<usize> {
        match self {
            Self::Country(i) => Some(i),
            _ => None,
        }
    }

    /// The selected feature.
    pub fn feature(self) -> Option<usize> {
        match self {
            Self::Feature(i) => Some(i),
            _ => None,
        }
    }

    /// The selected imported feature: (layer, feature).
    pub fn imported(self) -> Option<(usize, usize)> {
        match self {
            Self::Imported(l, f) => Some((l, f)),
            _ => None,
        }
    }
}

/// An imported layer as the map draws it.
#[derive(Clone, Copy)]
pub struct ImportedView<'a> {
    /// What was read (names, properties).
    pub layer: &'a UserLayer,
    /// Its projected, thinned and meshed geometry.
    pub geometry: &'a ImportedGeometry,
    /// Whether it is shown.
    pub visible: bool,
}

/// What the content layers of one side show.
#[derive(Clone, Copy)]
pub struct ContentScene<'a> {
    /// The features.
    pub features: &'a [Feature],
    /// Their geometry.
    pub geometry: &'a FeatureGeometries,
    /// How each is drawn (same order).
    pub visibility: &'a [Visibility],
    /// Memberships to hatch.
    pub marks: &'a [MembershipMark],
    /// Countries' outlines for hatching (same order as the countries).
    pub hatch_outlines: &'a [Vec<Vec<WorldPoint>>],
    /// The "as of" year, if set.
    pub year: Option<i32>,
    /// Each feature's map label.
    pub labels: &'a [String],
    /// Which settings `visibility` and `marks` come from: a new number for each new side
    /// state, so caches know when they are stale.
    pub generation: u64,
}

/// Everything one map shows, whatever paints it.
#[derive(Clone, Copy)]
pub struct MapScene<'a> {
    /// The atlas.
    pub atlas: &'a Atlas,
    /// Its cached geometry.
    pub geometry: &'a MapGeometry,
    /// Its hit index (labels of countries whose anchors are all off screen).
    pub hit: &'a HitIndex,
    /// Colours.
    pub palette: &'a Palette,
    /// Whether to draw the graticule.
    pub graticule: bool,
    /// Countries in label priority order.
    pub label_order: &'a [usize],
    /// Each country's label, same order as the atlas.
    pub label_texts: &'a [String],
    /// The content layers, if any.
    pub content: Option<ContentScene<'a>>,
    /// Imported layers, in import order.
    pub imported: &'a [ImportedView<'a>],
    /// What is selected.
    pub selection: Selection,
    /// The country under the pointer.
    pub hovered_country: Option<usize>,
    /// The feature under the pointer.
    pub hovered_feature: Option<usize>,
    /// Features whose labels are never dropped: what the scene is about.
    pub subjects: &'a [usize],
    /// Stamp "All years" when no year is set (slides always say when they show).
    pub stamp_all_years: bool,
    /// What the briefer drew over this map (rings, lines, arrows, areas, callouts).
    pub annotations: &'a ProjectedAnnotations,
    /// The relief under the map, if shown (and, on screen, uploaded).
    pub relief: Option<ReliefView<'a>>,
}

/// A feature drawn on the map: where, so it can be clicked and read by a screen reader.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// Index of the feature.
    pub feature: usize,
    /// Its symbol's (or label's) screen rectangle: what a click hits.
    pub rect: Rect,
    /// What it covers on screen with its rings and badge: no label is placed over it.
    pub extent: Rect,
    /// Whether it is an edge marker for a feature off the map.
    pub edge: bool,
}

impl<'a> MapScene<'a> {
    /// One side's map of a document (hover and subjects left empty).
    pub fn of(
        doc: &'a Document,
        side: &'a SideState,
        palette: &'a Palette,
        graticule: bool,
        imported: &'a [ImportedView<'a>],
        selection: Selection,
    ) -> Self {
        MapScene {
            atlas: &doc.atlas,
            geometry: &doc.geometry,
            hit: &doc.hit,
            palette,
            graticule,
            label_order: &doc.label_order,
            label_texts: &doc.label_texts,
            content: Some(ContentScene {
                features: &doc.atlas.features,
                geometry: &doc.content.geometry,
                visibility: &side.visibility,
                marks: &side.marks,
                hatch_outlines: &doc.content.hatch_outlines,
                year: side.layers.year,
                labels: &doc.content.labels,
                generation: side.generation,
            }),
            imported,
            selection,
            hovered_country: None,
            hovered_feature: None,
            subjects: &[],
            stamp_all_years: false,
            annotations: &super::annotations::NO_ANNOTATIONS,
            relief: None,
        }
    }
}
