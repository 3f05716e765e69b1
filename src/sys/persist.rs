//! Writing the user's files so that a crash or a full disk never leaves half a file: write a
//! temporary file beside the target, flush it to disk, then rename it over the target.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never a
/// mixture. Creates the parent folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes.to_vec())])
}

/// Writes several files so that a failure leaves them all as they were: each goes to a
/// temporary file beside it, flushed to disk; only once all are written are they renamed
/// over their targets, in order. Creates the parent folders if needed.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    let mut temps: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let cleanup = |temps: &[(PathBuf, &Path)]| {
        for (tmp, _) in temps {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        match write_temp(path, bytes) {
            Ok(tmp) => temps.push((tmp, path)),
            Err(e) => {
                cleanup(&temps);
                return Err(e);
            }
        }
    }
    // With more than one file, each target is first moved aside, so that a rename refused
    // half-way (a file held open elsewhere) can put back the ones already replaced.
    let several = temps.len() > 1;
    let mut done: Vec<(&Path, Option<PathBuf>)> = Vec::with_capacity(temps.len());
    for (i, (tmp, path)) in temps.iter().enumerate() {
        let result = (|| {
            let aside = if several && path.try_exists()? {
                let aside = sibling_name(path, &format!("old-{}", std::process::id()));
                std::fs::rename(path, &aside)?;
                Some(aside)
            } else {
                None
            };
            done.push((*path, aside));
            std::fs::rename(tmp, path)
        })();
        if let Err(e) = result {
            cleanup(&temps[i..]);
            for (path, aside) in done.into_iter().rev() {
                match aside {
                    Some(aside) => {
                        let _ = std::fs::rename(aside, path);
                    }
                    None => {
                        let _ = std::fs::remove_file(path);
                    }
                }
            }
            return Err(e);
        }
    }
    for (_, aside) in &done {
        if let Some(aside) = aside {
            let _ = std::fs::remove_file(aside);
        }
    }
    // The renames themselves are durable once the folders are synced (where the OS allows).
    #[cfg(unix)]
    for (_, path) in &temps {
        if let Some(d) = path
            .parent()
            .and_then(|d| std::fs::File::open(folder(d)).ok())
        {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

fn folder(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }
}

/// Writes `bytes` to `.NAME.tmp-PID` beside `path`, flushed to disk; returns its path.
fn write_temp(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = folder(path.parent().unwrap_or(Path::new(".")));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "casa".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Removes the temporary files [`write_atomic`] leaves when a process is killed while
/// writing `path` (the file itself is whole: the old or the new one).
pub fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    let own = format!("{prefix}{}", std::process::id());
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let n = entry.file_name().to_string_lossy().into_owned();
        if n.starts_with(&prefix) && n != own {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `name.TAG-SECONDS` beside `path`.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map_or_else(|| "casa".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!("{name}.{tag}-{secs}"))
}

/// Moves an unreadable file aside (`name.corrupt-SECONDS`) so it is kept for inspection and
/// a fresh one can be written; returns where it went.
pub fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let aside = sibling(path, "corrupt");
    std::fs::rename(path, &aside)?;
    Ok(aside)
}

/// Copies a file to `name.TAG-SECONDS` beside it (the original is left as it is); returns
/// the copy's path.
pub fn back_up(path: &Path, tag: &str) -> std::io::Result<PathBuf> {
    let copy = sibling(path, tag);
    std::fs::copy(path, &copy)?;
    Ok(copy)
}

/// A claim on one of the user's files that this window saves (its settings, its
/// briefing): an OS lock on a sidecar file (`.NAME.lock` beside it), held while the claim
/// lives and released by the OS if the process dies. Two CASA windows never both save one
/// file: the second is refused the claim, says so, and saves only once the first is gone.
/// (The lock is on the sidecar because saving renames a new file over the old one.)
#[derive(Debug)]
pub struct FileClaim {
    _lock: std::fs::File,
}

/// Whether a claim on a file was had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// This window holds it (now or since before).
    Held,
    /// This window has just got it, after another window had it: the file may hold that
    /// window's work.
    Taken,
    /// Another window holds it.
    Refused,
}

impl FileClaim {
    /// Claims `path` for saving; `Ok(None)` when another window (or another claim in this
    /// process) holds it.
    pub fn try_claim(path: &Path) -> std::io::Result<Option<Self>> {
        let lock_path = sibling_name(path, "lock");
        if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _lock: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }
}

/// One of the user's files that this window saves, and its claim on it: held from the
/// first save (or the start), asked again while another window holds it. The settings and
/// the briefing are each kept in one.
#[derive(Debug)]
pub struct ClaimedFile {
    path: PathBuf,
    claim: Option<FileClaim>,
    /// Whether another window held the claim when this one last asked.
    refused: bool,
}

impl ClaimedFile {
    /// The file, not claimed yet.
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            claim: None,
            refused: false,
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes sure this window holds the claim, trying again if it was refused before.
    /// Where the file system cannot lock, saving goes on as before (`Held`).
    pub fn ensure(&mut self) -> Claim {
        if self.claim.is_some() {
            return Claim::Held;
        }
        match FileClaim::try_claim(&self.path) {
            Ok(Some(claim)) => {
                self.claim = Some(claim);
                if std::mem::take(&mut self.refused) {
                    Claim::Taken
                } else {
                    Claim::Held
                }
            }
            Ok(None) => {
                self.refused = true;
                Claim::Refused
            }
            Err(_) => Claim::Held,
        }
    }
}

/// `.NAME.TAG` beside `path` (hidden on Unix).
fn sibling_name(path: &Path, tag: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "casa".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{tag}"))
}

/// Where CASA keeps the user's own files (settings, scenes, the user atlas; the log and
/// crash reports too except on Windows, see [`user_log_dir`]): the folder `CASA_DATA_DIR`
/// names if set (a portable install, tests), else the platform's data folder for the app
/// (`~/.local/share/casa` on Linux), or `None` if it has none.
pub fn user_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CASA_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    eframe::storage_dir("casa")
}

/// Where CASA keeps its log and crash reports: the data folder, except on Windows, where
/// they stay on the machine (`%LOCALAPPDATA%\casa\logs`) while the settings and the
/// briefing roam with the user's profile (`%APPDATA%`). `CASA_DATA_DIR` keeps everything in
/// one folder, as a portable install or a test wants.
pub fn user_log_dir() -> Option<PathBuf> {
    if std::env::var_os("CASA_DATA_DIR").is_some_and(|d| !d.is_empty()) {
        return user_data_dir();
    }
    #[cfg(windows)]
    if let Some(local) = std::env::var_os("LOCALAPPDATA").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(local).join("casa").join("logs"));
    }
    user_data_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_files_are_written_all_or_none() {
        let dir = std::env::temp_dir().join(format!("casa-write-all-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("a.json"), "old a").expect("write");
        std::fs::write(dir.join("blocker"), "a file, not a folder").expect("write");
        // The third cannot be written (its folder is a file): the first two are left as
        // they were, and no temporary file stays.
        let files = vec![
            (dir.join("a.json"), b"new a".to_vec()),
            (dir.join("b.json"), b"new b".to_vec()),
            (dir.join("blocker").join("c.json"), b"new c".to_vec()),
        ];
        assert!(write_all_atomic(&files).is_err());
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.json", "blocker"]);
        assert_eq!(
            std::fs::read_to_string(dir.join("a.json")).expect("read"),
            "old a"
        );
        // Written over existing files, the old ones moved aside are gone afterwards.
        write_all_atomic(&files[..2]).expect("written");
        write_all_atomic(&files[..2]).expect("written again");
        assert_eq!(
            std::fs::read_to_string(dir.join("b.json")).expect("read"),
            "new b"
        );
        assert_eq!(std::fs::read_dir(&dir).expect("list").count(), 3);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_file_is_claimed_by_one_holder_at_a_time() {
        let dir = std::env::temp_dir().join(format!("casa-claim-{}", std::process::id()));
        let path = dir.join("scenes.json");
        let mut a = Some(ClaimedFile::new(path.clone()));
        let mut b = ClaimedFile::new(path.clone());
        let ensure = |f: &mut Option<ClaimedFile>| f.as_mut().map(ClaimedFile::ensure);
        assert_eq!(ensure(&mut a), Some(Claim::Held));
        assert_eq!(b.ensure(), Claim::Refused);
        assert_eq!(ensure(&mut a), Some(Claim::Held));
        drop(a.take());
        assert_eq!(b.ensure(), Claim::Taken);
        assert_eq!(b.ensure(), Claim::Held);
        assert!(dir.join(".scenes.json.lock").exists());
        drop(b);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("casa-persist-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("nested").join("scenes.json");
        write_atomic(&path, b"first").expect("write");
        write_atomic(&path, b"second").expect("rewrite");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        let names: Vec<_> = std::fs::read_dir(path.parent().expect("parent"))
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        let aside = set_aside(&path).expect("set aside");
        assert!(!path.exists() && aside.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
