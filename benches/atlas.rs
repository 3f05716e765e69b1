//! Criterion benchmarks on real data: the shipped atlas and the whole world at 1:10m.
//!
//! The world file is generated, not committed: `tools/make-assets.sh --world` writes
//! `target/world-10m.geojson`. Without it only the shipped-atlas benchmarks run.
//!
//! Besides Criterion's statistics, each group prints percentiles (p50, p99) measured over
//! many single runs, since the targets are stated as percentiles.

use std::hint::black_box;
use std::time::Instant;

use casa::data::{AssetSource, Loaded, countries_from_text, load_atlas};
use casa::geo::camera::{Camera, MAX_METRES_PER_POINT};
use casa::geo::projection::{Albers, WorldPoint};
use casa::model::Atlas;
use casa::model::layers::ReliefStyle;
use casa::render::MapGeometry;
use casa::render::hit_test::HitIndex;
use casa::render::relief::Relief;
use casa::session::settings::Settings;
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, Rect, Vec2};

mod common;

use common::{Headless, VIEW, pan_samples, report};

/// The same allocator as the binary, so the frame costs are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn world_text() -> Option<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/world-10m.geojson");
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!(
                "note: {path} is missing; run tools/make-assets.sh --world for the world benchmarks"
            );
            None
        }
    }
}

fn world_atlas(text: &str) -> Atlas {
    let (countries, issues) = countries_from_text("world-10m.geojson", text);
    assert!(issues.is_empty(), "{issues:?}");
    Atlas {
        countries,
        ..Atlas::default()
    }
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load_to_ready_meshes");
    group.sample_size(20);
    group.bench_function("shipped", |b| {
        b.iter(|| {
            let loaded = load_atlas(&AssetSource::Embedded);
            let geometry = MapGeometry::build(&loaded.atlas, Albers::central_asia());
            black_box(HitIndex::build(&geometry));
        });
    });
    // The same with the relief's grid projected, as the document now builds it at start
    // (its images are decoded later, on a thread of their own, when first shown).
    group.bench_function("shipped_with_relief_grid", |b| {
        b.iter(|| {
            let loaded = load_atlas(&AssetSource::Embedded);
            let geometry = MapGeometry::build(&loaded.atlas, Albers::central_asia());
            black_box(HitIndex::build(&geometry));
            black_box(Relief::new(&geometry.projection));
        });
    });
    if let Some(text) = world_text() {
        group.bench_function("world_10m", |b| {
            b.iter(|| {
                let atlas = world_atlas(&text);
                let geometry = MapGeometry::build(&atlas, Albers::central_asia());
                black_box(HitIndex::build(&geometry));
            });
        });
        // The stages, to see where the time goes.
        let t = Instant::now();
        let atlas = world_atlas(&text);
        let parsed = t.elapsed();
        let t = Instant::now();
        let geometry = MapGeometry::build(&atlas, Albers::central_asia());
        let built = t.elapsed();
        let t = Instant::now();
        let hit = HitIndex::build(&geometry);
        let indexed = t.elapsed();
        let vertices: usize = atlas
            .countries
            .iter()
            .flat_map(|c| c.geometry.0.iter())
            .map(|p| p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>())
            .sum();
        eprintln!(
            "world_10m: {} countries, {vertices} vertices, {} polygons; parse {parsed:?}, \
             project+simplify+triangulate {built:?}, hit index {indexed:?}; meshes {:.1} MB, \
             hit index {:.1} MB",
            atlas.countries.len(),
            hit.polygon_count(),
            geometry.mesh_bytes() as f64 / 1e6,
            hit.heap_bytes() as f64 / 1e6,
        );
    }
    group.finish();
}

fn frames(c: &mut Criterion) {
    let mut scenes: Vec<(&str, Loaded, Option<f64>)> =
        vec![("shipped_home", load_atlas(&AssetSource::Embedded), None)];
    if let Some(text) = world_text() {
        let world = || Loaded {
            atlas: world_atlas(&text),
            ..Loaded::default()
        };
        scenes.push(("world_home", world(), None));
        scenes.push(("world_zoomed_out", world(), Some(MAX_METRES_PER_POINT)));
    }
    let mut group = c.benchmark_group("steady_frame");
    for (name, loaded, mpp) in scenes {
        // Without relief, as these frames were first measured (see `relief_frames`).
        let no_relief = Settings {
            relief: ReliefStyle::Off,
            ..Settings::default()
        };
        let mut h = Headless::new(loaded, no_relief);
        if let Some(mpp) = mpp {
            h.camera().metres_per_point = mpp;
            h.camera().center = WorldPoint::new(0.0, 2_000_000.0);
        }
        let home = *h.camera();
        let mut step = 0u32;
        group.bench_function(format!("pan/{name}"), |b| {
            b.iter(|| {
                step += 1;
                let dx = if step % 200 < 100 { 3.0 } else { -3.0 };
                h.camera()
                    .pan(Vec2::new(dx, 1.0 - 2.0 * f32::from(step.is_multiple_of(2))));
                h.frame();
            });
        });
        *h.camera() = home;
        group.bench_function(format!("zoom/{name}"), |b| {
            let vp = Rect::from_min_size(Pos2::ZERO, VIEW);
            b.iter(|| {
                step += 1;
                let f = if step % 40 < 20 { 1.05 } else { 1.0 / 1.05 };
                h.camera().zoom_about(vp, vp.center(), f);
                h.frame();
            });
        });
        *h.camera() = home;
        let samples = pan_samples(&mut h, 400);
        report(&format!("steady frame while panning, {name}"), samples);
    }
    group.finish();
}

/// The home frame while panning without relief (the reference) and with each style,
/// alternated three times in one run. Target: p50 with relief at most 15% above without.
fn relief_frames(c: &mut Criterion) {
    let mut apps: Vec<(ReliefStyle, Headless)> = ReliefStyle::ALL
        .into_iter()
        .map(|relief| {
            let settings = Settings {
                relief,
                ..Settings::default()
            };
            (
                relief,
                Headless::new(load_atlas(&AssetSource::Embedded), settings),
            )
        })
        .collect();
    let mut group = c.benchmark_group("steady_frame_relief");
    for (relief, h) in &mut apps {
        h.describe(&format!("home frame, relief {}", relief.key()));
        let mut step = 0u32;
        group.bench_function(format!("pan/shipped_home/{}", relief.key()), |b| {
            b.iter(|| {
                step += 1;
                let dx = if step % 200 < 100 { 3.0 } else { -3.0 };
                h.camera().pan(Vec2::new(dx, 0.0));
                h.frame();
            });
        });
    }
    group.finish();
    let mut samples: Vec<Vec<std::time::Duration>> = vec![Vec::new(); apps.len()];
    for _ in 0..3 {
        for (k, (_, h)) in apps.iter_mut().enumerate() {
            samples[k].extend(pan_samples(h, 300));
        }
    }
    let p50 = |s: &[std::time::Duration]| common::percentiles(s.to_vec()).0;
    let reference = p50(&samples[0]);
    for ((relief, _), s) in apps.iter().zip(&samples) {
        let (median, p99) = common::percentiles(s.clone());
        eprintln!(
            "relief {}: home pan frame p50 {median:?} (p99 {p99:?}), {:.3}x no relief",
            relief.key(),
            median.as_secs_f64() / reference.as_secs_f64()
        );
    }
    let grid = &apps[0].1.app.doc.relief.mesh;
    eprintln!("relief grid: {} triangles", grid.triangle_count());
}

fn hit_tests(c: &mut Criterion) {
    let mut cases = vec![("shipped", load_atlas(&AssetSource::Embedded).atlas)];
    if let Some(text) = world_text() {
        cases.push(("world_10m", world_atlas(&text)));
    }
    let mut group = c.benchmark_group("hit_test");
    for (name, atlas) in cases {
        let geometry = MapGeometry::build(&atlas, Albers::central_asia());
        let hit = HitIndex::build(&geometry);
        let projection = Albers::central_asia();
        let camera = Camera::home(&projection, VIEW);
        let vp = Rect::from_min_size(Pos2::ZERO, VIEW);
        // A fixed pseudo-random spread of pointer positions over the home view.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let points: Vec<WorldPoint> = (0..10_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let x = (seed % 1600) as f32;
                let y = ((seed >> 20) % 1000) as f32;
                camera.world_from_screen(vp, Pos2::new(x, y))
            })
            .collect();
        let mut i = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % points.len();
                black_box(hit.country_at(points[i]))
            });
        });
        let samples = (0..100_000)
            .map(|k| {
                let p = points[k % points.len()];
                let t = Instant::now();
                black_box(hit.country_at(p));
                t.elapsed()
            })
            .collect();
        report(&format!("hit test, {name}"), samples);
    }
    group.finish();
}

/// A user atlas of `articles` copies of the test article and `features` features citing
/// them, as the app writes them.
fn user_atlas(articles: usize, features: usize) -> casa::data::user_atlas::UserAtlas {
    use casa::edit::authoring::{ArticleDraft, FeatureDraft};
    let text = include_str!("../tests/fixtures/articles/termez-drill.txt");
    let quote = "Russian and Uzbek troops held a joint exercise at the Termez training ground in November 2026.";
    let mut user = casa::data::user_atlas::UserAtlas::default();
    for a in 0..articles {
        let draft = ArticleDraft {
            text: text.to_owned(),
            id: format!("gazette-{a}"),
            title: format!("Article {a}"),
            outlet: "Example Gazette".into(),
            authors_unknown: true,
            date: "2026-11".into(),
            ..ArticleDraft::default()
        };
        user.articles.push(draft.to_article().expect("complete"));
    }
    for f in 0..features {
        let draft = FeatureDraft {
            name: format!("Drill {f}"),
            position: Some([67.28, 37.23 + f as f64 * 1e-3]),
            countries: vec!["UZB".into()],
            placement: "At Termez".into(),
            sources: vec![(format!("gazette-{}", f % articles.max(1)), quote.into())],
            ..FeatureDraft::default()
        };
        user.features
            .push(draft.to_value(&format!("drill-{f}")).expect("complete"));
    }
    user
}

/// One change to the user's atlas on the UI thread: the candidate layered and checked as
/// at load, then the content's caches rebuilt; against loading the shipped atlas, in the
/// same run.
fn user_edits(c: &mut Criterion) {
    use casa::data::user_atlas::{Shipped, layer};
    let loaded = load_atlas(&AssetSource::Embedded);
    let shipped = Shipped {
        features: loaded.atlas.features.clone(),
        memberships: loaded.atlas.memberships.clone(),
        corpus: loaded.corpus.clone(),
    };
    let countries = loaded.atlas.countries.clone();
    let mut doc = casa::render::document::Document::build(loaded.atlas, loaded.corpus);
    let mut group = c.benchmark_group("user_atlas_edit");
    group.sample_size(20);
    group.bench_function("reference: load the shipped atlas", |b| {
        b.iter(|| black_box(load_atlas(&AssetSource::Embedded)));
    });
    for (articles, features) in [(1, 1), (20, 200)] {
        let user = user_atlas(articles, features);
        let name = format!("{articles} articles, {features} features: layer and rebuild");
        group.bench_function(name, |b| {
            b.iter(|| {
                let layered = layer(&shipped, &countries, &user, "bench");
                assert!(layered.issues.is_empty(), "{:?}", layered.issues.first());
                doc.replace_content(layered.features, layered.memberships, layered.corpus);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, load, frames, relief_frames, hit_tests, user_edits);
criterion_main!(benches);
