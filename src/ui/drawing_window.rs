//! The window of the drawing tool in use: what to do, the choices of the drawing (label,
//! text, radius, colour, heads, fill), where it will go, and for the ruler what it reads.

use egui::RichText;

use super::{Command, Draw};
use crate::edit::drawing::{InProgress, Tool};
use crate::model::Actor;
use crate::model::annotation::{Fill, Heads};

/// The colours a drawing may take: the map's ink, then the actors'.
pub fn colour_choices() -> impl Iterator<Item = (Option<Actor>, &'static str)> {
    std::iter::once((None, "Ink")).chain(Actor::ALL.into_iter().map(|a| (Some(a), a.label())))
}

/// A colour picker for a drawing, labelled `name` (unique on screen, for screen readers).
pub fn colour_combo(ui: &mut egui::Ui, name: &str, colour: &mut Option<Actor>) -> bool {
    let before = *colour;
    let chosen = colour_choices()
        .find(|(c, _)| *c == *colour)
        .map_or("Ink", |(_, n)| n);
    let label = ui.label(name);
    egui::ComboBox::from_id_salt(name)
        .selected_text(chosen)
        .show_ui(ui, |ui| {
            for (c, n) in colour_choices() {
                ui.selectable_value(colour, c, n);
            }
        })
        .response
        .labelled_by(label.id);
    *colour != before
}

/// Draws the window while a tool is in use; `scene` names where a finished drawing goes
/// (`None`: no scene is shown, so the sketch). Returns the commands chosen.
pub fn drawing_window(
    ctx: &egui::Context,
    drawing: &mut InProgress,
    typed: &mut String,
    scene: Option<&str>,
    notice: Option<&str>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new(format!("Draw: {}", drawing.tool.label()))
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-380.0, 40.0))
        .show(ctx, |ui| {
            ui.label(drawing.tool.hint());
            ui.label(
                RichText::new(format!("{} point(s) placed", drawing.points.len()))
                    .small()
                    .weak(),
            );
            // From the keyboard: a site, a capital or lat,lon, then Enter or Place.
            ui.horizontal(|ui| {
                let label = ui.label("Point");
                let field = ui
                    .text_edit_singleline(typed)
                    .labelled_by(label.id)
                    .on_hover_text("A site, a capital or lat,lon");
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Place").clicked() || entered) && !typed.trim().is_empty() {
                    commands.push(Command::Draw(Draw::Typed(typed.trim().to_owned())));
                }
            });
            choices(ui, drawing);
            if drawing.tool == Tool::Ruler {
                ruler(ui, drawing);
            }
            finish(ui, drawing, scene, &mut commands);
            if let Some(n) = notice.filter(|n| n.starts_with("Not drawn")) {
                ui.label(RichText::new(n).small());
            }
        });
    if !open {
        commands.push(Command::Draw(Draw::Tool(None)));
    }
    commands
}

/// The choices of the drawing being made.
fn choices(ui: &mut egui::Ui, drawing: &mut InProgress) {
    match drawing.tool {
        Tool::Ring => {
            let label = ui.label("Radius (km)");
            ui.text_edit_singleline(&mut drawing.radius_km)
                .labelled_by(label.id);
        }
        Tool::Callout => {
            let label = ui.label("Text");
            ui.add(egui::TextEdit::multiline(&mut drawing.text).desired_rows(2))
                .labelled_by(label.id);
        }
        Tool::Arrow => {
            ui.horizontal(|ui| {
                ui.label("Heads");
                ui.radio_value(&mut drawing.heads, Heads::End, "at the end");
                ui.radio_value(&mut drawing.heads, Heads::Start, "at the start");
                ui.radio_value(&mut drawing.heads, Heads::Both, "both");
            });
            ui.checkbox(&mut drawing.curved, "Curved");
        }
        Tool::Line => {
            ui.checkbox(&mut drawing.dashed, "Dashed");
        }
        Tool::Area => {
            ui.horizontal(|ui| {
                ui.radio_value(&mut drawing.fill, Fill::Tint, "Tinted");
                ui.radio_value(&mut drawing.fill, Fill::Hatch, "Hatched");
            });
        }
        Tool::Ruler => {}
    }
    if drawing.tool != Tool::Callout {
        let label = ui.label("Label (optional)");
        ui.text_edit_singleline(&mut drawing.label)
            .labelled_by(label.id);
    }
    ui.horizontal(|ui| {
        colour_combo(ui, "Colour", &mut drawing.colour);
    });
}

/// The ruler's reading: each leg with its initial bearing, the total, the area.
fn ruler(ui: &mut egui::Ui, drawing: &InProgress) {
    let measured = drawing.measured();
    ui.separator();
    ui.label(
        RichText::new("Geodesic, on the WGS84 ellipsoid")
            .small()
            .weak(),
    );
    for line in measured.lines() {
        ui.label(line);
    }
}

/// Finish (on the scene or the sketch), remove the last point, stop.
fn finish(
    ui: &mut egui::Ui,
    drawing: &InProgress,
    scene: Option<&str>,
    commands: &mut Vec<Command>,
) {
    let enough = drawing.points.len() >= drawing.tool.least();
    let keep = if drawing.tool == Tool::Ruler {
        "Keep as a line"
    } else {
        "Finish"
    };
    ui.separator();
    ui.horizontal_wrapped(|ui| {
        if let Some(name) = scene
            && ui
                .add_enabled(enough, egui::Button::new(format!("{keep} on the scene")))
                .on_hover_text(format!("Saved with the scene “{name}”"))
                .clicked()
        {
            commands.push(Command::Draw(Draw::FinishDrawing { to_sketch: false }));
        }
        if ui
            .add_enabled(enough, egui::Button::new(format!("{keep} on the sketch")))
            .on_hover_text("Saved with your settings; shown over every view")
            .clicked()
        {
            commands.push(Command::Draw(Draw::FinishDrawing { to_sketch: true }));
        }
    });
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(
                !drawing.points.is_empty(),
                egui::Button::new("Remove last point"),
            )
            .clicked()
        {
            commands.push(Command::Draw(Draw::UndoPoint));
        }
        if ui.button("Stop drawing").clicked() {
            commands.push(Command::Draw(Draw::Tool(None)));
        }
    });
}

/// The window while a drawing is edited: drag its points, edit its label, Done.
pub fn reshape_window(
    ctx: &egui::Context,
    what: &str,
    text: &mut String,
    notice: Option<&str>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new("Edit points")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-380.0, 40.0))
        .show(ctx, |ui| {
            ui.label(what);
            ui.label("Drag its points on the map; each move can be undone.");
            let label = ui.label("Its label or text");
            ui.text_edit_singleline(text).labelled_by(label.id);
            if ui.button("Save label").clicked() {
                commands.push(Command::Draw(Draw::SetText(text.clone())));
            }
            if ui.button("Done").clicked() {
                commands.push(Command::Draw(Draw::StopEditing));
            }
            if let Some(n) = notice.filter(|n| n.starts_with("Not ")) {
                ui.label(RichText::new(n).small());
            }
        });
    if !open {
        commands.push(Command::Draw(Draw::StopEditing));
    }
    commands
}
