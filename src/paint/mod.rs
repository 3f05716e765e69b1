//! Painters: each translates the composer's draw list for one output and decides nothing
//! about what is drawn or where. egui paints the screen (the map, presentation mode, compare);
//! SVG paints the slides (and, rasterised, their PNGs).

pub mod screen;
pub mod svg;
