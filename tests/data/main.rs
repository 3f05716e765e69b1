//! The data and the code's shape, without a window: the shipped atlas's facts, the layer
//! readers on every format and on hostile input (`fuzz_loaders`), geodesy against
//! GeographicLib, hit-testing, and the layering of `src/` (`layering`).

mod atlas_data;
mod fuzz_loaders;
mod geodesy;
mod hit_testing;
mod layer_formats;
mod layer_lint;
mod layering;
