//! Discussion threads in a space and their posts, as pages show them.

use serde::{Deserialize, Serialize};

/// Longest thread title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Posts shown on one page of a thread (in tree order).
pub const POSTS_PER_PAGE: i64 = 100;
/// Replies nest this deep at most; a reply to a post at this depth joins its siblings.
pub const MAX_DEPTH: i64 = 12;

/// A thread as a space's list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadSummary {
    pub id: i64,
    pub title: String,
    pub author_name: String,
    pub created_at: i64,
    pub last_post_at: i64,
    /// Posts that are not deleted, the opening post included.
    pub posts: i64,
    /// Posts the viewer has not read yet (0 when signed out).
    pub unread: i64,
    /// Whether the viewer has opened the thread before (so "unread" means new since then).
    pub seen: bool,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
}

/// Why a post's text is not shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostState {
    Visible,
    /// Deleted by its author or a moderator: a placeholder keeps the tree together.
    Deleted,
    /// Hidden by a moderator: moderators still see the text, marked.
    Hidden,
}

/// One post of a thread page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    /// Number of the post in its thread, in the order posts were written (1 opens it).
    pub seq: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
    pub author_username: String,
    pub author_name: String,
    /// Sanitised HTML; empty when the viewer may not see the text.
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub state: PostState,
    /// Whether the viewer has not read this post before this visit.
    pub unread: bool,
    pub can_edit: bool,
    pub can_delete: bool,
    /// Whether the viewer may see the earlier versions (its author and moderators).
    pub can_see_history: bool,
}

/// What the viewer may do in a thread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadPermissions {
    pub signed_in: bool,
    pub can_reply: bool,
    pub can_moderate: bool,
}

/// One page of a thread: its posts in tree order, depth-first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadView {
    pub id: i64,
    pub title: String,
    pub space_slug: String,
    pub space_name: String,
    pub created_at: i64,
    pub pinned: bool,
    pub locked: bool,
    pub hidden: bool,
    pub posts: Vec<PostView>,
    /// 1-based page number and how many pages there are.
    pub page: i64,
    pub pages: i64,
    /// Posts in the thread, deleted placeholders included.
    pub total: i64,
    pub permissions: ThreadPermissions,
    /// The thread's newest live event when the page was read: the live updater asks for
    /// everything after it, so nothing written since is missed.
    pub live_since: i64,
    /// The technical-assistance request this thread is the conversation of, if any.
    #[serde(default)]
    pub request_id: Option<i64>,
}

/// A thread's list page for a space.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadList {
    pub space_id: i64,
    /// The space's newest live event when the list was read (see `ThreadView`).
    pub live_since: i64,
    pub threads: Vec<ThreadSummary>,
    pub can_start: bool,
    /// How the signed-in viewer follows the space (None when signed out).
    pub watch: Option<super::profile::WatchLevel>,
}

/// One earlier (or the current) version of a post.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PostVersion {
    pub author_name: String,
    pub written_at: i64,
    pub body_html: String,
}

/// A post's edit history, newest first (the current text first of all).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostHistory {
    pub post_id: i64,
    pub thread_id: i64,
    pub thread_title: String,
    pub space_slug: String,
    pub versions: Vec<PostVersion>,
}

/// What a compose form (new thread, reply, edit) starts with: the text saved from an
/// earlier preview or refused attempt, and the post being answered or edited.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compose {
    pub space_slug: String,
    pub space_name: String,
    pub thread_id: Option<i64>,
    pub thread_title: String,
    /// The post being replied to or edited.
    pub context: Option<PostView>,
    pub title: String,
    pub body: String,
    /// The body rendered, when the writer asked for a preview.
    pub preview_html: Option<String>,
    /// Largest body accepted, in bytes.
    pub max_body_bytes: usize,
}
