//! The outcome of a load.

use std::path::Path;

use super::user_atlas;
use crate::model::Atlas;
use crate::model::corpus::Corpus;
use crate::model::issue::{LoadIssue, Severity};

/// The result of a load: the atlas of what was valid, and every problem met.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// What is valid.
    pub atlas: Atlas,
    /// The articles the features quote.
    pub corpus: Corpus,
    /// What was skipped or repaired, in file order.
    pub issues: Vec<LoadIssue>,
    /// The briefing shipped with the assets.
    pub briefing: crate::model::briefing::Briefing,
    /// The user's atlas folder layered over the atlas, if one was.
    pub user: Option<user_atlas::UserPart>,
}

impl Loaded {
    /// The issues that made something be skipped.
    pub fn errors(&self) -> impl Iterator<Item = &LoadIssue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// Reads the user's folder and layers it over `loaded` (features, articles, issues).
    pub fn layer_user_folder(&mut self, dir: &Path) {
        let read = user_atlas::UserAtlas::read(dir);
        let label = dir.display().to_string();
        let shipped = user_atlas::Shipped {
            features: std::mem::take(&mut self.atlas.features),
            memberships: std::mem::take(&mut self.atlas.memberships),
            corpus: std::mem::take(&mut self.corpus),
        };
        let layered = user_atlas::layer(&shipped, &self.atlas.countries, &read.atlas, &label);
        self.atlas.features = layered.features;
        self.atlas.memberships = layered.memberships;
        self.corpus = layered.corpus;
        self.issues.extend(read.issues);
        self.issues.extend(layered.issues);
        self.user = Some(user_atlas::UserPart {
            dir: dir.to_path_buf(),
            atlas: read.atlas,
            blocked: read.blocked,
            added: layered.added,
            shipped,
        });
    }
}
