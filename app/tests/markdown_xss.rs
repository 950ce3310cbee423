//! Every payload of the shared markdown XSS corpus, and variations of each, rendered by the
//! one markdown renderer: the output is parsed as a browser would (html5ever, through
//! scraper) and must hold no script, no event handler, no dangerous URL and none of the
//! elements that carry their own scripting; cleaning it again must change nothing.
#![cfg(feature = "markdown")]

use app::markdown::{render, sanitize};
#[path = "support/html_safety.rs"]
mod html_safety;

use html_safety::problems;

const CORPUS: &str = include_str!("data/markdown-xss-payloads.txt");

/// Each payload as it is, and placed where markdown and HTML give it other meanings.
fn variations(payload: &str) -> Vec<String> {
    vec![
        payload.to_string(),
        format!("# {payload}"),
        format!("> {payload}"),
        format!("- [ ] {payload}"),
        format!("| h |\n|---|\n| {payload} |"),
        format!("text[^n]\n\n[^n]: {payload}"),
        format!("<details><summary>{payload}</summary>{payload}</details>"),
        format!("[x]({payload})"),
        format!("![x]({payload})"),
        format!("<a href=\"{payload}\">x</a>"),
        format!("<img src=\"{payload}\">"),
        format!("*{payload}*"),
        format!("@ana.quispe {payload}"),
    ]
}

fn known(name: &str) -> bool {
    name == "ana.quispe"
}

#[test]
fn every_payload_in_the_corpus_is_defused() {
    let payloads: Vec<&str> = CORPUS.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(
        payloads.len() >= 40,
        "the corpus should hold the shared payloads"
    );
    let mut failures = Vec::new();
    let mut inputs: Vec<String> = payloads.iter().flat_map(|p| variations(p)).collect();
    // The whole file as one document, too: payloads can combine across lines.
    inputs.push(CORPUS.to_string());
    for input in &inputs {
        let html = render(input, &known).html;
        let bad = problems(&html);
        if !bad.is_empty() {
            failures.push(format!("{input:?}\n  -> {html}\n  {bad:?}"));
        }
        let again = sanitize(&html);
        if again != html {
            failures.push(format!(
                "not idempotent for {input:?}\n  once:  {html}\n  twice: {again}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} inputs unsafe:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n")
    );
}

/// The checker itself must see what it is looking for, or the test above proves nothing.
#[test]
fn the_checker_finds_each_kind_of_problem() {
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<a href=\"VBScript:x\">x</a>",
        "<svg></svg>",
        "<math></math>",
        "<iframe></iframe>",
        "<p style=\"x\">s</p>",
        "<object></object>",
        "<embed>",
    ] {
        assert!(!problems(bad).is_empty(), "missed {bad}");
    }
    assert!(problems("<p><a href=\"https://example.org\">ok</a></p>").is_empty());
    assert!(!problems("<img src=\"javascript:x\">").is_empty());
    // A script scheme in text attributes is only text (found by the fuzzer: a link title).
    assert!(problems("<a href=\"https://x.org\" title=\"javascript:alert(1)\">t</a>").is_empty());
}

#[test]
fn a_title_that_reads_like_a_script_url_stays_harmless_text() {
    let html = render("[a](https://example.org \"javascript:prompt(1)\")", &known).html;
    assert!(problems(&html).is_empty(), "{html}");
    assert!(html.contains("href=\"https://example.org\""), "{html}");
}

#[test]
fn raw_html_is_cleaned_not_escaped_away() {
    let html = render(
        "<details><summary>More</summary><kbd>Ctrl</kbd> <b>bold</b></details>",
        &known,
    )
    .html;
    assert!(
        html.contains("<details><summary>More</summary><kbd>Ctrl</kbd> <b>bold</b></details>"),
        "{html}"
    );
    let html = render(
        "<div onclick=\"x()\" style=\"color:red\">hi</div><script>steal()</script>",
        &known,
    )
    .html;
    assert_eq!(html.trim(), "<div>hi</div>");
}

/// The drafts' rendered diff builds new HTML out of two rendered fragments: marking the
/// changes between any two payloads (and between each and nothing) must stay just as safe.
#[cfg(feature = "ssr")]
#[test]
fn rendered_diffs_between_payloads_are_defused() {
    use app::backend::html_diff::diff;
    let payloads: Vec<&str> = CORPUS.lines().filter(|l| !l.trim().is_empty()).collect();
    let rendered: Vec<String> = payloads
        .iter()
        .flat_map(|p| variations(p))
        .map(|input| render(&input, &known).html)
        .collect();
    let mut failures = Vec::new();
    let empty = String::new();
    for (i, new) in rendered.iter().enumerate() {
        let olds = [
            &rendered[(i + 1) % rendered.len()],
            &rendered[(i * 7 + 3) % rendered.len()],
            &empty,
        ];
        for old in olds {
            for (a, b) in [(old, new), (new, old)] {
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
                let Some(html) = diff(a, b, deadline) else {
                    continue;
                };
                let bad = problems(&html);
                if !bad.is_empty() {
                    failures.push(format!("{a:?}\n  vs {b:?}\n  -> {html}\n  {bad:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
