//! The camera: which part of the projected plane the map view shows, and at what scale.
//!
//! Pure functions over f64 world coordinates; screen positions are epaint points.

use epaint::{Pos2, Rect, Vec2};

use crate::geo::projection::{Albers, LonLat, ViewBox, WorldBounds, WorldPoint};

/// The closest zoom: metres of ground per screen point (about 1:70 000 on a laptop screen).
pub const MIN_METRES_PER_POINT: f64 = 20.0;
/// The farthest zoom: metres per point (a whole hemisphere on one screen).
pub const MAX_METRES_PER_POINT: f64 = 12_000.0;
/// The zoom factor of one +/- key press.
pub const KEY_ZOOM_FACTOR: f64 = 1.5;

/// The region Home returns to: Central Asia with a margin of its neighbours.
pub const HOME_BOUNDS: ViewBox = ViewBox {
    west: 46.0,
    south: 33.5,
    east: 88.5,
    north: 55.5,
};

/// A view of the projected plane.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Camera {
    /// The world point at the centre of the view.
    pub center: WorldPoint,
    /// Ground metres per screen point.
    pub metres_per_point: f64,
}

/// [`HOME_BOUNDS`] in world coordinates: the Central Asia frame.
pub fn home_bounds(projection: &Albers) -> WorldBounds {
    world_bounds(projection, HOME_BOUNDS)
}

/// A box in degrees (west, south, east, north) in world coordinates.
pub fn world_bounds(projection: &Albers, view: ViewBox) -> WorldBounds {
    let [w, s, e, n] = view.to_array();
    // Sample the bounds' edges: a conic maps parallels to arcs, so corners are not enough.
    let mut b = WorldBounds::EMPTY;
    for i in 0..=20 {
        let t = f64::from(i) / 20.0;
        for ll in [
            LonLat::new(w + (e - w) * t, s),
            LonLat::new(w + (e - w) * t, n),
            LonLat::new(w, s + (n - s) * t),
            LonLat::new(e, s + (n - s) * t),
        ] {
            b.include(projection.project(ll));
        }
    }
    b
}

/// How much room a view flown to leaves around what it shows: a fifth more than the thing.
pub const FIT_MARGIN: f64 = 1.2;

impl Camera {
    /// The view that shows a world box in a viewport with [`FIT_MARGIN`] around it: what a
    /// click on a country, a search hit or Zoom to layer flies to. A point (a box without
    /// extent) keeps the zoom `current_mpp`, within reading range.
    pub fn fit_world(bounds: WorldBounds, viewport: Vec2, current_mpp: f64) -> Self {
        let (w, h) = (bounds.max.x - bounds.min.x, bounds.max.y - bounds.min.y);
        let mpp = if w > 0.0 || h > 0.0 {
            let across =
                (w / f64::from(viewport.x.max(1.0))).max(h / f64::from(viewport.y.max(1.0)));
            (across * FIT_MARGIN).clamp(300.0, MAX_METRES_PER_POINT)
        } else {
            current_mpp.clamp(500.0, 2_500.0)
        };
        Self {
            center: bounds.center(),
            metres_per_point: mpp,
        }
    }

    /// The view that fits [`HOME_BOUNDS`] into a viewport of this size.
    pub fn home(projection: &Albers, viewport: Vec2) -> Self {
        Self::fit(projection, HOME_BOUNDS, viewport)
    }

    /// The view that fits a box in degrees (west, south, east, north) into a viewport.
    pub fn fit(projection: &Albers, bounds: ViewBox, viewport: Vec2) -> Self {
        let b = world_bounds(projection, bounds);
        let (min, max) = (b.min, b.max);
        let width = f64::from(viewport.x.max(1.0));
        let height = f64::from(viewport.y.max(1.0));
        let mpp = ((max.x - min.x) / width).max((max.y - min.y) / height);
        Self {
            center: WorldPoint::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0),
            metres_per_point: mpp.clamp(MIN_METRES_PER_POINT, MAX_METRES_PER_POINT),
        }
    }

    /// The box in degrees (west, south, east, north) this view shows in a viewport, such
    /// that [`Self::fit`] gives back the same view: a conic bends parallels, so the box of
    /// the edges' midpoints is corrected until it fits back to this camera.
    pub fn view_box(&self, projection: &Albers, viewport: Rect) -> ViewBox {
        let at = |p: Pos2| projection.unproject(self.world_from_screen(viewport, p));
        let c = viewport.center();
        let mut b = [
            at(Pos2::new(viewport.left(), c.y)).lon,
            at(Pos2::new(c.x, viewport.bottom())).lat,
            at(Pos2::new(viewport.right(), c.y)).lon,
            at(Pos2::new(c.x, viewport.top())).lat,
        ];
        for _ in 0..6 {
            let fitted = Self::fit(projection, b.into(), viewport.size());
            let k = self.metres_per_point / fitted.metres_per_point;
            // Shift by where the fitted centre is off, in degrees at the centre.
            let want = projection.unproject(self.center);
            let got = projection.unproject(fitted.center);
            let (dlon, dlat) = (want.lon - got.lon, want.lat - got.lat);
            let (cx, cy) = ((b[0] + b[2]) / 2.0 + dlon, (b[1] + b[3]) / 2.0 + dlat);
            let (hw, hh) = ((b[2] - b[0]) / 2.0 * k, (b[3] - b[1]) / 2.0 * k);
            b = [cx - hw, cy - hh, cx + hw, cy + hh];
        }
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        ViewBox {
            west: round(b[0]).clamp(-180.0, 180.0),
            south: round(b[1]).clamp(-90.0, 90.0),
            east: round(b[2]).clamp(-180.0, 180.0),
            north: round(b[3]).clamp(-90.0, 90.0),
        }
    }

    /// Screen points per metre.
    pub fn points_per_metre(&self) -> f64 {
        1.0 / self.metres_per_point
    }

    /// Where a world point appears in a viewport.
    pub fn screen_from_world(&self, viewport: Rect, w: WorldPoint) -> Pos2 {
        let c = viewport.center();
        Pos2::new(
            (f64::from(c.x) + (w.x - self.center.x) / self.metres_per_point) as f32,
            (f64::from(c.y) - (w.y - self.center.y) / self.metres_per_point) as f32,
        )
    }

    /// The world point under a screen position.
    pub fn world_from_screen(&self, viewport: Rect, p: Pos2) -> WorldPoint {
        let c = viewport.center();
        WorldPoint::new(
            self.center.x + f64::from(p.x - c.x) * self.metres_per_point,
            self.center.y - f64::from(p.y - c.y) * self.metres_per_point,
        )
    }

    /// The world rectangle a viewport shows: (min, max).
    pub fn visible_world(&self, viewport: Rect) -> (WorldPoint, WorldPoint) {
        let a = self.world_from_screen(viewport, viewport.left_bottom());
        let b = self.world_from_screen(viewport, viewport.right_top());
        (a, b)
    }

    /// Moves the view by a screen-space drag.
    pub fn pan(&mut self, drag: Vec2) {
        self.center.x -= f64::from(drag.x) * self.metres_per_point;
        self.center.y += f64::from(drag.y) * self.metres_per_point;
    }

    /// Zooms by a factor (> 1 zooms in), keeping the world point under `anchor` in place.
    pub fn zoom_about(&mut self, viewport: Rect, anchor: Pos2, factor: f64) {
        if !factor.is_finite() || factor <= 0.0 {
            return;
        }
        let before = self.world_from_screen(viewport, anchor);
        self.metres_per_point =
            (self.metres_per_point / factor).clamp(MIN_METRES_PER_POINT, MAX_METRES_PER_POINT);
        let after = self.world_from_screen(viewport, anchor);
        self.center.x += before.x - after.x;
        self.center.y += before.y - after.y;
    }

    /// Keeps the centre within a box (the data's extent), so the map cannot be lost. An
    /// empty or invalid box (no data loaded) leaves the centre alone.
    pub fn clamp_center(&mut self, min: WorldPoint, max: WorldPoint) {
        if min.x <= max.x && min.y <= max.y {
            self.center.x = self.center.x.clamp(min.x, max.x);
            self.center.y = self.center.y.clamp(min.y, max.y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_box_fits_back_to_about_the_same_view() {
        let proj = Albers::central_asia();
        let vp = Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 800.0));
        let cam = Camera::fit(&proj, [60.0, 36.0, 75.0, 44.0].into(), vp.size());
        let again = Camera::fit(&proj, cam.view_box(&proj, vp), vp.size());
        let ratio = again.metres_per_point / cam.metres_per_point;
        assert!((ratio - 1.0).abs() < 0.01, "zoom off by {ratio}");
        let d = (again.center.x - cam.center.x).hypot(again.center.y - cam.center.y);
        assert!(d < 2.0 * cam.metres_per_point, "centre off by {d} m");
    }

    #[test]
    fn flying_to_a_box_leaves_one_margin_around_it() {
        let b = WorldBounds {
            min: WorldPoint::new(0.0, 0.0),
            max: WorldPoint::new(1_000_000.0, 500_000.0),
        };
        let cam = Camera::fit_world(b, Vec2::new(1000.0, 1000.0), 2_000.0);
        assert_eq!(cam.center, WorldPoint::new(500_000.0, 250_000.0));
        assert!((cam.metres_per_point - 1_000.0 * FIT_MARGIN).abs() < 1e-9);
        // A point keeps the zoom, within reading range.
        let p = WorldBounds {
            min: WorldPoint::new(5.0, 5.0),
            max: WorldPoint::new(5.0, 5.0),
        };
        assert_eq!(
            Camera::fit_world(p, Vec2::splat(800.0), 2_000.0).metres_per_point,
            2_000.0
        );
        assert_eq!(
            Camera::fit_world(p, Vec2::splat(800.0), 9_000.0).metres_per_point,
            2_500.0
        );
    }

    fn viewport() -> Rect {
        Rect::from_min_size(Pos2::new(10.0, 20.0), Vec2::new(800.0, 600.0))
    }

    #[test]
    fn screen_and_world_round_trip() {
        let cam = Camera {
            center: WorldPoint::new(1000.0, -2000.0),
            metres_per_point: 300.0,
        };
        let w = WorldPoint::new(51_000.0, 60_000.0);
        let back = cam.world_from_screen(viewport(), cam.screen_from_world(viewport(), w));
        assert!((back.x - w.x).abs() < 30.0 && (back.y - w.y).abs() < 30.0);
    }

    #[test]
    fn zoom_keeps_the_anchor_fixed_and_respects_limits() {
        let mut cam = Camera {
            center: WorldPoint::default(),
            metres_per_point: 1000.0,
        };
        let anchor = Pos2::new(100.0, 500.0);
        let before = cam.world_from_screen(viewport(), anchor);
        cam.zoom_about(viewport(), anchor, 2.0);
        let after = cam.world_from_screen(viewport(), anchor);
        assert!((before.x - after.x).abs() < 1.0 && (before.y - after.y).abs() < 1.0);
        assert!((cam.metres_per_point - 500.0).abs() < 1e-9);
        cam.zoom_about(viewport(), anchor, 1e9);
        assert_eq!(cam.metres_per_point, MIN_METRES_PER_POINT);
        cam.zoom_about(viewport(), anchor, 1e-9);
        assert_eq!(cam.metres_per_point, MAX_METRES_PER_POINT);
    }

    #[test]
    fn clamping_to_an_empty_box_changes_nothing() {
        let mut cam = Camera {
            center: WorldPoint::new(5.0, 6.0),
            metres_per_point: 100.0,
        };
        cam.clamp_center(
            WorldPoint::new(f64::INFINITY, f64::INFINITY),
            WorldPoint::new(f64::NEG_INFINITY, f64::NEG_INFINITY),
        );
        assert_eq!(cam.center, WorldPoint::new(5.0, 6.0));
        cam.clamp_center(WorldPoint::new(10.0, 10.0), WorldPoint::new(20.0, 20.0));
        assert_eq!(cam.center, WorldPoint::new(10.0, 10.0));
    }

    #[test]
    fn north_is_up_on_screen() {
        let cam = Camera {
            center: WorldPoint::default(),
            metres_per_point: 1000.0,
        };
        let north = cam.screen_from_world(viewport(), WorldPoint::new(0.0, 10_000.0));
        assert!(north.y < viewport().center().y);
    }

    #[test]
    fn home_shows_all_five_capitals() {
        let proj = Albers::central_asia();
        let size = Vec2::new(1600.0, 1000.0);
        let cam = Camera::home(&proj, size);
        let vp = Rect::from_min_size(Pos2::ZERO, size);
        for (lon, lat) in [
            (71.45, 51.17),
            (74.6, 42.87),
            (68.77, 38.56),
            (58.38, 37.95),
            (69.24, 41.31),
        ] {
            let p = cam.screen_from_world(vp, proj.project(LonLat::new(lon, lat)));
            assert!(vp.contains(p), "{lon},{lat} at {p:?}");
        }
    }
}
