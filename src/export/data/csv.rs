//! The atlas as CSV for spreadsheets (RFC 4180, UTF-8 with a byte-order mark so Excel
//! reads the accents and quotation marks): the features with `lon` and `lat` (a point's
//! position; a line's or area's marker) and their sources as text; the memberships in a
//! file of their own.

use super::records::{FEATURE_FIELDS, Field, MEMBERSHIP_FIELDS, Records, Row, SOURCE_FIELDS};
use super::records::{Value, field_of};

/// A cell, quoted where it must be. Text a spreadsheet would take for a formula (it starts
/// with `=`, `+`, `-` or `@` and is not a number) gets a leading `'`, which spreadsheets
/// show as text and do not run.
fn cell(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@']) && text.parse::<f64>().is_err();
    let guarded;
    let text = if formula {
        guarded = format!("'{text}");
        guarded.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

/// A record of cells, ended by CRLF.
fn record<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        cell(out, c);
    }
    out.push_str("\r\n");
}

/// A source as one line: "“words” — Outlet, 2022-05 (diplomat-2022)" or "Reference
/// (what it supports)".
fn source_line(row: &Row) -> String {
    let get = |name: &str| field_of(&SOURCE_FIELDS, row, name).display();
    if get("kind") == "quote" {
        format!(
            "“{}” — {}, {} ({})",
            get("quote"),
            get("outlet"),
            get("published"),
            get("article_id")
        )
    } else {
        format!("{} ({})", get("reference"), get("supports"))
    }
}

/// The byte-order mark and a table's header.
fn header(fields: &[Field], extra: &[&str]) -> String {
    let mut out = String::from("\u{feff}");
    let names = fields.iter().map(|(n, _)| match *n {
        "marker_lon" => "lon",
        "marker_lat" => "lat",
        n => n,
    });
    record(&mut out, names.chain(extra.iter().copied()));
    out
}

/// A row's cells, then its sources as lines of one cell.
fn row_with_sources<'a>(out: &mut String, row: &[Value], sources: impl Iterator<Item = &'a Row>) {
    let cells: Vec<String> = row.iter().map(Value::display).collect();
    let sources = sources.map(source_line).collect::<Vec<_>>().join("\n");
    record(
        out,
        cells
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(sources.as_str())),
    );
}

/// The features file.
pub(super) fn features(records: &Records) -> Vec<u8> {
    let mut out = header(&FEATURE_FIELDS, &["sources"]);
    for f in &records.features {
        row_with_sources(&mut out, &f.values, f.sources.iter());
    }
    out.into_bytes()
}

/// The memberships file, with each period's sources as text.
pub(super) fn memberships(records: &Records) -> Vec<u8> {
    let mut out = header(&MEMBERSHIP_FIELDS, &["sources"]);
    for m in &records.memberships {
        let key = field_of(&MEMBERSHIP_FIELDS, m, "membership_id").display();
        let sources = records.other_sources.iter().filter(|s| {
            field_of(&SOURCE_FIELDS, s, "subject_table").display() == "memberships"
                && field_of(&SOURCE_FIELDS, s, "subject_id").display() == key
        });
        row_with_sources(&mut out, m, sources);
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_never_run() {
        let mut out = String::new();
        record(
            &mut out,
            [
                "plain",
                "a, b",
                "say \"so\"",
                "=HYPERLINK(\"x\")",
                "-12.5",
                "@once",
                "two\nlines",
            ],
        );
        assert_eq!(
            out,
            "plain,\"a, b\",\"say \"\"so\"\"\",\"'=HYPERLINK(\"\"x\"\")\",-12.5,'@once,\"two\nlines\"\r\n"
        );
    }
}
