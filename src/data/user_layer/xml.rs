//! The XML of KML and GPX files, read as a stream of events with an explicit stack of the
//! open elements: no recursion however deep the file nests (past [`MAX_XML_DEPTH`] it is
//! refused with the limit named), no entity expanded but XML's own five and character
//! references (a document type's entities are left as written, so no chain of them can
//! grow a name to gigabytes), and a text node kept to [`MAX_XML_TEXT`] bytes where the
//! reader asks for it.

use std::borrow::Cow;

use quick_xml::events::Event;

/// The deepest nesting of elements read (KML folders in folders, MultiGeometries in
/// MultiGeometries): deeper, the file is refused.
pub const MAX_XML_DEPTH: usize = 256;

/// The most bytes of one element's text kept (a name, a description, a value); the rest
/// is counted and left out. Coordinates are read as they come, in pieces, not kept.
pub const MAX_XML_TEXT: usize = crate::model::user_layer::MAX_TEXT_BYTES;

/// One thing read.
pub(super) enum Xml<'a> {
    /// An element opens (an empty one, `<rtept/>`, opens and closes at once): its local
    /// name (without a namespace prefix) and its attributes.
    Open(String, Vec<(String, String)>),
    /// The innermost open element closes.
    Close(String),
    /// Text inside the innermost open element (a piece of it: several may come).
    Text(Cow<'a, str>),
    /// The end of the document.
    End,
}

/// A stream of [`Xml`] events over a document's text.
pub(super) struct XmlStream<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    /// The open elements, innermost last.
    pub(super) open: Vec<String>,
    /// An empty element's close, to give after its open.
    closing: Option<String>,
    /// Whether the document declared a document type (its entities are not expanded).
    pub(super) doctype: bool,
}

impl<'a> XmlStream<'a> {
    /// A stream over `text`.
    pub(super) fn new(text: &'a str) -> Self {
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().trim_text(false);
        Self {
            reader,
            open: Vec::new(),
            closing: None,
            doctype: false,
        }
    }

    /// How far into the text the stream is (bytes).
    pub(super) fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// The parent of the innermost open element (`None` at the top).
    pub(super) fn parent(&self) -> Option<&str> {
        self.open.iter().rev().nth(1).map(String::as_str)
    }

    /// The next event; the error says what is wrong and where, in words.
    pub(super) fn next(&mut self) -> Result<Xml<'a>, String> {
        if let Some(name) = self.closing.take() {
            self.open.pop();
            return Ok(Xml::Close(name));
        }
        loop {
            let event = self.reader.read_event().map_err(|e| {
                format!(
                    "malformed XML at byte {}: {e}",
                    self.reader.error_position()
                )
            })?;
            match event {
                Event::Start(e) | Event::Empty(e) if self.open.len() >= MAX_XML_DEPTH => {
                    let name = local(e.local_name().as_ref());
                    return Err(format!(
                        "elements nested more than {MAX_XML_DEPTH} deep (at <{name}>, byte {}): the limit for a layer file",
                        self.reader.buffer_position()
                    ));
                }
                Event::Start(e) => {
                    let name = local(e.local_name().as_ref());
                    self.open.push(name.clone());
                    return Ok(Xml::Open(name, attributes(&e)));
                }
                Event::Empty(e) => {
                    let name = local(e.local_name().as_ref());
                    self.open.push(name.clone());
                    self.closing = Some(name.clone());
                    return Ok(Xml::Open(name, attributes(&e)));
                }
                Event::End(e) => {
                    let name = local(e.local_name().as_ref());
                    self.open.pop();
                    return Ok(Xml::Close(name));
                }
                Event::Text(t) => {
                    let text = t.decode().map_err(|e| {
                        format!("text that is not UTF-8 at byte {}: {e}", self.position())
                    })?;
                    return Ok(Xml::Text(text));
                }
                Event::CData(t) => {
                    let text = t.decode().map_err(|e| {
                        format!("text that is not UTF-8 at byte {}: {e}", self.position())
                    })?;
                    return Ok(Xml::Text(text));
                }
                Event::GeneralRef(r) => {
                    let text = reference(&r);
                    return Ok(Xml::Text(Cow::Owned(text)));
                }
                Event::DocType(_) => self.doctype = true,
                Event::Eof => {
                    return match self.open.last() {
                        Some(name) => Err(format!("the file ends inside <{name}> (cut short?)")),
                        None if self.reader.buffer_position() == 0 => {
                            Err("the file is empty".into())
                        }
                        None => Ok(Xml::End),
                    };
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }
}

/// An element's local name (its namespace prefix dropped: `gx:Track` is `Track`).
fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// An element's attributes, by local name, their values unescaped (XML's own entities
/// and character references only); at most a few dozen, each at most [`MAX_XML_TEXT`].
fn attributes(e: &quick_xml::events::BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .take(64)
        .map(|a| {
            let key = local(a.key.local_name().as_ref());
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(
                    |_| String::from_utf8_lossy(&a.value).into_owned(),
                    Cow::into_owned,
                );
            (
                key,
                crate::model::user_layer::cut_text(&value, MAX_XML_TEXT),
            )
        })
        .collect()
}

/// An entity reference as text: XML's five and character references resolved; any other
/// (a document type's own) left as written, never expanded.
fn reference(r: &quick_xml::events::BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = String::from_utf8_lossy(r);
    match name.as_ref() {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "apos" => "'".into(),
        "quot" => "\"".into(),
        other => format!("&{other};"),
    }
}

/// An attribute's value by name.
pub(super) fn attribute<'v>(attrs: &'v [(String, String)], name: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Text gathered from pieces, kept to [`MAX_XML_TEXT`] bytes; how much was left out is
/// counted.
#[derive(Default)]
pub(super) struct TextBuf {
    text: String,
    dropped: usize,
}

impl TextBuf {
    /// Adds a piece.
    pub(super) fn push(&mut self, piece: &str) {
        let room = MAX_XML_TEXT.saturating_sub(self.text.len());
        if piece.len() <= room {
            self.text.push_str(piece);
        } else {
            let mut end = room;
            while !piece.is_char_boundary(end) {
                end -= 1;
            }
            self.text.push_str(&piece[..end]);
            self.dropped += piece.len() - end;
        }
    }

    /// The text, trimmed, and how many bytes were left out.
    pub(super) fn take(&mut self) -> (String, usize) {
        let text = std::mem::take(&mut self.text).trim().to_owned();
        (text, std::mem::take(&mut self.dropped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Result<Vec<String>, String> {
        let mut xml = XmlStream::new(text);
        let mut out = Vec::new();
        loop {
            match xml.next()? {
                Xml::Open(n, _) => out.push(format!("<{n}>")),
                Xml::Close(n) => out.push(format!("</{n}>")),
                Xml::Text(t) => out.push(t.into_owned()),
                Xml::End => return Ok(out),
            }
        }
    }

    #[test]
    fn entities_are_not_expanded_and_nesting_is_bounded() {
        let doc = "<!DOCTYPE x [<!ENTITY big \"aaaaaaaa\">]><a>&big;&amp;&#65;</a>";
        assert_eq!(
            events(doc).expect("reads"),
            ["<a>", "&big;", "&", "A", "</a>"]
        );
        let deep = "<a>".repeat(MAX_XML_DEPTH + 1) + &"</a>".repeat(MAX_XML_DEPTH + 1);
        let e = events(&deep).expect_err("too deep");
        assert!(e.contains("nested more than 256 deep"), "{e}");
        let cut = events("<a><b>").expect_err("cut short");
        assert!(cut.contains("ends inside <b>"), "{cut}");
        assert_eq!(
            events("<kml:a x='1'/>").expect("reads"),
            ["<a>", "</a>"],
            "an empty element opens and closes, its prefix dropped"
        );
    }

    #[test]
    fn text_is_kept_to_its_limit() {
        let mut t = TextBuf::default();
        t.push(&"é".repeat(MAX_XML_TEXT));
        let (text, dropped) = t.take();
        assert!(text.len() <= MAX_XML_TEXT);
        assert_eq!(text.len() + dropped, 2 * MAX_XML_TEXT);
    }
}
