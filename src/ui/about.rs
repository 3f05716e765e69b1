//! The About window: what CASA is and where every piece of its data comes from.

use super::Command;

/// The credits shipped with the data (also the repository's `NOTICE` file).
pub const NOTICE: &str = include_str!("../../NOTICE");

/// Draws the About window while `open`; returns a command to close it.
pub fn about_window(ctx: &egui::Context, open: bool) -> Option<Command> {
    let mut still_open = open;
    egui::Window::new("About CASA")
        .open(&mut still_open)
        .collapsible(false)
        .default_width(560.0)
        .vscroll(true)
        .show(ctx, |ui| {
            ui.label(
                "CASA, the Central Asia Security Atlas, maps Russian and Chinese military \
                 influence in Central Asia for live briefings.",
            );
            ui.add_space(6.0);
            ui.heading("Data sources and licences");
            ui.label(egui::RichText::new(NOTICE).monospace().size(11.0));
        });
    (still_open != open).then_some(Command::ShowAbout(still_open))
}
