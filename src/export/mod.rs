//! Slides and decks, written without a window or a GPU: a slide ([`slide`]) with what it
//! cites ([`cite`]), made a page and painted as SVG, as PNG (tiny-skia, on the CPU) or as
//! PDF (krilla); the briefing as a deck of such pages ([`deck`]). This module writes the
//! files: formats, sizes, atomic writing.

pub mod cite;
pub mod data;
pub mod deck;
pub mod slide;

use std::path::Path;

pub use cite::{Cited, MAP_CREDIT, scene_cite, scene_cited, scene_corrections};
pub use slide::{
    Slide, compose_banner, compose_slide, compose_slide_cited, overview_slide, page, page_cited,
    scene_slide, svg,
};

use crate::paint::page::Page;

/// Why a slide could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output's extension is not .png, .svg or .pdf.
    #[error("{0}: the file name must end in .png, .svg or .pdf")]
    Format(String),
    /// The size is unusable.
    #[error("a slide must be between 320×180 and 7680×4320 pixels (got {0}×{1})")]
    Size(u32, u32),
    /// Rasterising failed.
    #[error("could not draw the slide: {0}")]
    Render(String),
    /// Writing failed.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// The user cancelled.
    #[error("cancelled")]
    Cancelled,
}

/// What a slide file is: by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlideFormat {
    /// A raster image (the page painted on the CPU).
    Png,
    /// The vector slide as it is.
    Svg,
    /// The vector slide as a one-page PDF (text selectable, fonts embedded).
    Pdf,
}

impl SlideFormat {
    /// Every format, in the order the export window offers them.
    pub const ALL: [Self; 3] = [Self::Png, Self::Svg, Self::Pdf];

    /// Its short name in the export window ("PNG").
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Svg => "SVG",
            Self::Pdf => "PDF",
        }
    }

    /// The format a file name asks for, by its extension (case-insensitive).
    pub fn of(path: &Path) -> Result<Self, ExportError> {
        match extension(path).as_deref() {
            Some("png") => Ok(Self::Png),
            Some("svg") => Ok(Self::Svg),
            Some("pdf") => Ok(Self::Pdf),
            _ => Err(ExportError::Format(path.display().to_string())),
        }
    }

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Svg => "svg",
            Self::Pdf => "pdf",
        }
    }

    /// What a file dialog calls it.
    pub fn description(self) -> &'static str {
        match self {
            Self::Png => "PNG image",
            Self::Svg => "SVG image",
            Self::Pdf => "PDF document",
        }
    }
}

/// Checks a slide size.
pub fn check_size([w, h]: [u32; 2]) -> Result<(), ExportError> {
    if (320..=7680).contains(&w) && (180..=4320).contains(&h) {
        Ok(())
    } else {
        Err(ExportError::Size(w, h))
    }
}

/// Writes the slide to `path` as SVG, PNG or PDF, by the file's extension (atomically).
pub fn write(slide: &Slide<'_>, path: &Path) -> Result<(), ExportError> {
    check_size(slide.size)?;
    check_format(path)?;
    write_page(&page(slide), path)
}

/// Refuses an output that is not .png, .svg or .pdf.
pub fn check_format(path: &Path) -> Result<(), ExportError> {
    SlideFormat::of(path).map(|_| ())
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Writes a page as SVG, PNG or PDF, by the extension (atomically). A page borrows
/// nothing, so this can run on a worker thread while the window stays live.
pub fn write_page(page: &Page, path: &Path) -> Result<(), ExportError> {
    let bytes = match SlideFormat::of(path)? {
        SlideFormat::Svg => crate::paint::svg::document(page).into_bytes(),
        SlideFormat::Png => png(page)?,
        SlideFormat::Pdf => pdf(
            std::slice::from_ref(page),
            &DeckInfo::default(),
            &mut |_| true,
        )?,
    };
    write_file(path, &bytes)
}

/// Writes a file atomically (a temporary file beside it, then renamed), naming it in the
/// error: a full disk or a folder that cannot be written leaves nothing under its name.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    crate::sys::persist::write_atomic(path, bytes)
        .map_err(|e| ExportError::Io(path.display().to_string(), e))
}

/// A page as PNG bytes, painted on the CPU.
pub fn png(page: &Page) -> Result<Vec<u8>, ExportError> {
    let pixmap = crate::paint::raster::render(page)
        .ok_or_else(|| ExportError::Render("the slide has no area".into()))?;
    encode_png(pixmap)
}

/// A rendered slide as PNG: zlib level 2 with the Sub filter. Measured on the overview
/// slide against tiny-skia's default (zlib's default level, adaptive filters): 57 -> 13 ms
/// for 364 -> 383 kB, and with the relief's detail 222 -> 60 ms for 1953 -> 2224 kB.
fn encode_png(pixmap: tiny_skia::Pixmap) -> Result<Vec<u8>, ExportError> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let (w, h) = (pixmap.width(), pixmap.height());
    let rgba = pixmap.take_demultiplied();
    let mut out = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Level(2), FilterType::Sub);
    image::ImageEncoder::write_image(encoder, &rgba, w, h, image::ExtendedColorType::Rgba8)
        .map_err(|e| ExportError::Render(e.to_string()))?;
    Ok(out)
}

/// What a PDF says of itself: its title and the bookmark of each page that has one.
#[derive(Clone, Debug, Default)]
pub struct DeckInfo {
    /// The document's title (its metadata; a PDF reader's window title).
    pub title: Option<String>,
    /// Per page, in order: its bookmark in the reader's outline, if any.
    pub bookmarks: Vec<Option<String>>,
}

/// A PDF page's width in points: 13.33 inches, the 16:9 page of presentation software.
pub const PDF_PAGE_WIDTH: f32 = 960.0;

/// Paints pages into one PDF, a page each, 960 points wide. Text stays text (selectable,
/// searchable), each typeface is embedded once and subset. `progress` is told the page
/// about to be painted and cancels by returning false.
pub fn pdf(
    pages: &[Page],
    info: &DeckInfo,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<Vec<u8>, ExportError> {
    let bookmarked = pages
        .iter()
        .enumerate()
        .map(|(n, page)| (page.clone(), info.bookmarks.get(n).cloned().flatten()));
    pdf_from(bookmarked, info.title.as_deref(), progress).map(|(bytes, _)| bytes)
}

/// [`pdf`] of pages as they come, each with its bookmark (the deck's pages are painted
/// while the next ones are composed); also returns the number of pages.
pub fn pdf_from(
    pages: impl Iterator<Item = (Page, Option<String>)>,
    title: Option<&str>,
    progress: &mut dyn FnMut(usize) -> bool,
) -> Result<(Vec<u8>, usize), ExportError> {
    use krilla::destination::XyzDestination;
    use krilla::geom::{Point, Size};
    use krilla::outline::{Outline, OutlineNode};
    let mut fonts = crate::paint::pdf::PdfFonts::new();
    let mut document = krilla::Document::new();
    let mut outline = Outline::new();
    let mut count = 0;
    for (n, (page, bookmark)) in pages.enumerate() {
        if !progress(n) {
            return Err(ExportError::Cancelled);
        }
        let width = PDF_PAGE_WIDTH;
        let height = page.canvas.y * width / page.canvas.x.max(1.0);
        let size = Size::from_wh(width, height)
            .ok_or_else(|| ExportError::Render(format!("page {} has no area", n + 1)))?;
        let images = crate::paint::pdf::prepare_images(std::slice::from_ref(&page));
        let settings = krilla::page::PageSettings::new(size);
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        crate::paint::pdf::paint(&mut surface, &page, width, &mut fonts, &images);
        surface.finish();
        pdf_page.finish();
        if let Some(title) = bookmark {
            let to = XyzDestination::new(n, Point::from_xy(0.0, 0.0));
            outline.push_child(OutlineNode::new(title, to));
        }
        count = n + 1;
    }
    document.set_outline(outline);
    let mut metadata = krilla::metadata::Metadata::new()
        .creator("CASA, the Central Asia Security Atlas".to_owned())
        .language("en".to_owned());
    if let Some(title) = title {
        metadata = metadata.title(title.to_owned());
    }
    document.set_metadata(metadata);
    let bytes = document
        .finish()
        .map_err(|e| ExportError::Render(format!("could not write the PDF: {e:?}")))?;
    Ok((bytes, count))
}

/// A scene's name as a file name: letters, digits and dashes.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "casa-slide".into()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_checked() {
        assert!(check_size([1920, 1080]).is_ok());
        assert!(check_size([3840, 2160]).is_ok());
        assert!(check_size([10, 1080]).is_err());
    }
}
