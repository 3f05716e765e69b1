//! Presenter mode: the caption bar under the map, the legend over it, and the speaker
//! notes window.

use egui::epaint::Mesh;
use egui::{Align2, Color32, FontId, Pos2, Rect, RichText, Shape, Stroke, Vec2};

use super::Command;
use crate::app::Show;
use crate::corpus::Corpus;
use crate::render::features::{append_dashed, append_glyph};
use crate::render::legend::{LegendItem, Swatch};
use crate::render::style::Palette;

/// The caption bar: where we are, the scene's name and caption with its sources, and the
/// buttons a presenter without a clicker needs (`legend`: whether the legend is shown).
pub fn caption_bar(
    ui: &mut egui::Ui,
    show: &Show,
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
        let cite = crate::scenes::cite_sources(s, corpus);
        if !cite.is_empty() {
            ui.label(
                RichText::new(format!("Source: {cite}"))
                    .size(14.0)
                    .italics()
                    .color(palette.label_minor),
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

/// Draws the legend in the top-right corner of `map`: the actors' colours as a row of
/// chips, then one line per symbol, line, tint and hatching. Returns where it was drawn.
pub fn draw_legend(
    painter: &egui::Painter,
    map: Rect,
    palette: &Palette,
    items: &[LegendItem],
) -> Option<Rect> {
    if items.is_empty() {
        return None;
    }
    let row = 20.0;
    let font = FontId::proportional(14.0);
    let (chips, rows): (Vec<&LegendItem>, Vec<&LegendItem>) = items
        .iter()
        .partition(|i| matches!(i.swatch, Swatch::Colour(_)));
    let max_rows = ((map.height() - 110.0) / row).max(1.0) as usize;
    let rows: Vec<&LegendItem> = rows.into_iter().take(max_rows).collect();
    let galleys: Vec<_> = rows
        .iter()
        .map(|i| painter.layout_no_wrap(i.label.clone(), font.clone(), palette.label))
        .collect();
    let chip_galleys: Vec<_> = chips
        .iter()
        .map(|i| painter.layout_no_wrap(i.label.clone(), font.clone(), palette.label))
        .collect();
    let width = galleys
        .iter()
        .map(|g| g.size().x + 56.0)
        .fold(220.0_f32, f32::max)
        .min(map.width() * 0.55);
    let (chip_at, chip_lines) = crate::render::legend::chip_lines(
        chip_galleys.iter().map(|g| 20.0 + g.size().x + 12.0),
        width - 24.0,
    );
    let size = Vec2::new(width, 34.0 + (chip_lines + rows.len()) as f32 * row + 6.0);
    let rect = Rect::from_min_size(
        Pos2::new(map.right() - size.x - 14.0, map.top() + 14.0),
        size,
    );
    painter.rect_filled(rect, 6.0, palette.panel);
    painter.rect_stroke(
        rect,
        6.0,
        Stroke::new(1.0, palette.border),
        egui::StrokeKind::Inside,
    );
    painter.text(
        rect.left_top() + Vec2::new(12.0, 8.0),
        Align2::LEFT_TOP,
        "Legend",
        FontId::proportional(15.0),
        palette.label,
    );
    let top = rect.top() + 32.0;
    for ((item, galley), (x, line)) in chips.iter().zip(chip_galleys).zip(chip_at) {
        let y = top + line as f32 * row + row / 2.0;
        let c = Pos2::new(rect.left() + 18.0 + x, y);
        if let Swatch::Colour(color) = item.swatch {
            painter.rect_filled(Rect::from_center_size(c, Vec2::splat(13.0)), 3.0, color);
        }
        painter.galley(
            Pos2::new(c.x + 10.0, y - galley.size().y / 2.0),
            galley,
            palette.label,
        );
    }
    let mut mesh = Mesh::default();
    for (n, (item, galley)) in rows.iter().zip(galleys).enumerate() {
        let y = top + (chip_lines + n) as f32 * row + row / 2.0;
        let c = Pos2::new(rect.left() + 24.0, y);
        match item.swatch {
            Swatch::Glyph(glyph, hollow) => append_glyph(
                &mut mesh,
                glyph,
                hollow,
                c,
                6.0,
                palette.label_minor,
                palette.symbol_outline,
            ),
            Swatch::Colour(color) => {
                painter.rect_filled(Rect::from_center_size(c, Vec2::splat(13.0)), 3.0, color);
            }
            Swatch::Line(color) => {
                painter.line_segment(
                    [c - Vec2::new(10.0, 0.0), c + Vec2::new(10.0, 0.0)],
                    Stroke::new(3.0, color),
                );
            }
            Swatch::Area(color) => {
                let r = Rect::from_center_size(c, Vec2::new(20.0, 13.0));
                painter.rect_filled(r, 0.0, color.gamma_multiply(0.2));
                painter.rect_stroke(r, 0.0, Stroke::new(1.5, color), egui::StrokeKind::Inside);
            }
            Swatch::Hatch(color, angle) => {
                let r = Rect::from_center_size(c, Vec2::new(20.0, 14.0));
                hatch_swatch(painter, r, color, angle);
            }
            Swatch::Ring(region) => {
                if region {
                    painter.circle_filled(c, 7.0, palette.label_minor.gamma_multiply(0.16));
                }
                for k in (0..16).step_by(2) {
                    let a = |k: i32| {
                        let t = k as f32 * std::f32::consts::TAU / 16.0;
                        c + Vec2::new(t.cos(), t.sin()) * 7.0
                    };
                    append_dashed(
                        &mut mesh,
                        a(k),
                        a(k + 1),
                        1.4,
                        palette.label_minor,
                        0.0,
                        0.0,
                    );
                }
            }
        }
        painter.galley(
            Pos2::new(rect.left() + 44.0, y - galley.size().y / 2.0),
            galley,
            palette.label,
        );
    }
    painter.add(Shape::mesh(mesh));
    Some(rect)
}

fn hatch_swatch(painter: &egui::Painter, r: Rect, color: Color32, angle: f32) {
    let clip = painter.with_clip_rect(r);
    let dir = Vec2::new(angle.cos(), -angle.sin());
    let normal = Vec2::new(-dir.y, dir.x);
    for k in -4..=4 {
        let o = r.center() + normal * (k as f32 * 5.0);
        clip.line_segment([o - dir * 20.0, o + dir * 20.0], Stroke::new(2.0, color));
    }
    painter.rect_stroke(r, 0.0, Stroke::new(1.0, color), egui::StrokeKind::Inside);
}

/// The speaker notes in a window of their own (a second OS window where the platform
/// allows, so it can sit on the laptop screen while the map is on the projector): the
/// current scene's notes and what comes next.
pub fn notes_window(ctx: &egui::Context, show: &Show) -> Vec<Command> {
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

fn notes_contents(ui: &mut egui::Ui, show: &Show) {
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
