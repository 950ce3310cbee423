//! Creating an account: a plain form posted to `/auth/signup`, open when the deployment
//! allows self-service sign-up or the visitor holds an admin's invitation link
//! (`?invite=`). Otherwise the page does not exist.

use crate::model::refusal::Refusal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::not_found::NotFound;
use super::ErrorMessage;
use crate::api::account::signup_form;
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let problem = query
        .read_untracked()
        .get("error")
        .map(|e| Refusal::message_for(&e, locale));
    let invite = query.read_untracked().get("invite").unwrap_or_default();
    let invited = !invite.is_empty();
    let form = Resource::new_blocking(move || invite.clone(), signup_form);
    view! {
        <Suspense>
            {move || {
                let problem = problem.clone();
                Suspend::new(async move {
                match form.await {
                    Ok(form) => view! {
                        <Title text=tr!(locale, "signup.title") />
                        <section class="narrow-form">
                            <h1>{tr!(locale, "signup.title")}</h1>
                            {problem.map(|p| view! { <div class="error-box" role="alert"><p>{p}</p></div> })}
                            {invited.then(|| view! { <p class="lead">{tr!(locale, "signup.invited")}</p> })}
                            <form method="post" action="/auth/signup" class="stacked">
                                <input type="hidden" name="invite" value=query.read_untracked().get("invite").unwrap_or_default() />
                                <label for="su-username">{tr!(locale, "signin.username")}</label>
                                <input id="su-username" name="username" type="text" autocomplete="username"
                                    required minlength="3" maxlength="32" pattern="[a-z0-9_.-]{3,32}"
                                    autocapitalize="none" spellcheck="false" aria-describedby="su-username-hint" />
                                <p id="su-username-hint" class="hint">{tr!(locale, "signup.username_hint")}</p>
                                <label for="su-name">{tr!(locale, "signup.name")}</label>
                                <input id="su-name" name="name" type="text" autocomplete="name" required maxlength="100" />
                                <label for="su-email">{tr!(locale, "signup.email")}</label>
                                <input id="su-email" name="email" type="email" autocomplete="email" maxlength="254" />
                                {match form.invited_country {
                                    Some(c) => view! {
                                        <p>{tr!(locale, "signup.invited_country", country = c.get(locale))}</p>
                                    }.into_any(),
                                    None => view! {
                                        <label for="su-country">{tr!(locale, "signup.country")}</label>
                                        <select id="su-country" name="country" aria-describedby="su-country-hint">
                                            <option value="">{tr!(locale, "signup.country_none")}</option>
                                            {form.countries.into_iter().map(|c| view! {
                                                <option value=c.code.clone()>{c.get(locale).to_string()}</option>
                                            }).collect_view()}
                                        </select>
                                        <p id="su-country-hint" class="hint">{tr!(locale, "signup.country_hint")}</p>
                                    }.into_any(),
                                }}
                                <label for="su-password">{tr!(locale, "signin.password")}</label>
                                <input id="su-password" name="password" type="password" autocomplete="new-password"
                                    required minlength="12" maxlength="256" />
                                <label for="su-confirm">{tr!(locale, "account.confirm_password")}</label>
                                <input id="su-confirm" name="confirm" type="password" autocomplete="new-password"
                                    required minlength="12" maxlength="256" />
                                <button type="submit" class="primary">{tr!(locale, "signup.submit")}</button>
                            </form>
                        </section>
                    }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}
