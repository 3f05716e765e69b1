//! The forms that add to the user's atlas: Add article, the feature form, and the import
//! of a colleague's additions. They edit drafts kept in the settings (so nothing typed is
//! lost) and ask for the rest by [`Author`] commands.

use crate::session::notices::Notice;
use egui::RichText;

use super::{Author, Command, FileAction};
use crate::edit::authoring::{ArticleDraft, CorrectionDraft, FURNITURE, FeatureDraft, Merge};
use crate::model::corpus::{Corpus, DateBasis};
use crate::model::{Actor, FeatureKind, Precision};

/// The outcome of the last change, green or red.
pub fn notice(ui: &mut egui::Ui, notice: Option<&Notice>) {
    match notice {
        Some(Notice {
            text,
            refused: false,
        }) => {
            ui.label(RichText::new(text).color(egui::Color32::from_rgb(40, 140, 60)));
        }
        Some(Notice {
            text,
            refused: true,
        }) => {
            ui.label(RichText::new(text).color(ui.visuals().error_fg_color));
        }
        None => {}
    }
}

fn labelled(ui: &mut egui::Ui, label: &str, text: &mut String) {
    let l = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    ui.end_row();
}

/// Add article: the text (a file or pasted), what is known of it, and its page furniture
/// marked line by line.
pub fn article_form(
    ctx: &egui::Context,
    draft: &mut ArticleDraft,
    mark: &mut usize,
    outcome: Option<&Notice>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut open = true;
    let title = if draft.editing.is_some() {
        "Edit article"
    } else {
        "Add article"
    };
    egui::Window::new(title)
        .id(egui::Id::unique("casa-add-article"))
        .open(&mut open)
        .default_size([640.0, 640.0])
        .show(ctx, |ui| {
            let new = draft.editing.is_none();
            let text = draft.text.clone();
            ui.add_enabled_ui(new, |ui| text_source(ui, draft, &mut commands));
            if draft.text != text && !draft.furniture.is_empty() {
                // Marks are by line: the lines moved.
                draft.furniture.clear();
            }
            egui::Grid::new("article-meta")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled(ui, "Title", &mut draft.title);
                    labelled(ui, "Outlet", &mut draft.outlet);
                    labelled(ui, "Authors", &mut draft.authors);
                    ui.label("");
                    ui.checkbox(&mut draft.authors_unknown, "Authors unknown");
                    ui.end_row();
                    labelled(ui, "Date", &mut draft.date);
                    ui.label("");
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut draft.date_basis, DateBasis::Stated, "Date stated");
                        ui.radio_value(&mut draft.date_basis, DateBasis::Inferred, "Date inferred");
                    });
                    ui.end_row();
                    labelled(ui, "Date note", &mut draft.date_note);
                    labelled(ui, "URL", &mut draft.url);
                    let l = ui.label("Id");
                    ui.add_enabled(
                        new,
                        egui::TextEdit::singleline(&mut draft.id).desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                });
            if draft.id.trim().is_empty() && ui.button("Propose an id").clicked() {
                draft.id = draft.proposed_id();
            }
            ui.separator();
            furniture(ui, draft, mark);
            notice(ui, outcome);
            ui.horizontal(|ui| {
                let save = if new {
                    "Add to my atlas"
                } else {
                    "Save article"
                };
                if ui.button(save).clicked() {
                    commands.push(Command::Author(Author::SaveArticle));
                }
                if ui.button("Discard").clicked() {
                    commands.push(Command::Author(Author::CloseArticleForm));
                }
            });
        });
    if !open {
        commands.push(Command::Author(Author::CloseArticleForm));
    }
    commands
}

/// Where the text comes from: a file (only read) or pasted; fixed once the article is in
/// the atlas (quotes depend on it).
fn text_source(ui: &mut egui::Ui, draft: &mut ArticleDraft, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.button("Open text file…").clicked() {
            commands.push(Command::ChooseFile(FileAction::ReadArticle));
        }
        if draft.from_file.is_empty() {
            ui.label("or paste the text below");
        } else {
            let name = std::path::Path::new(&draft.from_file)
                .file_name()
                .map_or(draft.from_file.clone(), |n| {
                    n.to_string_lossy().into_owned()
                });
            ui.label(format!("from {name} (only read)"))
                .on_hover_text(&draft.from_file);
        }
    });
    // Offered where a paragraph runs over several lines.
    let wrapped = crate::edit::authoring::is_wrapped(&draft.text);
    if wrapped
        && ui
            .button("Join wrapped lines")
            .on_hover_text(
                "Joins the lines of each paragraph (paragraphs are separated by a blank line) \
                 with a space, so a sentence that wraps can be quoted whole; the stored text \
                 then differs from the file in those line breaks and the spaces at line ends",
            )
            .clicked()
    {
        draft.text = crate::edit::authoring::join_wrapped(&draft.text);
    }
    let text = ui.label("Article text");
    ui.add(
        egui::TextEdit::multiline(&mut draft.text)
            .desired_rows(3)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(text.id);
}

/// The lines of the text: a click marks one as the chosen kind of page furniture, another
/// click unmarks it.
fn furniture(ui: &mut egui::Ui, draft: &mut ArticleDraft, mark: &mut usize) {
    ui.horizontal(|ui| {
        ui.label("Page furniture: click a line to mark it, again to unmark it.");
        let l = ui.label("Mark as");
        let kind = FURNITURE.get(*mark).copied().unwrap_or(FURNITURE[0]);
        egui::ComboBox::from_id_salt("furniture-kind")
            .selected_text(kind.name())
            .show_ui(ui, |ui| {
                for (i, k) in FURNITURE.iter().enumerate() {
                    ui.selectable_value(mark, i, k.name());
                }
            })
            .response
            .labelled_by(l.id);
    });
    let kind = FURNITURE.get(*mark).copied().unwrap_or(FURNITURE[0]);
    let mut toggled = None;
    egui::ScrollArea::vertical()
        .max_height(260.0)
        .id_salt("article-lines")
        .show(ui, |ui| {
            for (n, line) in draft.lines() {
                if line.trim().is_empty() {
                    continue;
                }
                let shown: String = line.chars().take(90).collect();
                let ellipsis = if shown.len() < line.len() { "…" } else { "" };
                let marked = draft.furniture.get(&n);
                ui.horizontal(|ui| {
                    let text = format!("Line {n}: {shown}{ellipsis}");
                    if ui.selectable_label(marked.is_some(), text).clicked() {
                        toggled = Some(n);
                    }
                    if let Some(k) = marked {
                        ui.label(RichText::new(k.name()).italics().small());
                    }
                });
            }
        });
    if let Some(n) = toggled
        && draft.furniture.remove(&n).is_none()
    {
        draft.furniture.insert(n, kind);
    }
}

/// The feature form: what it is, whose, where (a click on the map, a position or a place
/// typed), how precisely, since when, and the passages it cites.
pub fn feature_form(
    ctx: &egui::Context,
    draft: &mut FeatureDraft,
    placing: bool,
    corpus: &Corpus,
    outcome: Option<&Notice>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    if placing {
        // The form steps aside so the whole map can be clicked.
        egui::Window::new("Place the feature")
            .id(egui::Id::unique("casa-placing"))
            .anchor(egui::Align2::CENTER_TOP, [0.0, 40.0])
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.label(format!(
                    "Click the map where {} is.",
                    if draft.name.trim().is_empty() {
                        "the feature"
                    } else {
                        draft.name.trim()
                    }
                ));
                if ui.button("Back to the form").clicked() {
                    commands.push(Command::Author(Author::PlaceOnMap(false)));
                }
            });
        return commands;
    }
    let mut open = true;
    let title = if draft.editing.is_some() {
        "Edit feature"
    } else {
        "New feature"
    };
    egui::Window::new(title)
        .id(egui::Id::unique("casa-feature-form"))
        .open(&mut open)
        .default_size([520.0, 600.0])
        .vscroll(true)
        .show(ctx, |ui| {
            ui.label(RichText::new("Cites").strong());
            for (article, quote) in &draft.sources {
                let title = corpus
                    .get(article)
                    .and_then(|a| a.meta.title.clone())
                    .unwrap_or_else(|| article.clone());
                ui.label(RichText::new(format!("“{quote}” — {title}")).italics());
            }
            egui::Grid::new("feature-form")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled(ui, "Name", &mut draft.name);
                    labelled(ui, "Other names", &mut draft.aliases);
                    choose(
                        ui,
                        "Kind",
                        &mut draft.kind,
                        &FeatureKind::POINT_KINDS,
                        |k| k.label(),
                    );
                    choose(ui, "Actor", &mut draft.actor, &Actor::ALL, |a| a.label());
                    if matches!(draft.actor, Actor::National | Actor::Other) {
                        labelled(ui, "Actor detail", &mut draft.actor_detail);
                    }
                    choose(
                        ui,
                        "Precision",
                        &mut draft.precision,
                        &Precision::ALL,
                        |p| p.label(),
                    );
                    labelled(ui, "Placement note", &mut draft.placement);
                    labelled(ui, "From", &mut draft.from);
                    labelled(ui, "Until", &mut draft.until);
                });
            let years: Vec<i32> = draft
                .sources
                .iter()
                .flat_map(|(_, q)| crate::edit::authoring::years_in(q))
                .collect();
            if !years.is_empty() {
                ui.horizontal(|ui| {
                    ui.label("Years the passage states (sets From):");
                    for y in years {
                        if ui.button(y.to_string()).clicked() {
                            draft.from = y.to_string();
                        }
                    }
                });
            }
            figures(ui, draft);
            ui.separator();
            placement(ui, draft, &mut commands);
            notice(ui, outcome);
            ui.horizontal(|ui| {
                if ui.button("Save feature").clicked() {
                    commands.push(Command::Author(Author::SaveFeature));
                }
                if ui.button("Discard").clicked() {
                    commands.push(Command::Author(Author::CloseFeatureForm));
                }
            });
        });
    if !open {
        commands.push(Command::Author(Author::CloseFeatureForm));
    }
    commands
}

/// The feature's figures, each in the words of the first passage; the numbers the passage
/// states are offered.
fn figures(ui: &mut egui::Ui, draft: &mut FeatureDraft) {
    let offered = draft
        .sources
        .first()
        .map(|(_, q)| crate::edit::authoring::figures_in(q))
        .unwrap_or_default();
    if !offered.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Figures the passage states (adds one):");
            for f in offered {
                if ui.button(&f).clicked() {
                    draft.figures.push((String::new(), f, draft.first_quote));
                }
            }
        });
    }
    let mut remove = None;
    for (i, (label, value, _)) in draft.figures.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            let l = ui.label(format!("Figure {}", i + 1));
            ui.add(
                egui::TextEdit::singleline(label)
                    .hint_text("what (troops)")
                    .desired_width(120.0),
            )
            .labelled_by(l.id);
            let w = ui.label("in the passage's words:");
            ui.add(egui::TextEdit::singleline(value).desired_width(200.0))
                .labelled_by(w.id);
            if ui.button("Remove").clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        draft.figures.remove(i);
    }
}

fn choose<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) {
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(label)
        .selected_text(name(*value))
        .height(600.0)
        .show_ui(ui, |ui| {
            for v in all {
                ui.selectable_value(value, *v, name(*v));
            }
        })
        .response
        .labelled_by(l.id);
    ui.end_row();
}

fn placement(ui: &mut egui::Ui, draft: &mut FeatureDraft, commands: &mut Vec<Command>) {
    match draft.position {
        Some([lon, lat]) => ui.label(format!(
            "At {lat:.4}°N {lon:.4}°E, in {}",
            if draft.countries.is_empty() {
                "no country of the atlas".to_owned()
            } else {
                draft.countries.join(", ")
            }
        )),
        None => ui.label("Not placed yet."),
    };
    if ui.button("Place on map").clicked() {
        commands.push(Command::Author(Author::PlaceOnMap(true)));
    }
    ui.horizontal(|ui| {
        let l = ui.label("Position or place");
        ui.add(egui::TextEdit::singleline(&mut draft.typed).hint_text("41.3, 69.24 or a site"))
            .labelled_by(l.id);
        if ui.button("Place").clicked() {
            commands.push(Command::Author(Author::PlaceTyped));
        }
    });
}

/// The Correct form: what the record says where it differs from a feature, and the named
/// reference it rests on.
pub fn correction_form(
    ctx: &egui::Context,
    draft: &mut CorrectionDraft,
    name: &str,
    outcome: Option<&Notice>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new(format!("Correct: {name}"))
        .id(egui::Id::unique("casa-correction-form"))
        .open(&mut open)
        .default_size([520.0, 420.0])
        .show(ctx, |ui| {
            ui.label(
                "A shipped feature is never changed silently: the correction sits beside \
                 what the article says, with the reference it rests on.",
            );
            if let Some((_, quote)) = &draft.passage {
                ui.label(RichText::new(format!("The article: “{quote}”")).italics());
            }
            egui::Grid::new("correction-form")
                .num_columns(2)
                .show(ui, |ui| {
                    labelled(
                        ui,
                        "About (period, kind, position, figures.…)",
                        &mut draft.about,
                    );
                    labelled(ui, "The article says", &mut draft.article_says);
                    labelled(ui, "The record says", &mut draft.record);
                    labelled(ui, "Reference", &mut draft.reference);
                    labelled(ui, "Date of the record", &mut draft.date);
                });
            notice(ui, outcome);
            ui.horizontal(|ui| {
                if ui.button("Save correction").clicked() {
                    commands.push(Command::Author(Author::SaveCorrection));
                }
                if ui.button("Discard").clicked() {
                    commands.push(Command::Author(Author::CloseCorrectionForm));
                }
            });
        });
    if !open {
        commands.push(Command::Author(Author::CloseCorrectionForm));
    }
    commands
}

/// A colleague's additions: what is new, and each item both have differently, kept or
/// taken by choice.
pub fn import_window(
    ctx: &egui::Context,
    merge: &mut Merge,
    outcome: Option<&Notice>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let mut open = true;
    egui::Window::new("Import additions")
        .id(egui::Id::unique("casa-import-additions"))
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(format!(
                "{} new item(s); {} already in your atlas as they are.",
                merge.new, merge.same
            ));
            if !merge.conflicts.is_empty() {
                ui.label(RichText::new("Both have these, differently:").strong());
            }
            for c in &mut merge.conflicts {
                ui.horizontal(|ui| {
                    ui.label(format!("{} {}", c.what, c.id));
                    ui.radio_value(&mut c.take_theirs, false, format!("Keep mine: {}", c.id));
                    ui.radio_value(&mut c.take_theirs, true, format!("Take theirs: {}", c.id));
                });
            }
            notice(ui, outcome);
            ui.horizontal(|ui| {
                if ui.button("Import").clicked() {
                    commands.push(Command::Author(Author::ApplyImport));
                }
                if ui.button("Cancel").clicked() {
                    commands.push(Command::Author(Author::CancelImport));
                }
            });
        });
    if !open {
        commands.push(Command::Author(Author::CancelImport));
    }
    commands
}
