//! The maps on screen: the main map and, in the compare view, a second one sharing its
//! camera, each with what its side shows (layers, year, and what derives from them), and
//! the one selection both share. The widget that draws a map and takes its input is
//! `ui::map_view`; its state between frames, [`MapView`], is here, because the app moves
//! the camera too (scenes, searches, Home).

use epaint::{Pos2, Rect, Vec2};

use crate::compose::occupied::Occupied;
use crate::compose::{FrameCache, Selection};
use crate::geo::camera::Camera;
use crate::geo::projection::{Albers, LonLat, ViewBox, WorldBounds};
use crate::model::Atlas;
use crate::model::layers::{LayerState, SideState, Visibility};
use crate::query::compare::Difference;
use crate::render::MapGeometry;

/// The maps and what they show.
#[derive(Debug, Default)]
pub struct Maps {
    /// The main map (the left one when comparing).
    pub main: MapView,
    /// What the main map shows: layers, year, and what derives from them.
    pub side: SideState,
    /// The right-hand side of the compare view, when it is open.
    pub compare: Option<CompareView>,
    /// What is selected: one country, feature or imported feature at a time, on both maps.
    pub selection: Selection,
    /// Where the presentation legend was drawn over the maps in the last frame, if it was.
    pub legend: Option<Rect>,
    /// The relief's textures.
    pub relief: super::relief::ReliefTextures,
}

impl Maps {
    /// Shows `layers` on the main map (and recomputes the compare view's differences); a
    /// selected feature hidden on every map is deselected.
    pub fn show_layers(&mut self, atlas: &Atlas, layers: LayerState) {
        self.side = SideState::new(atlas, layers);
        let hidden =
            |side: &SideState, i: usize| side.visibility.get(i) == Some(&Visibility::Hidden);
        if self.selection.feature().is_some_and(|i| {
            hidden(&self.side, i) && self.compare.as_ref().is_none_or(|c| hidden(&c.side, i))
        }) {
            self.selection = Selection::None;
        }
        self.refresh_compare(atlas);
    }

    /// Opens, changes or closes the right side, keeping its map and divider if it stays;
    /// the caller refreshes.
    pub fn replace_compare(&mut self, right: Option<LayerState>) {
        self.compare = match (right, self.compare.take()) {
            (None, _) => None,
            (Some(layers), Some(mut c)) => {
                c.side.layers = layers;
                Some(c)
            }
            (Some(layers), None) => Some(CompareView::new(layers)),
        };
    }

    /// Recomputes the right side and what differs between the two, after either side's
    /// layers changed.
    pub fn refresh_compare(&mut self, atlas: &Atlas) {
        let Some(c) = &mut self.compare else { return };
        c.side = SideState::new(atlas, std::mem::take(&mut c.side.layers));
        c.differences =
            crate::query::compare::differences(atlas, &self.side.layers, &c.side.layers);
    }

    /// The box in degrees the main map shows now (the overview before the first frame).
    pub fn current_view(&self, projection: &Albers) -> ViewBox {
        match (self.main.camera, self.main.viewport) {
            (Some(cam), Some(vp)) => cam.view_box(projection, vp),
            _ => crate::geo::camera::HOME_BOUNDS,
        }
    }

    /// Flies the main map to show a world box (see [`Camera::fit_world`]).
    pub fn fly_to_bounds(&mut self, bounds: WorldBounds, now: f64) {
        let Some(viewport) = self.main.viewport else {
            return;
        };
        let current = self.main.camera.map_or(2_000.0, |c| c.metres_per_point);
        let to = Camera::fit_world(bounds, viewport.size(), current);
        self.main.fly_to(to.center, to.metres_per_point, now);
    }

    /// What the maps showed in the last frame, for the presentation legend: the features
    /// drawn, what they occupy, the memberships hatched and the special areas in view.
    pub fn shown(&self) -> Shown {
        let mut out = Shown {
            features: self.main.drawn_features.clone(),
            occupied: self.main.occupied.clone(),
            marks: self.side.marks.clone(),
            special_areas: self.main.special_areas.clone(),
        };
        if let Some(c) = &self.compare {
            out.features.extend(&c.map.drawn_features);
            out.occupied.extend(&c.map.occupied);
            out.marks.extend(c.side.marks.iter().cloned());
            out.special_areas.extend(&c.map.special_areas);
        }
        out.features.sort_unstable();
        out.features.dedup();
        out.marks.sort_by_key(|m| m.organisation);
        out.special_areas.sort_unstable();
        out.special_areas.dedup();
        out
    }
}

/// What the maps showed in a frame (see [`Maps::shown`]).
#[derive(Clone, Debug, Default)]
pub struct Shown {
    /// The features drawn, by index.
    pub features: Vec<usize>,
    /// What the maps occupy.
    pub occupied: Occupied,
    /// The memberships hatched.
    pub marks: Vec<crate::model::layers::MembershipMark>,
    /// The special areas in view.
    pub special_areas: Vec<usize>,
}

/// The right-hand side of the compare view: its own layers and year, the shared camera.
#[derive(Debug)]
pub struct CompareView {
    /// What this side shows, and what derives from it.
    pub side: SideState,
    /// What differs between the two sides.
    pub differences: Vec<Difference>,
    /// This side's map view (its camera follows the main one's).
    pub map: MapView,
    /// Where the divider is, as a fraction of the width.
    pub divider: f32,
    /// Whether the layers panel edits this side.
    pub editing: bool,
}

impl CompareView {
    /// A right side showing `layers`, its map following the main one's camera.
    pub fn new(layers: LayerState) -> Self {
        Self {
            side: SideState {
                layers,
                ..SideState::default()
            },
            differences: Vec::new(),
            map: MapView {
                passive_keys: true,
                user_moved: true,
                ..MapView::default()
            },
            divider: 0.5,
            editing: false,
        }
    }
}

/// The map view's own state between frames.
#[derive(Debug, Default)]
pub struct MapView {
    /// The camera; `None` until the first frame knows the viewport size.
    pub camera: Option<Camera>,
    /// The country under the pointer.
    pub hovered: Option<usize>,
    /// The feature under the pointer.
    pub hovered_feature: Option<usize>,
    /// A camera flight in progress (fly-to after a search or a click on a marker).
    pub flight: Option<Flight>,
    /// The viewport of the last frame.
    pub viewport: Option<Rect>,
    /// Whether the user has moved the camera since it was last reset; until then the
    /// overview (or the scene's view) follows the window's size.
    pub user_moved: bool,
    /// The box (west, south, east, north in degrees) the camera fits while the user has not
    /// moved it: a scene's view; `None` for the Central Asia overview.
    pub fit: Option<ViewBox>,
    /// A second map that follows another's camera: it leaves the keyboard to the first.
    pub passive_keys: bool,
    /// The features drawn in the last frame (for the legend), in drawing order.
    pub drawn_features: Vec<usize>,
    /// What the last frame's map occupied (labels, symbols, furniture, what the scene is
    /// about): what the presentation legend keeps clear of, and what the tests read.
    pub occupied: Occupied,
    /// The special areas in view in the last frame (leased territory, disputed areas).
    pub special_areas: Vec<usize>,
    /// What a still frame reuses from the last one.
    pub cache: FrameCache,
    /// The imported feature under the pointer: (layer, feature).
    pub hovered_import: Option<(usize, usize)>,
    /// A drawing tool is in use: a click places a point instead of selecting.
    pub drawing: bool,
    /// The points of the drawing being reshaped (world positions): dragging one moves it
    /// instead of panning.
    pub handles: Vec<crate::geo::projection::WorldPoint>,
    /// The handle being dragged, and where it was last dragged to.
    pub grabbed: Option<(usize, Option<crate::geo::projection::LonLat>)>,
}

/// A smooth camera move from one view to another.
#[derive(Clone, Copy, Debug)]
pub struct Flight {
    /// Where it starts.
    pub from: Camera,
    /// Where it ends (refitted when the window changes size on the way).
    pub to: Camera,
    /// When it started (seconds, egui's clock).
    pub start: f64,
    /// How long it takes (seconds).
    pub duration: f64,
}

/// How long a flight takes (seconds).
const FLIGHT_SECONDS: f64 = 0.6;

/// How long the move to a scene's view takes (seconds).
const SCENE_FLIGHT_SECONDS: f64 = 1.1;

impl MapView {
    /// Starts a smooth flight to `center` at `metres_per_point` (the current zoom is kept
    /// when it already shows the place closely enough).
    pub fn fly_to(
        &mut self,
        center: crate::geo::projection::WorldPoint,
        metres_per_point: f64,
        now: f64,
    ) {
        let Some(from) = self.camera else { return };
        let to = Camera {
            center,
            metres_per_point,
        };
        self.flight = Some(Flight {
            from,
            to,
            start: now,
            duration: FLIGHT_SECONDS,
        });
        self.user_moved = true;
    }

    /// Starts a smooth flight to a scene's view (a box in degrees), which the camera then
    /// keeps fitting as the window or the layout changes, until the user moves it.
    pub fn fly_to_view(&mut self, view: ViewBox, projection: &Albers, now: f64) {
        self.fit = Some(view);
        self.user_moved = false;
        let (Some(from), Some(viewport)) = (self.camera, self.viewport) else {
            // No frame yet: the first frame fits the view.
            self.camera = None;
            return;
        };
        self.flight = Some(Flight {
            from,
            to: Camera::fit(projection, view, viewport.size()),
            start: now,
            duration: SCENE_FLIGHT_SECONDS,
        });
    }

    /// The camera this view would fit in a viewport of `size` (the scene's or the overview).
    pub fn fitted(&self, projection: &Albers, size: Vec2) -> Camera {
        Camera::fit(
            projection,
            self.fit.unwrap_or(crate::geo::camera::HOME_BOUNDS),
            size,
        )
    }

    /// The camera at time `now` of a flight in progress; ends the flight at its end.
    pub fn advance_flight(&mut self, now: f64) -> bool {
        let Some(f) = self.flight else { return false };
        let s = ((now - f.start) / f.duration).clamp(0.0, 1.0);
        let e = s * s * (3.0 - 2.0 * s);
        let lerp = |a: f64, b: f64| a + (b - a) * e;
        self.camera = Some(Camera {
            center: crate::geo::projection::WorldPoint::new(
                lerp(f.from.center.x, f.to.center.x),
                lerp(f.from.center.y, f.to.center.y),
            ),
            metres_per_point: (lerp(f.from.metres_per_point.ln(), f.to.metres_per_point.ln()))
                .exp(),
        });
        if s >= 1.0 {
            self.flight = None;
        }
        true
    }

    /// Returns the camera to the Central Asia overview.
    pub fn reset(&mut self, scene_projection: &Albers) {
        self.camera = self
            .viewport
            .map(|vp| Camera::home(scene_projection, vp.size()));
        self.user_moved = false;
        self.fit = None;
        self.flight = None;
    }

    /// Where a longitude/latitude appears on screen in the last frame (for tests and tools).
    pub fn screen_pos(&self, geometry: &MapGeometry, at: LonLat) -> Option<Pos2> {
        let (cam, vp) = (self.camera?, self.viewport?);
        Some(cam.screen_from_world(vp, geometry.projection.project(at)))
    }
}
