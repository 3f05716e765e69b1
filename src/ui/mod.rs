//! The user interface: the map view and the panels around it.

pub mod about;
pub mod article;
pub mod authoring;
pub mod briefing_panel;
pub mod compare_view;
pub mod drawing_window;
pub mod export_window;
pub mod file_picker;
pub mod imports_panel;
pub mod layers_panel;
pub mod map_view;
pub mod menu;
pub mod presentation;
pub mod screen;
pub mod shortcuts;
pub mod side_panel;
pub mod status;
pub mod tooltip;

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
    /// Choose the relief under the map.
    SetRelief(crate::model::layers::ReliefStyle),
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
    SetLayers(crate::model::layers::LayerState),
    /// Play or pause the year animation.
    Play(bool),
    /// Open an article, highlighting and scrolling to a span (bytes).
    OpenArticle(usize, std::ops::Range<usize>),
    /// Close the article window.
    CloseArticle,
    /// Open or close the keyboard shortcuts window.
    ShowShortcuts(bool),
    /// Go to a scene of the briefing (by index), with a smooth camera move.
    GoToScene(usize),
    /// Step forward (+1) or back (−1) through the scenes.
    StepScene(i32),
    /// Enter or leave presentation mode.
    Present(bool),
    /// Show or hide the speaker notes window.
    ShowNotes(bool),
    /// Show or hide the legend over the map in presentation mode.
    ShowLegend(bool),
    /// Add a scene made from the current view after the current scene.
    AddScene,
    /// Replace a scene's view, layers, year and selection with the current ones.
    UpdateScene(usize),
    /// Change a scene's name, caption and notes.
    EditScene {
        /// The scene.
        index: usize,
        /// Its new name.
        name: String,
        /// Its new caption.
        caption: String,
        /// Its new speaker notes.
        notes: String,
    },
    /// Draw, measure, or edit drawings.
    Draw(Draw),
    /// Add to the atlas: articles, citations, features.
    Author(Author),
    /// Move a scene up (−1) or down (+1) the list.
    MoveScene(usize, i32),
    /// Delete a scene.
    DeleteScene(usize),
    /// Write the briefing to a file, to share it.
    ExportBriefing(std::path::PathBuf),
    /// Add the scenes of a briefing file after the current ones.
    ImportBriefing(std::path::PathBuf),
    /// Go back to the shipped briefing (the user's file is kept aside, not deleted).
    RestoreShippedBriefing,
    /// Open or close the side-by-side compare view.
    Compare(bool),
    /// Which side of the compare view the layers panel edits (false: left, true: right).
    EditRightSide(bool),
    /// Open or close the slide export window.
    ShowExport(bool),
    /// Write a slide (PNG or SVG by the extension) of a scene, or of the current view.
    ExportSlide {
        /// Where.
        path: std::path::PathBuf,
        /// Which scene; `None`: the current view.
        scene: Option<usize>,
        /// Pixels.
        size: [u32; 2],
    },
    /// Open or close the briefing export (PDF) window.
    ShowDeckExport(bool),
    /// Write the briefing as one PDF: a title page, a page per scene (and its notes page),
    /// the sources.
    ExportDeck {
        /// Where.
        path: std::path::PathBuf,
        /// With speaker-notes pages.
        notes: bool,
    },
    /// Stop writing the deck (nothing is left under its name).
    CancelDeck,
    /// Open or close the data export window (GeoPackage, KML, GeoJSON, CSV).
    ShowDataExport(bool),
    /// Set the briefing's handling mark (empty: none); saved with the briefing.
    SetBanner(String),
    /// Ask for a file with the native dialog, then act on it.
    ChooseFile(FileAction),
    /// Open a file (dropped on the window): a briefing package is presented, any other
    /// file loaded as a layer (in the background).
    OpenFile(std::path::PathBuf),
    /// Stop loading a layer (by index among the loads in progress).
    CancelImport(usize),
    /// Show or hide an imported layer.
    SetImportVisible(usize, bool),
    /// Show this imported layer only.
    SoloImport(usize),
    /// Remove an imported layer (the file is untouched).
    RemoveImport(usize),
    /// Fly to show an imported layer.
    ZoomToImport(usize),
    /// Select a feature of an imported layer: (layer, feature), or clear.
    SelectImported(Option<(usize, usize)>),
}

/// What the user asked of the drawing tools and of the drawings.
#[derive(Clone, Debug, PartialEq)]
pub enum Draw {
    /// Start drawing with a tool, or stop (`None`; what was placed is dropped).
    Tool(Option<crate::edit::drawing::Tool>),
    /// A click on the map while drawing: where, and the feature under the pointer.
    DrawAt {
        /// Where.
        at: crate::geo::projection::LonLat,
        /// The feature hit there, to snap to.
        feature: Option<usize>,
    },
    /// Place a point typed: a site, a capital or "lat,lon".
    Typed(String),
    /// Remove the last point placed.
    UndoPoint,
    /// Finish the drawing: on the sketch, or on the current scene.
    FinishDrawing {
        /// On the map's sketch rather than the scene.
        to_sketch: bool,
    },
    /// Show the points of an annotation as handles, to drag them.
    EditPoints {
        /// Its scene (`None`: the sketch).
        scene: Option<usize>,
        /// Its position in the list.
        annotation: usize,
    },
    /// A handle dragged to a place; `done` when it is let go (one undoable edit).
    MoveHandle {
        /// Which handle.
        index: usize,
        /// Where it is now.
        at: crate::geo::projection::LonLat,
        /// Whether the drag has ended.
        done: bool,
    },
    /// Stop editing points.
    StopEditing,
    /// Give the drawing being edited this label (a callout this text).
    SetText(String),
    /// Undo the last edit of annotations (Ctrl+Z, ⌘Z).
    Undo,
    /// Redo it (Ctrl+Shift+Z, ⌘⇧Z).
    Redo,
    /// Give an annotation another colour (`None`: the map's ink).
    Recolour {
        /// Its scene (`None`: the sketch).
        scene: Option<usize>,
        /// Its position in the list.
        annotation: usize,
        /// The colour.
        colour: Option<crate::model::Actor>,
    },
    /// Draw a range ring on a scene, as typed: its centre (a feature, a capital or
    /// "lat,lon"), its radius in km and its label.
    AddRing {
        /// The scene.
        index: usize,
        /// The centre.
        center: String,
        /// The radius in km.
        radius_km: String,
        /// The label (may be empty).
        label: String,
    },
    /// Remove an annotation.
    RemoveAnnotation {
        /// Its scene (`None`: the sketch).
        scene: Option<usize>,
        /// The annotation's position in the scene.
        annotation: usize,
    },
}

/// What a file chosen in a native dialog is for.
#[derive(Clone, Debug, PartialEq)]
pub enum FileAction {
    /// Save a slide.
    ExportSlide {
        /// Which scene; `None`: the current view.
        scene: Option<usize>,
        /// Pixels.
        size: [u32; 2],
        /// PNG or SVG.
        format: crate::export::SlideFormat,
    },
    /// Save the briefing.
    ExportBriefing,
    /// Save the briefing as a PDF deck.
    ExportDeck {
        /// With speaker-notes pages.
        notes: bool,
    },
    /// Add the scenes of a briefing file.
    ImportBriefing,
    /// Save the briefing as a package (`.casa`).
    SavePackage,
    /// Open a briefing package and present it.
    OpenPackage,
    /// Export the atlas as data for GIS.
    ExportData(crate::session::exports::DataChoice),
    /// Open a GeoJSON or CSV file as a layer.
    OpenLayer,
    /// Read an article's text file into the Add article form.
    ReadArticle,
    /// Save the user's additions to one file.
    ExportAdditions,
    /// Import a colleague's additions.
    ImportAdditions,
}

/// Adding to the atlas: what the forms and the reader ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum Author {
    /// Open the Add article form (with its draft, if one was left).
    AddArticle,
    /// Close it, dropping the draft.
    CloseArticleForm,
    /// Edit one of the user's articles (by id) in the same form.
    EditArticle(String),
    /// Remove one of the user's articles (by id); refused while anything cites it.
    RemoveArticle(String),
    /// Check the form's article and add it to the user's atlas.
    SaveArticle,
    /// Select a sentence in the reader, or extend the selection to it.
    SelectSentence {
        /// The article (index into the corpus).
        article: usize,
        /// The sentence (index into its sentences).
        sentence: usize,
        /// Extend the selection made in the same article.
        extend: bool,
    },
    /// Forget the selected passage.
    ClearPassage,
    /// Cite the selected passage on a feature (by id).
    CiteOn(String),
    /// Cite the selected passage on a membership period (index into the atlas's).
    CiteOnMembership(usize),
    /// Start a new feature citing the selected passage.
    NewFeature,
    /// Edit one of the user's features (by id).
    EditFeature(String),
    /// Delete one of the user's features (by id).
    DeleteFeature(String),
    /// Close the feature form, dropping the draft.
    CloseFeatureForm,
    /// Place the feature by the next click on the map (or stop).
    PlaceOnMap(bool),
    /// Place the feature at the position or place typed in the form.
    PlaceTyped,
    /// Check the form's feature and save it to the user's atlas.
    SaveFeature,
    /// Open the Correct form on a feature (by id), with the passage selected in the reader
    /// as what the article says, if there is one.
    Correct(String),
    /// Check the Correct form's correction and save it to the user's atlas.
    SaveCorrection,
    /// Close the Correct form, dropping the draft.
    CloseCorrectionForm,
    /// Undo the last change to the user's atlas.
    Undo,
    /// Redo it.
    Redo,
    /// Import the colleague's additions as resolved.
    ApplyImport,
    /// Import nothing.
    CancelImport,
}
