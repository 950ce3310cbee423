//! Starting a space (`/spaces/new`) and a space's settings (`/spaces/{slug}/settings`):
//! name, description (markdown), country, visibility; archiving and restoring; listing it
//! as a working group in the network directory. Plain forms posted to the server's
//! `spaces` and `network` handlers.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::keyed;
use super::quality::kept_has;
use crate::api::network::read_group_form;
use crate::api::spaces::{new_space_form, space_settings};
use crate::components::lists::visibility_label;
use crate::i18n::{use_locale, Locale};
use crate::model::network::GroupForm;
use crate::model::plan::KeptForm;
use crate::model::space::{SpaceSettings, Visibility};
use crate::tr;

fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").map(|_| tr!(locale, "spaces.saved"));
    // A field a form names is labelled as the working-group form labels it.
    let error = q.get("error").map(|e| {
        crate::model::refusal::explain(&e, locale, |f| {
            keyed(locale, &format!("network.field_{f}"), f)
        })
    });
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
    let query = use_query_map();
    let form = Resource::new_blocking(
        move || params.read().get("slug").unwrap_or_default(),
        space_settings,
    );
    let group = Resource::new_blocking(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                query.read().get("form"),
            )
        },
        |(slug, form)| read_group_form(slug, form),
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
        {load(group, move |g| group_form(locale, g))}
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

/// The space's working-group form: its topic, the countries taking part and how to join;
/// a second button takes it out of the network directory.
fn group_form(locale: Locale, g: GroupForm) -> AnyView {
    let kept = g.kept.as_ref();
    let v = |name: &str, current: &str| {
        KeptForm::value(kept, "group", name).unwrap_or_else(|| current.to_string())
    };
    let label = |f: &str| keyed(locale, &format!("network.field_{f}"), f);
    let boxes = g
        .countries
        .iter()
        .map(|c| {
            let checked = kept_has(kept, "group", "country", &c.code).unwrap_or_else(|| g.chosen.contains(&c.code));
            view! { <label class="check"><input type="checkbox" name="country" value=c.code.clone() checked=checked />" "{c.get(locale).to_string()}</label> }
        })
        .collect_view();
    let action = format!("/spaces/{}/working-group", g.slug);
    let unmark = g.is_group.then(|| {
        view! {
            <form method="post" action=action.clone() class="stacked">
                <button type="submit" name="remove" value="1" class="secondary">{tr!(locale, "network.group_unmark")}</button>
            </form>
        }
    });
    view! {
        <section id="working-group" class="form-block" aria-labelledby="working-group-title">
            <h2 id="working-group-title">{tr!(locale, "network.group_title")}</h2>
            <p class="hint">{if g.is_group { tr!(locale, "network.group_listed") } else { tr!(locale, "network.group_hint") }}</p>
            <form method="post" action=action.clone() class="stacked">
                <label>{label("topic")}
                    <input name="topic" maxlength="200" required value=v("topic", &g.topic) />
                </label>
                <fieldset class="countries">
                    <legend>{label("country")}</legend>
                    <div class="check-grid">{boxes}</div>
                </fieldset>
                <label>{label("how_to_join")}
                    <textarea name="how_to_join" rows="3" maxlength="1000">{v("how_to_join", &g.how_to_join)}</textarea>
                </label>
                <button type="submit" class="primary">{if g.is_group { tr!(locale, "network.save") } else { tr!(locale, "network.group_mark") }}</button>
            </form>
            {unmark}
        </section>
    }
    .into_any()
}
