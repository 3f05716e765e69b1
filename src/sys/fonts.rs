//! Text in any script: egui's embedded fonts cover Latin, Greek and Cyrillic; a name in a
//! script they lack (Chinese, Arabic, Devanagari…) in a user's layer falls back to a system
//! font with its glyphs. egui asks a font provider the first time a character has no glyph
//! (egui's own `egui_system_font_provider`, what eframe's `system_fonts` feature installs;
//! the app installs this one instance on its context instead) and shapes the text with
//! HarfBuzz (joined Arabic letters). The composer's headless fonts ask the same provider,
//! and the page painters draw from the faces it found (`paint::glyphs`), so a slide draws
//! the glyphs the screen draws.

use std::sync::Arc;

use epaint::text::FontProvider;

/// The provider of system fonts for characters the embedded fonts lack (it lists the
/// system's fonts on first need, once per process).
pub fn system_provider() -> Arc<dyn FontProvider> {
    static PROVIDER: std::sync::OnceLock<Arc<dyn FontProvider>> = std::sync::OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(egui_system_font_provider::SystemFontProvider::new()))
        .clone()
}
