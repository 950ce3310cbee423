//! The notification centre: mentions, replies to one's posts and news from watched spaces,
//! newest first; unread ones are marked, and opening the thread marks them read.

use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorMessage;
use crate::api::people::list_notifications;
use crate::components::format::day;
use crate::i18n::use_locale;
use crate::model::profile::NotificationKind;
use crate::tr;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = use_locale();
    let list = Resource::new_blocking(|| (), |_| list_notifications());
    view! {
        <Title text=tr!(locale, "notifications.title") />
        <h1>{tr!(locale, "notifications.title")}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(n) if n.items.is_empty() => view! { <p class="empty">{tr!(locale, "notifications.none")}</p> }.into_any(),
                    Ok(n) => view! {
                        <p class="meta">{tr!(locale, "notifications.unread", count = n.unread)}</p>
                        {(n.unread > 0).then(|| view! {
                            <form method="post" action="/notifications/read">
                                <button type="submit">{tr!(locale, "notifications.mark_all")}</button>
                            </form>
                        })}
                        <ul class="thread-list notifications">
                            {n.items.into_iter().map(|i| {
                                let name = i.actor_name.clone();
                                let what = match (i.kind, i.request_id) {
                                    (NotificationKind::Mention, _) => tr!(locale, "notifications.mention", name = name),
                                    (NotificationKind::Reply, Some(_)) => tr!(locale, "notifications.request_reply", name = name),
                                    (NotificationKind::Reply, None) => tr!(locale, "notifications.reply", name = name),
                                    (NotificationKind::Watched, Some(_)) => tr!(locale, "notifications.request_filed", name = name),
                                    (NotificationKind::Watched, None) => tr!(locale, "notifications.watched", name = name),
                                };
                                // A request's conversation is read on the request's page.
                                let href = match i.request_id {
                                    Some(r) => format!("/requests/{r}#p{}", i.post_id),
                                    None => format!("/spaces/{}/threads/{}#p{}", i.space_slug, i.thread_id, i.post_id),
                                };
                                let unread = !i.read;
                                view! {
                                    <li class:unread=unread>
                                        <a class="title" href=href>
                                            {i.thread_title.clone()}
                                        </a>
                                        {unread.then(|| view! { <span class="badge badge-new">{tr!(locale, "discussion.new")}</span> })}
                                        <span class="meta">{format!("{what} · {}", day(i.created_at))}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
