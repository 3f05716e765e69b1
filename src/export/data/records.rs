//! The atlas as flat records for GIS and spreadsheets: one row per feature with fields
//! named for people, every source and correction as a row of its own joined by the
//! subject's id, the memberships, the country facts and the organisations. Every writer
//! (GeoPackage, KML, GeoJSON, CSV) takes its columns from here, so the formats agree.

use std::collections::{BTreeMap, BTreeSet};

use geo::orient::{Direction, Orient};
use geo::{Geometry, MultiPolygon};

use crate::data::user_atlas::{Added, MembershipRef};
use crate::model::corpus::Corpus;
use crate::model::layers::{FeatureLayer, LayerState, Visibility};
use crate::model::{
    Atlas, Category, Correction, CountryFact, Feature, Membership, Precision, Review, Shape, Source,
};

/// A table of features in the export: the map's families, another power's features apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataLayer {
    /// Military sites (Russian, Chinese, national, CSTO).
    Sites,
    /// Dated events.
    Events,
    /// Plants, mines, ports, the spaceport.
    Infrastructure,
    /// Pipelines, railways and routes.
    Routes,
    /// Regions and borders.
    Regions,
    /// Context: the military presence of other outside powers.
    Context,
}

impl DataLayer {
    /// Every layer, in the order the files list them.
    pub const ALL: [Self; 6] = [
        Self::Sites,
        Self::Events,
        Self::Infrastructure,
        Self::Routes,
        Self::Regions,
        Self::Context,
    ];

    /// The layer a feature is exported in.
    pub fn of(feature: &Feature) -> Self {
        if FeatureLayer::of(feature) == FeatureLayer::OtherPowers {
            return Self::Context;
        }
        match feature.kind.category() {
            Category::Site => Self::Sites,
            Category::Event => Self::Events,
            Category::Infrastructure => Self::Infrastructure,
            Category::Route => Self::Routes,
            Category::Region => Self::Regions,
        }
    }

    /// The table's (and KML folder's) name: "sites".
    pub fn key(self) -> &'static str {
        match self {
            Self::Sites => "sites",
            Self::Events => "events",
            Self::Infrastructure => "infrastructure",
            Self::Routes => "routes",
            Self::Regions => "regions",
            Self::Context => "context",
        }
    }

    /// For people: "Military sites".
    pub fn title(self) -> &'static str {
        match self {
            Self::Sites => "Military sites",
            Self::Events => "Events",
            Self::Infrastructure => "Infrastructure",
            Self::Routes => "Pipelines and routes",
            Self::Regions => "Regions and borders",
            Self::Context => "Other powers (context)",
        }
    }
}

/// A field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Text (empty text is written as no value).
    Text(String),
    /// A number.
    Real(f64),
    /// A count.
    Integer(i64),
    /// Yes or no.
    Bool(bool),
    /// No value.
    Null,
}

impl Value {
    /// Text, or no value when it is empty.
    fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Self::Null
        } else {
            Self::Text(s)
        }
    }

    /// Optional text.
    fn opt(s: Option<impl Into<String>>) -> Self {
        s.map_or(Self::Null, Self::text)
    }

    /// The value as text for CSV, KML and messages ("" for none; booleans "yes"/"no").
    pub fn display(&self) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Real(x) => format!("{x}"),
            Self::Integer(n) => n.to_string(),
            Self::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
            Self::Null => String::new(),
        }
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Text.
    Text,
    /// A real number.
    Real,
    /// An integer.
    Integer,
    /// A boolean.
    Bool,
}

/// A column: its name and type.
pub type Field = (&'static str, FieldType);

use FieldType::{Bool, Integer, Real, Text};

/// The columns of every feature table, in order.
pub const FEATURE_FIELDS: [Field; 30] = [
    ("id", Text),
    ("name", Text),
    ("aliases", Text),
    ("layer", Text),
    ("kind", Text),
    ("actor", Text),
    ("actor_detail", Text),
    ("operator", Text),
    ("status", Text),
    ("countries", Text),
    ("precision", Text),
    ("placement", Text),
    ("geometry_is", Text),
    ("marker_lon", Real),
    ("marker_lat", Real),
    ("start", Text),
    ("end", Text),
    ("period", Text),
    ("period_note", Text),
    ("agreements", Text),
    ("certainty", Text),
    ("certainty_note", Text),
    ("note", Text),
    ("figures", Text),
    ("quotes", Integer),
    ("references", Integer),
    ("record_differs", Bool),
    ("corrections", Text),
    ("reviewed", Text),
    ("origin", Text),
];

/// The columns of the sources table.
pub const SOURCE_FIELDS: [Field; 14] = [
    ("source_id", Text),
    ("subject_table", Text),
    ("subject_id", Text),
    ("kind", Text),
    ("quote", Text),
    ("article_id", Text),
    ("article_title", Text),
    ("outlet", Text),
    ("authors", Text),
    ("published", Text),
    ("url", Text),
    ("reference", Text),
    ("supports", Text),
    ("origin", Text),
];

/// The columns of the corrections table.
pub const CORRECTION_FIELDS: [Field; 9] = [
    ("subject_table", Text),
    ("subject_id", Text),
    ("about", Text),
    ("article_says", Text),
    ("record_says", Text),
    ("reference", Text),
    ("record_date", Text),
    ("unsettled", Bool),
    ("origin", Text),
];

/// The columns of the memberships table.
pub const MEMBERSHIP_FIELDS: [Field; 12] = [
    ("membership_id", Text),
    ("organisation", Text),
    ("organisation_name", Text),
    ("country_id", Text),
    ("country", Text),
    ("status", Text),
    ("start", Text),
    ("end", Text),
    ("note", Text),
    ("date_rule", Text),
    ("record_differs", Bool),
    ("reviewed", Text),
];

/// The columns of the country facts table.
pub const FACT_FIELDS: [Field; 7] = [
    ("fact_id", Text),
    ("countries", Text),
    ("topic", Text),
    ("text", Text),
    ("quotes", Integer),
    ("record_differs", Bool),
    ("reviewed", Text),
];

/// The columns of the organisations table.
pub const ORGANISATION_FIELDS: [Field; 7] = [
    ("organisation", Text),
    ("name", Text),
    ("full_name", Text),
    ("description", Text),
    ("founded", Text),
    ("date_rule", Text),
    ("is_set_of_countries", Bool),
];

/// A row of a table: its values in its fields' order.
pub type Row = Vec<Value>;

/// One feature: its fields, where it lies, and its sources and corrections.
#[derive(Clone, Debug)]
pub struct FeatureRecord {
    /// The table it goes in.
    pub layer: DataLayer,
    /// Who it belongs to (its symbol's colour).
    pub actor: crate::model::Actor,
    /// What it is (its symbol's glyph).
    pub kind: crate::model::FeatureKind,
    /// Values of [`FEATURE_FIELDS`].
    pub values: Row,
    /// Where it lies: its own shape, or the area a region-level marker stands for.
    pub geometry: Geometry<f64>,
    /// Its sources as rows of [`SOURCE_FIELDS`].
    pub sources: Vec<Row>,
    /// Its corrections as rows of [`CORRECTION_FIELDS`].
    pub corrections: Vec<Row>,
}

impl FeatureRecord {
    /// A field's value by name.
    pub fn get(&self, field: &str) -> &Value {
        field_of(&FEATURE_FIELDS, &self.values, field)
    }
}

/// A value of `row` by its field's name (none if the table has no such field).
pub fn field_of<'a>(fields: &[Field], row: &'a [Value], name: &str) -> &'a Value {
    fields
        .iter()
        .position(|(n, _)| *n == name)
        .and_then(|i| row.get(i))
        .unwrap_or(&Value::Null)
}

/// A country's outline, for the memberships drawn in KML and the countries table.
#[derive(Clone, Debug)]
pub struct CountryArea {
    /// Its id ("KAZ").
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its borders, exteriors counter-clockwise.
    pub geometry: MultiPolygon<f64>,
}

impl CountryArea {
    /// Its borders simplified to about `tolerance` degrees, keeping their topology (no
    /// ring made to cross itself or another), exteriors counter-clockwise.
    pub fn simplified(&self, tolerance: f64) -> MultiPolygon<f64> {
        use geo::SimplifyVwPreserve;
        // Visvalingam's threshold is an area: twice that of a triangle `tolerance` high on
        // a base of the same length.
        let area = tolerance * tolerance;
        self.geometry
            .simplify_vw_preserve(area)
            .orient(Direction::Default)
    }
}

/// Everything exported.
#[derive(Clone, Debug, Default)]
pub struct Records {
    /// What the export holds, for people ("the whole atlas").
    pub scope: String,
    /// The features, in atlas order.
    pub features: Vec<FeatureRecord>,
    /// Rows of [`MEMBERSHIP_FIELDS`].
    pub memberships: Vec<Row>,
    /// Rows of [`FACT_FIELDS`].
    pub facts: Vec<Row>,
    /// Rows of [`ORGANISATION_FIELDS`].
    pub organisations: Vec<Row>,
    /// The sources of memberships and facts, rows of [`SOURCE_FIELDS`] (the features' are
    /// in each [`FeatureRecord`]).
    pub other_sources: Vec<Row>,
    /// The corrections of memberships and facts (rows of [`CORRECTION_FIELDS`]).
    pub other_corrections: Vec<Row>,
    /// The countries the memberships and features name, with their borders.
    pub countries: Vec<CountryArea>,
    /// Each organisation's place in the atlas (its colour on the map).
    pub organisation_index: BTreeMap<String, usize>,
}

impl Records {
    /// Every source row: the features', then the memberships' and facts'.
    pub fn sources(&self) -> impl Iterator<Item = &Row> {
        self.features
            .iter()
            .flat_map(|f| f.sources.iter())
            .chain(self.other_sources.iter())
    }

    /// Every correction row.
    pub fn corrections(&self) -> impl Iterator<Item = &Row> {
        self.features
            .iter()
            .flat_map(|f| f.corrections.iter())
            .chain(self.other_corrections.iter())
    }

    /// The features of one layer.
    pub fn layer(&self, layer: DataLayer) -> impl Iterator<Item = &FeatureRecord> {
        self.features.iter().filter(move |f| f.layer == layer)
    }
}

/// What to export: the whole atlas, or what a view shows.
#[derive(Clone, Debug, PartialEq)]
pub enum DataScope {
    /// Every feature, membership, fact and organisation, shipped and the user's.
    Whole,
    /// The features a view shows (its layers and year: faded events included), the
    /// memberships of its organisations in its year; no country facts.
    View(LayerState),
}

/// The atlas and where its parts come from.
#[derive(Clone, Copy)]
pub struct DataSource<'a> {
    /// The atlas, the user's additions layered in.
    pub atlas: &'a Atlas,
    /// The articles quoted.
    pub corpus: &'a Corpus,
    /// What the user's atlas added, if one is layered in.
    pub added: Option<&'a Added>,
}

/// Where a row comes from: CASA's shipped atlas or the user's own.
fn origin(user: bool) -> Value {
    Value::text(if user { "your atlas" } else { "CASA" })
}

impl DataSource<'_> {
    /// The records of `scope`.
    pub fn records(&self, scope: &DataScope) -> Records {
        let mut out = Records {
            scope: match scope {
                DataScope::Whole => "the whole atlas".to_owned(),
                DataScope::View(state) => view_text(state),
            },
            ..Records::default()
        };
        let mut countries = BTreeSet::new();
        for feature in &self.atlas.features {
            if let DataScope::View(state) = scope
                && state.visibility(feature) == Visibility::Hidden
            {
                continue;
            }
            countries.extend(feature.countries.iter().map(|c| c.0.clone()));
            out.features.push(self.feature(feature));
        }
        self.memberships(scope, &mut out, &mut countries);
        if *scope == DataScope::Whole {
            for fact in &self.atlas.facts {
                countries.extend(fact.countries.iter().map(|c| c.0.clone()));
                self.fact(fact, &mut out);
            }
        }
        out.countries = self
            .atlas
            .countries
            .iter()
            .filter(|c| countries.contains(&c.id.0))
            .map(|c| CountryArea {
                id: c.id.0.clone(),
                name: c.name.clone(),
                geometry: c.geometry.orient(Direction::Default),
            })
            .collect();
        out
    }

    /// The memberships in scope, their sources and corrections, and the organisations.
    fn memberships(&self, scope: &DataScope, out: &mut Records, countries: &mut BTreeSet<String>) {
        let shown = |m: &Membership| match scope {
            DataScope::Whole => true,
            DataScope::View(state) => {
                state.organisations.contains(&m.organisation)
                    && m.covers_year(state.membership_year())
            }
        };
        let mut organisations = BTreeSet::new();
        for m in &self.atlas.memberships {
            if !shown(m) {
                continue;
            }
            organisations.insert(m.organisation.as_str());
            countries.insert(m.country.0.clone());
            let key = MembershipRef::of(m).key();
            let user = self.added.and_then(|a| a.memberships.get(&key)).copied();
            out.other_sources.extend(self.sources(
                "memberships",
                &key,
                &m.sources,
                user.unwrap_or(0),
            ));
            out.other_corrections
                .extend(corrections("memberships", &key, &m.corrections, 0));
            out.memberships.push(self.membership(m, &key));
        }
        for (i, o) in self.atlas.organisations.iter().enumerate() {
            out.organisation_index.insert(o.id.clone(), i);
            if *scope != DataScope::Whole && !organisations.contains(o.id.as_str()) {
                continue;
            }
            out.organisations.push(vec![
                Value::text(&o.id),
                Value::text(&o.name),
                Value::text(&o.full_name),
                Value::text(&o.description),
                Value::opt(o.founded.map(|d| d.iso())),
                Value::opt(o.date_rule.clone()),
                Value::Bool(o.set),
            ]);
            out.other_sources
                .extend(self.sources("organisations", &o.id, &o.sources, 0));
        }
    }

    /// A membership period's row.
    fn membership(&self, m: &Membership, key: &str) -> Row {
        let organisation = self
            .atlas
            .organisations
            .iter()
            .find(|o| o.id == m.organisation);
        let country = self.atlas.country(&m.country);
        vec![
            Value::text(key),
            Value::text(&m.organisation),
            Value::opt(organisation.map(|o| o.name.clone())),
            Value::text(&m.country.0),
            Value::opt(country.map(|c| c.name.clone())),
            Value::text(m.status.label()),
            Value::text(m.from.iso()),
            Value::opt(m.until.map(|d| d.iso())),
            Value::opt(m.note.clone()),
            Value::opt(organisation.and_then(|o| o.date_rule.clone())),
            Value::Bool(!m.corrections.is_empty()),
            Value::opt(m.reviewed.as_ref().map(Review::text)),
        ]
    }

    /// A country fact's row, its sources and corrections.
    fn fact(&self, fact: &CountryFact, out: &mut Records) {
        let quotes = fact
            .sources
            .iter()
            .filter(|s| matches!(s, Source::Quote { .. }))
            .count();
        out.facts.push(vec![
            Value::text(&fact.id),
            Value::text(countries_text(&fact.countries)),
            Value::text(&fact.topic),
            Value::text(&fact.text),
            Value::Integer(quotes as i64),
            Value::Bool(!fact.corrections.is_empty()),
            Value::opt(fact.reviewed.as_ref().map(Review::text)),
        ]);
        out.other_sources
            .extend(self.sources("country_facts", &fact.id, &fact.sources, 0));
        out.other_corrections
            .extend(corrections("country_facts", &fact.id, &fact.corrections, 0));
    }

    /// A feature's record.
    fn feature(&self, f: &Feature) -> FeatureRecord {
        let layer = DataLayer::of(f);
        let user = self.added.is_some_and(|a| a.features.contains(&f.id));
        let user_sources = if user {
            f.sources.len()
        } else {
            self.user_count(|a| &a.citations, &f.id)
        };
        let user_corrections = if user {
            f.corrections.len()
        } else {
            self.user_count(|a| &a.corrections, &f.id)
        };
        let (geometry, geometry_is) = self.geometry(f);
        let marker = f.shape.anchor();
        let period = f.period.as_ref();
        let quotes = f.quotes().count();
        let values = vec![
            Value::text(&f.id),
            Value::text(&f.name),
            Value::text(f.aliases.join("; ")),
            Value::text(layer.key()),
            Value::text(f.kind.label()),
            Value::text(f.actor.label()),
            Value::opt(f.actor_detail.clone()),
            Value::opt(f.operator.clone()),
            Value::opt(f.status.map(|s| s.label())),
            Value::text(countries_text(&f.countries)),
            Value::text(f.precision.label()),
            Value::text(&f.placement),
            Value::text(geometry_is),
            marker.map_or(Value::Null, |p| Value::Real(round6(p.lon))),
            marker.map_or(Value::Null, |p| Value::Real(round6(p.lat))),
            Value::opt(period.and_then(|p| p.from).map(|d| d.iso())),
            Value::opt(period.and_then(|p| p.until).map(|d| d.iso())),
            Value::opt(period.map(|p| p.text())),
            Value::opt(period.and_then(|p| p.note.clone())),
            Value::text(
                period
                    .map(|p| {
                        p.agreements
                            .iter()
                            .map(|a| a.text())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default(),
            ),
            Value::text(f.certainty.label()),
            Value::opt(f.certainty_note.clone()),
            Value::opt(f.note.clone()),
            Value::text(
                f.figures
                    .iter()
                    .map(|x| format!("{}: {}", x.label, x.value))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Value::Integer(quotes as i64),
            Value::Integer((f.sources.len() - quotes) as i64),
            Value::Bool(!f.corrections.is_empty()),
            Value::text(
                f.corrections
                    .iter()
                    .map(Correction::text)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Value::opt(f.reviewed.as_ref().map(Review::text)),
            origin(user),
        ];
        FeatureRecord {
            layer,
            actor: f.actor,
            kind: f.kind,
            values,
            geometry,
            sources: self.sources(layer.key(), &f.id, &f.sources, user_sources),
            corrections: corrections(layer.key(), &f.id, &f.corrections, user_corrections),
        }
    }

    /// How many of the last items of `id` the user added, in one of [`Added`]'s maps.
    fn user_count(&self, map: impl Fn(&Added) -> &BTreeMap<String, usize>, id: &str) -> usize {
        self.added
            .and_then(|a| map(a).get(id).copied())
            .unwrap_or(0)
    }

    /// The geometry a feature is exported with, and what it is: a region-level marker
    /// that stands for areas of the atlas (countries, regions) is exported as those
    /// areas, its marker kept in `marker_lon`/`marker_lat`.
    fn geometry(&self, f: &Feature) -> (Geometry<f64>, &'static str) {
        if f.precision == Precision::Region && !f.area.is_empty() {
            let mut polygons = Vec::new();
            for id in &f.area {
                if let Some(c) = self.atlas.country(&crate::model::CountryId(id.clone())) {
                    polygons.extend(c.geometry.0.iter().cloned());
                } else if let Some(Shape::Area(a)) = self.atlas.feature(id).map(|r| &r.shape) {
                    polygons.extend(a.0.iter().cloned());
                }
            }
            if !polygons.is_empty() {
                return (
                    Geometry::MultiPolygon(MultiPolygon(polygons).orient(Direction::Default)),
                    "the area the marker stands for",
                );
            }
        }
        match &f.shape {
            Shape::Points(p) => (Geometry::MultiPoint(p.clone()), "the marker"),
            Shape::Lines(l) => (Geometry::MultiLineString(l.clone()), "the line"),
            Shape::Area(a) => (
                Geometry::MultiPolygon(a.orient(Direction::Default)),
                "the area",
            ),
        }
    }

    /// Source rows; the last `user` of them are the user's.
    fn sources(&self, table: &str, id: &str, sources: &[Source], user: usize) -> Vec<Row> {
        let first_user = sources.len().saturating_sub(user);
        sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let head = [
                    Value::text(format!("{id}#{}", i + 1)),
                    Value::text(table),
                    Value::text(id),
                ];
                let mut row: Row = head.into();
                match s {
                    Source::Quote {
                        article,
                        quote,
                        location,
                    } => {
                        let meta = self.corpus.articles.get(location.article).map(|a| &a.meta);
                        row.extend([
                            Value::text("quote"),
                            Value::text(quote),
                            Value::text(article),
                            Value::opt(meta.and_then(|m| m.title.clone())),
                            Value::opt(meta.and_then(|m| m.outlet.clone())),
                            Value::opt(meta.map(|m| m.authors_text())),
                            Value::opt(meta.and_then(|m| m.date).map(|d| d.iso())),
                            Value::opt(meta.and_then(|m| m.url.clone())),
                            Value::Null,
                            Value::Null,
                        ]);
                    }
                    Source::Reference { reference, about } => row.extend([
                        Value::text("reference"),
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::Null,
                        Value::text(reference),
                        Value::text(about),
                    ]),
                }
                row.push(origin(i >= first_user));
                row
            })
            .collect()
    }
}

/// Correction rows; the last `user` of them are the user's.
fn corrections(table: &str, id: &str, list: &[Correction], user: usize) -> Vec<Row> {
    let first_user = list.len().saturating_sub(user);
    list.iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                Value::text(table),
                Value::text(id),
                Value::text(c.subject()),
                Value::opt(c.article.clone()),
                Value::text(c.record.trim()),
                Value::text(c.reference.trim()),
                Value::opt(c.date.map(|d| d.iso())),
                Value::Bool(c.unsettled),
                origin(i >= first_user),
            ]
        })
        .collect()
}

/// "KGZ; TJK".
fn countries_text(ids: &[crate::model::CountryId]) -> String {
    ids.iter()
        .map(|c| c.0.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Six decimals of a degree (about 0.1 m, RFC 7946's advice): no false precision in the
/// files.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// "the view: Russian sites, Events; CSTO; as of 2022".
fn view_text(state: &LayerState) -> String {
    let layers: Vec<&str> = FeatureLayer::ALL
        .into_iter()
        .filter(|l| state.shows(*l))
        .map(FeatureLayer::label)
        .collect();
    let organisations: Vec<&str> = state.organisations.iter().map(String::as_str).collect();
    let year = state
        .year
        .map_or_else(|| "all years".to_owned(), |y| format!("as of {y}"));
    format!(
        "the view: {}; {}; {year}",
        if layers.is_empty() {
            "no feature layer".to_owned()
        } else {
            layers.join(", ")
        },
        if organisations.is_empty() {
            "no grouping".to_owned()
        } else {
            organisations.join(", ")
        }
    )
}

/// The simplest form of a geometry: a multi-part of one part as that part.
pub fn simplest(g: &Geometry<f64>) -> Geometry<f64> {
    match g {
        Geometry::MultiPoint(mp) if mp.0.len() == 1 => Geometry::Point(mp.0[0]),
        Geometry::MultiLineString(ml) if ml.0.len() == 1 => Geometry::LineString(ml.0[0].clone()),
        Geometry::MultiPolygon(mp) if mp.0.len() == 1 => Geometry::Polygon(mp.0[0].clone()),
        other => other.clone(),
    }
}
