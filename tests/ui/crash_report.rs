//! A crash leaves a trace: the real binary (a test build) made to panic writes a crash
//! report with its version, the message, the place and a backtrace into the data folder
//! (`CASA_DATA_DIR` here, never the user's), and a line in the log; the next start names
//! the report in the banner, once.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use casa::app::AppOptions;
use common::{app_harness_with, scratch_dir};
use egui_kittest::kittest::Queryable;

#[test]
fn a_panic_leaves_a_crash_report_and_the_next_start_tells_of_it() {
    let data = scratch_dir("crash");
    let out = Command::new(env!("CARGO_BIN_EXE_casa"))
        .arg("check")
        .env("CASA_DATA_DIR", &data)
        .env("CASA_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run casa");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("CASA_TEST_PANIC is set"), "{stderr}");
    let reports: Vec<PathBuf> = std::fs::read_dir(data.join(casa::sys::crash::CRASH_DIR))
        .expect("a crashes folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = std::fs::read_to_string(&reports[0]).expect("the report");
    for expected in [
        concat!("CASA ", env!("CARGO_PKG_VERSION"), " crashed"),
        "message: CASA_TEST_PANIC is set: a test of the crash report",
        "at: src/main.rs:",
        "thread: main",
        "backtrace:",
    ] {
        assert!(
            report.contains(expected),
            "the report lacks {expected:?}:\n{report}"
        );
    }
    // Even without RUST_BACKTRACE the report carries the frames.
    assert!(report.contains("main"), "{report}");
    let log = std::fs::read_to_string(data.join(casa::sys::crash::LOG_FILE)).expect("the log");
    assert!(log.contains("crashed: CASA_TEST_PANIC is set"), "{log}");

    // The next start: the report is named in the banner, and only that once.
    let told = casa::sys::crash::untold_reports(&data);
    assert_eq!(told.len(), 1);
    assert!(casa::sys::crash::untold_reports(&data).is_empty());
    let mut harness = app_harness_with(
        AppOptions {
            fresh: true,
            scenes: Some(data.join("scenes.json")),
            crash_reports: told.clone(),
            ..AppOptions::default()
        },
        egui::Theme::Light,
    );
    harness.get_by_label_contains("Notices (1)").click();
    harness.run();
    harness.get_by_label_contains("CASA stopped unexpectedly the last time it ran");
    std::fs::remove_dir_all(&data).expect("clean up");
}
