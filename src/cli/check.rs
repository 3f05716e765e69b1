//! `casa check`: every file of the atlas validated, each problem named by file and
//! feature, with the review record and the record's corrections summed up; and
//! `casa check --layer`: the user's layer files checked to the letter.

use crate::data::{Loaded, Severity};
use crate::model::Source;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The outcome of `casa check`: the report to print and whether it passed.
pub struct CheckReport {
    /// One line per problem, then a summary.
    pub text: String,
    /// False when anything was skipped (an error); warnings alone pass.
    pub ok: bool,
}

/// Validates a load: each problem on one line (`file: feature id: problem`), then counts.
pub fn check(loaded: &Loaded) -> CheckReport {
    let mut text = String::new();
    let contradictions = crate::data::contradictions(loaded);
    for issue in loaded.issues.iter().chain(&contradictions) {
        let tag = match issue.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "note",
        };
        let _ = writeln!(text, "{tag}: {issue}");
    }
    let errors = loaded.errors().count();
    let warnings = loaded.issues.len() + contradictions.len() - errors;
    let atlas = &loaded.atlas;
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut quotes, mut references) = (0, 0);
    let mut count_sources = |sources: &[Source]| {
        for s in sources {
            match s {
                Source::Quote { .. } => quotes += 1,
                Source::Reference { .. } => references += 1,
            }
        }
    };
    for f in &atlas.features {
        *by_kind.entry(f.kind.label()).or_default() += 1;
        *by_category.entry(f.kind.category().label()).or_default() += 1;
        count_sources(&f.sources);
    }
    for o in &atlas.organisations {
        count_sources(&o.sources);
    }
    for m in &atlas.memberships {
        count_sources(&m.sources);
    }
    let sentences: usize = loaded
        .corpus
        .articles
        .iter()
        .map(|a| a.sentences.len())
        .sum();
    let mentions: usize = atlas.features.iter().map(|f| f.mentions.len()).sum();
    let list = |m: &BTreeMap<&str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        text,
        "{} features ({}): {}",
        atlas.features.len(),
        list(&by_category),
        list(&by_kind)
    );
    let _ = writeln!(
        text,
        "{} organisations, {} membership periods; {} articles, {} sentences",
        atlas.organisations.len(),
        atlas.memberships.len(),
        loaded.corpus.articles.len(),
        sentences
    );
    let _ = writeln!(
        text,
        "{} sources: {quotes} quotes verified verbatim, {references} named references; {mentions} other sentences mention a feature",
        quotes + references
    );
    let scene_quotes: usize = loaded
        .briefing
        .scenes
        .iter()
        .flat_map(|s| &s.sources)
        .filter(|s| matches!(s, crate::model::briefing::SceneSource::Quote { .. }))
        .count();
    let _ = writeln!(
        text,
        "briefing “{}”: {} scenes, their captions citing {scene_quotes} quotes verified verbatim",
        loaded.briefing.title,
        loaded.briefing.scenes.len()
    );
    let _ = writeln!(text, "{}", review_summary(loaded));
    let _ = writeln!(
        text,
        "{}: {errors} error(s), {warnings} warning(s)",
        if errors == 0 {
            "check passed"
        } else {
            "check FAILED"
        }
    );
    CheckReport {
        text,
        ok: errors == 0,
    }
}

/// How much of the atlas was checked against the public record, and how often it differs.
fn review_summary(loaded: &Loaded) -> String {
    let atlas = &loaded.atlas;
    let scenes = &loaded.briefing.scenes;
    let reviewed = atlas
        .features
        .iter()
        .filter(|f| f.reviewed.is_some())
        .count()
        + atlas
            .memberships
            .iter()
            .filter(|m| m.reviewed.is_some())
            .count()
        + atlas
            .organisations
            .iter()
            .filter(|o| o.reviewed.is_some())
            .count()
        + atlas.facts.iter().filter(|f| f.reviewed.is_some()).count()
        + scenes.iter().filter(|s| s.reviewed.is_some()).count();
    let items = atlas.features.len()
        + atlas.memberships.len()
        + atlas.organisations.len()
        + atlas.facts.len()
        + scenes.len();
    let corrections = atlas
        .features
        .iter()
        .map(|f| f.corrections.len())
        .sum::<usize>()
        + atlas
            .memberships
            .iter()
            .map(|m| m.corrections.len())
            .sum::<usize>()
        + atlas
            .facts
            .iter()
            .map(|f| f.corrections.len())
            .sum::<usize>()
        + scenes.iter().map(|s| s.corrections.len()).sum::<usize>();
    format!(
        "{} country facts; against the public record: {reviewed} of {items} items reviewed, {corrections} corrections where the record differs from an article",
        atlas.facts.len()
    )
}

/// `casa check --layer FILE...`: validates files as layers, as import and `casa export
/// --layer` read them. One line per kind of problem (`verbose`: per problem), then a
/// summary per file. `ok` is false if a file is refused or a feature skipped, and, when
/// `strict`, if there is any warning (a layer with nothing to draw is one).
pub fn check_layers(paths: &[std::path::PathBuf], verbose: bool, strict: bool) -> CheckReport {
    let mut text = String::new();
    let mut ok = true;
    for path in paths {
        match crate::data::user_layer::load_layer(path) {
            Ok(layer) => {
                for note in &layer.notes {
                    let _ = writeln!(text, "note: {}: {note}", path.display());
                }
                for line in crate::model::issue::summarize(&layer.skipped, verbose) {
                    let _ = writeln!(text, "{line}");
                }
                if let Some(empty) = &layer.empty {
                    let _ = writeln!(text, "warning: {}: {empty}", path.display());
                }
                let unlisted: usize = layer.unlisted.iter().sum();
                if unlisted > 0 {
                    let _ = writeln!(
                        text,
                        "note: {}: {unlisted} more problem(s) not listed (the first {} are)",
                        path.display(),
                        crate::model::user_layer::MAX_LISTED_ISSUES
                    );
                }
                let count = |s: Severity| layer.count(s);
                let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
                let warnings = warnings + usize::from(layer.empty.is_some());
                ok &= errors == 0;
                if strict && warnings > 0 {
                    ok = false;
                    let _ = writeln!(
                        text,
                        "--strict: {} has {warnings} warning(s), which count as failures",
                        path.display()
                    );
                }
                let (points, lines, polygons) = layer.counts();
                let _ = writeln!(
                    text,
                    "{}: {} features ({points} points, {lines} lines, {polygons} polygons); {errors} skipped, {warnings} warning(s), {} note(s)",
                    path.display(),
                    layer.features.len(),
                    count(Severity::Notice) + layer.notes.len(),
                );
            }
            Err(e) => {
                ok = false;
                let _ = writeln!(text, "error: {e}");
            }
        }
    }
    CheckReport { text, ok }
}
