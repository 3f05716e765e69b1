//! Presentation mode: the caption bar under the map, the legend over it, and the speaker
//! notes window.

use egui::{Rect, RichText};

use super::Command;
use crate::compose::DrawList;
use crate::compose::legend::{Legend, free_spot};
use crate::compose::occupied::Occupied;
use crate::model::corpus::Corpus;
use crate::render::legend::LegendItem;
use crate::render::style::Palette;
use crate::session::presentation::Presentation;
use crate::ui::screen::{EguiText, paint};

/// The caption bar: where we are, the scene's name and caption with its sources, and the
/// buttons a presenter without a clicker needs (`legend`: whether the legend is shown;
/// `legend_here`: its entries, when the map had no room for it and it goes here).
pub fn caption_bar(
    ui: &mut egui::Ui,
    show: &Presentation,
    legend: bool,
    legend_here: Option<&[LegendItem]>,
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
    if let Some(items) = legend_here {
        ui.add_space(4.0);
        legend_beside(ui, palette, items);
    }
    ui.add_space(8.0);
    commands
}

/// The width of a column of the presentation legend (points).
const LEGEND_WIDTH: f32 = 250.0;

/// Draws the legend over the map where it covers nothing the maps show (`occupied`: no
/// label, symbol, furniture, nor what the scene is about): the full legend (in two columns
/// when one would be taller than the map), else a compact strip along an edge. The layout
/// and the placement are the composer's, the same as the slides'. Returns where it was
/// drawn, or `None` when there is no room for either.
pub fn draw_legend(
    ui: &egui::Ui,
    map: Rect,
    palette: &Palette,
    items: &[LegendItem],
    occupied: &Occupied,
) -> Option<Rect> {
    let mut text = EguiText(ui.ctx());
    // A fixed column width (long entries wrap) keeps the legend narrow over the map.
    let full = Legend::layout(
        &mut text,
        palette,
        items,
        map.height() - 110.0,
        Some(LEGEND_WIDTH),
    );
    // Else a strip along an edge: across the map, or narrower and taller in a corner.
    let strips =
        [1.0, 0.6, 0.4].map(|k| Legend::strip(&mut text, palette, items, k * map.width() - 28.0));
    let (legend, origin) = std::iter::once(full)
        .chain(strips)
        .flatten()
        .find_map(|l| free_spot(map, l.size, occupied).map(|at| (l, at)))?;
    let mut list = DrawList::default();
    legend.compose(&mut list, origin, palette);
    paint(ui.painter(), &list);
    Some(Rect::from_min_size(origin, legend.size))
}

/// Names a painted legend for screen readers (and tests): "Legend: Russia, China, …".
pub fn name_legend(ui: &egui::Ui, rect: Rect, items: &[LegendItem]) {
    let text = items
        .iter()
        .map(|i| i.label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    ui.interact(
        rect,
        egui::Id::unique("presentation-legend"),
        egui::Sense::hover(),
    )
    .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, format!("Legend: {text}")));
}

/// The legend as a strip in the caption bar, where the map had no room for it.
fn legend_beside(ui: &mut egui::Ui, palette: &Palette, items: &[LegendItem]) {
    let mut text = EguiText(ui.ctx());
    let Some(strip) = Legend::strip(&mut text, palette, items, ui.available_width()) else {
        return;
    };
    let (rect, _) = ui.allocate_exact_size(strip.size, egui::Sense::hover());
    let mut list = DrawList::default();
    strip.compose(&mut list, rect.min, palette);
    paint(ui.painter(), &list);
    name_legend(ui, rect, items);
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
