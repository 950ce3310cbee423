//! People's profiles and their notifications, as pages show them.

use serde::{Deserialize, Serialize};

use super::country::CountryName;
use super::user::PlatformRole;

/// The languages a profile may list (the platform's four).
pub const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];
/// Longest bio, in bytes of markdown.
pub const MAX_BIO_BYTES: usize = 2000;
/// Longest organisation name, in characters.
pub const MAX_ORGANISATION_CHARS: usize = 200;

/// A post of the person's, as their profile lists it (only posts the viewer may see).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentPost {
    pub space_slug: String,
    pub space_name: String,
    pub thread_id: i64,
    pub thread_title: String,
    pub post_id: i64,
    pub created_at: i64,
    /// The start of the post's text (markdown source, shown as plain text).
    pub excerpt: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub username: String,
    pub display_name: String,
    pub country: Option<CountryName>,
    pub organisation: String,
    pub role: PlatformRole,
    /// Language codes (en, es, pt, fr).
    pub languages: Vec<String>,
    pub bio_html: String,
    pub recent: Vec<RecentPost>,
    /// Whether this is the viewer's own profile.
    pub is_me: bool,
}

/// What the profile form edits (the viewer's own). The country is not edited here: it
/// is verified (see `affiliation`), and the page offers to ask for another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub display_name: String,
    pub organisation: String,
    pub languages: Vec<String>,
    pub bio_md: String,
    pub affiliation: super::affiliation::MyAffiliation,
    /// The zone the person chose (`""`: none, their country's is used).
    pub time_zone: String,
    pub zones: ZoneChoices,
}

/// The time zones a person may choose, as the profile form lists them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneChoices {
    /// The zone used when none is chosen (their country's capital's, else UTC).
    pub automatic: ZoneOption,
    /// Per country of the Americas, by name.
    pub groups: Vec<(CountryName, Vec<ZoneOption>)>,
}

/// One zone: its IANA name and its offset from UTC today (`UTC−05:00`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneOption {
    pub name: String,
    pub offset: String,
}

impl ZoneOption {
    /// `Lima (UTC−05:00)`: the zone's city, as the database names it.
    pub fn label(&self) -> String {
        let city = self.name.rsplit('/').next().unwrap_or(&self.name);
        format!("{} ({})", city.replace('_', " "), self.offset)
    }
}

/// Why someone was notified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// They were mentioned with `@username`.
    Mention,
    /// Someone answered one of their posts.
    Reply,
    /// A new post in a space they watch.
    Watched,
    /// A check-in of their country's plan is due soon (they are a focal point).
    CheckinDue,
    /// A check-in of their country's plan is past its day and not submitted.
    CheckinOverdue,
}

impl NotificationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Mention => "mention",
            NotificationKind::Reply => "reply",
            NotificationKind::Watched => "watched",
            NotificationKind::CheckinDue => "checkin_due",
            NotificationKind::CheckinOverdue => "checkin_overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mention" => Some(NotificationKind::Mention),
            "reply" => Some(NotificationKind::Reply),
            "watched" => Some(NotificationKind::Watched),
            "checkin_due" => Some(NotificationKind::CheckinDue),
            "checkin_overdue" => Some(NotificationKind::CheckinOverdue),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub actor_name: String,
    pub created_at: i64,
    pub read: bool,
    pub about: NotificationSubject,
}

/// A notification said in words: what happened, where to read it (a path on the site),
/// and the title of what it is about. The notification centre and emails say it alike.
pub struct Described {
    pub what: String,
    pub href: String,
    pub title: String,
}

impl NotificationView {
    pub fn describe(&self, locale: crate::i18n::Locale) -> Described {
        use crate::tr;
        let name = self.actor_name.as_str();
        match &self.about {
            NotificationSubject::Post {
                space_slug,
                thread_id,
                thread_title,
                post_id,
                request_id,
            } => {
                let what = match (self.kind, request_id) {
                    (NotificationKind::Reply, Some(_)) => {
                        tr!(locale, "notifications.request_reply", name = name)
                    }
                    (NotificationKind::Reply, None) => {
                        tr!(locale, "notifications.reply", name = name)
                    }
                    (NotificationKind::Watched, Some(_)) => {
                        tr!(locale, "notifications.request_filed", name = name)
                    }
                    (NotificationKind::Watched, None) => {
                        tr!(locale, "notifications.watched", name = name)
                    }
                    _ => tr!(locale, "notifications.mention", name = name),
                };
                // A request's conversation is read on the request's page.
                let href = match request_id {
                    Some(r) => format!("/requests/{r}#p{post_id}"),
                    None => format!("/spaces/{space_slug}/threads/{thread_id}#p{post_id}"),
                };
                Described {
                    what,
                    href,
                    title: thread_title.clone(),
                }
            }
            NotificationSubject::Checkin {
                plan_id,
                plan_title,
                months,
                due_on,
            } => {
                let what = if self.kind == NotificationKind::CheckinOverdue {
                    tr!(
                        locale,
                        "notifications.checkin_overdue",
                        months = months,
                        due = due_on
                    )
                } else {
                    tr!(
                        locale,
                        "notifications.checkin_due",
                        months = months,
                        due = due_on
                    )
                };
                Described {
                    what,
                    href: format!("/plans/{plan_id}/checkins/{months}"),
                    title: plan_title.clone(),
                }
            }
        }
    }
}

/// What a notification is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotificationSubject {
    Post {
        space_slug: String,
        thread_id: i64,
        thread_title: String,
        post_id: i64,
        /// The technical-assistance request whose conversation the post is in, if any.
        request_id: Option<i64>,
    },
    /// A plan's check-in: the plan, the months after approval, its due day.
    Checkin {
        plan_id: i64,
        plan_title: String,
        months: i64,
        due_on: String,
    },
}

/// The notification centre.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notifications {
    pub items: Vec<NotificationView>,
    pub unread: i64,
}

/// How closely someone follows a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WatchLevel {
    /// Every new post.
    Watching,
    /// Mentions and replies to their posts (the default).
    Normal,
    /// Nothing.
    Muted,
}

impl WatchLevel {
    pub const ALL: [WatchLevel; 3] = [WatchLevel::Watching, WatchLevel::Normal, WatchLevel::Muted];

    pub fn as_str(self) -> &'static str {
        match self {
            WatchLevel::Watching => "watching",
            WatchLevel::Normal => "normal",
            WatchLevel::Muted => "muted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        WatchLevel::ALL.into_iter().find(|l| l.as_str() == s)
    }
}
