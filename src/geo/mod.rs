//! Geometry in pure `f64` functions: the map's projection, the camera that turns projected
//! metres into screen points, geodesy on the WGS84 ellipsoid, and whether a polygon's
//! edges are too crowded to check or fill. No UI, no atlas.

pub mod camera;
pub mod crowding;
pub mod geodesy;
pub mod projection;
