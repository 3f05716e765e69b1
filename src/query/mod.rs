//! Questions asked of the atlas, with no UI: search by name, what CASA says of a feature or
//! a country (its dossier), what differs between two sides of a comparison, and distances
//! between named places.

pub mod compare;
pub mod dossier;
pub mod measure;
pub mod search;
