//! The user interface: the map view and the panels around it.

pub mod about;
pub mod article;
pub mod content_view;
pub mod layers_panel;
pub mod map_view;
pub mod menu;
pub mod shortcuts;
pub mod side_panel;
pub mod status;

/// What the user asked for this frame; applied once, at the end of the frame.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub enum Command {
    /// Select a country (by index into the atlas), or clear the selection.
    Select(Option<usize>),
    /// Switch the theme.
    SetTheme(crate::render::style::Theme),
    /// Show or hide the graticule.
    SetGraticule(bool),
    /// Open or close the About window.
    ShowAbout(bool),
    /// Return the map to the Central Asia overview.
    ResetView,
    /// Select a feature (by index into the atlas's features), or clear the selection.
    SelectFeature(Option<usize>),
    /// Fly the camera to a feature and select it.
    FlyToFeature(usize),
    /// Fly to a country and select it.
    FlyToCountry(usize),
    /// Replace the layer settings (toggles, solo, organisations, year).
    SetLayers(crate::layers::LayerState),
    /// Play or pause the year animation.
    Play(bool),
    /// Open an article, highlighting and scrolling to a span (bytes).
    OpenArticle(usize, std::ops::Range<usize>),
    /// Close the article window.
    CloseArticle,
    /// Open or close the keyboard shortcuts window.
    ShowShortcuts(bool),
}
