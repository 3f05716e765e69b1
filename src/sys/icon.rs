//! CASA's icon: drawn from its SVG source (`packaging/icons/casa.svg`) by resvg at the sizes
//! the platforms ask for (`cargo run --example icons` writes them); the window's icon is the
//! 256-pixel PNG, embedded in the binary.

/// The square sizes written, in pixels.
pub const SIZES: [u32; 9] = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/// The file an icon size is written to: `casa-<N>.png`, except 1024 pixels, which macOS
/// wants as the 512-point icon at twice the density (`casa-512@2x.png`).
pub fn file_name(size: u32) -> String {
    if size == 1024 {
        "casa-512@2x.png".to_owned()
    } else {
        format!("casa-{size}.png")
    }
}

/// The 256-pixel icon, as generated from the SVG.
pub const PNG_256: &[u8] = include_bytes!("../../packaging/icons/casa-256.png");

/// The icon's SVG source.
pub const SVG: &str = include_str!("../../packaging/icons/casa.svg");

/// Draws the SVG as a `size`-pixel square PNG.
pub fn render_png(svg: &str, size: u32) -> Result<Vec<u8>, String> {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("an empty icon")?;
    let scale = size as f32 / tree.size().width();
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// The window's icon as RGBA pixels with its width and height, decoded from [`PNG_256`].
pub fn window_icon_rgba() -> Option<(Vec<u8>, u32, u32)> {
    let image = image::load_from_memory(PNG_256).ok()?.into_rgba8();
    let (width, height) = image.dimensions();
    Some((image.into_raw(), width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed PNGs are the SVG drawn now: regenerate with `cargo run --example icons`
    /// after editing the SVG.
    #[test]
    fn icons_match_their_source() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/icons");
        for size in SIZES {
            let drawn = image::load_from_memory(&render_png(SVG, size).expect("render"))
                .expect("decode")
                .into_rgba8();
            let committed = image::open(dir.join(file_name(size)))
                .expect("a committed icon")
                .into_rgba8();
            assert_eq!(
                drawn.dimensions(),
                committed.dimensions(),
                "{}",
                file_name(size)
            );
            let differing = drawn
                .pixels()
                .zip(committed.pixels())
                .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 2))
                .count();
            assert_eq!(differing, 0, "{} is stale", file_name(size));
        }
        // The .ico's largest entry (256 px) is the same drawing.
        let ico = std::fs::read(dir.join("casa.ico")).expect("casa.ico");
        let ico = image::load_from_memory_with_format(&ico, image::ImageFormat::Ico)
            .expect("casa.ico decodes")
            .into_rgba8();
        let drawn = image::load_from_memory(&render_png(SVG, 256).expect("render"))
            .expect("decode")
            .into_rgba8();
        assert_eq!(ico.dimensions(), (256, 256));
        let differing = drawn
            .pixels()
            .zip(ico.pixels())
            .filter(|(a, b)| a.0.iter().zip(b.0).any(|(x, y)| x.abs_diff(y) > 2))
            .count();
        assert_eq!(differing, 0, "casa.ico is stale");
        let (rgba, width, height) = window_icon_rgba().expect("the window icon decodes");
        assert_eq!((width, height), (256, 256));
        assert!(rgba.chunks(4).any(|p| p[3] == 255), "not blank");
    }
}
