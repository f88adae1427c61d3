//! A small element tree built with quick-xml: enough of Moodle XML to read questions, with byte
//! offsets for messages. Only XML's predefined entities and character references are resolved.
//! Moodle never writes a DOCTYPE: one that declares entities or names an external DTD is refused
//! with an error (so no "billion laughs" expansion and no external file is ever read); a bare
//! `<!DOCTYPE quiz>` is ignored.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use crate::bank::diagnostic::line_col;
use crate::interchange::{Error, Result};

/// Deeper nesting is refused: Moodle XML is about six levels deep.
const MAX_DEPTH: usize = 100;

/// One element.
#[derive(Debug, Default)]
pub struct Element {
    /// Tag name.
    pub name: String,
    /// Attributes, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child elements in order.
    pub children: Vec<Element>,
    /// Text and CDATA directly inside, concatenated.
    pub text: String,
    /// Byte offset of the start tag.
    pub offset: usize,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The text of child `name`'s `<text>` (Moodle's usual `<name><text>…</text></name>`).
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .and_then(|c| c.child("text"))
            .map(|t| t.text.as_str())
    }
}

/// Resolves `&lt;`-style and `&#…;` references; anything else is kept as written.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match after.find(';').map(|end| (&after[..end], end)) {
            Some((name, end)) if reference(name).is_some() => {
                out.push_str(&reference(name).unwrap_or_default());
                rest = &after[end + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|&c| c != '\0')
            .map(String::from);
    }
    resolve_predefined_entity(name).map(str::to_owned)
}

/// Parses `text` into its root element with all its children.
#[cfg(test)]
pub fn parse(text: &str, file: &str) -> Result<Element> {
    let mut children = Vec::new();
    let mut root = parse_streaming(text, file, |_, child| children.push(child))?;
    root.children = children;
    Ok(root)
}

/// Parses `text`, handing each complete child of the root element to `on_child` (with the root's
/// name) as soon as it ends, so that only one child (one question) is held in memory at a time.
/// Returns the root element without its children.
pub fn parse_streaming(
    text: &str,
    file: &str,
    mut on_child: impl FnMut(&str, Element),
) -> Result<Element> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    let syntax = |offset: u64, message: String| {
        let (line, column) = line_col(text, usize::try_from(offset).unwrap_or(usize::MAX));
        Error::Syntax {
            file: file.to_owned(),
            line,
            column,
            message,
        }
    };
    loop {
        let offset = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), format!("XML syntax: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if stack.len() > MAX_DEPTH => {
                return Err(syntax(
                    offset,
                    format!("<{}> is nested too deeply", e.name().as_ref()),
                ));
            }
            Event::Start(e) => stack.push(element(&e, offset)),
            Event::Empty(e) => {
                let el = element(&e, offset);
                attach(&mut stack, el, &mut on_child);
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err(syntax(offset, "closing tag without an opening tag".into()));
                }
                if let Some(done) = stack.pop() {
                    attach(&mut stack, done, &mut on_child);
                }
            }
            Event::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let name: &str = &r;
                if let Some(el) = stack.last_mut() {
                    if let Some(s) = reference(name) {
                        el.text.push_str(&s);
                    } else {
                        el.text.push('&');
                        el.text.push_str(name);
                        el.text.push(';');
                    }
                }
            }
            Event::DocType(d) => {
                if let Some(what) = refused_doctype(&d[..]) {
                    return Err(syntax(
                        offset,
                        format!(
                            "the DOCTYPE {what}; DTDs and entity declarations are refused,                              never expanded or fetched (Moodle XML has no DOCTYPE: remove it)"
                        ),
                    ));
                }
            }
            Event::Eof => break,
            // Comments, processing instructions and the declaration are ignored.
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if stack.len() != 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        return Err(syntax(
            text.len() as u64,
            format!("file ends inside <{open}> (truncated?)"),
        ));
    }
    let document = stack.pop().unwrap_or_default();
    document
        .children
        .into_iter()
        .next()
        .ok_or_else(|| syntax(0, "no XML element found".into()))
}

/// Why a DOCTYPE (its content between `<!DOCTYPE` and `>`) is refused, or `None` for a bare one.
fn refused_doctype(content: &str) -> Option<&'static str> {
    if content.contains("<!ENTITY") {
        return Some("declares entities");
    }
    // An external DTD: `<!DOCTYPE quiz SYSTEM "uri">` or `PUBLIC "id" "uri"`.
    let outside_subset = content.split('[').next().unwrap_or_default();
    if outside_subset
        .split_ascii_whitespace()
        .any(|w| w == "SYSTEM" || w == "PUBLIC")
    {
        return Some("names an external DTD");
    }
    if content.contains('[') {
        return Some("has an internal DTD subset");
    }
    None
}

/// Adds a finished element to its parent, or hands it over when the parent is the root.
fn attach(stack: &mut [Element], el: Element, on_child: &mut impl FnMut(&str, Element)) {
    match stack {
        [_, root] => on_child(&root.name, el),
        [.., parent] => parent.children.push(el),
        [] => {}
    }
}

fn element(e: &quick_xml::events::BytesStart<'_>, offset: u64) -> Element {
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| (a.key.as_ref().to_owned(), unescape(&a.value)))
        .collect();
    Element {
        name: e.name().as_ref().to_owned(),
        attrs,
        children: Vec::new(),
        text: String::new(),
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_beyond_the_predefined_are_not_expanded() {
        let xml = "<!DOCTYPE quiz>\
                   <quiz a=\"&lt;&amp;\"><t>&e; &lt;b&gt; &#233;<![CDATA[<i>]]></t></quiz>";
        let root = parse(xml, "f.xml").unwrap();
        assert_eq!(root.attr("a"), Some("<&"));
        assert_eq!(root.child("t").unwrap().text, "&e; <b> é<i>");
    }

    #[test]
    fn doctypes_with_entities_or_external_dtds_are_refused() {
        for (xml, why) in [
            (
                "<!DOCTYPE quiz [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><quiz/>",
                "declares entities",
            ),
            (
                "<?xml version=\"1.0\"?>\n<!DOCTYPE q [\n <!ENTITY a \"aa\">\n <!ENTITY b \"&a;&a;\">\n]>\n<quiz>&b;</quiz>",
                "declares entities",
            ),
            (
                "<!DOCTYPE quiz SYSTEM \"http://example.org/q.dtd\"><quiz/>",
                "names an external DTD",
            ),
            (
                "<!DOCTYPE quiz PUBLIC \"-//x//y\" \"q.dtd\"><quiz/>",
                "names an external DTD",
            ),
            (
                "<!DOCTYPE quiz [<!ELEMENT quiz ANY>]><quiz/>",
                "internal DTD subset",
            ),
        ] {
            let err = parse(xml, "f.xml").unwrap_err().to_string();
            assert!(err.contains(why), "{err}");
            assert!(err.contains("refused"), "{err}");
        }
        let err = parse(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE quiz [<!ENTITY a \"b\">]><quiz/>",
            "f.xml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("f.xml:2:1: the DOCTYPE declares entities"),
            "{err}"
        );
    }

    #[test]
    fn truncated_file_is_an_error_with_a_position() {
        let err = parse("<quiz>\n<question>", "f.xml")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("f.xml:2:"), "{err}");
    }
}
