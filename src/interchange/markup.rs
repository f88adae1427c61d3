//! Text formats: Moodle's HTML to our Markdown subset and back.
//!
//! Our Markdown subset is `**strong**`, `*emphasis*`, `[text](url)`, `<url>`, `- ` and `1. ` list
//! lines, line breaks and blank-line paragraphs. [`markdown_to_html`] writes exactly the HTML that
//! [`html_to_markdown`] reads back to the same text, so our own exports survive the trip.

use std::fmt::Write as _;

/// Turns HTML into Markdown. Images and embedded files cannot travel: each one dropped is described
/// in `dropped`.
pub fn html_to_markdown(html: &str, dropped: &mut Vec<String>) -> String {
    let mut w = MdWriter::default();
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                w.text(&decode_entities(rest));
            }
            break;
        };
        let (before, tag_start) = rest.split_at(lt);
        if skip_until.is_none() {
            w.text(&decode_entities(before));
        }
        if let Some(body) = tag_start.strip_prefix("<!--") {
            rest = body.find("-->").map_or("", |end| &body[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::parse(tag_start) else {
            // A lone '<' (not a tag): keep it as text.
            if skip_until.is_none() {
                w.text("<");
            }
            rest = &tag_start[1..];
            continue;
        };
        rest = &tag_start[tag.len..];
        if let Some(name) = &skip_until {
            if tag.closing && &tag.name == name {
                skip_until = None;
            }
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("script" | "style", false) if !tag.self_closing => skip_until = Some(tag.name.clone()),
            ("b" | "strong", _) => w.marker("**", tag.closing),
            ("i" | "em", _) => w.marker("*", tag.closing),
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", closing) => {
                if closing {
                    w.marker("**", true);
                    w.block(2);
                } else {
                    w.block(2);
                    w.marker("**", false);
                }
            }
            ("br", _) => w.line_break(),
            ("p" | "div" | "blockquote" | "table", _) => w.block(2),
            ("tr", _) | ("li", true) => w.block(1),
            ("ul", false) => w.open_list(None),
            ("ol", false) => w.open_list(Some(0)),
            ("ul" | "ol", true) => w.close_list(),
            ("li", false) => w.list_item(),
            ("pre", closing) => {
                w.block(2);
                w.pre = !closing;
            }
            ("a", false) => w.open_link(tag.attr("href")),
            ("a", true) => w.close_link(dropped),
            ("img", _) => {
                let name = tag
                    .attr("alt")
                    .filter(|a| !a.trim().is_empty())
                    .or_else(|| tag.attr("src"))
                    .unwrap_or_default();
                dropped.push(format!(
                    "image \"{name}\" dropped (images are not imported)"
                ));
            }
            ("audio" | "video" | "object" | "embed" | "iframe", false) => {
                dropped.push(format!("<{}> dropped (media are not imported)", tag.name));
            }
            _ => {}
        }
    }
    w.finish()
}

/// One HTML tag.
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
    /// Bytes the tag takes in the input.
    len: usize,
}

impl Tag {
    /// Parses the tag at the start of `s` (which starts with '<').
    fn parse(s: &str) -> Option<Self> {
        let bytes = s.as_bytes();
        let mut i = 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        let name = s.get(name_start..i)?.to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            match bytes.get(i)? {
                // Not a tag: `<` cannot appear inside one (editors write `&lt;` in attribute
                // values). Stopping here keeps a failed parse from scanning past the next `<`, so
                // text with thousands of unfinished tags is read in linear time.
                b'<' => return None,
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    self_closing = true;
                    i += 1;
                }
                _ => {
                    let key_start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|&b| !b.is_ascii_whitespace() && !b"=>/<".contains(&b))
                    {
                        i += 1;
                    }
                    let key = s.get(key_start..i)?.to_ascii_lowercase();
                    if key.is_empty() {
                        // A stray character such as a quote: skip it.
                        i += 1;
                        continue;
                    }
                    let mut value = String::new();
                    if bytes.get(i) == Some(&b'=') {
                        i += 1;
                        if let &q @ (b'"' | b'\'') = bytes.get(i)? {
                            let start = i + 1;
                            let len = s.get(start..)?.find([q as char, '<'])?;
                            if bytes.get(start + len) == Some(&b'<') {
                                return None;
                            }
                            value = decode_entities(s.get(start..start + len)?);
                            i = start + len + 1;
                        } else {
                            let start = i;
                            while bytes.get(i).is_some_and(|&b| {
                                !b.is_ascii_whitespace() && b != b'>' && b != b'<'
                            }) {
                                i += 1;
                            }
                            value = decode_entities(s.get(start..i)?);
                        }
                    }
                    attrs.push((key, value));
                }
            }
        }
        Some(Self {
            name,
            closing,
            self_closing,
            attrs,
            len: i,
        })
    }

    fn attr(&self, key: &str) -> Option<String> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// Builds Markdown from HTML pieces, collapsing whitespace as a browser would.
#[derive(Default)]
struct MdWriter {
    out: String,
    pending_space: bool,
    /// Set right after an opening marker, so that `<b> x</b>` gives `**x**`.
    after_open: bool,
    /// Open lists: `None` for bullets, `Some(n)` for numbered lists at item n.
    lists: Vec<Option<usize>>,
    /// Open links: where the link text starts in `out`, and the target.
    links: Vec<(usize, Option<String>)>,
    pre: bool,
}

impl MdWriter {
    fn text(&mut self, t: &str) {
        for c in t.chars() {
            if self.pre {
                self.out.push(c);
            } else if c.is_ascii_whitespace() {
                if !self.after_open {
                    self.pending_space = true;
                }
            } else {
                self.flush_space();
                self.after_open = false;
                self.out.push(c);
            }
        }
    }

    fn flush_space(&mut self) {
        if self.pending_space && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
            self.out.push(' ');
        }
        self.pending_space = false;
    }

    fn trim_end_spaces(&mut self) {
        let len = self.out.trim_end_matches(' ').len();
        self.out.truncate(len);
    }

    fn marker(&mut self, m: &str, closing: bool) {
        if closing {
            if self.after_open && self.out.ends_with(m) {
                // Empty emphasis: drop it.
                self.out.truncate(self.out.len() - m.len());
                self.after_open = false;
                return;
            }
            let had_space = self.pending_space;
            self.trim_end_spaces();
            self.out.push_str(m);
            self.pending_space = had_space;
        } else {
            self.flush_space();
            self.out.push_str(m);
            self.after_open = true;
        }
    }

    fn block(&mut self, newlines: usize) {
        self.trim_end_spaces();
        self.pending_space = false;
        self.after_open = false;
        if self.out.is_empty() {
            return;
        }
        let have = self.out.len() - self.out.trim_end_matches('\n').len();
        for _ in have..newlines {
            self.out.push('\n');
        }
    }

    fn line_break(&mut self) {
        self.trim_end_spaces();
        self.pending_space = false;
        if !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn open_list(&mut self, numbered: Option<usize>) {
        self.block(if self.lists.is_empty() { 2 } else { 1 });
        self.lists.push(numbered);
    }

    fn close_list(&mut self) {
        self.lists.pop();
        self.block(if self.lists.is_empty() { 2 } else { 1 });
    }

    fn list_item(&mut self) {
        self.block(1);
        let depth = self.lists.len().saturating_sub(1);
        let bullet = match self.lists.last_mut() {
            Some(Some(n)) => {
                *n += 1;
                format!("{n}. ")
            }
            _ => "- ".to_owned(),
        };
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(&bullet);
        self.after_open = true;
    }

    fn open_link(&mut self, href: Option<String>) {
        self.flush_space();
        self.links.push((self.out.len(), href));
        self.after_open = true;
    }

    fn close_link(&mut self, dropped: &mut Vec<String>) {
        let Some((start, href)) = self.links.pop() else {
            return;
        };
        self.trim_end_spaces();
        let text = self.out.get(start..).unwrap_or_default().to_owned();
        self.out.truncate(start.min(self.out.len()));
        let href = href.unwrap_or_default();
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            self.out.push_str(&text);
        } else if href.contains("@@PLUGINFILE@@") {
            dropped.push(format!(
                "link to the embedded file \"{}\" dropped (files are not imported)",
                href.rsplit('/').next().unwrap_or(href)
            ));
            self.out.push_str(&text);
        } else if text.trim() == href || text.trim().is_empty() {
            let _ = write!(self.out, "<{href}>");
        } else {
            let _ = write!(self.out, "[{text}]({href})");
        }
        self.after_open = false;
    }

    fn finish(self) -> String {
        let mut lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        while lines.first().is_some_and(|l| l.trim().is_empty()) {
            lines.remove(0);
        }
        let mut out = String::new();
        let mut blank = 0;
        for line in lines {
            if line.trim().is_empty() {
                blank += 1;
                continue;
            }
            if !out.is_empty() {
                out.push_str(if blank > 0 { "\n\n" } else { "\n" });
            }
            blank = 0;
            out.push_str(line);
        }
        out
    }
}

/// Decodes HTML character references (`&amp;`, `&#233;`, `&#xE9;`, common named ones).
/// `&nbsp;` becomes a plain space. Unknown references are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &after[..end];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    num.parse::<u32>().ok()
                };
                code.and_then(char::from_u32).map(String::from)
            } else {
                named_entity(name).map(str::to_owned)
            };
            c.map(|c| (c, end))
        });
        if let Some((c, end)) = decoded {
            out.push_str(&c);
            rest = &after[end + 1..];
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" | "ensp" | "emsp" | "thinsp" => " ",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "hellip" => "\u{2026}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201c}",
        "rdquo" => "\u{201d}",
        "laquo" => "\u{ab}",
        "raquo" => "\u{bb}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "deg" => "\u{b0}",
        "plusmn" => "\u{b1}",
        "times" => "\u{d7}",
        "divide" => "\u{f7}",
        "middot" => "\u{b7}",
        "bull" => "\u{2022}",
        "euro" => "\u{20ac}",
        "pound" => "\u{a3}",
        "eacute" => "\u{e9}",
        "egrave" => "\u{e8}",
        "aacute" => "\u{e1}",
        "agrave" => "\u{e0}",
        "ouml" => "\u{f6}",
        "uuml" => "\u{fc}",
        "auml" => "\u{e4}",
        "szlig" => "\u{df}",
        "ccedil" => "\u{e7}",
        "ntilde" => "\u{f1}",
        _ => return None,
    })
}

/// Escapes text for HTML content or attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Turns our Markdown subset into HTML that [`html_to_markdown`] reads back unchanged.
/// A single paragraph is written without `<p>`, so short texts (choices) stay short.
pub fn markdown_to_html(md: &str) -> String {
    let md = md.trim();
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in md.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let single = blocks.len() == 1;
    let mut out = String::new();
    for block in &blocks {
        if block.iter().all(|l| l.starts_with("- ") && l.len() > 2) {
            out.push_str("<ul>");
            for l in block {
                let _ = write!(out, "<li>{}</li>", inline_html(&l[2..]));
            }
            out.push_str("</ul>");
        } else if let Some(items) = numbered_items(block) {
            out.push_str("<ol>");
            for item in items {
                let _ = write!(out, "<li>{}</li>", inline_html(item));
            }
            out.push_str("</ol>");
        } else {
            let lines: Vec<String> = block.iter().map(|l| inline_html(l)).collect();
            if single {
                out.push_str(&lines.join("<br>"));
            } else {
                let _ = write!(out, "<p>{}</p>", lines.join("<br>"));
            }
        }
    }
    out
}

/// The items of a block whose lines are `1. `, `2. `, … in sequence.
fn numbered_items<'a>(block: &[&'a str]) -> Option<Vec<&'a str>> {
    block
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let prefix = format!("{}. ", i + 1);
            l.strip_prefix(prefix.as_str()).filter(|t| !t.is_empty())
        })
        .collect()
}

/// Inline Markdown (emphasis, links, autolinks) to HTML; everything else is escaped text.
fn inline_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if let Some((html, used)) = strong_or_em(rest).or_else(|| link(rest)) {
            out.push_str(&html);
            i += used;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        out.push_str(&escape_html(c.encode_utf8(&mut [0; 4])));
        i += c.len_utf8();
    }
    out
}

fn strong_or_em(rest: &str) -> Option<(String, usize)> {
    let (marker, tag) = if rest.starts_with("**") {
        ("**", "strong")
    } else if rest.starts_with('*') {
        ("*", "em")
    } else {
        return None;
    };
    let body = &rest[marker.len()..];
    let end = if marker == "*" {
        // A single '*' closes at the next '*' that is not part of "**".
        let mut found = None;
        let bytes = body.as_bytes();
        for (j, &b) in bytes.iter().enumerate() {
            if b == b'*' {
                if bytes.get(j + 1) == Some(&b'*') || (j > 0 && bytes.get(j - 1) == Some(&b'*')) {
                    return None;
                }
                found = Some(j);
                break;
            }
        }
        found?
    } else {
        body.find("**")?
    };
    let inner = &body[..end];
    if inner.is_empty() || inner.starts_with(' ') || inner.ends_with(' ') || inner.contains('*') {
        return None;
    }
    Some((
        format!("<{tag}>{}</{tag}>", inline_html(inner)),
        marker.len() * 2 + end,
    ))
}

fn link(rest: &str) -> Option<(String, usize)> {
    if let Some(body) = rest.strip_prefix('<') {
        let end = body.find('>')?;
        let url = &body[..end];
        if (url.starts_with("https://") || url.starts_with("http://"))
            && !url.contains(char::is_whitespace)
            && !url.contains('<')
        {
            let url = escape_html(url);
            return Some((format!("<a href=\"{url}\">{url}</a>"), end + 2));
        }
        return None;
    }
    let body = rest.strip_prefix('[')?;
    let close = body.find("](")?;
    let text = &body[..close];
    if text.is_empty() || text.contains(['[', ']']) {
        return None;
    }
    let after = &body[close + 2..];
    let end = after.find(')')?;
    let url = &after[..end];
    if url.is_empty() || url.contains(char::is_whitespace) || url.contains('(') {
        return None;
    }
    Some((
        format!("<a href=\"{}\">{}</a>", escape_html(url), inline_html(text)),
        1 + close + 2 + end + 1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        html_to_markdown(html, &mut Vec::new())
    }

    #[test]
    fn html_tags_become_markdown() {
        assert_eq!(md("<b>bold</b> and <em>it</em>"), "**bold** and *it*");
        assert_eq!(md("<p>one</p><p>two<br/>three</p>"), "one\n\ntwo\nthree");
        assert_eq!(
            md("<a href=\"https://x.org/a?b=1&amp;c=2\">site</a>"),
            "[site](https://x.org/a?b=1&c=2)"
        );
        assert_eq!(md("<ul><li>a</li><li>b</li></ul>"), "- a\n- b");
        assert_eq!(md("<ol><li>a</li><li>b</li></ol>"), "1. a\n2. b");
        assert_eq!(
            md("x &lt; y &amp;&amp; z&nbsp;&gt; 1 &eacute;"),
            "x < y && z > 1 é"
        );
        assert_eq!(md("<strong> spaced </strong>word"), "**spaced** word");
    }

    #[test]
    fn images_and_plugin_files_are_dropped_and_reported() {
        let mut dropped = Vec::new();
        let out = html_to_markdown(
            "<p><img src=\"@@PLUGINFILE@@/f.png\" alt=\"Flag\" /> French</p>",
            &mut dropped,
        );
        assert_eq!(out, "French");
        assert_eq!(dropped.len(), 1);
        assert!(dropped[0].contains("Flag"), "{dropped:?}");
    }

    #[test]
    fn markdown_round_trips_through_html() {
        for text in [
            "plain",
            "**strong** and *em* with a [link](https://a.org/x) and <https://b.org>",
            "line one\nline two\n\nparagraph & <tag> \"quoted\"",
            "- a\n- b\n\n1. c\n2. d",
            "5 * 3 = 15, a ** b, [not a link], *",
            "ünïcödé ~=#{}: text",
        ] {
            let html = markdown_to_html(text);
            assert_eq!(md(&html), text, "via {html}");
        }
    }
}
