use std::io::Write;

use serde_json::json;

use super::*;
use crate::data::user_atlas::UserArticle;
use crate::model::briefing::Scene;

fn scratch(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casa-package-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn scene(name: &str, view: [f64; 4]) -> Scene {
    serde_json::from_value(json!({ "name": name, "view": view })).expect("a scene")
}

fn briefing() -> Briefing {
    Briefing {
        title: "Kant and after".into(),
        banner: String::new(),
        scenes: vec![
            scene("Kant", [74.0, 42.0, 76.0, 43.5]),
            scene("All", [45.0, 30.0, 95.0, 56.0]),
        ],
    }
}

fn article(id: &str) -> UserArticle {
    UserArticle {
        entry: json!({ "id": id, "file": format!("{id}.txt") }),
        text: Some(format!("The text of {id}.")),
    }
}

/// A zip of these entries, as any tool could make it.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("entry");
        zip.write_all(bytes).expect("bytes");
    }
    zip.finish().expect("zip").into_inner()
}

fn manifest(layers: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({ "casa_briefing_package": 1, "scenes": 0, "layers": layers }))
        .expect("json")
}

const NO_SCENES: &[u8] = br#"{ "title": "t", "scenes": [] }"#;

#[test]
fn a_package_reads_back_what_was_packed() {
    let additions = UserAtlas {
        articles: vec![article("mine")],
        ..UserAtlas::default()
    };
    let layers = vec![
        vec![(
            "bases.geojson".to_owned(),
            b"{\"type\":\"FeatureCollection\",\"features\":[]}".to_vec(),
        )],
        vec![
            ("roads.shp".to_owned(), vec![1, 2, 3]),
            ("roads.dbf".to_owned(), vec![4, 5]),
        ],
    ];
    let bytes = build(&briefing(), &additions, &layers).expect("built");
    let package = from_bytes("p.casa", &bytes).expect("read");
    assert_eq!(package.manifest.casa_briefing_package, PACKAGE_VERSION);
    assert_eq!(package.manifest.title, "Kant and after");
    assert_eq!(package.manifest.scenes, 2);
    assert!(package.manifest.additions);
    assert_eq!(package.scenes, briefing().to_json());
    assert_eq!(package.additions, additions);
    assert_eq!(package.layers, layers);
    assert_eq!(package.fingerprint, fingerprint(&bytes));
    // Without additions, none is written or read.
    let bytes = build(&briefing(), &UserAtlas::default(), &[]).expect("built");
    let package = from_bytes("p.casa", &bytes).expect("read");
    assert!(!package.manifest.additions);
    assert!(package.additions.is_empty() && package.layers.is_empty());
}

#[test]
fn what_is_not_a_package_is_refused_with_the_reason() {
    let e = from_bytes("notes.casa", b"just text").expect_err("not a zip");
    assert!(e.contains("notes.casa") && e.contains("zip archive"), "{e}");
    let e = from_bytes("x.casa", &zip_of(&[("doc.kml", b"<kml/>")])).expect_err("no manifest");
    assert!(
        e.contains("manifest.json") && e.contains("not a CASA briefing package"),
        "{e}"
    );
    let e = from_bytes("x.casa", &zip_of(&[(MANIFEST_FILE, b"{}")])).expect_err("no version");
    assert!(e.contains("casa_briefing_package"), "{e}");
    let newer = br#"{ "casa_briefing_package": 2, "scenes": 0, "slides": [] }"#;
    let e = from_bytes("x.casa", &zip_of(&[(MANIFEST_FILE, newer)])).expect_err("newer");
    assert!(
        e.contains("version 2") && e.contains("reads version 1"),
        "{e}"
    );
    let e = from_bytes("x.casa", &zip_of(&[(MANIFEST_FILE, &manifest(json!([])))]))
        .expect_err("no scenes");
    assert!(e.contains("scenes.json"), "{e}");
    let two = br#"{ "casa_briefing_package": 1, "scenes": 2 }"#;
    let e = from_bytes(
        "x.casa",
        &zip_of(&[(MANIFEST_FILE, two), (SCENES_FILE, NO_SCENES)]),
    )
    .expect_err("count");
    assert!(e.contains("lists 2 scenes") && e.contains("holds 0"), "{e}");
    let bad = br#"{ "casa_briefing_package": 1, "scenes": 0, "additions": true }"#;
    let e = from_bytes(
        "x.casa",
        &zip_of(&[
            (MANIFEST_FILE, bad),
            (SCENES_FILE, NO_SCENES),
            (ADDITIONS_FILE, b"{}"),
        ]),
    )
    .expect_err("additions");
    assert!(
        e.contains("additions.json") && e.contains("casa_additions"),
        "{e}"
    );
}

#[test]
fn layer_names_never_leave_the_package() {
    let refused = |layers: Value, why: &str| {
        let bytes = zip_of(&[
            (MANIFEST_FILE, &manifest(layers.clone())),
            (SCENES_FILE, NO_SCENES),
        ]);
        let e = from_bytes("x.casa", &bytes).expect_err(why);
        assert!(e.contains("layers[0]"), "{why}: {e}");
        e
    };
    let e = refused(json!([["../../.bashrc.geojson"]]), "a parent folder");
    assert!(e.contains("plain name"), "{e}");
    refused(json!([["/etc/x.geojson"]]), "an absolute path");
    refused(json!([["sub/x.geojson"]]), "a folder");
    refused(json!([["C:\\x.geojson"]]), "a drive");
    let e = refused(json!([["con.geojson"]]), "a device");
    assert!(e.contains("device"), "{e}");
    let e = refused(json!([["notes.txt"]]), "not a layer");
    assert!(e.contains("not a layer file"), "{e}");
    refused(json!([[]]), "no file");
    let e = refused(json!([["a.geojson", "a.dbf"]]), "parts of a GeoJSON");
    assert!(e.contains("only a .shp has parts"), "{e}");
    refused(json!([["a.shp", "b.dbf"]]), "another stem");
    refused(json!([["a.shp", "a.exe"]]), "not a part");
    let bytes = zip_of(&[
        (
            MANIFEST_FILE,
            &manifest(json!([["A.geojson"], ["a.GEOJSON"]])),
        ),
        (SCENES_FILE, NO_SCENES),
    ]);
    let e = from_bytes("x.casa", &bytes).expect_err("twice");
    assert!(e.contains("layers[1]") && e.contains("named twice"), "{e}");
    let many: Vec<Value> = (0..=MAX_PACKAGE_LAYERS)
        .map(|i| json!([format!("l{i}.geojson")]))
        .collect();
    let bytes = zip_of(&[
        (MANIFEST_FILE, &manifest(json!(many))),
        (SCENES_FILE, NO_SCENES),
    ]);
    let e = from_bytes("x.casa", &bytes).expect_err("too many");
    assert!(e.contains("over the limit of 64"), "{e}");
    // A listed layer that is not in the archive.
    let bytes = zip_of(&[
        (MANIFEST_FILE, &manifest(json!([["a.shp", "a.prj"]]))),
        (SCENES_FILE, NO_SCENES),
    ]);
    let e = from_bytes("x.casa", &bytes).expect_err("missing");
    assert!(e.contains("layers/a.shp"), "{e}");
    // What the manifest does not name is never read, whatever its name.
    let bytes = zip_of(&[
        (MANIFEST_FILE, &manifest(json!([["a.geojson"]]))),
        (SCENES_FILE, NO_SCENES),
        ("layers/a.geojson", b"{}"),
        ("../../evil.sh", b"rm -rf"),
    ]);
    let package = from_bytes("x.casa", &bytes).expect("read");
    assert_eq!(
        package.layers,
        vec![vec![("a.geojson".to_owned(), b"{}".to_vec())]]
    );
}

#[test]
fn sizes_are_bounded_before_memory_is_taken() {
    // A manifest over its limit.
    let mut big = manifest(json!([]));
    big.extend(std::iter::repeat_n(b' ', (MAX_MANIFEST_BYTES + 1) as usize));
    let e = from_bytes("x.casa", &zip_of(&[(MANIFEST_FILE, &big)])).expect_err("big manifest");
    assert!(
        e.contains("over the limit of 1048576 bytes for this file"),
        "{e}"
    );
    // A scenes file that inflates a thousand times: refused past the ratio.
    let zeros = vec![b' '; 8 << 20];
    let bytes = zip_of(&[(MANIFEST_FILE, &manifest(json!([]))), (SCENES_FILE, &zeros)]);
    assert!(bytes.len() < 64 << 10, "{} bytes packed", bytes.len());
    let e = from_bytes("x.casa", &bytes).expect_err("bomb");
    assert!(e.contains("zip bomb"), "{e}");
    // A file that is not a regular file is never opened.
    #[cfg(unix)]
    {
        let e = read(Path::new("/dev/zero")).expect_err("a device");
        assert!(e.contains("not a file CASA can read"), "{e}");
    }
    let e = read(&scratch("folder")).expect_err("a folder");
    assert!(e.contains("a folder"), "{e}");
}

#[test]
fn unpacking_writes_a_folder_of_its_own_and_finds_it_again() {
    let root = scratch("unpack");
    let layers = vec![vec![("bases.geojson".to_owned(), b"{}".to_vec())]];
    let bytes = build(&briefing(), &UserAtlas::default(), &layers).expect("built");
    let source = Path::new("/somewhere/Kant brief?.casa");
    let first = unpack(from_bytes("p", &bytes).expect("read"), source, &root).expect("unpacked");
    assert_eq!(first.dir, root.join("Kant brief-"));
    assert!(!first.again);
    assert_eq!(
        std::fs::read_to_string(&first.scenes).expect("scenes"),
        briefing().to_json()
    );
    assert_eq!(
        first.layers,
        vec![first.dir.join("layers").join("bases.geojson")]
    );
    assert_eq!(std::fs::read(&first.layers[0]).expect("layer"), b"{}");
    // Edited since, then opened again: the same folder, the edit kept.
    std::fs::write(&first.scenes, "edited").expect("edit");
    let again = unpack(from_bytes("p", &bytes).expect("read"), source, &root).expect("again");
    assert!(again.again);
    assert_eq!(again.dir, first.dir);
    assert_eq!(
        std::fs::read_to_string(&again.scenes).expect("scenes"),
        "edited"
    );
    // Another package of the same name: a folder beside it; nothing written over.
    let other = build(&Briefing::default(), &UserAtlas::default(), &[]).expect("built");
    let second = unpack(from_bytes("p", &other).expect("read"), source, &root).expect("other");
    assert_eq!(second.dir, root.join("Kant brief- 2"));
    assert!(!second.again);
    assert_eq!(
        std::fs::read_to_string(&first.scenes).expect("scenes"),
        "edited"
    );
    // A name no folder can have.
    let odd = unpack(
        from_bytes("p", &other).expect("read"),
        Path::new("/x/CON.casa"),
        &root,
    )
    .expect("odd");
    assert_eq!(odd.dir, root.join("briefing"));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn writing_carries_a_shapefile_with_its_parts_under_names_of_their_own() {
    let dir = scratch("write");
    let a = dir.join("a");
    let b = dir.join("b");
    std::fs::create_dir_all(&a).expect("a");
    std::fs::create_dir_all(&b).expect("b");
    std::fs::write(a.join("roads.shp"), [1u8, 2]).expect("shp");
    std::fs::write(a.join("roads.DBF"), [3u8]).expect("dbf");
    std::fs::write(a.join("roads.prj"), b"GEOGCS").expect("prj");
    std::fs::write(a.join("roads.txt"), b"not a part").expect("txt");
    std::fs::write(b.join("roads.shp"), [9u8]).expect("shp");
    std::fs::write(b.join("sites"), b"{}").expect("no extension");
    let out = dir.join("out.casa");
    let contents = Contents {
        briefing: briefing(),
        additions: UserAtlas::default(),
        layers: vec![a.join("roads.shp"), b.join("roads.shp"), b.join("sites")],
    };
    let done = write(&out, &contents).expect("written");
    assert!(done.contains("2 scenes, 3 layers"), "{done}");
    let package = read(&out).expect("read");
    // (A case-insensitive file system finds roads.DBF by its lower-case name.)
    let names: Vec<Vec<String>> = package
        .layers
        .iter()
        .map(|l| l.iter().map(|(n, _)| n.to_lowercase()).collect())
        .collect();
    assert_eq!(
        names,
        vec![
            vec!["roads.shp", "roads.dbf", "roads.prj"],
            vec!["layer-4.shp"],
            vec!["sites.geojson"]
        ]
    );
    assert_eq!(package.layers[0][1].1, vec![3u8]);
    // A layer that cannot be read: nothing written, the file named.
    let contents = Contents {
        layers: vec![dir.join("gone.geojson")],
        ..Contents::default()
    };
    let e = write(&dir.join("other.casa"), &contents).expect_err("missing layer");
    assert!(e.contains("gone.geojson"), "{e}");
    assert!(!dir.join("other.casa").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_the_entries_the_scenes_show_or_cite_are_shared() {
    let loaded = crate::data::load_atlas(&crate::data::AssetSource::Embedded);
    let atlas = &loaded.atlas;
    let kant = atlas
        .features
        .iter()
        .find(|f| f.id == "ru-kant-air-base")
        .expect("Kant");
    let at = kant.shape.anchor().expect("a place");
    // A feature far from the scene (which shows Kant), on a layer shown by default (so
    // only the distance leaves it out).
    let far = atlas
        .features
        .iter()
        .find(|f| {
            crate::model::layers::FeatureLayer::of(f).on_by_default()
                && f.shape
                    .anchor()
                    .is_some_and(|p| (p.lon - at.lon).abs() > 5.0 || (p.lat - at.lat).abs() > 5.0)
        })
        .map(|f| f.id.clone())
        .expect("a feature far from Kant");
    let feature = |id: &str, article: &str| json!({ "type": "Feature", "id": id, "properties": { "sources": [{ "article": article, "quote": "q" }] } });
    let user = UserAtlas {
        articles: ["on-kant", "on-nothing", "in-caption", "on-far", "on-csto"]
            .into_iter()
            .map(article)
            .collect(),
        // The user's own features, here standing in by shipped ids (so the atlas has them).
        features: vec![
            feature("ru-kant-air-base", "on-kant"),
            feature("not-in-atlas", "on-nothing"),
        ],
        citations: vec![
            json!({ "feature": "ru-kant-air-base", "article": "on-kant", "quote": "q" }),
            json!({ "feature": far, "article": "on-far", "quote": "q" }),
            json!({ "membership": { "organisation": "CSTO", "country": "KGZ", "from": "1994" }, "article": "on-csto", "quote": "q" }),
        ],
        corrections: vec![
            json!({ "feature": "ru-kant-air-base", "correction": {} }),
            json!({ "feature": "not-in-atlas", "correction": {} }),
        ],
        ..UserAtlas::default()
    };
    let mut briefing = briefing();
    briefing.scenes.truncate(1);
    briefing.scenes[0].sources = vec![SceneSource::Quote {
        article: "in-caption".into(),
        quote: "q".into(),
    }];
    let shared = cited_additions(&briefing, atlas, &user);
    assert_eq!(shared.features, vec![user.features[0].clone()]);
    assert_eq!(shared.citations, vec![user.citations[0].clone()]);
    assert_eq!(shared.corrections, vec![user.corrections[0].clone()]);
    let ids: Vec<_> = shared.articles.iter().filter_map(UserArticle::id).collect();
    assert_eq!(ids, ["on-kant", "in-caption"]);
    // The scene hatches the CSTO: its membership citations go with it.
    briefing.scenes[0].organisations = vec!["CSTO".into()];
    let shared = cited_additions(&briefing, atlas, &user);
    assert_eq!(shared.citations.len(), 2);
    // A scene that shows no layers shows none of the user's features, but still the one
    // it selects.
    briefing.scenes[0].organisations.clear();
    briefing.scenes[0].layers = Some(Vec::new());
    let shared = cited_additions(&briefing, atlas, &user);
    assert!(shared.features.is_empty(), "{:?}", shared.features);
    briefing.scenes[0].select = Some("ru-kant-air-base".into());
    let shared = cited_additions(&briefing, atlas, &user);
    assert_eq!(shared.features.len(), 1);
    // A ring centred on the far feature needs it: the user's citation on it goes too.
    briefing.scenes[0].annotations = vec![
        serde_json::from_value(json!({ "kind": "ring", "center": far, "radius_km": 100 }))
            .expect("a ring"),
    ];
    let shared = cited_additions(&briefing, atlas, &user);
    assert_eq!(
        shared.citations,
        vec![user.citations[0].clone(), user.citations[1].clone()]
    );
    let ids: Vec<_> = shared.articles.iter().filter_map(UserArticle::id).collect();
    assert_eq!(ids, ["on-kant", "in-caption", "on-far"]);
}

#[test]
fn what_a_view_shows_is_wider_than_its_box_on_any_screen() {
    let area = shown_area([70.0, 40.0, 72.0, 50.0].into());
    // A tall box on a 21:9 screen: 10° tall shows 23.3° across, and a quarter more.
    assert!((area.width() - 35.0).abs() < 1e-9, "{area:?}");
    assert!((area.height() - 15.0).abs() < 1e-9, "{area:?}");
    let area = shown_area([60.0, 40.0, 80.0, 42.0].into());
    assert!((area.width() - 30.0).abs() < 1e-9, "{area:?}");
    assert!((area.height() - 22.5).abs() < 1e-9, "{area:?}");
}
