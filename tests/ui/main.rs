//! The app as a person uses it: the real `CasaApp` in an egui_kittest harness, driven
//! through AccessKit (clicks by label, keys, drags), with a few snapshot images guarding
//! the look, and the one-map check that the screen and the slides compose the same map.
//! One binary for every UI scenario (one module each), so the GUI stack is linked once.

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/user_atlas.rs"]
mod fixtures;
#[path = "../common/svg_reference.rs"]
mod svg_reference;

mod annotations;
mod authoring;
mod bad_assets;
mod briefing;
mod crash_report;
mod file_picker;
mod imports;
mod one_map;
mod package;
mod presenting;
mod relief;
mod select_country;
mod snapshots;
mod state_file;
mod uncovered;
