//! `casa export` as an analyst runs it: no window, no GPU; a scene to SVG and PNG, an extra
//! GeoJSON layer with a mistake in it, the whole briefing as a PDF deck or a folder of PNG
//! slides, and clear errors for a bad file, scene, briefing or output.

use std::path::{Path, PathBuf};
use std::process::Command;

fn casa() -> Command {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let mut command = Command::new(env!("CARGO_BIN_EXE_casa"));
    command.env(
        "CASA_DATA_DIR",
        std::env::temp_dir().join("casa-test-no-user-data"),
    );
    // Never the user's own briefing: a fresh copy of the shipped one for each run.
    let scenes = scratch().join(format!(
        "shipped-scenes-{}.json",
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenes.json");
    std::fs::copy(shipped, &scenes).expect("copy the shipped briefing");
    command.arg("--scenes").arg(scenes);
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
        stderr.contains("exercises.geojson: feature 3 (ex-3) at features[2].geometry.coordinates: latitude 172.8 is beyond ±90"),
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
    assert!(
        stderr.contains("must end in .png, .svg or .pdf"),
        "{stderr}"
    );
}

/// Runs a poppler tool (pdftotext, pdffonts, pdfinfo) on a PDF and returns what it printed.
#[cfg(target_os = "linux")]
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} is missing ({e}): install poppler-utils (README, system packages)")
        });
    assert!(out.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The number of pages pdfinfo reports.
#[cfg(target_os = "linux")]
fn pages(pdf: &Path) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

#[test]
fn the_briefing_exports_as_one_pdf_deck_with_searchable_text_and_embedded_fonts() {
    let pdf = scratch().join("deck.pdf");
    let _ = std::fs::remove_file(&pdf);
    let out = casa()
        .args([
            "export",
            "--briefing",
            "--banner",
            "UNCLASSIFIED // TEST",
            "--out",
        ])
        .arg(&pdf)
        .output()
        .expect("run casa export --briefing");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("title, 10 scenes, sources"), "{stderr}");
    let bytes = std::fs::read(&pdf).expect("the deck is written");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        bytes.len() <= 8_000_000,
        "the deck is {} bytes (target: at most 8 MB)",
        bytes.len()
    );
    #[cfg(target_os = "linux")]
    {
        let n = pages(&pdf);
        assert!(
            (12..=14).contains(&n),
            "{n} pages: title, 10 scenes, sources"
        );
        let text = poppler("pdftotext", &[], &pdf);
        let briefing: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenes.json"),
            )
            .expect("the shipped briefing"),
        )
        .expect("JSON");
        let mut expected: Vec<String> = vec![
            "Russia and China in Central Asia".into(),
            "10 scenes: 5 as of a year (2004–2026), 5 over all years".into(),
            "Sources".into(),
            "Are China and Russia competing in Central Asia?".into(),
            "Natural Earth".into(),
            "Kant air base".into(),
            "Legend".into(),
        ];
        for scene in briefing["scenes"].as_array().expect("scenes") {
            expected.push(scene["name"].as_str().expect("a name").to_owned());
        }
        for e in &expected {
            assert!(text.contains(e.as_str()), "the deck's text lacks {e:?}");
        }
        // The banner at the top and the bottom of every page.
        assert_eq!(text.matches("UNCLASSIFIED // TEST").count(), 2 * n);
        // Each typeface embedded once, subset.
        let fonts = poppler("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 1, "one embedded face:\n{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert!(cols[0].contains('+'), "subset: {row}");
            assert_eq!(
                cols[cols.len() - 5..cols.len() - 2],
                ["yes", "yes", "yes"],
                "{row}"
            );
        }

        // The presenter's copy: a notes page after each scene, the scene small above.
        let notes = scratch().join("notes.pdf");
        let out = casa()
            .args(["export", "--briefing", "--notes", "--out"])
            .arg(&notes)
            .output()
            .expect("run casa export --briefing --notes");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(pages(&notes), n + 10);
        let text = poppler("pdftotext", &[], &notes);
        assert!(text.contains("1. Central Asia and its neighbours — notes"));
        assert!(text.contains("Orient the audience"), "scene 1's notes");
        assert!(!text.contains("UNCLASSIFIED"), "no banner unless asked");
    }
}

#[test]
fn the_briefing_exports_as_a_folder_of_numbered_png_slides() {
    let dir = scratch().join("slides");
    let _ = std::fs::remove_dir_all(&dir);
    let out = casa()
        .args(["export", "--briefing", "--size", "1280x720", "--out"])
        .arg(format!("{}/", dir.display()))
        .output()
        .expect("run casa export --briefing");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("wrote 10 slides into"), "{stderr}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 10, "{names:?}");
    assert_eq!(names[0], "01-central-asia-and-its-neighbours.png");
    assert_eq!(names[5], "06-2021-against-2024.png");
    for name in &names {
        let png = image::open(dir.join(name)).expect("a PNG").to_rgba8();
        assert_eq!((png.width(), png.height()), (1280, 720), "{name}");
        let first = png.get_pixel(0, 0).0;
        let differing = png.pixels().step_by(53).filter(|p| p.0 != first).count();
        assert!(differing > 5_000, "{name} is nearly blank");
    }
}

#[test]
fn a_bad_briefing_request_is_refused_and_leaves_no_deck() {
    let run = |args: &[&str], out: &Path| {
        let out = casa()
            .args(["export", "--briefing"])
            .args(args)
            .arg("--out")
            .arg(out)
            .output()
            .expect("run casa export");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // An unknown briefing file, named.
    let deck = scratch().join("never.pdf");
    let missing = scratch().join("no-such-briefing.json");
    let (ok, stderr) = run(&["--scenes", missing.to_str().expect("UTF-8")], &deck);
    assert!(!ok);
    assert!(
        stderr.contains("no-such-briefing.json: no such briefing file"),
        "{stderr}"
    );
    assert!(!deck.exists(), "no deck of the shipped briefing instead");
    // A named file that is not a briefing: an error, and the file is left as it was
    // (not set aside as the app does with its own).
    let broken = scratch().join("broken-briefing.json");
    std::fs::write(&broken, "{\"scenes\": [").expect("write");
    let (ok, stderr) = run(&["--scenes", broken.to_str().expect("UTF-8")], &deck);
    assert!(!ok);
    assert!(
        stderr.contains("broken-briefing.json: not a briefing file"),
        "{stderr}"
    );
    assert!(!deck.exists());
    assert_eq!(
        std::fs::read_to_string(&broken).expect("still there"),
        "{\"scenes\": ["
    );
    // An output that is neither a PDF nor a folder, and a name without extension.
    for out in ["deck.png", "deck"] {
        let (ok, stderr) = run(&[], &scratch().join(out));
        assert!(!ok);
        assert!(
            stderr.contains(
                "a briefing is written as a .pdf file, a .casa package, or into a folder"
            ),
            "{stderr}"
        );
        assert!(!scratch().join(out).exists());
    }
    // Notes pages belong to a PDF.
    let (ok, stderr) = run(&["--notes"], &scratch().join("notes-slides/"));
    assert!(!ok);
    assert!(
        stderr.contains("--notes adds speaker-notes pages to a PDF deck"),
        "{stderr}"
    );
    assert!(!scratch().join("notes-slides").exists());
    // A folder that cannot be made (a file is in the way): the file is named.
    let blocker = scratch().join("a-file");
    std::fs::write(&blocker, "not a folder").expect("write");
    let (ok, stderr) = run(&[], &blocker.join("deck.pdf"));
    assert!(!ok);
    assert!(stderr.contains("a-file/deck.pdf"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&blocker).expect("read"),
        "not a folder"
    );

    // A scene that fails its checks is listed and left out; the others are exported.
    let briefing = scratch().join("one-bad-scene.json");
    std::fs::write(
        &briefing,
        r#"{"title": "Two scenes", "scenes": [
            {"name": "Good", "view": [60, 35, 80, 45]},
            {"name": "Bad", "view": [60, 35, 80, 45], "layers": ["no-such-layer"]}
        ]}"#,
    )
    .expect("write the briefing");
    let deck = scratch().join("two-scenes.pdf");
    let (ok, stderr) = run(&["--scenes", briefing.to_str().expect("UTF-8")], &deck);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("scene 2 “Bad”"), "{stderr}");
    assert!(stderr.contains("title, 1 scene, sources"), "{stderr}");
    #[cfg(target_os = "linux")]
    assert_eq!(pages(&deck), 3);
}

/// `--relief`: alone it means hillshade, `tints` the colours, `off` none; a scene that asks
/// for a style keeps it; a word that is no style is refused, naming the three.
#[test]
fn the_relief_on_slides_as_asked() {
    let export = |args: &[&str], name: &str| {
        let path = scratch().join(name);
        let out = casa()
            .arg("export")
            .args(args)
            .arg("--out")
            .arg(&path)
            .output()
            .expect("run casa export");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{args:?}: {stderr}");
        std::fs::read_to_string(&path).expect("SVG written")
    };
    // Images laid over a map (a mask's image is the alpha of the one it masks).
    let images =
        |svg: &str| svg.matches("<image ").count() - svg.matches("<mask id=\"relief").count();
    // The overview asks for nothing: the flag decides.
    assert_eq!(images(&export(&[], "plain.svg")), 0);
    let hill = export(&["--relief"], "hillshade.svg");
    assert_eq!(images(&hill), 1, "one image per map");
    assert!(hill.contains(">KARAKORAM<"), "ranges named with the relief");
    assert_eq!(images(&export(&["--relief", "tints"], "tints.svg")), 1);
    // The compare scene asks for nothing: two maps, two images.
    let compare = export(&["--scene", "2021 against 2024", "--relief"], "compare.svg");
    assert_eq!(images(&compare), 2);
    // Scene 4 asks for the tints: with no flag, and whatever the flag says.
    assert_eq!(images(&export(&["--scene", "4"], "scene4.svg")), 1);
    assert_eq!(
        images(&export(
            &["--scene", "4", "--relief", "off"],
            "scene4-off.svg"
        )),
        1
    );
    let out = casa()
        .args(["export", "--relief", "mountains", "--out"])
        .arg(scratch().join("never.svg"))
        .output()
        .expect("run casa export");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("expected hillshade, tints or off, not \"mountains\""),
        "{stderr}"
    );
}
