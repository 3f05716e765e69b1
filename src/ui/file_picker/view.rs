//! Draws CASA's own file picker ([`crate::ui::file_picker::model`]): recent folders, the path with
//! completion from the folder's listing (Tab, or the arrows and Enter in the popup), the
//! listing itself, and Open (or Save) and Cancel.

use std::path::{MAIN_SEPARATOR, PathBuf};

use crate::ui::file_picker::model::FilePicker;

/// What the user did with the picker this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum PickerOutcome {
    /// Still choosing.
    Open,
    /// This file was chosen.
    Chosen(PathBuf),
    /// Closed without a choice.
    Cancelled,
}

/// The id of the path field (focused when the picker opens).
pub fn path_field_id() -> egui::Id {
    egui::Id::unique("casa-file-picker-path")
}

/// Draws the picker window; `recent` are the recent folders, newest first.
pub fn picker_window(
    ctx: &egui::Context,
    picker: &mut FilePicker,
    unavailable: Option<&str>,
    recent: &[PathBuf],
) -> PickerOutcome {
    let mut outcome = PickerOutcome::Open;
    let mut open = true;
    egui::Window::new(picker.spec.title.clone())
        .id(egui::Id::unique("casa-file-picker"))
        .open(&mut open)
        .collapsible(false)
        .default_width(560.0)
        .show(ctx, |ui| {
            outcome = picker_body(ui, picker, unavailable, recent)
        });
    if !open {
        return PickerOutcome::Cancelled;
    }
    outcome
}

fn picker_body(
    ui: &mut egui::Ui,
    picker: &mut FilePicker,
    unavailable: Option<&str>,
    recent: &[PathBuf],
) -> PickerOutcome {
    let intro = ui.label(
        egui::RichText::new(
            "The system's file dialog is not available here, so CASA lists the files itself: \
             type a path (the names below are suggested as you type; Tab or Enter takes one) \
             or click a folder or file.",
        )
        .weak(),
    );
    if let Some(why) = unavailable {
        intro.on_hover_text(format!("What the system said: {why}"));
    }
    recent_folders(ui, picker, recent);
    ui.horizontal(|ui| {
        if ui
            .button("Up")
            .on_hover_text("The folder above this one")
            .clicked()
        {
            picker.up();
        }
        ui.label(format!("{} ({})", picker.spec.filter, dotted(picker)));
    });
    let chose = path_field(ui, picker);
    let double_clicked = listing(ui, picker);
    ui.separator();
    let choice = picker.choice();
    if let Err(why) = &choice {
        ui.label(egui::RichText::new(why).color(ui.visuals().warn_fg_color));
    } else if picker.spec.saves() && choice.as_ref().is_ok_and(|p| p.exists()) {
        ui.label(
            egui::RichText::new("A file of this name is there: saving replaces it.")
                .color(ui.visuals().warn_fg_color),
        );
    }
    let verb = if picker.spec.saves() { "Save" } else { "Open" };
    let mut outcome = PickerOutcome::Open;
    ui.horizontal(|ui| {
        let button = ui.add_enabled(choice.is_ok(), egui::Button::new(verb));
        if let Ok(path) = &choice
            && (button.clicked() || chose || double_clicked)
        {
            outcome = PickerOutcome::Chosen(path.clone());
        }
        // Esc closes it (egui has already taken the keyboard from the path field).
        let escape =
            !ui.ctx().egui_wants_keyboard_input() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        if ui.button("Cancel").clicked() || escape {
            outcome = PickerOutcome::Cancelled;
        }
    });
    outcome
}

/// The extensions, as "*.geojson, *.csv".
fn dotted(picker: &FilePicker) -> String {
    picker
        .spec
        .extensions
        .iter()
        .map(|e| format!("*.{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn recent_folders(ui: &mut egui::Ui, picker: &mut FilePicker, recent: &[PathBuf]) {
    if recent.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Recent:");
        for folder in recent {
            let name = folder.file_name().map_or_else(
                || folder.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            if ui
                .button(format!("{name}{MAIN_SEPARATOR}"))
                .on_hover_text(folder.display().to_string())
                .clicked()
            {
                picker.go_to(folder);
            }
        }
    });
}

/// The names to suggest for the word being typed: only with the cursor at the end of the
/// path, and only in the folder listed (a folder just typed is listed on the next frame);
/// a file named in full is not suggested again, so Enter then chooses it.
fn suggestions(picker: &FilePicker, query: &egui::CompletionQuery<'_>) -> Vec<egui::Suggestion> {
    if query.word_range.end.0 != query.text.chars().count() {
        return Vec::new();
    }
    let folder: String = query.text.chars().take(query.word_range.start.0).collect();
    let listed = match folder.rfind(['/', MAIN_SEPARATOR]) {
        Some(_) => picker.resolve(&folder) == picker.folder(),
        None => picker.path.rfind(['/', MAIN_SEPARATOR]).is_none(),
    };
    if !listed {
        return Vec::new();
    }
    picker
        .matches_for(query.word)
        .into_iter()
        .filter(|e| e.is_dir || e.name != query.word)
        .take(50)
        .map(|e| {
            let insert = if e.is_dir {
                format!("{}{MAIN_SEPARATOR}", e.name)
            } else {
                e.name.clone()
            };
            egui::Suggestion::new(insert).description(if e.is_dir { "folder" } else { "" })
        })
        .collect()
}

/// The path field with its completion popup; returns whether Enter chose the path.
fn path_field(ui: &mut egui::Ui, picker: &mut FilePicker) -> bool {
    let id = path_field_id();
    let mut text = picker.path.clone();
    let label = ui.label("File path:");
    let edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(f32::INFINITY)
        .hint_text("Path of the file");
    let output = egui::CompletionPopup::new(id)
        .word_boundary(|c| c == '/' || c == MAIN_SEPARATOR)
        .show(ui, edit, |query| suggestions(picker, query));
    let response = output
        .text_edit
        .response
        .response
        .clone()
        .labelled_by(label.id);
    if std::mem::take(&mut picker.focus) {
        response.request_focus();
    }
    if text != picker.path {
        picker.set_path(text);
    }
    output.accepted.is_none()
        && !output.is_open
        && response.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// The folder's entries that match what is typed; a click on a folder enters it, on a file names it; returns whether
/// a file was double-clicked.
fn listing(ui: &mut egui::Ui, picker: &mut FilePicker) -> bool {
    if let Err(why) = picker.entries() {
        ui.label(egui::RichText::new(why).color(ui.visuals().warn_fg_color));
        return false;
    }
    // What is typed after the folder narrows the listing, as it does the suggestions.
    let entries = picker.matches();
    let typed = picker.typed_name();
    let mut clicked = None;
    let mut double = false;
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .max_height(280.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, entries.len(), |ui, rows| {
            for &entry in &entries[rows] {
                // Folders end in the separator, as a shell lists them.
                let label = if entry.is_dir {
                    format!("{}{MAIN_SEPARATOR}", entry.name)
                } else {
                    entry.name.clone()
                };
                let response = ui.selectable_label(!entry.is_dir && entry.name == typed, label);
                if response.clicked() {
                    clicked = Some(entry.clone());
                }
                if response.double_clicked() && !entry.is_dir {
                    double = true;
                }
            }
        });
    if entries.is_empty() {
        ui.label(egui::RichText::new("No folders or matching files here.").weak());
    }
    if let Some(entry) = clicked {
        picker.enter(&entry);
    }
    double
}
