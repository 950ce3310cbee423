//! Highlighted snippets: the passage of an item's text that best matches the query, escaped,
//! with the matching words in `<mark>`. One implementation for both engines, so a result
//! reads the same whichever one found it.

use super::query::{neutral_analyzer, typo_budget};
use crate::html::escape;

/// Characters of text a snippet shows, about two lines.
pub const SNIPPET_CHARS: usize = 220;

/// Does the indexed word `token` answer the query word `word`? Same word, a longer form of
/// it (plural, inflection: `tratamiento` → `tratamientos`), the word being typed (`prefix`),
/// or within its typo budget.
pub fn word_matches(token: &str, word: &str, prefix: bool) -> bool {
    if token == word {
        return true;
    }
    let (t, w) = (token.chars().count(), word.chars().count());
    if token.starts_with(word) && (prefix || (w >= 4 && t <= w + 3)) {
        return true;
    }
    if word.starts_with(token) && t >= 4 && w <= t + 2 {
        return true;
    }
    let budget = typo_budget(word) as usize;
    budget > 0 && t.abs_diff(w) <= budget && edit_distance(token, word, budget) <= budget
}

/// Damerau–Levenshtein distance (adjacent transpositions cost one), giving up past `limit`.
fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The best passage of `text` for `words` (folded query words). `partial` marks the last
/// word as possibly unfinished.
pub fn snippet(text: &str, words: &[String], partial: bool) -> String {
    let mut analyzer = neutral_analyzer();
    let mut stream = analyzer.token_stream(text);
    // (start byte, end byte, index of the query word it matches)
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    while let Some(token) = stream.next() {
        let found = words
            .iter()
            .enumerate()
            .position(|(i, w)| word_matches(&token.text, w, partial && i + 1 == words.len()));
        if let Some(i) = found {
            hits.push((token.offset_from, token.offset_to, i));
        }
    }
    // The window (in bytes, about SNIPPET_CHARS) starting at a hit that covers the most
    // different query words, then the most hits.
    let budget = SNIPPET_CHARS * 2;
    let mut best = (0usize, 0usize, 0usize); // (distinct, count, first hit index)
    for (i, &(start, _, _)) in hits.iter().enumerate() {
        let mut seen = vec![false; words.len()];
        let mut count = 0;
        for &(_, _, w) in hits[i..].iter().take_while(|(s, _, _)| *s < start + budget) {
            seen[w] = true;
            count += 1;
        }
        let distinct = seen.iter().filter(|s| **s).count();
        if (distinct, count) > (best.0, best.1) {
            best = (distinct, count, i);
        }
    }
    let anchor = hits.get(best.2).map_or(0, |h| h.0);
    // Start a little before the first hit, at a word boundary.
    let mut start = floor_boundary(text, anchor.saturating_sub(40));
    if start > 0 {
        start = text[start..]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i + 1)
            .min(anchor);
    }
    let mut end = text[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| start + i);
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|e| *e > start)
            .unwrap_or(end);
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for &(s, e, _) in hits.iter().filter(|(s, e, _)| *s >= start && *e <= end) {
        out.push_str(&escape(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..end]));
    if end < text.len() {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matching_words() {
        assert!(word_matches("tratamientos", "tratamiento", false));
        assert!(
            word_matches("tratamiento", "tratamineto", false),
            "one transposition"
        );
        assert!(word_matches("retention", "retencion", false));
        assert!(
            !word_matches("care", "cure", false),
            "short words take no typo"
        );
        assert!(word_matches("treatment", "treat", true));
        assert!(!word_matches("treatment", "tre", false));
    }

    #[test]
    fn snippets_mark_words_and_escape_the_rest() {
        let text = "Intro <b>bold</b> words. ".repeat(20)
            + "La retención en tratamiento mide cuántas personas siguen. "
            + &"Relleno sin nada. ".repeat(30);
        let s = snippet(&text, &w(&["retencion", "tratamiento"]), false);
        assert!(
            s.contains("<mark>retención</mark> en <mark>tratamiento</mark>"),
            "{s}"
        );
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.chars().count() < SNIPPET_CHARS + 40, "{s}");
        let s = snippet(
            "a <script>alert(1)</script> cuidado",
            &w(&["cuidado"]),
            false,
        );
        assert_eq!(
            s,
            "a &lt;script&gt;alert(1)&lt;/script&gt; <mark>cuidado</mark>"
        );
        assert_eq!(
            snippet("sin coincidencias", &w(&["zzz"]), false),
            "sin coincidencias"
        );
        assert_eq!(snippet("", &w(&["x"]), true), "");
    }
}
