//! Headless slide export (`casa export`): the page made from the cached geometry, then
//! painted on the CPU, at 1920×1080 — on the shipped atlas, on the whole world at 1:10m as
//! the borders and as an analyst's layer (run `tools/make-assets.sh --world` first for
//! the world); and the shipped briefing as a PDF deck and as a folder of PNG slides
//! (`casa export --briefing`). The reference of each slide, measured in the same run, is
//! how slides were painted before: the SVG painter's document rasterised by resvg.

use std::hint::black_box;
use std::time::{Duration, Instant};

use casa::compose::ImportedView;
use casa::data::{AssetSource, countries_from_text, load_atlas};
use casa::model::layers::ReliefStyle;
use casa::model::user_layer::UserLayer;
use casa::render::imported::ImportedGeometry;
use casa::{app::CasaApp, session::settings::Settings};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod common;
#[path = "../tests/common/svg_reference.rs"]
mod svg_reference;

const SIZE: [u32; 2] = [1920, 1080];

fn apps() -> Vec<(&'static str, CasaApp)> {
    let mut apps = vec![(
        "shipped",
        CasaApp::from_loaded(
            load_atlas(&AssetSource::Embedded),
            Settings::default(),
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
                CasaApp::from_loaded(loaded, Settings::default(), "bench".into()),
            ));
        }
        Err(_) => eprintln!(
            "note: {path} is missing; run tools/make-assets.sh --world for the world export"
        ),
    }
    apps
}

/// The whole world at 1:10m read as an analyst's layer, if generated.
fn world_layer(app: &CasaApp) -> Option<(UserLayer, ImportedGeometry)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/world-10m.geojson");
    let layer = casa::data::user_layer::load_layer(std::path::Path::new(path)).ok()?;
    let geometry = ImportedGeometry::for_pages(&layer, &app.doc.geometry.projection);
    Some((layer, geometry))
}

/// One slide: making its page, painting it to PNG, and the reference (its SVG document
/// rasterised by resvg); the mean of each and their ratio reported.
fn measure(group: &mut BenchmarkGroup<'_, WallTime>, label: &str, slide: &casa::export::Slide<'_>) {
    group.bench_function(format!("page/{label}"), |b| {
        b.iter(|| black_box(casa::export::page(slide)));
    });
    let page = casa::export::page(slide);
    group.bench_function(format!("png/{label}"), |b| {
        b.iter(|| black_box(casa::export::png(&page).expect("png")));
    });
    group.bench_function(format!("pdf/{label}"), |b| {
        b.iter(|| {
            black_box(
                casa::export::pdf(
                    std::slice::from_ref(&page),
                    &Default::default(),
                    &mut |_| true,
                )
                .expect("pdf"),
            )
        });
    });
    let svg = casa::paint::svg::document(&page);
    group.bench_function(format!("reference_svg_resvg/{label}"), |b| {
        b.iter(|| black_box(svg_reference::rasterise(&casa::paint::svg::document(&page))));
    });
    // The whole of `casa export` after loading, against the reference, back to back.
    let time = mean_of_five;
    let png = time(&mut || {
        black_box(casa::export::png(&casa::export::page(slide)).expect("png"));
    });
    let pdf = time(&mut || {
        let page = casa::export::page(slide);
        black_box(casa::export::pdf(&[page], &Default::default(), &mut |_| true).expect("pdf"));
    });
    let reference = time(&mut || {
        black_box(svg_reference::rasterise(&casa::export::svg(slide)));
    });
    eprintln!(
        "export {label} 1920x1080: PNG {png:?}, PDF {pdf:?} ({:.2}x the PNG); reference (SVG {} kB, resvg, no encoding) {reference:?}: PNG {:.2}x faster",
        pdf.as_secs_f64() / png.as_secs_f64(),
        svg.len() / 1024,
        reference.as_secs_f64() / png.as_secs_f64()
    );
}

fn export(c: &mut Criterion) {
    let mut group = c.benchmark_group("export_1920x1080");
    group.sample_size(10);
    for (name, app) in apps() {
        let compare = app.presentation.briefing.find("2021 against 2024");
        for (what, scene) in [("overview", None), ("compare_2021_2024", compare)] {
            let mut slide = app.slide(scene, SIZE);
            // The reference: no relief (the relief has its own group below).
            slide.basemap.relief = ReliefStyle::Off;
            measure(&mut group, &format!("{name}/{what}"), &slide);
        }
        if name != "shipped" {
            continue;
        }
        // The issue's case: the world as an analyst's layer over the shipped overview.
        if let Some((layer, geometry)) = world_layer(&app) {
            let mut slide = app.slide(None, SIZE);
            slide.imported = vec![ImportedView {
                layer: &layer,
                geometry: &geometry,
                visible: true,
            }];
            measure(&mut group, "world_layer/overview", &slide);
        }
    }
    group.finish();
}

/// The overview slide to PNG without relief (the reference) and with each style, alternated
/// in one run. Target: with relief at most 1.3x the time without.
fn relief(c: &mut Criterion) {
    let app = CasaApp::from_loaded(
        load_atlas(&AssetSource::Embedded),
        Settings::default(),
        "bench".into(),
    );
    let mut group = c.benchmark_group("export_relief_1920x1080");
    group.sample_size(10);
    let mut means = Vec::new();
    for style in ReliefStyle::ALL {
        let mut slide = app.slide(None, SIZE);
        slide.basemap.relief = style;
        // The images are decoded once per process (as in the app and `casa export`).
        black_box(casa::export::png(&casa::export::page(&slide)).expect("png"));
        group.bench_function(format!("overview_png/{}", style.key()), |b| {
            b.iter(|| black_box(casa::export::png(&casa::export::page(&slide)).expect("png")));
        });
        let t = Instant::now();
        for _ in 0..5 {
            black_box(casa::export::png(&casa::export::page(&slide)).expect("png"));
        }
        means.push((style, t.elapsed() / 5));
    }
    group.finish();
    let reference = means[0].1;
    for (style, mean) in &means {
        eprintln!(
            "relief: overview PNG, {}: {mean:?} ({:.2}x no relief)",
            style.key(),
            mean.as_secs_f64() / reference.as_secs_f64()
        );
    }
}

/// The shipped briefing as one PDF deck (compose every page, convert, no file written) and
/// as a folder of PNG slides, against one PNG slide of the overview measured in the same run
/// (the reference). Targets: the deck in at most 3 s and 8 MB.
fn deck(c: &mut Criterion) {
    let app = CasaApp::from_loaded(
        load_atlas(&AssetSource::Embedded),
        Settings::default(),
        "bench".into(),
    );
    let options = casa::export::deck::DeckOptions {
        notes: false,
        banner: Some("UNCLASSIFIED".into()),
        date: "2 December 2026".into(),
    };
    let palette = casa::render::style::Palette::of(casa::render::style::Theme::Light);
    let source = casa::export::deck::DeckSource {
        doc: &app.doc,
        palette: &palette,
        basemap: casa::render::style::Basemap::EXPORT,
        briefing: &app.presentation.briefing,
        imported: Vec::new(),
        options: &options,
    };
    let pdf = || {
        let pages: Vec<_> = source.pages().into_iter().map(|p| p.page).collect();
        casa::export::pdf(&pages, &casa::export::DeckInfo::default(), &mut |_| true).expect("pdf")
    };
    let dir = std::env::temp_dir().join(format!("casa-bench-deck-{}", std::process::id()));
    let mut group = c.benchmark_group("briefing");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("pdf/shipped_9_scenes", |b| b.iter(|| black_box(pdf())));
    group.bench_function("png_folder/shipped_9_scenes_1920x1080", |b| {
        b.iter(|| {
            black_box(casa::export::deck::write_png_folder(&source, SIZE, &dir).expect("pngs"))
        });
    });
    group.finish();
    // The numbers docs/PERFORMANCE.md reports, measured back to back: mean of 5 each.
    let slide = app.slide(None, SIZE);
    let time = mean_of_five;
    let reference = time(&mut || {
        black_box(casa::export::png(&casa::export::page(&slide)).expect("png"));
    });
    let mut bytes = 0;
    let deck = time(&mut || bytes = pdf().len());
    let folder = time(&mut || {
        black_box(casa::export::deck::write_png_folder(&source, SIZE, &dir).expect("pngs"));
    });
    let _ = std::fs::remove_dir_all(&dir);
    let ratio = |d: Duration| d.as_secs_f64() / reference.as_secs_f64();
    eprintln!(
        "briefing: PDF deck of {} scenes {deck:?} ({:.2}x one PNG slide, {reference:?}), {:.2} MB; PNG folder {folder:?} ({:.2}x)",
        app.presentation.briefing.scenes.len(),
        ratio(deck),
        bytes as f64 / 1e6,
        ratio(folder)
    );
    assert!(
        bytes <= 8_000_000,
        "the deck is {bytes} bytes (target: 8 MB)"
    );
    // Every scene with the relief (each style): time and size against the deck without.
    for style in [ReliefStyle::Hillshade, ReliefStyle::Tints] {
        let with = casa::export::deck::DeckSource {
            basemap: casa::render::style::Basemap {
                relief: style,
                ..casa::render::style::Basemap::EXPORT
            },
            briefing: &app.presentation.briefing,
            imported: Vec::new(),
            ..source
        };
        let mut relief_bytes = 0;
        let took = time(&mut || {
            let pages: Vec<_> = with.pages().into_iter().map(|p| p.page).collect();
            relief_bytes =
                casa::export::pdf(&pages, &casa::export::DeckInfo::default(), &mut |_| true)
                    .expect("pdf")
                    .len();
        });
        eprintln!(
            "briefing with relief {}: {took:?} ({:.2}x the deck without), {:.2} MB ({:.2} MB without)",
            style.key(),
            took.as_secs_f64() / deck.as_secs_f64(),
            relief_bytes as f64 / 1e6,
            bytes as f64 / 1e6
        );
        assert!(
            relief_bytes <= 8_000_000,
            "the deck with relief is {relief_bytes} bytes (target: 8 MB)"
        );
    }
}

/// The mean time of five runs of `f`, back to back.
fn mean_of_five(f: &mut dyn FnMut()) -> Duration {
    let t = Instant::now();
    for _ in 0..5 {
        f();
    }
    t.elapsed() / 5
}

/// The whole atlas as GIS data (`casa export --data`): records, encoding and the atomic
/// write of each format, against loading the atlas measured in the same run (the
/// reference). Targets: each under 1 s, each file under 5 MB.
fn data(c: &mut Criterion) {
    use casa::export::data::{DataFormat, DataScope, DataSource, export_data};
    let loaded = load_atlas(&AssetSource::Embedded);
    let source = DataSource {
        atlas: &loaded.atlas,
        corpus: &loaded.corpus,
        added: None,
    };
    let dir = std::env::temp_dir().join(format!("casa-bench-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp folder");
    let mut group = c.benchmark_group("export_data_whole_atlas");
    group.sample_size(10);
    group.bench_function("reference/load_atlas", |b| {
        b.iter(|| black_box(load_atlas(&AssetSource::Embedded)));
    });
    let time = mean_of_five;
    let load = time(&mut || {
        black_box(load_atlas(&AssetSource::Embedded));
    });
    for format in DataFormat::ALL {
        let path = dir.join(format!("atlas.{}", format.extension()));
        let write =
            || export_data(&source, &DataScope::Whole, format, &path, &|_| {}).expect("written");
        group.bench_function(format.extension(), |b| b.iter(|| black_box(write())));
        let mut bytes = 0;
        let took = time(&mut || bytes = write().bytes);
        eprintln!(
            "data {}: {took:?} ({:.2}x loading the atlas, {load:?}), {:.2} MB",
            format.extension(),
            took.as_secs_f64() / load.as_secs_f64(),
            bytes as f64 / 1e6
        );
        assert!(
            took < Duration::from_secs(1),
            "{}: {took:?} (target: 1 s)",
            format.name()
        );
        assert!(
            bytes < 5_000_000,
            "{}: {bytes} bytes (target: 5 MB)",
            format.name()
        );
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, export, relief, deck, data);
criterion_main!(benches);
