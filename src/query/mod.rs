//! Questions asked of the atlas, with no UI: search by name (and a typed place resolved to
//! a position), what CASA says of a feature or a country (its dossier), and what differs
//! between two sides of a comparison.

pub mod compare;
pub mod dossier;
pub mod search;
