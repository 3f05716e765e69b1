//! The screen's side of the one map: text measured with the window's own fonts, and the
//! composed draw list handed to egui (the shapes come from [`crate::paint::screen`]).

use std::sync::Arc;

use epaint::{Color32, Galley};

use crate::compose::{DrawList, TextLayout};

/// Text layout with the context's own fonts, at its pixels per point.
pub struct EguiText<'c>(pub &'c egui::Context);

impl TextLayout for EguiText<'_> {
    fn line(&mut self, text: &str, size: f32, color: Color32) -> Arc<Galley> {
        self.0.fonts_mut(|f| {
            f.layout_no_wrap(text.to_owned(), egui::FontId::proportional(size), color)
        })
    }

    fn wrapped(&mut self, text: &str, size: f32, color: Color32, width: f32) -> Arc<Galley> {
        self.0.fonts_mut(|f| {
            f.layout(
                text.to_owned(),
                egui::FontId::proportional(size),
                color,
                width,
            )
        })
    }
}

/// Paints a draw list with an egui painter (the list's clips are intersected with the
/// painter's).
pub fn paint(painter: &egui::Painter, list: &DrawList<'_>) {
    crate::paint::screen::paint(list, &mut |clip, shape| match clip {
        Some(r) => {
            painter.with_clip_rect(r).add(shape);
        }
        None => {
            painter.add(shape);
        }
    });
}
