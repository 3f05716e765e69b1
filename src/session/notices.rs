//! Telling the user something, in one place: the problems found at load and since (the
//! banner, each naming its file), and the last word of each area of the window (the
//! briefing and its drawings and exports, the user's atlas, the imported layers), shown by
//! the panel or window of that area.

use crate::model::issue::LoadIssue;

/// The areas of the window that show a last word of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// The briefing: its scenes and their saving, the drawings, the slide and deck
    /// exports (the briefing tab, the Draw and export windows).
    Briefing,
    /// Additions to the user's atlas (the forms and the reader).
    Atlas,
    /// Imported layers (the layers panel).
    Layers,
}

impl Topic {
    fn slot(self) -> usize {
        match self {
            Self::Briefing => 0,
            Self::Atlas => 1,
            Self::Layers => 2,
        }
    }
}

/// What an area says: done, or refused and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The words.
    pub text: String,
    /// Whether it says why something was not done.
    pub refused: bool,
}

/// Everything CASA has to tell the user.
#[derive(Debug, Default)]
pub struct Notices {
    /// What went wrong at load and since, for the banner (each names its file).
    pub problems: Vec<LoadIssue>,
    /// Where the assets came from, for the banner.
    pub source: String,
    /// The last word of each [`Topic`].
    latest: [Option<Notice>; 3],
}

impl Notices {
    /// A channel whose banner names `source`, with the problems of the load.
    pub fn new(source: String, problems: Vec<LoadIssue>) -> Self {
        Self {
            problems,
            source,
            latest: Default::default(),
        }
    }

    /// Says something done in an area (it replaces what the area said).
    pub fn tell(&mut self, topic: Topic, text: impl Into<String>) {
        self.latest[topic.slot()] = Some(Notice {
            text: text.into(),
            refused: false,
        });
    }

    /// Says why something was not done.
    pub fn refuse(&mut self, topic: Topic, why: impl Into<String>) {
        self.latest[topic.slot()] = Some(Notice {
            text: why.into(),
            refused: true,
        });
    }

    /// Clears an area's last word.
    pub fn clear(&mut self, topic: Topic) {
        self.latest[topic.slot()] = None;
    }

    /// An area's last word.
    pub fn get(&self, topic: Topic) -> Option<&Notice> {
        self.latest[topic.slot()].as_ref()
    }

    /// An area's last word, as text.
    pub fn text(&self, topic: Topic) -> Option<&str> {
        self.get(topic).map(|n| n.text.as_str())
    }

    /// Adds a problem to the banner, once (a save that keeps failing is listed once) and
    /// to `casa.log`.
    pub fn problem(&mut self, issue: LoadIssue) {
        if !self.problems.contains(&issue) {
            log::warn!("{issue}");
            self.problems.push(issue);
        }
    }

    /// Drops the problems listed for a file (it was loaded again, or removed).
    pub fn forget_file(&mut self, file: &str) {
        self.problems.retain(|i| i.file != file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::issue::Severity;

    #[test]
    fn each_area_keeps_its_last_word_and_a_problem_is_listed_once() {
        let mut n = Notices::new("the shipped atlas".into(), Vec::new());
        n.tell(Topic::Briefing, "Saved");
        n.refuse(Topic::Atlas, "Not saved: no reference");
        assert_eq!(n.text(Topic::Briefing), Some("Saved"));
        assert!(n.get(Topic::Atlas).is_some_and(|a| a.refused));
        assert_eq!(n.get(Topic::Layers), None);
        n.clear(Topic::Briefing);
        assert_eq!(n.text(Topic::Briefing), None);
        let issue = LoadIssue {
            file: "state.json".into(),
            feature: None,
            problem: "could not save the settings".into(),
            severity: Severity::Warning,
            path: None,
        };
        n.problem(issue.clone());
        n.problem(issue);
        assert_eq!(n.problems.len(), 1);
        n.forget_file("state.json");
        assert!(n.problems.is_empty());
    }
}
