//! The compare view's own widgets: the draggable divider between the two maps, and the
//! list of what changed between the two sides' years.

use egui::{Rect, RichText, Sense, Stroke, Vec2};

use super::Command;
use crate::model::briefing::Target;
use crate::query::compare::{Difference, DifferenceKind};
use crate::render::style::Palette;

/// Splits `rect` at `divider` (a fraction of the width) into the left map, the handle and
/// the right map; dragging the handle moves the divider.
pub fn split(ui: &mut egui::Ui, rect: Rect, divider: &mut f32, palette: &Palette) -> (Rect, Rect) {
    const HANDLE: f32 = 8.0;
    let x = rect.left() + rect.width() * divider.clamp(0.2, 0.8);
    let handle = Rect::from_min_max(
        egui::pos2(x - HANDLE / 2.0, rect.top()),
        egui::pos2(x + HANDLE / 2.0, rect.bottom()),
    );
    let response = ui
        .interact(handle, ui.scope_id().with("compare-divider"), Sense::drag())
        .on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Splitter, true, "Divider between the two maps")
    });
    if response.dragged() {
        *divider = (*divider + response.drag_delta().x / rect.width().max(1.0)).clamp(0.2, 0.8);
    }
    let left = Rect::from_min_max(rect.min, egui::pos2(handle.left(), rect.bottom()));
    let right = Rect::from_min_max(egui::pos2(handle.right(), rect.top()), rect.max);
    let color = if response.hovered() || response.dragged() {
        palette.selection
    } else {
        palette.border
    };
    ui.painter().rect_filled(handle, 0.0, palette.panel);
    ui.painter().line_segment(
        [handle.center_top(), handle.center_bottom()],
        Stroke::new(2.0, color),
    );
    (left, right)
}

/// The change list: grouped by kind, each entry clickable (flies to it).
pub fn difference_list(
    ui: &mut egui::Ui,
    changes: &[Difference],
    years: (i32, i32),
) -> Vec<Command> {
    let mut commands = Vec::new();
    let (a, b) = years;
    let title = if a == b {
        format!("Both sides show {a}")
    } else {
        format!(
            "What changed, {} to {} ({})",
            a.min(b),
            a.max(b),
            changes.len()
        )
    };
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt("compare-changes")
        .default_open(true)
        .show(ui, |ui| {
            if a == b {
                ui.label("Set a different year on each side to list the changes.");
                return;
            }
            if changes.is_empty() {
                ui.label("Nothing shown changed between these years.");
            }
            let mut kind: Option<DifferenceKind> = None;
            for change in changes {
                if kind != Some(change.kind) {
                    kind = Some(change.kind);
                    ui.add_space(4.0);
                    ui.label(RichText::new(change.kind.label()).weak());
                }
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing = Vec2::new(6.0, 2.0);
                    if let Some(d) = change.date {
                        ui.label(RichText::new(d.to_string()).small().weak());
                    }
                    if ui.link(&change.text).clicked() {
                        commands.push(match change.target {
                            Target::Feature(i) => Command::FlyToFeature(i),
                            Target::Country(i) => Command::FlyToCountry(i),
                        });
                    }
                });
            }
        });
    commands
}
