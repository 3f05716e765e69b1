//! The left panel: search, the layers with their legend, counts, toggles and solo, the
//! memberships to draw, and the "as of" year with play/pause.

use egui::{Color32, RichText, Sense, Vec2};

use super::Command;
use crate::compose::DrawList;
use crate::model::layers::{FeatureLayer, LayerState, LayerSummary, ReliefStyle, YEARS};
use crate::model::{Atlas, Status};
use crate::query::search::{Hit, search_hits};
use crate::render::features::Glyph;
use crate::render::legend::Swatch;
use crate::render::style::Palette;
use crate::session::panels::Panels;

fn hit_command(hit: &Hit) -> Command {
    match hit {
        Hit::Feature(i) => Command::FlyToFeature(*i),
        Hit::Country(i) => Command::FlyToCountry(*i),
    }
}

/// A legend entry's swatch in a row of the panel, drawn by the legend's own code.
fn swatch(ui: &mut egui::Ui, swatch: Swatch, size: Vec2, palette: &Palette) {
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let mut list = DrawList::default();
    crate::compose::legend::swatch(&mut list, swatch, rect.center(), palette);
    crate::ui::screen::paint(ui.painter(), &list);
}

/// The size of a layer's swatch, and of a hatched one (points).
const GLYPH_SWATCH: Vec2 = Vec2::new(18.0, 18.0);
const HATCH_SWATCH: Vec2 = Vec2::new(26.0, 14.0);

fn layer_glyph(layer: FeatureLayer, palette: &Palette) -> (Glyph, bool, Color32) {
    use crate::model::Actor;
    match layer {
        FeatureLayer::RussianSites => (Glyph::Square, false, palette.actor(Actor::Russia)),
        FeatureLayer::ChineseSites => (Glyph::Square, false, palette.actor(Actor::China)),
        FeatureLayer::OtherSites => (Glyph::Square, true, palette.actor(Actor::National)),
        FeatureLayer::Events => (Glyph::Star, false, palette.label_minor),
        FeatureLayer::Infrastructure => (Glyph::Hexagon, false, palette.label_minor),
        FeatureLayer::Routes => (Glyph::Circle, true, palette.label_minor),
        FeatureLayer::Regions => (Glyph::Diamond, true, palette.region),
        FeatureLayer::OtherPowers => (Glyph::Square, false, palette.actor(Actor::OtherPower)),
    }
}

/// Draws the panel, then `more` (the relief and the imported layers, see
/// [`relief_and_imports`]) at its end; returns the commands chosen.
pub fn layers_panel(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    layers: &LayerState,
    summary: &LayerSummary,
    palette: &Palette,
    panels: &mut Panels,
    more: impl FnOnce(&mut egui::Ui) -> Vec<Command>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    let playing = panels.playing_since.is_some();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space(6.0);
            search_box(ui, atlas, panels, &mut commands);
            let mut next = layers.clone();
            feature_layers(ui, layers, summary, palette, &mut next);
            // The year governs features and memberships alike: above the memberships,
            // whose list and status key grow when several are shown.
            commands.extend(time(ui, layers, playing, &mut next));
            memberships(ui, atlas, layers, summary, palette, &mut next);
            if next != *layers {
                commands.push(Command::SetLayers(next));
            }
            ui.add_space(8.0);
            commands.extend(more(ui));
        });
    commands
}

/// The feature layers: swatch, toggle with counts, solo.
fn feature_layers(
    ui: &mut egui::Ui,
    layers: &LayerState,
    summary: &LayerSummary,
    palette: &Palette,
    next: &mut LayerState,
) {
    ui.add_space(8.0);
    ui.label(RichText::new("Layers").heading().size(18.0));
    for (slot, layer) in FeatureLayer::ALL.into_iter().enumerate() {
        let (count, total) = summary.counts.get(slot).copied().unwrap_or_default();
        ui.horizontal(|ui| {
            let (glyph, hollow, color) = layer_glyph(layer, palette);
            swatch(
                ui,
                Swatch::Glyph(glyph, hollow, color),
                GLYPH_SWATCH,
                palette,
            );
            let mut on = layers.shows(layer);
            let text = if count == total {
                format!("{} ({total})", layer.label())
            } else {
                format!("{} ({count} of {total})", layer.label())
            };
            if ui.checkbox(&mut on, text).changed() {
                next.set(layer, on);
            }
            if ui
                .small_button("solo")
                .on_hover_text(format!("Show only {}", layer.label().to_lowercase()))
                .clicked()
            {
                next.solo(layer);
            }
        });
    }
}

/// One organisation (or set of countries): hatched swatch, toggle with its count, solo.
fn organisation_row(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    o: usize,
    layers: &LayerState,
    summary: &LayerSummary,
    palette: &Palette,
    next: &mut LayerState,
) {
    let org = &atlas.organisations[o];
    let members = summary.members.get(o).copied().unwrap_or_default();
    ui.horizontal(|ui| {
        let hatch = Swatch::Status(palette.organisation(o), Status::Member);
        swatch(ui, hatch, HATCH_SWATCH, palette);
        let mut on = layers.organisations.contains(&org.id);
        let text = match (org.set, members == 1) {
            (true, true) => format!("{} (1 country)", org.name),
            (true, false) => format!("{} ({members} countries)", org.name),
            (false, true) => format!("{} (1 member)", org.name),
            (false, false) => format!("{} ({members} members)", org.name),
        };
        if ui
            .checkbox(&mut on, text)
            .on_hover_text(&org.full_name)
            .changed()
        {
            if on {
                next.organisations.insert(org.id.clone());
            } else {
                next.organisations.remove(&org.id);
            }
        }
        if ui
            .small_button("solo")
            .on_hover_text(format!("Show only {}", org.name))
            .clicked()
        {
            next.solo_organisation(&org.id);
        }
    });
}

/// The organisations, then the sets of countries (folded): each a row; the statuses'
/// patterns and the countries in every organisation shown.
fn memberships(
    ui: &mut egui::Ui,
    atlas: &Atlas,
    layers: &LayerState,
    summary: &LayerSummary,
    palette: &Palette,
    next: &mut LayerState,
) {
    ui.add_space(8.0);
    ui.label(RichText::new("Memberships").heading().size(18.0));
    let row = |ui: &mut egui::Ui, o: usize, next: &mut LayerState| {
        organisation_row(ui, atlas, o, layers, summary, palette, next);
    };
    for (o, _) in atlas
        .organisations
        .iter()
        .enumerate()
        .filter(|(_, g)| !g.set)
    {
        row(ui, o, next);
    }
    // Sets of countries sharing a fact (a neutrality, a vote) fold away, so the year
    // slider below stays in view; they open by themselves while one is shown.
    let sets: Vec<usize> = (0..atlas.organisations.len())
        .filter(|&o| atlas.organisations[o].set)
        .collect();
    if !sets.is_empty() {
        let any_on = sets
            .iter()
            .any(|&o| layers.organisations.contains(&atlas.organisations[o].id));
        egui::CollapsingHeader::new(format!("Country sets ({})", sets.len()))
            .id_salt("country-sets")
            .open(any_on.then_some(true))
            .show(ui, |ui| {
                for &o in &sets {
                    row(ui, o, next);
                }
            });
    }
    if layers.organisations.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Status").strong());
    for status in [
        Status::Member,
        Status::Associate,
        Status::Observer,
        Status::DialoguePartner,
        Status::Partner,
        Status::Suspended,
        Status::Withdrawn,
    ] {
        ui.horizontal(|ui| {
            swatch(
                ui,
                Swatch::Status(palette.label, status),
                HATCH_SWATCH,
                palette,
            );
            ui.label(status.label());
        });
    }
    let shown: Vec<&str> = atlas
        .organisations
        .iter()
        .filter(|o| layers.organisations.contains(&o.id))
        .map(|o| o.name.as_str())
        .collect();
    if shown.len() >= 2 {
        let names: Vec<&str> = summary
            .members_of_all
            .iter()
            .map(|&c| atlas.countries[c].name.as_str())
            .collect();
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "Members of {} in {}: {}",
                shown.join(" and "),
                layers.membership_year(),
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ))
            .strong(),
        );
    }
}

/// The "as of" year: on or off, Play/Pause, the slider.
fn time(
    ui: &mut egui::Ui,
    layers: &LayerState,
    playing: bool,
    next: &mut LayerState,
) -> Option<Command> {
    ui.add_space(8.0);
    ui.label(RichText::new("Time").heading().size(18.0));
    let mut as_of = layers.year.is_some();
    if ui.checkbox(&mut as_of, "As of a year").changed() {
        next.year = as_of.then_some(layers.year.unwrap_or(*YEARS.end()));
    }
    let mut command = None;
    if let Some(year) = layers.year {
        let mut y = year;
        ui.horizontal(|ui| {
            let label = if playing { "Pause" } else { "Play" };
            if ui.button(label).clicked() {
                command = Some(Command::Play(!playing));
            }
            if ui
                .add(egui::Slider::new(&mut y, YEARS).text("year"))
                .changed()
            {
                next.year = Some(y);
            }
        });
    } else {
        ui.label(RichText::new("All years: every feature shown; memberships as of today.").small());
    }
    command
}

fn search_box(ui: &mut egui::Ui, atlas: &Atlas, panels: &mut Panels, commands: &mut Vec<Command>) {
    let edit = egui::TextEdit::singleline(&mut panels.search)
        .hint_text(format!(
            "Search ({}): Kant, Wakhan, Kazakstan…",
            super::shortcuts::search_keys(ui.ctx())
        ))
        .desired_width(f32::INFINITY);
    let response = ui.add(edit);
    response.widget_info(|| egui::WidgetInfo::text_edit(true, "", "Search", "Search"));
    if std::mem::take(&mut panels.focus_search) {
        response.request_focus();
    }
    // Searched again only when the text changes, not on every frame.
    let stale = panels
        .search_results
        .as_ref()
        .is_none_or(|(query, _)| *query != panels.search);
    if stale {
        let hits = search_hits(atlas, &panels.search);
        panels.search_results = Some((panels.search.clone(), hits));
    }
    let hits: &[(Hit, String)] = panels.search_results.as_ref().map_or(&[], |(_, h)| h);
    let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if entered && let Some((hit, _)) = hits.first() {
        commands.push(hit_command(hit));
    }
    if !panels.search.trim().is_empty() {
        if hits.is_empty() {
            ui.label(RichText::new("Nothing found.").small());
        }
        for (hit, text) in hits.iter().take(8) {
            if ui.selectable_label(false, text).clicked() {
                commands.push(hit_command(hit));
            }
        }
    }
}

/// The panel's last sections: the relief on one row (on or off, hillshade or tints), then
/// the imported layers (`imports`).
pub fn relief_and_imports(
    ui: &mut egui::Ui,
    relief: ReliefStyle,
    imports: impl FnOnce(&mut egui::Ui) -> Vec<Command>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        let mut on = relief != ReliefStyle::Off;
        if ui
            .checkbox(&mut on, RichText::new("Relief").strong())
            .on_hover_text("The mountains under the map, with the ranges named (R)")
            .changed()
        {
            let style = if on {
                ReliefStyle::Hillshade
            } else {
                ReliefStyle::Off
            };
            commands.push(Command::SetRelief(style));
        }
        ui.add_enabled_ui(on, |ui| {
            for (style, label, hint) in [
                (
                    ReliefStyle::Hillshade,
                    "Hillshade",
                    "Grey shading over the country colours",
                ),
                (
                    ReliefStyle::Tints,
                    "Tints",
                    "Hillshade with elevation tints: green lowlands to white peaks",
                ),
            ] {
                if ui
                    .radio(relief == style, label)
                    .on_hover_text(hint)
                    .clicked()
                {
                    commands.push(Command::SetRelief(style));
                }
            }
        });
    });
    ui.add_space(8.0);
    ui.label(RichText::new("Imported layers").heading().size(18.0));
    commands.extend(imports(ui));
    commands
}
