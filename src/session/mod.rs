//! What the app holds between frames, below both the app (which owns it and applies the
//! commands that change it) and its panels (which read it): each sub-system a struct with
//! its own transitions as methods.
//!
//! - [`settings`]: what the user set, saved across restarts;
//! - [`maps`]: the maps on screen, what each side shows, the selection;
//! - [`presentation`]: the briefing file and its scenes, presentation mode;
//! - [`drawing`]: the drawing tools, their history, the drawings projected;
//! - [`authoring`]: additions to the user's atlas and their history;
//! - [`imports`] and [`exports`]: layers being read, slides and decks being written;
//! - [`notices`]: everything CASA has to tell the user;
//! - [`panels`]: the panels' own transient state.

pub mod authoring;
pub mod drawing;
pub mod exports;
pub mod imports;
pub mod maps;
pub mod notices;
pub mod panels;
pub mod presentation;
pub mod relief;
pub mod settings;
