//! "Open article": the whole article, page furniture hidden, scrolled to the passage with
//! the quote highlighted.

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText};

use super::{Author, Command};
use crate::edit::authoring::SentenceRange;
use crate::model::corpus::{Article, Corpus, PartKind};
use crate::render::style::Palette;

/// Text with one highlighted span (bytes of `text`), as a wrapped layout job.
pub fn highlighted(
    text: &str,
    highlight: std::ops::Range<usize>,
    palette: &Palette,
    size: f32,
) -> LayoutJob {
    numbered(None, text, highlight, palette, size)
}

/// [`highlighted`], after a muted prefix such as "[2] ".
pub fn numbered(
    prefix: Option<&str>,
    text: &str,
    highlight: std::ops::Range<usize>,
    palette: &Palette,
    size: f32,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    let plain = TextFormat {
        font_id: FontId::proportional(size),
        color: palette.label,
        ..TextFormat::default()
    };
    if let Some(prefix) = prefix {
        let muted = TextFormat {
            color: palette.label_minor,
            ..plain.clone()
        };
        job.append(prefix, 0.0, muted);
    }
    let marked = TextFormat {
        background: palette.selection.gamma_multiply(0.28),
        underline: egui::Stroke::new(1.5, palette.selection),
        ..plain.clone()
    };
    let h = highlight.start.min(text.len())..highlight.end.min(text.len());
    let valid = text.is_char_boundary(h.start) && text.is_char_boundary(h.end);
    if h.is_empty() || !valid {
        job.append(text, 0.0, plain);
        return job;
    }
    job.append(&text[..h.start], 0.0, plain.clone());
    job.append(&text[h.clone()], 0.0, marked);
    job.append(&text[h.end..], 0.0, plain);
    job
}

/// Citing from the reader: the passage selected, its quote as trimmed, and the features it
/// can be cited on.
pub struct Citing<'a> {
    /// Whether the reader is in citing mode (sentences clickable, furniture shown).
    pub on: &'a mut bool,
    /// The passage selected and its quote.
    pub passage: Option<(&'a SentenceRange, &'a mut String)>,
    /// The feature chosen to cite it on.
    pub cite_on: &'a mut Option<String>,
    /// Every feature: id and name.
    pub features: Vec<(String, String)>,
    /// The membership period chosen to cite it on (index into the atlas's).
    pub cite_membership: &'a mut Option<usize>,
    /// Every membership period, named ("CSTO · Kazakhstan · member from 1994").
    pub memberships: Vec<String>,
    /// What the last change did, or why it was refused.
    pub notice: Option<&'a crate::session::notices::Notice>,
    /// Whether the article is one the user added (then it can be edited or removed).
    pub users: bool,
}

/// The article window's id (Esc while presenting closes it when it is on top).
pub fn window_id() -> egui::Id {
    egui::Id::unique("casa-article")
}

/// Draws the article window; returns `CloseArticle` when closed.
pub fn article_window(
    ctx: &egui::Context,
    corpus: &Corpus,
    index: usize,
    highlight: std::ops::Range<usize>,
    scroll: bool,
    palette: &Palette,
    mut citing: Citing<'_>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(article) = corpus.articles.get(index) else {
        commands.push(Command::CloseArticle);
        return commands;
    };
    let mut open = true;
    let title = article
        .meta
        .title
        .clone()
        .unwrap_or_else(|| "Untitled article".to_owned());
    egui::Window::new(format!("Article: {title}"))
        .id(window_id())
        .open(&mut open)
        .default_size([620.0, 560.0])
        .show(ctx, |ui| {
            ui.label(RichText::new(&title).heading());
            ui.label(format!(
                "{} · {} · {}",
                article.meta.outlet.as_deref().unwrap_or("outlet unknown"),
                article.meta.authors_text(),
                article.meta.date_text()
            ));
            if !article.meta.title_in_file {
                ui.label(
                    RichText::new(
                        "The title is not printed in the file; it comes from the outlet.",
                    )
                    .small(),
                );
            }
            if let Some(t) = &article.meta.translator {
                ui.label(RichText::new(format!("Translated by {t}.")).small());
            }
            ui.label(
                RichText::new(format!(
                    "File: {} (page furniture {})",
                    article.meta.file,
                    if *citing.on { "shown muted" } else { "hidden" }
                ))
                .small(),
            );
            ui.horizontal(|ui| {
                ui.checkbox(citing.on, "Cite from this article");
                if citing.users {
                    if ui.button("Edit article").clicked() {
                        commands.push(Command::Author(Author::EditArticle(
                            article.meta.id.clone(),
                        )));
                    }
                    if ui.button("Remove article").clicked() {
                        commands.push(Command::Author(Author::RemoveArticle(
                            article.meta.id.clone(),
                        )));
                    }
                }
            });
            if *citing.on {
                cite_panel(ui, article, &mut citing, &mut commands);
            }
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                if *citing.on {
                    let selected = citing.passage.as_ref().map(|(p, _)| (*p).clone());
                    commands.extend(sentences(ui, index, article, selected, palette));
                    return;
                }
                for part in &article.parts {
                    let text = &article.text[part.range.clone()];
                    match part.kind {
                        PartKind::Heading => {
                            ui.add_space(6.0);
                            ui.label(RichText::new(text).strong().size(17.0));
                        }
                        PartKind::Body | PartKind::Caption | PartKind::Standfirst => {
                            let local = highlight.start.saturating_sub(part.range.start)
                                ..highlight.end.saturating_sub(part.range.start);
                            let contains = highlight.start >= part.range.start
                                && highlight.end <= part.range.end;
                            let mut job = highlighted(
                                text,
                                if contains { local } else { 0..0 },
                                palette,
                                15.0,
                            );
                            job.wrap.max_width = ui.available_width();
                            if let Some(label) = part.kind.label() {
                                ui.label(RichText::new(format!("[{label}]")).small().italics());
                            }
                            let response = ui.label(job);
                            if contains && scroll {
                                response.scroll_to_me(Some(egui::Align::Center));
                            }
                            ui.add_space(4.0);
                        }
                        _ => {}
                    }
                }
            });
        });
    if !open {
        commands.push(Command::CloseArticle);
    }
    commands
}

/// The passage selected: its quote (which may be trimmed, checked verbatim as typed), and
/// where to cite it.
fn cite_panel(
    ui: &mut egui::Ui,
    article: &Article,
    citing: &mut Citing<'_>,
    commands: &mut Vec<Command>,
) {
    let Some((_, quote)) = &mut citing.passage else {
        ui.label("Click a sentence to select it; Shift+click another to extend the selection.");
        super::authoring::notice(ui, citing.notice);
        return;
    };
    let l = ui.label("Quote (trim it if you like; it must stay word for word)");
    ui.add(
        egui::TextEdit::multiline(*quote)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    let verbatim = match article.find_quote(quote) {
        Ok(_) => RichText::new("✔ word for word in what the article says").small(),
        Err(miss) => RichText::new(format!("✖ {miss}"))
            .small()
            .color(ui.visuals().error_fg_color),
    };
    ui.label(verbatim);
    ui.horizontal(|ui| {
        let chosen = citing
            .cite_on
            .as_ref()
            .and_then(|id| citing.features.iter().find(|(i, _)| i == id))
            .map_or("choose a feature", |(_, name)| name.as_str());
        let l = ui.label("Cite on");
        egui::ComboBox::from_id_salt("cite-on")
            .selected_text(chosen)
            .height(400.0)
            .show_ui(ui, |ui| {
                for (id, name) in &citing.features {
                    ui.selectable_value(citing.cite_on, Some(id.clone()), name);
                }
            })
            .response
            .labelled_by(l.id);
        if let Some(id) = citing.cite_on.clone() {
            if ui.button("Cite").clicked() {
                commands.push(Command::Author(Author::CiteOn(id.clone())));
            }
            if ui.button("Correct it with this passage…").clicked() {
                commands.push(Command::Author(Author::Correct(id)));
            }
        }
    });
    ui.horizontal(|ui| {
        let chosen = citing
            .cite_membership
            .and_then(|i| citing.memberships.get(i))
            .map_or("choose a membership", String::as_str);
        let l = ui.label("or on a membership");
        egui::ComboBox::from_id_salt("cite-on-membership")
            .selected_text(chosen)
            .height(400.0)
            .show_ui(ui, |ui| {
                for (i, name) in citing.memberships.iter().enumerate() {
                    ui.selectable_value(citing.cite_membership, Some(i), name);
                }
            })
            .response
            .labelled_by(l.id);
        if let Some(i) = *citing.cite_membership
            && ui.button("Cite on the membership").clicked()
        {
            commands.push(Command::Author(Author::CiteOnMembership(i)));
        }
    });
    ui.horizontal(|ui| {
        if ui.button("New feature from this passage").clicked() {
            commands.push(Command::Author(Author::NewFeature));
        }
        if ui.button("Clear selection").clicked() {
            commands.push(Command::Author(Author::ClearPassage));
        }
    });
    super::authoring::notice(ui, citing.notice);
}

/// The article in citing mode: each sentence of its content a line a click selects (Shift
/// extends), page furniture shown muted with its kind.
fn sentences(
    ui: &mut egui::Ui,
    index: usize,
    article: &Article,
    selected: Option<SentenceRange>,
    palette: &Palette,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let chosen = selected
        .filter(|p| p.article == index)
        .map(|p| p.first.min(p.last)..=p.first.max(p.last));
    let mut next = 0;
    for (p, part) in article.parts.iter().enumerate() {
        let text = &article.text[part.range.clone()];
        if !part.kind.is_content() {
            ui.label(
                RichText::new(format!(
                    "[{} · line {}] {text}",
                    part.kind.name(),
                    part.line
                ))
                .italics()
                .color(palette.label_minor),
            );
            continue;
        }
        ui.add_space(4.0);
        while let Some(s) = article.sentences.get(next).filter(|s| s.part == p) {
            let on = chosen.as_ref().is_some_and(|r| r.contains(&next));
            let sentence = &article.text[s.range.clone()];
            let mut job = highlighted(
                sentence,
                if on { 0..sentence.len() } else { 0..0 },
                palette,
                15.0,
            );
            job.wrap.max_width = ui.available_width();
            let response = ui.add(egui::Label::new(job).sense(egui::Sense::click()));
            if response.clicked() {
                let extend = ui.input(|i| i.modifiers.shift);
                commands.push(Command::Author(Author::SelectSentence {
                    article: index,
                    sentence: next,
                    extend,
                }));
            }
            next += 1;
        }
    }
    commands
}
