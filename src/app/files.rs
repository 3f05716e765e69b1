//! What a file chosen in a dialog is for: the dialog asked (its title, the files shown, the
//! name proposed), then the chosen file handed to the area that asked, its folder
//! remembered.

use std::path::Path;

use super::CasaApp;
use super::dialogs::{DialogParent, Request};
use crate::data::package::PACKAGE_EXTENSION;
use crate::ui::FileAction;
use crate::ui::file_picker::model::{PickerSpec, remember_folder, start_folder};

impl CasaApp {
    /// Asks for a file (the system's dialog, else CASA's picker), then acts on it.
    pub(super) fn choose_file(&mut self, action: FileAction) {
        let request = Request {
            spec: self.picker_spec(&action),
            folder: start_folder(&self.settings.recent_folders),
            action,
        };
        self.dialogs.ask(request);
    }

    /// Opens the native dialog asked for this frame, over `parent`.
    pub(super) fn open_pending_dialog(&mut self, parent: &dyn DialogParent) {
        self.dialogs.open_pending(parent);
    }

    /// Takes the native dialog's answer, once it is given, and acts on it.
    pub(super) fn poll_dialog(&mut self, ctx: &egui::Context) {
        if let Some((action, path)) = self.dialogs.poll(ctx) {
            self.file_chosen(action, &path);
        }
    }

    /// Draws CASA's picker when it is open, and acts on the file chosen in it.
    pub(super) fn picker(&mut self, ctx: &egui::Context) {
        if let Some((action, path)) = self.dialogs.show_picker(ctx, &self.settings.recent_folders) {
            self.file_chosen(action, &path);
        }
    }

    /// What a dialog for `action` asks: its title, the files shown, the name proposed.
    fn picker_spec(&self, action: &FileAction) -> PickerSpec {
        let spec = |title: &str, filter: &str, extensions: Vec<&'static str>| PickerSpec {
            title: title.into(),
            filter: filter.into(),
            extensions,
            save_name: None,
        };
        match action {
            FileAction::ExportSlide { scene, format, .. } => {
                let name = scene
                    .and_then(|i| self.presentation.briefing.scenes.get(i))
                    .map_or("casa-view".to_owned(), |s| {
                        crate::export::file_stem(&s.name)
                    });
                let extension = format.extension();
                PickerSpec {
                    save_name: Some(format!("{name}.{extension}")),
                    ..spec("Export slide", format.description(), vec![extension])
                }
            }
            FileAction::ExportBriefing => PickerSpec {
                save_name: Some("briefing.json".into()),
                ..spec("Export briefing", "CASA briefing", vec!["json"])
            },
            FileAction::ExportDeck { .. } => {
                let name = crate::export::file_stem(&self.presentation.briefing.title);
                PickerSpec {
                    save_name: Some(format!("{name}.pdf")),
                    ..spec("Export briefing as PDF", "PDF document", vec!["pdf"])
                }
            }
            FileAction::ImportBriefing => spec("Import briefing", "CASA briefing", vec!["json"]),
            FileAction::SavePackage => {
                let name = crate::export::file_stem(&self.presentation.briefing.title);
                PickerSpec {
                    save_name: Some(format!("{name}.{PACKAGE_EXTENSION}")),
                    ..spec(
                        "Save briefing as package",
                        "CASA briefing package",
                        vec![PACKAGE_EXTENSION],
                    )
                }
            }
            FileAction::OpenPackage => spec(
                "Open briefing package",
                "CASA briefing package",
                vec![PACKAGE_EXTENSION],
            ),
            FileAction::ExportData(choice) => {
                let extension = choice.format.extension();
                let name = if choice.view {
                    "casa-view"
                } else {
                    "casa-atlas"
                };
                PickerSpec {
                    save_name: Some(format!("{name}.{extension}")),
                    ..spec("Export data", choice.format.name(), vec![extension])
                }
            }
            FileAction::OpenLayer => spec(
                "Open layer",
                "GeoJSON, CSV, KML/KMZ, GPX, Shapefile or GeoPackage",
                crate::data::user_layer::LayerFormat::EXTENSIONS.to_vec(),
            ),
            FileAction::ReadArticle => spec("Add article", "Text", vec!["txt", "md"]),
            FileAction::ExportAdditions => PickerSpec {
                save_name: Some("casa-additions.json".into()),
                ..spec("Export my additions", "CASA additions", vec!["json"])
            },
            FileAction::ImportAdditions => spec("Import additions", "CASA additions", vec!["json"]),
        }
    }

    /// Acts on a chosen file, and remembers its folder.
    fn file_chosen(&mut self, action: FileAction, path: &Path) {
        if let Some(folder) = path.parent() {
            remember_folder(&mut self.settings.recent_folders, folder);
        }
        match action {
            FileAction::ExportSlide { scene, size, .. } => self.export_slide(path, scene, size),
            FileAction::ExportBriefing => self.export_briefing(path),
            FileAction::ExportDeck { notes } => self.export_deck(path, notes),
            FileAction::ImportBriefing => self.import_briefing(path),
            FileAction::SavePackage => self.save_package(path),
            FileAction::OpenPackage => self.open_package(path.to_path_buf()),
            FileAction::ExportData(choice) => self.export_data(path, choice),
            // A briefing package chosen here is opened as one.
            FileAction::OpenLayer => self.open_file(path.to_path_buf()),
            FileAction::ReadArticle => self.read_article_file(path),
            FileAction::ExportAdditions => self.export_additions(path),
            FileAction::ImportAdditions => self.import_additions(path),
        }
    }
}
