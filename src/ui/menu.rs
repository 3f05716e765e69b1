//! The menu bar.

use super::{Command, Draw};
use crate::edit::drawing::Tool;
use crate::render::style::Theme;
use crate::session::settings::Settings;

/// Draws the menu bar and returns what was chosen.
pub fn menu_bar(
    ui: &mut egui::Ui,
    state: &Settings,
    comparing: bool,
    draw: DrawMenu,
    atlas: (bool, bool),
) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let open = egui::Button::new("Open layer…")
                .shortcut_text(ui.ctx().format_shortcut(&super::shortcuts::OPEN_LAYER));
            if ui.add(open).clicked() {
                commands.push(Command::ChooseFile(super::FileAction::OpenLayer));
                ui.close();
            }
            ui.separator();
            if ui.button("Export slide…").clicked() {
                commands.push(Command::ShowExport(true));
                ui.close();
            }
            if ui.button("Export briefing as PDF…").clicked() {
                commands.push(Command::ShowDeckExport(true));
                ui.close();
            }
            if ui.button("Export data…").clicked() {
                commands.push(Command::ShowDataExport(true));
                ui.close();
            }
            if ui.button("Export briefing…").clicked() {
                commands.push(Command::ChooseFile(super::FileAction::ExportBriefing));
                ui.close();
            }
            if ui.button("Import briefing…").clicked() {
                commands.push(Command::ChooseFile(super::FileAction::ImportBriefing));
                ui.close();
            }
            ui.separator();
            if ui.button("Save briefing as package…").clicked() {
                commands.push(Command::ChooseFile(super::FileAction::SavePackage));
                ui.close();
            }
            if ui.button("Open briefing package…").clicked() {
                commands.push(Command::ChooseFile(super::FileAction::OpenPackage));
                ui.close();
            }
        });
        ui.menu_button("View", |ui| {
            let mut theme = state.theme;
            ui.radio_value(&mut theme, Theme::Light, "Light theme");
            ui.radio_value(&mut theme, Theme::Dark, "Dark theme");
            if theme != state.theme {
                commands.push(Command::SetTheme(theme));
            }
            ui.separator();
            let mut graticule = state.show_graticule;
            if ui.checkbox(&mut graticule, "Graticule").changed() {
                commands.push(Command::SetGraticule(graticule));
            }
            relief_choice(ui, state.relief, &mut commands);
            if ui.button("Reset view (Home)").clicked() {
                commands.push(Command::ResetView);
                ui.close();
            }
            ui.separator();
            let mut compare = comparing;
            if ui.checkbox(&mut compare, "Compare side by side").changed() {
                commands.push(Command::Compare(compare));
            }
            if ui.button("Present (F5)").clicked() {
                commands.push(Command::Present(true));
                ui.close();
            }
        });
        ui.menu_button("Draw", |ui| draw_menu(ui, draw, &mut commands));
        ui.menu_button("Atlas", |ui| atlas_menu(ui, atlas, &mut commands));
        ui.menu_button("Help", |ui| {
            if ui.button("About CASA and its sources").clicked() {
                commands.push(Command::ShowAbout(true));
                ui.close();
            }
        });
        ui.separator();
        ui.label(egui::RichText::new("CASA · Central Asia Security Atlas").strong());
    });
    commands
}

/// The Atlas menu: adding to one's own atlas, undoing it, sharing it.
fn atlas_menu(ui: &mut egui::Ui, (can_undo, can_redo): (bool, bool), commands: &mut Vec<Command>) {
    use super::{Author, FileAction};
    let items = [
        ("Add article…", Command::Author(Author::AddArticle), true),
        (
            "Undo change to my atlas",
            Command::Author(Author::Undo),
            can_undo,
        ),
        (
            "Redo change to my atlas",
            Command::Author(Author::Redo),
            can_redo,
        ),
        (
            "Import additions…",
            Command::ChooseFile(FileAction::ImportAdditions),
            true,
        ),
        (
            "Export my additions…",
            Command::ChooseFile(FileAction::ExportAdditions),
            true,
        ),
    ];
    for (label, command, enabled) in items {
        if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
            commands.push(command);
            ui.close();
        }
    }
}

/// What the Draw menu offers: the tool in use, and whether there is an edit to undo or
/// redo.
#[derive(Clone, Copy, Debug, Default)]
pub struct DrawMenu {
    /// The tool in use.
    pub tool: Option<Tool>,
    /// An edit can be undone.
    pub can_undo: bool,
    /// An edit can be redone.
    pub can_redo: bool,
}

/// The Draw menu: a tool per kind of drawing, the ruler, undo and redo.
fn draw_menu(ui: &mut egui::Ui, draw: DrawMenu, commands: &mut Vec<Command>) {
    for tool in Tool::ALL {
        let mut on = draw.tool == Some(tool);
        if ui.checkbox(&mut on, tool.label()).changed() {
            commands.push(Command::Draw(Draw::Tool(on.then_some(tool))));
            ui.close();
        }
    }
    ui.separator();
    let undo =
        egui::Button::new("Undo").shortcut_text(ui.ctx().format_shortcut(&super::shortcuts::UNDO));
    if ui.add_enabled(draw.can_undo, undo).clicked() {
        commands.push(Command::Draw(Draw::Undo));
        ui.close();
    }
    let redo =
        egui::Button::new("Redo").shortcut_text(ui.ctx().format_shortcut(&super::shortcuts::REDO));
    if ui.add_enabled(draw.can_redo, redo).clicked() {
        commands.push(Command::Draw(Draw::Redo));
        ui.close();
    }
}

/// The relief styles as radio buttons (the View menu and the layers panel).
pub fn relief_choice(
    ui: &mut egui::Ui,
    current: crate::model::layers::ReliefStyle,
    commands: &mut Vec<Command>,
) {
    let mut relief = current;
    for style in crate::model::layers::ReliefStyle::ALL {
        ui.radio_value(&mut relief, style, style.label());
    }
    if relief != current {
        commands.push(Command::SetRelief(relief));
    }
}
