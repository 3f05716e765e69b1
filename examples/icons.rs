//! Draws CASA's icon at every size the platforms ask for, from its source
//! `packaging/icons/casa.svg`:
//!
//! - `casa-<N>.png` for N in 16, 24, 32, 48, 64, 128, 256, 512, and 1024 pixels as
//!   `casa-512@2x.png` (Linux hicolor theme, the window icon, the macOS bundle, which the
//!   packager turns into an .icns);
//! - `casa.ico` with the 16–256 sizes (the Windows .exe resource and installer).
//!
//! Run `cargo run --example icons` after changing the SVG; the `icons_match_their_source`
//! test fails while the PNGs are stale.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/icons");
    let svg = std::fs::read_to_string(dir.join("casa.svg"))?;
    let mut ico_frames = Vec::new();
    for size in casa::sys::icon::SIZES {
        let png = casa::sys::icon::render_png(&svg, size)?;
        std::fs::write(dir.join(casa::sys::icon::file_name(size)), &png)?;
        if size <= 256 {
            ico_frames.push(image::codecs::ico::IcoFrame::with_encoded(
                png,
                size,
                size,
                image::ExtendedColorType::Rgba8,
            )?);
        }
        println!("{}", casa::sys::icon::file_name(size));
    }
    let ico = std::fs::File::create(dir.join("casa.ico"))?;
    image::codecs::ico::IcoEncoder::new(ico).encode_images(&ico_frames)?;
    println!("casa.ico ({} sizes)", ico_frames.len());
    Ok(())
}
