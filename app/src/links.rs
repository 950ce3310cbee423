//! What counts as a link to a page of this site: one check for redirects after sign-in or
//! a language switch, the sign-in page's hidden `next`, and links people attach to
//! requests (and the encoding of a query-string value). Browsers treat `//host` and `/\host` as other sites, so only a single `/`
//! followed by something else will do.

/// Whether `p` is a path on this site: starts with one `/`, no `//` or backslash (which
/// browsers read as `/`), no control characters.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
}

/// Whether a link people attached may be followed: a path of this site or an `http(s)://`
/// address of another.
pub fn is_link_to_follow(link: &str) -> bool {
    let web = ["http://", "https://"]
        .iter()
        .any(|p| link.len() > p.len() && link[..p.len()].eq_ignore_ascii_case(p));
    !link.chars().any(|c| c.is_whitespace() || c.is_control()) && (is_local_path(link) || web)
}

/// Percent-encodes a query-string value.
pub fn encode(v: &str) -> String {
    let mut out = String::new();
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{is_link_to_follow, is_local_path};

    #[test]
    fn only_paths_of_this_site() {
        assert!(is_local_path("/spaces?x=1"));
        assert!(is_local_path("/"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "/a\r\nSet-Cookie: x",
            "/a\tb",
            "evil.example",
            "",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
        assert!(is_link_to_follow("https://example.org/a") && is_link_to_follow("/library"));
        for bad in [
            "javascript:alert(1)",
            "/\\evil.example",
            "https://",
            "data:x",
            "/a b",
        ] {
            assert!(!is_link_to_follow(bad), "{bad:?}");
        }
    }
}
