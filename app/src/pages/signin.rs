//! The sign-in page: a plain form posted to `/auth/signin`, which works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::i18n::use_locale;
use crate::model::user::SignupEnabled;
use crate::tr;

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let failed = query.read_untracked().get("error").is_some();
    let next = query
        .read_untracked()
        .get("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".to_string());
    let signup_open = use_context::<SignupEnabled>().unwrap_or_default().0;
    if failed {
        super::set_status(401);
    }
    view! {
        <Title text=tr!(locale, "signin.title") />
        <section class="narrow-form">
            <h1>{tr!(locale, "signin.title")}</h1>
            {failed.then(|| view! {
                <div class="error-box" role="alert"><p>{tr!(locale, "signin.failed")}</p></div>
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
