//! CASA, the Central Asia Security Atlas: a presentation map of Russian and Chinese military
//! influence in Central Asia.
//!
//! The folders are the layers, bottom up; each may use only the layers listed on its line
//! (`tests/data/layering.rs` checks it, one level deeper, on every test run):
//!
//! | layer | what it holds | may use |
//! | --- | --- | --- |
//! | [`sys`] | platform helpers: atomic saving and file claims, log and crash reports, the clock, fonts, the icon | — |
//! | [`geo`] | the projection, the camera, geodesy: pure `f64` functions | sys |
//! | [`model`] | the atlas in longitude/latitude, the articles, layers, annotations, the briefing, user layers, load issues | sys, geo |
//! | [`query`] | questions of the model: search and places, a feature's dossier, what differs between two years | sys, geo, model |
//! | [`data`] | files to model: loading and validation, with every problem named | sys, geo, model, query |
//! | [`render`] | caches built once: meshes per level of detail, the hit index, the document, style tokens, the legend's entries | sys, geo, model, query |
//! | [`compose`] | a view of the document as one ordered draw list in screen points | …, render |
//! | [`paint`] | painters that only translate a draw list: epaint shapes (screen), SVG (slides) | …, compose |
//! | [`edit`] | editing logic: the user atlas's forms, the drawing tools, undo | sys, geo, model, query, data |
//! | [`export`] | slides, their citations and decks: SVG, PNG, PDF | …, paint, data |
//! | [`cli`] | `casa check`, `info`, `measure`, `export` | all of the above |
//! | [`session`] | what the app holds between frames, one sub-system per concern | all of the above but cli |
//! | [`ui`] | panels and windows that read the session and return commands | …, session |
//! | [`app`] | the eframe app: owns the session, applies commands once per frame | everything |
//!
//! Everything from `sys` to `cli` runs without a window and names no `egui::` (only
//! `epaint`/`emath`). `docs/DESIGN.md` draws the whole picture.

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
