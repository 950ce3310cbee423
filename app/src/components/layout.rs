//! The frame of every page: skip link, header with navigation and search, footer.

use leptos::prelude::*;

use super::language::LanguageSwitcher;
use super::menu::MenuToggle;
use super::search_suggest::SearchSuggest;
use crate::i18n::use_locale;
use crate::model::user::CurrentUser;
use crate::tr;

/// Sign-in link, or who is signed in and a sign-out button (a POST form).
#[component]
fn Account() -> impl IntoView {
    let locale = use_locale();
    match use_context::<Option<CurrentUser>>().flatten() {
        Some(user) => view! {
            <form class="account" method="post" action="/auth/signout">
                <a class="notifications-link" href="/notifications">
                    {tr!(locale, "notifications.title")}
                    {(user.unread_notifications > 0).then(|| view! {
                        " " <span class="count" aria-label=tr!(locale, "notifications.unread", count = user.unread_notifications)>
                            {user.unread_notifications.to_string()}
                        </span>
                    })}
                </a>
                <a class="account-name" href="/account">{user.display_name}</a>
                <button type="submit">{tr!(locale, "signin.signout")}</button>
            </form>
        }
        .into_any(),
        None => view! {
            <a class="account signin-link" href="/signin">{tr!(locale, "signin.link")}</a>
        }
        .into_any(),
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let locale = use_locale();
    view! {
        <a class="skip-link" href="#main">{tr!(locale, "nav.skip")}</a>
        <header class="site-header">
            <div class="site-header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"E"</span>
                    {tr!(locale, "app.name")}
                </a>
                <MenuToggle label=tr!(locale, "nav.menu")>
                    <nav aria-label=tr!(locale, "nav.main") class="main-nav">
                        <ul>
                            <li><a href="/spaces">{tr!(locale, "nav.spaces")}</a></li>
                            <li><a href="/library">{tr!(locale, "nav.library")}</a></li>
                            <li><a href="/plans">{tr!(locale, "nav.plans")}</a></li>
                            <li><a href="/indicators">{tr!(locale, "nav.indicators")}</a></li>
                            <li><a href="/directory">{tr!(locale, "nav.directory")}</a></li>
                            <li><a href="/quality">{tr!(locale, "nav.quality")}</a></li>
                            <li><a href="/missions">{tr!(locale, "nav.missions")}</a></li>
                            <li><a href="/funding">{tr!(locale, "nav.funding")}</a></li>
                            <li><a href="/countries">{tr!(locale, "nav.countries")}</a></li>
                            <li><a href="/network">{tr!(locale, "nav.network")}</a></li>
                            <li><a href="/requests">{tr!(locale, "nav.requests")}</a></li>
                        </ul>
                    </nav>
                    <form class="site-search" role="search" method="get" action="/search">
                        <label for="site-search-q" class="visually-hidden">
                            {tr!(locale, "search.label")}
                        </label>
                        <SearchSuggest
                            placeholder=tr!(locale, "search.placeholder")
                            none=tr!(locale, "search.no_suggestions")
                        />
                        <button type="submit">{tr!(locale, "search.submit")}</button>
                    </form>
                    <LanguageSwitcher />
                    <Account />
                </MenuToggle>
            </div>
        </header>
        <main id="main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{tr!(locale, "footer.about")}</p>
            <p>{tr!(locale, "footer.languages")}</p>
        </footer>
    }
}
