//! "Open article": the whole article, page furniture hidden, scrolled to the passage with
//! the quote highlighted.

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText};

use super::Command;
use crate::corpus::{Corpus, PartKind};
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

/// Draws the article window; returns `CloseArticle` when closed.
pub fn article_window(
    ctx: &egui::Context,
    corpus: &Corpus,
    index: usize,
    highlight: std::ops::Range<usize>,
    scroll: bool,
    palette: &Palette,
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
        .id(egui::Id::unique("casa-article"))
        .open(&mut open)
        .default_size([620.0, 560.0])
        .vscroll(true)
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
                    "File: {} (page furniture hidden)",
                    article.meta.file
                ))
                .small(),
            );
            ui.separator();
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
                        let contains =
                            highlight.start >= part.range.start && highlight.end <= part.range.end;
                        let mut job =
                            highlighted(text, if contains { local } else { 0..0 }, palette, 15.0);
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
    if !open {
        commands.push(Command::CloseArticle);
    }
    commands
}
