//! Design tokens: every colour and stroke width CASA draws with, for both themes.
//!
//! Colours are chosen to read on a projector: the five Central Asian states carry calm,
//! distinct hues of similar lightness; neighbours and context are neutral; water is a
//! quiet blue; highlights use one accent that is not a country hue.

use epaint::Color32;

use crate::model::{Country, CountryRole};

/// The light or dark look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Theme {
    /// Light land on a pale sea: for bright rooms.
    #[default]
    Light,
    /// Muted land on a dark sea: for dim rooms and dark slides.
    Dark,
}

/// What a map draws besides its content and borders: the graticule and the relief.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Basemap {
    /// Whether to draw the graticule.
    pub graticule: bool,
    /// The relief under the map.
    pub relief: crate::model::layers::ReliefStyle,
}

impl Basemap {
    /// What `casa export` draws unless a scene or `--relief` asks otherwise: the graticule,
    /// no relief.
    pub const EXPORT: Self = Self {
        graticule: GRATICULE_BY_DEFAULT,
        relief: crate::model::layers::ReliefStyle::Off,
    };
}

/// Every colour of one theme.
#[derive(Clone, Debug)]
pub struct Palette {
    /// Whether it is the dark theme's (the relief's shading is made for it).
    pub dark: bool,
    /// The sea and everything outside the data.
    pub water: Color32,
    /// Lake and Caspian shores.
    pub shore: Color32,
    /// Rivers.
    pub river: Color32,
    /// The five Central Asian states, in the order KAZ, KGZ, TJK, TKM, UZB.
    pub focus: [Color32; 5],
    /// Neighbouring states.
    pub neighbour: Color32,
    /// Other states, shown for context.
    pub context: Color32,
    /// Disputed areas.
    pub disputed: Color32,
    /// Borders between states.
    pub border: Color32,
    /// Borders of the five Central Asian states, drawn over the others.
    pub focus_border: Color32,
    /// The outline of leased territory (Baikonur).
    pub leased_border: Color32,
    /// What the hovered country's fill is mixed with.
    pub hover_mix: Color32,
    /// The outline of the selected country.
    pub selection: Color32,
    /// Graticule lines.
    pub graticule: Color32,
    /// Label text.
    pub label: Color32,
    /// Text of labels of minor features (context countries, water).
    pub label_minor: Color32,
    /// Water labels.
    pub label_water: Color32,
    /// Names of ranges, basins, deserts and passes (shown with the relief).
    pub label_terrain: Color32,
    /// The halo behind labels.
    pub halo: Color32,
    /// Capital city markers.
    pub capital: Color32,
    /// The scale bar.
    pub scale_bar: Color32,
    /// Feature symbols by actor, in the order of [`crate::model::Actor::ALL`]: Okabe–Ito
    /// colours, distinguishable with the common colour-vision deficiencies (shapes carry
    /// the kind, so no meaning rests on colour alone).
    pub actors: [Color32; 7],
    /// The outline around every symbol, so it reads on any country colour.
    pub symbol_outline: Color32,
    /// Region outlines and their light fill.
    pub region: Color32,
    /// Membership hatching, one colour per organisation in file order (cycled).
    pub organisations: [Color32; 12],
    /// The tooltip and edge-marker background.
    pub panel: Color32,
    /// Imported layers, one colour each in import order (cycled): none is an actor's or an
    /// organisation's, so a file's features are never mistaken for the atlas's own.
    pub imported: [Color32; 4],
}

/// Whether maps draw the graticule unless the user turns it off (the app's default
/// setting, and every slide `casa export` writes).
pub const GRATICULE_BY_DEFAULT: bool = true;

/// Hatch angle of the n-th shown organisation (radians): each grouping runs its own way,
/// so a country in several shows each, crossing, not blended.
pub const ORGANISATION_ANGLES: [f32; 8] = [
    std::f32::consts::FRAC_PI_4,
    -std::f32::consts::FRAC_PI_4,
    0.0,
    std::f32::consts::FRAC_PI_2,
    std::f32::consts::FRAC_PI_8,
    -std::f32::consts::FRAC_PI_8,
    3.0 * std::f32::consts::FRAC_PI_8,
    -3.0 * std::f32::consts::FRAC_PI_8,
];

/// Stroke widths and sizes, in screen points.
pub mod sizes {
    /// Borders between states.
    pub const BORDER_WIDTH: f32 = 0.8;
    /// Borders of the five Central Asian states.
    pub const FOCUS_BORDER_WIDTH: f32 = 1.4;
    /// The outline of leased territory, drawn over its sovereign's border.
    pub const LEASED_BORDER_WIDTH: f32 = 2.0;
    /// The selected country's outline.
    pub const SELECTION_WIDTH: f32 = 3.0;
    /// The hovered country's outline.
    pub const HOVER_WIDTH: f32 = 2.0;
    /// Rivers.
    pub const RIVER_WIDTH: f32 = 1.1;
    /// Shores of lakes and the Caspian.
    pub const SHORE_WIDTH: f32 = 0.6;
    /// Graticule lines.
    pub const GRATICULE_WIDTH: f32 = 0.6;
    /// The soft edge added on each side of every line, for anti-aliasing.
    pub const FEATHER: f32 = 0.7;
    /// Capital markers' radius.
    pub const CAPITAL_RADIUS: f32 = 3.0;
    /// Feature symbols' radius.
    pub const SYMBOL_RADIUS: f32 = 6.0;
    /// Route and border lines.
    pub const ROUTE_WIDTH: f32 = 2.6;
    /// Region outlines.
    pub const REGION_WIDTH: f32 = 2.0;
    /// Membership hatch lines' spacing and width.
    pub const HATCH_SPACING: f32 = 13.0;
    /// Width of a member's hatch line.
    pub const HATCH_WIDTH: f32 = 2.0;
    /// Label font sizes: smallest and largest.
    pub const LABEL_MIN: f32 = 11.0;
    /// The largest country label.
    pub const LABEL_MAX: f32 = 24.0;
}

const fn rgb(hex: u32) -> Color32 {
    Color32::from_rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

const fn rgba(hex: u32, alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied_const((hex >> 16) as u8, (hex >> 8) as u8, hex as u8, alpha)
}

impl Palette {
    /// The palette of a theme.
    pub fn of(theme: Theme) -> Self {
        match theme {
            Theme::Light => Self::light(),
            Theme::Dark => Self::dark(),
        }
    }

    fn light() -> Self {
        Self {
            dark: false,
            water: rgb(0xC6DAE9),
            shore: rgb(0x8FB0C9),
            river: rgb(0x6C9CC4),
            focus: [
                rgb(0xEFCB93),
                rgb(0xC9D89E),
                rgb(0xE6B4A6),
                rgb(0xA9D2C6),
                rgb(0xD4BEE0),
            ],
            neighbour: rgb(0xE4E0D8),
            context: rgb(0xEFEDE8),
            disputed: rgb(0xD9D4CB),
            border: rgb(0x9A9388),
            focus_border: rgb(0x5B5348),
            leased_border: rgb(0xB03A2E),
            hover_mix: Color32::WHITE,
            selection: rgb(0x1C5FA8),
            graticule: rgba(0x4A6A88, 70),
            label: rgb(0x26221D),
            label_minor: rgb(0x6E675D),
            label_water: rgb(0x3D6A92),
            label_terrain: rgb(0x6B5436),
            halo: rgba(0xFFFFFF, 200),
            capital: rgb(0x26221D),
            scale_bar: rgb(0x26221D),
            actors: [
                rgb(0xD55E00),
                rgb(0x0072B2),
                rgb(0xCC79A7),
                rgb(0x009E73),
                rgb(0xE69F00),
                rgb(0x555555),
                rgb(0x8C6D31),
            ],
            symbol_outline: rgb(0xFFFFFF),
            region: rgb(0x6A3D9A),
            organisations: [
                rgb(0xB2182B),
                rgb(0x2166AC),
                rgb(0x1B7837),
                rgb(0x762A83),
                rgb(0xE08214),
                rgb(0x35978F),
                rgb(0x8C510A),
                rgb(0x4D4D4D),
                rgb(0x9E0142),
                rgb(0x5E4FA2),
                rgb(0x66A61E),
                rgb(0xA6761D),
            ],
            panel: rgba(0xFFFFFF, 235),
            imported: [rgb(0xC51B7D), rgb(0x01665E), rgb(0x08306B), rgb(0x5E3C99)],
        }
    }

    fn dark() -> Self {
        Self {
            dark: true,
            water: rgb(0x16222F),
            shore: rgb(0x3A5672),
            river: rgb(0x4D7BA3),
            focus: [
                rgb(0x9A7E4E),
                rgb(0x6F7D4A),
                rgb(0x8C5F55),
                rgb(0x4E7A6E),
                rgb(0x7A6688),
            ],
            neighbour: rgb(0x3A3E44),
            context: rgb(0x2C3035),
            disputed: rgb(0x45474B),
            border: rgb(0x6F757D),
            focus_border: rgb(0xD9D1C2),
            leased_border: rgb(0xF07C6C),
            hover_mix: Color32::WHITE,
            selection: rgb(0xF2C14E),
            graticule: rgba(0x9FB8D0, 55),
            label: rgb(0xF1EDE6),
            label_minor: rgb(0xA7A39C),
            label_water: rgb(0x8DB3D6),
            label_terrain: rgb(0xC8B08A),
            halo: rgba(0x000000, 170),
            capital: rgb(0xF1EDE6),
            scale_bar: rgb(0xF1EDE6),
            actors: [
                rgb(0xFF7F2A),
                rgb(0x56B4E9),
                rgb(0xE59BC9),
                rgb(0x2FC79A),
                rgb(0xF0C04A),
                rgb(0xBBBBBB),
                rgb(0xC8A96E),
            ],
            symbol_outline: rgb(0x10161D),
            region: rgb(0xC9A6F0),
            organisations: [
                rgb(0xF4A582),
                rgb(0x92C5DE),
                rgb(0xA6DBA0),
                rgb(0xC2A5CF),
                rgb(0xFDB863),
                rgb(0x80CDC1),
                rgb(0xDFC27D),
                rgb(0xBABABA),
                rgb(0xF768A1),
                rgb(0x9E9AC8),
                rgb(0xC2E699),
                rgb(0xE6AB02),
            ],
            panel: rgba(0x1B232C, 235),
            imported: [rgb(0xF1B6DA), rgb(0x80CDC1), rgb(0x9ECAE1), rgb(0xB2ABD2)],
        }
    }

    /// The fill of a country; leased territory takes its sovereign's colour.
    pub fn country_fill(&self, country: &Country) -> Color32 {
        let key = match (&country.role, &country.sovereign) {
            (CountryRole::Leased, Some(sovereign)) => sovereign.0.as_str(),
            _ => country.id.0.as_str(),
        };
        let focus = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
            .iter()
            .position(|id| *id == key);
        match (focus, country.role) {
            (Some(i), _) => self.focus[i],
            (None, CountryRole::Neighbour) => self.neighbour,
            (None, CountryRole::Disputed) => self.disputed,
            (None, _) => self.context,
        }
    }

    /// A feature's symbol colour.
    pub fn actor(&self, actor: crate::model::Actor) -> Color32 {
        let i = crate::model::Actor::ALL
            .iter()
            .position(|a| *a == actor)
            .unwrap_or(0);
        self.actors[i % self.actors.len()]
    }

    /// The hatch colour of the organisation at `index` in the atlas.
    pub fn organisation(&self, index: usize) -> Color32 {
        self.organisations[index % self.organisations.len()]
    }

    /// The colour of the n-th imported layer.
    pub fn imported(&self, index: usize) -> Color32 {
        self.imported[index % self.imported.len()]
    }

    /// A fill lightened for hover.
    pub fn hovered(&self, fill: Color32) -> Color32 {
        lerp(fill, self.hover_mix, 0.35)
    }
}

/// Linear mix of two colours in gamma space (enough for UI tints).
pub fn lerp(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgba_premultiplied(
        mix(a.r(), b.r()),
        mix(a.g(), b.g()),
        mix(a.b(), b.b()),
        mix(a.a(), b.a()),
    )
}

/// How a membership status is hatched: line width, spacing (a multiple of the base
/// spacing), dash and gap lengths (no gap: solid) and opacity. Member, observer, partner,
/// suspended and withdrawn read apart by density, weight and dashes, never by colour alone.
pub fn status_pattern(status: crate::model::Status) -> HatchPattern {
    use crate::model::Status;
    let (width, spacing, dash, gap, alpha) = match status {
        Status::Member => (sizes::HATCH_WIDTH, 1.0, 0.0, 0.0, 0.8),
        Status::Associate => (sizes::HATCH_WIDTH * 0.6, 1.0, 0.0, 0.0, 0.8),
        Status::Observer => (sizes::HATCH_WIDTH, 2.0, 0.0, 0.0, 0.8),
        Status::DialoguePartner => (sizes::HATCH_WIDTH * 0.6, 3.0, 0.0, 0.0, 0.8),
        Status::Partner => (sizes::HATCH_WIDTH * 0.8, 2.5, 0.0, 0.0, 0.8),
        Status::Suspended => (sizes::HATCH_WIDTH, 1.0, 12.0, 6.0, 0.6),
        Status::Withdrawn => (1.0, 3.0, 4.0, 8.0, 0.5),
    };
    HatchPattern {
        width,
        spacing: spacing * sizes::HATCH_SPACING,
        dash,
        gap,
        alpha,
    }
}

/// A country label's size (points) and colour, from its role and the room at its anchor
/// (points): the five states largest, neighbours next, context countries small and pale.
pub fn country_label(
    role: crate::model::CountryRole,
    room: f32,
    palette: &Palette,
) -> (f32, Color32) {
    use crate::model::CountryRole;
    match role {
        CountryRole::Focus => (
            (room * 0.45).clamp(sizes::LABEL_MIN + 2.0, sizes::LABEL_MAX),
            palette.label,
        ),
        CountryRole::Neighbour => (
            (room * 0.4).clamp(sizes::LABEL_MIN + 1.0, sizes::LABEL_MAX - 4.0),
            palette.label,
        ),
        _ => (
            (room * 0.35).clamp(sizes::LABEL_MIN, sizes::LABEL_MAX - 8.0),
            palette.label_minor,
        ),
    }
}

/// See [`status_pattern`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HatchPattern {
    /// Line width (points).
    pub width: f32,
    /// Distance between lines (points).
    pub spacing: f32,
    /// Dash length; with `gap` 0 the line is solid.
    pub dash: f32,
    /// Gap between dashes.
    pub gap: f32,
    /// Opacity.
    pub alpha: f32,
}
