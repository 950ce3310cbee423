//! The form that adds a treatment service or changes one: every field of the record,
//! the many-valued ones as checkboxes from the vocabulary. A plain form posting to
//! `server::directory`; a refused one comes back with what was typed and the message.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::directory::{label, nav, outcome};
use super::load;
use crate::api::directory::read_service_form;
use crate::i18n::use_locale;
use crate::model::service::{ServiceForm, LEVELS, OPERATORS, TERM_KINDS};
use crate::tr;

/// The form's field name of each term kind.
fn field_of(kind: &str) -> &'static str {
    match kind {
        "modality" => "modalities",
        "medication" => "medications",
        "population" => "populations",
        "language" => "languages",
        _ => "payment",
    }
}

#[component]
pub fn NewServiceView() -> impl IntoView {
    let query = use_query_map();
    let form = Resource::new_blocking(
        move || query.read().get("form"),
        |form| read_service_form(None, form),
    );
    view! { {load(form, move |f| view! { <Form form=f /> })} }
}

#[component]
pub fn EditServiceView() -> impl IntoView {
    let form = Resource::new_blocking(super::id_and_form(), |(id, form)| {
        read_service_form(Some(id), form)
    });
    view! { {load(form, move |f| view! { <Form form=f /> })} }
}

#[component]
fn Form(form: ServiceForm) -> impl IntoView {
    let locale = use_locale();
    let input = form.input.clone();
    let value = |name: &str| input.get(name);
    let title = match form.id {
        Some(_) => tr!(locale, "directory.edit_title", name = value("name")),
        None => tr!(locale, "directory.add"),
    };
    let action = form.id.map_or_else(
        || "/directory/new".to_string(),
        |id| format!("/directory/{id}/edit"),
    );
    let text = |name: &'static str, kind: &'static str, required: bool| {
        let id = format!("s-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label(locale, "field", name)}{required.then_some(" *")}</label>
                <input id=id name=name type=kind value=value(name) required=required maxlength="300" />
            </div>
        }
    };
    let choice = |name: &'static str, options: Vec<(String, String)>| {
        let id = format!("s-{name}");
        let current = value(name);
        let options = options
            .into_iter()
            .map(|(v, t)| {
                let selected = v == current;
                view! { <option value=v selected=selected>{t}</option> }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for=id.clone()>{label(locale, "field", name)}" *"</label>
                <select id=id name=name required=true>{options}</select>
            </div>
        }
    };
    let yes_no = || {
        vec![
            ("yes".to_string(), tr!(locale, "directory.yes")),
            ("no".to_string(), tr!(locale, "directory.no")),
        ]
    };
    let countries: Vec<(String, String)> = form
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.get(locale).to_string()))
        .collect();
    let operators: Vec<(String, String)> = OPERATORS
        .iter()
        .map(|o| (o.to_string(), label(locale, "operator", o)))
        .collect();
    let levels: Vec<(String, String)> = LEVELS
        .iter()
        .map(|l| (l.to_string(), label(locale, "level", l)))
        .collect();
    let terms = TERM_KINDS
        .iter()
        .map(|kind| {
            let name = field_of(kind);
            let chosen: Vec<String> = value(name)
                .split(';')
                .map(|c| c.trim().to_ascii_lowercase())
                .filter(|c| !c.is_empty())
                .collect();
            let boxes = form
                .terms
                .iter()
                .filter(|t| &t.kind == kind)
                .map(|t| {
                    let id = format!("s-{name}-{}", t.code);
                    let checked = chosen.contains(&t.code);
                    view! {
                        <li>
                            <input id=id.clone() type="checkbox" name=name value=t.code.clone() checked=checked />
                            <label for=id>{t.label(locale).to_string()}</label>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="terms">
                    <legend>{label(locale, "terms", kind)}</legend>
                    <ul class="checks">{boxes}</ul>
                </fieldset>
            }
        })
        .collect_view()
        .into_any();
    let identity = view! {
        <fieldset>
            <legend>{tr!(locale, "directory.identity")}</legend>
            {choice("country", countries)}
            {text("name", "text", true)}
            {choice("operator", operators)}
            {text("licence_number", "text", false)}
            {text("licence_body", "text", false)}
            {text("licence_issued", "date", false)}
            {text("licence_expires", "date", false)}
        </fieldset>
        <fieldset>
            <legend>{tr!(locale, "directory.location")}</legend>
            {text("address", "text", false)}
            {text("region", "text", true)}
            {text("district", "text", false)}
            {text("latitude", "text", false)}
            {text("longitude", "text", false)}
            <p class="hint">{tr!(locale, "directory.coordinates_hint")}</p>
        </fieldset>
    }
    .into_any();
    let contact = view! {
        <fieldset>
            <legend>{tr!(locale, "directory.contact")}</legend>
            {text("phone", "tel", false)}
            {text("email", "email", false)}
            {text("website", "url", false)}
            {text("hours", "text", false)}
            {choice("intake_24h", yes_no())}
        </fieldset>
        <fieldset>
            <legend>{tr!(locale, "directory.care")}</legend>
            {choice("level", levels)}
            <div class="field">
                <label for="s-services_offered">{label(locale, "field", "services_offered")}</label>
                <textarea id="s-services_offered" name="services_offered" rows="3" maxlength="4000">{value("services_offered")}</textarea>
            </div>
        </fieldset>
    }
    .into_any();
    let capacity = view! {
        <fieldset>
            <legend>{tr!(locale, "directory.capacity")}</legend>
            {text("beds", "number", false)}
            {text("outpatient_places", "number", false)}
            {text("waiting_days", "number", false)}
            {text("verified_on", "date", true)}
            {choice("public_listing", yes_no())}
            <p class="hint">{tr!(locale, "directory.consent_hint")}</p>
        </fieldset>
    }
    .into_any();
    view! {
        <Title text=title.clone() />
        {nav(locale, true)}
        <h1>{title}</h1>
        {outcome(locale)}
        <form class="stacked service-form" method="post" action=action>
            {identity}
            {contact}
            {terms}
            {capacity}
            <button type="submit" class="primary">{tr!(locale, "directory.save")}</button>
        </form>
    }
}
