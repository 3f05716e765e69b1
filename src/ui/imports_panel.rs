//! Imported layers in the layers panel: open a file (or drop it on the window), watch it
//! load with a way to cancel, then toggle, solo, zoom to or remove each layer.

use egui::RichText;

use super::{Command, FileAction};
use crate::render::style::Palette;
use crate::session::imports::{ImportJob, Imported};

/// Draws the imported layers' section; returns the commands chosen.
pub fn imports_panel(
    ui: &mut egui::Ui,
    imports: &[Imported],
    jobs: &[ImportJob],
    notice: Option<&str>,
    palette: &Palette,
) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        if ui
            .button("Open layer…")
            .on_hover_text(
                "A GeoJSON, CSV, KML or KMZ, GPX, Shapefile (.zip, or .shp with its .dbf and .prj) or GeoPackage; or drop one on the window",
            )
            .clicked()
        {
            commands.push(Command::ChooseFile(FileAction::OpenLayer));
        }
        if imports.is_empty() && jobs.is_empty() {
            ui.label(RichText::new("or drop a file here").small().weak());
        }
    });
    for (k, job) in jobs.iter().enumerate() {
        let (fraction, stage) = job.progress.status();
        let name = job.path.file_name().map_or_else(
            || job.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.horizontal(|ui| {
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(150.0)
                    .text(format!("{stage} {name}")),
            );
            if ui.small_button("Cancel").clicked() {
                commands.push(Command::CancelImport(k));
            }
        });
    }
    for (k, layer) in imports.iter().enumerate() {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter()
                .circle_filled(rect.center(), 5.0, palette.imported(k));
            let mut on = layer.entry.visible;
            let text = match &layer.layer.empty {
                Some(_) => format!("{} (empty)", layer.layer.name),
                None => format!("{} ({})", layer.layer.name, layer.layer.features.len()),
            };
            if ui
                .checkbox(&mut on, text)
                .on_hover_text(layer.entry.path.display().to_string())
                .changed()
            {
                commands.push(Command::SetImportVisible(k, on));
            }
        });
        if let Some(why) = &layer.layer.empty {
            // Why nothing is drawn, where the layer is listed (the file is kept, so it can
            // be fixed and opened again).
            ui.horizontal(|ui| {
                ui.add_space(18.0);
                ui.label(RichText::new(why).small().weak());
            });
        }
        ui.horizontal(|ui| {
            ui.add_space(18.0);
            let drawn = layer.layer.empty.is_none();
            // Named after the layer for screen readers (and tests): "solo depots".
            let mut button = |text: &str, command: Command| {
                let response = ui.small_button(text);
                let name = format!("{text} {}", layer.layer.name);
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                if response.clicked() {
                    commands.push(command);
                }
            };
            if drawn {
                button("solo", Command::SoloImport(k));
                button("zoom to", Command::ZoomToImport(k));
            }
            button("remove", Command::RemoveImport(k));
        });
    }
    if let Some(notice) = notice {
        ui.label(RichText::new(notice).small());
    }
    commands
}
