//! The briefing being presented: its scenes (the user's own, saved to a file this window
//! claims, or the shipped ones), the scene gone to last, and presentation mode with its
//! speaker notes. Reading, saving and sharing the briefing file are here; what a scene
//! does to the maps is the app's.

use std::path::{Path, PathBuf};

use crate::data::package::Unpacked;
use crate::edit::drawing::Owner;
use crate::model::Atlas;
use crate::model::briefing::{Briefing, Scene};
use crate::model::corpus::Corpus;
use crate::model::issue::{LoadIssue, Severity};
use crate::sys::persist::{Claim, ClaimedFile};

/// How much larger everything is drawn in presentation mode, for the back of the room.
pub const PRESENTATION_ZOOM: f32 = 1.3;

/// The briefing and where the presentation is.
#[derive(Debug, Default)]
pub struct Presentation {
    /// The scenes shown (the user's own, or the shipped ones).
    pub briefing: Briefing,
    /// The briefing shipped with the assets.
    pub shipped: Briefing,
    /// Where the user's briefing is saved, claimed by this window (no other CASA window
    /// saves it meanwhile); `None`: nowhere (tests, or no data folder).
    pub file: Option<ClaimedFile>,
    /// Whether `briefing` is the user's own (saved to `file`).
    pub is_user: bool,
    /// The scene last gone to.
    pub current: Option<usize>,
    /// Whether presentation mode is on.
    pub presenting: bool,
    /// Whether the speaker notes window is open.
    pub notes_window: bool,
    /// Features whose labels the map never drops: the current scene's selection and the
    /// features its caption names.
    pub subjects: Vec<usize>,
    /// The map had no room for the legend in this scene: it goes in the caption bar until
    /// the scene changes or presenting ends (so it does not move back and forth).
    pub legend_in_caption_bar: bool,
    /// Where briefing packages are unpacked: `briefings/` beside the user's briefing file
    /// (in the data folder); `None`: nowhere (no data folder), and none is opened.
    pub packages_root: Option<PathBuf>,
    /// The user's own briefing file, as the window started with it (a package's scenes may
    /// be shown and saved meanwhile).
    pub own_file: Option<PathBuf>,
    /// A briefing package being read and unpacked on a worker thread: its file, and the
    /// worker.
    pub opening: Option<(PathBuf, std::thread::JoinHandle<Result<Unpacked, String>>)>,
    /// A package unpacked whose additions wait for the user's choice in the merge window;
    /// presented once it is made.
    pub waiting: Option<Unpacked>,
}

impl Presentation {
    /// The shipped briefing, shown until the user's is read.
    pub fn new(shipped: Briefing) -> Self {
        Self {
            briefing: shipped.clone(),
            shipped,
            ..Self::default()
        }
    }

    /// The scene last gone to, if it is still there.
    pub fn current_scene(&self) -> Option<&Scene> {
        self.current.and_then(|i| self.briefing.scenes.get(i))
    }

    /// Where a step forward or back goes: from no scene, forward starts at the first, back
    /// at the last; `None` when there is nowhere else to go.
    pub fn step_to(&self, delta: i32) -> Option<usize> {
        let n = self.briefing.scenes.len();
        if n == 0 {
            return None;
        }
        let next = match self.current {
            None if delta >= 0 => 0,
            None => n - 1,
            Some(i) => (i as i64 + i64::from(delta)).clamp(0, n as i64 - 1) as usize,
        };
        (Some(next) != self.current).then_some(next)
    }

    /// Whose annotations a scene's are (`None`: the sketch), by its index and name.
    pub fn owner_of(&self, scene: Option<usize>) -> Option<Owner> {
        match scene {
            None => Some(Owner::Sketch),
            Some(i) => {
                let s = self.briefing.scenes.get(i)?;
                Some(Owner::Scene(i, s.name.clone()))
            }
        }
    }

    /// The user's briefing file, if there is one.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(ClaimedFile::path)
    }

    /// Uses `path` for the user's scenes: reads it if it exists (problems are returned), and
    /// claims it; refused, the problems say so.
    pub fn use_file(&mut self, path: PathBuf, atlas: &Atlas, corpus: &Corpus) -> Vec<LoadIssue> {
        let (briefing, issues) = load_user_briefing(&path, atlas, corpus);
        self.adopt(path, briefing, issues)
    }

    /// Uses a briefing package's scenes file as [`Self::use_file`] does, but only if it
    /// reads: otherwise nothing changes (the briefing shown stays, and is never saved to
    /// it) and the problems say why.
    pub fn use_package_file(
        &mut self,
        path: PathBuf,
        atlas: &Atlas,
        corpus: &Corpus,
    ) -> Result<Vec<LoadIssue>, Vec<LoadIssue>> {
        let (briefing, issues) = load_user_briefing(&path, atlas, corpus);
        if briefing.is_none() {
            return Err(issues);
        }
        Ok(self.adopt(path, briefing, issues))
    }

    /// Shows the briefing read from `path` (if one was) and claims the file.
    fn adopt(
        &mut self,
        path: PathBuf,
        briefing: Option<Briefing>,
        mut issues: Vec<LoadIssue>,
    ) -> Vec<LoadIssue> {
        if let Some(b) = briefing {
            self.briefing = b;
            self.is_user = true;
        }
        // The same file again (a package opened twice): its claim is this window's already.
        let mut file = match self.file.take() {
            Some(held) if held.path() == path => held,
            _ => ClaimedFile::new(path),
        };
        if file.ensure() == Claim::Refused {
            issues.push(LoadIssue {
                file: file.path().display().to_string(),
                feature: None,
                problem: "another CASA window is open with these scenes; this window saves your changes only once that one is closed (Export briefing… keeps them now)".into(),
                severity: Severity::Notice,
                path: None,
            });
        }
        self.file = Some(file);
        self.current = None;
        issues
    }

    /// Whether this window may write the user's briefing file: it holds the claim on it.
    /// When the claim comes to it from a window now closed, that window's file is first
    /// copied aside (`scenes.json.other-window-<time>`), so its scenes are never lost; the
    /// copy's name is returned with `Ok`.
    pub fn claim_file(&mut self) -> Result<Option<PathBuf>, String> {
        let Some(file) = &mut self.file else {
            return Ok(None);
        };
        let path = file.path().to_path_buf();
        match file.ensure() {
            Claim::Held => Ok(None),
            Claim::Refused => Err(format!(
                "Not saved: another CASA window is saving {}; this window keeps your change and saves it once that one is closed (Export briefing… keeps it now)",
                path.display()
            )),
            Claim::Taken if path.exists() => crate::sys::persist::back_up(&path, "other-window")
                .map(Some)
                .map_err(|e| {
                    format!(
                        "Not saved: could not keep a copy of {}: {e}",
                        path.display()
                    )
                }),
            Claim::Taken => Ok(None),
        }
    }

    /// Saves the user's briefing atomically (if it has a file); says how it went.
    pub fn save(&mut self) -> Result<String, String> {
        let Some(path) = self.path().map(Path::to_path_buf) else {
            return Err("Not saved: no data folder for your scenes".into());
        };
        let copy = self.claim_file()?;
        let kept = copy.map_or_else(String::new, |c| {
            format!(" (the other window's scenes are kept in {})", c.display())
        });
        match crate::sys::persist::write_atomic(&path, self.briefing.to_json().as_bytes()) {
            Ok(()) => Ok(format!("Saved to {}{kept}", path.display())),
            Err(e) => Err(format!("Could not save to {}: {e}", path.display())),
        }
    }

    /// Writes the briefing to a file to share it; says how it went.
    pub fn export_to(&self, path: &Path) -> Result<String, String> {
        match crate::sys::persist::write_atomic(path, self.briefing.to_json().as_bytes()) {
            Ok(()) => Ok(format!(
                "Exported {} scenes to {}",
                self.briefing.scenes.len(),
                path.display()
            )),
            Err(e) => Err(format!("Could not export to {}: {e}", path.display())),
        }
    }

    /// Back to the shipped briefing; the user's file is kept aside, not deleted. Says how it
    /// went (refused: nothing changed).
    pub fn restore_shipped(&mut self) -> Result<String, String> {
        let mut notice = "Restored the shipped briefing".to_owned();
        self.claim_file()?;
        if let Some(path) = self.path().filter(|p| p.exists()).map(Path::to_path_buf) {
            match crate::sys::persist::back_up(&path, "replaced") {
                Ok(copy) => {
                    let _ = std::fs::remove_file(&path);
                    notice.push_str(&format!("; your scenes are kept in {}", copy.display()));
                }
                Err(e) => return Err(format!("Could not keep a copy of your scenes: {e}")),
            }
        }
        self.briefing = self.shipped.clone();
        self.is_user = false;
        self.current = None;
        Ok(notice)
    }
}

/// Reads the user's briefing file: `None` if there is none. An unreadable file is set aside
/// (kept, renamed) and reported; scenes that fail their checks are reported, and a copy of
/// the file is kept so that saving the valid ones loses nothing.
pub fn load_user_briefing(
    path: &Path,
    atlas: &Atlas,
    corpus: &Corpus,
) -> (Option<Briefing>, Vec<LoadIssue>) {
    let file = path.display().to_string();
    crate::sys::persist::remove_stale_temps(path);
    if !path.exists() {
        return (None, Vec::new());
    }
    let notice = |problem: String| LoadIssue {
        file: file.clone(),
        feature: None,
        problem,
        severity: Severity::Warning,
        path: None,
    };
    let text = match crate::data::read_user_text(path) {
        Ok(text) => text,
        Err(problem) => {
            let aside = crate::sys::persist::set_aside(path)
                .map(|p| format!("; set aside as {}", p.display()))
                .unwrap_or_default();
            return (
                None,
                vec![notice(format!(
                    "{problem}{aside}; using the shipped briefing"
                ))],
            );
        }
    };
    let (briefing, mut issues) = Briefing::parse(&file, &text, atlas, corpus);
    if issues.iter().any(|i| i.feature.is_none()) {
        // The whole file is unusable.
        let aside = crate::sys::persist::set_aside(path)
            .map(|p| format!("; set aside as {}", p.display()))
            .unwrap_or_default();
        for i in &mut issues {
            i.problem.push_str(&aside);
            i.problem.push_str("; using the shipped briefing");
            i.severity = Severity::Warning;
        }
        return (None, issues);
    }
    if !issues.is_empty() {
        let copy = crate::sys::persist::back_up(path, "skipped")
            .map(|p| format!("the file as it was is kept as {}", p.display()))
            .unwrap_or_else(|e| format!("could not keep a copy: {e}"));
        // Not every problem skips a scene (a caption number without a source, a bad
        // correction), so count problems; the copy keeps whatever was left out.
        issues.push(notice(format!(
            "{} problem(s) in the briefing (see above); {copy}",
            issues.len()
        )));
    }
    (Some(briefing), issues)
}
