//! The data and the code's shape, without a window: the shipped atlas's facts, the layer
//! readers on every format, on mutated input (`fuzz_loaders`) and on files made to take
//! them down (`hostile`), geodesy against
//! GeographicLib, hit-testing, and the layering of `src/` (`layering`).

#[path = "../common/mod.rs"]
mod common;

mod atlas_data;
mod fuzz_loaders;
mod geodesy;
mod hit_testing;
mod hostile;
mod layer_formats;
mod layer_lint;
mod layering;
