//! The tooltip of a hovered feature: a transient overlay of the screen, not part of the map
//! (slides have no pointer).

use egui::{FontId, Pos2, Rect, Stroke, Vec2};

use crate::model::Feature;
use crate::query::dossier;
use crate::render::style::Palette;

/// The tooltip of a hovered feature: name, kind, actor, date.
pub fn draw_tooltip(painter: &egui::Painter, pos: Pos2, palette: &Palette, feature: &Feature) {
    let when = feature.period.as_ref().map(|p| p.text());
    let mut lines = vec![
        feature.name.clone(),
        format!(
            "{} · {} · {} position",
            feature.kind.label(),
            dossier::actor_text(feature),
            feature.precision.label()
        ),
    ];
    if let Some(when) = when {
        lines.push(when);
    }
    let at = pos + Vec2::new(16.0, 12.0);
    let title = painter.layout_no_wrap(lines[0].clone(), FontId::proportional(15.0), palette.label);
    let rest = painter.layout_no_wrap(
        lines[1..].join("\n"),
        FontId::proportional(13.0),
        palette.label_minor,
    );
    let size = Vec2::new(
        title.size().x.max(rest.size().x),
        title.size().y + rest.size().y + 2.0,
    );
    let rect = Rect::from_min_size(at, size).expand(6.0);
    painter.rect_filled(rect, 5.0, palette.panel);
    painter.rect_stroke(
        rect,
        5.0,
        Stroke::new(1.0, palette.actor(feature.actor)),
        egui::StrokeKind::Outside,
    );
    let title_h = title.size().y;
    painter.galley(at, title, palette.label);
    painter.galley(
        at + Vec2::new(0.0, title_h + 2.0),
        rest,
        palette.label_minor,
    );
}
