//! The user's state file: read at start (a corrupt one is set aside with a notice and the
//! defaults used), written atomically — even a process killed in the middle of saving
//! leaves the old file or the new one, never half of one.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use casa::session::settings;
use casa::session::settings::Settings;
use common::scratch_dir;

#[test]
fn a_saved_state_loads_back_and_the_fixture_is_a_valid_state() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/state/state.json");
    let (state, issue) = settings::load(&fixture);
    assert!(issue.is_none(), "{issue:?}");
    assert_eq!(state.layers.year, Some(2022));
    assert_eq!(state.imported.len(), 1);
    let dir = scratch_dir("state-roundtrip");
    let path = dir.join("state.json");
    settings::save(&path, &state).expect("save");
    assert_eq!(settings::load(&path).0, state);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

#[test]
fn a_corrupt_state_file_is_set_aside_and_the_defaults_are_used() {
    let dir = scratch_dir("state-corrupt");
    let path = dir.join("state.json");
    std::fs::write(&path, "{\"theme\": \"Dark\", \"layers\": {\"hid").expect("write");
    let (state, issue) = settings::load(&path);
    assert_eq!(state, Settings::default());
    let issue = issue.expect("a notice").to_string();
    assert!(issue.contains("not a CASA state file"), "{issue}");
    assert!(issue.contains("set aside as"), "{issue}");
    assert!(
        issue.ends_with("starting from the default settings"),
        "{issue}"
    );
    assert!(!path.exists());
    let kept: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        kept.iter().any(|n| n.starts_with("state.json.corrupt-")),
        "{kept:?}"
    );
    // Not UTF-8 at all: the same.
    std::fs::write(&path, b"\xff\xfe\x00garbage").expect("write");
    let (state, issue) = settings::load(&path);
    assert_eq!(state, Settings::default());
    assert!(issue.expect("a notice").to_string().contains("not UTF-8"));
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// Run as a child process by the test below: saves ever-changing states until killed.
#[test]
fn writer_for_the_kill_test() {
    let Some(path) = std::env::var_os("CASA_STATE_WRITER") else {
        return;
    };
    let mut state = Settings::default();
    for n in 0u64.. {
        // A large state (many imported layers) so that a write takes a while.
        state.imported = (0..2_000)
            .map(|k| casa::session::imports::ImportedEntry {
                path: format!("/data/layer-{n}-{k}.geojson").into(),
                visible: k % 2 == 0,
                stamp: Some((n, k)),
            })
            .collect();
        settings::save(Path::new(&path), &state).expect("save");
    }
}

#[test]
fn a_process_killed_while_saving_leaves_a_whole_state_file() {
    let dir = scratch_dir("state-kill");
    let path = dir.join("state.json");
    settings::save(&path, &Settings::default()).expect("first save");
    let mut written = 0;
    for round in 0..12u64 {
        // The writer's name as the test harness knows it (its module path in this binary).
        let writer = module_path!()
            .split_once("::")
            .map_or(String::new(), |(_, m)| format!("{m}::"))
            + "writer_for_the_kill_test";
        let mut child = Command::new(std::env::current_exe().expect("this test binary"))
            .args(["--exact", &writer, "--nocapture"])
            .env("CASA_STATE_WRITER", &path)
            .spawn()
            .expect("start the writer");
        std::thread::sleep(Duration::from_millis(150 + 37 * round));
        child.kill().expect("SIGKILL the writer");
        child.wait().expect("reap");
        let (state, issue) = settings::load(&path);
        assert!(issue.is_none(), "round {round}: {issue:?}");
        // Whole: either the first (empty) state or one with all 2,000 layers.
        assert!(
            state.imported.is_empty() || state.imported.len() == 2_000,
            "round {round}: {} layers",
            state.imported.len()
        );
        written += usize::from(!state.imported.is_empty());
    }
    assert!(
        written > 0,
        "the writer never finished a save: the test proved nothing"
    );
    // The temporary files the killed writers left are cleared at the next start.
    let _ = settings::load(&path);
    let left: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["state.json"]);
    std::fs::remove_dir_all(&dir).expect("clean up");
}
