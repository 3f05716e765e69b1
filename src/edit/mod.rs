//! Editing logic, free of the UI: the forms that add to the user's atlas (articles,
//! citations, features, corrections) and the drawing tools that make annotations.

pub mod authoring;
pub mod drawing;
pub mod undo;
