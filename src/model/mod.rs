//! The atlas: what CASA knows, in geographic coordinates, free of any UI or file format.

use geo::{MultiLineString, MultiPolygon};

use crate::geo::projection::LonLat;

pub mod annotation;
pub mod briefing;
mod content;
pub mod corpus;
mod date;
pub mod issue;
pub mod layers;
pub mod user_layer;

pub use content::{
    Actor, Agreement, CORRECTED_LEGEND, CORRECTED_MARK, Category, Certainty, Correction,
    CountryFact, Feature, FeatureKind, Figure, Membership, Mention, Organisation, Period,
    Precision, QuoteLocation, Review, Shape, SiteStatus, Source, Status, split_references,
    status_in,
};
pub use date::PartialDate;

/// A stable identifier of a country-level area, e.g. `"KAZ"` or `"KAZ-BAIKONUR"`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryId(pub String);

/// What part an area plays in the briefing; decides its palette and label priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CountryRole {
    /// One of the five Central Asian states.
    Focus,
    /// A neighbour the briefing needs, kept whole.
    Neighbour,
    /// Any other country, clipped to the frame, for context only.
    Context,
    /// Territory of one state leased to another (Baikonur, leased by Kazakhstan to Russia).
    Leased,
    /// A disputed area not assigned to any state by the source (Siachen Glacier).
    Disputed,
}

impl CountryRole {
    /// Parses the `role` property of the countries file.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "focus" => Self::Focus,
            "neighbour" => Self::Neighbour,
            "context" => Self::Context,
            "leased" => Self::Leased,
            "disputed" => Self::Disputed,
            _ => return None,
        })
    }

    /// A short description for the side panel.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Focus => "Central Asian state",
            Self::Neighbour => "Neighbouring state",
            Self::Context => "Other state (context)",
            Self::Leased => "Leased territory",
            Self::Disputed => "Disputed area",
        }
    }
}

/// A country or country-level area with its borders.
#[derive(Clone, Debug)]
pub struct Country {
    /// Stable identifier (ISO 3166-1 alpha-3 for the briefing countries).
    pub id: CountryId,
    /// Display name.
    pub name: String,
    /// Role in the briefing.
    pub role: CountryRole,
    /// The state the area belongs to, if it is not itself one (Baikonur: `KAZ`).
    pub sovereign: Option<CountryId>,
    /// Borders in longitude/latitude, exteriors counter-clockwise (RFC 7946).
    pub geometry: MultiPolygon<f64>,
    /// The bounding box of `geometry`, found once at load (`None` when it is empty), so a
    /// point or area is tested against the borders only where it can touch them.
    pub bounds: Option<geo::Rect<f64>>,
    /// A note for the side panel (e.g. what the lease of Baikonur is), with its source.
    pub note: Option<SourcedNote>,
}

/// A statement shown to the user together with the reference it rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcedNote {
    /// The statement.
    pub text: String,
    /// The named reference.
    pub source: String,
}

/// The kind of a water feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaterKind {
    /// An inland sea (the Caspian).
    Sea,
    /// A lake.
    Lake,
    /// A river, drawn as a line.
    River,
}

/// The shape of a water feature.
#[derive(Clone, Debug)]
pub enum WaterShape {
    /// A sea or lake surface.
    Area(MultiPolygon<f64>),
    /// A river's course.
    Lines(MultiLineString<f64>),
}

/// A sea, lake or river, drawn for orientation.
#[derive(Clone, Debug)]
pub struct Water {
    /// Stable identifier.
    pub id: String,
    /// Name, where the source names it.
    pub name: Option<String>,
    /// Sea, lake or river.
    pub kind: WaterKind,
    /// Geometry in longitude/latitude.
    pub shape: WaterShape,
}

/// A capital city, drawn for orientation.
#[derive(Clone, Debug)]
pub struct Place {
    /// Stable identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names (e.g. "Nur-Sultan" for Astana).
    pub aliases: Vec<String>,
    /// ISO alpha-3 of the country whose capital it is.
    pub country: String,
    /// Where it is.
    pub position: LonLat,
}

/// Everything the map shows.
#[derive(Clone, Debug, Default)]
pub struct Atlas {
    /// Countries and country-level areas, in file order.
    pub countries: Vec<Country>,
    /// Seas, lakes and rivers.
    pub water: Vec<Water>,
    /// Capitals.
    pub places: Vec<Place>,
    /// Sites, events, infrastructure, routes and regions from the articles.
    pub features: Vec<Feature>,
    /// CSTO, SCO, CIS, EAEU and the other groupings.
    pub organisations: Vec<Organisation>,
    /// Who belonged to which grouping, when.
    pub memberships: Vec<Membership>,
    /// What the articles say about countries rather than places.
    pub facts: Vec<CountryFact>,
    /// The names of ranges, basins, deserts and passes, shown with the relief.
    pub terrain: Vec<TerrainName>,
}

/// What a named piece of terrain is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerrainKind {
    /// A mountain range.
    Range,
    /// A plateau or upland.
    Plateau,
    /// A basin, lowland or depression.
    Lowland,
    /// A desert.
    Desert,
    /// A mountain pass.
    Pass,
}

impl TerrainKind {
    /// The kind a word of `terrain.geojson` names.
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "range" => Self::Range,
            "plateau" => Self::Plateau,
            "basin" | "lowland" | "depression" | "valley" => Self::Lowland,
            "desert" => Self::Desert,
            "pass" => Self::Pass,
            _ => return None,
        })
    }
}

/// A named piece of terrain: where its name goes (a range's or a basin's label point as
/// its reference gives it; a pass's summit) and the reference.
#[derive(Clone, Debug, PartialEq)]
pub struct TerrainName {
    /// Stable identifier.
    pub id: String,
    /// The name shown.
    pub name: String,
    /// What it is.
    pub kind: TerrainKind,
    /// 1: shown at every zoom; 2: from the region's scale; 3: zoomed in (passes).
    pub rank: u8,
    /// A pass's elevation in metres, as its reference gives it.
    pub elevation_m: Option<i32>,
    /// Where the name goes.
    pub position: LonLat,
    /// Where the name and position come from.
    pub reference: String,
}

impl TerrainName {
    /// The label on the map: ranges and plateaus in capitals, a pass with its elevation.
    pub fn label(&self) -> String {
        match (self.kind, self.elevation_m) {
            (TerrainKind::Range | TerrainKind::Plateau, _) => self.name.to_uppercase(),
            (TerrainKind::Pass, Some(m)) => format!("{} {} m", self.name, group_thousands(m)),
            _ => self.name.clone(),
        }
    }
}

/// An integer with a comma between thousands (4,923).
fn group_thousands(n: i32) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

impl Atlas {
    /// The country with this id.
    pub fn country(&self, id: &CountryId) -> Option<&Country> {
        self.countries.iter().find(|c| &c.id == id)
    }

    /// The feature with this id.
    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }

    /// The first country whose name matches, ignoring case.
    pub fn country_by_name(&self, name: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}
