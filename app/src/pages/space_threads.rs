//! The discussions section of a space page: its threads, pinned first, with unread counts
//! for the signed-in reader (kept current live, with who is in the space), and the way to
//! start a new one.

use leptos::prelude::*;

use crate::components::format::day;
use crate::components::live::{Live, LiveLabels};
use crate::i18n::{use_locale, Locale};
use crate::model::profile::WatchLevel;
use crate::model::thread::ThreadList;
use crate::model::user::CurrentUser;
use crate::tr;

fn watch_label(locale: Locale, level: WatchLevel) -> String {
    match level {
        WatchLevel::Watching => tr!(locale, "notifications.level_watching"),
        WatchLevel::Normal => tr!(locale, "notifications.level_normal"),
        WatchLevel::Muted => tr!(locale, "notifications.level_muted"),
    }
}

#[component]
pub fn ThreadsSection(slug: String, list: ThreadList) -> impl IntoView {
    let locale = use_locale();
    let base = format!("/spaces/{slug}/threads");
    // Who is in the space, and new posts counted in the list as they come (signed in).
    let live = use_context::<Option<CurrentUser>>().flatten().map(|me| {
        view! {
            <Live
                room=format!("space:{}", list.space_id)
                base=format!("/spaces/{slug}")
                since=list.live_since
                last_page=false
                me=me.username
                labels=LiveLabels::new(locale)
            />
        }
        .into_any()
    });
    let start = list.can_start.then(|| {
        view! { <p><a class="button primary" href=format!("{base}/new")>{tr!(locale, "discussion.new_thread")}</a></p> }
    });
    let body = if list.threads.is_empty() {
        view! { <p class="empty">{tr!(locale, "discussion.no_threads")}</p> }.into_any()
    } else {
        view! {
            <ul class="thread-list">
                {list.threads.into_iter().map(|t| {
                    // Someone coming back goes straight to what is new since their last visit.
                    let href = if t.seen && t.unread > 0 {
                        format!("{base}/{}/unread", t.id)
                    } else {
                        format!("{base}/{}", t.id)
                    };
                    let unread = t.unread > 0;
                    view! {
                        <li class:unread=unread data-thread=t.id.to_string()>
                            <a class="title" href=href>{t.title.clone()}</a>
                            {t.pinned.then(|| view! { <span class="badge">{tr!(locale, "discussion.pinned")}</span> })}
                            {t.locked.then(|| view! { <span class="badge badge-private">{tr!(locale, "discussion.locked")}</span> })}
                            {t.hidden.then(|| view! { <span class="badge badge-private">{tr!(locale, "discussion.hidden")}</span> })}
                            {(t.unread > 0).then(|| view! {
                                <span class="badge badge-new" data-count=t.unread.to_string()>{tr!(locale, "discussion.unread_count", count = t.unread)}</span>
                            })}
                            <span class="meta">
                                {format!("{} · {} · ", t.author_name, day(t.last_post_at))}
                                {tr!(locale, "discussion.post_count", count = t.posts)}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    let watch = list.watch.map(|current| {
        view! {
            <form method="post" action=format!("/spaces/{slug}/watch") class="inline watch">
                <label for="watch-level">{tr!(locale, "notifications.watch")}</label>
                <select id="watch-level" name="level">
                    {WatchLevel::ALL.into_iter().map(|l| view! {
                        <option value=l.as_str() selected=l == current>{watch_label(locale, l)}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{tr!(locale, "notifications.watch_save")}</button>
            </form>
        }
    });
    view! {
        <section id="threads" aria-labelledby="threads-title" class="threads">
            <h2 id="threads-title">{tr!(locale, "discussion.title")}</h2>
            {live}
            {start}
            {watch}
            {body}
        </section>
    }
}
