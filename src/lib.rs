//! CASA, the Central Asia Security Atlas: a presentation map of Russian and Chinese military
//! influence in Central Asia.
//!
//! The layers, from data to screen:
//! - [`model`]: the atlas in geographic coordinates (no UI, no file formats);
//! - [`corpus`]: the articles, their page furniture and sentences, spelling-tolerant matching;
//! - [`data`]: loading and validation of the GeoJSON assets, with per-feature reports;
//! - [`projection`] and [`camera`]: pure f64 functions from degrees to metres to points;
//! - [`render`]: the cache of projected, simplified, triangulated meshes and the palette;
//! - [`hit_test`]: R-tree plus exact predicate, from a point to a country;
//! - [`ui`] and [`app`]: the egui interface.

pub mod app;
pub mod briefing;
pub mod camera;
pub mod cli;
pub mod compare;
pub mod corpus;
pub mod data;
pub mod export;
pub mod hit_test;
pub mod layers;
pub mod model;
pub mod parallel;
pub mod persist;
pub mod projection;
pub mod render;
pub mod scenes;
pub mod search;
pub mod ui;

pub use app::{AppOptions, AppState, CasaApp};
