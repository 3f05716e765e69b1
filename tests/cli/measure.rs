//! `casa measure A B` as an analyst runs it: features, capitals and lat,lon resolved and
//! named, the geodesic distance (km, one decimal) and initial bearing; an ambiguous name
//! lists its candidates, an unknown one exits 1 naming it.
//!
//! Expected values were computed with GeographicLib 2.1 (Karney's Python package,
//! `Geodesic.WGS84.Inverse`) from the positions in `assets/`: Kant air base [74.846,
//! 42.853] to Astana [71.42777, 51.18113] is 961,350.884 m at −14.443° (345.557°);
//! Dushanbe [68.77388, 38.56004] to Tashkent [69.26882, 41.30383] is 307,574.023 m at 7.748°.

use std::process::{Command, Output};

fn measure(a: &str, b: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casa"))
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["measure", a, b])
        .output()
        .expect("casa runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_feature_to_a_capital() {
    let out = measure("Kant", "Astana");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Kant air base (ru-kant-air-base)"), "{text}");
    assert!(text.contains("position approximate"), "{text}");
    assert!(text.contains("Astana (capital of Kazakhstan)"), "{text}");
    assert!(text.contains("distance 961.4 km"), "{text}");
    assert!(text.contains("initial bearing 345.6°"), "{text}");
    assert!(
        text.contains("note: the position of Kant air base (ru-kant-air-base) is approximate"),
        "an approximate end is said: {text}"
    );
}

#[test]
fn two_capitals_by_id_and_by_name() {
    let out = measure("capital-tjk", "tashkent");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Dushanbe (capital of Tajikistan)"), "{text}");
    assert!(text.contains("distance 307.6 km"), "{text}");
    assert!(text.contains("initial bearing 7.7°"), "{text}");
    assert!(!text.contains("note:"), "capitals are exact: {text}");
}

#[test]
fn coordinates_are_lat_lon() {
    // GeographicLib's test case: 35.60777,-139.44815 to -11.17491,-69.95921 is
    // 8,935,244.560 m at 111.0987°.
    let out = measure("35.60777,-139.44815", "-11.17491, -69.95921");
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("distance 8,935.2 km"), "{text}");
    assert!(text.contains("initial bearing 111.1°"), "{text}");
    assert!(
        text.contains("from the position 35.60777,-139.44815  [35.6078°N 139.4481°W]"),
        "{text}"
    );
}

#[test]
fn an_ambiguous_name_lists_its_candidates() {
    let out = measure("201st", "Astana");
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("\"201st\" is ambiguous"), "{err}");
    for name in [
        "201st military base",
        "201st base garrison, Kulob",
        "201st base garrison, Bokhtar",
    ] {
        assert!(err.contains(name), "{name} missing: {err}");
    }
    assert!(stdout(&out).is_empty());
}

#[test]
fn an_unknown_name_or_position_exits_1_naming_it() {
    let out = measure("Kant", "Atlantis");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no feature or place matches \"Atlantis\""));
    let out = measure("95,10", "Kant");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("latitude 95 is outside -90..90"),
        "{}",
        stderr(&out)
    );
}
