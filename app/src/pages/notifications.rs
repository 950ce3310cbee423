//! The notification centre: mentions, replies to one's posts, news from watched spaces and
//! check-ins of one's country's plans that fall due or are overdue, newest first; unread ones are marked, and opening the thread marks them read.

use leptos::prelude::*;
use leptos_meta::Title;

use super::ErrorMessage;
use crate::api::people::list_notifications;
use crate::components::format::day;
use crate::i18n::use_locale;
use crate::model::profile::Described;
use crate::tr;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let locale = use_locale();
    let list = Resource::new_blocking(|| (), |_| list_notifications());
    view! {
        <Title text=tr!(locale, "notifications.title") />
        <h1>{tr!(locale, "notifications.title")}</h1>
        <p class="meta"><a href="/account/email">{tr!(locale, "email.link")}</a></p>
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
                                let Described { what, href, title } = i.describe(locale);
                                let unread = !i.read;
                                view! {
                                    <li class:unread=unread>
                                        <a class="title" href=href>
                                            {title}
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
