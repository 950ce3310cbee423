//! Email settings (`/account/email`: an email per notification, a daily digest, their
//! language) and the page an email's unsubscribe link opens (`/email/unsubscribe/{token}`),
//! which asks before it stops anything — link scanners open links, people decide. Plain
//! forms posted to the server's `mailer` handlers.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::load;
use crate::api::email::{get_email_settings, get_unsubscribe};
use crate::i18n::{use_locale, Locale};
use crate::model::email::{EmailSettings, UnsubscribeView};
use crate::model::refusal::Refusal;
use crate::tr;

#[component]
pub fn EmailSettingsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").map(|_| tr!(locale, "email.saved"));
    let error = q.get("error").map(|e| Refusal::message_for(&e, locale));
    let outcome = super::form_outcome(done, error);
    let settings = Resource::new_blocking(|| (), |_| get_email_settings());
    view! {
        <Title text=tr!(locale, "email.title") />
        <h1>{tr!(locale, "email.title")}</h1>
        {outcome}
        {load(settings, move |s| settings_form(locale, s))}
    }
}

fn settings_form(locale: Locale, s: EmailSettings) -> impl IntoView {
    let address = match &s.address {
        Some(a) => view! { <p>{tr!(locale, "email.address", address = a)}</p> }.into_any(),
        None => view! { <p class="notice" role="status">{tr!(locale, "email.no_address")}</p> }
            .into_any(),
    };
    let chosen = s.language.clone();
    view! {
        <p>{tr!(locale, "email.intro")}</p>
        {address}
        <form method="post" action="/account/email" class="stacked narrow-form">
            <label for="email-each" class="check">
                <input id="email-each" type="checkbox" name="each" value="on" checked=s.each_notification />
                {tr!(locale, "email.each")}
            </label>
            <label for="email-digest" class="check">
                <input id="email-digest" type="checkbox" name="digest" value="on" checked=s.daily_digest />
                {tr!(locale, "email.digest")}
            </label>
            <label for="email-language">{tr!(locale, "email.language")}</label>
            <select id="email-language" name="language">
                <option value="" selected=chosen.is_empty()>{tr!(locale, "email.language_auto")}</option>
                {Locale::ALL.iter().map(|l| view! {
                    <option value=l.code() selected=chosen == l.code()>{l.endonym()}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="primary">{tr!(locale, "email.save")}</button>
        </form>
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let token = params.read_untracked().get("token").unwrap_or_default();
    let done = use_query_map().read_untracked().get("done").is_some();
    let view_of = Resource::new_blocking(move || token.clone(), get_unsubscribe);
    view! {
        <Title text=tr!(locale, "email.unsub_title") />
        <h1>{tr!(locale, "email.unsub_title")}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match view_of.await {
                    Ok(v) => unsubscribe_view(locale, v, done).into_any(),
                    Err(_) => {
                        super::set_status(404);
                        view! { <p class="error-box" role="alert">{tr!(locale, "email.unsub_unknown")}</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

fn unsubscribe_view(locale: Locale, v: UnsubscribeView, done: bool) -> impl IntoView {
    let address = v.address_hint.clone();
    if done {
        return view! {
            <p class="notice" role="status">{tr!(locale, "email.unsub_done", address = address)}</p>
            <p><a href="/account/email">{tr!(locale, "email.link")}</a></p>
        }
        .into_any();
    }
    if !v.subscribed {
        return view! {
            <p>{tr!(locale, "email.unsub_already", address = address)}</p>
            <p><a href="/account/email">{tr!(locale, "email.link")}</a></p>
        }
        .into_any();
    }
    // Posts to the address it was opened at: the same URL mail clients post to.
    view! {
        <p>{tr!(locale, "email.unsub_ask", address = address)}</p>
        <form method="post">
            <button type="submit" class="primary">{tr!(locale, "email.unsub_button")}</button>
        </form>
    }
    .into_any()
}
