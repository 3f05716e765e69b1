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
    /// Where in the file, as a JSON path (`features[3].geometry.coordinates[0][2]`), when
    /// the loader knows it.
    pub path: Option<String>,
}

impl fmt::Display for LoadIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What a file names is printed as text: no escape sequence reaches a terminal,
        // and no message runs on for more than a few lines.
        write!(f, "{}: ", escape_controls(&self.file))?;
        match (&self.feature, &self.path) {
            (Some(feature), Some(path)) => write!(
                f,
                "{} at {}: ",
                escape_controls(&shorten(feature, MAX_NAME_CHARS)),
                escape_controls(&shorten(path, MAX_NAME_CHARS))
            )?,
            (Some(feature), None) => {
                write!(
                    f,
                    "{}: ",
                    escape_controls(&shorten(feature, MAX_NAME_CHARS))
                )?;
            }
            (None, Some(path)) => {
                write!(
                    f,
                    "at {}: ",
                    escape_controls(&shorten(path, MAX_NAME_CHARS))
                )?;
            }
            (None, None) => {}
        }
        f.write_str(&escape_controls(&shorten(&self.problem, MAX_PROBLEM_CHARS)))
    }
}

/// The longest feature name or JSON path a message prints (characters).
const MAX_NAME_CHARS: usize = 200;
/// The longest problem a message prints (characters): a few lines.
pub const MAX_PROBLEM_CHARS: usize = 600;

/// Text with its control characters written out (`\u{1b}`), so a file's name or value
/// printed in a message cannot move the cursor, recolour or clear a terminal.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Text cut to at most `max` characters, saying how much was left out.
pub fn shorten(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(text),
        Some((at, _)) => {
            let left = text[at..].chars().count();
            std::borrow::Cow::Owned(format!("{}… ({left} more characters)", &text[..at]))
        }
    }
}

/// Issues as a person reads them: one line per kind of problem in a file (the first
/// occurrence in full, then how many more there are and where the first few are), or,
/// `verbose`, every issue on its own line. Problems of one kind differ only in their
/// numbers ("latitude 91 …", "latitude 95 …"). Each line starts with "error", "warning"
/// or "note".
pub fn summarize(issues: &[LoadIssue], verbose: bool) -> Vec<String> {
    const SHOWN: usize = 3;
    let tag = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "note",
    };
    if verbose {
        return issues
            .iter()
            .map(|i| format!("{}: {i}", tag(i.severity)))
            .collect();
    }
    let mut groups: Vec<(&LoadIssue, Vec<&LoadIssue>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for issue in issues {
        let key = format!(
            "{:?}\u{0}{}\u{0}{}",
            issue.severity,
            issue.file,
            shape(&issue.problem)
        );
        match index.get(&key) {
            Some(&k) => groups[k].1.push(issue),
            None => {
                index.insert(key, groups.len());
                groups.push((issue, Vec::new()));
            }
        }
    }
    groups
        .into_iter()
        .map(|(first, more)| {
            let mut line = format!("{}: {first}", tag(first.severity));
            if !more.is_empty() {
                let places: Vec<&str> = more
                    .iter()
                    .take(SHOWN)
                    .map(|i| i.feature.as_deref().or(i.path.as_deref()).unwrap_or("?"))
                    .collect();
                let rest = if more.len() > SHOWN {
                    ", … (`casa check --layer --verbose` lists each)"
                } else {
                    ""
                };
                line.push_str(&format!(
                    " — and {} more like it: {}{rest}",
                    more.len(),
                    places.join(", ")
                ));
            }
            line
        })
        .collect()
}

/// A problem with its numbers masked, so problems of one kind compare equal.
fn shape(problem: &str) -> String {
    let mut out = String::with_capacity(problem.len());
    let mut in_number = false;
    let mut chars = problem.chars().peekable();
    while let Some(c) = chars.next() {
        let sign = c == '-' && chars.peek().is_some_and(char::is_ascii_digit);
        let digit = c.is_ascii_digit() || sign || (in_number && c == '.');
        if digit {
            if !in_number {
                out.push('#');
            }
        } else {
            out.push(c);
        }
        in_number = digit;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_names_are_written_out() {
        assert_eq!(escape_controls("plain.geojson"), "plain.geojson");
        assert_eq!(escape_controls("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape_controls("tab\there"), "tab\\there");
    }

    #[test]
    fn long_messages_are_cut() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("abcdef", 3), "abc… (3 more characters)");
    }

    fn issue(feature: &str, problem: &str, severity: Severity) -> LoadIssue {
        LoadIssue {
            file: "f.geojson".into(),
            feature: Some(feature.into()),
            problem: problem.into(),
            severity,
            path: None,
        }
    }

    #[test]
    fn issues_of_one_kind_make_one_line_with_a_count_and_the_first_places() {
        let issues = [
            issue("feature 1", "latitude 91 is beyond ±90", Severity::Error),
            issue(
                "feature 2 (b)",
                "a ring whose first and last positions differ; closed it",
                Severity::Warning,
            ),
            issue("feature 3", "latitude 95.5 is beyond ±90", Severity::Error),
            issue("feature 4", "latitude -100 is beyond ±90", Severity::Error),
            issue("feature 5", "latitude 99 is beyond ±90", Severity::Error),
            issue("feature 6", "latitude 98 is beyond ±90", Severity::Error),
        ];
        let lines = summarize(&issues, false);
        assert_eq!(
            lines,
            [
                "error: f.geojson: feature 1: latitude 91 is beyond ±90 — and 4 more like it: feature 3, feature 4, feature 5, … (`casa check --layer --verbose` lists each)",
                "warning: f.geojson: feature 2 (b): a ring whose first and last positions differ; closed it",
            ]
        );
        assert_eq!(summarize(&issues, true).len(), 6);
    }
}
