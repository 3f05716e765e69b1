//! Applying a command: each [`Command`] the panels return is applied here, once, at the end
//! of the frame; the areas' own commands go on to their files.

use super::CasaApp;
use crate::compose::Selection;
use crate::model::layers::{FeatureLayer, Visibility, YEARS};
use crate::render::style::Palette;
use crate::ui::Command;

impl CasaApp {
    /// Applies one command.
    pub fn run_cmd(&mut self, ctx: &egui::Context, command: Command) {
        let now = ctx.input(|i| i.time);
        match command {
            Command::Select(selection) => {
                self.maps.selection = selection.map_or(Selection::None, Selection::Country);
            }
            Command::SelectFeature(selection) => {
                self.maps.selection = selection.map_or(Selection::None, Selection::Feature);
            }
            Command::SelectImported(selection) => {
                self.maps.selection =
                    selection.map_or(Selection::None, |(l, f)| Selection::Imported(l, f));
            }
            Command::OpenFile(path) => self.open_file(path),
            Command::CancelImport(i) => self.cancel_import(i),
            Command::SetImportVisible(i, on) => self.set_import_visible(i, on),
            Command::SoloImport(i) => self.solo_import(i),
            Command::RemoveImport(i) => self.remove_import(i),
            Command::ZoomToImport(i) => self.zoom_to_import(i, now),
            Command::FlyToFeature(index) => self.fly_to_feature(index, now),
            Command::FlyToCountry(index) => {
                if let Some(g) = self.doc.geometry.countries.get(index) {
                    self.maps.fly_to_bounds(g.bounds, now);
                }
                self.maps.selection = Selection::Country(index);
            }
            Command::SetLayers(layers) => match &mut self.maps.compare {
                Some(c) if c.editing => {
                    c.side.layers = layers;
                    self.maps.refresh_compare(&self.doc.atlas);
                }
                _ => {
                    self.settings.layers = layers;
                    self.refresh_layers();
                }
            },
            Command::Play(on) => {
                self.panels.playing_since = on.then_some(now);
                if on && self.settings.layers.year.is_none_or(|y| y >= *YEARS.end()) {
                    self.settings.layers.year = Some(*YEARS.start());
                    self.refresh_layers();
                }
            }
            Command::OpenArticle(article, range) => self.open_article(Some((article, range))),
            Command::CloseArticle => self.open_article(None),
            Command::ShowShortcuts(open) => self.panels.shortcuts_open = open,
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                self.palette = Palette::of(theme);
                self.apply_theme(ctx);
            }
            Command::SetGraticule(on) => self.settings.show_graticule = on,
            Command::SetRelief(style) => self.settings.relief = style,
            Command::ShowAbout(open) => self.panels.about_open = open,
            Command::ResetView => self.maps.main.reset(&self.doc.geometry.projection),
            Command::Compare(on) => {
                let right = on.then(|| self.settings.layers.clone());
                self.set_compare(right);
            }
            Command::EditRightSide(right) => {
                if let Some(c) = &mut self.maps.compare {
                    c.editing = right;
                }
            }
            Command::Draw(draw) => self.drawing_command(draw),
            Command::Author(author) => self.author(author),
            Command::ChooseFile(action) => self.choose_file(action),
            Command::ShowExport(_)
            | Command::ExportSlide { .. }
            | Command::ShowDeckExport(_)
            | Command::ExportDeck { .. }
            | Command::CancelDeck
            | Command::ShowDataExport(_)
            | Command::SetBanner(_) => self.export_command(command),
            briefing => self.briefing_command(ctx, briefing),
        }
    }

    /// Recomputes what is shown after the layers or the year changed.
    pub fn refresh_layers(&mut self) {
        self.maps
            .show_layers(&self.doc.atlas, self.settings.layers.clone());
    }

    /// Opens (with these layers) or closes the compare view.
    pub fn set_compare(&mut self, right: Option<crate::model::layers::LayerState>) {
        self.maps.replace_compare(right);
        self.maps.refresh_compare(&self.doc.atlas);
    }

    /// Flies to a feature and selects it; searching for a hidden feature shows its layer
    /// again.
    fn fly_to_feature(&mut self, index: usize, now: f64) {
        if self.maps.side.visibility.get(index) == Some(&Visibility::Hidden)
            && let Some(f) = self.doc.atlas.features.get(index)
        {
            self.settings.layers.set(FeatureLayer::of(f), true);
            self.settings.layers.year = None;
            self.refresh_layers();
        }
        if let Some(g) = self.doc.content.geometry.features.get(index) {
            self.maps.fly_to_bounds(g.bounds, now);
        }
        self.maps.selection = Selection::Feature(index);
    }

    /// Opens the reader on an article at a span, or closes it; a passage selected in
    /// another article is forgotten.
    /// While presenting, the article opened from the side panel is another window, closed
    /// when presenting ends (the one open before is back then).
    pub(super) fn open_article(&mut self, at: Option<(usize, std::ops::Range<usize>)>) {
        let slot = if self.presentation.presenting {
            &mut self.panels.article_presenting
        } else {
            &mut self.panels.article
        };
        let same = matches!((&*slot, &at), (Some((a, _)), Some((b, _))) if a == b);
        self.panels.scroll_article = at.is_some();
        *slot = at;
        if !same {
            self.authoring.passage = None;
        }
    }
}
