//! Hit-testing on the shipped atlas: enclaves, leased territory, water.

use casa::data::{AssetSource, load_atlas};
use casa::geo::projection::{Albers, LonLat};
use casa::render::MapGeometry;
use casa::render::hit_test::HitIndex;

fn country_at(lon: f64, lat: f64) -> Option<String> {
    thread_local! {
        static INDEX: (casa::model::Atlas, MapGeometry, HitIndex) = {
            let atlas = load_atlas(&AssetSource::Embedded).atlas;
            let geometry = MapGeometry::build(&atlas, Albers::central_asia());
            let hit = HitIndex::build(&geometry);
            (atlas, geometry, hit)
        };
    }
    INDEX.with(|(atlas, geometry, hit)| {
        let w = geometry.projection.project(LonLat::new(lon, lat));
        hit.country_at(w).map(|i| atlas.countries[i].id.0.clone())
    })
}

#[test]
fn fergana_enclaves() {
    // Sokh (Uzbekistan) inside Kyrgyzstan.
    assert_eq!(country_at(71.10, 39.96).as_deref(), Some("UZB"));
    // Shakhimardan (Uzbekistan).
    assert_eq!(country_at(71.72, 39.95).as_deref(), Some("UZB"));
    // Vorukh (Tajikistan).
    assert_eq!(country_at(70.60, 39.83).as_deref(), Some("TJK"));
    // The Kyrgyz land around them: Batken, and between the enclaves.
    assert_eq!(country_at(70.82, 40.06).as_deref(), Some("KGZ"));
    assert_eq!(country_at(71.30, 39.95).as_deref(), Some("KGZ"));
    assert_eq!(country_at(70.70, 39.90).as_deref(), Some("KGZ"));
}

#[test]
fn capitals_fall_in_their_countries() {
    for (lon, lat, id) in [
        (71.45, 51.17, "KAZ"),
        (74.60, 42.87, "KGZ"),
        (68.77, 38.56, "TJK"),
        (58.38, 37.95, "TKM"),
        (69.24, 41.31, "UZB"),
        (37.62, 55.75, "RUS"),
        (116.40, 39.90, "CHN"),
    ] {
        assert_eq!(country_at(lon, lat).as_deref(), Some(id), "{lon},{lat}");
    }
}

#[test]
fn baikonur_is_its_own_area_and_the_caspian_is_no_country() {
    assert_eq!(country_at(63.31, 45.62).as_deref(), Some("KAZ-BAIKONUR"));
    assert_eq!(country_at(50.5, 42.0), None);
    // Chukotka, across the antimeridian.
    assert_eq!(country_at(-175.0, 66.0).as_deref(), Some("RUS"));
}
