//! Crash reports and the log, so that a window started from a menu leaves a trace: a panic
//! anywhere writes a report (version, platform, thread, message, place, backtrace) into
//! `crashes/` in the log folder ([`super::persist::user_log_dir`]) before the usual
//! message, and the next start tells the user where it is; `casa.log` keeps starts,
//! failures and crashes, at most about 1 MiB (then it is moved to `casa.log.1`, replacing
//! the one before).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The folder of crash reports, in the log folder.
pub const CRASH_DIR: &str = "crashes";
/// The log file, in the log folder.
pub const LOG_FILE: &str = "casa.log";
/// The size past which the log is moved aside.
const LOG_LIMIT: u64 = 1 << 20;
/// The suffix of a report the user has been told of.
const TOLD: &str = ".told.txt";

/// Installs the panic hook (once, at start): a report in `dir/crashes/`, a line in the log,
/// then the default message on stderr. Without a data folder, only the default.
pub fn install(dir: Option<PathBuf>) {
    let Some(dir) = dir else {
        return;
    };
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Nothing in here may panic again: every failure to write is ignored.
        let _ = write_report(&dir, info);
        previous(info);
    }));
}

/// Writes the report of a panic; returns its path.
fn write_report(dir: &Path, info: &std::panic::PanicHookInfo<'_>) -> std::io::Result<PathBuf> {
    let crashes = dir.join(CRASH_DIR);
    std::fs::create_dir_all(&crashes)?;
    let secs = now_secs();
    let path = crashes.join(format!("crash-{secs}-{}.txt", std::process::id()));
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    let place = info.location().map_or_else(String::new, |l| {
        format!("{}:{}:{}", l.file(), l.line(), l.column())
    });
    let thread = std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_owned();
    let backtrace = std::backtrace::Backtrace::force_capture();
    let text = format!(
        "CASA {} crashed\nplatform: {} {}\ntime: {secs} s since 1970-01-01 UTC ({})\nthread: {thread}\nmessage: {message}\nat: {place}\n\nbacktrace:\n{backtrace}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        super::clock::date_of_days((secs / 86_400) as i64),
    );
    std::fs::write(&path, text)?;
    log(
        dir,
        &format!("crashed: {message} at {place}; report {}", path.display()),
    );
    Ok(path)
}

/// The crash reports the user has not yet been told of, marked as told (renamed to
/// `….told.txt`); their new paths, oldest first.
pub fn untold_reports(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir.join(CRASH_DIR)) else {
        return Vec::new();
    };
    let mut untold: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| {
                n.starts_with("crash-") && n.ends_with(".txt") && !n.ends_with(TOLD)
            })
        })
        .collect();
    untold.sort();
    untold
        .into_iter()
        .filter_map(|p| {
            let told = p.with_extension("").with_extension(&TOLD[1..]);
            std::fs::rename(&p, &told).ok().map(|()| told)
        })
        .collect()
}

/// How many times the file-dialog crate reported that no system dialog could be shown.
static DIALOG_FAILURES: AtomicU64 = AtomicU64::new(0);
/// The last errors the file-dialog crate reported (the reason a dialog did not show).
static DIALOG_ERRORS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The `log` records CASA keeps: its own (`casa…` targets, information and up) and the
/// file-dialog crate's warnings and errors, which are also how a dialog that could not show
/// is told from one the user cancelled (rfd returns nothing for both).
struct Logger {
    dir: Option<PathBuf>,
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        let target = metadata.target();
        (target.starts_with("casa") && metadata.level() <= log::Level::Info)
            || (target.starts_with("rfd") && metadata.level() <= log::Level::Warn)
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let message = record.args().to_string();
        if record.target().starts_with("rfd") && record.level() == log::Level::Error {
            let mut errors = DIALOG_ERRORS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            errors.push(message.clone());
            let excess = errors.len().saturating_sub(4);
            errors.drain(..excess);
            // rfd's last resort on Linux (after the portal) is zenity: when that fails too,
            // no dialog was shown.
            if message.contains("zenity") {
                DIALOG_FAILURES.fetch_add(1, Ordering::SeqCst);
            }
        }
        if let Some(dir) = &self.dir {
            log(
                dir,
                &format!("{} {}: {message}", record.level(), record.target()),
            );
        }
    }

    fn flush(&self) {}
}

/// Installs the `log` logger (once, at start): CASA's records and the file dialog's
/// problems go to `casa.log` in `dir` (when there is one).
pub fn install_logger(dir: Option<PathBuf>) {
    if log::set_boxed_logger(Box::new(Logger { dir })).is_ok() {
        log::set_max_level(log::LevelFilter::Info);
    }
}

/// How many times the system file dialog could not be shown (see [`install_logger`]),
/// and the last errors it reported.
pub fn dialog_failures() -> (u64, Vec<String>) {
    let errors = DIALOG_ERRORS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    (DIALOG_FAILURES.load(Ordering::SeqCst), errors)
}

/// Appends a line to the log (with the time), moving a log past its limit aside first.
/// Failures are ignored: the log must never stop the app.
pub fn log(dir: &Path, line: &str) {
    let path = dir.join(LOG_FILE);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > LOG_LIMIT) {
        let _ = std::fs::rename(&path, dir.join(format!("{LOG_FILE}.1")));
    }
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    {
        let _ = writeln!(file, "{} [{}] {line}", now_secs(), std::process::id());
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(what: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("casa-crash-{what}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_log_stays_bounded() {
        let dir = scratch("log");
        let line = "x".repeat(1000);
        for _ in 0..1_200 {
            log(&dir, &line);
        }
        let size = |p: &str| std::fs::metadata(dir.join(p)).map_or(0, |m| m.len());
        assert!(size(LOG_FILE) <= LOG_LIMIT + 2_000, "{}", size(LOG_FILE));
        assert!(size("casa.log.1") > LOG_LIMIT, "the old log is kept once");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn reports_are_told_once() {
        let dir = scratch("told");
        std::fs::create_dir_all(dir.join(CRASH_DIR)).expect("folder");
        std::fs::write(dir.join(CRASH_DIR).join("crash-1-2.txt"), "report").expect("write");
        std::fs::write(dir.join(CRASH_DIR).join("notes.txt"), "not a report").expect("write");
        let told = untold_reports(&dir);
        assert_eq!(told.len(), 1);
        assert!(told[0].ends_with("crash-1-2.told.txt"), "{told:?}");
        assert_eq!(std::fs::read_to_string(&told[0]).expect("read"), "report");
        assert!(untold_reports(&dir).is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
