//! The side panel: what is selected. It grows with the content of later issues.

use super::Command;
use crate::model::Atlas;

/// Draws the side panel for the selected country (by index), if any.
pub fn side_panel(ui: &mut egui::Ui, atlas: &Atlas, selected: Option<usize>) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(country) = selected.and_then(|i| atlas.countries.get(i)) else {
        ui.add_space(8.0);
        ui.heading("Central Asia");
        ui.label("Click a country on the map to see it here.");
        ui.add_space(8.0);
        ui.label(
            "Drag to pan · wheel or +/− to zoom · Home resets the view · Esc clears the selection.",
        );
        return commands;
    };
    ui.add_space(8.0);
    ui.heading(&country.name);
    ui.label(country.role.describe());
    ui.add_space(6.0);
    egui::Grid::new("country-facts")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Identifier");
            ui.label(&country.id.0);
            ui.end_row();
            if let Some(sovereign) = country.sovereign.as_ref().filter(|s| **s != country.id) {
                let name = atlas
                    .country(sovereign)
                    .map_or(sovereign.0.as_str(), |c| c.name.as_str());
                ui.label("Sovereign state");
                ui.label(name);
                ui.end_row();
            }
            ui.label("Separate parts");
            ui.label(country.geometry.0.len().to_string());
            ui.end_row();
        });
    if let Some(note) = &country.note {
        ui.add_space(6.0);
        ui.label(&note.text);
        ui.label(egui::RichText::new(format!("Source: {}", note.source)).small());
    }
    ui.add_space(10.0);
    if ui.button("Clear selection").clicked() {
        commands.push(Command::Select(None));
    }
    commands
}
