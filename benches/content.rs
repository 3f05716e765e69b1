//! The content layers under load: the shipped features with every layer and membership
//! on, and a scene of 100,000 synthetic sites (targets: frame CPU ≤ 3 ms, hover hit-test
//! ≤ 0.1 ms). Each prints p50/p99 over many single runs besides Criterion's statistics.

use std::hint::black_box;
use std::time::Instant;

use casa::data::{AssetSource, Loaded, load_atlas};
use casa::geo::camera::Camera;
use casa::geo::projection::{Albers, LonLat};
use casa::model::layers::LayerState;
use casa::model::{Actor, Certainty, Feature, FeatureKind, Precision, Shape, Source};
use casa::render::features::FeatureGeometries;
use casa::session::settings::Settings;
use criterion::{Criterion, criterion_group, criterion_main};
use egui::Vec2;
use geo::{MultiPoint, Point};

mod common;

use common::{Headless, VIEW, pan_samples, report};

/// The same allocator as the binary, so the frame costs are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A fixed pseudo-random sequence (xorshift), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// `n` sites spread over Central Asia with every kind and actor.
fn synthetic_features(n: usize) -> Vec<Feature> {
    let kinds = [
        FeatureKind::Base,
        FeatureKind::AirBase,
        FeatureKind::Outpost,
        FeatureKind::Exercise,
        FeatureKind::Summit,
        FeatureKind::Mine,
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n)
        .map(|i| {
            let lon = 46.0 + 42.0 * rng.unit();
            let lat = 33.5 + 22.0 * rng.unit();
            Feature {
                id: format!("synthetic-{i}"),
                name: format!("Synthetic site {i}"),
                aliases: Vec::new(),
                actor: Actor::ALL[i % Actor::ALL.len()],
                actor_detail: None,
                operator: None,
                kind: kinds[i % kinds.len()],
                status: None,
                countries: Vec::new(),
                shape: Shape::Points(MultiPoint(vec![Point::new(lon, lat)])),
                precision: [Precision::Exact, Precision::Approximate, Precision::Region][i % 3],
                area: Vec::new(),
                placement: String::new(),
                period: None,
                figures: Vec::new(),
                certainty: Certainty::Stated,
                certainty_note: None,
                note: None,
                sources: vec![Source::Reference {
                    reference: "synthetic".into(),
                    about: "benchmark".into(),
                }],
                mentions: Vec::new(),
                corrections: Vec::new(),
                reviewed: None,
            }
        })
        .collect()
}

fn all_layers(loaded: &Loaded) -> LayerState {
    let mut state = LayerState {
        organisations: loaded
            .atlas
            .organisations
            .iter()
            .filter(|o| ["CSTO", "SCO", "CIS"].contains(&o.id.as_str()))
            .map(|o| o.id.clone())
            .collect(),
        ..LayerState::default()
    };
    state.show_only(|_| true);
    state
}

fn frames(c: &mut Criterion) {
    let shipped = load_atlas(&AssetSource::Embedded);
    let layers = all_layers(&shipped);
    let mut synthetic = load_atlas(&AssetSource::Embedded);
    synthetic.atlas.features = synthetic_features(100_000);
    let scenes = [
        ("shipped_no_content", {
            let mut l = LayerState::default();
            l.hidden = casa::model::layers::FeatureLayer::ALL
                .iter()
                .map(|l| l.key().to_owned())
                .collect();
            (load_atlas(&AssetSource::Embedded), l)
        }),
        ("shipped_all_layers", (shipped, layers)),
        ("synthetic_100k_sites", (synthetic, LayerState::default())),
    ];
    let mut group = c.benchmark_group("content_frame");
    for (name, (loaded, layers)) in scenes {
        let mut h = Headless::new(
            loaded,
            Settings {
                layers,
                // As first measured; the relief's cost is `atlas`'s `steady_frame_relief`.
                relief: casa::model::layers::ReliefStyle::Off,
                ..Settings::default()
            },
        );
        h.describe(name);
        let mut step = 0u32;
        group.bench_function(format!("pan/{name}"), |b| {
            b.iter(|| {
                step += 1;
                let dx = if step % 200 < 100 { 3.0 } else { -3.0 };
                h.camera().pan(Vec2::new(dx, 0.0));
                h.frame();
            });
        });
        let samples = pan_samples(&mut h, 300);
        report(&format!("content frame while panning, {name}"), samples);
    }
    group.finish();
}

fn hover(c: &mut Criterion) {
    let projection = Albers::central_asia();
    let features = synthetic_features(100_000);
    let t = Instant::now();
    let geometry = FeatureGeometries::build(&features, &projection);
    eprintln!("100k sites: projected and indexed in {:?}", t.elapsed());
    let camera = Camera::home(&projection, VIEW);
    let radius = 10.0 * camera.metres_per_point;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let points: Vec<_> = (0..10_000)
        .map(|_| {
            projection.project(LonLat::new(
                46.0 + 42.0 * rng.unit(),
                33.5 + 22.0 * rng.unit(),
            ))
        })
        .collect();
    let mut i = 0;
    c.bench_function("hover_hit_test/synthetic_100k_sites", |b| {
        b.iter(|| {
            i = (i + 1) % points.len();
            black_box(geometry.hit(points[i], radius, |_| true))
        });
    });
    let samples = (0..50_000)
        .map(|k| {
            let t = Instant::now();
            black_box(geometry.hit(points[k % points.len()], radius, |_| true));
            t.elapsed()
        })
        .collect();
    report("hover hit-test, 100k sites", samples);
}

criterion_group!(benches, frames, hover);
criterion_main!(benches);
