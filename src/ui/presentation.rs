//! Presentation mode: the caption bar under the map, the legend over it, and the speaker
//! notes window.

use egui::{Rect, RichText};

use super::Command;
use crate::compose::DrawList;
use crate::compose::legend::{Legend, quietest_corner};
use crate::model::corpus::Corpus;
use crate::render::legend::LegendItem;
use crate::render::style::Palette;
use crate::session::presentation::Presentation;
use crate::ui::screen::{EguiText, paint};

/// The caption bar: where we are, the scene's name and caption with its sources, and the
/// buttons a presenter without a clicker needs (`legend`: whether the legend is shown).
pub fn caption_bar(
    ui: &mut egui::Ui,
    show: &Presentation,
    legend: bool,
    corpus: &Corpus,
    palette: &Palette,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let total = show.briefing.scenes.len();
    let scene = show
        .current
        .and_then(|i| show.briefing.scenes.get(i).map(|s| (i, s)));
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        match scene {
            Some((i, s)) => {
                ui.label(
                    RichText::new(format!("{} / {total}", i + 1))
                        .size(22.0)
                        .color(palette.label_minor),
                );
                ui.label(RichText::new(&s.name).size(30.0).strong());
            }
            None => {
                ui.label(RichText::new("No scene").size(30.0).strong());
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Exit (Esc)").clicked() {
                commands.push(Command::Present(false));
            }
            let notes = if show.notes_window {
                "Hide notes"
            } else {
                "Notes"
            };
            if ui.button(notes).clicked() {
                commands.push(Command::ShowNotes(!show.notes_window));
            }
            let text = if legend { "Hide legend" } else { "Legend" };
            if ui.button(text).on_hover_text("L").clicked() {
                commands.push(Command::ShowLegend(!legend));
            }
            let last = scene.is_some_and(|(i, _)| i + 1 >= total);
            if ui
                .add_enabled(!last && total > 0, egui::Button::new("Next"))
                .clicked()
            {
                commands.push(Command::StepScene(1));
            }
            let first = scene.is_none_or(|(i, _)| i == 0);
            if ui
                .add_enabled(!first, egui::Button::new("Previous"))
                .clicked()
            {
                commands.push(Command::StepScene(-1));
            }
        });
    });
    if let Some((_, s)) = scene {
        if !s.caption.is_empty() {
            ui.label(RichText::new(&s.caption).size(22.0));
        }
        let cite = crate::model::briefing::cite_sources(s, corpus);
        if !cite.is_empty() {
            ui.label(
                RichText::new(format!("Source: {cite}"))
                    .size(14.0)
                    .italics()
                    .color(palette.label_minor),
            );
        }
        for line in crate::export::scene_corrections(s) {
            ui.add(
                egui::Label::new(
                    RichText::new(line)
                        .size(14.0)
                        .color(ui.visuals().warn_fg_color),
                )
                .wrap(),
            );
        }
    } else if total > 0 {
        ui.label(
            RichText::new("PageDown, Space or the right arrow starts the briefing").size(20.0),
        );
    }
    ui.add_space(8.0);
    commands
}

/// The width of a column of the presenter's legend (points).
const PRESENTER_LEGEND_WIDTH: f32 = 250.0;

/// Draws the legend over the map in the corner where it covers the fewest features
/// (`occupied`), in two columns when one would be taller than the map; the layout is the
/// composer's, the same as the slides'. Returns where it was drawn.
pub fn draw_legend(
    ui: &egui::Ui,
    map: Rect,
    palette: &Palette,
    items: &[LegendItem],
    occupied: &[Rect],
) -> Option<Rect> {
    let mut text = EguiText(ui.ctx());
    // A fixed column width (long entries wrap) keeps the legend narrow over the map.
    let legend = Legend::layout(
        &mut text,
        palette,
        items,
        map.height() - 110.0,
        Some(PRESENTER_LEGEND_WIDTH),
    )?;
    let origin = quietest_corner(map, legend.size, occupied);
    let mut list = DrawList::default();
    legend.compose(&mut list, origin, palette);
    paint(ui.painter(), &list);
    Some(Rect::from_min_size(origin, legend.size))
}

/// The speaker notes in a window of their own (a second OS window where the platform
/// allows, so it can sit on the laptop screen while the map is on the projector): the
/// current scene's notes and what comes next.
pub fn notes_window(ctx: &egui::Context, show: &Presentation) -> Vec<Command> {
    let mut commands = Vec::new();
    let builder = egui::ViewportBuilder::default()
        .with_title("CASA — speaker notes")
        .with_inner_size([560.0, 420.0]);
    ctx.show_viewport_immediate(
        egui::ViewportId::from_hash_of("casa-speaker-notes"),
        builder,
        |ui, _class| {
            if ui.input(|i| i.viewport().close_requested()) {
                commands.push(Command::ShowNotes(false));
            }
            egui::CentralPanel::default().show(ui, |ui| {
                notes_contents(ui, show);
            });
        },
    );
    commands
}

fn notes_contents(ui: &mut egui::Ui, show: &Presentation) {
    let scenes = &show.briefing.scenes;
    let Some(i) = show.current.filter(|i| *i < scenes.len()) else {
        ui.label(RichText::new("No scene yet: PageDown starts the briefing.").size(20.0));
        return;
    };
    let scene = &scenes[i];
    ui.label(
        RichText::new(format!(
            "Scene {} of {}: {}",
            i + 1,
            scenes.len(),
            scene.name
        ))
        .size(22.0)
        .strong(),
    );
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .max_height(260.0)
        .show(ui, |ui| {
            let notes = if scene.notes.is_empty() {
                "(no notes for this scene)"
            } else {
                scene.notes.as_str()
            };
            ui.label(RichText::new(notes).size(20.0));
        });
    ui.separator();
    match scenes.get(i + 1) {
        Some(next) => {
            ui.label(
                RichText::new(format!("Next: {}", next.name))
                    .size(18.0)
                    .strong(),
            );
            if !next.caption.is_empty() {
                ui.label(RichText::new(&next.caption).size(15.0).weak());
            }
        }
        None => {
            ui.label(RichText::new("This is the last scene.").size(18.0));
        }
    }
}
