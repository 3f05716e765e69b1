//! The relief's textures: each image is decoded on a background thread the first time its
//! style is shown (the window keeps drawing meanwhile, without relief), then uploaded once.

use std::sync::Arc;

use crate::render::relief::{Relief, ReliefVariant, ReliefView};

/// The uploaded relief images, one per variant, and those being decoded.
#[derive(Default)]
pub struct ReliefTextures {
    uploaded: [Option<egui::TextureHandle>; 4],
    decoding: [bool; 4],
    /// Decode on the UI thread when a style is first shown, instead of in the background
    /// (`--screenshot` and the tests: what a frame shows does not depend on a thread).
    pub wait: bool,
}

impl std::fmt::Debug for ReliefTextures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReliefTextures")
            .field("uploaded", &self.uploaded.each_ref().map(|t| t.is_some()))
            .field("decoding", &self.decoding)
            .field("wait", &self.wait)
            .finish()
    }
}

impl ReliefTextures {
    /// The relief to draw in `variant`, if its texture is on the GPU; otherwise starts
    /// decoding it (once) and returns `None` until it is ready.
    pub fn view<'a>(
        &mut self,
        ctx: &egui::Context,
        relief: &'a Arc<Relief>,
        variant: ReliefVariant,
    ) -> Option<ReliefView<'a>> {
        let k = variant.index();
        if self.uploaded[k].is_none() {
            if self.wait {
                relief.raster(variant);
            }
            match relief.ready(variant) {
                Some(raster) => self.uploaded[k] = Some(upload(ctx, variant, raster)),
                None => {
                    if !std::mem::replace(&mut self.decoding[k], true) {
                        decode_in_background(ctx, relief, variant);
                    }
                    return None;
                }
            }
        }
        self.uploaded[k].as_ref().map(|t| ReliefView {
            relief,
            variant,
            texture: Some(t.id()),
        })
    }

    /// Whether a variant's texture is on the GPU.
    pub fn is_uploaded(&self, variant: ReliefVariant) -> bool {
        self.uploaded[variant.index()].is_some()
    }
}

/// Decodes a variant on a thread of its own, then asks for a frame to upload it in.
fn decode_in_background(ctx: &egui::Context, relief: &Arc<Relief>, variant: ReliefVariant) {
    let (shared, ctx) = (Arc::clone(relief), ctx.clone());
    let spawned = std::thread::Builder::new()
        .name("casa-relief".into())
        .spawn(move || {
            shared.raster(variant);
            ctx.request_repaint();
        });
    if let Err(e) = spawned {
        log::warn!("relief: no thread to decode on ({e}); decoding now");
        relief.raster(variant);
    }
}

/// Uploads an image, halved until the GPU takes its size.
fn upload(
    ctx: &egui::Context,
    variant: ReliefVariant,
    raster: &crate::render::relief::Raster,
) -> egui::TextureHandle {
    let max = ctx.input(|i| i.max_texture_side).max(1);
    let mut image = std::borrow::Cow::Borrowed(raster);
    while image.size[0] > max || image.size[1] > max {
        image = std::borrow::Cow::Owned(image.halved());
    }
    let color = egui::ColorImage::new(image.size, image.pixels.clone());
    let options = egui::TextureOptions {
        mipmap_mode: Some(egui::TextureFilter::Linear),
        ..egui::TextureOptions::LINEAR
    };
    ctx.load_texture(variant.name(), color, options)
}
