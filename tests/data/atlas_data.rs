//! The shipped atlas: complete, valid, wound right, split at the antimeridian.

use casa::data::{AssetSource, load_atlas};
use casa::model::{CountryRole, WaterKind};
use geo::{ChamberlainDuquetteArea, Validation, Winding};

const BRIEFING: [&str; 18] = [
    "KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN", "MNG", "AFG", "IRN", "PAK", "IND", "AZE",
    "ARM", "GEO", "TUR", "UKR", "BLR",
];

#[test]
fn shipped_atlas_loads_without_issues() {
    let loaded = load_atlas(&AssetSource::Embedded);
    assert!(loaded.issues.is_empty(), "{:?}", loaded.issues);
    let atlas = &loaded.atlas;
    for id in BRIEFING {
        assert!(atlas.countries.iter().any(|c| c.id.0 == id), "{id} missing");
    }
    let focus: Vec<&str> = atlas
        .countries
        .iter()
        .filter(|c| c.role == CountryRole::Focus)
        .map(|c| c.id.0.as_str())
        .collect();
    assert_eq!(focus, ["KAZ", "KGZ", "TJK", "TKM", "UZB"]);
    let baikonur = atlas
        .countries
        .iter()
        .find(|c| c.id.0 == "KAZ-BAIKONUR")
        .expect("Baikonur");
    assert_eq!(baikonur.role, CountryRole::Leased);
    assert_eq!(
        baikonur.sovereign.as_ref().map(|s| s.0.as_str()),
        Some("KAZ")
    );
    assert_eq!(atlas.places.len(), 18);
    assert!(
        atlas
            .places
            .iter()
            .any(|p| p.name == "Astana" && p.aliases == ["Nur-Sultan"])
    );
}

#[test]
fn every_polygon_is_valid_and_wound_counter_clockwise() {
    let atlas = load_atlas(&AssetSource::Embedded).atlas;
    for c in &atlas.countries {
        assert!(c.geometry.is_valid(), "{} is invalid", c.id.0);
        for p in &c.geometry.0 {
            assert!(p.exterior().is_ccw(), "{}: exterior clockwise", c.id.0);
            for hole in p.interiors() {
                assert!(hole.is_cw(), "{}: hole counter-clockwise", c.id.0);
            }
        }
    }
}

#[test]
fn russia_is_split_at_the_antimeridian_and_has_its_true_area() {
    let atlas = load_atlas(&AssetSource::Embedded).atlas;
    let russia = atlas.country_by_name("Russia").expect("Russia");
    // Natural Earth's Russia: about 16.9 million km² of land (17.1 with inland water); a
    // polygon wrapped the wrong way round the globe would be far larger.
    let km2 = russia.geometry.chamberlain_duquette_unsigned_area() / 1e6;
    assert!((16.5e6..17.3e6).contains(&km2), "Russia: {km2} km²");
    let lons = russia
        .geometry
        .0
        .iter()
        .flat_map(|p| p.exterior().0.iter())
        .map(|c| c.x);
    let (west, east) = lons.fold((0.0f64, 0.0f64), |(w, e), x| (w.min(x), e.max(x)));
    assert!(
        west < -169.0 && east > 179.9,
        "Chukotka on both sides: {west}..{east}"
    );
}

#[test]
fn enclaves_are_separate_polygons_and_holes() {
    let atlas = load_atlas(&AssetSource::Embedded).atlas;
    let kgz = atlas.country_by_name("Kyrgyzstan").expect("Kyrgyzstan");
    let holes: usize = kgz.geometry.0.iter().map(|p| p.interiors().len()).sum();
    // Sokh, Shakhimardan, Vorukh, and the small Chong-Kara/Jangy-Ayyl and Sarvan pieces.
    assert!(holes >= 3, "Kyrgyzstan has {holes} holes");
    let uzb = atlas.country_by_name("Uzbekistan").expect("Uzbekistan");
    assert!(
        uzb.geometry.0.len() >= 3,
        "Uzbekistan's parts: {}",
        uzb.geometry.0.len()
    );
}

#[test]
fn water_has_the_caspian_the_named_lakes_and_rivers() {
    let atlas = load_atlas(&AssetSource::Embedded).atlas;
    let named = |name: &str, kind: WaterKind| {
        atlas
            .water
            .iter()
            .any(|w| w.name.as_deref() == Some(name) && w.kind == kind)
    };
    assert!(named("Caspian Sea", WaterKind::Sea));
    for lake in ["Aral Sea", "Lake Balkhash", "Issyk-Kul"] {
        assert!(named(lake, WaterKind::Lake), "{lake}");
    }
    for river in ["Amu Darya", "Syr Darya"] {
        assert!(named(river, WaterKind::River), "{river}");
    }
}

/// The footprint from the public record: the sites a reference list drawn from it holds
/// (Russia's and China's in the five states, Armenia and Djibouti, and the other powers'),
/// each present by id.
const FOOTPRINT: [&str; 34] = [
    "ru-201st-base",
    "ru-201st-kulob",
    "ru-201st-bokhtar",
    "ru-kant-air-base",
    "ru-338-chaldovar",
    "ru-954-koi-sary",
    "ru-mailuu-suu-seismic",
    "ru-osh-base-announced",
    "ru-okno-nurek",
    "ru-ayni-helicopters",
    "ru-sary-shagan",
    "ru-balkhash-radar",
    "ru-emba-range",
    "ru-kapustin-yar-kz",
    "ru-929-taisoigan",
    "ru-border-guards-kyrgyzstan",
    "ru-border-guards-tajikistan",
    "ru-border-guards-turkmenistan",
    "ru-border-guards-armenia",
    "ru-zvartnots-checkpoint",
    "ru-agarak-checkpoint",
    "ru-102nd-base-gyumri",
    "ru-erebuni-air-base",
    "cn-gbao-post",
    "cn-tj-border-posts-2016",
    "cn-ishkashim-base",
    "cn-djibouti-base",
    "us-karshi-khanabad",
    "us-manas",
    "de-termez",
    "fr-dushanbe",
    "in-ayni",
    "in-farkhor",
    "ru-baikonur",
];

#[test]
fn every_footprint_site_is_dated_referenced_and_on_its_layer() {
    use casa::model::layers::FeatureLayer;
    use casa::model::{Actor, Source};
    let loaded = load_atlas(&AssetSource::Embedded);
    let atlas = &loaded.atlas;
    for id in FOOTPRINT {
        assert!(
            atlas.feature(id).is_some(),
            "{id} is missing from the atlas"
        );
    }
    for f in atlas.features.iter().filter(|f| f.in_footprint()) {
        let period = f.period.as_ref().expect("a footprint site has a period");
        let from = period
            .from
            .unwrap_or_else(|| panic!("{} has no from date", f.id));
        assert!(
            f.sources
                .iter()
                .any(|s| matches!(s, Source::Reference { .. })),
            "{} has no named reference",
            f.id
        );
        // The convention: a site is dated from the first agreement or decision.
        if let Some(first) = period.agreements.first() {
            assert_eq!(from.year, first.signed.year, "{}: from", f.id);
        }
        assert!(f.reviewed.is_some(), "{} has no review record", f.id);
    }
    for f in &atlas.features {
        assert_eq!(
            f.actor == Actor::OtherPower,
            FeatureLayer::of(f) == FeatureLayer::OtherPowers,
            "{}: context is on the Other powers layer, and only context",
            f.id
        );
    }
    assert!(!FeatureLayer::OtherPowers.on_by_default());
}

#[test]
fn no_feature_leaves_out_the_country_its_position_lies_in() {
    use geo::{BoundingRect, Contains};
    let loaded = load_atlas(&AssetSource::Embedded);
    let atlas = &loaded.atlas;
    for f in &atlas.features {
        let casa::model::Shape::Points(points) = &f.shape else {
            continue;
        };
        for p in &points.0 {
            for c in &atlas.countries {
                let inside = c.geometry.bounding_rect().is_some_and(|r| {
                    r.min().x <= p.x()
                        && p.x() <= r.max().x
                        && r.min().y <= p.y()
                        && p.y() <= r.max().y
                }) && c.geometry.contains(p);
                if !inside {
                    continue;
                }
                let listed = f.countries.contains(&c.id)
                    || c.sovereign
                        .as_ref()
                        .is_some_and(|s| f.countries.contains(s));
                assert!(
                    listed,
                    "{} at [{}, {}] lies in {} but its countries are {:?}",
                    f.id,
                    p.x(),
                    p.y(),
                    c.id.0,
                    f.countries
                );
            }
        }
    }
}

#[test]
fn casa_check_names_both_places_of_a_contradiction() {
    let mut loaded = load_atlas(&AssetSource::Embedded);
    assert!(
        casa::data::contradictions(&loaded).is_empty(),
        "the shipped atlas contradicts itself: {:?}",
        casa::data::contradictions(&loaded)
    );
    // A caption that ends a feature in another year than its period does.
    loaded.briefing.scenes[1].caption =
        "Russian border troops in Kyrgyzstan guarded its frontier with China until 2004.".into();
    // A country fact whose correction names another agreement than the feature's period.
    let fact = loaded
        .atlas
        .facts
        .iter_mut()
        .find(|f| f.id == "soviet-bases-kept")
        .expect("the fact");
    fact.corrections[0].record =
        "Kant rests on a Russia–Kyrgyzstan agreement of 2003, the 201st base on one of 2012."
            .into();
    let report = casa::cli::check::check(&loaded);
    let warnings: Vec<&str> = report
        .text
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert!(report.ok, "contradictions are warnings: {}", report.text);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].contains("scenes.json: scene 2 “Russia's military footprint”: caption gives 2004 as the end of Russian border troops in Kyrgyzstan")
            && warnings[0].contains("(features.geojson: ru-border-guards-kyrgyzstan)"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].contains("country_facts.json: soviet-bases-kept: corrections[0].record names an agreement of 2003 for Kant air base")
            && warnings[1].contains("20 September 2012")
            && warnings[1].contains("(features.geojson: ru-kant-air-base)"),
        "{}",
        warnings[1]
    );
}

/// The terrain names: each with its reference, under the relief, ranked; the passes with
/// the elevations their references give. A file with mistakes names each one.
#[test]
fn terrain_names_are_referenced_and_lie_under_the_relief() {
    use casa::model::TerrainKind;
    let loaded = load_atlas(&AssetSource::Embedded);
    let terrain = &loaded.atlas.terrain;
    assert_eq!(terrain.len(), 32);
    let [west, south, east, north] = casa::render::relief::EXTENT;
    for t in terrain {
        assert!(
            t.reference.contains("Wikipedia"),
            "{}: {}",
            t.id,
            t.reference
        );
        let p = t.position;
        assert!(
            p.lon > west && p.lon < east && p.lat > south && p.lat < north,
            "{} is outside the relief",
            t.id
        );
        if let Some(m) = t.elevation_m {
            assert_eq!(t.kind, TerrainKind::Pass, "{}", t.id);
            // The elevation shown is the one the reference states, to the metre.
            let text = t.reference.replace(',', "");
            let stated: Vec<f64> = text
                .split(" m")
                .filter_map(|before| before.rsplit([' ', ';']).next()?.parse().ok())
                .collect();
            assert!(
                stated.iter().any(|s| (s - f64::from(m)).abs() < 0.5),
                "{}: {m} m is not in {:?}",
                t.id,
                t.reference
            );
        }
    }
    let names: Vec<&str> = terrain.iter().map(|t| t.name.as_str()).collect();
    for must in [
        "Pamirs",
        "Tian Shan",
        "Hindu Kush",
        "Alay Range",
        "Kopet Dag",
        "Karakum Desert",
        "Kyzylkum Desert",
        "Tarim Basin",
    ] {
        assert!(names.contains(&must), "{must} missing");
    }
    let kulma = terrain
        .iter()
        .find(|t| t.id == "kulma-pass")
        .expect("Kulma");
    assert_eq!(kulma.label(), "Kulma Pass 4,363 m");
}

#[test]
fn a_terrain_file_with_mistakes_names_each() {
    let dir = std::env::temp_dir().join(format!("casa-terrain-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for entry in std::fs::read_dir(&shipped).expect("assets") {
        let path = entry.expect("entry").path();
        if path
            .extension()
            .is_some_and(|e| e == "json" || e == "geojson")
        {
            std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    std::fs::write(
        dir.join("terrain.geojson"),
        r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","id":"hills","properties":{"name":"Hills","kind":"hill","rank":1,"reference":"x"},"geometry":{"type":"Point","coordinates":[70,40]}},
        {"type":"Feature","id":"nowhere","properties":{"name":"Nowhere","kind":"range","rank":1},"geometry":{"type":"Point","coordinates":[70,40]}},
        {"type":"Feature","id":"minor","properties":{"name":"Minor","kind":"range","rank":7,"reference":"x"},"geometry":{"type":"Point","coordinates":[70,40]}},
        {"type":"Feature","id":"good","properties":{"name":"Good","kind":"pass","rank":3,"reference":"x"},"geometry":{"type":"Point","coordinates":[70,40]}}
        ]}"#,
    )
    .expect("write");
    let loaded = load_atlas(&AssetSource::Dir(dir.clone()));
    let problems: Vec<String> = loaded
        .issues
        .iter()
        .filter(|i| i.file.ends_with("terrain.geojson"))
        .map(|i| format!("{}: {}", i.feature.as_deref().unwrap_or("-"), i.problem))
        .collect();
    assert_eq!(problems.len(), 3, "{problems:?}");
    assert!(
        problems[0].starts_with("hills: \"kind\" \"hill\" is not range"),
        "{problems:?}"
    );
    assert!(
        problems[1].contains("nowhere: empty or missing \"reference\""),
        "{problems:?}"
    );
    assert!(
        problems[2].contains("minor: \"rank\" must be 1, 2 or 3"),
        "{problems:?}"
    );
    assert_eq!(loaded.atlas.terrain.len(), 1, "the good one is kept");
    let _ = std::fs::remove_dir_all(&dir);
}
