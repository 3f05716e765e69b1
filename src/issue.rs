//! A problem met while loading a file, as the app's banner and the command line report it:
//! the file, the feature and what is wrong. Below every loader (atlas, scenes, layers).

use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// For the user's information: nothing was lost or changed (another window holds a
    /// file, the last run crashed and left a report).
    Notice,
    /// Repaired on load; the feature is shown.
    Warning,
    /// The feature (or file) was skipped.
    Error,
}

/// One problem found while loading, in the form `file: feature: problem`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadIssue {
    /// The file, as named in the asset folder.
    pub file: String,
    /// The feature's id, or its index when it has none; `None` for a whole-file problem.
    pub feature: Option<String>,
    /// What is wrong, and what was done about it.
    pub problem: String,
    /// Whether the feature was skipped or repaired.
    pub severity: Severity,
}

impl fmt::Display for LoadIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.feature {
            Some(feature) => write!(f, "{}: {}: {}", self.file, feature, self.problem),
            None => write!(f, "{}: {}", self.file, self.problem),
        }
    }
}
