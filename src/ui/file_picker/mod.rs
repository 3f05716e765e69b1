//! CASA's own file picker, for when the system's dialog cannot open: the model (paths,
//! listings, completion, what may be chosen) and the window that draws it.

pub mod model;
pub mod view;
