//! Geometry in pure `f64` functions: the map's projection, the camera that turns projected
//! metres into screen points, and geodesy on the WGS84 ellipsoid. No UI, no atlas.

pub mod camera;
pub mod geodesy;
pub mod projection;
