//! The panels' own state between frames (never saved): the search box, the reader, the
//! left panel's tab, the scene being edited, the windows open.

/// The panels' transient state.
#[derive(Debug, Default)]
pub struct Panels {
    /// The search box's text.
    pub search: String,
    /// The last search: its text and what it found (searched again when the text changes).
    pub search_results: Option<(String, Vec<(crate::query::search::Hit, String)>)>,
    /// Focus the search box on the next frame (Ctrl+F).
    pub focus_search: bool,
    /// The article window: which article, and the span to highlight and scroll to.
    pub article: Option<(usize, std::ops::Range<usize>)>,
    /// An article opened from the side panel while presenting (the one opened before, in
    /// `article`, steps aside until presenting ends, and is back then).
    pub article_presenting: Option<(usize, std::ops::Range<usize>)>,
    /// Scroll the article window to its highlight on the next frame.
    pub scroll_article: bool,
    /// Whether the keyboard shortcuts window is open.
    pub shortcuts_open: bool,
    /// Whether the About window is open.
    pub about_open: bool,
    /// The time of the last year step while playing through the years.
    pub playing_since: Option<f64>,
    /// Which tab the left panel shows.
    pub tab: LeftTab,
    /// The text of the scene being edited.
    pub scene_draft: Option<SceneDraft>,
}

/// The left panel's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LeftTab {
    /// Search, layers, memberships, year.
    #[default]
    Layers,
    /// The scenes.
    Briefing,
}

/// A scene's text as being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SceneDraft {
    /// Which scene.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Its caption.
    pub caption: String,
    /// Its notes.
    pub notes: String,
    /// Whether "Delete scene" asks for confirmation now.
    pub confirm_delete: bool,
    /// A new range ring's centre as typed: a feature, a capital or "lat,lon".
    pub ring_center: String,
    /// Its radius in km as typed.
    pub ring_radius: String,
    /// Its label as typed.
    pub ring_label: String,
}

impl SceneDraft {
    /// Empties the range ring's fields (after it was drawn).
    pub fn clear_ring(&mut self) {
        self.ring_center.clear();
        self.ring_radius.clear();
        self.ring_label.clear();
    }
}
