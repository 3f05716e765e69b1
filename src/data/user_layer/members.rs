//! A JSON object as its members, each value kept as unparsed text: what every level of a
//! GeoJSON file (the top, a feature, a geometry) is read as, so CASA sees every member —
//! duplicates and foreign members included — and parses only what it uses.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::Lint;
use crate::data::Severity;

/// The members of one JSON object, in file order, their values unparsed.
pub(super) struct Members<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

/// A member's name, borrowed from the text when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'de>, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some(Key(name)) = map.next_key()? {
                    let value: &'de RawValue = map.next_value()?;
                    members.push((name, value));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(V)
    }
}

/// What kind of JSON value a raw value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl Kind {
    /// The kind of a raw value, from its first character.
    pub(super) fn of(raw: &RawValue) -> Kind {
        Kind::of_text(raw.get())
    }

    /// The kind of the JSON value `text` starts with, from its first character.
    pub(super) fn of_text(text: &str) -> Kind {
        match text.trim_start().as_bytes().first() {
            Some(b'{') => Kind::Object,
            Some(b'[') => Kind::Array,
            Some(b'"') => Kind::String,
            Some(b't' | b'f') => Kind::Bool,
            Some(b'n') | None => Kind::Null,
            Some(_) => Kind::Number,
        }
    }

    /// "an object", "a string"… for messages.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::Null => "null",
        }
    }
}

impl<'a> Members<'a> {
    /// The members of the object `text` holds, cut apart by [`super::scan`]: the value of
    /// the one named `deferred` apart and unchecked (its reader parses it, which checks
    /// it, or checks it with [`super::shapes::Reader::check_json`]), the others checked.
    /// `None` where the object is parsed whole instead: not an object as the scan sees
    /// it, a member that is not valid JSON, `deferred` given twice or spelled with escapes.
    pub(super) fn scanned_deferring(
        text: &'a str,
        deferred: &str,
    ) -> Option<(Members<'a>, Option<&'a str>)> {
        let (members, _) = super::scan::object_members(text, None)?;
        Members::apart(members, deferred)
    }

    /// Scanned members (names as written), the value of the one named `name` apart and
    /// unchecked, the others checked; `None` if one is not valid JSON, or `name` is given
    /// twice or spelled with escapes (the full parse decides which is used).
    pub(super) fn apart(
        scanned: Vec<(&'a str, &'a str)>,
        name: &str,
    ) -> Option<(Members<'a>, Option<&'a str>)> {
        let mut apart = None;
        let mut others = Vec::with_capacity(scanned.len());
        for (written, value) in scanned {
            let plain = written.len() == name.len() + 2 && &written[1..written.len() - 1] == name;
            if !plain {
                others.push((written, value));
            } else if apart.replace(value).is_some() {
                return None;
            }
        }
        let members = Members::from_scanned(&others)?;
        if members.get(name).is_some() {
            return None;
        }
        Some((members, apart))
    }

    /// The members [`super::scan::object_members`] cut out, each name and value checked by
    /// `serde_json` as the full parse would; `None` if one is not valid JSON.
    pub(super) fn from_scanned(scanned: &[(&'a str, &'a str)]) -> Option<Members<'a>> {
        scanned
            .iter()
            .map(|(name, value)| {
                let Key(name) = serde_json::from_str(name).ok()?;
                Some((name, serde_json::from_str::<&RawValue>(value).ok()?))
            })
            .collect::<Option<Vec<_>>>()
            .map(Members)
    }

    /// A member's value (the last, if the name is repeated, as JSON parsers do).
    pub(super) fn get(&self, name: &str) -> Option<&'a RawValue> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| *v)
    }

    /// A member's value if it is a string.
    pub(super) fn string(&self, name: &str) -> Option<Cow<'a, str>> {
        string(self.get(name)?)
    }

    /// Warnings for what is wrong with the members themselves: a name given twice, a
    /// foreign member that redefines a GeoJSON member (`forbidden`, RFC 7946 §7.1), and a
    /// malformed `bbox`. `what` names the object ("a Feature").
    pub(super) fn lint(&self, path: &str, what: &str, forbidden: &[&str], out: &mut Vec<Lint>) {
        // Counted once (a hostile object of a million members costs a million steps).
        let mut times: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(self.0.len());
        for (name, _) in &self.0 {
            *times.entry(name.as_ref()).or_default() += 1;
        }
        for (name, _) in &self.0 {
            // Each name once, where it first appears.
            let Some(times) = times.remove(name.as_ref()) else {
                continue;
            };
            if times > 1 {
                out.push(warning(
                    path,
                    format!("the member \"{name}\" is given {times} times; the last is used"),
                ));
            }
            if forbidden.contains(&name.as_ref()) {
                out.push(warning(
                    &join(path, name),
                    format!(
                        "{what} with a \"{name}\" member, which RFC 7946 (§7.1) forbids there; ignored"
                    ),
                ));
            }
        }
        if let Some(problem) = self.get("bbox").and_then(bbox_problem) {
            out.push(warning(&join(path, "bbox"), problem));
        }
    }
}

/// A raw value as a string, if it is one.
pub(super) fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    if Kind::of(raw) != Kind::String {
        return None;
    }
    match serde_json::from_str::<&str>(raw.get()) {
        Ok(s) => Some(Cow::Borrowed(s)),
        Err(_) => serde_json::from_str::<String>(raw.get())
            .ok()
            .map(Cow::Owned),
    }
}

/// What is wrong with a `bbox` member, if anything (RFC 7946 §5: 2×n numbers, n the
/// dimensions of the positions).
fn bbox_problem(raw: &RawValue) -> Option<String> {
    let Ok(values) = serde_json::from_str::<Vec<&RawValue>>(raw.get()) else {
        return Some(format!(
            "bbox is {}, not an array of numbers; ignored",
            Kind::of(raw).name()
        ));
    };
    if let Some(v) = values.iter().find(|v| Kind::of(v) != Kind::Number) {
        return Some(format!(
            "bbox holds {} where a number is expected; ignored",
            Kind::of(v).name()
        ));
    }
    (values.len() != 4 && values.len() != 6).then(|| {
        format!(
            "bbox has {} numbers; RFC 7946 wants 4 (2D) or 6 (3D); ignored",
            values.len()
        )
    })
}

/// A JSON path with a member added: `features[3]` + `geometry`.
pub(super) fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

/// A problem that leaves the feature drawn.
pub(super) fn warning(path: &str, problem: impl Into<String>) -> Lint {
    Lint {
        severity: Severity::Warning,
        path: path.to_owned(),
        problem: problem.into(),
    }
}

/// A problem that makes the feature be skipped.
pub(super) fn error(path: &str, problem: impl Into<String>) -> Lint {
    Lint {
        severity: Severity::Error,
        path: path.to_owned(),
        problem: problem.into(),
    }
}

/// For the reader's information: RFC 7946 allows it, or nothing was changed.
pub(super) fn notice(path: &str, problem: impl Into<String>) -> Lint {
    Lint {
        severity: Severity::Notice,
        path: path.to_owned(),
        problem: problem.into(),
    }
}

/// The GeoJSON type a `type` member names: exact, or matched ignoring case (`Some((t,
/// false))`, read as `t` with a warning); `None` if it names none of `types`.
pub(super) fn canonical<'t>(given: &str, types: &[&'t str]) -> Option<(&'t str, bool)> {
    types
        .iter()
        .find(|t| **t == given)
        .map(|t| (*t, true))
        .or_else(|| {
            types
                .iter()
                .find(|t| t.eq_ignore_ascii_case(given))
                .map(|t| (*t, false))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_duplicates_and_foreign_names_in_order() {
        let m: Members<'_> =
            serde_json::from_str(r#"{"type": "Point", "coordinates": [1, 2], "type": "Point", "geometry": 1, "bbox": [1, 2, 3]}"#)
                .expect("an object");
        assert_eq!(m.string("type").as_deref(), Some("Point"));
        let mut lints = Vec::new();
        m.lint(
            "features[0].geometry",
            "a geometry",
            &["geometry"],
            &mut lints,
        );
        let problems: Vec<&str> = lints.iter().map(|l| l.problem.as_str()).collect();
        assert_eq!(
            problems,
            [
                "the member \"type\" is given 2 times; the last is used",
                "a geometry with a \"geometry\" member, which RFC 7946 (§7.1) forbids there; ignored",
                "bbox has 3 numbers; RFC 7946 wants 4 (2D) or 6 (3D); ignored",
            ]
        );
        assert_eq!(lints[1].path, "features[0].geometry.geometry");
        assert_eq!(lints[2].path, "features[0].geometry.bbox");
    }
}
