//! CSV layers: points from latitude and longitude columns, the other columns as
//! properties.

use super::{
    Budget, LayerError, MAX_LAYER_VERTICES, MAX_TEXT_BYTES, UserFeature, UserLayer, cut_text,
    feature_bytes, finish, over_budget, refused,
};
use crate::data::geometry::check_lon_lat;
use crate::data::{LoadIssue, Severity};
use crate::geo::projection::LonLat;

/// Column names taken for latitude and longitude, in order of preference.
const LAT_NAMES: [&str; 3] = ["latitude", "lat", "y"];
const LON_NAMES: [&str; 5] = ["longitude", "lon", "lng", "long", "x"];

/// A row at `p` as a feature: its other columns as properties, named from its name, id or
/// title column (else "line N"), a name over [`MAX_TEXT_BYTES`] cut (with the warning).
fn feature_of(
    header: &[String],
    row: &[String],
    position_columns: [usize; 2],
    line: usize,
    p: LonLat,
) -> (UserFeature, Option<String>) {
    let properties: serde_json::Map<String, serde_json::Value> = header
        .iter()
        .enumerate()
        .filter(|(i, _)| !position_columns.contains(i))
        .map(|(i, h)| {
            let v = row.get(i).map_or("", String::as_str);
            (h.clone(), serde_json::Value::String(v.to_owned()))
        })
        .collect();
    let label = ["name", "id", "title"]
        .iter()
        .find_map(|k| {
            properties
                .iter()
                .find(|(h, v)| h.eq_ignore_ascii_case(k) && v.as_str() != Some(""))
                .and_then(|(_, v)| v.as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| format!("line {line}"));
    let warning = (label.len() > MAX_TEXT_BYTES).then(|| {
        format!(
            "its name is {} bytes long: cut to {} KiB for the map and the side panel",
            label.len(),
            MAX_TEXT_BYTES >> 10
        )
    });
    let feature = UserFeature {
        label: cut_text(&label, MAX_TEXT_BYTES).into(),
        points: Box::new([p]),
        properties_json: serde_json::Value::Object(properties).to_string().into(),
        ..UserFeature::default()
    };
    (feature, warning)
}

/// Parses CSV text with a header row as a layer of points: latitude and longitude from the
/// columns with the usual names (it says which it used), the other columns as properties.
/// Commas, semicolons or tabs separate fields; fields may be quoted ("a, b" and "").
pub fn parse_csv(name: &str, file: &str, text: &str) -> Result<UserLayer, LayerError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(refused(file, "the file is empty"));
    }
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| header_line.matches(*d).count())
        .unwrap_or(',');
    let mut rows = csv_rows(text, delimiter);
    let header: Vec<String> = match rows.next() {
        Some((_, Ok(h))) => h.into_iter().map(|c| c.trim().to_owned()).collect(),
        Some((_, Err(e))) => return Err(refused(file, format!("the header row: {e}"))),
        None => return Err(refused(file, "the file is empty")),
    };
    let find = |names: &[&str]| {
        names.iter().find_map(|n| {
            header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(n))
                .map(|i| (i, header[i].clone()))
        })
    };
    let (Some((lat_col, lat_name)), Some((lon_col, lon_name))) =
        (find(&LAT_NAMES), find(&LON_NAMES))
    else {
        return Err(refused(
            file,
            format!(
                "no latitude and longitude columns in the header ({}); name them lat/latitude/y and lon/lng/longitude/x",
                columns(&header)
            ),
        ));
    };
    let mut budget = Budget::for_file(text.len());
    let mut layer = UserLayer {
        name: name.to_owned(),
        notes: vec![format!(
            "latitude from column “{lat_name}”, longitude from column “{lon_name}”"
        )],
        ..UserLayer::default()
    };
    for (line, row) in rows {
        let issue = |problem: String| LoadIssue {
            file: file.to_owned(),
            feature: Some(format!("line {line}")),
            problem,
            severity: Severity::Error,
            path: None,
        };
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                layer.list(issue(e));
                continue;
            }
        };
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let number = |col: usize, what: &str| -> Result<f64, String> {
            let raw = row.get(col).map_or("", |s| s.trim());
            let v: f64 = raw
                .parse()
                .map_err(|_| format!("{what} {raw:?} is not a number"))?;
            if v.is_finite() {
                Ok(v)
            } else {
                Err(format!("{what} {raw:?} is not finite"))
            }
        };
        let point = number(lat_col, "latitude").and_then(|lat| {
            let lon = number(lon_col, "longitude")?;
            check_lon_lat(lon, lat).map(|c| LonLat::new(c.x, c.y))
        });
        match point {
            Ok(p) => {
                let (feature, warning) = feature_of(&header, &row, [lat_col, lon_col], line, p);
                if let Some(problem) = warning {
                    layer.list(LoadIssue {
                        severity: Severity::Warning,
                        ..issue(problem)
                    });
                }
                budget.bytes += feature_bytes(&feature);
                if budget.bytes > budget.allowed {
                    return Err(over_budget(file, budget.allowed));
                }
                layer.features.push(feature);
            }
            Err(problem) => layer.list(issue(problem)),
        }
        if layer.features.len() > MAX_LAYER_VERTICES {
            return Err(refused(
                file,
                format!("more than {MAX_LAYER_VERTICES} rows (the limit for a layer)"),
            ));
        }
    }
    finish(layer, file, &budget)
}

/// A header's columns as a message lists them: the first few, each cut short, and how
/// many more there are (a header of a million columns makes a line, not megabytes).
fn columns(header: &[String]) -> String {
    const SHOWN: usize = 12;
    let mut listed: Vec<String> = header
        .iter()
        .take(SHOWN)
        .map(|c| crate::model::issue::shorten(c, 40).into_owned())
        .collect();
    if header.len() > SHOWN {
        listed.push(format!("and {} more", header.len() - SHOWN));
    }
    listed.join(", ")
}

/// The records of CSV text, each with the line it starts on (RFC 4180 quoting: a quoted
/// field may hold the delimiter, `""` and line breaks).
fn csv_rows(
    text: &str,
    delimiter: char,
) -> impl Iterator<Item = (usize, Result<Vec<String>, String>)> + '_ {
    let mut chars = text.chars().peekable();
    let mut line = 1;
    std::iter::from_fn(move || {
        chars.peek()?;
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        // Whether the field holds only white space so far: a quote there opens a quoted
        // field. Kept as the field grows (testing the field at each quote would cost its
        // length each time: a field of a million spaces and a million quotes).
        let mut blank = true;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Some((start, Err("a quoted field is not closed".to_owned())));
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            match c {
                '"' if quoted => {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        quoted = false;
                    }
                }
                '"' if blank && !was_quoted => {
                    field.clear();
                    quoted = true;
                    was_quoted = true;
                }
                '\n' if !quoted => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                '\r' if !quoted && chars.peek() == Some(&'\n') => {}
                c if c == delimiter && !quoted => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                    blank = true;
                }
                c => {
                    if c == '\n' {
                        line += 1;
                    }
                    blank &= c.is_whitespace();
                    field.push(c);
                }
            }
        }
        Some((start, Ok(fields)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_may_be_quoted_and_span_lines() {
        let rows: Vec<_> = csv_rows("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n", ',').collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 2);
        assert_eq!(
            rows[1].1.clone().expect("a record"),
            ["x, \"y\"", "two\nlines"]
        );
    }
}
