//! The export windows: a slide (the current view or a scene, its size and format) and the
//! whole briefing as a PDF deck (notes, banner, progress).

use super::{Command, FileAction};
use crate::export::SlideFormat;
use crate::model::briefing::Scene;
use crate::session::exports::{DeckChoice, DeckJob, ExportChoice};

/// The sizes offered, in pixels.
pub const SIZES: [[u32; 2]; 2] = [[1920, 1080], [3840, 2160]];

/// A window of fixed size titled `title`, with a close button; false once it is closed.
fn fixed_window(ctx: &egui::Context, title: &str, contents: impl FnOnce(&mut egui::Ui)) -> bool {
    let mut open = true;
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, contents);
    open
}

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
    let open = fixed_window(ctx, "Export slide", |ui| {
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
            for format in SlideFormat::ALL {
                ui.radio_value(&mut c.format, format, format.name());
            }
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

/// Draws the briefing export window while `choice` is set: speaker notes, the banner, and
/// while a deck is being written its progress and Cancel.
pub fn deck_window(
    ctx: &egui::Context,
    choice: &mut Option<DeckChoice>,
    scenes: usize,
    job: Option<&DeckJob>,
    notice: Option<&str>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(c) = choice else {
        return commands;
    };
    let open = fixed_window(ctx, "Export briefing as PDF", |ui| {
        ui.label(format!(
                "A title page, a page for each of the {scenes} scenes (the slide as exported, compare scenes side by side) and a closing page citing every article and reference."
            ));
        ui.checkbox(&mut c.notes, "Speaker notes pages (the presenter's copy)");
        ui.horizontal(|ui| {
            let label = ui.label("Banner");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut c.banner)
                        .hint_text("e.g. UNCLASSIFIED")
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            if field.lost_focus() {
                commands.push(Command::SetBanner(c.banner.trim().to_owned()));
            }
        });
        ui.label(
            egui::RichText::new(
                "Printed at the top and bottom of every page and slide; kept with the briefing.",
            )
            .small()
            .weak(),
        );
        if let Some(job) = job {
            let (fraction, what) = job.progress();
            ui.add(egui::ProgressBar::new(fraction).text(what));
            if ui.button("Cancel").clicked() {
                commands.push(Command::CancelDeck);
            }
        } else {
            if let Some(notice) = notice {
                ui.label(notice);
            }
            if ui
                .add_enabled(scenes > 0, egui::Button::new("Save PDF as…"))
                .clicked()
            {
                commands.push(Command::SetBanner(c.banner.trim().to_owned()));
                commands.push(Command::ChooseFile(FileAction::ExportDeck {
                    notes: c.notes,
                }));
            }
        }
    });
    if !open {
        commands.push(Command::ShowDeckExport(false));
    }
    commands
}

/// Draws the data export window while `choice` is set: the whole atlas or the view, the
/// format, and while the data are written the step reached.
pub fn data_window(
    ctx: &egui::Context,
    choice: &mut Option<crate::session::exports::DataChoice>,
    job: Option<&crate::session::exports::DataJob>,
    notice: Option<&str>,
) -> Vec<Command> {
    use crate::export::data::DataFormat;
    let mut commands = Vec::new();
    let Some(c) = choice else {
        return commands;
    };
    let open = fixed_window(ctx, "Export data", |ui| {
        ui.label("For GIS colleagues: the sites, events, routes and regions with their dates and precision, every quote with its article, every reference, and where the record differs.");
        ui.add_space(4.0);
        ui.strong("What");
        ui.radio_value(&mut c.view, false, "The whole atlas (CASA's and yours)");
        ui.radio_value(
            &mut c.view,
            true,
            "What the view shows (its layers, groupings and year)",
        );
        ui.add_space(4.0);
        ui.strong("Format");
        for format in DataFormat::ALL {
            ui.horizontal(|ui| {
                ui.radio_value(&mut c.format, format, format.name());
                ui.weak(match format {
                    DataFormat::GeoPackage => "QGIS, ArcGIS",
                    DataFormat::Kmz => "Google Earth, with CASA's symbols",
                    DataFormat::Kml => "Google Earth, web maps",
                    DataFormat::GeoJson => "web maps, scripts",
                    DataFormat::Csv => "spreadsheets",
                });
            });
        }
        ui.add_space(4.0);
        ui.weak(match c.format {
                DataFormat::GeoPackage => "One file: a table per layer drawn with CASA's symbols (QGIS styles), and the memberships, facts, sources and corrections.",
                DataFormat::Kmz => "The quotes in each placemark's balloon; the time slider plays the periods; memberships as country outlines.",
                DataFormat::Kml => "As the KMZ, without the icons (dots in CASA's colours).",
                DataFormat::GeoJson => "One collection; each feature's sources and corrections as arrays.",
                DataFormat::Csv => "A row per feature with its position; the memberships in a second file beside it.",
            });
        ui.add_space(4.0);
        if let Some(job) = job {
            let (fraction, what) = job.progress();
            ui.add(egui::ProgressBar::new(fraction).text(what));
        } else {
            if let Some(notice) = notice {
                ui.label(notice);
            }
            if ui.button("Save as…").clicked() {
                commands.push(Command::ChooseFile(FileAction::ExportData(*c)));
            }
        }
    });
    if !open {
        commands.push(Command::ShowDataExport(false));
    }
    commands
}
