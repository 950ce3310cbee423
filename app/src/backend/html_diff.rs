//! A word-level diff of two rendered (already sanitised) HTML fragments, shown in the
//! newer one's structure: words only in the newer are wrapped in `<ins class="diff-ins">`,
//! words only in the older come back struck out in `<del class="diff-del">` where they
//! stood. Readers of a draft compare what they read, not its markdown source.
//!
//! Safe by construction: every tag of the output is a tag of the newer fragment, in order
//! (so nesting stays exactly as the sanitiser left it), and text moved over from the older
//! fragment is text the sanitiser already escaped — tags of the older fragment are never
//! copied.

use std::time::Instant;

use similar::{capture_diff_deadline, Algorithm, DiffOp};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Tag,
    Word,
    Space,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
}

/// Splits sanitised HTML into tags, runs of white space (after a tag or at the start) and
/// words: letters and digits, then any punctuation or entities stuck to them, then the
/// white space after. Words carry their punctuation and spacing so that a diff matches
/// words, not the commas and spaces between them (which would scatter the marks).
fn tokens(html: &str) -> Vec<Token<'_>> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < html.len() {
        let start = i;
        let kind = if bytes[i] == b'<' {
            // To the closing '>' outside quotes: attribute values may hold a bare '>'.
            let mut quote = None;
            i += 1;
            while i < bytes.len() {
                match (bytes[i], quote) {
                    (b'>', None) => break,
                    (q @ (b'"' | b'\''), None) => quote = Some(q),
                    (q, Some(open)) if q == open => quote = None,
                    _ => {}
                }
                i += 1;
            }
            i = (i + 1).min(html.len());
            Kind::Tag
        } else if html[i..].starts_with(char::is_whitespace) {
            i += run(&html[i..], char::is_whitespace);
            Kind::Space
        } else {
            i += run(&html[i..], char::is_alphanumeric);
            // Punctuation and entities ("&amp;", "&#39;") stuck to the word.
            while i < html.len() {
                let rest = &html[i..];
                let n = if rest.starts_with('&') {
                    entity_len(rest)
                } else if rest
                    .starts_with(|c: char| !c.is_alphanumeric() && !c.is_whitespace() && c != '<')
                {
                    rest.chars().next().map_or(1, char::len_utf8)
                } else {
                    break;
                };
                i += n;
            }
            i += run(&html[i..], char::is_whitespace);
            Kind::Word
        };
        out.push(Token {
            kind,
            text: &html[start..i],
        });
    }
    out
}

/// Bytes at the start of `text` whose characters pass `keep`.
fn run(text: &str, keep: impl Fn(char) -> bool) -> usize {
    text.find(|c: char| !keep(c)).unwrap_or(text.len())
}

/// Length of the entity `text` starts with ("&amp;"), or 1 for a bare '&'.
fn entity_len(text: &str) -> usize {
    let name = run(&text[1..], |c| c.is_ascii_alphanumeric() || c == '#');
    if name > 0 && text[1 + name..].starts_with(';') {
        name + 2
    } else {
        1
    }
}

/// The newer fragment with what changed since the older one marked; `None` when nothing
/// changed. Gives up on finding the smallest diff at `deadline` (huge, unrelated texts)
/// and marks a coarser one instead.
pub fn diff(old: &str, new: &str, deadline: Instant) -> Option<String> {
    if old == new {
        return None;
    }
    let (a, b) = (tokens(old), tokens(new));
    let ops = capture_diff_deadline(
        Algorithm::Myers,
        &a,
        0..a.len(),
        &b,
        0..b.len(),
        Some(deadline),
    );
    let mut out = String::with_capacity(new.len() + new.len() / 4);
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => b[new_index..new_index + len]
                .iter()
                .for_each(|t| out.push_str(t.text)),
            DiffOp::Delete {
                old_index, old_len, ..
            } => deleted(&mut out, &a[old_index..old_index + old_len], false),
            DiffOp::Insert {
                new_index, new_len, ..
            } => inserted(&mut out, &b[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                deleted(&mut out, &a[old_index..old_index + old_len], true);
                inserted(&mut out, &b[new_index..new_index + new_len]);
            }
        }
    }
    Some(out)
}

/// The words of a removed run, struck out as one piece; its tags are dropped.
fn deleted(out: &mut String, run: &[Token], replaced: bool) {
    if !run.iter().any(|t| t.kind == Kind::Word) {
        return;
    }
    let mut text = String::new();
    for t in run {
        match t.kind {
            Kind::Word => text.push_str(t.text),
            // Words from two removed paragraphs stay two words.
            Kind::Space | Kind::Tag if !text.ends_with(char::is_whitespace) => text.push(' '),
            _ => {}
        }
    }
    let text = text.trim();
    out.push_str("<del class=\"diff-del\">");
    out.push_str(text);
    out.push_str("</del>");
    // The space the removed words stood in front of is kept (a replacement brings its own).
    if !replaced
        && run
            .last()
            .is_some_and(|t| t.text.ends_with(char::is_whitespace))
    {
        out.push(' ');
    }
}

/// An added run as it is, its words marked; the marks close before each tag and open
/// again after it, so they never change how the newer fragment nests. White space after
/// the last marked word stays outside the mark.
fn inserted(out: &mut String, tokens: &[Token]) {
    let mut open = false;
    let mut pending = "";
    for t in tokens {
        match t.kind {
            Kind::Tag => {
                if open {
                    out.push_str("</ins>");
                    open = false;
                }
                out.push_str(pending);
                pending = "";
                out.push_str(t.text);
            }
            Kind::Space if !open => out.push_str(t.text),
            _ => {
                if open {
                    out.push_str(pending);
                } else {
                    out.push_str("<ins class=\"diff-ins\">");
                    open = true;
                }
                let core = t.text.trim_end();
                out.push_str(core);
                pending = &t.text[core.len()..];
            }
        }
    }
    if open {
        out.push_str("</ins>");
    }
    out.push_str(pending);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render_plain;

    fn soon() -> Instant {
        Instant::now() + std::time::Duration::from_secs(1)
    }

    fn html(md: &str) -> String {
        render_plain(md).html
    }

    #[test]
    fn changed_words_are_marked_in_the_newer_structure() {
        let old = html("The plan covers **three** provinces.\n\n- intake\n- follow-up\n");
        let new = html(
            "The plan covers **five** provinces by 2027.\n\n- intake\n- follow-up\n- referral\n",
        );
        let out = diff(&old, &new, soon()).unwrap();
        assert!(
            out.contains("<del class=\"diff-del\">three</del><ins class=\"diff-ins\">five</ins>"),
            "{out}"
        );
        assert!(
            out.contains("<del class=\"diff-del\">provinces.</del><ins class=\"diff-ins\">provinces by 2027.</ins>"),
            "{out}"
        );
        assert!(
            out.contains("<li><ins class=\"diff-ins\">referral</ins></li>"),
            "{out}"
        );
        // The newer fragment's structure, unchanged: drop the marks and the removed words.
        let mut unmarked = out
            .replace("<ins class=\"diff-ins\">", "")
            .replace("</ins>", "");
        while let Some(i) = unmarked.find("<del class=\"diff-del\">") {
            let end = unmarked[i..].find("</del>").unwrap() + i + "</del>".len();
            unmarked.replace_range(i..end, "");
        }
        assert_eq!(unmarked, new);
    }

    #[test]
    fn removed_paragraphs_come_back_as_struck_text_without_their_tags() {
        let old = html("Keep this.\n\nDrop *this* one.\n");
        let new = html("Keep this.\n");
        let out = diff(&old, &new, soon()).unwrap();
        assert!(
            out.contains("<del class=\"diff-del\">Drop this one.</del>"),
            "{out}"
        );
        assert!(!out.contains("<em>"), "old tags are never copied: {out}");
    }

    #[test]
    fn no_change_is_no_diff_and_quotes_in_attributes_do_not_split_tags() {
        assert_eq!(diff("<p>same</p>", "<p>same</p>", soon()), None);
        let t = tokens("<a title=\"a>b\" href=\"/x\">go</a>");
        assert_eq!(t[0].text, "<a title=\"a>b\" href=\"/x\">");
        assert_eq!(t[1].text, "go");
        assert_eq!(tokens("a &amp; b")[1].text, "&amp; ");
        // A bare '&' is one character, and multi-byte text is never split.
        let t = tokens("&ñandú &x");
        assert_eq!(
            t.iter().map(|t| t.text).collect::<Vec<_>>(),
            ["&", "ñandú ", "&", "x"]
        );
    }
}
