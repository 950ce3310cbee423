//! The admin's list of demand-reduction domains (what each line of action belongs to):
//! rename one in the four languages, or add one. Plain forms posting to `server::plans`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::load;
use super::plans::outcome;
use crate::api::plans::list_domains;
use crate::i18n::{use_locale, Locale};
use crate::model::plan::DomainName;
use crate::tr;

/// The four names' fields, filled with `d`'s (a rename) or empty (a new domain); `key`
/// keeps the fields' ids apart.
fn name_fields(locale: Locale, d: Option<&DomainName>, key: &str) -> impl IntoView {
    let names = [
        ("name_en", "plans.field_name_en", d.map(|d| d.en.clone())),
        ("name_es", "plans.field_name_es", d.map(|d| d.es.clone())),
        ("name_pt", "plans.field_name_pt", d.map(|d| d.pt.clone())),
        ("name_fr", "plans.field_name_fr", d.map(|d| d.fr.clone())),
    ];
    names
        .into_iter()
        .map(|(name, label, value)| {
            let id = format!("{key}-{name}");
            let label = rust_i18n::t!(label, locale = locale.code()).into_owned();
            view! {
                <label for=id.clone()>{label}</label>
                <input id=id name=name maxlength="80" required value=value.unwrap_or_default() />
            }
        })
        .collect_view()
}

#[component]
pub fn PlanDomainsPage() -> impl IntoView {
    let locale = use_locale();
    let list = Resource::new_blocking(|| (), |_| list_domains());
    view! {
        <Title text=tr!(locale, "plans.domains_title") />
        <h1>{tr!(locale, "plans.domains_title")}</h1>
        <p class="lead">{tr!(locale, "plans.domains_lead")}</p>
        {outcome(locale)}
        {load(list, move |domains| {
            let rows = domains
                .iter()
                .map(|d| view! {
                    <form class="stacked" method="post" action="/admin/domains">
                        <fieldset>
                            <legend>{format!("{} ({})", d.get(locale), d.code)}</legend>
                            <input type="hidden" name="code" value=d.code.clone() />
                            {name_fields(locale, Some(d), &d.code)}
                            <button type="submit" class="secondary">{tr!(locale, "plans.save")}</button>
                        </fieldset>
                    </form>
                })
                .collect_view();
            view! {
                {rows}
                <form class="stacked" method="post" action="/admin/domains">
                    <fieldset>
                        <legend>{tr!(locale, "plans.domain_add")}</legend>
                        <label for="new-domain-code">{tr!(locale, "plans.field_domain_code")}</label>
                        <input id="new-domain-code" name="code" maxlength="30" pattern="[a-z_]{2,30}" required />
                        {name_fields(locale, None, "new-domain")}
                        <button type="submit" class="primary">{tr!(locale, "plans.save")}</button>
                    </fieldset>
                </form>
            }
        })}
    }
}
