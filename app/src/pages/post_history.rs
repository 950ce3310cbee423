//! A post's edit history, for its author and the space's moderators: every version,
//! newest first, with who wrote it and when.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::threads::get_post_history;
use crate::components::format::day;
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn PostHistoryPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let history = Resource::new_blocking(
        move || {
            let p = params.read();
            let num = |k: &str| p.get(k).and_then(|v| v.parse::<i64>().ok());
            (
                p.get("slug").unwrap_or_default(),
                num("thread"),
                num("post"),
            )
        },
        |(slug, thread, post)| async move {
            match (thread, post) {
                (Some(t), Some(p)) => get_post_history(slug, t, p).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        {load(history, move |h| {
                let thread_url = format!("/spaces/{}/threads/{}", h.space_slug, h.thread_id);
                let count = h.versions.len();
                view! {
                    <Title text=tr!(locale, "discussion.history") />
                    <article class="history">
                        <p class="breadcrumb"><a href=format!("{thread_url}#p{}", h.post_id)>{h.thread_title.clone()}</a></p>
                        <h1>{tr!(locale, "discussion.history")}</h1>
                        <ol class="versions">
                            {h.versions.into_iter().enumerate().map(|(i, v)| {
                                let label = if i == 0 {
                                    tr!(locale, "discussion.current_version")
                                } else {
                                    tr!(locale, "discussion.version", n = count - i)
                                };
                                view! {
                                    <li>
                                        <h2>{label}</h2>
                                        <p class="meta">{format!("{} · {}", v.author_name, day(v.written_at))}</p>
                                        <div class="markdown" inner_html=v.body_html></div>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </article>
                }
                .into_any()
        })}
    }
}
