//! The posts of a thread page as a tree, written straight into one HTML string.
//!
//! A page holds up to a hundred posts of a dozen elements each; building them through the
//! view macros cost most of the page's render time, so this hot path writes the markup by
//! hand (every piece of text escaped, bodies already sanitised when they were saved) and
//! looks each label up once per page instead of once per post. Each post's header folds
//! its subtree away (`<details>`), so deep trees stay readable on a phone without script.

use crate::dates::Zone;
use crate::html::escape_into;
use crate::i18n::Locale;
use crate::model::thread::{PostState, PostView};
use crate::tr;

/// The page's words, looked up once.
pub struct Labels {
    reply: String,
    quote: String,
    edit: String,
    delete: String,
    delete_confirm: String,
    show_post: String,
    hide_post: String,
    new: String,
    deleted_post: String,
    hidden_post: String,
    hidden_for_others: String,
    /// Templates with `%{count}` / `%{date}` left in, filled per post.
    replies_count: String,
    edited: String,
}

impl Labels {
    pub fn new(locale: Locale) -> Self {
        Labels {
            reply: tr!(locale, "discussion.reply"),
            quote: tr!(locale, "discussion.quote"),
            edit: tr!(locale, "discussion.edit"),
            delete: tr!(locale, "discussion.delete"),
            delete_confirm: tr!(locale, "discussion.delete_confirm"),
            show_post: tr!(locale, "discussion.show_post"),
            hide_post: tr!(locale, "discussion.hide_post"),
            new: tr!(locale, "discussion.new"),
            deleted_post: tr!(locale, "discussion.deleted_post"),
            hidden_post: tr!(locale, "discussion.hidden_post"),
            hidden_for_others: tr!(locale, "discussion.hidden_for_others"),
            replies_count: tr!(locale, "discussion.replies_count"),
            edited: tr!(locale, "discussion.edited"),
        }
    }
}

/// Where the posts live and what the viewer may do to all of them.
pub struct Context<'a> {
    pub labels: &'a Labels,
    /// The thread's path, `/spaces/{slug}/threads/{id}`.
    pub base: &'a str,
    pub can_reply: bool,
    pub can_moderate: bool,
    /// The reader's zone: a post's date is the day it was written where they are.
    pub zone: &'a Zone,
    /// On a technical-assistance request's page: which reply is its answer, and for staff
    /// the form that marks one.
    pub answer: Option<Answer<'a>>,
}

/// A request's answer among the posts.
pub struct Answer<'a> {
    /// The reply marked as the answer.
    pub current: Option<i64>,
    /// Where staff post `post=<id>` to mark a reply; `None` for everyone else.
    pub action: Option<&'a str>,
    pub mark_label: &'a str,
    pub badge_label: &'a str,
}

/// The `<li>` items of `posts` (in tree order, each followed by its subtree: the posts
/// after it that are deeper). A page may begin inside a subtree; its first posts are then
/// simply shown at the top level.
pub fn render(cx: &Context, posts: &[PostView]) -> String {
    let mut out = String::with_capacity(posts.iter().map(|p| p.body_html.len() + 900).sum());
    items(&mut out, cx, posts);
    out
}

fn items(out: &mut String, cx: &Context, posts: &[PostView]) {
    let mut i = 0;
    while i < posts.len() {
        let depth = posts[i].depth;
        let end = posts[i + 1..]
            .iter()
            .position(|p| p.depth <= depth)
            .map_or(posts.len(), |n| i + 1 + n);
        item(out, cx, &posts[i], &posts[i + 1..end]);
        i = end;
    }
}

fn item(out: &mut String, cx: &Context, p: &PostView, children: &[PostView]) {
    let l = cx.labels;
    let base = cx.base;
    let id = p.id;
    let post_base = format!("{base}/posts/{id}");
    out.push_str(if p.unread {
        "<li class=\"post unread\""
    } else {
        "<li class=\"post\""
    });
    out.push_str(&format!(
        " id=\"p{id}\"><details open><summary><span class=\"author\">"
    ));
    escape_into(out, &p.author_name);
    out.push_str("</span> <span class=\"meta\">@");
    escape_into(out, &p.author_username);
    out.push_str(&format!(
        " · {} · #{}</span>",
        cx.zone.date(p.created_at),
        p.seq
    ));
    if p.unread {
        span(out, "badge badge-new", &l.new);
    }
    let answer = cx.answer.as_ref();
    if answer.is_some_and(|a| a.current == Some(id)) {
        span(
            out,
            "badge badge-answer",
            answer.map_or("", |a| a.badge_label),
        );
    }
    if !children.is_empty() {
        let count = l
            .replies_count
            .replace("%{count}", &children.len().to_string());
        span(out, "fold-count", &count);
    }
    out.push_str("</summary>");

    match p.state {
        PostState::Deleted => placeholder(out, &l.deleted_post),
        PostState::Hidden if p.body_html.is_empty() => placeholder(out, &l.hidden_post),
        PostState::Hidden => {
            placeholder(out, &l.hidden_for_others);
            body(out, &p.body_html);
        }
        PostState::Visible => body(out, &p.body_html),
    }

    if let Some(at) = p.edited_at {
        let label = l.edited.replace("%{date}", &cx.zone.date(at));
        if p.can_see_history {
            link(out, Some("meta"), &format!("{post_base}/history"), &label);
        } else {
            span(out, "meta", &label);
        }
    }

    out.push_str("<div class=\"post-actions\">");
    let visible = p.state == PostState::Visible;
    if cx.can_reply && visible {
        link(out, None, &format!("{base}/reply?to={id}"), &l.reply);
        link(
            out,
            None,
            &format!("{base}/reply?to={id}&quote=1"),
            &l.quote,
        );
    }
    if p.can_edit {
        link(out, None, &format!("{post_base}/edit"), &l.edit);
    }
    if p.can_delete {
        out.push_str("<details class=\"confirm\"><summary>");
        escape_into(out, &l.delete);
        out.push_str(&format!(
            "</summary><form method=\"post\" action=\"{}/delete\" class=\"inline\"><span>",
            attr(&post_base)
        ));
        escape_into(out, &l.delete_confirm);
        out.push_str("</span><button type=\"submit\" class=\"danger\">");
        escape_into(out, &l.delete);
        out.push_str("</button></form></details>");
    }
    if cx.can_moderate && p.state != PostState::Deleted {
        let hidden = p.state == PostState::Hidden;
        out.push_str(&format!(
            "<form method=\"post\" action=\"{}/moderate\" class=\"inline\">\
             <button type=\"submit\" name=\"action\" value=\"{}\">",
            attr(&post_base),
            if hidden { "show" } else { "hide" }
        ));
        escape_into(out, if hidden { &l.show_post } else { &l.hide_post });
        out.push_str("</button></form>");
    }
    if let Some((a, action)) = answer.and_then(|a| a.action.map(|x| (a, x))) {
        // Any reply but the question itself, and not the one already marked.
        if visible && p.seq > 1 && a.current != Some(id) {
            out.push_str(&format!(
                "<form method=\"post\" action=\"{}\" class=\"inline\">\
                 <input type=\"hidden\" name=\"post\" value=\"{id}\">\
                 <button type=\"submit\" class=\"secondary\">",
                attr(action)
            ));
            escape_into(out, a.mark_label);
            out.push_str("</button></form>");
        }
    }
    out.push_str("</div>");

    if !children.is_empty() {
        out.push_str("<ol class=\"replies\">");
        items(out, cx, children);
        out.push_str("</ol>");
    }
    out.push_str("</details></li>");
}

fn attr(value: &str) -> String {
    crate::html::escape(value)
}

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str(&format!("<span class=\"{class}\">"));
    escape_into(out, text);
    out.push_str("</span>");
}

fn placeholder(out: &mut String, text: &str) {
    out.push_str("<p class=\"placeholder\">");
    escape_into(out, text);
    out.push_str("</p>");
}

fn body(out: &mut String, html: &str) {
    // Sanitised when the post was saved (one renderer, cached per revision).
    out.push_str("<div class=\"markdown\">");
    out.push_str(html);
    out.push_str("</div>");
}

fn link(out: &mut String, class: Option<&str>, href: &str, text: &str) {
    out.push_str("<a");
    if let Some(c) = class {
        out.push_str(&format!(" class=\"{c}\""));
    }
    out.push_str(" href=\"");
    escape_into(out, href);
    out.push_str("\">");
    escape_into(out, text);
    out.push_str("</a>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: i64, depth: i64, name: &str) -> PostView {
        PostView {
            id,
            seq: id,
            parent_id: None,
            depth,
            author_username: "ana".into(),
            author_name: name.into(),
            body_html: format!("<p>body {id}</p>"),
            created_at: 1_795_305_600,
            edited_at: None,
            state: PostState::Visible,
            unread: false,
            can_edit: false,
            can_delete: false,
            can_see_history: false,
        }
    }

    fn page(posts: &[PostView], can_reply: bool, can_moderate: bool) -> String {
        let labels = Labels::new(Locale::En);
        let cx = Context {
            labels: &labels,
            base: "/spaces/s/threads/7",
            can_reply,
            can_moderate,
            zone: &Zone::utc(),
            answer: None,
        };
        render(&cx, posts)
    }

    #[test]
    fn a_posts_date_is_the_day_where_the_reader_is() {
        // Written at midnight UTC on 22 November: the evening of the 21st in Lima.
        assert!(page(&[post(1, 0, "A")], false, false).contains(" · 2026-11-22 · #1"));
        let labels = Labels::new(Locale::En);
        let lima = Zone::new("America/Lima", |_| -5 * 3600);
        let cx = Context {
            labels: &labels,
            base: "/spaces/s/threads/7",
            can_reply: false,
            can_moderate: false,
            zone: &lima,
            answer: None,
        };
        assert!(render(&cx, &[post(1, 0, "A")]).contains(" · 2026-11-21 · #1"));
    }

    #[test]
    fn nests_subtrees_and_counts_what_each_header_folds() {
        let posts = [
            post(1, 0, "A"),
            post(2, 1, "B"),
            post(3, 2, "C"),
            post(4, 1, "D"),
        ];
        let html = page(&posts, true, false);
        let doc = scraper::Html::parse_fragment(&format!("<ol id=\"root\">{html}</ol>"));
        let sel = |s: &str| scraper::Selector::parse(s).unwrap();
        // One top-level item; B and D are its replies; C is B's.
        assert_eq!(doc.select(&sel("#root > li.post")).count(), 1);
        assert_eq!(
            doc.select(&sel("#p1 > details > ol.replies > li")).count(),
            2
        );
        assert_eq!(
            doc.select(&sel("#p2 > details > ol.replies > li#p3"))
                .count(),
            1
        );
        let counts: Vec<String> = doc
            .select(&sel(".fold-count"))
            .map(|e| e.text().collect())
            .collect();
        assert_eq!(counts, ["Replies: 3", "Replies: 1"]);
        assert!(html.contains("href=\"/spaces/s/threads/7/reply?to=3&amp;quote=1\""));
        assert!(!html.contains("/moderate"), "members see no moderation");
    }

    #[test]
    fn a_page_that_starts_inside_a_subtree_shows_its_first_posts_at_the_top() {
        let posts = [post(5, 3, "E"), post(6, 2, "F"), post(7, 0, "G")];
        let html = format!("<ol id=\"root\">{}</ol>", page(&posts, false, false));
        let doc = scraper::Html::parse_fragment(&html);
        let top = scraper::Selector::parse("#root > li.post").unwrap();
        assert_eq!(doc.select(&top).count(), 3);
    }

    #[test]
    fn names_are_escaped_and_states_show_their_placeholders() {
        let mut evil = post(1, 0, "<script>alert(1)</script>\" onmouseover=\"x");
        evil.author_username = "a'b".into();
        let mut deleted = post(2, 0, "D");
        deleted.state = PostState::Deleted;
        deleted.body_html = String::new();
        let mut hidden = post(3, 0, "H");
        hidden.state = PostState::Hidden;
        let mut edited = post(4, 0, "E");
        edited.edited_at = Some(1_795_305_600);
        edited.can_see_history = true;
        edited.unread = true;
        edited.can_delete = true;
        let html = page(&[evil, deleted, hidden, edited], true, true);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;x"));
        assert!(html.contains("@a&#39;b"));
        assert!(html.contains("<p class=\"placeholder\">This post was deleted.</p>"));
        assert!(html.contains(
            "<p class=\"placeholder\">Hidden by a moderator: others see only a placeholder.</p>\
             <div class=\"markdown\"><p>body 3</p></div>"
        ));
        assert!(html.contains(
            "<a class=\"meta\" href=\"/spaces/s/threads/7/posts/4/history\">edited 2026-11-22</a>"
        ));
        assert!(html.contains("<li class=\"post unread\" id=\"p4\">"));
        assert!(html.contains("action=\"/spaces/s/threads/7/posts/4/delete\""));
        // Moderators may show the hidden post again, and hide the others.
        assert!(html.contains("name=\"action\" value=\"show\""));
        assert_eq!(html.matches("name=\"action\" value=\"hide\"").count(), 2);
        // No reply links under the deleted or hidden posts.
        assert!(!html.contains("reply?to=2"));
        assert!(!html.contains("reply?to=3"));
    }

    #[test]
    fn a_requests_answer_is_marked_and_staff_may_mark_any_other_reply() {
        let labels = Labels::new(Locale::En);
        let posts = [post(1, 0, "Question"), post(2, 1, "A"), post(3, 1, "B")];
        let with = |action: Option<&str>| {
            let cx = Context {
                labels: &labels,
                base: "/spaces/ta-requests-co/threads/7",
                can_reply: true,
                can_moderate: false,
                zone: &Zone::utc(),
                answer: Some(Answer {
                    current: Some(3),
                    action,
                    mark_label: "Mark as the answer",
                    badge_label: "Answer",
                }),
            };
            render(&cx, &posts)
        };
        let staff = with(Some("/requests/5/answer"));
        let doc = scraper::Html::parse_fragment(&format!("<ol>{staff}</ol>"));
        let sel = |s: &str| scraper::Selector::parse(s).unwrap();
        let marked: Vec<_> = doc.select(&sel("li.post .badge-answer")).collect();
        assert_eq!(marked.len(), 1);
        assert!(doc
            .select(&sel("#p3 > details > summary .badge-answer"))
            .next()
            .is_some());
        // Only reply 2 can still be marked: not the question, not the current answer.
        let forms: Vec<_> = doc
            .select(&sel("form[action=\"/requests/5/answer\"] input[name=post]"))
            .map(|i| i.value().attr("value").unwrap().to_string())
            .collect();
        assert_eq!(forms, ["2"]);
        // Everyone else sees the badge but no form.
        let reader = with(None);
        assert!(reader.contains("badge-answer") && !reader.contains("/answer"));
    }
}
