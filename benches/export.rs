//! Headless slide export (`casa export`): SVG written from the cached geometry, then
//! rasterised on the CPU, at 1920×1080 — on the shipped atlas and on the whole world at
//! 1:10m (run `tools/make-assets.sh --world` first for the latter).

use std::hint::black_box;
use std::time::{Duration, Instant};

use casa::data::{AssetSource, countries_from_text, load_atlas};
use casa::{AppState, CasaApp};
use criterion::{Criterion, criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;

const SIZE: [u32; 2] = [1920, 1080];

fn apps() -> Vec<(&'static str, CasaApp)> {
    let mut apps = vec![(
        "shipped",
        CasaApp::from_loaded(
            load_atlas(&AssetSource::Embedded),
            AppState::default(),
            "bench".into(),
        ),
    )];
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/world-10m.geojson");
    match std::fs::read_to_string(path) {
        Ok(text) => {
            // The world's borders with the shipped content over them.
            let mut loaded = load_atlas(&AssetSource::Embedded);
            let (countries, issues) = countries_from_text("world-10m.geojson", &text);
            assert!(issues.is_empty(), "{issues:?}");
            loaded.atlas.countries = countries;
            apps.push((
                "world_10m",
                CasaApp::from_loaded(loaded, AppState::default(), "bench".into()),
            ));
        }
        Err(_) => eprintln!(
            "note: {path} is missing; run tools/make-assets.sh --world for the world export"
        ),
    }
    apps
}

fn export(c: &mut Criterion) {
    let mut group = c.benchmark_group("export_1920x1080");
    group.sample_size(10);
    for (name, app) in apps() {
        let compare = app.show.briefing.find("2021 against 2024");
        for (what, scene) in [("overview", None), ("compare_2021_2024", compare)] {
            let slide = app.slide(scene, SIZE);
            group.bench_function(format!("svg/{name}/{what}"), |b| {
                b.iter(|| black_box(casa::export::svg(&slide)));
            });
            let svg = casa::export::svg(&slide);
            group.bench_function(format!("png_from_svg/{name}/{what}"), |b| {
                b.iter(|| black_box(casa::export::png(&svg).expect("png")));
            });
            // The whole of `casa export` after loading: SVG, raster, PNG encoding.
            let mut samples: Vec<Duration> = Vec::new();
            for _ in 0..10 {
                let t = Instant::now();
                let svg = casa::export::svg(&slide);
                black_box(casa::export::png(&svg).expect("png"));
                samples.push(t.elapsed());
            }
            let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
            common::report(
                &format!(
                    "export {name} {what} 1920x1080 PNG (SVG {} kB), mean {mean:?}",
                    svg.len() / 1024
                ),
                samples,
            );
        }
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
