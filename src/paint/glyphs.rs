//! The glyphs of laid-out text, for the painters that draw glyphs themselves (PNG and
//! PDF). epaint's layout shapes text with HarfBuzz (harfrust): ligatures, joined Arabic
//! letters, marks; its galley keeps each glyph's character and position, not the glyph.
//! Here each row is cut into runs of one face (the face that has the characters, as the
//! layout fell back through them) and each run shaped again by the same shaper with the
//! same face, so the glyphs are the layout's; each run starts where the layout put it and
//! spans the width the layout gave it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tiny_skia::{Path, PathBuilder};

/// A typeface: the file's bytes and the face in it.
#[derive(Clone)]
pub struct Face {
    /// The font file.
    pub data: epaint::text::Blob,
    /// Which face in the file.
    pub index: u32,
    /// The size of its glyphs against the text's size (egui's tweak for icon fonts).
    pub scale: f32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("bytes", &(*self.data).as_ref().len())
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

/// One glyph of a run, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct Shaped {
    /// The glyph id in the run's face.
    pub id: u16,
    /// Where the pen is when it is drawn, from the galley's row origin along the baseline
    /// (points at the text's laid-out size).
    pub x: f32,
    /// Its offset from the pen along the baseline (marks).
    pub dx: f32,
    /// Its offset below the baseline (marks).
    pub y: f32,
    /// How far the next glyph of the run starts from this one's origin (points).
    pub advance: f32,
    /// The characters it stands for, in the run's text.
    pub range: Range<usize>,
}

/// Glyphs of one face on one row, in drawing order.
#[derive(Clone, Debug)]
pub struct Run {
    /// Index into [`Faces::faces`].
    pub face: usize,
    /// The run's characters in reading order.
    pub text: String,
    /// The baseline's y from the row's origin (points).
    pub baseline: f32,
    /// The glyphs.
    pub glyphs: Vec<Shaped>,
}

/// A glyph's outline, if it draws anything.
type Outline = Option<Arc<Path>>;

/// The faces of the app's text, in the order the layout falls back through them, with
/// what has been read of them.
pub struct Faces {
    /// The faces.
    pub faces: Vec<Face>,
    /// Which face has a character (first in order).
    chars: Mutex<HashMap<char, Option<usize>>>,
    /// Glyph outlines at size 1 (y down), by face and glyph.
    outlines: Mutex<HashMap<(usize, u16), Outline>>,
    /// Each face's shaping tables, parsed once.
    shapers: Mutex<HashMap<usize, Arc<harfrust::ShaperData>>>,
}

impl std::fmt::Debug for Faces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Faces")
            .field("faces", &self.faces)
            .finish_non_exhaustive()
    }
}

impl Faces {
    /// The faces as they are now: egui's Ubuntu, the system faces the composer has fallen
    /// back to so far (characters Ubuntu lacks, in a user's layer), egui's icons. Shared
    /// until the composer discovers another face.
    pub fn current() -> Arc<Self> {
        static CURRENT: OnceLock<Mutex<(usize, Arc<Faces>)>> = OnceLock::new();
        let discovered = crate::compose::text::discovered_fonts();
        let cell = CURRENT.get_or_init(|| Mutex::new((usize::MAX, Arc::new(Self::new(&[])))));
        let mut current = cell.lock().unwrap_or_else(PoisonError::into_inner);
        if current.0 != discovered.len() {
            *current = (discovered.len(), Arc::new(Self::new(&discovered)));
        }
        Arc::clone(&current.1)
    }

    fn new(discovered: &[epaint::text::FontInsert]) -> Self {
        let mut faces = vec![Face {
            data: Arc::new(epaint_default_fonts::UBUNTU_LIGHT),
            index: 0,
            scale: 1.0,
        }];
        faces.extend(discovered.iter().map(|f| Face {
            data: f.data.font.clone(),
            index: f.data.index,
            scale: f.data.tweak.scale,
        }));
        faces.push(Face {
            data: Arc::new(epaint_default_fonts::EGUI_ICONS),
            index: 0,
            scale: 0.9,
        });
        Self {
            faces,
            chars: Mutex::default(),
            outlines: Mutex::default(),
            shapers: Mutex::default(),
        }
    }

    fn bytes(&self, face: usize) -> Option<(&[u8], u32)> {
        self.faces.get(face).map(|f| ((*f.data).as_ref(), f.index))
    }

    /// The first face that has a glyph for `c`.
    pub fn face_of(&self, c: char) -> Option<usize> {
        let mut chars = self.chars.lock().unwrap_or_else(PoisonError::into_inner);
        *chars.entry(c).or_insert_with(|| {
            (0..self.faces.len()).find(|&k| {
                self.bytes(k)
                    .and_then(|(data, index)| ttf_parser::Face::parse(data, index).ok())
                    .and_then(|f| f.glyph_index(c))
                    .is_some()
            })
        })
    }

    /// A glyph's outline at a size of one (em), y down, scaled by its face's tweak; `None`
    /// for a glyph that draws nothing (a space).
    pub fn outline(&self, face: usize, id: u16) -> Option<Arc<Path>> {
        let mut outlines = self.outlines.lock().unwrap_or_else(PoisonError::into_inner);
        outlines
            .entry((face, id))
            .or_insert_with(|| {
                let (data, index) = self.bytes(face)?;
                let parsed = ttf_parser::Face::parse(data, index).ok()?;
                let scale = self.faces.get(face).map_or(1.0, |f| f.scale);
                outline(&parsed, ttf_parser::GlyphId(id), scale).map(Arc::new)
            })
            .clone()
    }

    fn shaper_data(&self, face: usize) -> Option<Arc<harfrust::ShaperData>> {
        let (data, index) = self.bytes(face)?;
        let mut shapers = self.shapers.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = shapers.get(&face) {
            return Some(Arc::clone(s));
        }
        let font = harfrust::FontRef::from_index(data, index).ok()?;
        let made = Arc::new(harfrust::ShaperData::new(&font));
        shapers.insert(face, Arc::clone(&made));
        Some(made)
    }

    /// A galley row's glyphs, run by run, at the text's laid-out `size`. `text` is the
    /// row's text in reading order when known (a one-row galley's own text): the layout
    /// keeps each glyph's first character, in drawing order, and for right-to-left text
    /// repeats characters of a cluster, so the row's text is rebuilt from its glyphs only
    /// when it is not given.
    pub fn row(&self, row: &epaint::text::Row, size: f32, text: Option<&str>) -> Vec<Run> {
        let glyphs = &row.glyphs;
        let Some(first) = glyphs.first() else {
            return Vec::new();
        };
        let rebuilt;
        let text = match text {
            Some(t) => t,
            None => {
                rebuilt = logical_order(&row.text());
                &rebuilt
            }
        };
        // Runs of one face in reading order, laid left to right as the layout lays them
        // (each right-to-left run drawn right to left within itself).
        let mut runs = Vec::new();
        let mut current: Option<(usize, String)> = None;
        for c in text.chars() {
            let face = self.face_of(c);
            match (&mut current, face) {
                (Some((f, t)), Some(g)) if *f == g => t.push(c),
                (_, Some(g)) => {
                    if let Some((f, t)) = current.take() {
                        runs.push((f, t));
                    }
                    current = Some((g, c.to_string()));
                }
                (_, None) => {}
            }
        }
        runs.extend(current);
        let mut x = first.pos.x;
        let mut out: Vec<Run> = runs
            .into_iter()
            .filter_map(|(face, text)| {
                let run = self.run(face, text, size, x, first.pos.y)?;
                x = run.glyphs.last().map_or(x, |g| g.x + g.advance);
                Some(run)
            })
            .collect();
        // Fitted to the width the layout gave the row.
        let right = glyphs
            .iter()
            .map(|g| g.pos.x + g.advance_width)
            .fold(first.pos.x, f32::max);
        let (natural, width) = (x - first.pos.x, right - first.pos.x);
        if natural > 0.0 && width > 0.0 {
            let fit = width / natural;
            for g in out.iter_mut().flat_map(|r| &mut r.glyphs) {
                g.x = first.pos.x + (g.x - first.pos.x) * fit;
                g.advance *= fit;
            }
        }
        out
    }

    /// One run shaped, its pen starting at `x`.
    fn run(&self, face: usize, text: String, size: f32, x: f32, baseline: f32) -> Option<Run> {
        let (data, index) = self.bytes(face)?;
        let font = harfrust::FontRef::from_index(data, index).ok()?;
        let shaper_data = self.shaper_data(face)?;
        let shaper = shaper_data.shaper(&font).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(&text);
        buffer.guess_segment_properties();
        let shaped = shaper.shape(buffer, harfrust::ShapeOptions::new());
        let upem = f32::from(
            ttf_parser::Face::parse(data, index)
                .ok()?
                .units_per_em()
                .max(1),
        );
        let scale = self.faces.get(face).map_or(1.0, |f| f.scale);
        let unit = size * scale / upem;
        let infos = shaped.glyph_infos();
        let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut x = x;
        let mut out = Vec::with_capacity(infos.len());
        for (info, pos) in infos.iter().zip(shaped.glyph_positions()) {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .find(|&&s| s > start)
                .copied()
                .unwrap_or(text.len());
            let advance = pos.x_advance as f32 * unit;
            out.push(Shaped {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x,
                dx: pos.x_offset as f32 * unit,
                y: -(pos.y_offset as f32) * unit,
                advance,
                range: start..end.max(start),
            });
            x += advance;
        }
        Some(Run {
            face,
            text,
            baseline,
            glyphs: out,
        })
    }
}

/// A one-row galley's own text (in reading order), which its row draws whole.
pub fn whole_text(galley: &epaint::Galley) -> Option<&str> {
    (galley.rows.len() == 1 && !galley.elided).then(|| galley.text())
}

/// The font size a galley was laid out at (points; the composer lays out each text in
/// one size).
pub fn font_size(galley: &epaint::Galley) -> f32 {
    galley
        .job
        .sections
        .first()
        .map_or(14.0, |s| s.format.font_id.size)
}

/// A glyph's outline at a size of one (em), y down.
fn outline(face: &ttf_parser::Face<'_>, id: ttf_parser::GlyphId, scale: f32) -> Option<Path> {
    struct Builder {
        path: PathBuilder,
        k: f32,
    }
    impl ttf_parser::OutlineBuilder for Builder {
        fn move_to(&mut self, x: f32, y: f32) {
            self.path.move_to(x * self.k, -y * self.k);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.path.line_to(x * self.k, -y * self.k);
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            let k = self.k;
            self.path.quad_to(x1 * k, -y1 * k, x * k, -y * k);
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            let k = self.k;
            self.path
                .cubic_to(x1 * k, -y1 * k, x2 * k, -y2 * k, x * k, -y * k);
        }
        fn close(&mut self) {
            self.path.close();
        }
    }
    let mut builder = Builder {
        path: PathBuilder::new(),
        k: scale / f32::from(face.units_per_em().max(1)),
    };
    face.outline_glyph(id, &mut builder)?;
    builder.path.finish()
}

/// Whether a character is written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and
/// their presentation forms).
fn right_to_left(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A row's characters in reading order: each right-to-left run, which the layout stores
/// left to right as drawn, reversed (with the spaces and punctuation inside it).
pub fn logical_order(visual: &str) -> String {
    let chars: Vec<char> = visual.chars().collect();
    let mut out = String::with_capacity(visual.len());
    let mut i = 0;
    while i < chars.len() {
        if !right_to_left(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The run: right-to-left letters and the spaces and punctuation between them
        // (digits and left-to-right letters end it).
        let mut end = i;
        let mut j = i;
        while j < chars.len() && (right_to_left(chars[j]) || !chars[j].is_alphanumeric()) {
            if right_to_left(chars[j]) {
                end = j + 1;
            }
            j += 1;
        }
        out.extend(chars[i..end].iter().rev());
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_have_outlines_and_spaces_none() {
        let faces = Faces::current();
        assert_eq!(faces.face_of('A'), Some(0));
        let (data, index) = faces.bytes(0).expect("Ubuntu");
        let ubuntu = ttf_parser::Face::parse(data, index).expect("parses");
        let a = ubuntu.glyph_index('A').expect("Ubuntu has A").0;
        let bounds = faces.outline(0, a).expect("A has an outline").bounds();
        // Ubuntu's capitals stand about 0.69 em above the baseline (y down).
        assert!(bounds.top() < -0.6 && bounds.top() > -0.8, "{bounds:?}");
        assert!(bounds.bottom().abs() < 0.02, "{bounds:?}");
        let space = ubuntu.glyph_index(' ').expect("Ubuntu has a space").0;
        assert!(faces.outline(0, space).is_none());
    }

    #[test]
    fn a_right_to_left_name_is_shaped_in_reading_order_where_the_layout_put_it() {
        use crate::compose::TextLayout;
        let label = "Base مزار شریف";
        let galley =
            crate::compose::HeadlessText::new(1.0).line(label, 14.0, epaint::Color32::BLACK);
        let faces = Faces::current();
        let runs = faces.row(&galley.rows[0].row, 14.0, Some(galley.text()));
        // The runs hold the label's text in reading order, each character once.
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let drawable: String = label
            .chars()
            .filter(|&c| faces.face_of(c).is_some())
            .collect();
        assert_eq!(text, drawable);
        // Left to right, starting where the layout starts and ending where it ends.
        let glyphs: Vec<&Shaped> = runs.iter().flat_map(|r| &r.glyphs).collect();
        assert!(glyphs.windows(2).all(|w| w[0].x <= w[1].x + 0.01));
        let row = &galley.rows[0].row;
        let right = row
            .glyphs
            .iter()
            .map(|g| g.pos.x + g.advance_width)
            .fold(0.0, f32::max);
        let last = glyphs.last().expect("glyphs");
        assert!(
            (last.x + last.advance - right).abs() < 0.5,
            "{} vs {right}",
            last.x + last.advance
        );
    }

    #[test]
    fn right_to_left_runs_are_turned_back_into_reading_order() {
        // "Mazar-i-Sharif" in Dari as the layout stores it (drawn order), then as read.
        let visual: String = "مزار شریف".chars().rev().collect();
        assert_eq!(logical_order(&visual), "مزار شریف");
        assert_eq!(
            logical_order(&format!("Base {visual} (2021)")),
            "Base مزار شریف (2021)"
        );
        assert_eq!(logical_order("Kant air base"), "Kant air base");
        let hyphenated: String = "مزار-شریف".chars().rev().collect();
        assert_eq!(logical_order(&hyphenated), "مزار-شریف");
    }
}
