//! Fuzzes the markdown renderer with arbitrary text: it must never panic, what it returns
//! must already be clean (cleaning it again changes nothing), and the document a browser
//! would build from it must hold no script, handler, style or script URL.
#![no_main]

#[path = "../../app/tests/support/html_safety.rs"]
mod html_safety;

libfuzzer_sys::fuzz_target!(|text: &str| {
    // Half the possible usernames "exist", so the mention path is exercised too.
    let rendered = app::markdown::render(text, &|name: &str| name.len() % 2 == 0);
    assert_eq!(app::markdown::sanitize(&rendered.html), rendered.html);
    let problems = html_safety::problems(&rendered.html);
    assert!(
        problems.is_empty(),
        "{text:?} -> {}: {problems:?}",
        rendered.html
    );
});
