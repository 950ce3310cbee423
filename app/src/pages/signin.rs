//! The sign-in page: one button per configured identity provider and the local-account
//! form, all plain forms that work without JavaScript; `?error=` says what went wrong.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_locale;
use crate::model::user::{SignInProviders, SignupEnabled};
use crate::tr;

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let error = query.read_untracked().get("error");
    let message_key = error.as_deref().map(|code| match code {
        "oidc_state" => "signin.oidc_state",
        "oidc_denied" => "signin.oidc_denied",
        "oidc_unavailable" => "signin.oidc_unavailable",
        "oidc_token" => "signin.oidc_token",
        "oidc_unknown" => "signin.oidc_unknown",
        _ => "signin.failed",
    });
    let failed = message_key.is_some();
    let providers = use_context::<SignInProviders>().unwrap_or_default().0;
    let has_providers = !providers.is_empty();
    let next = query
        .read_untracked()
        .get("next")
        .filter(|n| crate::links::is_local_path(n))
        .unwrap_or_else(|| "/".to_string());
    let signup_open = use_context::<SignupEnabled>().unwrap_or_default().0;
    if failed {
        super::set_status(401);
    }
    view! {
        <Title text=tr!(locale, "signin.title") />
        <section class="narrow-form">
            <h1>{tr!(locale, "signin.title")}</h1>
            {message_key.map(|key| view! {
                <div class="error-box" role="alert"><p>{tr!(locale, key)}</p></div>
            })}
            {has_providers.then(|| {
                let next = next.clone();
                view! {
                    <ul class="providers">
                        {providers.into_iter().map(|p| view! {
                            <li>
                                <form method="post" action=format!("/auth/oidc/{}/start", p.id)>
                                    <input type="hidden" name="next" value=next.clone() />
                                    <button type="submit" class="provider">
                                        {tr!(locale, "signin.with_provider", name = p.name.clone())}
                                    </button>
                                </form>
                            </li>
                        }).collect_view()}
                    </ul>
                    <h2 class="or">{tr!(locale, "signin.or_local")}</h2>
                }
            })}
            <form method="post" action="/auth/signin" class="stacked">
                <input type="hidden" name="next" value=next />
                <label for="signin-username">{tr!(locale, "signin.username")}</label>
                <input id="signin-username" name="username" type="text" autocomplete="username"
                    required maxlength="32" autocapitalize="none" spellcheck="false" />
                <label for="signin-password">{tr!(locale, "signin.password")}</label>
                <input id="signin-password" name="password" type="password"
                    autocomplete="current-password" required maxlength="256" />
                <button type="submit" class="primary">{tr!(locale, "signin.submit")}</button>
            </form>
            {signup_open.then(|| view! {
                <p><a href="/signup">{tr!(locale, "signup.link")}</a></p>
            })}
        </section>
    }
}
