//! The briefing tab: the scene list (where you are), stepping, presenting, and editing the
//! scenes: new from the view, update, rename and caption, reorder, delete, share.

use egui::RichText;

use super::{Command, Draw, FileAction};
use crate::session::panels::{Panels, SceneDraft};
use crate::session::presentation::Presentation;

/// Draws the briefing tab; returns the commands chosen.
pub fn briefing_panel(
    ui: &mut egui::Ui,
    show: &Presentation,
    notice: Option<&str>,
    sketch: &[crate::model::annotation::Entry],
    panels: &mut Panels,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let scenes = &show.briefing.scenes;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(6.0);
            if !show.briefing.title.is_empty() {
                ui.label(RichText::new(&show.briefing.title).strong());
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        show.current.is_some_and(|c| c > 0),
                        egui::Button::new("Previous"),
                    )
                    .on_hover_text("PageUp")
                    .clicked()
                {
                    commands.push(Command::StepScene(-1));
                }
                let can_go_on = show.current.is_none_or(|c| c + 1 < scenes.len());
                if ui
                    .add_enabled(can_go_on && !scenes.is_empty(), egui::Button::new("Next"))
                    .on_hover_text("PageDown or Space")
                    .clicked()
                {
                    commands.push(Command::StepScene(1));
                }
                if ui
                    .button("Present")
                    .on_hover_text("F5: full screen, panels hidden; Esc leaves")
                    .clicked()
                {
                    commands.push(Command::Present(true));
                }
            });
            ui.add_space(6.0);
            ui.label(RichText::new("Scenes").heading().size(18.0));
            if scenes.is_empty() {
                ui.label("No scenes yet: set up the map, then add one from the view.");
            }
            for (i, scene) in scenes.iter().enumerate() {
                let current = show.current == Some(i);
                let text = format!("{}. {}", i + 1, scene.name);
                let label = if current {
                    RichText::new(text).strong()
                } else {
                    RichText::new(text)
                };
                if ui.selectable_label(current, label).clicked() {
                    commands.push(Command::GoToScene(i));
                }
            }
            ui.add_space(6.0);
            if ui
                .button("+ New scene from the view")
                .on_hover_text("The camera, layers, year and selection as they are now")
                .clicked()
            {
                commands.push(Command::AddScene);
            }
            if let Some(i) = show.current.filter(|i| *i < scenes.len()) {
                ui.add_space(6.0);
                scene_editor(ui, show, i, panels, &mut commands);
                drawings_editor(ui, show, i, panels, &mut commands);
            }
            if !sketch.is_empty() {
                egui::CollapsingHeader::new("Sketch on the map")
                    .id_salt("sketch")
                    .show(ui, |ui| {
                        ui.label(
                            RichText::new("Not in any scene; shown over every view")
                                .small()
                                .weak(),
                        );
                        annotation_list(ui, sketch, None, &mut commands);
                    });
            }
            ui.add_space(10.0);
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                if ui.button("Export briefing…").clicked() {
                    commands.push(Command::ChooseFile(FileAction::ExportBriefing));
                }
                if ui
                    .button("Import briefing…")
                    .on_hover_text("Adds the file's scenes after yours; the file is only read")
                    .clicked()
                {
                    commands.push(Command::ChooseFile(FileAction::ImportBriefing));
                }
                if show.is_user && ui.button("Restore the shipped briefing").clicked() {
                    commands.push(Command::RestoreShippedBriefing);
                }
            });
            let whose = match (show.path(), show.is_user) {
                (Some(path), true) => format!("Your briefing, saved in {}", path.display()),
                (_, false) => "The shipped briefing; your edits are saved as your own copy".into(),
                (None, true) => "Your briefing (not saved: no data folder)".into(),
            };
            ui.label(RichText::new(whose).small().weak());
            if let Some(notice) = notice {
                ui.label(RichText::new(notice).small());
            }
        });
    commands
}

fn scene_editor(
    ui: &mut egui::Ui,
    show: &Presentation,
    index: usize,
    panels: &mut Panels,
    commands: &mut Vec<Command>,
) {
    let scene = &show.briefing.scenes[index];
    if panels.scene_draft.as_ref().is_none_or(|d| d.index != index) {
        panels.scene_draft = Some(SceneDraft {
            index,
            name: scene.name.clone(),
            caption: scene.caption.clone(),
            notes: scene.notes.clone(),
            ..SceneDraft::default()
        });
    }
    let Some(draft) = &mut panels.scene_draft else {
        return;
    };
    egui::CollapsingHeader::new(format!("Edit scene {}", index + 1))
        .id_salt("scene-editor")
        .default_open(false)
        .show(ui, |ui| {
            let label = ui.label("Name");
            ui.text_edit_singleline(&mut draft.name)
                .labelled_by(label.id);
            let label = ui.label("Caption");
            ui.add(egui::TextEdit::multiline(&mut draft.caption).desired_rows(3))
                .labelled_by(label.id);
            let label = ui.label("Speaker notes");
            ui.add(egui::TextEdit::multiline(&mut draft.notes).desired_rows(3))
                .labelled_by(label.id);
            let changed = draft.name != scene.name
                || draft.caption != scene.caption
                || draft.notes != scene.notes;
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add_enabled(changed, egui::Button::new("Save text"))
                    .clicked()
                {
                    commands.push(Command::EditScene {
                        index,
                        name: draft.name.clone(),
                        caption: draft.caption.clone(),
                        notes: draft.notes.clone(),
                    });
                }
                if ui
                    .button("Update from the view")
                    .on_hover_text("Keep the text; take the camera, layers, year and selection")
                    .clicked()
                {
                    commands.push(Command::UpdateScene(index));
                }
            });
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add_enabled(index > 0, egui::Button::new("Move up"))
                    .clicked()
                {
                    commands.push(Command::MoveScene(index, -1));
                }
                let last = index + 1 >= show.briefing.scenes.len();
                if ui
                    .add_enabled(!last, egui::Button::new("Move down"))
                    .clicked()
                {
                    commands.push(Command::MoveScene(index, 1));
                }
                if !draft.confirm_delete && ui.button("Delete scene").clicked() {
                    draft.confirm_delete = true;
                }
            });
            if draft.confirm_delete {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("Delete “{}”?", scene.name));
                    if ui.button("Delete").clicked() {
                        commands.push(Command::DeleteScene(index));
                        draft.confirm_delete = false;
                    }
                    if ui.button("Keep").clicked() {
                        draft.confirm_delete = false;
                    }
                });
            }
        });
}

/// The current scene's drawings, listed (see [`annotation_list`]), and a form to draw a
/// range ring by typing its centre, radius and label (checked by the app before it is
/// saved).
fn drawings_editor(
    ui: &mut egui::Ui,
    show: &Presentation,
    index: usize,
    panels: &mut Panels,
    commands: &mut Vec<Command>,
) {
    let scene = &show.briefing.scenes[index];
    let Some(draft) = panels.scene_draft.as_mut().filter(|d| d.index == index) else {
        return;
    };
    egui::CollapsingHeader::new(format!("Drawings on scene {}", index + 1))
        .id_salt("scene-rings")
        .default_open(false)
        .show(ui, |ui| {
            if scene.annotations.is_empty() {
                ui.label(RichText::new("None yet (Draw menu, or a ring below).").weak());
            }
            annotation_list(ui, &scene.annotations, Some(index), commands);
            ui.add_space(4.0);
            ui.label(RichText::new("A range ring").strong());
            let label = ui.label("Ring centre: a feature, a capital, or lat,lon");
            ui.text_edit_singleline(&mut draft.ring_center)
                .labelled_by(label.id);
            let label = ui.label("Ring radius (km)");
            ui.text_edit_singleline(&mut draft.ring_radius)
                .labelled_by(label.id);
            let label = ui.label("Ring label (optional)");
            ui.text_edit_singleline(&mut draft.ring_label)
                .labelled_by(label.id);
            let ready =
                !draft.ring_center.trim().is_empty() && !draft.ring_radius.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new("Draw ring"))
                .on_hover_text("A geodesic circle: every point that far along the Earth's surface")
                .clicked()
            {
                // The app clears the form once the ring is drawn (kept on an error).
                commands.push(Command::Draw(Draw::AddRing {
                    index,
                    center: draft.ring_center.trim().to_owned(),
                    radius_km: draft.ring_radius.trim().to_owned(),
                    label: draft.ring_label.trim().to_owned(),
                }));
            }
        });
}

/// Annotations listed, each with its colour and a button to remove it (`scene`: whose;
/// `None`: the sketch).
pub fn annotation_list(
    ui: &mut egui::Ui,
    entries: &[crate::model::annotation::Entry],
    scene: Option<usize>,
    commands: &mut Vec<Command>,
) {
    for (k, entry) in entries.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}. {}", k + 1, describe(entry)));
            let whose = if scene.is_some() { "" } else { "sketch " };
            if let crate::model::annotation::Entry::Read(a) = entry {
                let mut colour = a.colour();
                let name = format!("Colour of {whose}drawing {}", k + 1);
                if super::drawing_window::colour_combo(ui, &name, &mut colour) {
                    commands.push(Command::Draw(Draw::Recolour {
                        scene,
                        annotation: k,
                        colour,
                    }));
                }
            }
            if matches!(entry, crate::model::annotation::Entry::Read(_))
                && ui
                    .button(format!("Edit points of {whose}drawing {}", k + 1))
                    .on_hover_text("Drag its points on the map")
                    .clicked()
            {
                commands.push(Command::Draw(Draw::EditPoints {
                    scene,
                    annotation: k,
                }));
            }
            if ui
                .button(format!("Remove {whose}drawing {}", k + 1))
                .clicked()
            {
                commands.push(Command::Draw(Draw::RemoveAnnotation {
                    scene,
                    annotation: k,
                }));
            }
        });
    }
}

/// What an annotation is, for its line in the list.
fn describe(entry: &crate::model::annotation::Entry) -> String {
    match entry {
        crate::model::annotation::Entry::Read(a) => a.describe(),
        crate::model::annotation::Entry::Unread(_) => {
            "An annotation CASA cannot read (kept in the file)".into()
        }
    }
}
