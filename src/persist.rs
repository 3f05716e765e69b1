//! Writing the user's files so that a crash or a full disk never leaves half a file: write a
//! temporary file beside the target, flush it to disk, then rename it over the target.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never a
/// mixture. Creates the parent folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "casa".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the folder is synced (where the OS allows it).
        #[cfg(unix)]
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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

/// Where CASA keeps the user's own files (scenes): the platform's data folder for the app
/// (`~/.local/share/casa` on Linux), or `None` if the platform has none.
pub fn user_data_dir() -> Option<PathBuf> {
    eframe::storage_dir("casa")
}

#[cfg(test)]
mod tests {
    use super::*;

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
