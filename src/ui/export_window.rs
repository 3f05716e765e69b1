//! The slide export window: what (the current view or a scene), the size and the format.

use super::{Command, FileAction};
use crate::export::SlideFormat;
use crate::scenes::Scene;
use crate::session::ExportChoice;

/// The sizes offered, in pixels.
pub const SIZES: [[u32; 2]; 2] = [[1920, 1080], [3840, 2160]];

/// Draws the window while `choice` is set; returns the commands chosen.
pub fn export_window(
    ctx: &egui::Context,
    choice: &mut Option<ExportChoice>,
    scenes: &[Scene],
    notice: Option<&str>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(c) = choice else {
        return commands;
    };
    let mut open = true;
    egui::Window::new("Export slide")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            let name = |s: Option<usize>| match s.and_then(|i| scenes.get(i)) {
                Some(scene) => scene.name.clone(),
                None => "The current view".to_owned(),
            };
            egui::ComboBox::from_label("What")
                .selected_text(name(c.scene))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut c.scene, None, name(None));
                    for i in 0..scenes.len() {
                        ui.selectable_value(&mut c.scene, Some(i), name(Some(i)));
                    }
                });
            ui.horizontal(|ui| {
                ui.label("Size");
                for size in SIZES {
                    ui.radio_value(&mut c.size, size, format!("{} × {}", size[0], size[1]));
                }
            });
            ui.horizontal(|ui| {
                ui.label("Format");
                ui.radio_value(&mut c.format, SlideFormat::Png, "PNG");
                ui.radio_value(&mut c.format, SlideFormat::Svg, "SVG");
            });
            ui.label(
                egui::RichText::new(
                    "With the legend, the caption, an “as of” stamp and a footnote citing the articles in view.",
                )
                .small()
                .weak(),
            );
            if let Some(notice) = notice {
                ui.label(notice);
            }
            if ui.button("Save as…").clicked() {
                commands.push(Command::ChooseFile(FileAction::ExportSlide {
                    scene: c.scene,
                    size: c.size,
                    format: c.format,
                }));
            }
        });
    if !open {
        commands.push(Command::ShowExport(false));
    }
    commands
}
