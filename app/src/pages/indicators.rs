//! The indicators the programme measures, by category, with how many countries report
//! each; links to the availability matrix, the import and the export; for staff, the form
//! that defines a new one. Also the labels, messages and definition form the other
//! indicator pages share. Plain forms posting to `server::indicators`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{form_outcome, load};
use crate::api::indicators::list_indicators;
use crate::i18n::{use_locale, Locale};
use crate::model::indicator::{
    Definition, IndicatorList, CATEGORIES, DIMENSIONS, FREQUENCIES, UNITS,
};
use crate::model::plan::KeptForm;
use crate::model::refusal::explain;
use crate::tr;

/// The label of `indicators.{prefix}_{code}` (codes come from the fixed lists of
/// `model::indicator`; anything else is shown as it is).
pub fn label(locale: Locale, prefix: &str, code: &str) -> String {
    super::keyed(locale, &format!("indicators.{prefix}_{code}"), code)
}

pub fn category_label(locale: Locale, c: &str) -> String {
    label(locale, "category", c)
}
pub fn unit_label(locale: Locale, u: &str) -> String {
    label(locale, "unit", u)
}
pub fn frequency_label(locale: Locale, f: &str) -> String {
    label(locale, "frequency", f)
}
pub fn dimension_label(locale: Locale, d: &str) -> String {
    label(locale, "dimension", d)
}
pub fn status_label(locale: Locale, s: &str) -> String {
    label(locale, "status", s)
}
pub fn availability_label(locale: Locale, s: &str) -> String {
    label(locale, "availability", s)
}
pub fn origin_label(locale: Locale, s: &str) -> String {
    label(locale, "origin", s)
}

/// The label of an indicator form's field, for messages that name it.
fn field_label(locale: Locale, field: &str) -> String {
    let (base, language) = match field.rsplit_once('_') {
        Some((b, l)) if ["en", "es", "pt", "fr"].contains(&l) => (b, Some(l)),
        _ => (field, None),
    };
    let name = label(locale, "field", base);
    match language {
        Some(l) => format!("{name} ({})", label(locale, "language", l)),
        None => name,
    }
}

/// What the last form post did (`?done=`) or why it was refused (`?error=`).
pub fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").and_then(|d| {
        [
            "defined",
            "edited",
            "value_saved",
            "validated",
            "goal_saved",
            "availability_saved",
            "imported",
        ]
        .contains(&d.as_str())
        .then(|| label(locale, "done", &d))
    });
    let error = q
        .get("error")
        .map(|code| explain(&code, locale, |f| field_label(locale, f)));
    form_outcome(done, error)
}

/// The indicators' navigation: list, availability, import, export.
pub fn nav(locale: Locale, can_import: bool) -> impl IntoView {
    view! {
        <nav class="subnav" aria-label=tr!(locale, "indicators.title")>
            <a href="/indicators">{tr!(locale, "indicators.title")}</a>
            <a href="/indicators/availability">{tr!(locale, "indicators.availability_title")}</a>
            {can_import.then(|| view! { <a href="/indicators/import">{tr!(locale, "indicators.import_title")}</a> })}
            <a href="/indicators/values.csv">{tr!(locale, "indicators.export_all")}</a>
        </nav>
    }
}

#[component]
pub fn IndicatorsPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let list = Resource::new_blocking(move || query.read().get("form"), list_indicators);
    view! {
        <Title text=tr!(locale, "indicators.title") />
        <h1>{tr!(locale, "indicators.title")}</h1>
        <p class="lead">{tr!(locale, "indicators.intro")}</p>
        {outcome(locale)}
        {load(list, move |l| view! { <Indicators list=l /> })}
    }
}

#[component]
fn Indicators(list: IndicatorList) -> impl IntoView {
    let locale = use_locale();
    let sections = CATEGORIES
        .iter()
        .filter(|c| list.indicators.iter().any(|i| i.definition.category == **c))
        .map(|c| {
            let rows = list
                .indicators
                .iter()
                .filter(|i| i.definition.category == *c)
                .map(|i| {
                    let d = &i.definition;
                    view! {
                        <tr>
                            <td><code>{d.code.clone()}</code></td>
                            <td><a href=format!("/indicators/{}", d.code)>{d.name(locale)}</a></td>
                            <td>{unit_label(locale, &d.unit)}</td>
                            <td>{frequency_label(locale, &d.frequency)}</td>
                            <td>{i.countries_reporting}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <section>
                    <h2>{category_label(locale, c)}</h2>
                    <div class="table-scroll">
                        <table class="indicators">
                            <thead><tr>
                                <th scope="col">{tr!(locale, "indicators.field_code")}</th>
                                <th scope="col">{tr!(locale, "indicators.field_name")}</th>
                                <th scope="col">{tr!(locale, "indicators.field_unit")}</th>
                                <th scope="col">{tr!(locale, "indicators.field_frequency")}</th>
                                <th scope="col">{tr!(locale, "indicators.countries_reporting")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
            }
        })
        .collect_view();
    let define = list.can_define.then(|| {
        view! {
            <details class="add" open=list.kept.as_ref().is_some_and(|k| k.key == "define")>
                <summary>{tr!(locale, "indicators.define")}</summary>
                <DefinitionForm action="/indicators".to_string() current=None kept=list.kept.clone() key="define" />
            </details>
        }
    });
    view! {
        {nav(locale, !list.can_enter_for.is_empty())}
        {sections}
        {define}
    }
}

/// The definition form: a new indicator (`current` None, with its code) or a new version
/// of one, prefilled with the kept try, else the current definition.
#[component]
pub fn DefinitionForm(
    action: String,
    current: Option<Definition>,
    kept: Option<KeptForm>,
    key: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let kept_fields = kept.filter(|k| k.key == key).map(|k| k.fields);
    // Every value of a field kept (ticked boxes of one name are several).
    let all_kept = kept_fields.clone().unwrap_or_default();
    let typed = move |name: &str| -> Option<String> {
        kept_fields.as_ref().map(|f| {
            f.iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
    };
    let cur = current.clone().unwrap_or_default();
    let value = {
        let typed = typed.clone();
        move |name: &str, now: String| typed(name).unwrap_or(now)
    };
    let select = |name: &'static str,
                  options: &[&'static str],
                  now: &str,
                  labeler: fn(Locale, &str) -> String| {
        let chosen = value(name, now.to_string());
        let options = options
            .iter()
            .map(|o| view! { <option value=*o selected=*o == chosen>{labeler(locale, o)}</option> })
            .collect_view();
        view! {
            <label for=format!("def-{name}")>{label(locale, "field", name)}</label>
            <select id=format!("def-{name}") name=name>{options}</select>
        }
    };
    let kept_any = typed("category").is_some();
    let checked = |name: &str, now: bool| -> bool {
        if kept_any {
            typed(name).is_some_and(|v| !v.is_empty())
        } else {
            now
        }
    };
    let dims = DIMENSIONS
        .iter()
        .map(|d| {
            let on = if kept_any {
                all_kept.iter().any(|(n, v)| n == "disaggregations" && v == d)
            } else {
                cur.disaggregations.iter().any(|x| x == d)
            };
            view! {
                <label class="check"><input type="checkbox" name="disaggregations" value=*d checked=on />" "{dimension_label(locale, d)}</label>
            }
        })
        .collect_view();
    let languages = ["en", "es", "pt", "fr"]
        .into_iter()
        .map(|l| {
            let t = cur.texts.iter().find(|t| t.language == l).cloned().unwrap_or_default();
            let f = |name: &str| format!("{name}_{l}");
            let input = |name: &'static str, now: String, max: &'static str| {
                let id = format!("def-{}", f(name));
                view! {
                    <label for=id.clone()>{label(locale, "field", name)}</label>
                    <input id=id name=f(name) maxlength=max value=value(&f(name), now) required=name == "name" && l == "en" />
                }
            };
            let id = format!("def-{}", f("definition"));
            view! {
                <fieldset>
                    <legend>{label(locale, "language", l)}</legend>
                    {input("name", t.name.clone(), "120")}
                    <label for=id.clone()>{tr!(locale, "indicators.field_definition")}</label>
                    <textarea id=id name=f("definition") rows="3" maxlength="2000">{value(&f("definition"), t.definition.clone())}</textarea>
                    {input("numerator", t.numerator.clone(), "300")}
                    {input("denominator", t.denominator.clone(), "300")}
                    {input("formula", t.formula.clone(), "200")}
                    {input("source", t.source.clone(), "300")}
                </fieldset>
            }
        })
        .collect_view();
    let code = current.is_none().then(|| {
        view! {
            <label for="def-code">{tr!(locale, "indicators.field_code")}</label>
            <input id="def-code" name="code" maxlength="20" required pattern="[A-Za-z][A-Za-z0-9-]{1,19}" value=value("code", String::new()) />
            <p class="hint">{tr!(locale, "indicators.code_hint")}</p>
        }
    });
    view! {
        <form class="stacked definition-form" method="post" action=action>
            {code}
            {select("category", &CATEGORIES, &cur.category, category_label)}
            {select("unit", &UNITS, &cur.unit, unit_label)}
            {select("frequency", &FREQUENCIES, &cur.frequency, frequency_label)}
            <label class="check"><input type="checkbox" name="ratio" value="1" checked=checked("ratio", cur.ratio) />" "{tr!(locale, "indicators.field_ratio")}</label>
            <label class="check"><input type="checkbox" name="bounded" value="1" checked=checked("bounded", cur.bounded) />" "{tr!(locale, "indicators.field_bounded")}</label>
            <fieldset>
                <legend>{tr!(locale, "indicators.field_disaggregations")}</legend>
                {dims}
            </fieldset>
            {languages}
            <button type="submit" class="primary">{tr!(locale, "indicators.save_definition")}</button>
        </form>
    }
    .into_any()
}
