//! End to end: the real `casa` binary in a real X window under Xvfb saves a screenshot of
//! itself, and the picture shows the map (land of all five states, water), not a blank.
//!
//! Needs `xvfb-run` (Debian: xvfb, xauth), xdotool and Mesa; `.ci/run` installs them. The screenshot
//! is kept at `target/e2e/casa-window.png` to look at.

// Xvfb, xdotool, strace and unshare are Linux tools: on Windows and macOS these tests are
// not built (the headless commands and the window are covered there by the other tests).
#![cfg(target_os = "linux")]

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use casa::render::style::{Palette, Theme};
use egui::Color32;

fn share_of(image: &image::RgbaImage, color: Color32) -> f64 {
    let close = |a: u8, b: u8| a.abs_diff(b) <= 3;
    let hits = image
        .pixels()
        .filter(|p| close(p[0], color.r()) && close(p[1], color.g()) && close(p[2], color.b()))
        .count();
    hits as f64 / f64::from(image.width() * image.height())
}

/// The share of pixels that show `color` under the relief's shading: the colour darkened
/// or lightened a little (the shading lays black or white over it, so a pixel is the colour
/// scaled, or close to it).
fn share_shaded(image: &image::RgbaImage, color: Color32) -> f64 {
    let c = [color.r(), color.g(), color.b()].map(f64::from);
    let cc: f64 = c.iter().map(|v| v * v).sum();
    let hits = image
        .pixels()
        .filter(|p| {
            let p = [p[0], p[1], p[2]].map(f64::from);
            let k = p.iter().zip(&c).map(|(a, b)| a * b).sum::<f64>() / cc;
            (0.45..=1.12).contains(&k) && p.iter().zip(&c).all(|(a, b)| (a - k * b).abs() <= 6.0)
        })
        .count();
    hits as f64 / f64::from(image.width() * image.height())
}

/// One X server at a time: `xvfb-run -a` picks a free display number, and two started
/// at once can pick the same one (the second window then opens on the first server).
static XVFB: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The binary under test: `CASA_BIN` (CI points it at the release build), else the one
/// cargo built for this test run.
fn casa_binary() -> PathBuf {
    std::env::var_os("CASA_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_casa")), PathBuf::from)
}

/// Runs the real binary in Xvfb with these extra arguments until it has saved a
/// screenshot of its own window; returns the picture (also kept in `target/e2e/NAME`).
fn capture(name: &str, extra: &[&str]) -> image::RgbaImage {
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../e2e");
    std::fs::create_dir_all(&out_dir).expect("create target/e2e");
    let shot = out_dir.join(name);
    let _ = std::fs::remove_file(&shot);
    assert!(
        Command::new("xvfb-run").arg("--help").output().is_ok(),
        "xvfb-run is missing: install xvfb and xauth (see README, system packages)"
    );
    let _one_server = XVFB
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let started = Instant::now();
    // The pointer starts in the middle of Xvfb's screen, over the map: once the window is up,
    // move it onto the side panel, as a presenter would, so no country is hovered. The app
    // captures 1.5 s after start.
    let script = r#"(sleep 0.7; xdotool mousemove 1590 990) & bin="$0"; shot="$1"; shift; exec "$bin" --size 1600x1000 --screenshot "$shot" "$@""#;
    // Never the user's own briefing.
    let scenes = out_dir.join(format!("{name}.no-scenes.json"));
    let mut child = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1600x1000x24", "sh", "-c", script])
        .arg(casa_binary())
        .arg(&shot)
        .arg("--scenes")
        .arg(&scenes)
        .args(extra)
        // Its own data folder: never the user's settings, window size or log.
        .env("CASA_DATA_DIR", out_dir.join(format!("{name}.data")))
        .spawn()
        .expect("start xvfb-run");
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for casa") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("casa did not save its screenshot within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "casa exited with {status}");
    let image = image::open(&shot)
        .expect("the screenshot is a PNG")
        .to_rgba8();
    assert_eq!((image.width(), image.height()), (1600, 1000));
    image
}

#[test]
fn presenter_mode_fills_the_real_window_with_the_map_and_its_caption() {
    let image = capture(
        "casa-presenter.png",
        &["--present", "January 2022: the CSTO in Kazakhstan"],
    );
    let palette = Palette::of(Theme::Light);
    // No layers panel, and the caption bar across the bottom.
    assert_presenting(&image);
    // Kazakhstan and the Russian symbols are drawn.
    assert!(share_shaded(&image, palette.focus[0]) > 0.03);
    let russia = share_of(&image, palette.actor(casa::model::Actor::Russia));
    assert!(
        russia > 0.00005,
        "Russian symbols cover {:.3}%",
        russia * 100.0
    );
}

/// The left edge shows the map (no layers panel) and a caption bar runs across the
/// bottom: presentation mode.
fn assert_presenting(image: &image::RgbaImage) {
    let palette = Palette::of(Theme::Light);
    let left = image::imageops::crop_imm(image, 0, 100, 200, 500).to_image();
    let map_colours = share_of(&left, palette.water)
        + share_shaded(&left, palette.neighbour)
        + share_shaded(&left, palette.focus[0])
        + share_shaded(&left, palette.context);
    assert!(
        map_colours > 0.2,
        "the left edge shows {:.0}% map colours",
        map_colours * 100.0
    );
    let bar = image::imageops::crop_imm(image, 0, 960, 1600, 40).to_image();
    assert!(share_of(&bar, palette.water) + share_of(&bar, palette.focus[0]) < 0.01);
}

#[test]
fn a_briefing_package_on_the_command_line_is_presented_at_once() {
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../e2e");
    std::fs::create_dir_all(&out_dir).expect("create target/e2e");
    let package = out_dir.join("casa-briefing.casa");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // Made by the binary, as a script would: the shipped briefing with a layer.
    let made = Command::new(casa_binary())
        .arg("--scenes")
        .arg(root.join("assets/scenes.json"))
        .args(["export", "--briefing", "--layer"])
        .arg(root.join("tests/fixtures/layers/sites.csv"))
        .arg("--out")
        .arg(&package)
        .env("CASA_DATA_DIR", out_dir.join("casa-briefing.data"))
        .output()
        .expect("run casa export");
    // What it wrote is told on stderr, as every subcommand's report.
    let said = String::from_utf8_lossy(&made.stderr);
    assert!(made.status.success(), "{said}");
    assert!(said.contains(", 1 layers,"), "{said}");
    // Unpacked beside the briefing file the window is given (never the user's).
    let unpacked = out_dir.join("briefings/casa-briefing");
    let _ = std::fs::remove_dir_all(&unpacked);
    let package_arg = package.display().to_string();
    let image = capture("casa-package.png", &[package_arg.as_str()]);
    assert_presenting(&image);
    let scenes = std::fs::read_to_string(unpacked.join("scenes.json")).expect("unpacked scenes");
    let shipped: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("assets/scenes.json")).expect("shipped"),
    )
    .expect("json");
    let opened: serde_json::Value = serde_json::from_str(&scenes).expect("json");
    assert_eq!(
        opened["scenes"].as_array().map(Vec::len),
        shipped["scenes"].as_array().map(Vec::len),
        "the same scenes"
    );
    assert!(unpacked.join("layers/sites.csv").is_file());
}

#[test]
fn the_real_window_renders_the_map() {
    let image = capture("casa-window.png", &[]);
    let palette = Palette::of(Theme::Light);
    let water = share_of(&image, palette.water);
    assert!(water > 0.01, "water covers {:.1}%", water * 100.0);
    // The content layers are drawn: Russian and Chinese symbols are on the map (the five
    // states' colours above are partly under symbols, labels and region tints).
    for actor in [casa::model::Actor::Russia, casa::model::Actor::China] {
        let share = share_of(&image, palette.actor(actor));
        assert!(
            share > 0.00005,
            "{actor:?} symbols cover {:.3}%",
            share * 100.0
        );
    }
    for (i, color) in palette.focus.iter().enumerate() {
        let share = share_shaded(&image, *color);
        assert!(
            share > 0.0005,
            "focus colour {i} covers {:.2}%",
            share * 100.0
        );
    }
    let neighbours = share_shaded(&image, palette.neighbour);
    assert!(
        neighbours > 0.05,
        "neighbours cover {:.1}%",
        neighbours * 100.0
    );
    // The relief (hillshade, the default) shades them: many of the neighbours' pixels are
    // their colour darkened or lightened, not the flat colour.
    let flat = share_of(&image, palette.neighbour);
    assert!(
        neighbours - flat > 0.02,
        "the relief shades {:.1}% of the neighbours ({:.1}% flat)",
        (neighbours - flat) * 100.0,
        flat * 100.0
    );
    // Kazakhstan, the largest of the five, fills a good part of the view.
    let kazakhstan = share_shaded(&image, palette.focus[0]);
    assert!(
        kazakhstan > 0.06,
        "Kazakhstan covers {:.1}%",
        kazakhstan * 100.0
    );
}

/// The driver of the file picker test: starts CASA, focuses its window, presses Ctrl+O
/// until the log says the system dialog could not open (and CASA's picker opened), types the layer's path
/// over the one proposed, presses Enter (the name typed in full is not suggested, so this
/// opens it; a second Enter in case a suggestion was still up), waits for the
/// layer to load, then closes CASA. Arguments: casa, layer, data folder, briefing file,
/// the PATH to run with.
const PICKER_SCRIPT: &str = r#"bin="$1"; layer="$2"; data="$3"; scenes="$4"; export PATH="$5"
log="$data/casa.log"
wait_for() { i=0; while ! grep -q "$1" "$log" 2>/dev/null; do i=$((i+1)); [ $i -gt 300 ] && return 1; sleep 0.1; done; }
"$bin" --size 1200x800 --fresh --scenes "$scenes" & pid=$!
wait_for started || { kill $pid; exit 2; }
i=0; until xdotool search --name CASA >/dev/null 2>&1; do i=$((i+1)); [ $i -gt 300 ] && { kill $pid; exit 3; }; sleep 0.1; done
# Ctrl+O again until the picker is up (a first key can reach a window still starting).
n=0; until grep -q "own picker" "$log" 2>/dev/null; do
  n=$((n+1)); [ $n -gt 20 ] && { kill $pid; exit 4; }
  xdotool search --name CASA windowfocus --sync
  xdotool key ctrl+o
  sleep 1.5
done
sleep 0.5
xdotool key ctrl+a
xdotool type --delay 15 "$layer"
sleep 0.5
xdotool key Return
sleep 0.5
xdotool key Return
wait_for Imported; status=$?
kill $pid
wait $pid 2>/dev/null
exit $((status * 5))"#;

/// Under Xvfb with no XDG desktop portal (the session bus is unreachable) and no zenity
/// (not on the PATH), File ▸ Open layer… still opens a layer: rfd reports that no dialog
/// could be shown, CASA opens its own picker, and the path typed there loads.
#[test]
fn without_a_portal_or_zenity_open_layer_uses_casas_picker() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e-picker");
    let _ = std::fs::remove_dir_all(&dir);
    let data = dir.join("data");
    let bin = dir.join("bin");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::create_dir_all(&bin).expect("mkdir");
    // The PATH holds only what the script runs: no zenity, whatever the machine has.
    for tool in ["xdotool", "grep", "sleep"] {
        let found = ["/usr/bin", "/bin", "/usr/local/bin"]
            .iter()
            .map(|d| PathBuf::from(d).join(tool))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{tool} is missing (see README, system packages)"));
        let _ = std::os::unix::fs::symlink(found, bin.join(tool));
    }
    let layer = dir.join("depots.csv");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/layers/depots.csv"),
        &layer,
    )
    .expect("copy the layer");
    let _one_server = XVFB
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut child = Command::new("xvfb-run")
        .args([
            "-a",
            "-s",
            "-screen 0 1200x800x24",
            "/bin/sh",
            "-c",
            PICKER_SCRIPT,
            "sh",
        ])
        .arg(casa_binary())
        .arg(&layer)
        .arg(&data)
        .arg(dir.join("scenes.json"))
        .arg(&bin)
        .env("CASA_DATA_DIR", &data)
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/casa-test-bus",
        )
        // A process group of its own: on a timeout the X server, the shell and CASA go too.
        .process_group(0)
        .spawn()
        .expect("start xvfb-run");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.wait();
            panic!("the picker test did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let log = std::fs::read_to_string(data.join("casa.log")).unwrap_or_default();
    assert!(
        status.success(),
        "the driver exited with {status}; casa.log:\n{log}"
    );
    assert!(log.contains("no system file dialog"), "{log}");
    assert!(
        log.contains(&format!("(from {})", layer.display())),
        "the layer was not opened:\n{log}"
    );
}
