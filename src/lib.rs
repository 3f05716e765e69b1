//! CASA, the Central Asia Security Atlas: a presentation map of Russian and Chinese military
//! influence in Central Asia.
//!
//! The layers, from data to screen:
//! - [`model`]: the atlas in geographic coordinates (no UI, no file formats);
//! - [`corpus`]: the articles, their page furniture and sentences, spelling-tolerant matching;
//! - [`data`]: loading and validation of the GeoJSON assets, with per-feature reports;
//! - [`projection`] and [`camera`]: pure f64 functions from degrees to metres to points;
//! - [`render`]: the cache of projected, simplified, triangulated meshes and the palette;
//! - [`document`]: what is loaded plus its caches (the app and the command line start here);
//! - [`compose`]: a view of the document as an ordered draw list in screen points;
//! - [`paint`]: painters that translate a draw list for egui (the screen) and SVG (slides);
//! - [`export`] and [`deck`]: slides and decks (SVG pages, rasterised to PNG or converted to
//!   one PDF);
//! - [`hit_test`]: R-tree plus exact predicate, from a point to a country;
//! - [`ui`] and [`app`]: the egui interface.

pub mod app;
pub mod cli;
pub mod compose;
pub mod data;
pub mod edit;
pub mod export;
pub mod geo;
pub mod model;
pub mod paint;
pub mod query;
pub mod render;
pub mod session;
pub mod sys;
pub mod ui;

/// The reverse-DNS id of the app, the same everywhere: the Linux desktop entry and
/// AppStream metadata (`org.casaatlas.Casa.desktop`), the window's app id (so the desktop
/// shows the icon), the macOS bundle identifier. The data folder keeps its name (`casa`).
pub const APP_ID: &str = "org.casaatlas.Casa";
