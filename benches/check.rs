//! `casa check --layer` on the whole world at 1:10m (254 countries, 544,525 vertices, every
//! polygon checked for crossing rings), against Python's `json.load` of the same file
//! measured in the same run: the target is a check at least 6× faster than that parse.
//! Then the worst case for the sweep (a polygon of long stacked segments, which the R-tree
//! takes over) at two sizes, to show the check grows as n log n.
//!
//! `cargo bench --bench check`; needs `target/world-10m.geojson` (tools/make-assets.sh
//! --world) and `python3`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use casa::data::user_layer::{load_layer, parse_layer};
use criterion::{Criterion, criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const WORLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/world-10m.geojson");

/// Python's `json.load` of the file: the median of 7 runs, timed inside Python.
fn python_parse(path: &str) -> Option<Duration> {
    let script = "import json, sys, time\n\
        ts = []\n\
        for _ in range(7):\n\
        \x20   t = time.perf_counter()\n\
        \x20   json.load(open(sys.argv[1], encoding='utf-8'))\n\
        \x20   ts.append(time.perf_counter() - t)\n\
        print(sorted(ts)[3])\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script, path])
        .output()
        .ok()?;
    let secs: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    Some(Duration::from_secs_f64(secs))
}

/// CASA's check of the file: the median of 7 runs.
fn casa_check(path: &Path) -> Duration {
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            let t = Instant::now();
            black_box(load_layer(path).expect("the world loads"));
            t.elapsed()
        })
        .collect();
    times.sort();
    times[3]
}

/// A polygon of `teeth` long horizontal teeth: every segment spans the same longitudes.
fn comb(teeth: usize) -> String {
    let mut ring = vec!["[0,0]".to_owned()];
    for k in 0..teeth {
        let y = k as f64 * 50.0 / teeth as f64;
        ring.push(format!("[100,{y}]"));
        ring.push(format!("[0.5,{}]", y + 25.0 / teeth as f64));
    }
    ring.push("[0,60]".into());
    ring.push("[0,0]".into());
    format!(
        r#"{{"type":"Polygon","coordinates":[[{}]]}}"#,
        ring.join(",")
    )
}

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check_layer");
    group.sample_size(10);
    if Path::new(WORLD).is_file() {
        group.bench_function("world_10m", |b| {
            b.iter(|| black_box(load_layer(Path::new(WORLD)).expect("the world loads")));
        });
    } else {
        eprintln!("note: {WORLD} is missing; run tools/make-assets.sh --world");
    }
    for teeth in [25_000, 100_000] {
        let text = comb(teeth);
        group.bench_function(format!("comb_{}k_vertices", 2 * teeth / 1000), |b| {
            b.iter(|| black_box(parse_layer("comb", "comb.geojson", &text).expect("loads")));
        });
    }
    group.finish();
    if Path::new(WORLD).is_file() {
        let ours = casa_check(Path::new(WORLD));
        match python_parse(WORLD) {
            Some(python) => eprintln!(
                "world 1:10m: casa check {:.1} ms; Python json.load {:.1} ms: {:.1}x faster than the parse (target >= 6x)",
                ours.as_secs_f64() * 1e3,
                python.as_secs_f64() * 1e3,
                python.as_secs_f64() / ours.as_secs_f64()
            ),
            None => eprintln!("python3 did not run; no reference"),
        }
    }
}

criterion_group!(benches, check);
criterion_main!(benches);
