//! The binary as an analyst runs it: `casa check`, `info`, `measure` and `export` in child
//! processes (exit codes, messages, files written), the user's atlas folder, no network,
//! and the real window under Xvfb (`e2e_window`).

#[path = "../common/user_atlas.rs"]
mod fixtures;

mod content_check;
mod data_export;
mod e2e_window;
mod export;
mod layer_files;
mod measure;
mod no_network;
mod packaging;
mod user_atlas;
