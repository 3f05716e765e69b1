//! The document: what is loaded (atlas, articles) and the caches built from it once (render
//! cache, hit index, feature geometry, labels). The app, the slides and the command line
//! all start from a `Document`; `casa export` builds only this, never the GUI app.

use std::sync::Arc;

use crate::geo::projection::{Albers, WorldPoint};
use crate::model::corpus::Corpus;
use crate::model::{Atlas, Category, CountryRole, Feature};
use crate::render::MapGeometry;
use crate::render::features::{FeatureGeometries, hatch_outlines};
use crate::render::hit_test::HitIndex;
use crate::render::relief::Relief;

/// What the content layers need besides the atlas, built once at load.
pub struct ContentCache {
    /// Projected features with their meshes and point index.
    pub geometry: FeatureGeometries,
    /// Countries' outlines for membership hatching.
    pub hatch_outlines: Vec<Vec<Vec<WorldPoint>>>,
    /// Each feature's map label.
    pub labels: Vec<String>,
    /// For each feature, the others mentioned in the same sentences.
    pub related: Vec<Vec<usize>>,
}

/// The loaded atlas and articles with their caches.
pub struct Document {
    /// The atlas.
    pub atlas: Atlas,
    /// The articles its features quote.
    pub corpus: Corpus,
    /// Its render cache (shared with the background builder of fine levels).
    pub geometry: Arc<MapGeometry>,
    /// Its hit index.
    pub hit: HitIndex,
    /// The content's caches.
    pub content: ContentCache,
    /// Countries in label priority order.
    pub label_order: Vec<usize>,
    /// Each country's map label, same order as the countries.
    pub label_texts: Vec<String>,
    /// The relief basemap (its grid projected; images decoded on first use).
    pub relief: Arc<Relief>,
}

impl Document {
    /// Projects, simplifies, triangulates and indexes what was loaded (the finer levels of
    /// detail are built on first use, or by [`MapGeometry::warm_fine_levels`]).
    pub fn build(atlas: Atlas, corpus: Corpus) -> Self {
        let geometry = Arc::new(MapGeometry::build(&atlas, Albers::central_asia()));
        let hit = HitIndex::build(&geometry);
        let content = ContentCache {
            geometry: FeatureGeometries::build(&atlas.features, &geometry.projection),
            hatch_outlines: hatch_outlines(&geometry),
            labels: atlas.features.iter().map(feature_label).collect(),
            related: crate::query::dossier::related(&atlas.features),
        };
        Self {
            label_order: label_order(&atlas, &geometry),
            label_texts: atlas.countries.iter().map(country_label).collect(),
            relief: Arc::new(Relief::new(&geometry.projection)),
            atlas,
            corpus,
            geometry,
            hit,
            content,
        }
    }

    /// Replaces the features and articles (the user's atlas changed): only the content's
    /// caches are built again; borders stay projected.
    pub fn replace_content(
        &mut self,
        features: Vec<Feature>,
        memberships: Vec<crate::model::Membership>,
        corpus: Corpus,
    ) {
        self.content = ContentCache {
            geometry: FeatureGeometries::build(&features, &self.geometry.projection),
            hatch_outlines: std::mem::take(&mut self.content.hatch_outlines),
            labels: features.iter().map(feature_label).collect(),
            related: crate::query::dossier::related(&features),
        };
        self.atlas.features = features;
        self.atlas.memberships = memberships;
        self.corpus = corpus;
    }

    /// What a scene is about: the features its caption names (by name or alias, ignoring
    /// case and diacritics) and the feature it selects, each once.
    pub fn scene_subjects(&self, caption: &str, selected: Option<usize>) -> Vec<usize> {
        let mut subjects = self.features_named_in(caption);
        if let Some(i) = selected.filter(|i| !subjects.contains(i)) {
            subjects.push(i);
        }
        subjects
    }

    /// Features a text names (by name or alias, ignoring case and diacritics): what a
    /// caption is about.
    pub fn features_named_in(&self, text: &str) -> Vec<usize> {
        use crate::model::corpus::fold::{find_tokens, tokens};
        let hay = tokens(text);
        self.atlas
            .features
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.names()
                    .any(|n| n.chars().count() >= 4 && find_tokens(&hay, &tokens(n)).is_some())
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// A country's map label: the five Central Asian states in capitals, so they stand out.
pub fn country_label(country: &crate::model::Country) -> String {
    match country.role {
        CountryRole::Focus => country.name.to_uppercase(),
        _ => country.name.clone(),
    }
}

/// Countries in the order their labels are placed: focus states, then neighbours, then the
/// rest; larger first within each group.
fn label_order(atlas: &Atlas, geometry: &MapGeometry) -> Vec<usize> {
    let rank = |role: CountryRole| match role {
        CountryRole::Focus => 0,
        CountryRole::Neighbour => 1,
        CountryRole::Context => 2,
        CountryRole::Leased | CountryRole::Disputed => 3,
    };
    let mut order: Vec<usize> = (0..atlas.countries.len()).collect();
    order.sort_by(|&a, &b| {
        let size = |i: usize| {
            geometry.countries.get(i).map_or(0.0, |g| {
                (g.bounds.max.x - g.bounds.min.x) * (g.bounds.max.y - g.bounds.min.y)
            })
        };
        rank(atlas.countries[a].role)
            .cmp(&rank(atlas.countries[b].role))
            .then(size(b).total_cmp(&size(a)))
    });
    order
}

/// A feature's map label: its name, with the year for events whose name lacks it.
fn feature_label(feature: &Feature) -> String {
    let year = feature
        .period
        .as_ref()
        .and_then(|p| p.from)
        .map(|d| d.year.to_string());
    let mark = if feature.corrections.is_empty() {
        ""
    } else {
        crate::model::CORRECTED_MARK
    };
    match year {
        Some(y) if feature.kind.category() == Category::Event && !feature.name.contains(&y) => {
            format!("{}{mark} · {y}", feature.name)
        }
        _ => format!("{}{mark}", feature.name),
    }
}
