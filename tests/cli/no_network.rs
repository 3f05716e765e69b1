//! CASA makes no network connection at all: every socket the real binary opens — headless
//! (check, info, export with an imported layer) and with its window under Xvfb — is traced
//! with strace; only local (AF_UNIX: the X server, D-Bus) sockets may appear. And where the
//! machine allows an empty network namespace, the binary works inside one.
//!
//! Needs strace and Xvfb (`.ci/run` installs them).

// Xvfb, xdotool, strace and unshare are Linux tools: on Windows and macOS these tests are
// not built (the headless commands and the window are covered there by the other tests).
#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;

fn casa() -> PathBuf {
    std::env::var_os("CASA_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_casa")), PathBuf::from)
}

fn scratch() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("no-network");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The socket families a traced run opened, one entry per `socket()` or `connect()` call.
fn traced_families(log: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(log).expect("strace log");
    let mut families = Vec::new();
    for line in text.lines() {
        for marker in ["socket(", "sa_family="] {
            if let Some(i) = line.find(marker) {
                let rest = &line[i + marker.len()..];
                let family: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !family.is_empty() {
                    families.push(family);
                }
            }
        }
    }
    families
}

fn assert_local_only(log: &Path, what: &str) {
    let families = traced_families(log);
    let remote: Vec<&String> = families
        .iter()
        .filter(|f| f.starts_with("AF_INET") || f.starts_with("PF_INET"))
        .collect();
    assert!(
        remote.is_empty(),
        "{what} opened network sockets: {remote:?} (see {})",
        log.display()
    );
}

fn strace() -> Command {
    assert!(
        Command::new("strace").arg("-V").output().is_ok(),
        "strace is missing: install it (see README, system packages)"
    );
    let mut command = Command::new("strace");
    command.args(["-f", "-qq", "-e", "trace=socket,connect"]);
    command
}

#[test]
fn the_headless_commands_open_no_network_socket() {
    let dir = scratch();
    let layer =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers/exercises.geojson");
    let runs: Vec<(&str, Vec<std::ffi::OsString>)> = vec![
        ("check", vec!["check".into()]),
        ("info", vec!["info".into(), "Kant".into()]),
        (
            "export",
            vec![
                "export".into(),
                "--scene".into(),
                "2".into(),
                "--layer".into(),
                layer.into(),
                "--out".into(),
                dir.join("slide.png").into(),
            ],
        ),
        (
            "export-briefing",
            vec![
                "export".into(),
                "--briefing".into(),
                "--out".into(),
                dir.join("deck.pdf").into(),
            ],
        ),
    ];
    // Never a user's briefing: a copy of the shipped one.
    let scenes = dir.join("shipped-scenes.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenes.json"),
        &scenes,
    )
    .expect("copy the shipped briefing");
    for (name, args) in runs {
        let log = dir.join(format!("{name}.strace"));
        let status = strace()
            .env("CASA_DATA_DIR", dir.join("data"))
            .arg("-o")
            .arg(&log)
            .arg(casa())
            .arg("--scenes")
            .arg(&scenes)
            .args(&args)
            .output()
            .expect("run strace");
        assert!(status.status.success(), "casa {name}: {:?}", status);
        assert_local_only(&log, &format!("casa {name}"));
    }
}

#[test]
fn the_window_opens_no_network_socket() {
    assert!(
        Command::new("xvfb-run").arg("--help").output().is_ok(),
        "xvfb-run is missing: install xvfb and xauth (see README, system packages)"
    );
    let dir = scratch();
    let log = dir.join("window.strace");
    let status = Command::new("xvfb-run")
        .env("CASA_DATA_DIR", dir.join("data"))
        .args(["-a", "-s", "-screen 0 1600x1000x24"])
        .args(["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o"])
        .arg(&log)
        .arg(casa())
        .arg("--scenes")
        .arg(dir.join("no-scenes.json"))
        .args(["--size", "1600x1000", "--screenshot"])
        .arg(dir.join("window.png"))
        .status()
        .expect("run the window under Xvfb and strace");
    assert!(status.success(), "casa exited with {status}");
    let families = traced_families(&log);
    // It did talk to the X server (so the trace saw the window's sockets at all) ...
    assert!(families.iter().any(|f| f == "AF_UNIX"), "{families:?}");
    // ... and to nothing else.
    assert_local_only(&log, "casa's window");
}

#[test]
fn export_works_in_an_empty_network_namespace() {
    // Where unprivileged namespaces are not allowed, the strace tests above are the proof.
    let allowed = Command::new("unshare")
        .args(["-rn", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !allowed {
        eprintln!("note: unshare -rn is not permitted here; the strace tests cover this");
        return;
    }
    let dir = scratch();
    let out = dir.join("offline.svg");
    let _ = std::fs::remove_file(&out);
    let status = Command::new("unshare")
        .args(["-rn"])
        .arg(casa())
        .arg("--scenes")
        .arg(dir.join("no-scenes.json"))
        .args(["export", "--scene", "6", "--out"])
        .arg(&out)
        .output()
        .expect("run in a network namespace");
    assert!(status.status.success(), "{status:?}");
    assert!(std::fs::metadata(&out).is_ok_and(|m| m.len() > 10_000));
}
