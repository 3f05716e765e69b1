//! The side panel: what the selection is and what the articles say about it — excerpts in
//! context with citations, other mentions, related features; for a country, its
//! memberships over time and the features inside it.

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};

use super::Command;
use super::article::numbered;
use crate::model::corpus::Corpus;
use crate::model::layers::{Visibility, YEARS};
use crate::model::{Atlas, Correction, CountryFact, Feature, Membership};
use crate::query::dossier::{self, Passage, source_marks};
use crate::render::style::Palette;

/// What the side panel reads.
pub struct SideView<'a> {
    /// The atlas.
    pub atlas: &'a Atlas,
    /// The articles.
    pub corpus: &'a Corpus,
    /// Related features per feature.
    pub related: &'a [Vec<usize>],
    /// How each feature is shown now.
    pub visibility: &'a [Visibility],
    /// The year memberships are shown for.
    pub year: i32,
    /// Colours.
    pub palette: &'a Palette,
    /// What the user's own atlas added, if there is one.
    pub added: Option<&'a crate::data::user_atlas::Added>,
}

/// Draws the side panel for the selected country or feature.
pub fn side_panel(
    ui: &mut egui::Ui,
    view: &SideView<'_>,
    country: Option<usize>,
    feature: Option<usize>,
) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(f) = feature.and_then(|i| view.atlas.features.get(i).map(|f| (i, f))) {
                feature_view(ui, view, f.0, f.1, &mut commands);
            } else if let Some(c) = country.filter(|c| *c < view.atlas.countries.len()) {
                country_view(ui, view, c, &mut commands);
            } else {
                ui.add_space(8.0);
                ui.heading("Central Asia");
                ui.label("Click a site, an event, a route, a region or a country on the map to read what the articles say about it.");
                ui.add_space(8.0);
                ui.label(format!(
                    "Drag to pan · wheel or +/− to zoom · Home resets the view · Esc clears the selection · {} searches · F1 lists the shortcuts. PageDown steps through the briefing; F5 presents it.",
                    super::shortcuts::search_keys(ui.ctx())
                ));
            }
        });
    commands
}

fn fact(ui: &mut egui::Ui, label: &str, value: impl Into<egui::WidgetText>) {
    ui.label(RichText::new(label).strong());
    ui.add(egui::Label::new(value).wrap());
    ui.end_row();
}

/// What the user added to a feature: the whole of it (then it can be edited or deleted),
/// or passages cited on a shipped one.
fn added_by_user(ui: &mut egui::Ui, view: &SideView<'_>, f: &Feature, commands: &mut Vec<Command>) {
    use super::Author;
    let Some(added) = view.added else {
        return;
    };
    if added.features.contains(&f.id) {
        ui.label(RichText::new("Added by you (your atlas)").italics());
        ui.horizontal(|ui| {
            if ui.button("Edit feature").clicked() {
                commands.push(Command::Author(Author::EditFeature(f.id.clone())));
            }
            if ui.button("Delete feature").clicked() {
                commands.push(Command::Author(Author::DeleteFeature(f.id.clone())));
            }
        });
    } else if let Some(n) = added.citations.get(&f.id) {
        ui.label(
            RichText::new(format!(
                "The last {n} of its sources cited by you (your atlas)"
            ))
            .italics(),
        );
    }
    if let Some(n) = added.corrections.get(&f.id) {
        ui.label(
            RichText::new(format!(
                "The last {n} of its corrections by you (your atlas)"
            ))
            .italics(),
        );
    }
    if ui.button("Correct this feature…").clicked() {
        commands.push(Command::Author(Author::Correct(f.id.clone())));
    }
}

fn feature_view(
    ui: &mut egui::Ui,
    view: &SideView<'_>,
    index: usize,
    f: &Feature,
    commands: &mut Vec<Command>,
) {
    ui.add_space(8.0);
    ui.heading(&f.name);
    ui.label(
        RichText::new(format!("{} · {}", f.kind.label(), dossier::actor_text(f)))
            .color(view.palette.actor(f.actor))
            .strong(),
    );
    if !f.aliases.is_empty() {
        ui.label(RichText::new(format!("Also: {}", f.aliases.join("; "))).small());
    }
    added_by_user(ui, view, f, commands);
    ui.add_space(6.0);
    let value_width = (ui.available_width() - 100.0).max(120.0);
    egui::Grid::new("feature-facts")
        .num_columns(2)
        .max_col_width(value_width)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            fact(ui, "Country", dossier::countries_text(f, view.atlas));
            if let Some(when) = dossier::when(f) {
                let note = when.note.map_or_else(String::new, |n| format!("\n{n}"));
                fact(ui, "When", format!("{} {}{note}", when.text, when.marks));
            }
            for fig in &f.figures {
                fact(
                    ui,
                    &capitalise(&fig.label),
                    format!("{} {}", fig.value, source_marks(&[fig.source])),
                );
            }
            fact(
                ui,
                "Position",
                format!(
                    "{} ({})\n{}",
                    dossier::position_text(f),
                    f.precision.label(),
                    f.placement
                ),
            );
            let certainty = f
                .certainty_note
                .as_ref()
                .map_or_else(String::new, |n| format!("\n{n}"));
            fact(
                ui,
                "Certainty",
                format!("{}{certainty}", f.certainty.label()),
            );
            if let Some(n) = &f.note {
                fact(ui, "Note", n.as_str());
            }
        });
    if view.visibility.get(index) == Some(&Visibility::Hidden) {
        ui.label(RichText::new("Hidden on the map by the current layers or year.").italics());
    }
    corrections_view(ui, &f.corrections);

    let excerpts = dossier::excerpts(f, view.corpus);
    if !excerpts.is_empty() {
        ui.add_space(10.0);
        ui.label(RichText::new("What the articles say").heading().size(18.0));
        for (i, p) in &excerpts {
            passage(ui, view, p, Some(*i), commands);
        }
    }
    let references = dossier::references(f);
    if !references.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Other references").strong());
        for (i, reference, about) in references {
            ui.label(RichText::new(format!("[{}] {reference} — for {about}", i + 1)).small());
        }
    }
    if let Some(r) = &f.reviewed {
        ui.label(RichText::new(r.text()).small().weak());
    }
    let mentions = dossier::mentions(f, view.corpus);
    if !mentions.is_empty() {
        ui.add_space(10.0);
        ui.label(RichText::new("Also mentioned").heading().size(18.0));
        for p in &mentions {
            passage(ui, view, p, None, commands);
        }
    }
    let related = view.related.get(index).map_or(&[][..], Vec::as_slice);
    if !related.is_empty() {
        ui.add_space(10.0);
        ui.label(RichText::new("Related features").heading().size(18.0));
        ui.label(RichText::new("Mentioned in the same passages.").small());
        for &j in related.iter().take(12) {
            if let Some(other) = view.atlas.features.get(j)
                && ui.link(&other.name).clicked()
            {
                commands.push(Command::FlyToFeature(j));
            }
        }
    }
    ui.add_space(10.0);
    if ui.button("Clear selection").clicked() {
        commands.push(Command::SelectFeature(None));
    }
}

/// One passage: the sentence(s) with the quote highlighted, then the citation and its date.
fn passage(
    ui: &mut egui::Ui,
    view: &SideView<'_>,
    p: &Passage,
    number: Option<usize>,
    commands: &mut Vec<Command>,
) {
    let Some(article) = view.corpus.articles.get(p.article) else {
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if let Some(label) = p.label {
            ui.label(RichText::new(format!("[{label}]")).small().italics());
        }
        let prefix = number.map(|n| format!("[{}] ", n + 1));
        let mut job = numbered(
            prefix.as_deref(),
            &p.context,
            p.highlight.clone(),
            view.palette,
            14.5,
        );
        job.wrap.max_width = ui.available_width();
        ui.label(job);
        let m = &article.meta;
        ui.label(
            RichText::new(format!(
                "— {}, {}, {} · {}",
                m.title.as_deref().unwrap_or("untitled"),
                m.outlet.as_deref().unwrap_or("outlet unknown"),
                m.authors_text(),
                m.date_text()
            ))
            .small(),
        );
        let range = p.article_span();
        ui.horizontal(|ui| {
            if ui.small_button("Open article").clicked() {
                commands.push(Command::OpenArticle(p.article, range));
            }
            if ui.small_button("Copy quote with citation").clicked() {
                ui.ctx().copy_text(quote_with_citation(p, &m.citation()));
            }
        });
    });
}

/// What "Copy quote with citation" puts on the clipboard: the quoted words, then the
/// article's full citation.
pub fn quote_with_citation(p: &Passage, citation: &str) -> String {
    let quote = p.context.get(p.highlight.clone()).unwrap_or(&p.context);
    format!("“{}” — {citation}", quote.trim())
}

/// Where the public record differs: one framed block, each correction with the article's
/// side (its words are in the excerpts) and the record's, with its reference.
fn corrections_view(ui: &mut egui::Ui, corrections: &[Correction]) {
    if corrections.is_empty() {
        return;
    }
    ui.add_space(8.0);
    let warn = ui.visuals().warn_fg_color;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, warn))
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "{} The record differs from an article",
                    dossier::CORRECTED_MARK
                ))
                .strong()
                .color(warn),
            );
            for c in corrections {
                let head = match &c.article {
                    Some(a) => format!("{}: {a}", capitalise(c.subject())),
                    None => capitalise(c.subject()),
                };
                ui.add(egui::Label::new(RichText::new(head).strong()).wrap());
                ui.add(egui::Label::new(c.text()).wrap());
            }
        });
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn country_view(ui: &mut egui::Ui, view: &SideView<'_>, index: usize, commands: &mut Vec<Command>) {
    let atlas = view.atlas;
    let country = &atlas.countries[index];
    ui.add_space(8.0);
    ui.heading(&country.name);
    ui.label(country.role.describe());
    if let Some(sovereign) = country.sovereign.as_ref().filter(|s| **s != country.id) {
        let name = atlas
            .country(sovereign)
            .map_or(sovereign.0.as_str(), |c| c.name.as_str());
        ui.label(format!("Sovereign state: {name}"));
    }
    if let Some(note) = &country.note {
        ui.add_space(6.0);
        ui.label(&note.text);
        ui.label(RichText::new(format!("Source: {}", note.source)).small());
    }

    let Some(d) = dossier::country(atlas, index) else {
        return;
    };
    ui.add_space(10.0);
    ui.label(RichText::new("Memberships").heading().size(18.0));
    if d.memberships.is_empty() {
        ui.label("None recorded in the atlas.");
    } else {
        membership_timeline(ui, view, &d.memberships);
        ui.add_space(4.0);
    }
    for (o, periods) in &d.memberships {
        organisation_record(ui, view, country, *o, periods);
    }
    if !d.facts.is_empty() {
        ui.add_space(10.0);
        ui.label(
            RichText::new("What the articles say about it")
                .heading()
                .size(18.0),
        );
        for f in &d.facts {
            country_fact(ui, view, f);
        }
    }
    if !d.features.is_empty() {
        ui.add_space(10.0);
        ui.label(
            RichText::new(format!("Features in {}", country.name))
                .heading()
                .size(18.0),
        );
        for &i in &d.features {
            let f = &atlas.features[i];
            ui.horizontal_wrapped(|ui| {
                let mark = if f.corrections.is_empty() {
                    ""
                } else {
                    dossier::CORRECTED_MARK
                };
                if ui.link(format!("{}{mark}", f.name)).clicked() {
                    commands.push(Command::FlyToFeature(i));
                }
                ui.label(RichText::new(f.kind.label()).small());
            });
        }
    }
    ui.add_space(10.0);
    if ui.button("Clear selection").clicked() {
        commands.push(Command::Select(None));
    }
}

/// A claim about the country: the statement, then its sources, folded, and any correction.
fn country_fact(ui: &mut egui::Ui, view: &SideView<'_>, f: &CountryFact) {
    let others: Vec<&str> = f
        .countries
        .iter()
        .map(|c| {
            view.atlas
                .country(c)
                .map_or(c.0.as_str(), |k| k.name.as_str())
        })
        .collect();
    ui.add(egui::Label::new(RichText::new(&f.text).strong()).wrap());
    ui.label(RichText::new(format!("{} · {}", capitalise(&f.topic), others.join(", "))).small());
    egui::CollapsingHeader::new(RichText::new("Sources").small())
        .id_salt(("fact-sources", &f.id))
        .show(ui, |ui| {
            for s in &f.sources {
                ui.add(
                    egui::Label::new(RichText::new(dossier::source_line(view.corpus, s)).small())
                        .wrap(),
                );
            }
        });
    corrections_view(ui, &f.corrections);
    ui.add_space(4.0);
}

/// One organisation's record for a country: its status in the year, each period, and the
/// sources folded.
fn organisation_record(
    ui: &mut egui::Ui,
    view: &SideView<'_>,
    country: &crate::model::Country,
    o: usize,
    periods: &[&Membership],
) {
    let atlas = view.atlas;
    let org = &atlas.organisations[o];
    let now = crate::model::status_in(&atlas.memberships, &org.id, &country.id, view.year);
    let headline = match now {
        Some(_) if org.set => format!("{} (as of {})", org.name, view.year),
        None if org.set => format!("{}: not in {}", org.name, view.year),
        Some(m) => format!("{}: {} in {}", org.name, m.status.label(), view.year),
        None => format!("{}: not a member in {}", org.name, view.year),
    };
    ui.label(
        RichText::new(headline)
            .strong()
            .color(view.palette.organisation(o)),
    )
    .on_hover_text(&org.full_name);
    for m in periods {
        let years = match m.until {
            Some(u) => format!("{} – {}", m.from, u),
            None => format!("since {}", m.from),
        };
        let note = m
            .note
            .as_ref()
            .map_or_else(String::new, |n| format!(" — {n}"));
        let status = if org.set { "" } else { m.status.label() };
        ui.label(format!("  {status} {years}{note}"));
        corrections_view(ui, &m.corrections);
    }
    if let Some(rule) = &org.date_rule {
        // The rule's name here; what it means on hover (the whole rule is in `casa info`).
        let name = rule.split(':').next().unwrap_or(rule);
        ui.label(RichText::new(format!("Dates: {name}")).small().weak())
            .on_hover_text(rule);
    }
    egui::CollapsingHeader::new(RichText::new("Sources").small())
        .id_salt(("membership-sources", &org.id, &country.id.0))
        .show(ui, |ui| {
            for s in periods.iter().flat_map(|m| &m.sources) {
                ui.label(RichText::new(dossier::source_line(view.corpus, s)).small());
            }
        });
}

/// Years on x, one row per organisation, a bar per status period.
fn membership_timeline(
    ui: &mut egui::Ui,
    view: &SideView<'_>,
    records: &[(usize, Vec<&Membership>)],
) {
    let names: Vec<String> = records
        .iter()
        .map(|(o, _)| view.atlas.organisations[*o].name.clone())
        .collect();
    let rows = records.len();
    let end = f64::from(*YEARS.end()) + 1.0;
    let charts: Vec<BarChart> = records
        .iter()
        .enumerate()
        .map(|(row, (o, periods))| {
            let color: Color32 = view.palette.organisation(*o);
            let y = (rows - 1 - row) as f64;
            let bars = periods
                .iter()
                .map(|m| {
                    let from =
                        f64::from(m.from.year) + f64::from(m.from.month.unwrap_or(1) - 1) / 12.0;
                    let until = m.until.map_or(end, |u| {
                        f64::from(u.year) + f64::from(u.month.unwrap_or(1) - 1) / 12.0
                    });
                    let alpha = crate::render::style::status_pattern(m.status).alpha;
                    Bar::new(y, (until - from).max(0.1))
                        .base_offset(from)
                        .width(0.6)
                        .horizontal()
                        .fill(color.gamma_multiply(
                            alpha
                                * if matches!(m.status, crate::model::Status::Member) {
                                    1.0
                                } else {
                                    0.55
                                },
                        ))
                        .name(format!("{} {}", names[row], m.status.label()))
                })
                .collect();
            BarChart::new(names[row].clone(), bars).color(color)
        })
        .collect();
    let labels = names.clone();
    Plot::new("membership-timeline")
        .height(40.0 + 26.0 * rows as f64 as f32)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_x(f64::from(*YEARS.start()))
        .include_x(end)
        .include_y(-0.6)
        .include_y(rows as f64 - 0.4)
        .show_grid([true, false])
        .y_axis_formatter(move |mark, _| {
            let row = mark.value.round();
            if (mark.value - row).abs() > 0.01 || row < 0.0 || row as usize >= rows {
                return String::new();
            }
            let i = rows.saturating_sub(1 + row as usize);
            labels.get(i).cloned().unwrap_or_default()
        })
        .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
            let year = f64::from(view.year) + 0.5;
            plot.vline(egui_plot::VLine::new("as of", year).color(view.palette.selection));
        });
}

/// The side panel for a feature of an imported layer: its name, the layer and file it comes
/// from, where it is, and every property as the file gives it.
pub fn imported_feature(
    ui: &mut egui::Ui,
    layer: &crate::session::imports::Imported,
    feature: &crate::model::user_layer::UserFeature,
    index: usize,
    palette: &Palette,
) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(&feature.label);
            ui.label(
                RichText::new(format!("imported layer “{}”", layer.layer.name))
                    .color(palette.imported(index)),
            );
            let file = layer.entry.path.file_name().map_or_else(
                || layer.entry.path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(
                RichText::new(format!(
                    "From your file {file}; not checked against the articles"
                ))
                .small()
                .weak(),
            )
            .on_hover_text(layer.entry.path.display().to_string());
            ui.add_space(6.0);
            let counted = |n: usize, one: &str, many: &str| match n {
                0 => None,
                1 => Some(format!("1 {one}")),
                n => Some(format!("{n} {many}")),
            };
            let geometry: Vec<String> = [
                counted(feature.points.len(), "point", "points"),
                counted(feature.lines.len(), "line", "lines"),
                counted(feature.polygons.len(), "area", "areas"),
            ]
            .into_iter()
            .flatten()
            .collect();
            let at = feature
                .points
                .first()
                .map(|p| format!("{:.4}°N {:.4}°E", p.lat, p.lon));
            egui::Grid::new("imported-feature")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    if let Some(at) = at {
                        ui.label(RichText::new("Position").strong());
                        ui.label(at);
                        ui.end_row();
                    }
                    ui.label(RichText::new("Geometry").strong());
                    ui.label(geometry.join(", "));
                    ui.end_row();
                    for (key, value) in feature.properties() {
                        ui.label(RichText::new(&key).strong());
                        let text = match value {
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        };
                        ui.label(text);
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            if ui.button("Clear the selection").clicked() {
                commands.push(Command::SelectImported(None));
            }
        });
    commands
}
