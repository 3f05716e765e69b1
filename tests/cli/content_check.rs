//! The content loader on small fixture files: each bad case gets its precise message, the
//! valid features beside it still load, and the shipped data passes `casa check`.

use std::path::{Path, PathBuf};

use casa::data::{AssetSource, Loaded, SeedSource, Severity, load};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/content")
}

/// The base fixture folder with one file replaced by a case's version.
fn load_case(case: &str) -> Loaded {
    let dir = std::env::temp_dir().join(format!("casa-content-{}-{case}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for entry in std::fs::read_dir(fixtures().join("base")).expect("base fixtures") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.join(path.file_name().expect("name"))).expect("copy");
    }
    for (suffix, target) in [
        (".features.geojson", "features.geojson"),
        (".memberships.json", "memberships.json"),
        (".scenes.json", "scenes.json"),
    ] {
        let case_file = fixtures().join("cases").join(format!("{case}{suffix}"));
        if case_file.exists() {
            std::fs::copy(case_file, dir.join(target)).expect("copy case");
        }
    }
    let loaded = load(
        &AssetSource::Dir(dir.clone()),
        &SeedSource::Dir(fixtures().join("seeds")),
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
    loaded
}

fn lines(loaded: &Loaded) -> Vec<String> {
    loaded.issues.iter().map(ToString::to_string).collect()
}

/// Each case skips exactly the bad feature, with this message, and keeps the good one.
#[test]
fn each_bad_feature_gets_a_precise_message_and_the_good_one_loads() {
    let cases: &[(&str, &str)] = &[
        (
            "quote-not-in-article",
            "features.geojson: bad: source 0 (fixture): the quote is not in the article; nearest sentence: \"The Alpha base will operate until at least 2030.\" (they differ after \"The Alpha base will operate until at least 203\")",
        ),
        (
            "quote-in-furniture",
            "features.geojson: bad: source 0 (fixture): the quote is only in page furniture (pull-quote), not in what the article says",
        ),
        (
            "unknown-article",
            "features.geojson: bad: source 0: unknown article \"nope\" (known: fixture)",
        ),
        (
            "duplicate-id",
            "features.geojson: alpha-base: duplicate id; only the first feature with it is kept",
        ),
        (
            "latitude-out-of-range",
            "features.geojson: bad: latitude 95 is beyond ±90 (are longitude and latitude swapped?)",
        ),
        (
            "swapped-coordinates",
            "features.geojson: bad: the point [41, 71] falls in no country, not in AAA — with longitude and latitude swapped it would; are they swapped?",
        ),
        (
            "wrong-country",
            "features.geojson: bad: the point [73, 41] falls in Beta (BBB), not in AAA",
        ),
        ("empty-name", "features.geojson: bad: empty \"name\""),
        (
            "unknown-actor",
            "features.geojson: bad: properties: unknown variant `rusia`, expected one of `russia`, `china`, `csto`, `sco`, `national`, `other`",
        ),
        (
            "unknown-kind",
            "features.geojson: bad: properties: unknown variant `castle`, expected one of",
        ),
        (
            "unknown-country",
            "features.geojson: bad: unknown country \"ZZZ\" (not in countries.geojson)",
        ),
        (
            "no-sources",
            "features.geojson: bad: no sources; every fact needs a quote or a named reference",
        ),
        (
            "figure-not-in-quote",
            "features.geojson: bad: figure \"troops\": \"2 000\" is not in the quote it cites (source 0)",
        ),
        (
            "period-backwards",
            "features.geojson: bad: the period ends (2019) before it starts (2021)",
        ),
    ];
    for (case, expected) in cases {
        let loaded = load_case(case);
        let got = lines(&loaded);
        assert_eq!(got.len(), 1, "{case}: {got:#?}");
        assert!(
            got[0].starts_with(expected),
            "{case}:\n got {}\nwant {expected}",
            got[0]
        );
        assert_eq!(loaded.issues[0].severity, Severity::Error, "{case}");
        let ids: Vec<&str> = loaded
            .atlas
            .features
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(ids, ["alpha-base"], "{case}: the valid feature still loads");
    }
}

#[test]
fn malformed_json_names_the_line_and_column_and_the_rest_loads() {
    let loaded = load_case("malformed-json");
    // The scene that selects a feature of the broken file is skipped too, and says why.
    assert_eq!(
        lines(&loaded),
        [
            "features.geojson: invalid JSON at line 3, column 30: expected `,` or `}`",
            "scenes.json: scene 1 “Alpha”: \"select\": \"alpha-base\" is neither a feature id nor a country id; the scene selects nothing"
        ]
    );
    assert!(loaded.atlas.features.is_empty());
    assert_eq!(loaded.atlas.countries.len(), 2);
    assert_eq!(loaded.atlas.memberships.len(), 1);
}

#[test]
fn bad_scenes_are_skipped_one_by_one_with_what_is_wrong() {
    let loaded = load_case("bad-scenes");
    let got = lines(&loaded);
    let expected = [
        "scenes.json: scene 2 “Misquoted”: source 0 (fixture): the quote is not in the article",
        "scenes.json: scene 3 “Upside down”: \"view\" is [west, south, east, north]; got west 60 ≥ east 80 or south 45 ≥ north 35",
        "scenes.json: scene 4 “Typo in a layer”: unknown layer \"sites-rusia\" (known: sites-russia,",
        "scenes.json: scene 5 “Unknown selection”: \"select\": \"omega-base\" is neither a feature id nor a country id; the scene selects nothing",
        "scenes.json: scene 6 “Year out of range”: compare: year 1850 is outside 1991–2026",
        "scenes.json: scene 7 “Misspelt field”: unknown field `organisation`, expected one of",
        "scenes.json: scene 8: missing field `name`",
    ];
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for (got, want) in got.iter().zip(expected) {
        assert!(got.starts_with(want), "\n got {got}\nwant {want}");
    }
    let names: Vec<&str> = loaded
        .briefing
        .scenes
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Good", "Unknown selection"],
        "the valid scenes still load; one that selects nothing loads with a warning"
    );
}

#[test]
fn bad_memberships_are_skipped_one_by_one() {
    let loaded = load_case("membership-ends-before-it-starts");
    assert_eq!(
        lines(&loaded),
        [
            "memberships.json: ORG/BBB/2012: the membership ends (2006) before it starts (2012)",
            "memberships.json: NOPE/BBB/2012: unknown organisation \"NOPE\"",
            "memberships.json: ORG/BBB/2012: not a valid membership: unknown variant `founder`, expected one of `member`, `associate`, `observer`, `dialogue-partner`, `partner`, `suspended`, `withdrawn`",
        ]
    );
    assert_eq!(loaded.atlas.memberships.len(), 1);
    assert_eq!(loaded.atlas.features.len(), 1);
}

#[test]
fn the_fixture_corpus_keeps_furniture_out_of_sentences() {
    let loaded = load_case("none");
    assert!(loaded.issues.is_empty(), "{:#?}", lines(&loaded));
    let article = &loaded.corpus.articles[0];
    let sentences: Vec<&str> = (0..article.sentences.len())
        .map(|i| article.sentence_text(i))
        .collect();
    assert_eq!(
        sentences,
        [
            "The Alpha base will operate until at least 2030.",
            "It hosts 1 000 troops.",
            "Photo: the Alpha base at dawn.",
        ]
    );
    // The other sentences naming "Alpha base" are offered as "also mentioned" (the caption
    // too); the pull-quote repeating one is not, nor is the sentence already quoted.
    let feature = &loaded.atlas.features[0];
    let mentioned: Vec<&str> = feature
        .mentions
        .iter()
        .map(|m| article.sentence_text(m.sentence))
        .collect();
    assert_eq!(
        mentioned,
        [
            "The Alpha base will operate until at least 2030.",
            "Photo: the Alpha base at dawn."
        ]
    );
}

#[test]
fn the_shipped_data_passes_check() {
    let loaded = load(&AssetSource::Embedded, &SeedSource::Embedded);
    let report = casa::cli::check(&loaded);
    assert!(report.ok, "{}", report.text);
    assert!(loaded.issues.is_empty(), "{}", report.text);
    assert_eq!(loaded.corpus.articles.len(), 5);
    assert!(loaded.atlas.features.len() >= 40);
    for f in &loaded.atlas.features {
        assert!(!f.sources.is_empty(), "{} has no source", f.id);
    }
    assert!(report.text.contains("check passed: 0 error(s)"));
}

#[test]
fn metadata_mistakes_name_the_article_and_skip_only_it() {
    let dir = std::env::temp_dir().join(format!("casa-seeds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::copy(
        fixtures().join("seeds/fixture.txt"),
        dir.join("fixture.txt"),
    )
    .expect("copy");
    std::fs::write(
        dir.join("articles.json"),
        r#"{"articles":[
            {"id":"fixture","file":"fixture.txt","title":null,"outlet":null,"authors":null,"date":null},
            {"id":"gone","file":"missing.txt","title":null,"outlet":null,"authors":null,"date":null},
            {"id":"lines","file":"fixture.txt","title":null,"outlet":null,"authors":null,"date":null,"parts":[{"lines":[4,9],"kind":"byline"}]},
            {"id":"typo","file":"fixture.txt","titel":"x","outlet":null,"authors":null,"date":null},
            {"id":"when","file":"fixture.txt","title":null,"outlet":null,"authors":null,"date":"2022-13"}
        ]}"#,
    )
    .expect("write");
    let loaded = load(
        &AssetSource::Dir(fixtures().join("base")),
        &SeedSource::Dir(dir.clone()),
    );
    std::fs::remove_dir_all(&dir).expect("clean up");
    let got = lines(&loaded);
    assert_eq!(got.len(), 4, "{got:#?}");
    assert!(
        got[0].starts_with("articles.json: gone: cannot read "),
        "{}",
        got[0]
    );
    assert!(got[0].contains("missing.txt"));
    assert_eq!(
        got[1],
        "articles.json: lines: part \"byline\" names lines 4–9, but fixture.txt has lines 1–6"
    );
    assert!(
        got[2].starts_with("articles.json: typo: not a valid article entry: unknown field `titel`"),
        "{}",
        got[2]
    );
    assert!(
        got[3].starts_with(
            "articles.json: when: not a valid article entry: \"2022-13\": month 13 is not 1–12"
        ),
        "{}",
        got[3]
    );
    assert_eq!(loaded.corpus.articles.len(), 1);
    // Unknown fields stay unknown and say so.
    let meta = &loaded.corpus.articles[0].meta;
    assert_eq!(meta.authors_text(), "author unknown");
    assert_eq!(meta.date_text(), "date unknown");
}

/// The real binary: `casa check` passes on the shipped data and `casa info "Kant"` prints
/// what the articles say with their sources.
#[test]
fn the_command_line_checks_and_informs() {
    let bin = env!("CARGO_BIN_EXE_casa");
    let check = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .arg("check")
        .output()
        .expect("run casa check");
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{out}");
    assert!(out.contains("quotes verified verbatim"), "{out}");

    let info = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["info", "Kant"])
        .output()
        .expect("run casa info");
    let out = String::from_utf8_lossy(&info.stdout);
    assert!(info.status.success(), "{out}");
    assert!(
        out.starts_with("Kant air base  [ru-kant-air-base]"),
        "{out}"
    );
    assert!(out.contains("«Under current agreements, Russia’s Kant airbase in Kyrgyzstan will operate until at least 2027»"), "{out}");
    assert!(
        out.contains("The Diplomat, author unknown, January 2022"),
        "{out}"
    );

    let json = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["info", "Wakan", "--json"])
        .output()
        .expect("run casa info --json");
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["id"], "wakhan-corridor");
    assert_eq!(
        value["sources"][0]["passage"]["outlet"],
        "Caspian Policy Center"
    );

    let bad = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["check", "--assets"])
        .arg(fixtures().join("base"))
        .arg("--seeds")
        .arg(std::env::temp_dir().join("casa-no-such-seeds"))
        .output()
        .expect("run casa check on a bad folder");
    let out = String::from_utf8_lossy(&bad.stdout);
    assert!(!bad.status.success());
    assert!(out.contains("error: articles.json: cannot read "), "{out}");
    assert!(out.contains("check FAILED"), "{out}");

    let none = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["info", "no such thing"])
        .output()
        .expect("run casa info");
    assert!(!none.status.success());
}

#[test]
fn search_is_tolerant_of_the_corpus_spellings() {
    let loaded = load(&AssetSource::Embedded, &SeedSource::Embedded);
    let ids = |q: &str| -> Vec<String> {
        casa::query::search::find_features(&loaded.atlas, q)
            .iter()
            .map(|f| f.id.clone())
            .collect()
    };
    assert_eq!(ids("Wakan"), ["wakhan-corridor"]);
    assert_eq!(ids("wakhan corridor"), ["wakhan-corridor"]);
    assert_eq!(ids("Kant"), ["ru-kant-air-base"]);
    assert_eq!(ids("Edelweis"), ["edelweiss-training-area"]);
    assert_eq!(ids("rubezh 2021"), ["rubezh-2021"]);
    assert_eq!(ids("GBAO"), ["gbao"]);
    assert!(ids("Kazak oil").contains(&"novorossiysk-blockades-2022".to_owned()));
    assert!(ids("qwertyuiop").is_empty());
}

/// A correction must name the reference it rests on: without one it is refused (an error,
/// so `casa check` fails) and not shown, and the feature it belongs to still loads.
#[test]
fn a_correction_without_a_reference_is_refused() {
    let loaded = load_case("correction-without-reference");
    assert_eq!(
        lines(&loaded),
        [
            "features.geojson: alpha-base: corrections[0]: a correction of \"period\" has no \"reference\"; the record must be named; the correction is not shown"
        ]
    );
    assert_eq!(loaded.issues[0].severity, Severity::Error);
    assert!(!casa::cli::check(&loaded).ok);
    let f = &loaded.atlas.features[0];
    assert!(f.corrections.is_empty());
    assert_eq!(
        f.reviewed.as_ref().map(|r| r.against.clone()),
        Some(vec!["Fixture gazetteer".to_owned()])
    );
}

/// Every number and date in a caption must be in what the scene cites (quotes, references
/// or corrections); one that is not fails the check, and the scene is still shown.
#[test]
fn a_caption_with_a_number_its_sources_lack_fails_the_check() {
    let loaded = load_case("caption-beyond-sources");
    assert_eq!(
        lines(&loaded),
        [
            "scenes.json: scene 1 “Overreach”: caption: \"2000\" is in none of the scene's sources (quotes, references or corrections); cite where it comes from (the scene is shown as it is)",
            "scenes.json: scene 1 “Overreach”: caption: \"2031\" is in none of the scene's sources (quotes, references or corrections); cite where it comes from (the scene is shown as it is)",
        ]
    );
    assert!(!casa::cli::check(&loaded).ok);
    // The second scene's 2035 comes from its correction, with the correction's reference.
    assert_eq!(loaded.briefing.scenes.len(), 2);
    assert_eq!(loaded.briefing.scenes[1].corrections.len(), 1);
}

/// `casa info COUNTRY` prints what the country panel shows, for every country of the
/// atlas; a place a placement names finds the features placed there.
#[test]
fn casa_info_answers_for_countries_and_places() {
    let loaded = load(&AssetSource::Embedded, &SeedSource::Embedded);
    for c in &loaded.atlas.countries {
        let text =
            casa::cli::info(&loaded, &c.name, false).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert!(
            text.starts_with(&format!("{}  [{}]", c.name, c.id.0)),
            "{text}"
        );
        assert!(text.contains("Memberships:"), "{text}");
        let features = loaded
            .atlas
            .features
            .iter()
            .filter(|f| f.countries.contains(&c.id))
            .count();
        assert!(
            text.contains(&format!("Features in {}: {features}", c.name)),
            "{text}"
        );
    }
    let bin = env!("CARGO_BIN_EXE_casa");
    let out = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["info", "kazakhstan"])
        .output()
        .expect("run casa info kazakhstan");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.starts_with("Kazakhstan  [KAZ]"), "{text}");
    assert!(
        text.contains("CSTO (Collective Security Treaty Organization)"),
        "{text}"
    );
    assert!(text.contains("“Kazakhstan, Tajikistan and Kyrgyzstan are all members of the CSTO.” — Lennart Meri Conference"), "{text}");
    assert!(text.contains("csto-kazakhstan-2022"), "{text}");
    let json = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["info", "KGZ", "--json"])
        .output()
        .expect("run casa info KGZ --json");
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["name"], "Kyrgyzstan");
    assert!(
        value["features"]
            .as_array()
            .is_some_and(|f| f.iter().any(|id| id == "ru-kant-air-base"))
    );

    // Almaty is no feature's name, but the CSTO deployment is placed there.
    let found: Vec<&str> = casa::query::search::find_features(&loaded.atlas, "Almaty")
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(found.contains(&"csto-kazakhstan-2022"), "{found:?}");
    let out = std::process::Command::new(bin)
        .env(
            "CASA_DATA_DIR",
            std::env::temp_dir().join("casa-test-no-user-data"),
        )
        .args(["info", "Almaty"])
        .output()
        .expect("run casa info Almaty");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("csto-kazakhstan-2022"), "{text}");
}

/// Every shipped feature, membership period, organisation, country fact and caption
/// carries its review against the public record, and every correction names its reference.
#[test]
fn every_shipped_item_carries_its_review() {
    let loaded = load(&AssetSource::Embedded, &SeedSource::Embedded);
    let atlas = &loaded.atlas;
    let missing: Vec<String> = atlas
        .features
        .iter()
        .filter(|f| f.reviewed.is_none())
        .map(|f| f.id.clone())
        .chain(
            atlas
                .memberships
                .iter()
                .filter(|m| m.reviewed.is_none())
                .map(|m| format!("{}/{}/{}", m.organisation, m.country.0, m.from)),
        )
        .chain(
            atlas
                .organisations
                .iter()
                .filter(|o| o.reviewed.is_none() || o.date_rule.is_none())
                .map(|o| o.id.clone()),
        )
        .chain(
            atlas
                .facts
                .iter()
                .filter(|f| f.reviewed.is_none())
                .map(|f| f.id.clone()),
        )
        .chain(
            loaded
                .briefing
                .scenes
                .iter()
                .filter(|s| s.reviewed.is_none())
                .map(|s| s.name.clone()),
        )
        .collect();
    assert!(missing.is_empty(), "not reviewed: {missing:#?}");
}

/// Every character the shipped atlas and articles can show has a glyph in the app's fonts
/// (a missing one draws as a box on a projector): the asset files' strings and the
/// articles' text.
#[test]
fn every_shipped_character_has_a_glyph() {
    use egui::epaint::text::{FontDefinitions, Fonts, TextOptions};
    use egui::{FontFamily, FontId};
    fn strings(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => out.push_str(s),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    for file in [
        "features.geojson",
        "memberships.json",
        "country_facts.json",
        "scenes.json",
        "places.geojson",
    ] {
        let raw = std::fs::read_to_string(root.join("assets").join(file)).expect("asset");
        strings(&serde_json::from_str(&raw).expect("JSON"), &mut text);
    }
    let loaded = load(&AssetSource::Embedded, &SeedSource::Embedded);
    for a in &loaded.corpus.articles {
        text.push_str(&a.text);
    }
    let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
    let font = FontId::new(14.0, FontFamily::Proportional);
    let mut missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_control() && !fonts.has_glyph(&font, *c))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    assert!(missing.is_empty(), "no glyph for {missing:?}");
}
