//! CASA's map symbols for other programs: the colour, glyph and fill of each actor and
//! kind as the map draws them (from the light palette and [`glyph_of`]), drawn as PNG
//! icons for Google Earth and named as QGIS's simple markers.

use epaint::Pos2;

use crate::model::{Actor, FeatureKind};
use crate::render::features::{Glyph, glyph_of, polygon_points};
use crate::render::style::{Palette, Theme};

/// The pixels of an icon (square).
pub const ICON_PX: u32 = 32;

/// A feature's symbol.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Symbol {
    /// Its colour, RGBA.
    pub rgba: [u8; 4],
    /// Its glyph.
    pub glyph: Glyph,
    /// Drawn as an outline only.
    pub hollow: bool,
    /// Its size relative to a base.
    pub scale: f32,
}

impl Symbol {
    /// The symbol of `actor`'s `kind` as the light map draws it.
    pub fn of(actor: Actor, kind: FeatureKind) -> Self {
        let (glyph, hollow, scale) = glyph_of(kind);
        let c = Palette::of(Theme::Light).actor(actor);
        Self {
            rgba: [c.r(), c.g(), c.b(), 255],
            glyph,
            hollow,
            scale,
        }
    }

    /// The icon's file name in a KMZ ("icons/russia-base.png").
    pub fn file(actor: Actor, kind: FeatureKind) -> String {
        let key = |v: String| v.trim_matches('"').to_owned();
        let actor = key(serde_json::to_string(&actor).unwrap_or_default());
        let kind = key(serde_json::to_string(&kind).unwrap_or_default());
        format!("icons/{actor}-{kind}.png")
    }

    /// "r,g,b,a" as QGIS writes colours.
    pub fn qgis_colour(&self, alpha: u8) -> String {
        let [r, g, b, _] = self.rgba;
        format!("{r},{g},{b},{alpha}")
    }

    /// QGIS's simple marker of the glyph, and its rotation in degrees.
    pub fn qgis_marker(&self) -> (&'static str, f32) {
        match self.glyph {
            Glyph::Square => ("square", 0.0),
            Glyph::Triangle => ("triangle", 0.0),
            Glyph::Diamond => ("diamond", 0.0),
            Glyph::Circle => ("circle", 0.0),
            Glyph::Hexagon => ("hexagon", 0.0),
            Glyph::Star => ("star", 0.0),
            Glyph::Cross => ("cross_fill", 45.0),
        }
    }

    /// The icon as PNG: the glyph filled (or outlined) in its colour with a white edge,
    /// as on the map.
    pub fn png(&self) -> Vec<u8> {
        let Some(mut pixmap) = tiny_skia::Pixmap::new(ICON_PX, ICON_PX) else {
            return Vec::new();
        };
        let c = ICON_PX as f32 / 2.0;
        let points = polygon_points(self.glyph, Pos2::new(c, c), 9.0 * self.scale.min(1.2));
        let mut path = tiny_skia::PathBuilder::new();
        for (i, p) in points.iter().enumerate() {
            if i == 0 {
                path.move_to(p.x, p.y);
            } else {
                path.line_to(p.x, p.y);
            }
        }
        path.close();
        let Some(path) = path.finish() else {
            return Vec::new();
        };
        let [r, g, b, a] = self.rgba;
        let mut colour = tiny_skia::Paint::default();
        colour.set_color_rgba8(r, g, b, a);
        colour.anti_alias = true;
        let mut white = tiny_skia::Paint::default();
        white.set_color_rgba8(255, 255, 255, 255);
        white.anti_alias = true;
        let t = tiny_skia::Transform::identity();
        let stroke = |width: f32| tiny_skia::Stroke {
            width,
            line_join: tiny_skia::LineJoin::Round,
            ..tiny_skia::Stroke::default()
        };
        if self.hollow {
            pixmap.stroke_path(&path, &white, &stroke(6.0), t, None);
            pixmap.stroke_path(&path, &colour, &stroke(3.0), t, None);
        } else {
            pixmap.stroke_path(&path, &white, &stroke(3.0), t, None);
            pixmap.fill_path(&path, &colour, tiny_skia::FillRule::Winding, t, None);
        }
        pixmap.encode_png().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons_are_drawn_in_the_actor_s_colour() {
        let symbol = Symbol::of(Actor::Russia, FeatureKind::Base);
        let png = symbol.png();
        let image = image::load_from_memory(&png).expect("a PNG").to_rgba8();
        assert_eq!(image.dimensions(), (ICON_PX, ICON_PX));
        let centre = image.get_pixel(ICON_PX / 2, ICON_PX / 2).0;
        assert_eq!(centre, symbol.rgba, "a filled base is its actor's colour");
        assert_eq!(image.get_pixel(0, 0).0[3], 0, "the corner is transparent");
        let hollow = Symbol::of(Actor::China, FeatureKind::Mine);
        let image = image::load_from_memory(&hollow.png())
            .expect("a PNG")
            .to_rgba8();
        assert_eq!(
            image.get_pixel(ICON_PX / 2, ICON_PX / 2).0[3],
            0,
            "hollow inside"
        );
        assert_eq!(
            Symbol::file(Actor::OtherPower, FeatureKind::AirBase),
            "icons/other-power-air-base.png"
        );
    }
}
