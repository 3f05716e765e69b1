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

pub mod annotation;
pub mod app;
pub mod authoring;
pub mod camera;
pub mod cli;
pub mod compare;
pub mod compose;
pub mod corpus;
pub mod crash;
pub mod data;
pub mod deck;
pub mod document;
pub mod dossier;
pub mod export;
pub mod file_picker;
pub mod fonts;
pub mod geodesy;
pub mod hit_test;
pub mod icon;
pub mod issue;
pub mod layers;
pub mod measure;
pub mod memory;
pub mod model;
pub mod paint;
pub mod parallel;
pub mod persist;
pub mod projection;
pub mod render;
pub mod scenes;
pub mod search;
pub mod session;
pub mod sketch;
pub mod ui;

pub use app::{AppOptions, AppState, CasaApp};

/// The reverse-DNS id of the app, the same everywhere: the Linux desktop entry and
/// AppStream metadata (`org.casaatlas.Casa.desktop`), the window's app id (so the desktop
/// shows the icon), the macOS bundle identifier. The data folder keeps its name (`casa`).
pub const APP_ID: &str = "org.casaatlas.Casa";
