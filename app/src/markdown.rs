//! The one markdown renderer: posts, drafts, space descriptions, requests and the library
//! all go through [`render`].
//!
//! pulldown-cmark turns markdown (with tables, footnotes, strikethrough, task lists) into
//! HTML, headings get stable anchors and `@username` mentions become profile links; then
//! ammonia cleans the result against a strict allowlist. Raw HTML in the markdown is allowed
//! through the parser only to be cleaned by the same allowlist, so what survives is the same
//! whichever way it was written. The result is stored beside the markdown it came from
//! (rendered once per revision, not per view).

use crate::html::escape;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{
    html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};

/// Every heading id and footnote id in rendered HTML starts with this, so user content can
/// never clobber the page's own element ids (DOM clobbering).
pub const ID_PREFIX: &str = "md-";

/// A heading of a rendered document, for its table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The element id in the rendered HTML (already prefixed with [`ID_PREFIX`]).
    pub id: String,
    pub text: String,
}

/// Markdown turned into safe HTML, with what the text refers to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    /// Usernames mentioned with `@name` that `known` accepted, in order, without repeats.
    pub mentions: Vec<String>,
    pub headings: Vec<Heading>,
}

/// Renders `markdown` to sanitised HTML. `known` says whether a username exists; only those
/// mentions become links (and notifications).
pub fn render(markdown: &str, known: &dyn Fn(&str) -> bool) -> Rendered {
    // A lone carriage return would pass into the HTML, where any HTML parser (ours, when
    // sanitising again, or a browser's) reads it as a line feed: normalise first, so the
    // stored HTML is exactly what it stays.
    let normalised;
    let markdown = if markdown.contains('\r') {
        normalised = markdown.replace("\r\n", "\n").replace('\r', "\n");
        normalised.as_str()
    } else {
        markdown
    };
    // Merged, so a mention split across text events by the parser is still one mention.
    let parser = TextMergeStream::new(Parser::new_ext(markdown, options()));
    let mut out = Transform::new(known);
    let events: Vec<Event<'_>> = parser.flat_map(|event| out.event(event)).collect();
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events.into_iter());
    Rendered {
        html: sanitize(&raw),
        mentions: out.mentions,
        headings: out.headings,
    }
}

/// Renders markdown with no mention links (the library, previews of imported files).
pub fn render_plain(markdown: &str) -> Rendered {
    render(markdown, &|_| false)
}

/// The words of `markdown` without its markup (what search indexes and snippets quote).
/// Block boundaries become line breaks so words of two paragraphs never run together;
/// raw HTML is dropped, not shown as text.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !out.ends_with('\n') => out.push('\n'),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The first thing in `markdown` the sanitiser would have to remove — a dangerous element,
/// an event handler, a `javascript:`/`data:` link — described for the writer; `None` when
/// the text is safe as written. Forms that publish to the library refuse such text instead
/// of silently changing it (everything is still sanitised when rendered).
pub fn unsafe_markup(markdown: &str) -> Option<String> {
    const ELEMENTS: [&str; 14] = [
        "script", "iframe", "style", "svg", "math", "object", "embed", "form", "input", "link",
        "meta", "base", "frame", "template",
    ];
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let lower = raw.to_lowercase();
                if let Some(e) = ELEMENTS.iter().find(|e| {
                    lower.match_indices('<').any(|(i, _)| {
                        let rest = lower[i + 1..].trim_start_matches('/');
                        rest.starts_with(*e)
                            && !rest[e.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
                    })
                }) {
                    return Some(format!("<{e}> is not allowed"));
                }
                if has_event_handler(&lower) {
                    return Some("event-handler attributes (on…=) are not allowed".into());
                }
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    if lower.contains(scheme) {
                        return Some(format!("{scheme} links are not allowed"));
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                if let Some(scheme) = url_scheme(&dest_url) {
                    if !["http", "https", "mailto"].contains(&scheme.as_str()) {
                        return Some(format!("{scheme}: links are not allowed"));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// `onclick=`, `onerror =` … inside raw HTML.
fn has_event_handler(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(at) = lower[i..].find("on") {
        let start = i + at;
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let mut j = start + 2;
        while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
            j += 1;
        }
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if before_ok && j > start + 2 && bytes.get(j) == Some(&b'=') {
            return true;
        }
        i = start + 2;
    }
    false
}

/// The lower-case scheme of a URL, if it has one (`HTTPS://x` → `https`, `/a:b` → none).
fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let colon = cleaned.find(':')?;
    let head = &cleaned[..colon];
    if head.is_empty() || head.contains(['/', '?', '#']) {
        return None;
    }
    Some(head.to_lowercase())
}

/// Cleans HTML against the allowlist. Idempotent: cleaning clean HTML changes nothing.
pub fn sanitize(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// Usernames written as `@name` in `markdown` (outside code), before any lookup: what the
/// caller should ask the database about before rendering.
pub fn mention_candidates(markdown: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut in_code = 0usize;
    for event in TextMergeStream::new(Parser::new_ext(markdown, options())) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 => {
                for (_, name, _) in mention_spans(&text) {
                    found.insert(name.to_string());
                }
            }
            _ => {}
        }
    }
    found
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Walks the parser's events: heading anchors, mention links, prefixed footnote ids.
struct Transform<'k> {
    known: &'k dyn Fn(&str) -> bool,
    mentions: Vec<String>,
    headings: Vec<Heading>,
    used_ids: HashMap<String, usize>,
    /// Inside a heading: its events wait here until its text (and so its id) is known.
    heading: Option<(HeadingLevel, Vec<Event<'static>>)>,
    in_code: usize,
    in_link: usize,
}

impl<'k> Transform<'k> {
    fn new(known: &'k dyn Fn(&str) -> bool) -> Self {
        Transform {
            known,
            mentions: Vec::new(),
            headings: Vec::new(),
            used_ids: HashMap::new(),
            heading: None,
            in_code: 0,
            in_link: 0,
        }
    }

    fn event(&mut self, event: Event<'_>) -> Vec<Event<'static>> {
        let event = event.into_static();
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((*level, Vec::new()));
                return Vec::new();
            }
            Event::End(TagEnd::Heading(_)) => return self.close_heading(),
            Event::Start(Tag::CodeBlock(_)) => self.in_code += 1,
            Event::End(TagEnd::CodeBlock) => self.in_code = self.in_code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => self.in_link += 1,
            Event::End(TagEnd::Link) => self.in_link = self.in_link.saturating_sub(1),
            _ => {}
        }
        let events = match event {
            Event::Text(text) if self.in_code == 0 && self.in_link == 0 => self.mention(text),
            Event::FootnoteReference(name) => footnote_reference(&name),
            Event::Start(Tag::FootnoteDefinition(name)) => vec![Event::Html(
                format!(
                    "<div class=\"footnote-definition\" id=\"{}\"><sup>{}</sup>",
                    footnote_id(&name),
                    escape(&name)
                )
                .into(),
            )],
            Event::End(TagEnd::FootnoteDefinition) => vec![Event::Html("</div>".into())],
            other => vec![other],
        };
        match &mut self.heading {
            Some((_, pending)) => {
                pending.extend(events);
                Vec::new()
            }
            None => events,
        }
    }

    fn close_heading(&mut self) -> Vec<Event<'static>> {
        let Some((level, inner)) = self.heading.take() else {
            return Vec::new();
        };
        let text: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = slug(&text);
        let n = self.used_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 {
            format!("{ID_PREFIX}{base}")
        } else {
            format!("{ID_PREFIX}{base}-{n}")
        };
        self.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            text: text.trim().to_string(),
        });
        let mut events = Vec::with_capacity(inner.len() + 2);
        events.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes: Vec::new(),
            attrs: Vec::new(),
        }));
        events.extend(inner);
        events.push(Event::End(TagEnd::Heading(level)));
        events
    }

    /// Splits text around `@name` mentions of known users, which become profile links.
    fn mention(&mut self, text: CowStr<'static>) -> Vec<Event<'static>> {
        let spans = mention_spans(&text);
        if spans.is_empty() {
            return vec![Event::Text(text)];
        }
        let mut events = Vec::new();
        let mut last = 0;
        for (start, name, end) in spans {
            if !(self.known)(name) {
                continue;
            }
            if start > last {
                events.push(Event::Text(text[last..start].to_string().into()));
            }
            if !self.mentions.iter().any(|m| m == name) {
                self.mentions.push(name.to_string());
            }
            events.push(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: format!("/people/{name}").into(),
                title: "".into(),
                id: "".into(),
            }));
            events.push(Event::Text(format!("@{name}").into()));
            events.push(Event::End(TagEnd::Link));
            last = end;
        }
        if last < text.len() {
            events.push(Event::Text(text[last..].to_string().into()));
        }
        events
    }
}

/// `(start of '@', name, end)` for each `@name` in `text` that stands on its own: not part
/// of an e-mail address, a name as usernames allow (3–32 of a–z, 0–9, `_ . -`), with no
/// trailing dot or hyphen (so "thanks @ana." mentions `ana`).
fn mention_spans(text: &str) -> Vec<(usize, &str, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'@' && (i == 0 || !is_name_byte(bytes[i - 1])) {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && is_name_byte(bytes[end]) {
                end += 1;
            }
            while end > start && matches!(bytes[end - 1], b'.' | b'-') {
                end -= 1;
            }
            let name = &text[start..end];
            if (3..=32).contains(&name.len()) {
                spans.push((i, name, end));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    spans
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
}

fn footnote_id(name: &str) -> String {
    format!("{ID_PREFIX}fn-{}", slug(name))
}

fn footnote_reference(name: &str) -> Vec<Event<'static>> {
    vec![Event::Html(
        format!(
            "<sup class=\"footnote-reference\"><a href=\"#{}\">{}</a></sup>",
            footnote_id(name),
            escape(name)
        )
        .into(),
    )]
}

/// An anchor from heading text: lowercase letters and digits of any script, words joined
/// by hyphens ("Niveles de atención" → "niveles-de-atención").
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            out.push(ch);
            gap = false;
        } else {
            gap = true;
        }
        if out.len() >= 80 {
            break;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// The allowlist. Anything not named here is removed (tags keep their text unless they are
/// script-like, whose content goes too).
fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "code",
            "dd",
            "del",
            "details",
            "div",
            "dl",
            "dt",
            "em",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "hr",
            "i",
            "img",
            "input",
            "kbd",
            "li",
            "ol",
            "p",
            "pre",
            "s",
            "strong",
            "sub",
            "summary",
            "sup",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
        ]
        .into_iter()
        .collect();
        let mut attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
        attributes.insert("a", ["href", "title"].into_iter().collect());
        attributes.insert("img", ["src", "alt", "title"].into_iter().collect());
        attributes.insert("abbr", ["title"].into_iter().collect());
        attributes.insert("ol", ["start"].into_iter().collect());
        attributes.insert("td", ["colspan", "rowspan"].into_iter().collect());
        attributes.insert("th", ["colspan", "rowspan"].into_iter().collect());
        attributes.insert("input", ["type", "checked"].into_iter().collect());
        for h in ["h1", "h2", "h3", "h4", "h5", "h6", "div"] {
            attributes.insert(h, ["id"].into_iter().collect());
        }
        let mut classes: HashMap<&str, HashSet<&str>> = HashMap::new();
        classes.insert("sup", ["footnote-reference"].into_iter().collect());
        classes.insert("div", ["footnote-definition"].into_iter().collect());
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(tags)
            .clean_content_tags(["script", "style"].into_iter().collect())
            .tag_attributes(attributes)
            .allowed_classes(classes)
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer nofollow"))
            .id_prefix(Some(ID_PREFIX))
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                // Task-list boxes only, and never one a reader could tick.
                ("input", "type") if value != "checkbox" => None,
                ("ol", "start") if value.parse::<u32>().is_err() => None,
                ("td" | "th", "colspan" | "rowspan") if value.parse::<u16>().is_err() => None,
                _ => Some(value.into()),
            })
            .set_tag_attribute_value("input", "disabled", "");
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str) -> String {
        render_plain(md).html
    }

    #[test]
    fn carriage_returns_do_not_break_idempotence() {
        for text in ["[a](j\rx)", "a\r\nb\rc", "<b>x\ry</b>"] {
            let html = plain(text);
            assert!(!html.contains('\r'), "{html:?}");
            assert_eq!(sanitize(&html), html);
        }
    }

    #[test]
    fn unsafe_markup_is_named() {
        assert_eq!(
            unsafe_markup("Texto **normal** con [enlace](https://a.org) y <b>negrita</b>."),
            None
        );
        assert_eq!(
            unsafe_markup("<script>alert(1)</script>").as_deref(),
            Some("<script> is not allowed")
        );
        assert_eq!(
            unsafe_markup("x <IFRAME src=x>").as_deref(),
            Some("<iframe> is not allowed")
        );
        assert!(unsafe_markup("<img src=x onerror=alert(1)>").is_some());
        assert!(unsafe_markup("[a](javascript:alert(1))").is_some());
        assert!(unsafe_markup("[a]( JaVaScRiPt:alert(1))").is_some());
        assert!(unsafe_markup("![a](data:image/png;base64,xx)").is_some());
        assert_eq!(
            unsafe_markup("[a](/library/es/x) [b](mailto:a@b.org) <scripture>"),
            None
        );
        assert_eq!(
            unsafe_markup("Reunión con la fundación el lunes = bien"),
            None
        );
    }

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        let text = plain_text(
            "# Niveles\n\nUn *sistema* de `tratamiento`.\nOtra línea.\n\n- uno\n- dos\n\n<script>x()</script>",
        );
        assert_eq!(
            text,
            "Niveles\nUn sistema de tratamiento. Otra línea.\nuno\ndos"
        );
    }

    #[test]
    fn the_extensions_render() {
        let html = plain("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n- [ ] open\n");
        assert!(
            html.contains("<table>") && html.contains("<td>1</td>"),
            "{html}"
        );
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("disabled"), "{html}");
        let notes = plain("Coverage rose.[^1]\n\n[^1]: Ministry figures, 2024.\n");
        assert!(
            notes.contains("href=\"#md-fn-1\"") && notes.contains("id=\"md-fn-1\""),
            "{notes}"
        );
    }

    #[test]
    fn headings_get_unique_prefixed_anchors() {
        let r = render_plain("# Niveles de atención\n\n## Goals\n\n## Goals\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["md-niveles-de-atención", "md-goals", "md-goals-2"],
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"md-goals-2\">Goals</h2>"),
            "{}",
            r.html
        );
        // A raw id from the writer cannot take over one of the page's own ids.
        let raw = plain("<h2 id=\"signout\">x</h2>");
        assert!(raw.contains("id=\"md-signout\""), "{raw}");
    }

    #[test]
    fn mentions_link_known_users_only_and_skip_code() {
        let known = |n: &str| n == "ana.quispe" || n == "ta.lopez";
        let r = render(
            "Thanks @ana.quispe. Ask @nobody or mail x@ta.lopez; `@ta.lopez` in code.\n\n    @ta.lopez\n\n[@ta.lopez](https://example.org)",
            &known,
        );
        assert_eq!(r.mentions, ["ana.quispe"], "{}", r.html);
        assert!(
            r.html.contains("<a href=\"/people/ana.quispe\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("@nobody"));
        let candidates = mention_candidates("hi @carlos.mejia and @ana-q, `@code`");
        assert!(candidates.contains("carlos.mejia") && candidates.contains("ana-q"));
        assert!(!candidates.contains("code"));
    }

    #[test]
    fn links_are_marked_and_only_safe_schemes_survive() {
        let html = plain("[a](https://example.org) [b](/library/x) [c](mailto:a@b.org) [d](javascript:alert(1)) [e](ftp://x)");
        assert!(html.contains("href=\"https://example.org\""));
        assert!(html.contains("href=\"/library/x\""));
        assert!(html.contains("href=\"mailto:a@b.org\""));
        assert!(
            !html.contains("javascript:") && !html.contains("ftp:"),
            "{html}"
        );
        assert_eq!(
            html.matches("rel=\"noopener noreferrer nofollow\"").count(),
            html.matches("<a ").count(),
            "{html}"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("  Retention — 12 months!  "), "retention-12-months");
        assert_eq!(slug("???"), "section");
    }
}
