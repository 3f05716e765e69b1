//! The atlas as KML 2.2 for Google Earth: a folder per layer, placemarks styled with CASA's
//! symbols (PNG icons in the KMZ), balloons with the facts, the quotes with their
//! citations and the corrections, a `TimeSpan` from each period (so the time slider plays
//! the atlas), the fields as `ExtendedData`; the memberships as country outlines, a folder
//! per organisation, each period with its own span.

use std::fmt::Write as _;
use std::io::Write as _;

use geo::Geometry;

use super::DataError;
use super::icons::Symbol;
use super::records::{
    CORRECTION_FIELDS, DataLayer, FEATURE_FIELDS, FeatureRecord, MEMBERSHIP_FIELDS,
    ORGANISATION_FIELDS, Records, Row, SOURCE_FIELDS, field_of, round6, simplest,
};
use crate::model::{Actor, FeatureKind};

/// The tolerance the countries of the memberships are simplified to (degrees, ~2 km:
/// Google Earth draws a country per period, and a KML file is not compressed).
const COUNTRY_TOLERANCE: f64 = 0.02;

/// XML-escaped text, line breaks kept.
fn esc(s: &str) -> String {
    crate::paint::svg::esc_lines(s)
}

/// KML's colour: aabbggrr.
fn kml_colour(rgba: [u8; 4], alpha: u8) -> String {
    format!("{alpha:02x}{:02x}{:02x}{:02x}", rgba[2], rgba[1], rgba[0])
}

/// The actors and kinds of the features, each once, in order.
fn symbols(records: &Records) -> Vec<(Actor, FeatureKind)> {
    let mut seen = Vec::new();
    for f in &records.features {
        if !seen.contains(&(f.actor, f.kind)) {
            seen.push((f.actor, f.kind));
        }
    }
    seen
}

/// A style per actor and kind: CASA's icon in a KMZ; in a KML alone, a dot in the
/// actor's colour (the icons are not beside it).
fn styles(records: &Records, zipped: bool, out: &mut String) {
    for (actor, kind) in symbols(records) {
        let s = Symbol::of(actor, kind);
        let (file, tint) = if zipped {
            (Symbol::file(actor, kind), String::new())
        } else {
            (
                "http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png".to_owned(),
                format!("<color>{}</color>", kml_colour(s.rgba, 0xff)),
            )
        };
        let id = style_id(actor, kind);
        let _ = writeln!(
            out,
            "<Style id=\"{id}\"><IconStyle>{tint}<scale>{:.2}</scale><Icon><href>{file}</href></Icon><hotSpot x=\"0.5\" y=\"0.5\" xunits=\"fraction\" yunits=\"fraction\"/></IconStyle><LabelStyle><scale>0.8</scale></LabelStyle><LineStyle><color>{}</color><width>3</width></LineStyle><PolyStyle><color>{}</color></PolyStyle></Style>",
            0.8 * s.scale,
            kml_colour(s.rgba, 0xff),
            kml_colour(s.rgba, 0x50),
        );
    }
}

/// A style's id.
fn style_id(actor: Actor, kind: FeatureKind) -> String {
    Symbol::file(actor, kind)
        .trim_start_matches("icons/")
        .trim_end_matches(".png")
        .to_owned()
}

/// `lon,lat` pairs.
fn coordinates(out: &mut String, coords: &[geo::Coord<f64>]) {
    out.push_str("<coordinates>");
    for (i, c) in coords.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", round6(c.x), round6(c.y));
    }
    out.push_str("</coordinates>");
}

/// A polygon.
fn polygon(out: &mut String, p: &geo::Polygon<f64>) {
    out.push_str("<Polygon><outerBoundaryIs><LinearRing>");
    coordinates(out, &p.exterior().0);
    out.push_str("</LinearRing></outerBoundaryIs>");
    for ring in p.interiors() {
        out.push_str("<innerBoundaryIs><LinearRing>");
        coordinates(out, &ring.0);
        out.push_str("</LinearRing></innerBoundaryIs>");
    }
    out.push_str("</Polygon>");
}

/// A geometry as KML.
fn geometry(out: &mut String, g: &Geometry<f64>) {
    match g {
        Geometry::Point(p) => {
            out.push_str("<Point>");
            coordinates(out, &[p.0]);
            out.push_str("</Point>");
        }
        Geometry::LineString(l) => {
            out.push_str("<LineString><tessellate>1</tessellate>");
            coordinates(out, &l.0);
            out.push_str("</LineString>");
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::MultiPoint(mp) => {
            out.push_str("<MultiGeometry>");
            for p in &mp.0 {
                geometry(out, &Geometry::Point(*p));
            }
            out.push_str("</MultiGeometry>");
        }
        Geometry::MultiLineString(ml) => {
            out.push_str("<MultiGeometry>");
            for l in &ml.0 {
                geometry(out, &Geometry::LineString(l.clone()));
            }
            out.push_str("</MultiGeometry>");
        }
        Geometry::MultiPolygon(mp) => {
            out.push_str("<MultiGeometry>");
            for p in &mp.0 {
                polygon(out, p);
            }
            out.push_str("</MultiGeometry>");
        }
        _ => {}
    }
}

/// A `TimeSpan` from a row's `start` and `end` (ISO dates, to the year, month or day), if
/// it has either. With `through`, the span runs to the last day `end` names (a feature
/// "until 2022" is there all of 2022, where Google Earth reads `2022` as its first
/// instant); without, to the date itself (the day a membership ended).
fn time_span(out: &mut String, start: &str, end: &str, through: bool) {
    if start.is_empty() && end.is_empty() {
        return;
    }
    out.push_str("<TimeSpan>");
    if !start.is_empty() {
        let _ = write!(out, "<begin>{}</begin>", esc(start));
    }
    if !end.is_empty() {
        let last = crate::model::PartialDate::parse(end)
            .ok()
            .filter(|_| through)
            .map(|d| {
                let (y, m, day) = d.latest();
                format!("{y:04}-{m:02}-{day:02}")
            });
        let _ = write!(out, "<end>{}</end>", esc(last.as_deref().unwrap_or(end)));
    }
    out.push_str("</TimeSpan>");
}

/// The fields as `ExtendedData`, empty ones left out.
fn extended_data(out: &mut String, fields: &[super::records::Field], row: &Row) {
    out.push_str("<ExtendedData>");
    for ((name, _), v) in fields.iter().zip(row) {
        let text = v.display();
        if !text.is_empty() {
            let _ = write!(
                out,
                "<Data name=\"{name}\"><value>{}</value></Data>",
                esc(&text)
            );
        }
    }
    out.push_str("</ExtendedData>");
}

/// A feature's balloon: its facts, then every quote with its citation, every reference,
/// and where the record differs.
fn balloon(f: &FeatureRecord) -> String {
    let get = |n: &str| f.get(n).display();
    let mut html = format!(
        "<p><b>{}</b> ({}, {})</p>",
        esc(&get("kind")),
        esc(&get("actor")),
        esc(&get("period"))
    );
    for (label, field) in [
        ("Who", "actor_detail"),
        ("Operator", "operator"),
        ("Status", "status"),
        ("Figures", "figures"),
        ("Agreements", "agreements"),
        ("Certainty", "certainty_note"),
        ("Note", "note"),
    ] {
        let v = get(field);
        if !v.is_empty() {
            let _ = write!(html, "<p><b>{label}:</b> {}</p>", esc(&v));
        }
    }
    let _ = write!(
        html,
        "<p><i>Position: {} ({}). {}</i></p>",
        esc(&get("precision")),
        esc(&get("geometry_is")),
        esc(&get("placement"))
    );
    for s in &f.sources {
        let src = |n: &str| field_of(&SOURCE_FIELDS, s, n).display();
        if src("kind") == "quote" {
            let _ = write!(
                html,
                "<blockquote>“{}”<br/>— <i>{}</i>, {}, {} ({})</blockquote>",
                esc(&src("quote")),
                esc(&src("article_title")),
                esc(&src("outlet")),
                esc(&src("published")),
                esc(&src("authors"))
            );
        } else {
            let _ = write!(
                html,
                "<p>Reference: {} ({})</p>",
                esc(&src("reference")),
                esc(&src("supports"))
            );
        }
    }
    for c in &f.corrections {
        let get = |n: &str| field_of(&CORRECTION_FIELDS, c, n).display();
        let _ = write!(
            html,
            "<p>† <b>The record differs ({}):</b> the article: {}. The record ({}): {} — {}</p>",
            esc(&get("about")),
            esc(&get("article_says")),
            esc(&get("record_date")),
            esc(&get("record_says")),
            esc(&get("reference"))
        );
    }
    html
}

/// A feature's placemark.
fn placemark(out: &mut String, f: &FeatureRecord) {
    let get = |n: &str| f.get(n).display();
    let _ = write!(
        out,
        "<Placemark id=\"{}\"><name>{}</name><description>{}</description>",
        esc(&get("id")),
        esc(&get("name")),
        esc(&balloon(f))
    );
    time_span(out, &get("start"), &get("end"), true);
    let _ = write!(out, "<styleUrl>#{}</styleUrl>", style_id(f.actor, f.kind));
    extended_data(out, &FEATURE_FIELDS, &f.values);
    geometry(out, &simplest(&f.geometry));
    out.push_str("</Placemark>\n");
}

/// The organisations of the memberships, each once, in order.
fn organisations(records: &Records) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in &records.memberships {
        let o = field_of(&MEMBERSHIP_FIELDS, m, "organisation").display();
        if !out.contains(&o) {
            out.push(o);
        }
    }
    out
}

/// A style per organisation, in its colour on CASA's map (by its place in the atlas).
fn membership_styles(out: &mut String, records: &Records) {
    let palette = crate::render::style::Palette::of(crate::render::style::Theme::Light);
    for o in organisations(records) {
        let index = records.organisation_index.get(&o).copied().unwrap_or(0);
        let c = palette.organisation(index);
        let rgba = [c.r(), c.g(), c.b(), 255];
        let _ = writeln!(
            out,
            "<Style id=\"member-{}\"><LineStyle><color>{}</color><width>2</width></LineStyle><PolyStyle><color>{}</color></PolyStyle></Style>",
            esc(&o),
            kml_colour(rgba, 0xff),
            kml_colour(rgba, 0x40)
        );
    }
}

/// A membership period's balloon: "Kazakhstan: member — Collective Security Treaty
/// Organization, since 1992-05-15. Its note. Date rule: …".
fn membership_text(get: &dyn Fn(&str) -> String, organisation: &str) -> String {
    let period = match get("end").as_str() {
        "" => format!("since {}", get("start")),
        end => format!("{} to {end}", get("start")),
    };
    let rule = get("date_rule");
    [
        format!(
            "{}: {} — {organisation}, {period}.",
            get("country"),
            get("status")
        ),
        get("note"),
        if rule.is_empty() {
            rule
        } else {
            format!("Date rule: {rule}")
        },
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// The memberships: a folder per organisation, a placemark per period.
fn memberships(out: &mut String, records: &Records) {
    if records.memberships.is_empty() {
        return;
    }
    let simplified: Vec<Geometry<f64>> = records
        .countries
        .iter()
        .map(|c| Geometry::MultiPolygon(c.simplified(COUNTRY_TOLERANCE)))
        .collect();
    out.push_str("<Folder><name>Memberships</name><open>0</open>\n");
    for o in organisations(records) {
        // Its short name on the folder ("Abstained, UN vote 2 Mar 2022"), its full one
        // below it.
        let row = records
            .organisations
            .iter()
            .find(|r| field_of(&ORGANISATION_FIELDS, r, "organisation").display() == o);
        let name = |field: &str| {
            row.map(|r| field_of(&ORGANISATION_FIELDS, r, field).display())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| o.clone())
        };
        let full = name("full_name");
        let _ = writeln!(
            out,
            "<Folder><name>{}</name><description>{}</description>",
            esc(&name("name")),
            esc(&full)
        );
        for m in &records.memberships {
            let get = |n: &str| field_of(&MEMBERSHIP_FIELDS, m, n).display();
            if get("organisation") != o {
                continue;
            }
            let _ = write!(
                out,
                "<Placemark><name>{}: {}</name><description>{}</description>",
                esc(&get("country")),
                esc(&get("status")),
                esc(&membership_text(&get, &full))
            );
            time_span(out, &get("start"), &get("end"), false);
            let _ = write!(out, "<styleUrl>#member-{}</styleUrl>", esc(&o));
            extended_data(out, &MEMBERSHIP_FIELDS, m);
            let country = records
                .countries
                .iter()
                .position(|c| c.id == get("country_id"));
            if let Some(g) = country.and_then(|i| simplified.get(i)) {
                geometry(out, g);
            }
            out.push_str("</Placemark>\n");
        }
        out.push_str("</Folder>\n");
    }
    out.push_str("</Folder>\n");
}

/// The KML document.
pub(super) fn kml(records: &Records, zipped: bool) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>CASA atlas</name>\n",
    );
    let _ = writeln!(
        out,
        "<description>{}</description>",
        esc(&format!(
            "Central Asia Security Atlas: {}. Each placemark's balloon gives its sources: verbatim quotes of the articles and named references, and where the record differs. Borders: Natural Earth (public domain).",
            records.scope
        ))
    );
    styles(records, zipped, &mut out);
    membership_styles(&mut out, records);
    for layer in DataLayer::ALL {
        let mut features = records.layer(layer).peekable();
        if features.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "<Folder><name>{}</name>", esc(layer.title()));
        for f in features {
            placemark(&mut out, f);
        }
        out.push_str("</Folder>\n");
    }
    memberships(&mut out, records);
    out.push_str("</Document>\n</kml>\n");
    out
}

/// The KMZ: `doc.kml` first, then the icons it names.
pub(super) fn kmz(records: &Records) -> Result<Vec<u8>, DataError> {
    let zip_error = |e: zip::result::ZipError| DataError::Zip(e.to_string());
    let io_error = |e: std::io::Error| DataError::Zip(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("doc.kml", options).map_err(zip_error)?;
    zip.write_all(kml(records, true).as_bytes())
        .map_err(io_error)?;
    for (actor, kind) in symbols(records) {
        zip.start_file(Symbol::file(actor, kind), options)
            .map_err(zip_error)?;
        zip.write_all(&Symbol::of(actor, kind).png())
            .map_err(io_error)?;
    }
    let cursor = zip.finish().map_err(zip_error)?;
    Ok(cursor.into_inner())
}
