//! The command line's reports, each a function from what was loaded to text (or a file
//! written): [`check`], [`info`], [`export`] and [`measure`]. `main.rs` parses the command
//! line and prints what these return. Nothing here reaches the app or its panels.

pub mod check;
pub mod export;
pub mod info;
pub mod measure;

pub use check::{CheckReport, check, check_layers};
pub use export::{ExportRequest, export};
pub use info::info;
pub use measure::measure;
