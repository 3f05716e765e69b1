//! Peak memory of loading the whole world at 1:10m to ready meshes and hit index.
//!
//! Prints the process's peak resident set (VmHWM, Linux) before and after. Run with
//! `cargo bench --bench memory`; needs `target/world-10m.geojson`
//! (`tools/make-assets.sh --world`).

mod common;

use casa::data::countries_from_text;
use casa::geo::projection::Albers;
use casa::model::Atlas;
use casa::render::MapGeometry;
use casa::render::hit_test::HitIndex;

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/world-10m.geojson");
    let before = common::status_kb("VmHWM:").unwrap_or(0);
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("note: {path} is missing; run tools/make-assets.sh --world");
        return;
    };
    let file_mb = text.len() as f64 / 1e6;
    let (countries, issues) = countries_from_text("world-10m.geojson", &text);
    drop(text);
    assert!(issues.is_empty(), "{issues:?}");
    let atlas = Atlas {
        countries,
        ..Atlas::default()
    };
    let geometry = MapGeometry::build(&atlas, Albers::central_asia());
    let hit = HitIndex::build(&geometry);
    let peak = common::status_kb("VmHWM:").unwrap_or(0);
    let now = common::status_kb("VmRSS:").unwrap_or(0);
    eprintln!(
        "memory, world_10m ({file_mb:.1} MB file, {} countries, {} polygons): peak RSS {:.1} MB \
         (process start {:.1} MB), RSS when ready {:.1} MB",
        atlas.countries.len(),
        hit.polygon_count(),
        peak as f64 / 1024.0,
        before as f64 / 1024.0,
        now as f64 / 1024.0
    );
}
