//! Where the asset files come from: embedded in the binary, or a folder an analyst edits.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The asset files CASA reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssetFile {
    /// `countries.geojson`: borders.
    Countries,
    /// `water.geojson`: the Caspian, lakes and rivers.
    Water,
    /// `places.geojson`: capitals.
    Places,
    /// `features.geojson`: sites, events, infrastructure, routes and regions.
    Features,
    /// `memberships.json`: groupings and who belongs to them.
    Memberships,
    /// `country_facts.json`: what the articles say about countries rather than places.
    Facts,
    /// `scenes.json`: the shipped briefing.
    Scenes,
    /// `terrain.geojson`: names of ranges, basins, deserts and passes.
    Terrain,
}

impl AssetFile {
    /// The file's name in an asset folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Countries => "countries.geojson",
            Self::Water => "water.geojson",
            Self::Places => "places.geojson",
            Self::Features => "features.geojson",
            Self::Memberships => "memberships.json",
            Self::Facts => "country_facts.json",
            Self::Scenes => crate::model::briefing::SCENES_FILE,
            Self::Terrain => "terrain.geojson",
        }
    }

    fn embedded(self) -> &'static str {
        match self {
            Self::Countries => include_str!("../../assets/countries.geojson"),
            Self::Water => include_str!("../../assets/water.geojson"),
            Self::Places => include_str!("../../assets/places.geojson"),
            Self::Features => include_str!("../../assets/features.geojson"),
            Self::Memberships => include_str!("../../assets/memberships.json"),
            Self::Facts => include_str!("../../assets/country_facts.json"),
            Self::Scenes => include_str!("../../assets/scenes.json"),
            Self::Terrain => include_str!("../../assets/terrain.geojson"),
        }
    }
}

/// Where to read the assets from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum AssetSource {
    /// The shipped atlas, embedded in the binary so it runs from any folder.
    #[default]
    Embedded,
    /// An editable folder, e.g. `--assets ./assets`.
    Dir(PathBuf),
}

impl AssetSource {
    /// Reads one file; the error says which file and why.
    pub fn read(&self, file: AssetFile) -> Result<Cow<'static, str>, String> {
        match self {
            Self::Embedded => Ok(Cow::Borrowed(file.embedded())),
            Self::Dir(dir) => read_text(&dir.join(file.file_name())).map(Cow::Owned),
        }
    }

    /// Reads a file a folder may lack (one written before CASA had it): the shipped copy
    /// stands in for an absent one; one that is there is read like any other.
    pub fn read_or_shipped(&self, file: AssetFile) -> Result<Cow<'static, str>, String> {
        match self {
            Self::Dir(dir) if !dir.join(file.file_name()).exists() => {
                Ok(Cow::Borrowed(file.embedded()))
            }
            _ => self.read(file),
        }
    }

    /// A short description for messages and the About window.
    pub fn describe(&self) -> String {
        match self {
            Self::Embedded => "the shipped atlas (embedded)".to_owned(),
            Self::Dir(dir) => dir.display().to_string(),
        }
    }
}

/// The largest text file CASA reads other than a layer (a briefing, the settings, an
/// article, an atlas folder's file): far above any real one.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a user's file as UTF-8 text (read-only); the error names the file and the reason.
/// Only a regular file is read, and no more than [`MAX_TEXT_BYTES`].
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = read_bytes(path, MAX_TEXT_BYTES, &mut |_, _| true)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{} is not UTF-8 text (invalid byte at offset {})",
            shown(path),
            e.utf8_error().valid_up_to()
        )
    })
}

/// A path as messages name it: its characters that would act on a terminal (escapes,
/// control characters) written out.
pub fn shown(path: &Path) -> String {
    crate::model::issue::escape_controls(&path.display().to_string())
}

/// What a path is, when it is not a regular file: said in the refusal.
fn kind_of(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_char_device() {
            return Some("a character device");
        }
        if t.is_block_device() {
            return Some("a block device");
        }
        if t.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Reads a regular file's bytes, at most `max` of them: a named pipe, a device (a link to
/// `/dev/zero`), a socket or a folder is refused before it is opened (so nothing blocks
/// or reads without end), a file over `max` is refused by its size, and a file that grows
/// while it is read stops at the size it had. `progress` is told the bytes read and the
/// size, and stops the read by returning false (an empty result then). The error names
/// the file and the reason.
pub fn read_bytes(
    path: &Path,
    max: u64,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let name = shown(path);
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    if let Some(kind) = kind_of(&meta) {
        return Err(format!("{name} is {kind}, not a file CASA can read"));
    }
    let size = meta.len();
    if size > max {
        return Err(format!(
            "{name} is {size} bytes, over the limit of {max} bytes for such a file"
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    // What was opened is what was looked at (not swapped for a pipe meanwhile).
    let opened = file
        .metadata()
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if let Some(kind) = kind_of(&opened) {
        return Err(format!("{name} is {kind}, not a file CASA can read"));
    }
    const PIECE: usize = 8 << 20;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut limited = file.take(size);
    let mut piece = vec![0u8; PIECE.min(usize::try_from(size).unwrap_or(PIECE).max(1))];
    loop {
        let n = limited
            .read(&mut piece)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        if n == 0 {
            return Ok(bytes);
        }
        bytes.extend_from_slice(&piece[..n]);
        if !progress(bytes.len() as u64, size) {
            return Ok(Vec::new());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read_and_no_more_than_their_size() {
        let dir = std::env::temp_dir().join(format!("casa-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let e = read_bytes(&dir, 100, &mut |_, _| true).expect_err("a folder");
        assert!(e.contains("is a folder"), "{e}");
        let file = dir.join("small.txt");
        std::fs::write(&file, b"abc").expect("written");
        assert_eq!(
            read_bytes(&file, 100, &mut |_, _| true).expect("read"),
            b"abc"
        );
        let e = read_bytes(&file, 2, &mut |_, _| true).expect_err("too big");
        assert!(e.contains("over the limit of 2 bytes"), "{e}");
        #[cfg(unix)]
        {
            let e = read_bytes(Path::new("/dev/zero"), 100, &mut |_, _| true).expect_err("dev");
            assert!(e.contains("a character device"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
