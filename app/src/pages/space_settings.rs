//! Starting a space (`/spaces/new`) and a space's settings (`/spaces/{slug}/settings`):
//! name, description (markdown), country, visibility; archiving and restoring. Plain forms
//! posted to the server's `spaces` handlers.

use super::load;
use crate::model::refusal::Refusal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::spaces::{new_space_form, space_settings};
use crate::components::lists::visibility_label;
use crate::i18n::{use_locale, Locale};
use crate::model::space::{SpaceSettings, Visibility};
use crate::tr;

fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").map(|_| tr!(locale, "spaces.saved"));
    let error = q.get("error").map(|e| Refusal::message_for(&e, locale));
    super::form_outcome(done, error)
}

#[component]
pub fn NewSpacePage() -> impl IntoView {
    let locale = use_locale();
    let form = Resource::new_blocking(|| (), |_| new_space_form());
    view! {
        <Title text=tr!(locale, "spaces.new") />
        <h1>{tr!(locale, "spaces.new")}</h1>
        {outcome(locale)}
        {load(form, move |f| space_form(locale, f, "/spaces".into()))}
    }
}

#[component]
pub fn SpaceSettingsPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let form = Resource::new_blocking(
        move || params.read().get("slug").unwrap_or_default(),
        space_settings,
    );
    view! {
        {load(form, move |f| {
                let base = format!("/spaces/{}", f.slug);
                let archived = f.archived;
                view! {
                    <Title text=tr!(locale, "spaces.settings") />
                    <p class="breadcrumb"><a href=base.clone()>{f.name.clone()}</a></p>
                    <h1>{tr!(locale, "spaces.settings")}</h1>
                    {outcome(locale)}
                    {space_form(locale, f, format!("{base}/settings"))}
                    <form method="post" action=format!("{base}/archive") class="stacked narrow-form">
                        <h2>{if archived { tr!(locale, "spaces.restore_title") } else { tr!(locale, "spaces.archive_title") }}</h2>
                        <p class="hint">{if archived { tr!(locale, "spaces.restore_hint") } else { tr!(locale, "spaces.archive_hint") }}</p>
                        <button type="submit" name="action" value=if archived { "restore" } else { "archive" } class="secondary">
                            {if archived { tr!(locale, "spaces.restore") } else { tr!(locale, "spaces.archive") }}
                        </button>
                    </form>
                }.into_any()
        })}
    }
}

fn space_form(locale: Locale, f: SpaceSettings, action: String) -> impl IntoView {
    let creating = f.slug.is_empty();
    let current = f.country_code.clone().unwrap_or_default();
    view! {
        <form method="post" action=action class="stacked narrow-form space-form">
            <label for="space-name">{tr!(locale, "spaces.name")}</label>
            <input id="space-name" name="name" type="text" required maxlength="120" value=f.name.clone() />
            {creating.then(|| view! { <p class="hint">{tr!(locale, "spaces.address_hint")}</p> })}
            <label for="space-country">{tr!(locale, "space.country")}</label>
            <select id="space-country" name="country">
                {f.allow_regional.then(|| view! {
                    <option value="" selected=current.is_empty()>{tr!(locale, "space.regional")}</option>
                })}
                {f.countries.iter().map(|c| view! {
                    <option value=c.code.clone() selected=c.code == current>{c.get(locale).to_string()}</option>
                }).collect_view()}
            </select>
            <fieldset>
                <legend>{tr!(locale, "space.visibility")}</legend>
                {[Visibility::Private, Visibility::Network, Visibility::Public].into_iter().map(|v| {
                    let (id, label_for) = (format!("space-vis-{}", v.as_str()), format!("space-vis-{}", v.as_str()));
                    view! {
                        <label for=label_for class="check">
                            <input id=id type="radio" name="visibility" value=v.as_str() checked=v == f.visibility />
                            {visibility_label(locale, v)}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <label for="space-description">{tr!(locale, "spaces.description")}</label>
            <textarea id="space-description" name="description" rows="6" maxlength="4000">{f.description.clone()}</textarea>
            <p class="hint">{tr!(locale, "discussion.markdown_hint")}</p>
            <button type="submit" class="primary">
                {if creating { tr!(locale, "spaces.create") } else { tr!(locale, "spaces.save") }}
            </button>
        </form>
    }
}
