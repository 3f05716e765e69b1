//! `casa export` as an analyst runs it: no window, no GPU; a scene to SVG and PNG, an extra
//! GeoJSON layer with a mistake in it, and clear errors for a bad file or scene.

use std::path::{Path, PathBuf};
use std::process::Command;

fn casa() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_casa"));
    // Never the user's own briefing: a file that does not exist means the shipped one.
    command
        .arg("--scenes")
        .arg(scratch().join("no-such-scenes.json"));
    command
}

fn scratch() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-export");
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layers")
        .join(name)
}

#[test]
fn a_scene_with_an_extra_layer_exports_to_svg_and_png() {
    let svg_path = scratch().join("compare.svg");
    let out = casa()
        .args(["export", "--scene", "2021 against 2024", "--layer"])
        .arg(fixture("exercises.geojson"))
        .args(["--size", "1920x1080", "--out"])
        .arg(&svg_path)
        .output()
        .expect("run casa export");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("exercises.geojson: feature 3 (ex-3): latitude 172.8 is beyond ±90"),
        "{stderr}"
    );
    assert!(
        stderr.contains("scene “2021 against 2024”, with exercises (3 features)"),
        "{stderr}"
    );
    let svg = std::fs::read_to_string(&svg_path).expect("SVG written");
    for expected in [
        r#"width="1920" height="1080""#,
        ">Legend<",
        ">exercises (file)<",
        ">As of 2021<",
        ">As of 2024<",
        ">2021 against 2024<",
        "Are China and Russia competing in Central Asia?",
    ] {
        assert!(svg.contains(expected), "the SVG lacks {expected:?}");
    }

    let png_path = scratch().join("russia.png");
    let out = casa()
        .args(["export", "--scene", "2", "--size", "3840x2160", "--out"])
        .arg(&png_path)
        .output()
        .expect("run casa export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = image::open(&png_path).expect("a PNG").to_rgba8();
    assert_eq!((png.width(), png.height()), (3840, 2160));
    let first = png.get_pixel(0, 0).0;
    let differing = png.pixels().step_by(101).filter(|p| p.0 != first).count();
    assert!(
        differing > 10_000,
        "the PNG is nearly blank ({differing} samples differ)"
    );
}

#[test]
fn a_bad_layer_file_or_scene_is_refused_with_the_reason() {
    let out = casa()
        .args(["export", "--layer"])
        .arg(fixture("truncated.geojson"))
        .args(["--out"])
        .arg(scratch().join("never.png"))
        .output()
        .expect("run casa export");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("truncated.geojson: not valid JSON at line 2"),
        "{stderr}"
    );
    assert!(!scratch().join("never.png").exists());

    let out = casa()
        .args(["export", "--scene", "no such scene", "--out"])
        .arg(scratch().join("never.svg"))
        .output()
        .expect("run casa export");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("no scene \"no such scene\"; the scenes are:"),
        "{stderr}"
    );
    assert!(stderr.contains("6. 2021 against 2024"), "{stderr}");

    let out = casa()
        .args(["export", "--out"])
        .arg(scratch().join("slide.jpg"))
        .output()
        .expect("run casa export");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("must end in .png or .svg"), "{stderr}");
}
