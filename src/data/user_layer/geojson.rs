//! GeoJSON layers: RFC 7946 read leniently and linted as geojsonhint does, every problem
//! with its JSON path (`features[3].geometry.coordinates[0][2]`). The text is split into
//! features without parsing them (each a slice of the file), the features are converted on
//! all cores and merged in file order, and every polygon is checked for crossing rings in
//! O(n log n) ([`super::validity`]).

use serde_json::value::RawValue;

use super::members::{Kind, Members, canonical, error, join, notice, string, warning};
use super::scan;
use super::shapes::{Crs, GEOMETRY_TYPES, Reader};
use super::{
    Budget, LayerError, Lint, MAX_JSON_DEPTH, Progress, Shapes, UserFeature, UserLayer, admit,
    finish, refused,
};
use crate::data::LoadIssue;

/// Parses GeoJSON text as a layer; `file` names it in messages.
pub fn parse_layer(name: &str, file: &str, text: &str) -> Result<UserLayer, LayerError> {
    parse_layer_with(name, file, text, &Progress::default())
}

/// [`parse_layer`], reporting progress and stopping when asked.
///
/// A FeatureCollection is first cut into its members and features by [`scan`] (brackets
/// matched, nothing parsed), so the features are parsed once, on every core. Whatever the
/// scan or a feature's own parse finds out of place sends the file to the full parse,
/// which accepts and refuses exactly what `serde_json` does, with the line and column.
pub fn parse_layer_with(
    name: &str,
    file: &str,
    text: &str,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(refused(file, "the file is empty"));
    }
    let most = (Budget::for_file(text.len()).allowed / FEATURE_ROOM) as usize;
    if let Some((top, features)) = scanned(text, most) {
        match read(name, file, text, &top, Some(features), progress) {
            Err(Stop::Reparse) => {}
            // Refused before every feature was read: if the text is not JSON after all,
            // the full parse says so, as it would have first.
            Err(Stop::Layer(e))
                if e == LayerError::Cancelled
                    || serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() =>
            {
                return Err(e);
            }
            Err(Stop::Layer(_)) => {}
            Ok(layer) => return Ok(layer),
        }
    }
    parse_whole(name, file, text, progress)
}

/// The full parse: the whole text checked by `serde_json`, then read.
fn parse_whole(
    name: &str,
    file: &str,
    text: &str,
    progress: &Progress,
) -> Result<UserLayer, LayerError> {
    let top: Members<'_> = serde_json::from_str(text).map_err(|e| not_geojson(file, &e))?;
    read(name, file, text, &top, None, progress).map_err(|stop| match stop {
        Stop::Layer(e) => e,
        // Every feature was checked as JSON by the full parse: a feature's own parse
        // cannot find a syntax error there.
        Stop::Reparse => refused(file, "not valid JSON"),
    })
}

/// A FeatureCollection's members other than `features`, and its features, as the scan
/// cut them; `None` for a file the full parse reads instead (not an object, no
/// `features` array or more than one, a member that is not valid JSON, more than `most`
/// features).
fn scanned(text: &str, most: usize) -> Option<(Members<'_>, Vec<&str>)> {
    let (members, features) = scan::object_members(text, Some(("\"features\"", most)))?;
    let (top, _) = Members::apart(members, "features")?;
    Some((top, features?))
}

/// Why reading a file stopped.
enum Stop {
    /// Nothing can be read from it.
    Layer(LayerError),
    /// A feature cut out by the scan is not valid JSON: the full parse says where.
    Reparse,
}

impl From<LayerError> for Stop {
    fn from(e: LayerError) -> Stop {
        Stop::Layer(e)
    }
}

/// Why the full parse refused the file: not JSON (with the line and column), or JSON that
/// is not GeoJSON.
fn not_geojson(file: &str, e: &serde_json::Error) -> LayerError {
    if e.is_data() {
        refused(file, format!("not GeoJSON: {}", json_problem(e)))
    } else {
        refused(
            file,
            format!(
                "not valid JSON at line {}, column {}: {}",
                e.line(),
                e.column(),
                json_problem(e)
            ),
        )
    }
}

/// Reads the file whose top object is `top`: a FeatureCollection's features are
/// `features` if the scan cut them out, else split from `top`'s `features` member.
fn read(
    name: &str,
    file: &str,
    text: &str,
    top: &Members<'_>,
    features: Option<Vec<&str>>,
    progress: &Progress,
) -> Result<UserLayer, Stop> {
    let mut layer = UserLayer {
        name: name.to_owned(),
        ..UserLayer::default()
    };
    let crs = match top.get("crs") {
        None => Crs::LonLat,
        Some(raw) => {
            let (crs, note) = read_crs(raw).map_err(|problem| refused(file, problem))?;
            layer.notes.push(note);
            crs
        }
    };
    let Some(given) = top.string("type") else {
        return Err(refused(file, "not GeoJSON: no \"type\" member at the top").into());
    };
    let mut types = GEOMETRY_TYPES.to_vec();
    types.extend(["Feature", "FeatureCollection"]);
    let Some((kind, exact)) = canonical(&given, &types) else {
        return Err(refused(
            file,
            format!(
                "not GeoJSON: unknown type {given:?} (expected FeatureCollection, Feature or a geometry)"
            ),
        )
        .into());
    };
    if !exact {
        file_lint(
            &mut layer,
            file,
            warning(
                "type",
                format!("type {given:?} read as \"{kind}\" (GeoJSON types are case-sensitive)"),
            ),
        );
    }
    if features.is_some() && kind != "FeatureCollection" {
        // Only a FeatureCollection's features are read from the scan's slices; any other
        // object is parsed whole.
        return Err(Stop::Reparse);
    }
    let mut budget = Budget::for_file(text.len());
    match kind {
        "FeatureCollection" => {
            let mut lints = Vec::new();
            let forbidden = ["coordinates", "geometries", "geometry", "properties"];
            top.lint("", "a FeatureCollection", &forbidden, &mut lints);
            for lint in lints {
                file_lint(&mut layer, file, lint);
            }
            let scanned = features.is_some();
            let features = match features {
                Some(features) => features,
                None => listed(top, file, budget.allowed)?,
            };
            collection(
                &mut layer,
                &mut budget,
                file,
                crs,
                &features,
                scanned,
                progress,
            )?;
        }
        "Feature" => {
            let c = convert(0, text, crs, "");
            budget.add(&c.budget);
            admit(
                &mut layer,
                &mut budget,
                file,
                0,
                c.id.as_deref(),
                c.feature,
                c.lints,
            )?;
        }
        _ => {
            let raw: &RawValue = serde_json::from_str(text)
                .map_err(|e| refused(file, format!("not GeoJSON: {}", json_problem(&e))))?;
            let c = bare_geometry(raw, crs);
            budget.add(&c.budget);
            admit(&mut layer, &mut budget, file, 0, None, c.feature, c.lints)?;
        }
    }
    Ok(finish(layer, file, &budget)?)
}

/// The features of `top`'s `features` member, each as its text; no more than a budget of
/// `allowed` bytes may hold.
fn listed<'a>(top: &Members<'a>, file: &str, allowed: u64) -> Result<Vec<&'a str>, LayerError> {
    let raw = top
        .get("features")
        .ok_or_else(|| refused(file, "a FeatureCollection without \"features\""))?;
    // Counted as they are listed: no more than the import may hold is kept.
    let most = (allowed / FEATURE_ROOM) as usize;
    let mut seq = serde_json::Deserializer::from_str(raw.get());
    let listed = serde::Deserializer::deserialize_seq(&mut seq, Listed { most }).map_err(|e| {
        if e.to_string().starts_with(TOO_MANY) {
            super::over_budget(file, allowed)
        } else {
            refused(
                file,
                format!(
                    "\"features\" is {}, where RFC 7946 wants an array of features",
                    Kind::of(raw).name()
                ),
            )
        }
    })?;
    Ok(listed.into_iter().map(RawValue::get).collect())
}

/// What a listed feature costs at least, kept (its place in the list, its feature).
const FEATURE_ROOM: u64 = 96;
/// How [`Listed`] says it stopped.
const TOO_MANY: &str = "more features than the import may hold";

/// A JSON array's elements as unparsed text, no more than `most` of them.
struct Listed {
    most: usize,
}

impl<'de> serde::de::Visitor<'de> for Listed {
    type Value = Vec<&'de RawValue>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(self.most).min(1 << 16));
        while let Some(raw) = seq.next_element::<&RawValue>()? {
            if out.len() >= self.most {
                return Err(serde::de::Error::custom(TOO_MANY));
            }
            out.push(raw);
        }
        Ok(out)
    }
}

/// A problem of the file as a whole (not of one feature).
fn file_lint(layer: &mut UserLayer, file: &str, lint: Lint) {
    layer.skipped.push(LoadIssue {
        file: file.to_owned(),
        feature: None,
        problem: lint.problem,
        severity: lint.severity,
        path: Some(lint.path).filter(|p| !p.is_empty()),
    });
}

/// The CRS a legacy `crs` member names (RFC 7946 removed it) and a note saying how the
/// file is read; an error for a CRS CASA cannot convert.
fn read_crs(raw: &RawValue) -> Result<(Crs, String), String> {
    if Kind::of(raw) == Kind::Null {
        return Ok((
            Crs::LonLat,
            "a \"crs\" member of null (RFC 7946 removed \"crs\"); read as longitude/latitude"
                .to_owned(),
        ));
    }
    let members: Option<Members<'_>> = serde_json::from_str(raw.get()).ok();
    let properties: Option<Members<'_>> = members
        .as_ref()
        .and_then(|m| m.get("properties"))
        .and_then(|p| serde_json::from_str(p.get()).ok());
    let name = properties.as_ref().and_then(|p| {
        p.string("name").map(|n| n.into_owned()).or_else(|| {
            p.get("code")
                .map(|c| format!("EPSG:{}", c.get().trim_matches('"')))
        })
    });
    let Some(name) = name else {
        return Ok((
            Crs::LonLat,
            "a \"crs\" member CASA cannot read (RFC 7946 removed \"crs\"); ignored, read as longitude/latitude".to_owned(),
        ));
    };
    let upper = name.to_ascii_uppercase();
    let code = upper
        .rsplit(|c: char| !c.is_ascii_alphanumeric())
        .find(|part| !part.is_empty())
        .unwrap_or_default();
    match code {
        "CRS84" | "4326" | "CRS83" | "4269" | "WGS84" | "84" => Ok((
            Crs::LonLat,
            format!(
                "a legacy \"crs\" member names {name} (RFC 7946 removed \"crs\": GeoJSON is longitude/latitude on WGS 84); read as longitude/latitude"
            ),
        )),
        "3857" | "900913" | "3785" | "102100" | "102113" => Ok((
            Crs::WebMercator,
            format!(
                "the \"crs\" member names {name}, Web Mercator in metres: reprojected to longitude/latitude"
            ),
        )),
        _ => Err(format!(
            "the \"crs\" member names {name}, a coordinate system CASA cannot convert; CASA reads longitude and latitude on WGS 84, as RFC 7946 requires: reproject the file (e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`)"
        )),
    }
}

/// A feature converted on a worker thread, merged in file order afterwards.
struct Converted {
    id: Option<String>,
    feature: Option<UserFeature>,
    lints: Vec<Lint>,
    budget: Budget,
    /// The feature's text is not valid JSON (not merely not a feature object).
    malformed: bool,
}

/// A file that is one geometry: one feature without properties.
fn bare_geometry(raw: &RawValue, crs: Crs) -> Converted {
    let mut reader = Reader::new(crs);
    reader.budget.seen = 1;
    reader.budget.located = 1;
    let mut shapes = Shapes::default();
    let feature = match reader.geometry(raw.get(), "", &mut shapes, 0) {
        Ok(_) => Some(UserFeature::new("feature 1".into(), Box::default(), shapes)),
        Err(lint) => {
            reader.lints.push(lint);
            None
        }
    };
    Converted {
        id: None,
        feature,
        lints: reader.lints,
        budget: reader.budget,
        malformed: false,
    }
}

/// Features forbidden to carry these members (RFC 7946 §7.1).
const FEATURE_FORBIDDEN: [&str; 3] = ["coordinates", "geometries", "features"];

/// Parses and converts one feature's text; `path` is its JSON path (`features[3]`). The
/// text need not have been checked as JSON: what is not valid is marked `malformed`.
fn convert(index: usize, raw: &str, crs: Crs, path: &str) -> Converted {
    let mut reader = Reader::new(crs);
    reader.budget.seen = 1;
    // Cut apart by the scan, the geometry read once, by its reader.
    let (members, geometry) = match Members::scanned_deferring(raw, "geometry") {
        Some((members, geometry)) => (members, geometry.map(|g| (g, false))),
        None => match serde_json::from_str::<Members<'_>>(raw) {
            Ok(members) => {
                let geometry = members.get("geometry").map(|g| (g.get(), true));
                (members, geometry)
            }
            Err(e) => {
                reader.lints.push(error(
                    path,
                    format!("not a feature object: {}", json_problem(&e)),
                ));
                // Not an object; and, if the text was not checked, perhaps not JSON
                // further on.
                reader.check_json(raw);
                return Converted {
                    id: None,
                    feature: None,
                    lints: reader.lints,
                    budget: reader.budget,
                    malformed: reader.malformed,
                };
            }
        },
    };
    let mut lints = Vec::new();
    members.lint(path, "a Feature", &FEATURE_FORBIDDEN, &mut lints);
    let id = members.get("id").and_then(|raw| match Kind::of(raw) {
        Kind::String => string(raw).map(|s| s.into_owned()),
        Kind::Number => Some(raw.get().trim().to_owned()),
        other => {
            lints.push(warning(
                &join(path, "id"),
                format!(
                    "the id is {}; RFC 7946 allows a string or a number; ignored",
                    other.name()
                ),
            ));
            None
        }
    });
    if let Err(lint) = feature_type(&members, path, &mut lints) {
        lints.push(lint);
        if let Some((text, false)) = geometry {
            reader.check_json(text);
        }
        return Converted {
            id,
            feature: None,
            lints,
            budget: reader.budget,
            malformed: reader.malformed,
        };
    }
    let properties_json: Box<str> = match members.get("properties") {
        Some(p) if Kind::of(p) == Kind::Object => p.get().into(),
        Some(p) if Kind::of(p) == Kind::Null => Box::default(),
        Some(p) => {
            lints.push(warning(
                &join(path, "properties"),
                format!(
                    "properties are {}; RFC 7946 wants an object or null; ignored",
                    Kind::of(p).name()
                ),
            ));
            Box::default()
        }
        None => {
            lints.push(warning(
                path,
                "no \"properties\" member (RFC 7946 requires one, null if there are none); read as none",
            ));
            Box::default()
        }
    };
    let label = name_in(&properties_json)
        .or_else(|| id.clone())
        .unwrap_or_else(|| format!("feature {}", index + 1));
    reader.lints = lints;
    let mut shapes = Shapes::default();
    let feature = located(&mut reader, geometry, path, &mut shapes)
        .then(|| UserFeature::new(label.into(), properties_json, shapes));
    Converted {
        id,
        feature,
        lints: reader.lints,
        budget: reader.budget,
        malformed: reader.malformed,
    }
}

/// Checks a feature's `type`: missing or in the wrong case is read as a Feature with a
/// warning; another type skips it.
fn feature_type(members: &Members<'_>, path: &str, lints: &mut Vec<Lint>) -> Result<(), Lint> {
    match members.string("type") {
        Some(t) if t == "Feature" => Ok(()),
        Some(t) if t.eq_ignore_ascii_case("feature") => {
            lints.push(warning(
                &join(path, "type"),
                format!("type {t:?} read as \"Feature\" (GeoJSON types are case-sensitive)"),
            ));
            Ok(())
        }
        Some(t) => Err(error(
            &join(path, "type"),
            format!("type {t:?} where a Feature was expected"),
        )),
        None => {
            lints.push(warning(
                path,
                "no \"type\" member (RFC 7946 requires \"Feature\"); read as a Feature",
            ));
            Ok(())
        }
    }
}

/// Reads a feature's geometry (its text, and whether that was checked as JSON) into it;
/// false if it has none to draw (said why).
fn located(
    reader: &mut Reader,
    geometry: Option<(&str, bool)>,
    path: &str,
    feature: &mut Shapes,
) -> bool {
    let at = join(path, "geometry");
    match geometry {
        None => {
            reader.lints.push(warning(
                path,
                "no \"geometry\" member (RFC 7946 requires one, null for a feature without a place); not drawn",
            ));
            false
        }
        Some((g, checked)) if Kind::of_text(g) == Kind::Null => {
            if !checked {
                reader.check_json(g);
            }
            reader.lints.push(notice(
                &at,
                "no geometry (null): a feature without a place, not drawn",
            ));
            false
        }
        Some((g, _)) => {
            reader.budget.located = 1;
            match reader.geometry(g, &at, feature, 0) {
                Ok(_) => true,
                Err(lint) => {
                    reader.lints.push(lint);
                    false
                }
            }
        }
    }
}

/// The "name" property, if the properties have one (read without parsing them all).
fn name_in(properties_json: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Named {
        name: Option<serde_json::Value>,
    }
    if properties_json.is_empty() {
        return None;
    }
    match serde_json::from_str::<Named>(properties_json).ok()?.name? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// A FeatureCollection's features, each parsed from its own slice of the text: converted
/// in chunks on all cores, merged in file order. `scanned`: the slices were cut by the
/// scan, so one that is not valid JSON stops the read for the full parse.
fn collection(
    layer: &mut UserLayer,
    budget: &mut Budget,
    file: &str,
    crs: Crs,
    features: &[&str],
    scanned: bool,
    progress: &Progress,
) -> Result<(), Stop> {
    // One feature at a time for a file of a few huge features (a world of countries), so
    // they spread over the cores; large chunks, a few at a time, for millions of points.
    let (chunk_size, per_batch) = if features.len() <= 4096 {
        (1, 4096)
    } else {
        ((features.len() / 8).min(4096), 4)
    };
    let total = features.len() as u64;
    let done = std::sync::atomic::AtomicU64::new(0);
    progress.set(1, 0, total);
    let chunks: Vec<(usize, &[&str])> = features
        .chunks(chunk_size)
        .enumerate()
        .map(|(k, c)| (k * chunk_size, c))
        .collect();
    let convert_chunk = |(start, chunk): &(usize, &[&str])| {
        if progress.cancelled() {
            return Vec::new();
        }
        let out: Vec<Converted> = chunk
            .iter()
            .enumerate()
            .map(|(k, raw)| convert(start + k, raw, crs, &format!("features[{}]", start + k)))
            .collect();
        let now = done.fetch_add(out.len() as u64, std::sync::atomic::Ordering::Relaxed);
        progress.set(1, now + out.len() as u64, total);
        out
    };
    // Room for every feature (no more than the import may hold: see [`Listed`]).
    layer.features.reserve_exact(features.len());
    let mut index = 0;
    // A few chunks at a time, merged before the next: what is converted but not yet
    // merged stays small, so memory stays near the file's size plus the layer's.
    for batch in chunks.chunks(per_batch) {
        for chunk in crate::sys::parallel::par_map(batch, convert_chunk) {
            if progress.cancelled() {
                return Err(LayerError::Cancelled.into());
            }
            for c in chunk {
                if scanned && c.malformed {
                    return Err(Stop::Reparse);
                }
                budget.add(&c.budget);
                admit(
                    layer,
                    budget,
                    file,
                    index,
                    c.id.as_deref(),
                    c.feature,
                    c.lints,
                )?;
                index += 1;
            }
        }
    }
    if progress.cancelled() {
        return Err(LayerError::Cancelled.into());
    }
    layer.features.shrink_to_fit();
    Ok(())
}

/// What a JSON error says, without its position (given apart, or meaningless within one
/// feature's text), and in words for the depth limit.
pub(super) fn json_problem(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    if message.starts_with("recursion limit exceeded") {
        format!("arrays and objects nested deeper than {MAX_JSON_DEPTH} levels (the limit)")
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layer (or the refusal) read through the scan, and through the full parse.
    fn both(text: &str) -> (Result<UserLayer, LayerError>, Result<UserLayer, LayerError>) {
        let progress = Progress::default();
        (
            parse_layer("t", "t.geojson", text),
            parse_whole("t", "t.geojson", text, &progress),
        )
    }

    #[test]
    fn the_scan_reads_what_the_full_parse_reads() {
        let feature = |geometry: &str| {
            format!(
                r#"{{"type": "Feature", "id": 7, "properties": {{"name": "a [\"b\"]"}}, "geometry": {geometry}}}"#
            )
        };
        let good = feature(
            r#"{"type": "Polygon", "coordinates": [[[60, 40], [61, 40], [61, 41], [60, 40]]]}"#,
        );
        let texts = [
            // Read through the scan: the same layer.
            format!(r#"{{"type": "FeatureCollection", "features": [{good}, {good}]}}"#),
            format!(
                r#"{{"bbox": [60, 40, 61, 41], "features": [{good}], "type": "FeatureCollection", "x": {{"y": "]"}}}}"#
            ),
            format!(
                r#"{{"type": "FeatureCollection", "features": [{good}, 5, null, {{"type": "Fish"}}]}}"#
            ),
            // Not JSON inside a feature, or between them: the full parse's line and column.
            format!(
                r#"{{"type": "FeatureCollection", "features": [{good}, {}]}}"#,
                feature("[1,,2]")
            ),
            format!(r#"{{"type": "FeatureCollection", "features": [{good} {good}]}}"#),
            format!(r#"{{"type": "FeatureCollection", "features": [{good}, nul]}}"#),
            format!(r#"{{"type": "FeatureCollection", "features": [{good}], "x": [1,]}}"#),
            // Left to the full parse: no array, twice, escaped, another type.
            format!(r#"{{"type": "FeatureCollection", "features": {good}}}"#),
            format!(r#"{{"type": "FeatureCollection", "features": [], "features": [{good}]}}"#),
            format!(
                r#"{{"type": "FeatureCollection", "feat\u0075res": [{good}], "features": []}}"#
            ),
            r#"{"type": "Feature", "features": [1,,2], "geometry": null, "properties": null}"#
                .to_string(),
            // Refused for another reason before the features were read: not JSON first.
            r#"{"features": [nul]}"#.to_string(),
            r#"{"type": "Fish", "features": [nul]}"#.to_string(),
            r#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:2154"}}, "features": [nul]}"#.to_string(),
            // A geometry's or its coordinates' text read apart: checked all the same.
            format!(
                r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
                feature(r#"{"type": "Point", "coordinates": [1,,2]}"#)
            ),
            format!(
                r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
                feature(r#"{"type": "Pointy", "coordinates": [1 2]}"#)
            ),
            format!(
                r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
                feature("nul")
            ),
            format!(
                r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
                feature("[1,,2]").replace("Feature\"", "Fish\"")
            ),
            format!(
                r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
                feature(r#"{"type": "Point", "coordinates": [91, 1e999]}"#)
            ),
            // Read apart and valid: the same lints.
            format!(
                r#"{{"type": "FeatureCollection", "features": [{}, {}, {}]}}"#,
                feature(
                    r#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}], "coordinates": [3, 4]}"#
                ),
                feature(r#"{"coordinates": [200, 1], "type": "point", "bbox": [1]}"#),
                feature(r#"{"type": "Point", "coordinates": [1, 2, 3, 4], "coordinates": [5, 6]}"#)
            ),
        ];
        for text in &texts {
            let (scanned, whole) = both(text);
            assert_eq!(scanned, whole, "{text}");
        }
        for k in [3, 11, 12, 13, 14, 15, 16, 17] {
            let (scanned, _) = both(&texts[k]);
            let refused = scanned.expect_err("not JSON").to_string();
            assert!(
                refused.starts_with("t.geojson: not valid JSON at line 1, column "),
                "{refused}"
            );
        }
        let (read, _) = both(&texts[19]);
        assert_eq!(read.expect("read").skipped.len(), 6);
        let (scanned, _) = both(&texts[0]);
        assert_eq!(scanned.expect("read").features.len(), 2);
        // Which went through the scan.
        let through: Vec<bool> = texts
            .iter()
            .map(|t| super::scanned(t, 100).is_some())
            .collect();
        let expected = [
            true, true, true, true, false, true, false, false, false, false, false, true, true,
            true, true, true, true, true, true, true,
        ];
        assert_eq!(through, expected);
    }
}
