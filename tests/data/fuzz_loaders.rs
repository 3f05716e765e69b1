//! Fuzzing the loaders: every file a user can hand CASA — GeoJSON and CSV layers, briefing
//! (scenes) files, the state file, the countries file and the article metadata — mutated
//! at random from a small seed corpus kept in the repo (byte flips, cuts, splices, tokens
//! that break parsers: deep nesting of JSON and XML, huge numbers, stray quotes, entities,
//! sizes that claim the earth, non-UTF-8 bytes). None may panic. The attacks that need
//! size (100,000 levels, 100 MB texts, zip bombs, special files) are in `hostile`, each
//! read in a child process under a time and a memory bound. A time-bounded pass: `CASA_FUZZ_SECONDS` (default 8) per run; CI runs it as part
//! of the test command and the count of inputs tried is printed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use casa::data::user_layer::{
    LayerFormat, Progress, parse_csv, parse_layer, parse_layer_bytes, parse_shapefile_parts,
};
use casa::data::{AssetSource, SeedSource, countries_from_text, load, load_atlas};
use casa::model::briefing::Briefing;

/// A small deterministic generator (xorshift64*): the same seed gives the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"[",
    b"]",
    b"{",
    b"}",
    b"\"",
    b",",
    b":",
    b"null",
    b"NaN",
    b"-",
    b"1e999",
    b"-1e999",
    b"18446744073709551616",
    b"\"type\"",
    b"\"Feature\"",
    b"\"coordinates\"",
    b"\"FeatureCollection\"",
    b"\"GeometryCollection\"",
    b"\"Polygon\"",
    b"[[[",
    b"]]]",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\n",
    b";",
    b"\t",
    b"\"\"",
    b"0.0",
    b"91",
    b"-181",
    // XML: elements that nest, a document type with its entities, references, text.
    b"<Folder>",
    b"</Folder>",
    b"<MultiGeometry>",
    b"<Placemark><name>",
    b"<coordinates>",
    b"</coordinates>",
    b"<!DOCTYPE kml [<!ENTITY e \"eeeeeeee\">]>",
    b"&e;",
    b"&amp;",
    b"&#0;",
    b"<![CDATA[",
    b"]]>",
    b"lat=\"NaN\"",
    // Shapefile and zip headers: sizes that claim the earth.
    b"\xff\xff\xff\x7f",
    b"PK\x05\x06",
    b"PK\x01\x02",
];

/// One mutation of `seed`.
fn mutate(rng: &mut Rng, seed: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => out.truncate(at),
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            3 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            4 => {
                // Splice in a piece of another corpus file.
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                let to = (from + rng.below(256)).min(other.len());
                out.splice(at..at, other[from..to].iter().copied());
            }
            5 => {
                // Deep nesting, of JSON arrays or XML elements.
                let depth = 1 + rng.below(400);
                let (open, close): (&[u8], &[u8]) = match rng.below(3) {
                    0 => (b"[", b"]"),
                    1 => (b"<Folder>", b"</Folder>"),
                    _ => (b"<MultiGeometry>", b"</MultiGeometry>"),
                };
                let mut nest = open.repeat(depth);
                nest.extend(close.repeat(rng.below(depth + 1)));
                out.splice(at..at, nest);
            }
            _ => {
                let i = rng.below(out.len().max(1));
                if i < out.len() {
                    let b = out[i];
                    out.insert(i, b);
                }
            }
        }
    }
    out
}

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in ["", "lint", "formats", "formats/cities"] {
        files.extend(
            std::fs::read_dir(root.join("tests/fixtures/layers").join(dir))
                .expect("layer fixtures")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file()),
        );
    }
    files.extend(
        [
            "assets/scenes.json",
            "tests/fixtures/content/base/scenes.json",
            "tests/fixtures/content/base/countries.geojson",
            "tests/fixtures/content/cases/bad-scenes.scenes.json",
            "tests/fixtures/state/state.json",
        ]
        .iter()
        .map(|p| root.join(p)),
    );
    files.sort();
    files
}

/// The loaders of KML, KMZ, GPX, GeoPackage and Shapefiles (zipped, or the .shp and .dbf alone) on
/// one input; how many accepted it.
fn other_formats(input: &[u8]) -> u64 {
    let progress = Progress::default();
    let mut ok = 0;
    for (format, file) in [
        (LayerFormat::Kml, "fuzz.kml"),
        (LayerFormat::Kmz, "fuzz.kmz"),
        (LayerFormat::Gpx, "fuzz.gpx"),
        (LayerFormat::ZippedShapefile, "fuzz.zip"),
        (LayerFormat::Shapefile, "fuzz.shp"),
        (LayerFormat::GeoPackage, "fuzz.gpkg"),
    ] {
        ok += u64::from(parse_layer_bytes("fuzz", file, format, input, &progress).is_ok());
    }
    // A good .shp with the input as its .dbf and .prj.
    static SHP: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let shp = SHP.get_or_init(|| {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/layers/formats/cities/naturalearth_cities.shp"),
        )
        .unwrap_or_default()
    });
    ok +=
        u64::from(parse_shapefile_parts("fuzz", "fuzz.shp", shp, Some(input), Some(input)).is_ok());
    ok
}

#[test]
fn no_loader_panics_or_hangs_on_mutated_input() {
    let seconds: u64 = std::env::var("CASA_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);
    // The pass runs on a thread of its own, watched: an input a loader never returns from
    // fails the test (and is saved) instead of hanging CI.
    let current = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (done, finished) = std::sync::mpsc::channel();
    let watched = std::sync::Arc::clone(&current);
    std::thread::spawn(move || {
        let outcome = catch_unwind(AssertUnwindSafe(|| fuzz_pass(seconds, &watched)));
        let _ = done.send(outcome);
    });
    match finished.recv_timeout(Duration::from_secs(seconds + 120)) {
        Ok(Ok(())) => {}
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => {
            let keep = std::env::temp_dir().join("casa-fuzz-hang");
            let input = current.lock().map(|i| i.clone()).unwrap_or_default();
            let _ = std::fs::write(&keep, input);
            panic!(
                "a loader did not return within 120 s; the input is saved as {}",
                keep.display()
            );
        }
    }
}

/// Mutated inputs through every loader for `seconds`; `current` holds the input being
/// tried.
fn fuzz_pass(seconds: u64, current: &std::sync::Mutex<Vec<u8>>) {
    let files = corpus_files();
    let corpus: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(f).expect("corpus file"))
        .collect();
    let shipped = load_atlas(&AssetSource::Embedded);
    let metadata = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/articles.json"))
        .expect("articles.json");
    let seeds_dir = std::env::temp_dir().join(format!("casa-fuzz-seeds-{}", std::process::id()));
    std::fs::create_dir_all(&seeds_dir).expect("temp seeds");
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
        .expect("seeds")
        .filter_map(Result::ok)
    {
        std::fs::copy(entry.path(), seeds_dir.join(entry.file_name())).expect("copy seed");
    }

    let mut rng = Rng(0x5EED_CA5A_2026_1124);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut tried, mut panics) = (0u64, Vec::new());
    let (mut metadata_tried, mut accepted) = (0u64, 0u64);
    while Instant::now() < deadline {
        let k = rng.below(corpus.len());
        let input = mutate(&mut rng, &corpus[k], &corpus);
        if let Ok(mut c) = current.lock() {
            c.clone_from(&input);
        }
        let text = String::from_utf8_lossy(&input).into_owned();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let mut ok = 0;
            ok += u64::from(parse_layer("fuzz", "fuzz.geojson", &text).is_ok());
            ok += u64::from(parse_csv("fuzz", "fuzz.csv", &text).is_ok());
            ok += other_formats(&input);
            let (b, _) = Briefing::parse("scenes.json", &text, &shipped.atlas, &shipped.corpus);
            ok += u64::from(!b.scenes.is_empty());
            ok +=
                u64::from(serde_json::from_str::<casa::session::settings::Settings>(&text).is_ok());
            let (countries, _) = countries_from_text("countries.geojson", &text);
            ok += u64::from(!countries.is_empty());
            ok
        }));
        match outcome {
            Ok(ok) => accepted += ok,
            Err(_) => panics.push((files[k].clone(), input.clone())),
        }
        tried += 1;
        // The article metadata loads the whole atlas with it: one input in 100.
        if tried % 100 == 0 {
            let meta = mutate(&mut rng, &metadata, &corpus);
            std::fs::write(seeds_dir.join("articles.json"), &meta).expect("write metadata");
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                load(&AssetSource::Embedded, &SeedSource::Dir(seeds_dir.clone()))
            }));
            if outcome.is_err() {
                panics.push((seeds_dir.join("articles.json"), meta));
            }
            metadata_tried += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&seeds_dir);
    eprintln!(
        "fuzz: {tried} mutated inputs through 11 loaders and {metadata_tried} article-metadata files in {seconds} s; {accepted} parses succeeded; {} panics",
        panics.len()
    );
    if let Some((seed, input)) = panics.first() {
        let keep = std::env::temp_dir().join("casa-fuzz-crash");
        let _ = std::fs::write(&keep, input);
        panic!(
            "{} inputs panicked; the first (mutated from {}) is saved as {}",
            panics.len(),
            seed.display(),
            keep.display()
        );
    }
    assert!(tried > 100, "only {tried} inputs in {seconds} s");
}
