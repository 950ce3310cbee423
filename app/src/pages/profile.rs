//! A person's profile page (`/people/{username}`) and the form to edit one's own
//! (`/account/profile`, posted to the server's `people` handlers).

use super::load;
use crate::model::refusal::Refusal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::admin_users::platform_role_label;
use crate::api::people::{get_profile, get_profile_form};
use crate::components::format::day;
use crate::i18n::{use_locale, Locale};
use crate::model::affiliation::{AffiliationStatus, MyAffiliation, MAX_NOTE_CHARS};
use crate::model::profile::{Profile, ProfileForm, LANGUAGES, MAX_BIO_BYTES};
use crate::tr;

pub fn language_name(locale: Locale, code: &str) -> String {
    match code {
        "en" => tr!(locale, "profile.lang_en"),
        "es" => tr!(locale, "profile.lang_es"),
        "pt" => tr!(locale, "profile.lang_pt"),
        _ => tr!(locale, "profile.lang_fr"),
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let profile = Resource::new_blocking(
        move || params.read().get("username").unwrap_or_default(),
        get_profile,
    );
    view! {
        {load(profile, move |p| profile_view(locale, p))}
    }
}

fn profile_view(locale: Locale, p: Profile) -> impl IntoView {
    let country = p.country.as_ref().map(|c| c.get(locale).to_string());
    let languages: Vec<String> = p
        .languages
        .iter()
        .map(|l| language_name(locale, l))
        .collect();
    view! {
        <Title text=p.display_name.clone() />
        <article class="profile">
            <h1>{p.display_name.clone()}</h1>
            <p class="meta">{format!("@{}", p.username)}</p>
            <dl class="facts">
                <dt>{tr!(locale, "profile.role")}</dt>
                <dd>{platform_role_label(locale, p.role)}</dd>
                {country.map(|c| view! { <dt>{tr!(locale, "profile.country")}</dt><dd>{c}</dd> })}
                {(!p.organisation.is_empty()).then(|| view! {
                    <dt>{tr!(locale, "profile.organisation")}</dt><dd>{p.organisation.clone()}</dd>
                })}
                {(!languages.is_empty()).then(|| view! {
                    <dt>{tr!(locale, "profile.languages")}</dt><dd>{languages.join(", ")}</dd>
                })}
            </dl>
            {(!p.bio_html.is_empty()).then(|| view! { <div class="markdown bio" inner_html=p.bio_html.clone()></div> })}
            {p.is_me.then(|| view! { <p><a href="/account/profile">{tr!(locale, "profile.edit")}</a></p> })}
            <section aria-labelledby="recent-title">
                <h2 id="recent-title">{tr!(locale, "profile.recent")}</h2>
                {if p.recent.is_empty() {
                    view! { <p class="empty">{tr!(locale, "profile.no_posts")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="thread-list">
                            {p.recent.into_iter().map(|r| view! {
                                <li>
                                    <a class="title" href=format!("/spaces/{}/threads/{}#p{}", r.space_slug, r.thread_id, r.post_id)>
                                        {r.thread_title.clone()}
                                    </a>
                                    <span class="meta">{format!("{} · {}", r.space_name, day(r.created_at))}</span>
                                    <p class="excerpt">{r.excerpt.clone()}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </article>
    }
}

#[component]
pub fn ProfileEditPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").map(|d| match d.as_str() {
        "affiliation_asked" => tr!(locale, "affiliation.done_asked"),
        "affiliation_withdrawn" => tr!(locale, "affiliation.done_withdrawn"),
        _ => tr!(locale, "profile.saved"),
    });
    let error = q.get("error").map(|e| Refusal::message_for(&e, locale));
    let outcome = super::form_outcome(done, error);
    let form = Resource::new_blocking(|| (), |_| get_profile_form());
    view! {
        <Title text=tr!(locale, "profile.edit") />
        <h1>{tr!(locale, "profile.edit")}</h1>
        {outcome}
        {load(form, move |f| edit_form(locale, f))}
    }
}

fn edit_form(locale: Locale, f: ProfileForm) -> impl IntoView {
    let affiliation = f.affiliation.clone();
    view! {
        <form method="post" action="/account/profile" class="stacked narrow-form profile-form">
            <label for="profile-name">{tr!(locale, "profile.name")}</label>
            <input id="profile-name" name="name" type="text" required maxlength="100" value=f.display_name.clone() />
            <label for="profile-org">{tr!(locale, "profile.organisation")}</label>
            <input id="profile-org" name="organisation" type="text" maxlength="200" value=f.organisation.clone() />
            <fieldset>
                <legend>{tr!(locale, "profile.languages")}</legend>
                {LANGUAGES.iter().map(|l| {
                    let (id, label_for) = (format!("profile-lang-{l}"), format!("profile-lang-{l}"));
                    view! {
                        <label for=label_for class="check">
                            <input id=id type="checkbox" name="languages" value=*l checked=f.languages.iter().any(|x| x == l) />
                            {language_name(locale, l)}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label for="profile-bio">{tr!(locale, "profile.bio")}</label>
            <textarea id="profile-bio" name="bio" rows="5" maxlength=MAX_BIO_BYTES.to_string()>{f.bio_md.clone()}</textarea>
            {zone_select(locale, &f)}
            <button type="submit" class="primary">{tr!(locale, "profile.save")}</button>
        </form>
        {affiliation_section(locale, affiliation)}
    }
}

/// The time zone: automatic (the country's) or one of the Americas', by country.
fn zone_select(locale: Locale, f: &ProfileForm) -> impl IntoView {
    let chosen = f.time_zone.clone();
    let automatic = tr!(
        locale,
        "profile.time_zone_automatic",
        zone = f.zones.automatic.label()
    );
    let groups = f
        .zones
        .groups
        .iter()
        .map(|(country, zones)| {
            let options = zones
                .iter()
                .map(|z| view! { <option value=z.name.clone() selected=z.name == chosen>{z.label()}</option> })
                .collect_view();
            view! { <optgroup label=country.get(locale).to_string()>{options}</optgroup> }
        })
        .collect_view();
    view! {
        <label for="profile-zone">{tr!(locale, "profile.time_zone")}</label>
        <select id="profile-zone" name="time_zone" aria-describedby="profile-zone-hint">
            <option value="" selected=chosen.is_empty()>{automatic}</option>
            {groups}
            <option value="UTC" selected=chosen == "UTC">"UTC"</option>
        </select>
        <p id="profile-zone-hint" class="hint">{tr!(locale, "profile.time_zone_hint")}</p>
    }
}

/// The person's verified country, their request for one, and the form to ask.
fn affiliation_section(locale: Locale, a: MyAffiliation) -> impl IntoView {
    let mine = a.country.as_ref().map(|c| c.code.clone());
    view! {
        <section id="affiliation" aria-labelledby="affiliation-title" class="narrow-form">
            <h2 id="affiliation-title">{tr!(locale, "affiliation.title_mine")}</h2>
            {match &a.country {
                Some(c) => view! { <p>{tr!(locale, "affiliation.verified", country = c.get(locale))}</p> }.into_any(),
                None => view! { <p>{tr!(locale, "affiliation.none")}</p> }.into_any(),
            }}
            {a.last_decided.as_ref().filter(|_| a.pending.is_none()).map(|d| {
                let date = d.decided_at.map(day).unwrap_or_default();
                let country = d.country.get(locale).to_string();
                let said = match d.status {
                    AffiliationStatus::Approved => tr!(locale, "affiliation.approved", country = country, date = date),
                    _ => tr!(locale, "affiliation.declined", country = country, date = date),
                };
                view! {
                    <p class="meta">{said}
                        {(!d.reason.is_empty()).then(|| format!(" {}", tr!(locale, "affiliation.reason", reason = d.reason.clone())))}
                    </p>
                }
            })}
            {match a.pending.clone() {
                Some(p) => view! {
                    <div class="notice" role="status">
                        <p>{tr!(locale, "affiliation.pending", date = day(p.created_at), country = p.country.get(locale))}</p>
                        <form method="post" action="/account/affiliation/withdraw">
                            <button type="submit" class="secondary">{tr!(locale, "affiliation.withdraw")}</button>
                        </form>
                    </div>
                }.into_any(),
                None => view! {
                    <form method="post" action="/account/affiliation" class="stacked">
                        <label for="aff-country">{tr!(locale, "affiliation.ask_label")}</label>
                        <select id="aff-country" name="country" required>
                            <option value="">{tr!(locale, "affiliation.choose")}</option>
                            {a.countries.iter().filter(|c| Some(&c.code) != mine.as_ref()).map(|c| view! {
                                <option value=c.code.clone()>{c.get(locale).to_string()}</option>
                            }).collect_view()}
                        </select>
                        <label for="aff-note">{tr!(locale, "affiliation.note_label")}</label>
                        <input id="aff-note" name="note" type="text" maxlength=MAX_NOTE_CHARS.to_string() />
                        <button type="submit" class="secondary">{tr!(locale, "affiliation.ask")}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}
