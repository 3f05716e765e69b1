//! One frame of the window: the panels laid out (the menu bar, the banner, the left panel,
//! the side panel, the maps, the windows), each returning the commands chosen, applied
//! once at the end.

use super::CasaApp;
use crate::compose::ImportedView;
use crate::model::layers::YEARS;
use crate::session::maps::CompareView;
use crate::session::notices::Topic;
use crate::session::panels::LeftTab;
use crate::ui::{
    Command, about, article, briefing_panel, compare_view, drawing_window, export_window,
    layers_panel, menu, presentation, shortcuts, side_panel, status,
};

/// Seconds after the last keystroke in a form before its draft is saved.
const DRAFT_SAVE_SECONDS: f64 = 2.0;

impl CasaApp {
    /// Draws the whole window and applies what it was asked; `App::ui` delegates here so
    /// tests and benchmarks need no eframe frame.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        self.set_zoom(ui.ctx());
        self.poll_export(ui.ctx());
        self.poll_deck(ui.ctx());
        self.poll_imports(ui.ctx());
        self.poll_packages(ui.ctx());
        self.poll_dialog(ui.ctx());
        let mut commands = self.keyboard(ui.ctx());
        commands.extend(self.play(ui.ctx()));
        commands.extend(dropped_files(ui.ctx()));
        if self.presentation.presenting {
            // The legend goes in the caption bar when the map has no room for it.
            let beside = (self.presentation.legend_in_caption_bar
                && self.settings.presentation_legend)
                .then(|| self.legend_items(&self.maps.shown()));
            egui::Panel::bottom("caption-bar").show(ui, |ui| {
                commands.extend(presentation::caption_bar(
                    ui,
                    &self.presentation,
                    self.settings.presentation_legend,
                    beside.as_deref(),
                    &self.doc.corpus,
                    &self.palette,
                ));
            });
        } else {
            commands.extend(self.top_and_left(ui));
        }
        if !self.presentation.presenting || self.maps.selection != crate::compose::Selection::None {
            egui::Panel::right("side-panel")
                .default_size(360.0)
                .min_size(260.0)
                .max_size(460.0)
                .show(ui, |ui| commands.extend(self.right_panel(ui)));
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            commands.extend(self.map_area(ui));
            self.drop_hint(ui);
        });
        commands.extend(self.windows(ui.ctx()));
        self.picker(ui.ctx());
        self.settings.camera = self.maps.main.camera;
        let ctx = ui.ctx().clone();
        // What a command changes is drawn on the next frame: ask for it now, or it would
        // wait for the next input event (an article window opened only when the pointer
        // moved again).
        if !commands.is_empty() {
            ctx.request_repaint();
        }
        for command in commands {
            self.run_cmd(&ctx, command);
        }
        let busy = self.package_pending() || !self.imports.jobs.is_empty();
        if let Some(screenshot) = &mut self.screenshot {
            screenshot.drive(&ctx, busy);
        }
    }

    /// The menu bar, the data-problems banner and the left panel.
    fn top_and_left(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        egui::Panel::top("menu").show(ui, |ui| {
            let draw = menu::DrawMenu {
                tool: self.drawing.in_progress.as_ref().map(|d| d.tool),
                can_undo: self.drawing.history.can_undo(),
                can_redo: self.drawing.history.can_redo(),
            };
            commands.extend(menu::menu_bar(
                ui,
                &self.settings,
                self.maps.compare.is_some(),
                draw,
                self.authoring.can_undo_redo(),
            ));
        });
        if !self.notices.problems.is_empty() {
            egui::Panel::top("load-issues").show(ui, |ui| {
                status::issues_banner(ui, &self.notices.problems, &self.notices.source);
            });
        }
        egui::Panel::left("layers-panel")
            .default_size(270.0)
            .min_size(240.0)
            .max_size(330.0)
            .show(ui, |ui| commands.extend(self.left_panel(ui)));
        commands
    }

    /// The right panel: the compare view's differences, then what is selected.
    fn right_panel(&self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Some(c) = &self.maps.compare {
            let years = (
                self.settings.layers.membership_year(),
                c.side.layers.membership_year(),
            );
            commands.extend(compare_view::difference_list(ui, &c.differences, years));
            ui.separator();
        }
        let imported = self.maps.selection.imported().and_then(|(l, f)| {
            let i = self.imports.layers.get(l)?;
            Some((i, i.layer.features.get(f)?, l))
        });
        if let Some((layer, feature, index)) = imported {
            commands.extend(side_panel::imported_feature(
                ui,
                layer,
                feature,
                index,
                &self.palette,
            ));
            return commands;
        }
        let view = side_panel::SideView {
            atlas: &self.doc.atlas,
            corpus: &self.doc.corpus,
            related: &self.doc.content.related,
            visibility: &self.maps.side.visibility,
            year: self.settings.layers.membership_year(),
            palette: &self.palette,
            // Editing is not offered to the audience.
            added: self
                .authoring
                .part
                .as_ref()
                .filter(|_| !self.presentation.presenting)
                .map(|p| &p.added),
        };
        commands.extend(side_panel::side_panel(
            ui,
            &view,
            self.maps.selection.country(),
            self.maps.selection.feature(),
        ));
        commands
    }

    /// A file dragged over the window: say what dropping it does.
    fn drop_hint(&self, ui: &egui::Ui) {
        if ui.ctx().input(|i| !i.raw.hovered_files.is_empty()) {
            let rect = ui.max_rect();
            ui.painter()
                .rect_filled(rect, 0.0, self.palette.panel.gamma_multiply(0.6));
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "Drop to add as a layer (GeoJSON or CSV)",
                egui::FontId::proportional(28.0),
                self.palette.label,
            );
        }
    }

    /// The windows: About, shortcuts, slide export, speaker notes, the article.
    fn windows(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut commands = shortcuts::shortcuts_window(ctx, self.panels.shortcuts_open);
        if self.presentation.presenting {
            // The tool windows step aside while presenting (they are back afterwards): only
            // the notes and an article opened from the side panel meanwhile are shown.
            if self.presentation.notes_window {
                commands.extend(presentation::notes_window(ctx, &self.presentation));
            }
            if let Some(at) = self.panels.article_presenting.clone() {
                commands.extend(self.reader(ctx, at));
            }
            return commands;
        }
        commands.extend(about::about_window(ctx, self.panels.about_open));
        if let Some(r) = &self.drawing.reshaping {
            let what = r.working.describe();
            commands.extend(drawing_window::reshape_window(
                ctx,
                &what,
                &mut self.drawing.reshape_text,
                self.notices.text(Topic::Briefing),
            ));
        }
        if let Some(draft) = &mut self.drawing.in_progress {
            let before = draft.clone();
            let scene = self.presentation.current_scene().map(|s| s.name.as_str());
            commands.extend(drawing_window::drawing_window(
                ctx,
                draft,
                &mut self.drawing.typed_point,
                scene,
                self.notices.text(Topic::Briefing),
            ));
            // A radius, label or colour typed shows on the map at once.
            if *draft != before {
                self.refresh_overlay();
            }
        }
        commands.extend(export_window::export_window(
            ctx,
            &mut self.exports.slide_choice,
            &self.presentation.briefing.scenes,
            self.notices.text(Topic::Briefing),
        ));
        commands.extend(export_window::deck_window(
            ctx,
            &mut self.exports.deck_choice,
            self.presentation.briefing.scenes.len(),
            self.exports.deck.as_ref(),
            self.notices.text(Topic::Briefing),
        ));
        commands.extend(export_window::data_window(
            ctx,
            &mut self.exports.data_choice,
            self.exports.data.as_ref(),
            self.notices.text(Topic::Briefing),
        ));
        if let Some(at) = self.panels.article.clone() {
            commands.extend(self.reader(ctx, at));
        }
        commands.extend(self.authoring_windows(ctx));
        commands
    }

    /// The article window, on an article at a span.
    fn reader(
        &mut self,
        ctx: &egui::Context,
        (index, range): (usize, std::ops::Range<usize>),
    ) -> Vec<Command> {
        let scroll = std::mem::take(&mut self.panels.scroll_article);
        let users = self
            .doc
            .corpus
            .articles
            .get(index)
            .is_some_and(|art| self.authoring.is_users_article(&art.meta.id));
        let a = &mut self.authoring;
        let citing = article::Citing {
            on: &mut a.citing,
            passage: a.passage.as_mut().map(|(p, q)| (&*p, q)),
            cite_on: &mut a.cite_on,
            features: self
                .doc
                .atlas
                .features
                .iter()
                .map(|f| (f.id.clone(), f.name.clone()))
                .collect(),
            notice: self.notices.get(Topic::Atlas),
            users,
            cite_membership: &mut a.cite_membership,
            memberships: self
                .doc
                .atlas
                .memberships
                .iter()
                .map(|m| {
                    let country = self
                        .doc
                        .atlas
                        .country(&m.country)
                        .map_or(m.country.0.as_str(), |c| c.name.as_str());
                    format!(
                        "{} · {country} · {} from {}",
                        m.organisation,
                        m.status.label(),
                        m.from
                    )
                })
                .collect(),
        };
        article::article_window(
            ctx,
            &self.doc.corpus,
            index,
            range,
            scroll,
            &self.palette,
            citing,
        )
    }

    /// The forms adding to the user's atlas, when open.
    fn authoring_windows(&mut self, ctx: &egui::Context) -> Vec<Command> {
        use crate::ui::authoring;
        let mut commands = Vec::new();
        let drafts = (
            self.settings.article_draft.clone(),
            self.settings.feature_draft.clone(),
            self.settings.correction_draft.clone(),
        );
        let notice = self.notices.get(Topic::Atlas);
        if let Some(draft) = &mut self.settings.article_draft {
            commands.extend(authoring::article_form(
                ctx,
                draft,
                &mut self.authoring.mark,
                notice,
            ));
        }
        if let Some(draft) = &mut self.settings.feature_draft {
            commands.extend(authoring::feature_form(
                ctx,
                draft,
                self.authoring.placing,
                &self.doc.corpus,
                notice,
            ));
        }
        if let Some(draft) = &mut self.settings.correction_draft {
            let name = self
                .doc
                .atlas
                .feature(&draft.feature)
                .map_or(draft.feature.clone(), |f| f.name.clone());
            commands.extend(authoring::correction_form(ctx, draft, &name, notice));
        }
        if let Some(merge) = &mut self.authoring.merge {
            commands.extend(authoring::import_window(ctx, merge, notice));
        }
        // What is typed in a form is saved with the settings within seconds, so a crash
        // loses none of it.
        let now = ctx.input(|i| i.time);
        let unchanged = drafts.0 == self.settings.article_draft
            && drafts.1 == self.settings.feature_draft
            && drafts.2 == self.settings.correction_draft;
        if !unchanged {
            self.authoring.typed_at = Some(now);
        }
        if let Some(at) = self.authoring.typed_at {
            if now - at >= DRAFT_SAVE_SECONDS {
                self.authoring.typed_at = None;
                self.save_settings();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(DRAFT_SAVE_SECONDS));
            }
        }
        commands
    }

    /// The left panel: its tabs, the layers (of the side being edited) or the briefing.
    fn left_panel(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.panels.tab, LeftTab::Layers, "Map layers");
            ui.selectable_value(&mut self.panels.tab, LeftTab::Briefing, "Briefing");
        });
        ui.separator();
        if self.panels.tab == LeftTab::Briefing {
            return briefing_panel::briefing_panel(
                ui,
                &self.presentation,
                self.notices.text(Topic::Briefing),
                &self.settings.sketch,
                &mut self.panels,
            );
        }
        let mut comparing = self.maps.compare.is_some();
        if ui
            .checkbox(&mut comparing, "Compare side by side")
            .on_hover_text("Two maps, one camera: each side with its own layers and year")
            .changed()
        {
            commands.push(Command::Compare(comparing));
        }
        let (layers, summary) = match &self.maps.compare {
            Some(c) => {
                ui.horizontal(|ui| {
                    ui.label("Editing:");
                    if ui.radio(!c.editing, "left side").clicked() {
                        commands.push(Command::EditRightSide(false));
                    }
                    if ui.radio(c.editing, "right side").clicked() {
                        commands.push(Command::EditRightSide(true));
                    }
                });
                if c.editing {
                    (&c.side.layers, &c.side.summary)
                } else {
                    (&self.settings.layers, &self.maps.side.summary)
                }
            }
            None => (&self.settings.layers, &self.maps.side.summary),
        };
        commands.extend(layers_panel::layers_panel(
            ui,
            &self.doc.atlas,
            layers,
            summary,
            &self.palette,
            &mut self.panels,
            |ui| {
                layers_panel::relief_and_imports(ui, self.settings.relief, |ui| {
                    crate::ui::imports_panel::imports_panel(
                        ui,
                        &self.imports.layers,
                        &self.imports.jobs,
                        self.notices.text(Topic::Layers),
                        &self.palette,
                    )
                })
            },
        ));
        commands
    }

    /// The map, or the two maps of the compare view sharing one camera; in presentation
    /// mode with the legend over them.
    fn map_area(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let mut commands = Vec::new();
        let full = ui.max_rect();
        // While a tool is in use, clicks on either map place points; while a drawing is
        // reshaped, its handles are dragged.
        let handles = self.handles();
        // While presenting the tools step aside: a click selects.
        let tools = !self.presentation.presenting;
        let drawing = self.drawing.in_progress.is_some() && tools;
        self.maps.main.drawing = drawing || self.authoring.placing && tools;
        self.maps.main.handles = if tools { handles.clone() } else { Vec::new() };
        if let Some(c) = &mut self.maps.compare {
            c.map.drawing = drawing;
            c.map.handles = if tools { handles } else { Vec::new() };
        }
        let imported: Vec<ImportedView<'_>> = self.imports.views();
        let selection = self.maps.selection;
        let (doc, palette, subjects) = (&self.doc, &self.palette, &self.presentation.subjects);
        let annotations = &self.drawing.on_screen;
        let graticule = self.settings.show_graticule;
        let relief = crate::render::relief::ReliefVariant::of(self.settings.relief, palette.dark)
            .and_then(|v| self.maps.relief.view(ui.ctx(), &doc.relief, v));
        let scene = |side| {
            let mut scene = side_scene(
                doc, side, palette, graticule, &imported, selection, subjects,
            );
            scene.annotations = annotations;
            scene.relief = relief;
            scene
        };
        let left = scene(&self.maps.side);
        match &mut self.maps.compare {
            None => commands.extend(self.maps.main.ui(ui, &left)),
            Some(CompareView {
                map: right_map,
                side,
                divider,
                ..
            }) => {
                let (l, r) = compare_view::split(ui, full, divider, &self.palette);
                let right = scene(side);
                commands.extend(
                    ui.scope_builder(
                        egui::UiBuilder::new().id_salt("left-map").max_rect(l),
                        |ui| self.maps.main.ui(ui, &left),
                    )
                    .inner,
                );
                // One camera: the right map follows the left, and moving it moves both.
                right_map.camera = self.maps.main.camera;
                let before = right_map.camera;
                commands.extend(
                    ui.scope_builder(
                        egui::UiBuilder::new().id_salt("right-map").max_rect(r),
                        |ui| right_map.ui(ui, &right),
                    )
                    .inner,
                );
                if right_map.camera != before {
                    self.maps.main.camera = right_map.camera;
                    self.maps.main.user_moved = true;
                    self.maps.main.flight = None;
                }
            }
        }
        if self.presentation.presenting && self.settings.presentation_legend {
            self.presentation_legend(ui, full);
        }
        commands
    }

    /// The legend of what both maps show, over them where it covers nothing they show
    /// (else a compact strip along an edge, else beside the map in the caption bar, for the
    /// rest of the scene), named for screen readers.
    fn presentation_legend(&mut self, ui: &mut egui::Ui, full: egui::Rect) {
        self.maps.legend = None;
        if self.presentation.legend_in_caption_bar {
            return;
        }
        let shown = self.maps.shown();
        let items = self.legend_items(&shown);
        let drawn = presentation::draw_legend(ui, full, &self.palette, &items, &shown.occupied);
        match drawn {
            Some(rect) => {
                self.maps.legend = Some(rect);
                // Painted, so it is named for screen readers (and tests) here.
                presentation::name_legend(ui, rect, &items);
            }
            None if !items.is_empty() => {
                self.presentation.legend_in_caption_bar = true;
                ui.ctx().request_repaint();
            }
            None => {}
        }
    }

    /// What the legend lists for what the maps showed: actors, kinds, precision,
    /// memberships, the special areas in view, the drawings.
    fn legend_items(
        &self,
        shown: &crate::session::maps::Shown,
    ) -> Vec<crate::render::legend::LegendItem> {
        let atlas = &self.doc.atlas;
        let mut items = crate::render::legend::legend(
            atlas,
            &self.palette,
            shown.features.iter().copied(),
            &shown.marks,
        );
        items.extend(crate::render::legend::special_areas(
            atlas,
            &self.palette,
            &shown.special_areas,
        ));
        items.extend(crate::compose::annotations::legend_items(
            &self.drawing.shown,
            &self.palette,
        ));
        items
    }

    /// While playing, steps the year once per interval.
    fn play(&mut self, ctx: &egui::Context) -> Vec<Command> {
        const STEP_SECONDS: f64 = 0.7;
        let Some(since) = self.panels.playing_since else {
            return Vec::new();
        };
        let now = ctx.input(|i| i.time);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(STEP_SECONDS / 4.0));
        if now - since < STEP_SECONDS {
            return Vec::new();
        }
        self.panels.playing_since = Some(now);
        let mut layers = self.settings.layers.clone();
        let next = layers.year.map_or(*YEARS.start(), |y| y + 1);
        if next > *YEARS.end() {
            return vec![Command::Play(false)];
        }
        layers.year = Some(next);
        vec![Command::SetLayers(layers)]
    }
}

/// Files dropped on the window become layers.
fn dropped_files(ctx: &egui::Context) -> Vec<Command> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .map(Command::OpenFile)
            .collect()
    })
}

/// One side's map as the composer takes it.
fn side_scene<'a>(
    doc: &'a crate::render::document::Document,
    side: &'a crate::model::layers::SideState,
    palette: &'a crate::render::style::Palette,
    graticule: bool,
    imported: &'a [ImportedView<'a>],
    selection: crate::compose::Selection,
    subjects: &'a [usize],
) -> crate::compose::MapScene<'a> {
    let mut scene =
        crate::compose::MapScene::of(doc, side, palette, graticule, imported, selection);
    scene.subjects = subjects;
    scene
}
