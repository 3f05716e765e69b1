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
