//! Importing a layer of a million points: load (read, parse, check) and build (project,
//! thin, index) times, the peak memory against the file's size, and the frame time of the
//! window while the import runs on its background thread; then a 1920×1080 slide with that
//! layer (`casa export --layer`), timed against `casa check --layer` of the same file in the
//! same run, its peak memory measured in a process of its own. `cargo bench --bench import`
//! (writes its test files under target/bench-data/ on first run).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use casa::data::user_layer::load_layer;
use casa::data::{AssetSource, load_atlas};
use casa::geo::projection::Albers;
use casa::render::imported::ImportedGeometry;
use casa::session::settings::Settings;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

/// A million point features with three properties each, spread over Central Asia.
fn million_points(path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(f, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % 1_000_000) as f64 / 1_000_000.0
    };
    for i in 0..1_000_000 {
        let (lon, lat) = (50.0 + 40.0 * next(), 35.0 + 20.0 * next());
        let sep = if i == 0 { "" } else { ",\n" };
        write!(
            f,
            "{sep}{{\"type\":\"Feature\",\"id\":{i},\"properties\":{{\"name\":\"site {i}\",\"kind\":\"depot\",\"strength\":{}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.5},{lat:.5}]}}}}",
            i % 997
        )?;
    }
    writeln!(f, "\n]}}")?;
    f.flush()
}

/// A million bare point features: no properties, nothing but a position each.
fn bare_points(path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(f, "{{\"type\":\"FeatureCollection\",\"features\":[")?;
    for i in 0..1_000_000u64 {
        let (lon, lat) = (
            50.0 + (i % 4000) as f64 * 0.01,
            35.0 + (i / 4000) as f64 * 0.08,
        );
        let sep = if i == 0 { "" } else { ",\n" };
        write!(
            f,
            "{sep}{{\"type\":\"Feature\",\"properties\":null,\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon:.5},{lat:.5}]}}}}"
        )?;
    }
    writeln!(f, "\n]}}")?;
    f.flush()
}

/// Imports the bare points as the app does (load, then project, thin and index) in a
/// process of its own, and prints the peak memory above the process's baseline against
/// the file's size (the import's memory target: at most 3×).
fn bare_child(path: &Path) {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let base = common::status_kb("VmRSS:").unwrap_or(0);
    let t = Instant::now();
    let layer = load_layer(path).expect("the bare points load");
    let loaded = common::status_kb("VmHWM:").unwrap_or(0);
    eprintln!(
        "bare: peak while loading {} MB above the baseline, layer held {} MB",
        loaded.saturating_sub(base) / 1024,
        common::status_kb("VmRSS:")
            .unwrap_or(0)
            .saturating_sub(base)
            / 1024
    );
    let geometry = ImportedGeometry::build(&layer, &Albers::central_asia());
    let built = common::status_kb("VmHWM:").unwrap_or(0);
    std::hint::black_box(geometry.points());
    eprintln!(
        "bare: peak after projecting and thinning {} MB, after indexing {} MB",
        built.saturating_sub(base) / 1024,
        common::status_kb("VmHWM:")
            .unwrap_or(0)
            .saturating_sub(base)
            / 1024
    );
    let peak = common::status_kb("VmHWM:").unwrap_or(0);
    println!(
        "bare {:.3} {} {size} {}",
        t.elapsed().as_secs_f64(),
        peak.saturating_sub(base),
        layer.features.len()
    );
}

/// The slide with the million points, as `casa export --layer` makes it; prints its time
/// and the process's peak memory (run in a child process, so the peak is the export's).
fn slide_child(path: &Path) {
    let out = std::env::temp_dir().join(format!("casa-bench-slide-{}.png", std::process::id()));
    let t = Instant::now();
    let request = casa::cli::ExportRequest {
        layers: vec![path.to_owned()],
        size: [1920, 1080],
        out: out.clone(),
        scenes: Some(std::env::temp_dir().join("casa-bench-no-scenes.json")),
        ..casa::cli::ExportRequest::default()
    };
    let result = casa::cli::export(load_atlas(&AssetSource::Embedded), &request);
    let secs = t.elapsed().as_secs_f64();
    let _ = std::fs::remove_file(&out);
    if let Err(e) = result {
        eprintln!("the slide failed: {e}");
        std::process::exit(1);
    }
    println!(
        "slide {secs:.3} {}",
        common::status_kb("VmHWM:").unwrap_or(0)
    );
}

/// `casa check --layer` of the same file, timed in a process of its own like the slide.
fn check_child(path: &Path) {
    let t = Instant::now();
    let report = casa::cli::check_layers(&[path.to_owned()], false, false);
    let secs = t.elapsed().as_secs_f64();
    if !report.ok {
        eprintln!("{}", report.text);
        std::process::exit(1);
    }
    println!(
        "check {secs:.3} {}",
        common::status_kb("VmHWM:").unwrap_or(0)
    );
}

/// A child's time and peak memory (kB): `mode` is `--slide-child` or `--check-child`.
fn in_child(mode: &str) -> Option<(f64, u64)> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe).arg(mode).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("slide ") || l.starts_with("check "))?;
    let mut parts = line.split_whitespace().skip(1);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The median of three runs in children: time and peak memory (kB).
fn median_of_three(mode: &str) -> Option<(f64, u64)> {
    let mut runs: Vec<(f64, u64)> = (0..3).map(|_| in_child(mode)).collect::<Option<_>>()?;
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs.get(1).copied()
}

/// Runs the bare-points import in a child and reports its peak memory.
fn bare_report() {
    let Some(exe) = std::env::current_exe().ok() else {
        return;
    };
    let Ok(out) = std::process::Command::new(exe).arg("--bare-child").output() else {
        eprintln!("the bare-points child did not run");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(line) = text.lines().find(|l| l.starts_with("bare ")) else {
        eprintln!(
            "the bare-points child failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    };
    let v: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    if let [secs, peak_kb, size, features] = v[..] {
        eprintln!(
            "import {features} bare points ({:.0} MB file) in {secs:.2} s: peak {:.0} MB above the baseline = {:.2}x the file (target <= 3x)",
            size / 1e6,
            peak_kb / 1024.0,
            peak_kb * 1024.0 / size
        );
    }
}

fn main() {
    let path: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/million.geojson");
    if let Err(e) = million_points(&path) {
        eprintln!("could not write {}: {e}", path.display());
        return;
    }
    if std::env::args().any(|a| a == "--slide-child") {
        slide_child(&path);
        return;
    }
    if std::env::args().any(|a| a == "--check-child") {
        check_child(&path);
        return;
    }
    let bare = path.with_file_name("million-bare.geojson");
    if let Err(e) = bare_points(&bare) {
        eprintln!("could not write {}: {e}", bare.display());
        return;
    }
    if std::env::args().any(|a| a == "--bare-child") {
        bare_child(&bare);
        return;
    }
    bare_report();
    let size = std::fs::metadata(&path).map_or(0, |m| m.len());
    let base = common::status_kb("VmRSS:").unwrap_or(0);

    // 1. The import itself, as the background thread runs it.
    let t = Instant::now();
    let layer = load_layer(&path).expect("the layer loads");
    let loaded = t.elapsed();
    let geometry = ImportedGeometry::build(&layer, &Albers::central_asia());
    // The app indexes every point on the loading thread too.
    std::hint::black_box(geometry.points());
    let total = t.elapsed();
    let peak = common::status_kb("VmHWM:").unwrap_or(0);
    eprintln!(
        "import {} points ({:.0} MB file): read+parse+check {loaded:?}, project+thin+index {:?}, total {total:?}",
        layer.features.len(),
        size as f64 / 1e6,
        total - loaded
    );
    eprintln!(
        "peak RSS {:.0} MB over a {:.0} MB baseline: {:.2}× the file size",
        peak as f64 / 1024.0,
        base as f64 / 1024.0,
        (peak.saturating_sub(base)) as f64 * 1024.0 / size as f64
    );
    drop(geometry);
    drop(layer);

    // 2. Frames of the whole window while the same file imports in the background.
    let mut h = common::Headless::new(load_atlas(&AssetSource::Embedded), Settings::default());
    h.app.open_layer(path.clone());
    let mut samples: Vec<Duration> = Vec::new();
    let started = Instant::now();
    while !h.app.imports.jobs.is_empty() && started.elapsed() < Duration::from_secs(60) {
        let t = Instant::now();
        h.frame();
        samples.push(t.elapsed());
        // A frame every 16 ms, as a display would ask for.
        std::thread::sleep(Duration::from_millis(16).saturating_sub(t.elapsed()));
    }
    let frames = samples.len();
    common::report(
        &format!(
            "frame while importing 1M points in the background ({frames} frames over {:?})",
            started.elapsed()
        ),
        samples,
    );
    // 3. Frames with the million points shown (home view).
    let samples: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            h.frame();
            t.elapsed()
        })
        .collect();
    common::report("frame with 1M imported points in view", samples);
    drop(h);

    // 4. The slide with the million points against `casa check --layer` of the same file,
    // each the median of three runs in a process of its own.
    match (
        median_of_three("--check-child"),
        median_of_three("--slide-child"),
    ) {
        (Some((check, _)), Some((slide, peak_kb))) => eprintln!(
            "slide 1920x1080 with 1M points: {slide:.2} s = {:.2}× `casa check --layer` ({check:.2} s); peak {:.0} MB = {:.2}× the file",
            slide / check,
            peak_kb as f64 / 1024.0,
            peak_kb as f64 * 1024.0 / size as f64
        ),
        _ => eprintln!("a child process failed"),
    }
}
