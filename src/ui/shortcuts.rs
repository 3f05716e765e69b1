//! F1: every keyboard shortcut, in a window.

use super::Command;

/// Search: Ctrl+F, Cmd+F on a Mac (egui's COMMAND modifier).
pub const SEARCH: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::F);

/// Open layer…: Ctrl+O, Cmd+O on a Mac.
pub const OPEN_LAYER: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::O);

/// Undo the last annotation edit: Ctrl+Z, Cmd+Z on a Mac.
pub const UNDO: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Z);

/// Redo it: Ctrl+Shift+Z, Cmd+Shift+Z on a Mac.
pub const REDO: egui::KeyboardShortcut = egui::KeyboardShortcut::new(
    egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
    egui::Key::Z,
);

/// The search shortcut as this platform names it ("Ctrl+F", "⌘F" on a Mac).
pub fn search_keys(ctx: &egui::Context) -> String {
    ctx.format_shortcut(&SEARCH)
}

/// The shortcuts without a modifier, as (keys, what they do); the window lists
/// [`SEARCH`] first, named for the platform.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Enter (in search)", "fly to the first result and select it"),
    (
        "Esc",
        "stop drawing; clear the selection; in presenter mode, close the window on top, then leave",
    ),
    ("Enter (drawing)", "finish the line, arrow or area"),
    ("Backspace (drawing)", "remove the last point placed"),
    (
        "Arrow keys",
        "pan the map; in presenter mode, step through the scenes",
    ),
    (
        "PageDown, Space",
        "next scene (what presentation clickers send)",
    ),
    ("PageUp, Shift+Space", "previous scene"),
    ("F5", "presenter mode: full screen, caption bar and legend"),
    ("L (presenting)", "hide or show the legend over the map"),
    ("R", "relief: hillshade, elevation tints, none, in turn"),
    ("+ / −", "zoom in / out"),
    ("Home", "back to the Central Asia overview"),
    ("Mouse wheel, pinch", "zoom toward the pointer"),
    ("Drag", "pan"),
    ("Click", "select a feature or a country"),
    ("F1", "show or hide this list"),
];

/// The shortcuts window's id (Esc while presenting closes it when it is on top).
pub fn window_id() -> egui::Id {
    egui::Id::unique("casa-shortcuts")
}

/// Draws the shortcuts window when open.
pub fn shortcuts_window(ctx: &egui::Context, open: bool) -> Vec<Command> {
    let mut commands = Vec::new();
    if !open {
        return commands;
    }
    let mut still_open = true;
    egui::Window::new("Keyboard shortcuts")
        .id(window_id())
        .open(&mut still_open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    ui.label(egui::RichText::new(search_keys(ctx)).strong());
                    ui.label("search sites, events, regions and countries");
                    ui.end_row();
                    ui.label(egui::RichText::new(ctx.format_shortcut(&OPEN_LAYER)).strong());
                    ui.label("open a GeoJSON or CSV file as a layer");
                    ui.end_row();
                    ui.label(egui::RichText::new(ctx.format_shortcut(&UNDO)).strong());
                    ui.label("undo the last drawing edit");
                    ui.end_row();
                    ui.label(egui::RichText::new(ctx.format_shortcut(&REDO)).strong());
                    ui.label("redo it");
                    ui.end_row();
                    for (keys, what) in SHORTCUTS {
                        ui.label(egui::RichText::new(*keys).strong());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
        });
    if !still_open {
        commands.push(Command::ShowShortcuts(false));
    }
    commands
}
