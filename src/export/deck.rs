//! The briefing as a deck: a title page, a page per scene (its slide, as `casa export`
//! draws it), speaker-notes pages on request and a closing sources page, all composed into
//! draw lists made pages, painted into one PDF ([`crate::export::pdf`]); or a folder of
//! PNG slides, one per scene.
//!
//! Pages are composed one step at a time ([`DeckSource::compose`]) so the app can spread
//! the work over frames and show progress; `casa export --briefing` runs every step.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use epaint::{Color32, Galley, Pos2, Rect, Stroke, Vec2};

use crate::compose::{DrawList, HeadlessText, ImportedView, Item, TextLayout};
use crate::export::{Cited, ExportError, MAP_CREDIT, compose_banner};
use crate::model::briefing::Briefing;
use crate::paint::page::Page;
use crate::render::document::Document;
use crate::render::style::Palette;

/// The size every deck page is laid out at (points; a PDF page scales it to 960 × 540).
pub const DECK_SIZE: [u32; 2] = [1920, 1080];
/// The left and right margin of text pages.
const MARGIN: f32 = 120.0;

/// How a deck is made.
#[derive(Clone, Debug, Default)]
pub struct DeckOptions {
    /// Add a speaker-notes page after each scene (the presenter's copy).
    pub notes: bool,
    /// A handling mark at the top and bottom of every page, if any.
    pub banner: Option<String>,
    /// The date the title page gives ("2 December 2026").
    pub date: String,
}

/// One page: its shapes and its bookmark in the PDF's outline.
#[derive(Clone, Debug)]
pub struct DeckPage {
    /// The page.
    pub page: Page,
    /// The outline entry, if the page starts a section.
    pub bookmark: Option<String>,
}

/// One step of composing a deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The title page.
    Title,
    /// A scene's slide, and its notes page if asked for.
    Scene(usize),
    /// The sources page(s): every article and reference the pages before cited.
    Sources,
}

/// The steps of a deck of `scenes` scenes, in order.
pub fn steps(scenes: usize) -> Vec<Step> {
    let mut steps = vec![Step::Title];
    steps.extend((0..scenes).map(Step::Scene));
    steps.push(Step::Sources);
    steps
}

/// What a deck is made from.
pub struct DeckSource<'a> {
    /// The atlas, its articles and caches.
    pub doc: &'a Document,
    /// Colours.
    pub palette: &'a Palette,
    /// The graticule, and the relief of scenes that do not ask for their own.
    pub basemap: crate::render::style::Basemap,
    /// The briefing.
    pub briefing: &'a Briefing,
    /// Layers from files, drawn on every map.
    pub imported: Vec<ImportedView<'a>>,
    /// How.
    pub options: &'a DeckOptions,
}

impl DeckSource<'_> {
    /// The pages of one step; `cited` gathers what the scene pages cite, for the sources.
    pub fn compose(&self, step: Step, cited: &mut Cited) -> Vec<DeckPage> {
        match step {
            Step::Title => vec![self.title_page()],
            Step::Scene(i) => self.scene_pages(i, cited),
            Step::Sources => self.sources_pages(cited),
        }
    }

    /// A scene's slide, with the deck's banner.
    pub fn slide(
        &self,
        scene: &crate::model::briefing::Scene,
        size: [u32; 2],
    ) -> crate::export::Slide<'_> {
        let mut slide = crate::export::scene_slide(
            self.doc,
            self.palette,
            self.basemap,
            scene,
            self.imported.clone(),
            size,
        );
        slide.banner.clone_from(&self.options.banner);
        slide
    }

    /// Every page, in order.
    pub fn pages(&self) -> Vec<DeckPage> {
        let mut cited = Cited::default();
        steps(self.briefing.scenes.len())
            .into_iter()
            .flat_map(|step| self.compose(step, &mut cited))
            .collect()
    }

    /// A text page's draw list over `compose_text`, with the banner.
    fn text_page(
        &self,
        title: &str,
        bookmark: Option<String>,
        compose_text: impl FnOnce(&mut DrawList<'static>, &mut dyn TextLayout, &Palette),
    ) -> DeckPage {
        let canvas = canvas();
        let mut list = DrawList::default();
        let mut text = HeadlessText::new(1.0);
        list.push(Item::Rect {
            rect: Rect::from_min_size(Pos2::ZERO, canvas),
            corner: 0.0,
            fill: self.palette.panel.to_opaque(),
            stroke: Stroke::NONE,
        });
        compose_text(&mut list, &mut text, self.palette);
        if let Some(banner) = &self.options.banner {
            compose_banner(&mut list, &mut text, self.palette, canvas, banner);
        }
        drop(text);
        DeckPage {
            page: Page::of(DECK_SIZE, canvas, title, None, &list),
            bookmark,
        }
    }

    fn title_page(&self) -> DeckPage {
        let briefing = self.briefing;
        let title = deck_title(briefing).to_owned();
        let facts = format!("{} · {}", years_text(briefing), self.options.date);
        let names: Vec<String> = briefing
            .scenes
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}. {}", i + 1, s.name))
            .collect();
        self.text_page(&title, Some(title.clone()), |list, text, palette| {
            let width = canvas().x - 2.0 * MARGIN;
            let mut y = 190.0;
            let label = palette.label;
            let minor = palette.label_minor;
            for (line, size, color, gap) in [
                ("CASA — Central Asia Security Atlas", 26.0, minor, 18.0),
                (title.as_str(), 64.0, label, 22.0),
                (facts.as_str(), 28.0, minor, 48.0),
            ] {
                let galley = text.wrapped(line, size, color, width);
                let h = galley.size().y;
                list.text(Pos2::new(MARGIN, y), galley, color, None);
                y += h + gap;
            }
            // The scenes in two columns, as many as fit, then how many more.
            let column = (width - 40.0) / 2.0;
            let rows = ((canvas().y - 90.0 - y) / 34.0).max(1.0) as usize;
            let mut names = names;
            if names.len() > rows * 2 {
                let more = names.len() - (rows * 2 - 1);
                names.truncate(rows * 2 - 1);
                names.push(format!("… and {more} more"));
            }
            for (k, name) in names.iter().enumerate() {
                let x = MARGIN + (k / rows) as f32 * (column + 40.0);
                let galley = text.line(&clip(name, 62), 24.0, label);
                list.text(
                    Pos2::new(x, y + (k % rows) as f32 * 34.0),
                    galley,
                    label,
                    None,
                );
            }
        })
    }

    fn scene_pages(&self, i: usize, cited: &mut Cited) -> Vec<DeckPage> {
        let Some(scene) = self.briefing.scenes.get(i) else {
            return Vec::new();
        };
        let slide = self.slide(scene, DECK_SIZE);
        let mut text = HeadlessText::new(1.0);
        let (list, scene_cited) = crate::export::compose_slide_cited(&slide, &mut text);
        drop(text);
        cited.merge(&scene_cited);
        let mut pages = vec![DeckPage {
            page: Page::of(
                DECK_SIZE,
                canvas(),
                &scene.name,
                slide.caption.as_deref(),
                &list,
            ),
            bookmark: Some(format!("{}. {}", i + 1, scene.name)),
        }];
        if self.options.notes {
            pages.extend(self.notes_pages(i, &list));
        }
        pages
    }

    /// The scene as a thumbnail (its slide's draw list painted again, smaller) and its
    /// speaker notes below, continued on further pages if they are long.
    fn notes_pages(&self, i: usize, slide: &DrawList<'_>) -> Vec<DeckPage> {
        let Some(scene) = self.briefing.scenes.get(i) else {
            return Vec::new();
        };
        let canvas = canvas();
        let thumb = Rect::from_min_size(Pos2::new(MARGIN, 84.0), canvas * 0.5);
        let notes = if scene.notes.trim().is_empty() {
            "(no speaker notes)".to_owned()
        } else {
            scene.notes.trim().to_owned()
        };
        let heading = format!("{}. {} — notes", i + 1, scene.name);
        let width = canvas.x - 2.0 * MARGIN;
        let first_top = thumb.bottom() + 36.0;
        let bottom = canvas.y - 60.0;
        let rows = {
            let mut text = HeadlessText::new(1.0);
            text_rows(&mut text, &[notes], 24.0, self.palette.label, width)
        };
        let pages = paginate(&rows, bottom - first_top, bottom - 96.0);
        let mut out = Vec::new();
        for (k, range) in pages.into_iter().enumerate() {
            let top = if k == 0 { first_top } else { 96.0 };
            let mut page = self.text_page(&heading, None, |list, text, palette| {
                let galley = text.line(&heading, 24.0, palette.label_minor);
                list.text(Pos2::new(MARGIN, 44.0), galley, palette.label_minor, None);
                place_rows(list, &rows[range], top);
                if k == 0 {
                    list.push(Item::Rect {
                        rect: thumb.expand(1.0),
                        corner: 0.0,
                        fill: Color32::TRANSPARENT,
                        stroke: Stroke::new(2.0, palette.label_minor),
                    });
                }
            });
            if k == 0 {
                page.page.add(slide, thumb, canvas);
            }
            out.push(page);
        }
        out
    }

    /// Every article and reference the deck cited, in full, then the map's origin.
    fn sources_pages(&self, cited: &Cited) -> Vec<DeckPage> {
        let mut articles = cited.articles.clone();
        articles.sort_unstable();
        let mut entries: Vec<(String, bool)> = vec![("Articles".to_owned(), true)];
        // Numbered by their place in the corpus, as the slides' footnotes number them.
        entries.extend(articles.iter().filter_map(|&a| {
            let article = self.doc.corpus.articles.get(a)?;
            Some((format!("[{}] {}", a + 1, article.meta.citation()), false))
        }));
        if articles.is_empty() {
            entries.push(("(none)".to_owned(), false));
        }
        if !cited.references.is_empty() {
            let mut references = cited.references.clone();
            references.sort_by_key(|r| r.to_lowercase());
            entries.push(("References".to_owned(), true));
            entries.extend(references.into_iter().map(|r| (r, false)));
        }
        entries.push(("The map".to_owned(), true));
        entries.push((MAP_CREDIT.to_owned(), false));
        entries.push((crate::export::cite::RELIEF_CREDIT.to_owned(), false));
        let width = canvas().x - 2.0 * MARGIN;
        let palette = self.palette;
        let rows: Vec<Row> = {
            let mut text = HeadlessText::new(1.0);
            entries
                .iter()
                .flat_map(|(entry, heading)| {
                    let (size, color) = if *heading {
                        (26.0, palette.label)
                    } else {
                        (19.0, palette.label_minor)
                    };
                    let mut rows =
                        text_rows(&mut text, std::slice::from_ref(entry), size, color, width);
                    if let Some(first) = rows.first_mut().filter(|_| *heading) {
                        first.gap_before = 18.0;
                    }
                    rows
                })
                .collect()
        };
        let top = 150.0;
        let room = canvas().y - 60.0 - top;
        let pages = paginate(&rows, room, room);
        let count = pages.len();
        pages
            .into_iter()
            .enumerate()
            .map(|(k, range)| {
                let heading = if count > 1 {
                    format!("Sources ({} of {count})", k + 1)
                } else {
                    "Sources".to_owned()
                };
                let bookmark = (k == 0).then(|| "Sources".to_owned());
                self.text_page(&heading, bookmark, |list, text, palette| {
                    let galley = text.line(&heading, 44.0, palette.label);
                    list.text(Pos2::new(MARGIN, 70.0), galley, palette.label, None);
                    place_rows(list, &rows[range], top);
                })
            })
            .collect()
    }
}

/// The deck's canvas.
fn canvas() -> Vec2 {
    Vec2::new(DECK_SIZE[0] as f32, DECK_SIZE[1] as f32)
}

/// A briefing's title, or "Briefing" if it has none.
pub fn deck_title(briefing: &Briefing) -> &str {
    let title = briefing.title.trim();
    if title.is_empty() { "Briefing" } else { title }
}

/// What the title page says of the years: "9 scenes: 3 as of a year (2021–2024), 6 over
/// all years".
pub fn years_text(briefing: &Briefing) -> String {
    let n = briefing.scenes.len();
    let mut text = format!("{n} scene{}", if n == 1 { "" } else { "s" });
    let dated = briefing
        .scenes
        .iter()
        .filter(|s| s.year.is_some() || s.compare.as_ref().is_some_and(|c| c.year.is_some()))
        .count();
    let Some((first, last)) = years(briefing) else {
        text.push_str(", over all years");
        return text;
    };
    let span = if first == last {
        format!("{first}")
    } else {
        format!("{first}–{last}")
    };
    if dated == n {
        let _ = write!(text, ", as of {span}");
    } else {
        let _ = write!(
            text,
            ": {dated} as of a year ({span}), {} over all years",
            n - dated
        );
    }
    text
}

/// The first and last "as of" year of the briefing's maps (either side of a compare
/// scene); scenes over all years are not counted.
pub fn years(briefing: &Briefing) -> Option<(i32, i32)> {
    let years = briefing.scenes.iter().flat_map(|s| {
        [s.year, s.compare.as_ref().and_then(|c| c.year)]
            .into_iter()
            .flatten()
    });
    years.fold(None, |acc, y| match acc {
        None => Some((y, y)),
        Some((a, b)) => Some((a.min(y), b.max(y))),
    })
}

/// At most `max` characters, with "…" if cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A row of text on a page, with the space above it.
#[derive(Clone)]
struct Row {
    galley: Arc<Galley>,
    color: Color32,
    gap_before: f32,
}

/// Entries wrapped to `width`, one galley per row (so pages can break between rows), with
/// a little space between entries.
fn text_rows(
    text: &mut dyn TextLayout,
    entries: &[String],
    size: f32,
    color: Color32,
    width: f32,
) -> Vec<Row> {
    let mut rows = Vec::new();
    for (k, entry) in entries.iter().enumerate() {
        for (j, line) in entry.lines().enumerate() {
            let galley = text.wrapped(line, size, color, width);
            for (r, row) in galley.rows.iter().enumerate() {
                let part = row.row.text();
                let gap_before = match (k, j, r) {
                    (_, 0, 0) if k > 0 => size * 0.5,
                    (_, _, 0) if j > 0 => size * 0.4,
                    _ => 0.0,
                };
                rows.push(Row {
                    galley: text.line(part.trim_end(), size, color),
                    color,
                    gap_before,
                });
            }
        }
    }
    rows
}

/// Splits rows into pages: the first page has `first` points of height, the others
/// `rest`; every page takes at least one row.
fn paginate(rows: &[Row], first: f32, rest: f32) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    let mut room = first;
    for (k, row) in rows.iter().enumerate() {
        let h = row.gap_before + row.galley.size().y;
        if used + h > room && k > start {
            pages.push(start..k);
            start = k;
            used = 0.0;
            room = rest;
        }
        used += h;
    }
    pages.push(start..rows.len());
    pages
}

/// Puts rows one under the other from `top`.
fn place_rows(list: &mut DrawList<'_>, rows: &[Row], top: f32) {
    let mut y = top;
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            y += row.gap_before;
        }
        list.text(Pos2::new(MARGIN, y), row.galley.clone(), row.color, None);
        y += row.galley.size().y;
    }
}

/// Writes the deck as one PDF (atomically), its pages as they come, telling `progress`
/// each page converted and, with the number of pages, before writing (a cancel then still
/// leaves nothing); returns the number of pages.
pub fn write_pdf_from(
    pages: impl Iterator<Item = DeckPage>,
    title: &str,
    path: &Path,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<usize, ExportError> {
    let pages = pages.map(|p| (p.page, p.bookmark));
    let (bytes, count) = crate::export::pdf_from(pages, Some(title), progress)?;
    if !progress(count) {
        return Err(ExportError::Cancelled);
    }
    crate::export::write_file(path, &bytes)?;
    Ok(count)
}

/// Writes the whole deck of `source` as one PDF (atomically): each step's pages composed
/// on one thread while the pages before are painted on another. Returns the number of
/// pages.
pub fn write_deck_pdf(source: &DeckSource<'_>, path: &Path) -> Result<usize, ExportError> {
    let title = deck_title(source.briefing);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<DeckPage>(4);
        scope.spawn(move || {
            let mut cited = Cited::default();
            for step in steps(source.briefing.scenes.len()) {
                for page in source.compose(step, &mut cited) {
                    if tx.send(page).is_err() {
                        return;
                    }
                }
            }
        });
        write_pdf_from(rx.into_iter(), title, path, &mut |_| true)
    })
}

/// The file name of a scene's slide in a folder: its number and its name ("01-kant.png").
pub fn slide_file_name(index: usize, name: &str) -> String {
    format!("{:02}-{}.png", index + 1, crate::export::file_stem(name))
}

/// Writes one PNG per scene into `dir` (created if need be), each written atomically;
/// returns the files written. Rasterising runs on every core.
pub fn write_png_folder(
    source: &DeckSource<'_>,
    size: [u32; 2],
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::Io(dir.display().to_string(), e))?;
    let pages: Vec<(PathBuf, Page)> = source
        .briefing
        .scenes
        .iter()
        .enumerate()
        .map(|(i, scene)| {
            let slide = source.slide(scene, size);
            (
                dir.join(slide_file_name(i, &scene.name)),
                crate::export::page(&slide),
            )
        })
        .collect();
    let written = crate::sys::parallel::par_map(&pages, |(path, page)| {
        let png = crate::export::png(page).map_err(|e| match e {
            ExportError::Render(why) => ExportError::Render(format!("{}: {why}", path.display())),
            other => other,
        })?;
        crate::export::write_file(path, &png).map(|()| path.clone())
    });
    written.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slide_files_are_numbered_and_named() {
        assert_eq!(slide_file_name(0, "Kant air base"), "01-kant-air-base.png");
        assert_eq!(slide_file_name(11, "2021 / 2024"), "12-2021-2024.png");
    }

    #[test]
    fn a_long_text_breaks_between_rows() {
        let mut text = HeadlessText::new(1.0);
        let entry = (0..400).map(|k| format!("word{k} ")).collect::<String>();
        let rows = text_rows(
            &mut text,
            std::slice::from_ref(&entry),
            20.0,
            Color32::BLACK,
            600.0,
        );
        drop(text);
        assert!(rows.len() > 20, "{} rows", rows.len());
        // Every word once, in order: rows break between words and lose nothing.
        let words: Vec<String> = rows
            .iter()
            .flat_map(|r| {
                let text = r
                    .galley
                    .rows
                    .iter()
                    .map(|row| row.row.text())
                    .collect::<String>();
                text.split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(words, entry.split_whitespace().collect::<Vec<_>>());
        let pages = paginate(&rows, 200.0, 400.0);
        assert!(pages.len() > 2);
        assert_eq!(pages.first().map(|r| r.start), Some(0));
        assert_eq!(pages.last().map(|r| r.end), Some(rows.len()));
        for w in pages.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
    }
}
