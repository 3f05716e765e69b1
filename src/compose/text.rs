//! Text layout for the composer: the same fonts and the same layout engine (epaint's) on
//! screen and off it, so a label measured for the screen is the label a slide shows.

use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use epaint::text::{FontDefinitions, FontInsert, Fonts, TextOptions, ViewportKey};
use epaint::{Color32, FontId, Galley};

/// Lays out text in the app's proportional face (egui's Ubuntu) at a size in points.
pub trait TextLayout {
    /// One line of text, not wrapped.
    fn line(&mut self, text: &str, size: f32, color: Color32) -> Arc<Galley>;
    /// Text wrapped to `width` points.
    fn wrapped(&mut self, text: &str, size: f32, color: Color32, width: f32) -> Arc<Galley>;
}

/// Text layout without a window: epaint's own fonts with the app's font definitions, at
/// the output's pixels per point (a 3840-pixel slide on a 1920-point canvas is 2).
pub struct HeadlessText {
    fonts: MutexGuard<'static, Fonts>,
    pixels_per_point: f32,
}

/// The fonts are parsed once per process and shared (one slide at a time lays out text);
/// characters the embedded fonts lack fall back to system fonts, as on screen.
fn shared_fonts() -> &'static Mutex<Fonts> {
    static FONTS: OnceLock<Mutex<Fonts>> = OnceLock::new();
    FONTS.get_or_init(|| {
        Mutex::new(
            Fonts::new(TextOptions::default(), FontDefinitions::default())
                .with_font_providers(vec![crate::sys::fonts::system_provider()]),
        )
    })
}

/// The system faces the composer has fallen back to so far (for the slides' renderer).
pub fn discovered_fonts() -> Vec<FontInsert> {
    shared_fonts()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .discovered_fonts()
        .to_vec()
}

impl HeadlessText {
    /// The default fonts (the ones the app uses) at this pixel density; layouts not used
    /// since the last slide are evicted.
    pub fn new(pixels_per_point: f32) -> Self {
        let mut fonts = shared_fonts()
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        fonts.begin_pass(TextOptions::default(), ViewportKey::default());
        Self {
            fonts,
            pixels_per_point,
        }
    }
}

impl TextLayout for HeadlessText {
    fn line(&mut self, text: &str, size: f32, color: Color32) -> Arc<Galley> {
        self.fonts
            .with_pixels_per_point(self.pixels_per_point)
            .layout_no_wrap(text.to_owned(), FontId::proportional(size), color)
    }

    fn wrapped(&mut self, text: &str, size: f32, color: Color32, width: f32) -> Arc<Galley> {
        self.fonts
            .with_pixels_per_point(self.pixels_per_point)
            .layout(text.to_owned(), FontId::proportional(size), color, width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_measured_not_guessed() {
        let mut text = HeadlessText::new(1.0);
        let narrow = text.line("iiii", 14.0, Color32::BLACK).size().x;
        let wide = text.line("WWWW", 14.0, Color32::BLACK).size().x;
        assert!(wide > narrow * 2.0, "{wide} vs {narrow}");
        let wrapped = text.wrapped("one two three four five six", 14.0, Color32::BLACK, 60.0);
        assert!(wrapped.rows.len() > 1);
    }
}
