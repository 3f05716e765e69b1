//! Painters: each translates the composer's draw list for one output and decides nothing
//! about what is drawn or where. egui paints the screen (the map, presentation mode,
//! compare); for the pages (slides, decks), the draw list is first made a [`page::Page`]
//! of owned shapes, which the SVG, raster (PNG) and PDF painters translate.

pub mod glyphs;
pub mod page;
pub mod pdf;
pub mod pen;
pub mod raster;
pub mod screen;
pub mod svg;
