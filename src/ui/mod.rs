//! The user interface: the map view and the panels around it.

pub mod about;
pub mod map_view;
pub mod menu;
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
}
