//! "Your account": the person's live sessions (ending any of them) and password change.
//! Plain forms posted to `/auth/sessions/end` and `/auth/password`.

use crate::model::refusal::Refusal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::ErrorMessage;
use crate::api::account::my_sessions;
use crate::components::format::day;
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = |k: &str| query.read_untracked().get(k);
    let notice = if q("changed").is_some() {
        Some(tr!(locale, "account.changed"))
    } else if q("ended").is_some() {
        Some(tr!(locale, "account.ended"))
    } else {
        None
    };
    let problem = q("error").map(|e| Refusal::message_for(&e, locale));
    let sessions = Resource::new_blocking(|| (), |_| my_sessions());
    let me = use_context::<Option<crate::model::user::CurrentUser>>().flatten();
    let is_admin = me
        .as_ref()
        .is_some_and(|u| u.role == crate::model::user::PlatformRole::Admin);
    let has_password = me.as_ref().is_some_and(|u| u.has_password);
    // Staff and focal points decide who works for which country.
    let decides = me.as_ref().is_some_and(|u| {
        u.is_focal_point
            || matches!(
                u.role,
                crate::model::user::PlatformRole::Admin | crate::model::user::PlatformRole::TaStaff
            )
    });
    view! {
        <Title text=tr!(locale, "account.title") />
        <h1>{tr!(locale, "account.title")}</h1>
        {is_admin.then(|| view! {
            <nav class="admin-links" aria-label=tr!(locale, "admin.users_link")>
                <a href="/admin/users">{tr!(locale, "admin.users_link")}</a>
                " · "
                <a href="/admin/audit">{tr!(locale, "admin.audit_link")}</a>
                " · "
                <a href="/admin/domains">{tr!(locale, "plans.domains_title")}</a>
            </nav>
        })}
        {decides.then(|| view! {
            <p><a href="/affiliations">{tr!(locale, "affiliation.queue_link")}</a></p>
        })}
        <p><a href="/account/email">{tr!(locale, "email.link")}</a></p>
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {problem.map(|p| view! { <div class="error-box" role="alert"><p>{p}</p></div> })}
        <Suspense>
            {move || Suspend::new(async move {
                match sessions.await {
                    Ok(list) => view! {
                        <section aria-labelledby="account-sessions">
                            <h2 id="account-sessions">{tr!(locale, "account.sessions")}</h2>
                            <ul class="cards">
                                {list.into_iter().map(|s| view! {
                                    <li class="card session">
                                        <p class="meta">
                                            <span>{s.user_agent.clone()}</span>
                                            {s.current.then(|| view! {
                                                <span class="badge badge-public">{tr!(locale, "account.session_current")}</span>
                                            })}
                                        </p>
                                        <p class="meta">
                                            <span>{tr!(locale, "account.started", date = day(s.created_at))}</span>
                                            <span>{tr!(locale, "account.last_seen", date = day(s.last_seen_at))}</span>
                                        </p>
                                        <form method="post" action="/auth/sessions/end">
                                            <input type="hidden" name="id" value=s.id.clone() />
                                            <button type="submit" class="secondary">{tr!(locale, "account.end")}</button>
                                        </form>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                        {(!has_password).then(|| view! {
                            <p class="meta">{tr!(locale, "account.no_password")}</p>
                        })}
                        <section aria-labelledby="account-password" class="narrow-form" hidden=!has_password>
                            <h2 id="account-password">{tr!(locale, "account.password_title")}</h2>
                            <form method="post" action="/auth/password" class="stacked">
                                <label for="pw-current">{tr!(locale, "account.current_password")}</label>
                                <input id="pw-current" name="current" type="password" autocomplete="current-password" required maxlength="256" />
                                <label for="pw-new">{tr!(locale, "account.new_password")}</label>
                                <input id="pw-new" name="new" type="password" autocomplete="new-password" required minlength="12" maxlength="256" />
                                <label for="pw-confirm">{tr!(locale, "account.confirm_password")}</label>
                                <input id="pw-confirm" name="confirm" type="password" autocomplete="new-password" required minlength="12" maxlength="256" />
                                <button type="submit" class="primary">{tr!(locale, "account.change")}</button>
                            </form>
                        </section>
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! {
                        <p>{tr!(locale, "account.signin_required")}" "<a href="/signin?next=/account">{tr!(locale, "signin.link")}</a></p>
                    }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
