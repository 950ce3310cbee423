//! What makes rendered HTML unsafe, judged on the document a browser would build from it
//! (html5ever, through scraper): script-carrying elements, event handlers, style, and
//! script or data URLs. Shared by the XSS corpus test and the fuzz target.

use scraper::{node::Node, Html};

/// Attributes a browser follows or loads as a URL; a script scheme anywhere else (a title,
/// an alt text) is only text.
const URL_ATTRIBUTES: [&str; 14] = [
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "cite",
    "background",
    "poster",
    "data",
    "codebase",
    "ping",
    "longdesc",
    "manifest",
];

const FORBIDDEN_ELEMENTS: [&str; 12] = [
    "script", "svg", "math", "iframe", "style", "object", "embed", "form", "frame", "base", "link",
    "meta",
];

/// What is wrong with `html`, as a browser would parse it; empty when it is safe.
pub fn problems(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.tree.values() {
        let Node::Element(el) = node else { continue };
        let name = el.name().to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            found.push(format!("element <{name}>"));
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("handler {attr} on <{name}>"));
            }
            if attr == "style" || attr == "srcdoc" || attr == "formaction" {
                found.push(format!("attribute {attr} on <{name}>"));
            }
            if !URL_ATTRIBUTES.contains(&attr.as_str()) {
                continue;
            }
            // Browsers ignore whitespace and control characters inside a scheme.
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            for scheme in ["javascript:", "data:", "vbscript:"] {
                if squeezed.starts_with(scheme) {
                    found.push(format!("{scheme} URL in {attr} on <{name}>"));
                }
            }
        }
    }
    found
}
