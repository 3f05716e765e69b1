//! CASA's own file picker, for when the system's dialog cannot open (a Linux desktop with
//! neither an XDG desktop portal nor zenity, or Wayland without file drops): a path typed
//! or completed from the folder's listing, recent folders a click away. This is the model
//! (paths, listings, completion, what may be chosen); `ui::file_picker` draws it.

use std::path::{MAIN_SEPARATOR, Path, PathBuf};

/// How many of a folder's entries are listed or suggested at once (typing narrows them).
pub const MAX_ENTRIES: usize = 5_000;
/// How many recent folders are remembered.
pub const MAX_RECENT: usize = 8;

/// What a picker is for: what the native dialog would have been told.
#[derive(Clone, Debug, PartialEq)]
pub struct PickerSpec {
    /// The window's title ("Open layer").
    pub title: String,
    /// What the files are ("GeoJSON or CSV").
    pub filter: String,
    /// The file name extensions shown, lower case, without the dot.
    pub extensions: Vec<&'static str>,
    /// For a file to save, the name proposed; `None`: a file to open.
    pub save_name: Option<String>,
}

impl PickerSpec {
    /// Whether a file is saved rather than opened.
    pub fn saves(&self) -> bool {
        self.save_name.is_some()
    }
}

/// One entry of the listed folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderEntry {
    /// The file or folder name.
    pub name: String,
    /// Whether it is a folder.
    pub is_dir: bool,
    /// The name in lower case, made once when the folder is read: matching what is typed
    /// runs every frame the picker is open, over the whole folder.
    lower: String,
}

/// The picker's state: the typed path and the listing of the folder it is in.
#[derive(Clone, Debug)]
pub struct FilePicker {
    /// What it is for.
    pub spec: PickerSpec,
    /// The path as typed.
    pub path: String,
    /// Whether the path field is to take the keyboard focus (when the picker opens).
    pub focus: bool,
    /// The folder relative paths are read from.
    base: PathBuf,
    /// The folder listed, and its entries (folders first) or why it could not be read.
    listed: Option<(PathBuf, Result<Vec<FolderEntry>, String>)>,
    /// What the typed path names, checked on the disk when the path changes (not each
    /// frame: a slow network folder would hold the window up).
    checked: Result<PathBuf, String>,
}

impl FilePicker {
    /// A picker starting in `folder` (with the proposed name, when saving).
    pub fn new(spec: PickerSpec, folder: PathBuf) -> Self {
        let mut path = with_separator(&folder.display().to_string());
        if let Some(name) = &spec.save_name {
            path.push_str(name);
        }
        let mut picker = Self {
            spec,
            path,
            focus: true,
            base: folder,
            listed: None,
            checked: Err(String::new()),
        };
        picker.refresh();
        picker
    }

    /// The folder the typed path is in (what is listed): everything up to its last
    /// separator (a trailing `.` or `..` is a name being typed, not a step).
    pub fn folder(&self) -> PathBuf {
        match self.path.rfind(['/', MAIN_SEPARATOR]) {
            Some(i) => self.resolve(&self.path[..=i]),
            None => self.base.clone(),
        }
    }

    /// The typed path as a path: `~` is the home folder, a relative path is read from the
    /// folder the picker started in.
    pub fn resolve(&self, text: &str) -> PathBuf {
        let text = text.trim();
        let home = std::env::home_dir();
        let expanded = match (text.strip_prefix('~'), home) {
            (Some(rest), Some(home))
                if rest.is_empty() || rest.starts_with(['/', MAIN_SEPARATOR]) =>
            {
                home.join(rest.trim_start_matches(['/', MAIN_SEPARATOR]))
            }
            _ => PathBuf::from(text),
        };
        let absolute = if expanded.is_absolute() {
            expanded
        } else {
            self.base.join(expanded)
        };
        normalize(&absolute)
    }

    /// Sets the typed path (and lists its folder when that changed).
    pub fn set_path(&mut self, text: String) {
        self.path = text;
        self.refresh();
    }

    /// Lists the folder of the typed path, if it is not the one listed already, and checks
    /// what the path names.
    pub fn refresh(&mut self) {
        self.checked = self.check();
        let folder = self.folder();
        if self.listed.as_ref().is_some_and(|(f, _)| *f == folder) {
            return;
        }
        let entries = list(&folder, &self.spec.extensions);
        self.listed = Some((folder, entries));
    }

    /// The listed folder's entries, or why it could not be read.
    pub fn entries(&self) -> Result<&[FolderEntry], &str> {
        match &self.listed {
            Some((_, Ok(entries))) => Ok(entries),
            Some((_, Err(e))) => Err(e),
            None => Ok(&[]),
        }
    }

    /// The entries whose names start with what is typed after the folder (any case);
    /// hidden ones only when a dot is typed; at most [`MAX_ENTRIES`].
    pub fn matches(&self) -> Vec<&FolderEntry> {
        self.matches_for(self.typed_name())
    }

    /// [`Self::matches`] for a name being typed in the listed folder.
    pub fn matches_for(&self, typed: &str) -> Vec<&FolderEntry> {
        let typed = typed.to_lowercase();
        let entries = self.entries().unwrap_or(&[]);
        entries
            .iter()
            .filter(|e| typed.starts_with('.') || !e.name.starts_with('.'))
            .filter(|e| e.lower.starts_with(&typed))
            .take(MAX_ENTRIES)
            .collect()
    }

    /// What is typed after the last separator.
    pub fn typed_name(&self) -> &str {
        self.path
            .rsplit(['/', MAIN_SEPARATOR])
            .next()
            .unwrap_or_default()
    }

    /// Goes into a folder of the listing, or puts a file's name in the path.
    pub fn enter(&mut self, entry: &FolderEntry) {
        let mut path = with_separator(&self.folder().display().to_string());
        path.push_str(&entry.name);
        if entry.is_dir {
            path.push(MAIN_SEPARATOR);
        }
        self.set_path(path);
    }

    /// Goes to the folder above the listed one.
    pub fn up(&mut self) {
        if let Some(parent) = self.folder().parent() {
            self.set_path(with_separator(&parent.display().to_string()));
        }
    }

    /// Goes to a folder (a recent one).
    pub fn go_to(&mut self, folder: &Path) {
        let mut path = with_separator(&folder.display().to_string());
        if let Some(name) = &self.spec.save_name {
            path.push_str(name);
        }
        self.set_path(path);
    }

    /// The file the typed path names, if it may be chosen; else why not. A file to open
    /// must exist; a file to save needs an existing folder, and gets the extension when it
    /// has none.
    pub fn choice(&self) -> Result<PathBuf, String> {
        self.checked.clone()
    }

    fn check(&self) -> Result<PathBuf, String> {
        if self.path.trim().is_empty() || ends_with_separator(self.path.trim()) {
            return Err("Type or choose a file name.".into());
        }
        let mut path = self.resolve(&self.path);
        if path.is_dir() {
            return Err(format!("{} is a folder.", path.display()));
        }
        if !self.spec.saves() {
            return if path.is_file() {
                Ok(path)
            } else {
                Err(format!("There is no file {}.", path.display()))
            };
        }
        if path.extension().is_none()
            && let Some(extension) = self.spec.extensions.first()
        {
            path.set_extension(extension);
        }
        match path.parent() {
            Some(folder) if folder.is_dir() => Ok(path),
            Some(folder) => Err(format!("There is no folder {}.", folder.display())),
            None => Err("Type or choose a file name.".into()),
        }
    }
}

/// A path with its `.` and `..` steps taken as written (`/a/b/../c` is `/a/c`), so the
/// folder above, the recent folders and a layer's remembered path are the plain ones.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// The folders and the files with one of `extensions` in `folder`, folders first, each
/// sorted by name regardless of case.
pub fn list(folder: &Path, extensions: &[&str]) -> Result<Vec<FolderEntry>, String> {
    let read = std::fs::read_dir(folder)
        .map_err(|e| format!("Cannot read the folder {}: {e}", folder.display()))?;
    let mut entries: Vec<FolderEntry> = read
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            // The entry's own type (no further look at the disk), except for a link, which
            // is followed: a linked folder is a folder.
            let kind = entry.file_type().ok()?;
            let is_dir = kind.is_dir() || (kind.is_symlink() && entry.path().is_dir());
            let wanted = is_dir
                || Path::new(&name)
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)));
            wanted.then(|| FolderEntry {
                lower: name.to_lowercase(),
                name,
                is_dir,
            })
        })
        .collect();
    entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.lower.cmp(&b.lower)));
    Ok(entries)
}

/// Puts `folder` first among the recent folders (once), keeping at most [`MAX_RECENT`].
pub fn remember_folder(recent: &mut Vec<PathBuf>, folder: &Path) {
    recent.retain(|f| f != folder);
    recent.insert(0, folder.to_path_buf());
    recent.truncate(MAX_RECENT);
}

/// Where a picker starts: the most recent folder that still exists, else the home folder,
/// else the current one.
pub fn start_folder(recent: &[PathBuf]) -> PathBuf {
    recent
        .iter()
        .find(|f| f.is_dir())
        .cloned()
        .or_else(std::env::home_dir)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from(MAIN_SEPARATOR.to_string()))
}

fn ends_with_separator(text: &str) -> bool {
    text.ends_with(['/', MAIN_SEPARATOR])
}

fn with_separator(text: &str) -> String {
    let mut text = text.to_owned();
    if !ends_with_separator(&text) {
        text.push(MAIN_SEPARATOR);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(what: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("casa-picker-{what}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("Layers")).expect("mkdir");
        std::fs::create_dir_all(dir.join("Later")).expect("mkdir");
        std::fs::create_dir_all(dir.join(".hidden")).expect("mkdir");
        for name in ["depots.csv", "depth.geojson", "notes.txt", "Bases.GeoJSON"] {
            std::fs::write(dir.join(name), "x").expect("write");
        }
        dir
    }

    fn open_spec() -> PickerSpec {
        PickerSpec {
            title: "Open layer".into(),
            filter: "GeoJSON or CSV".into(),
            extensions: vec!["geojson", "json", "csv"],
            save_name: None,
        }
    }

    fn names(picker: &FilePicker) -> Vec<String> {
        picker.matches().iter().map(|e| e.name.clone()).collect()
    }

    #[test]
    fn lists_folders_first_then_the_wanted_files_in_any_case() {
        let dir = scratch("list");
        let picker = FilePicker::new(open_spec(), dir.clone());
        assert_eq!(
            names(&picker),
            [
                "Later",
                "Layers",
                "Bases.GeoJSON",
                "depots.csv",
                "depth.geojson"
            ]
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn entering_folders_and_files_builds_the_path() {
        let dir = scratch("enter");
        let mut picker = FilePicker::new(open_spec(), dir.clone());
        picker.set_path(format!("{}{MAIN_SEPARATOR}dep", dir.display()));
        assert_eq!(names(&picker), ["depots.csv", "depth.geojson"]);
        picker.set_path(format!("{}{MAIN_SEPARATOR}LA", dir.display()));
        assert_eq!(names(&picker), ["Later", "Layers"], "any case");
        let layers = picker.matches()[1].clone();
        picker.enter(&layers);
        assert_eq!(picker.folder(), dir.join("Layers"));
        assert!(picker.choice().is_err(), "a folder is not a file");
        picker.up();
        let depots = picker.matches()[3].clone();
        picker.enter(&depots);
        assert_eq!(picker.choice(), Ok(dir.join("depots.csv")));
        picker.set_path(format!("{}{MAIN_SEPARATOR}.", dir.display()));
        assert_eq!(
            names(&picker),
            [".hidden"],
            "hidden only when a dot is typed"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn relative_paths_read_from_the_start_folder_and_missing_files_are_named() {
        let dir = scratch("relative");
        let mut picker = FilePicker::new(open_spec(), dir.clone());
        picker.set_path("depots.csv".into());
        assert_eq!(picker.choice(), Ok(dir.join("depots.csv")));
        picker.set_path("nothing.csv".into());
        let error = picker.choice().expect_err("missing");
        assert!(error.contains("nothing.csv"), "{error}");
        picker.up();
        assert_eq!(picker.folder(), dir.parent().expect("parent"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_file_to_save_gets_its_extension_and_needs_a_folder() {
        let dir = scratch("save");
        let spec = PickerSpec {
            save_name: Some("deck.pdf".into()),
            extensions: vec!["pdf"],
            ..open_spec()
        };
        let mut picker = FilePicker::new(spec, dir.clone());
        assert_eq!(picker.choice(), Ok(dir.join("deck.pdf")));
        picker.set_path(format!("{}{MAIN_SEPARATOR}briefing", dir.display()));
        assert_eq!(picker.choice(), Ok(dir.join("briefing.pdf")));
        picker.set_path(format!(
            "{}{MAIN_SEPARATOR}nope{MAIN_SEPARATOR}x.pdf",
            dir.display()
        ));
        assert!(picker.choice().expect_err("no folder").contains("nope"));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn dot_dot_is_a_step_up_and_up_goes_up_from_it() {
        let dir = scratch("dotdot");
        let mut picker = FilePicker::new(open_spec(), dir.join("Layers"));
        picker.set_path(format!("..{MAIN_SEPARATOR}"));
        assert_eq!(picker.folder(), dir);
        picker.up();
        assert_eq!(picker.folder(), dir.parent().expect("parent"));
        assert_eq!(
            normalize(Path::new("/a/b/./../c")),
            PathBuf::from("/a/c"),
            "lexical"
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn recent_folders_are_unique_newest_first_and_bounded() {
        let mut recent = Vec::new();
        for i in 0..12 {
            remember_folder(&mut recent, Path::new(&format!("/f{i}")));
        }
        remember_folder(&mut recent, Path::new("/f5"));
        assert_eq!(recent.len(), MAX_RECENT);
        assert_eq!(recent[0], Path::new("/f5"));
        assert_eq!(recent.iter().filter(|f| **f == Path::new("/f5")).count(), 1);
    }
}
