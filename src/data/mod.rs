//! Loading and validation: GeoJSON files of `assets/` into the [`crate::model::Atlas`], with every problem
//! collected as a [`LoadIssue`] naming the file, the feature and the problem.
//!
//! A bad feature is skipped and reported; a bad file is skipped and reported; the atlas is
//! built from whatever is valid. Nothing here panics on input.

mod borders;
mod consistency;
mod features;
mod geometry;
mod loaded;
pub mod package;
mod reader;
mod seeds;
mod source;
pub mod user_atlas;
pub mod user_layer;

use std::path::{Path, PathBuf};

pub use crate::model::issue::{LoadIssue, Severity};
pub use borders::countries_from_text;
pub use consistency::contradictions;
pub use features::find_mentions;
pub use loaded::Loaded;
pub use seeds::{METADATA_FILE, SeedSource};
pub use source::{AssetFile, AssetSource, shown as shown_path};

use borders::{country_from, place_from, terrain_from, water_from};
use reader::{Reporter, read_file, with_features};

/// Reads a user's file (read-only) as UTF-8 text; the error names the file and the reason.
pub fn read_user_text(path: &std::path::Path) -> Result<String, String> {
    source::read_text(path)
}

/// Loads the atlas from a source (the embedded assets or a folder) with the shipped articles.
pub fn load_atlas(source: &AssetSource) -> Loaded {
    load(source, &SeedSource::Embedded)
}

/// Loads everything: borders, water, places, the articles, then the features and
/// memberships checked against both.
pub fn load(source: &AssetSource, seeds: &SeedSource) -> Loaded {
    let mut loaded = Loaded::default();
    let mut report = Reporter {
        issues: &mut loaded.issues,
        file: AssetFile::Countries.file_name(),
    };
    if let Some(text) = read_file(source, AssetFile::Countries, &mut report) {
        loaded.atlas.countries = with_features(&text, &mut report, country_from);
    }
    report.file = AssetFile::Water.file_name();
    if let Some(text) = read_file(source, AssetFile::Water, &mut report) {
        loaded.atlas.water = with_features(&text, &mut report, water_from);
    }
    report.file = AssetFile::Places.file_name();
    if let Some(text) = read_file(source, AssetFile::Places, &mut report) {
        loaded.atlas.places = with_features(&text, &mut report, place_from);
    }
    // Terrain names are the relief's captions: a folder without them has the shipped ones.
    report.file = AssetFile::Terrain.file_name();
    match source.read_or_shipped(AssetFile::Terrain) {
        Ok(text) => loaded.atlas.terrain = with_features(&text, &mut report, terrain_from),
        Err(problem) => report.file_error(problem),
    }
    report.file = METADATA_FILE;
    loaded.corpus = seeds::load_corpus(seeds, &mut report);
    let context = features::Context {
        corpus: &loaded.corpus,
        countries: &loaded.atlas.countries,
    };
    report.file = AssetFile::Features.file_name();
    let mut content = Vec::new();
    if let Some(text) = read_file(source, AssetFile::Features, &mut report) {
        content = with_features(&text, &mut report, |id, f, r| {
            features::feature_from(id, f, &context, r)
        });
        features::check_areas(&mut content, &loaded.atlas.countries, &mut report);
    }
    report.file = AssetFile::Memberships.file_name();
    let mut groupings = (Vec::new(), Vec::new());
    if let Some(text) = read_file(source, AssetFile::Memberships, &mut report) {
        groupings = features::memberships_from(&text, &context, &mut report);
    }
    report.file = AssetFile::Facts.file_name();
    if let Some(text) = read_file(source, AssetFile::Facts, &mut report) {
        loaded.atlas.facts = features::facts_from(&text, &context, &mut report);
    }
    find_mentions(&mut content, &loaded.corpus);
    loaded.atlas.features = content;
    (loaded.atlas.organisations, loaded.atlas.memberships) = groupings;
    report.file = AssetFile::Scenes.file_name();
    if let Some(text) = read_file(source, AssetFile::Scenes, &mut report) {
        let (briefing, issues) = crate::model::briefing::Briefing::parse(
            AssetFile::Scenes.file_name(),
            &text,
            &loaded.atlas,
            &loaded.corpus,
        );
        loaded.briefing = briefing;
        for issue in issues {
            report.push(issue.feature, issue.problem, issue.severity);
        }
    }
    loaded
}

/// [`load`], with the user's atlas folder `user` layered over it (see [`user_atlas`]).
pub fn load_with_user(source: &AssetSource, seeds: &SeedSource, user: Option<&Path>) -> Loaded {
    let mut loaded = load(source, seeds);
    if let Some(dir) = user {
        loaded.layer_user_folder(dir);
    }
    loaded
}

/// The user atlas folder: `CASA_DATA_DIR` or the platform's data folder, then `atlas/`.
pub fn default_user_dir() -> Option<PathBuf> {
    crate::sys::persist::user_data_dir().map(|d| d.join(user_atlas::USER_ATLAS_DIR))
}

#[cfg(test)]
mod tests;
