//! A first look at a large JSON text without parsing it: the members of its top object
//! and the elements of one array, as slices of the text, found by matching brackets and
//! skipping strings. It checks only the structure between the slices (names, colons,
//! commas, brackets); what is inside a slice is parsed by `serde_json` afterwards, so a
//! file read through these slices is accepted exactly when `serde_json` accepts it (the
//! reader falls back to a full parse whenever the scan or a slice's parse says no).
//!
//! Matching brackets is several times faster than parsing every number twice (once to
//! skip a feature as an unparsed value, once more to read it), and this pass is the
//! serial part of a GeoJSON load: the features are then parsed on all cores.

/// How deep the scan follows nesting before it leaves the text to the full parser (no
/// GeoJSON nests this deep; the count is a counter, not recursion, so this only keeps the
/// scan to what it is for).
const MAX_DEPTH: usize = 64;

/// How many members an object may have for the scan to cut it; more (no GeoJSON object
/// has them: properties are one member) is left to the full parser, so that the slices
/// and their checked copies never cost more than the full parse's own list.
const MAX_MEMBERS: usize = 1024;

/// An object's members (name as written, value) and the elements of the array cut apart.
pub(super) type Cut<'a> = (Vec<(&'a str, &'a str)>, Option<Vec<&'a str>>);

/// The members of the object `text` holds, in file order: each name as written (with its
/// quotes and escapes) and its value; and, given `split` as `(name, most)`, if the member
/// written `name` (with its quotes) holds an array, that array's elements, cut in the
/// same pass. `None` if `text` is not one object with nothing after it, is malformed between
/// its members or elements, nests deeper than [`MAX_DEPTH`], or the array has more than
/// `most` elements, or the object more than [`MAX_MEMBERS`] members.
pub(super) fn object_members<'a>(text: &'a str, split: Option<(&str, usize)>) -> Option<Cut<'a>> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    let mut elements = None;
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return at_end(b, i + 1).then_some((members, elements));
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let name_end = string_end(b, i)?;
        let name = &text[i..name_end];
        i = skip_ws(b, name_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_ws(b, i + 1);
        if members.len() >= MAX_MEMBERS {
            return None;
        }
        let value_end = if let Some((_, most)) = split.filter(|(n, _)| *n == name)
            && b.get(i) == Some(&b'[')
        {
            let (cut, end) = cut_array(text, i, most)?;
            elements = Some(cut);
            end
        } else {
            value_end(b, i)?
        };
        members.push((name, &text[i..value_end]));
        i = skip_ws(b, value_end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b'}') => return at_end(b, i + 1).then_some((members, elements)),
            _ => return None,
        }
    }
}

/// The elements of the array `text` holds, in order; `None` if `text` is not one array,
/// is malformed between its elements, nests deeper than [`MAX_DEPTH`], or has more than
/// `most` elements (counted before they are kept).
#[cfg(test)]
fn array_elements(text: &str, most: usize) -> Option<Vec<&str>> {
    let b = text.as_bytes();
    let i = skip_ws(b, 0);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let (elements, end) = cut_array(text, i, most)?;
    at_end(b, end).then_some(elements)
}

/// The elements of the array opening at `i`, and the index just past it.
fn cut_array(text: &str, mut i: usize, most: usize) -> Option<(Vec<&str>, usize)> {
    let b = text.as_bytes();
    let mut elements = Vec::new();
    i = skip_ws(b, i + 1);
    if b.get(i) == Some(&b']') {
        return Some((elements, i + 1));
    }
    loop {
        let end = value_end(b, i)?;
        if elements.len() >= most {
            return None;
        }
        elements.push(&text[i..end]);
        i = skip_ws(b, end);
        match b.get(i) {
            Some(b',') => i = skip_ws(b, i + 1),
            Some(b']') => return Some((elements, i + 1)),
            _ => return None,
        }
    }
}

/// Whether only whitespace follows `i`.
fn at_end(b: &[u8], i: usize) -> bool {
    skip_ws(b, i) == b.len()
}

/// The first index at or after `i` that is not JSON whitespace.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = b.get(i) {
        i += 1;
    }
    i
}

/// The index just past the value starting at `i`: a string, an object or array (its
/// brackets matched, strings skipped), or a literal up to the next delimiter.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => nested_end(b, i),
        b',' | b':' | b']' | b'}' => None,
        _ => {
            let len = b[i..]
                .iter()
                .position(|c| matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(b.len() - i);
            Some(i + len)
        }
    }
}

/// The index just past the string whose opening quote is at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut k = i + 1;
    loop {
        k += memchr::memchr2(b'"', b'\\', b.get(k..)?)?;
        if b[k] == b'\\' {
            k += 2;
        } else {
            return Some(k + 1);
        }
    }
}

/// The index just past the object or array opening at `i`. Eight bytes are looked at
/// together: a word with no quote, and too few closing brackets to end the value, only
/// moves the depth; otherwise the scan steps to its first bracket or quote.
fn nested_end(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut k = i;
    loop {
        if let Some(word) = b.get(k..k + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            let x = u64::from_le_bytes(word);
            // `[` and `{`, `]` and `}` differ only in the 0x20 bit.
            let y = x | (ONES * 0x20);
            let (opens, closes, quotes) = (equal(y, b'{'), equal(y, b'}'), equal(x, b'"'));
            if quotes == 0 && (closes.count_ones() as usize) < depth {
                if depth + opens.count_ones() as usize > MAX_DEPTH {
                    return None;
                }
                depth = depth + opens.count_ones() as usize - closes.count_ones() as usize;
                k += 8;
                continue;
            }
            k += ((opens | closes | quotes).trailing_zeros() / 8).min(7) as usize;
        }
        match *b.get(k)? {
            b'"' => {
                k = string_end(b, k)?;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return None;
                }
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
        k += 1;
    }
}

/// A byte of ones in each of a word's eight places.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` that equals `c` (exactly: no carries between bytes).
fn equal(x: u64, c: u8) -> u64 {
    const LOW7: u64 = ONES * 0x7f;
    let v = x ^ (ONES * u64::from(c));
    !(((v & LOW7) + LOW7) | v | LOW7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_is_cut_into_its_members() {
        let text = " {\"type\" : \"FeatureCollection\", \"a\\\"}\":[1, {\"b\": \"]\"}],\n\"n\":-1.5e3 , \"t\":true}\n";
        let (members, split) = object_members(text, Some(("\"a\\\"}\"", 10))).expect("an object");
        assert_eq!(split, Some(vec!["1", "{\"b\": \"]\"}"]));
        assert_eq!(
            members,
            vec![
                ("\"type\"", "\"FeatureCollection\""),
                ("\"a\\\"}\"", "[1, {\"b\": \"]\"}]"),
                ("\"n\"", "-1.5e3"),
                ("\"t\"", "true"),
            ]
        );
        assert_eq!(object_members("{}", None), Some((vec![], None)));
        // Too many elements in the array cut apart: the full parser says so.
        assert_eq!(object_members(text, Some(("\"a\\\"}\"", 1))), None);
    }

    #[test]
    fn an_array_is_cut_into_its_elements_as_serde_json_cuts_it() {
        let text = r#"[ {"a": [1, 2, [3]]}, "x\\", "y\"]", null ,[], {"s": "{["} ]"#;
        let elements = array_elements(text, 100).expect("an array");
        let by_serde: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(text).expect("valid JSON");
        let by_serde: Vec<&str> = by_serde.iter().map(|r| r.get()).collect();
        assert_eq!(elements, by_serde);
        assert_eq!(array_elements("[]", 0), Some(vec![]));
    }

    #[test]
    fn anything_out_of_place_between_the_slices_is_refused() {
        for bad in [
            "",
            "[1,2]",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "{\"a\":1} x",
            "{\"a\":1",
            "{a:1}",
            "{\"a\":[1,2}",
            "{\"a\":\"open}",
            "{\"a\":,}",
        ] {
            assert_eq!(object_members(bad, Some(("\"a\"", 10))), None, "{bad:?}");
        }
        for bad in ["[1,,2]", "[1 2]", "[1,]", "[,1]", "[[1]", "{}", "[1] ]"] {
            assert_eq!(array_elements(bad, 100), None, "{bad:?}");
        }
    }

    #[test]
    fn words_find_the_bytes_they_hold() {
        let x = u64::from_le_bytes(*b"a{[\"}]{z");
        assert_eq!(equal(x, b'{'), 0x0080_0000_0000_8000);
        assert_eq!(equal(x | (ONES * 0x20), b'{').count_ones(), 3);
        assert_eq!(equal(x | (ONES * 0x20), b'}').count_ones(), 2);
        assert_eq!(equal(x, b'"').trailing_zeros() / 8, 3);
        assert_eq!(equal(0, 0), ONES << 7);
        assert_eq!(equal(u64::MAX, b'a'), 0);
    }

    #[test]
    fn long_values_are_matched_past_word_edges() {
        // Brackets and strings at every offset within a word.
        for pad in 0..9 {
            let text = format!(
                "[{{\"k\": [{}[1.25, 2.5], [3, 4]], \"s\": \"a]\\\"b\"}}, [[[0]]], \"x{}\"]",
                " ".repeat(pad),
                "y".repeat(pad)
            );
            let by_serde: Vec<&serde_json::value::RawValue> =
                serde_json::from_str(&text).expect("valid JSON");
            let by_serde: Vec<&str> = by_serde.iter().map(|r| r.get()).collect();
            assert_eq!(array_elements(&text, 10), Some(by_serde), "{text}");
        }
    }

    #[test]
    fn too_many_elements_or_too_deep_is_left_to_the_full_parser() {
        let object = |n: usize| format!("{{{}}}", vec!["\"a\":0"; n].join(","));
        assert_eq!(
            object_members(&object(MAX_MEMBERS), None).map(|m| m.0.len()),
            Some(MAX_MEMBERS)
        );
        assert_eq!(object_members(&object(MAX_MEMBERS + 1), None), None);
        assert_eq!(array_elements("[1,2,3]", 2), None);
        assert_eq!(array_elements("[1,2,3]", 3).map(|e| e.len()), Some(3));
        let deep = format!(
            "[{}{}]",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(array_elements(&deep, 10), None);
        let fits = format!("[{}{}]", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(array_elements(&fits, 10).map(|e| e.len()), Some(1));
    }
}
