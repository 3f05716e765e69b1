//! Slides as CASA painted them before the page painters: the SVG painter's document,
//! parsed by usvg and rasterised by resvg. The reference the raster painter is held to
//! (pixels within a small tolerance) and that the export benchmarks measure against.

/// Rasterises an SVG page with resvg: egui's Ubuntu as the sans-serif family, the system
/// faces the composer fell back to for what it lacks.
pub fn rasterise(svg: &str) -> resvg::tiny_skia::Pixmap {
    use resvg::{tiny_skia, usvg};
    let mut options = usvg::Options::default();
    let db = options.fontdb_mut();
    db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    for font in casa::compose::text::discovered_fonts() {
        db.load_font_source(usvg::fontdb::Source::Binary(font.data.font.clone()));
    }
    let family = db
        .faces()
        .next()
        .and_then(|f| f.families.first())
        .map(|f| f.0.clone());
    if let Some(family) = family {
        db.set_sans_serif_family(family);
    }
    let tree = usvg::Tree::from_str(svg, &options).expect("the SVG painter writes valid SVG");
    let size = tree.size().to_int_size();
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).expect("the page has an area");
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
}
