//! The difference between two revisions of a draft, bounded and cached.
//!
//! A diff's cost grows faster than its text (every line of a rewritten 3,000-line draft
//! against every other), and anyone who may read a public draft may ask for one, so each
//! step is bounded: the line diff and the word-level marks give up at a deadline and fall
//! back to coarser output; word marks inside lines are made only for small changed runs;
//! the rendered (HTML) diff is made only below a size. The work runs in the heavy-work pool
//! (see `heavy`), never on the async runtime. Revisions never change, so a pair's diff is
//! computed once and kept (bounded by bytes).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use similar::{Algorithm, ChangeTag, TextDiff};

use crate::model::draft::DiffLine;

/// How long the line diff, and separately the word marks, may search for the smallest diff.
pub const DEADLINE: Duration = Duration::from_millis(200);
/// A changed run of more lines than this (old and new together) is shown line by line,
/// without word marks inside.
pub const MAX_INLINE_LINES: usize = 64;
/// Revisions whose HTML is longer than this (either of them) get no rendered diff; the
/// line diff says what changed.
pub const MAX_RENDERED_BYTES: usize = 256 * 1024;
/// Bytes of diffs kept.
const CACHE_BYTES: usize = 16 * 1024 * 1024;

/// What two revisions' diff holds, once computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Computed {
    pub lines: Vec<DiffLine>,
    pub added: usize,
    pub removed: usize,
    /// The newer HTML with changes marked; `None` when the two read alike or when it was
    /// too large to mark (`coarse`).
    pub rendered: Option<String>,
    /// Some bound was reached: the diff is correct but coarser than usual.
    pub coarse: bool,
}

impl Computed {
    fn bytes(&self) -> usize {
        self.rendered.as_ref().map_or(0, String::len)
            + self
                .lines
                .iter()
                .flat_map(|l| l.segments.iter())
                .map(|(_, t)| t.len() + 16)
                .sum::<usize>()
    }
}

/// The two revisions' texts, as stored.
pub struct Pair<'a> {
    pub old_md: &'a str,
    pub new_md: &'a str,
    pub old_html: &'a str,
    pub new_html: &'a str,
}

/// Computes the diff within the bounds above.
pub fn compute(pair: &Pair<'_>) -> Computed {
    let (lines, added, removed, coarse_lines) = diff_lines(pair.old_md, pair.new_md);
    let too_big =
        pair.old_html.len() > MAX_RENDERED_BYTES || pair.new_html.len() > MAX_RENDERED_BYTES;
    let rendered = if too_big {
        None
    } else {
        crate::backend::html_diff::diff(pair.old_html, pair.new_html, Instant::now() + DEADLINE)
    };
    Computed {
        lines,
        added,
        removed,
        rendered,
        coarse: coarse_lines || too_big,
    }
}

/// A line diff with word-level marks inside small changed runs, in hunks with three lines
/// of context; a line tagged '~' separates hunks. Returns the lines, how many were added
/// and removed, and whether a bound made it coarser.
pub fn diff_lines(old: &str, new: &str) -> (Vec<DiffLine>, usize, usize, bool) {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(Instant::now() + DEADLINE)
        .diff_lines(old, new);
    let mut lines = Vec::new();
    let (mut added, mut removed) = (0, 0);
    let mut coarse = false;
    let mut count = |tag: ChangeTag| match tag {
        ChangeTag::Equal => ' ',
        ChangeTag::Delete => {
            removed += 1;
            '-'
        }
        ChangeTag::Insert => {
            added += 1;
            '+'
        }
    };
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            lines.push(DiffLine {
                tag: '~',
                segments: Vec::new(),
            });
        }
        for op in group {
            let (_, old_range, new_range) = op.as_tag_tuple();
            if old_range.len() + new_range.len() > MAX_INLINE_LINES {
                // Word marks inside a long rewritten run cost more than they tell.
                coarse |= !old_range.is_empty() && !new_range.is_empty();
                for change in diff.iter_changes(op) {
                    let tag = count(change.tag());
                    let text = change.value().trim_end_matches(['\n', '\r']).to_string();
                    let segments = if text.is_empty() {
                        Vec::new()
                    } else {
                        vec![(false, text)]
                    };
                    lines.push(DiffLine { tag, segments });
                }
                continue;
            }
            for change in diff.iter_inline_changes(op) {
                let tag = count(change.tag());
                let segments = change
                    .iter_strings_lossy()
                    .map(|(changed, text)| {
                        (changed, text.trim_end_matches(['\n', '\r']).to_string())
                    })
                    .filter(|(_, t)| !t.is_empty())
                    .collect();
                lines.push(DiffLine { tag, segments });
            }
        }
    }
    (lines, added, removed, coarse)
}

/// Diffs already computed, by (draft, from, to), the oldest forgotten first.
#[derive(Debug, Default)]
pub struct DiffCache {
    inner: Mutex<CacheInner>,
}

#[derive(Debug, Default)]
struct CacheInner {
    map: HashMap<(i64, i64, i64), Arc<Computed>>,
    order: VecDeque<(i64, i64, i64)>,
    bytes: usize,
    hits: u64,
}

impl DiffCache {
    pub fn get(&self, key: (i64, i64, i64)) -> Option<Arc<Computed>> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let found = inner.map.get(&key).cloned();
        if found.is_some() {
            inner.hits += 1;
        }
        found
    }

    pub fn put(&self, key: (i64, i64, i64), diff: Arc<Computed>) {
        let size = diff.bytes();
        if size > CACHE_BYTES / 4 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.map.insert(key, diff).is_none() {
            inner.order.push_back(key);
            inner.bytes += size;
        }
        while inner.bytes > CACHE_BYTES {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some(d) = inner.map.remove(&old) {
                inner.bytes = inner.bytes.saturating_sub(d.bytes());
            }
        }
    }

    /// How many diffs were served from the cache (for tests and figures).
    pub fn hits(&self) -> u64 {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffs_mark_changed_words_and_count_lines() {
        let old = "# Plan\n\nGoal: 10 % coverage.\nBudget: 1 M.\nStaff: 4.\n";
        let new = "# Plan\n\nGoal: 20 % coverage.\nBudget: 1 M.\nStaff: 4.\nReview in March.\n";
        let (lines, added, removed, coarse) = diff_lines(old, new);
        assert_eq!((added, removed, coarse), (2, 1, false));
        let minus = lines.iter().find(|l| l.tag == '-').unwrap();
        assert!(minus
            .segments
            .iter()
            .any(|(changed, t)| *changed && t.contains("10")));
        assert!(minus
            .segments
            .iter()
            .any(|(changed, t)| !*changed && t.contains("coverage")));
        let plus: Vec<_> = lines.iter().filter(|l| l.tag == '+').collect();
        assert!(plus[0]
            .segments
            .iter()
            .any(|(changed, t)| *changed && t.contains("20")));
        assert_eq!(diff_lines(old, old).0.len(), 0, "no change, no hunk");
    }

    #[test]
    fn far_apart_changes_make_separate_hunks() {
        let old: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 2\n", "line two\n")
            .replace("line 29\n", "line twenty-nine\n");
        let (lines, _, _, _) = diff_lines(&old, &new);
        assert_eq!(lines.iter().filter(|l| l.tag == '~').count(), 1);
    }

    /// The hostile case: every one of 3,000 lines rewritten. The line diff stays exact in
    /// its counts, but no word marks are attempted inside the rewritten run.
    #[test]
    fn a_rewritten_long_draft_is_diffed_line_by_line() {
        let old: String = (0..3000)
            .map(|i| format!("old text {i} alpha beta\n"))
            .collect();
        let new: String = (0..3000)
            .map(|i| format!("new words {i} gamma delta\n"))
            .collect();
        let (lines, added, removed, coarse) = diff_lines(&old, &new);
        assert!(coarse, "the bound was used");
        assert_eq!((added, removed), (3000, 3000));
        assert!(
            lines
                .iter()
                .all(|l| l.segments.iter().all(|(changed, _)| !changed)),
            "no word marks inside the long run"
        );
    }

    #[test]
    fn revisions_too_large_to_render_get_the_line_diff_only() {
        let big_old = format!("<p>{}</p>", "word ".repeat(MAX_RENDERED_BYTES / 4));
        let big_new = format!("<p>{}</p>", "other ".repeat(MAX_RENDERED_BYTES / 4));
        let c = compute(&Pair {
            old_md: "a\n",
            new_md: "b\n",
            old_html: &big_old,
            new_html: &big_new,
        });
        assert!(c.coarse && c.rendered.is_none());
        assert_eq!((c.added, c.removed), (1, 1));
    }

    #[test]
    fn the_cache_keeps_a_pair_once_computed() {
        let cache = DiffCache::default();
        assert!(cache.get((1, 1, 2)).is_none());
        let c = Arc::new(compute(&Pair {
            old_md: "a\n",
            new_md: "b\n",
            old_html: "<p>a</p>",
            new_html: "<p>b</p>",
        }));
        cache.put((1, 1, 2), c.clone());
        assert_eq!(cache.get((1, 1, 2)), Some(c));
        assert_eq!(cache.hits(), 1);
    }
}
