//! The funding catalogue: search by words with facets (kind, eligible country, cycle,
//! open now) as plain GET forms and links, the mechanisms found, and — for staff — the
//! form that adds one. Also the area's shared pieces: labels, outcomes, a mechanism's
//! short facts and its form (the mechanism page reuses them).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::quality::{kept_has, kept_or};
use super::{keyed, load};
use crate::api::funding::read_catalogue;
use crate::i18n::{use_locale, Locale};
use crate::model::country::CountryName;
use crate::model::funding::{FundingAsked, FundingPage, Mechanism, CYCLES, KINDS};
use crate::model::plan::{format_amount, KeptForm};
use crate::model::quality::text_in;
use crate::tr;

/// A label of the area: `funding.{group}_{code}` (kinds, cycles, fields…).
pub fn label(locale: Locale, group: &str, code: &str) -> String {
    keyed(locale, &format!("funding.{group}_{code}"), code)
}

/// The outcome of the form post that led here.
pub fn outcome(locale: Locale) -> impl IntoView {
    super::outcome_of(locale, &["saved"], move |group, code| {
        label(locale, group, code)
    })
}

/// A country's name in the reader's language, from its code.
pub fn country_name(countries: &[CountryName], code: &str, locale: Locale) -> String {
    countries
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_string(), |c| c.get(locale).to_string())
}

/// "50,000.00 – 250,000.00 USD", "up to …", "from …", or nothing.
pub fn amounts(m: &Mechanism, locale: Locale) -> Option<String> {
    let currency = m.currency.clone().unwrap_or_default();
    match (m.amount_min, m.amount_max) {
        (Some(lo), Some(hi)) => Some(format!(
            "{} – {} {currency}",
            format_amount(lo),
            format_amount(hi)
        )),
        (None, Some(hi)) => Some(tr!(
            locale,
            "funding.up_to",
            amount = format!("{} {currency}", format_amount(hi))
        )),
        (Some(lo), None) => Some(tr!(
            locale,
            "funding.from",
            amount = format!("{} {currency}", format_amount(lo))
        )),
        (None, None) => None,
    }
}

/// The eligible countries, named; all of them listed but shortened past eight.
pub fn eligible(m: &Mechanism, countries: &[CountryName], locale: Locale) -> String {
    let names: Vec<String> = m
        .countries
        .iter()
        .map(|c| country_name(countries, c, locale))
        .collect();
    if names.len() > 8 {
        tr!(locale, "funding.countries_n", n = names.len().to_string())
    } else {
        names.join(", ")
    }
}

/// The mechanism's form: empty to add one, filled to change `m`; a refused try comes
/// back with what was typed (`kept`, form key `key`).
pub fn mechanism_form(
    locale: Locale,
    action: String,
    key: &str,
    m: Option<&Mechanism>,
    countries: &[CountryName],
    kept: Option<&KeptForm>,
) -> AnyView {
    let v = |name: &str, current: String| kept_or(kept, key, name, &current);
    let get = |f: fn(&Mechanism) -> String| m.map(f).unwrap_or_default();
    let four = |prefix: &str, f: fn(&Mechanism) -> &crate::model::funding::Texts, long: bool| {
        ["en", "es", "pt", "fr"]
            .into_iter()
            .map(|l| {
                let field = format!("{prefix}_{l}");
                let current = m.map(|m| f(m).get(Locale::from_tag(l).unwrap_or_default()).to_string()).unwrap_or_default();
                let value = v(&field, current);
                let required = l == "en" && prefix != "apply";
                let input = if long {
                    view! { <textarea name=field.clone() rows="3" maxlength="2000" required=required>{value}</textarea> }.into_any()
                } else {
                    view! { <input name=field.clone() value=value maxlength="200" required=required /> }.into_any()
                };
                view! { <label>{label(locale, "field", &field)}{input}</label> }
            })
            .collect_view()
    };
    let select = |field: &'static str, options: &'static [&'static str], current: String| {
        let chosen = v(field, current);
        let options = options
            .iter()
            .map(|o| view! { <option value=*o selected=chosen == *o>{label(locale, field, o)}</option> })
            .collect_view();
        view! {
            <label>{label(locale, "field", field)}
                <select name=field required><option value="">"—"</option>{options}</select>
            </label>
        }
    };
    let boxes = countries
        .iter()
        .map(|c| {
            let checked = kept_has(kept, key, "country", &c.code)
                .unwrap_or_else(|| m.is_some_and(|m| m.countries.contains(&c.code)));
            view! {
                <label class="check"><input type="checkbox" name="country" value=c.code.clone() checked=checked />" "{c.get(locale).to_string()}</label>
            }
        })
        .collect_view();
    let amount =
        |f: fn(&Mechanism) -> Option<i64>| m.and_then(f).map(format_amount).unwrap_or_default();
    let deadlines = get(|m| {
        m.deadlines
            .iter()
            .map(|d| format!("{} {}", d.due_on, d.label).trim().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    });
    view! {
        <form method="post" action=action class="stacked mechanism-form">
            <fieldset>
                <legend>{tr!(locale, "funding.names")}</legend>
                {four("name", |m| &m.name, false)}
            </fieldset>
            <label>{label(locale, "field", "funder")}
                <input name="funder" value=v("funder", get(|m| m.funder.clone())) maxlength="200" required />
            </label>
            <div class="row">
                {select("kind", &KINDS, get(|m| m.kind.clone()))}
                {select("cycle", &CYCLES, get(|m| m.cycle.clone()))}
            </div>
            <fieldset class="countries">
                <legend>{label(locale, "field", "country")}</legend>
                <div class="check-grid">{boxes}</div>
            </fieldset>
            <fieldset>
                <legend>{tr!(locale, "funding.funds")}</legend>
                {four("funds", |m| &m.funds, true)}
            </fieldset>
            <div class="row">
                <span><label for=format!("{key}-min")>{label(locale, "field", "amount_min")}</label>
                <input id=format!("{key}-min") name="amount_min" inputmode="decimal" value=v("amount_min", amount(|m| m.amount_min)) /></span>
                <span><label for=format!("{key}-max")>{label(locale, "field", "amount_max")}</label>
                <input id=format!("{key}-max") name="amount_max" inputmode="decimal" value=v("amount_max", amount(|m| m.amount_max)) /></span>
                <span><label for=format!("{key}-cur")>{label(locale, "field", "currency")}</label>
                <input id=format!("{key}-cur") name="currency" maxlength="3" size="4" placeholder="USD" value=v("currency", get(|m| m.currency.clone().unwrap_or_default())) /></span>
            </div>
            <label>{label(locale, "field", "deadlines")}
                <textarea name="deadlines" rows="3" placeholder="2027-03-31 …">{v("deadlines", deadlines)}</textarea>
            </label>
            <p class="hint">{tr!(locale, "funding.deadlines_hint")}</p>
            <fieldset>
                <legend>{tr!(locale, "funding.apply")}</legend>
                {four("apply", |m| &m.apply, true)}
            </fieldset>
            <label>{label(locale, "field", "contact")}
                <input name="contact" value=v("contact", get(|m| m.contact.clone())) maxlength="300" />
            </label>
            <label>{label(locale, "field", "url")}
                <input name="url" type="url" value=v("url", get(|m| m.url.clone())) maxlength="500" placeholder="https://" />
            </label>
            <label>{label(locale, "field", "verified_on")}
                <input name="verified_on" type="date" value=v("verified_on", get(|m| m.verified_on.clone().unwrap_or_default())) />
            </label>
            <button type="submit" class="primary">{tr!(locale, "funding.save")}</button>
        </form>
    }
    .into_any()
}

/// What the address asks.
fn asked_from_query() -> impl Fn() -> (FundingAsked, Option<String>) + Clone + Send + Sync + 'static
{
    let query = use_query_map();
    move || {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        (
            FundingAsked {
                q: get("q"),
                kind: get("kind"),
                country: get("country"),
                cycle: get("cycle"),
                open: !get("open").is_empty(),
            },
            q.get("form"),
        )
    }
}

#[component]
pub fn FundingView() -> impl IntoView {
    let page = Resource::new_blocking(asked_from_query(), |(asked, form)| {
        read_catalogue(asked, form)
    });
    view! { {load(page, move |p| view! { <Catalogue page=p /> })} }
}

/// The catalogue's address for `asked` with one facet set to `value` (empty clears it).
fn with(asked: &FundingAsked, facet: &str, value: &str) -> String {
    let mut a = asked.clone();
    match facet {
        "kind" => a.kind = value.to_string(),
        "country" => a.country = value.to_string(),
        "cycle" => a.cycle = value.to_string(),
        _ => a.open = !value.is_empty(),
    }
    let mut parts = Vec::new();
    for (k, v) in [
        ("q", &a.q),
        ("kind", &a.kind),
        ("country", &a.country),
        ("cycle", &a.cycle),
    ] {
        if !v.is_empty() {
            parts.push(format!("{k}={}", crate::links::encode(v)));
        }
    }
    if a.open {
        parts.push("open=1".into());
    }
    if parts.is_empty() {
        "/funding".into()
    } else {
        format!("/funding?{}", parts.join("&"))
    }
}

fn facet_list(
    locale: Locale,
    asked: &FundingAsked,
    facet: &'static str,
    counts: &[(String, usize)],
    chosen: &str,
    name: impl Fn(&str) -> String,
) -> AnyView {
    let items = counts
        .iter()
        .map(|(value, n)| {
            let on = chosen == value;
            let href = with(asked, facet, if on { "" } else { value });
            view! {
                <li class:chosen=on><a href=href aria-current=on.then_some("true")>{name(value)}</a>" "<span class="count">{n.to_string()}</span></li>
            }
        })
        .collect_view();
    // A long list (the countries) stays folded on the page until it is opened or one of
    // its values is chosen, so that on a phone the results are not pushed far down.
    if counts.len() > 8 && chosen.is_empty() {
        return view! {
            <details class="facet">
                <summary>{label(locale, "field", facet)}</summary>
                <ul>{items}</ul>
            </details>
        }
        .into_any();
    }
    view! {
        <section class="facet">
            <h3>{label(locale, "field", facet)}</h3>
            <ul>{items}</ul>
        </section>
    }
    .into_any()
}

/// One mechanism in a list.
fn card(locale: Locale, m: &Mechanism, countries: &[CountryName], today: &str) -> impl IntoView {
    let next = m.deadlines.iter().find(|d| d.due_on.as_str() >= today).map(|d| {
        view! { <div><dt>{tr!(locale, "funding.next_deadline")}</dt><dd><time datetime=d.due_on.clone()>{d.due_on.clone()}</time>{(!d.label.is_empty()).then(|| format!(" · {}", d.label))}</dd></div> }
    });
    view! {
        <li class="mechanism">
            <h3><a href=format!("/funding/{}", m.id)>{text_in(&m.name, locale).to_string()}</a></h3>
            <p class="meta">{m.funder.clone()}" · "{label(locale, "kind", &m.kind)}" · "{label(locale, "cycle", &m.cycle)}</p>
            <p>{text_in(&m.funds, locale).to_string()}</p>
            <dl class="facts pairs">
                <div><dt>{label(locale, "field", "country")}</dt><dd>{eligible(m, countries, locale)}</dd></div>
                {amounts(m, locale).map(|a| view! { <div><dt>{tr!(locale, "funding.amounts")}</dt><dd>{a}</dd></div> })}
                {next}
            </dl>
        </li>
    }
}

#[component]
fn Catalogue(page: FundingPage) -> impl IntoView {
    let locale = use_locale();
    let title = tr!(locale, "funding.title");
    let asked = page.asked.clone();
    let countries = page.countries.clone();
    let kind_options = KINDS
        .iter()
        .map(|k| view! { <option value=*k selected=asked.kind == *k>{label(locale, "kind", k)}</option> })
        .collect_view();
    let cycle_options = CYCLES
        .iter()
        .map(|c| view! { <option value=*c selected=asked.cycle == *c>{label(locale, "cycle", c)}</option> })
        .collect_view();
    let country_options = countries
        .iter()
        .map(|c| view! { <option value=c.code.clone() selected=asked.country == c.code>{c.get(locale).to_string()}</option> })
        .collect_view();
    let facets = view! {
        <aside class="facets" aria-label=tr!(locale, "funding.refine")>
            {facet_list(locale, &asked, "kind", &page.facets.kind, &asked.kind, |k| label(locale, "kind", k))}
            {facet_list(locale, &asked, "cycle", &page.facets.cycle, &asked.cycle, |c| label(locale, "cycle", c))}
            {facet_list(locale, &asked, "country", &page.facets.country, &asked.country, |c| country_name(&countries, c, locale))}
        </aside>
    }
    .into_any();
    let found = if page.found.is_empty() {
        view! { <p class="empty">{tr!(locale, "funding.none_found")}</p> }.into_any()
    } else {
        let items = page
            .found
            .iter()
            .map(|m| card(locale, m, &page.countries, &page.today))
            .collect_view();
        view! { <ul class="mechanisms">{items}</ul> }.into_any()
    };
    let add = page.staff.then(|| {
        view! {
            <details class="form-block" id="new" open=page.kept.as_ref().is_some_and(|k| k.key == "mechanism")>
                <summary>{tr!(locale, "funding.new")}</summary>
                {mechanism_form(locale, "/funding".into(), "mechanism", None, &page.countries, page.kept.as_ref())}
            </details>
        }
    });
    view! {
        <Title text=title.clone() />
        {outcome(locale)}
        <h1>{title}</h1>
        <p class="lead">{tr!(locale, "funding.intro")}</p>
        <form method="get" action="/funding" class="search-form funding-search" role="search">
            <label for="funding-q">{tr!(locale, "funding.words")}</label>
            <input id="funding-q" name="q" type="search" value=asked.q.clone() maxlength="200" />
            <div class="row">
                <span><label for="funding-kind">{label(locale, "field", "kind")}</label>
                <select id="funding-kind" name="kind"><option value="">{tr!(locale, "funding.any")}</option>{kind_options}</select></span>
                <span><label for="funding-country">{label(locale, "field", "country")}</label>
                <select id="funding-country" name="country"><option value="">{tr!(locale, "funding.any")}</option>{country_options}</select></span>
                <span><label for="funding-cycle">{label(locale, "field", "cycle")}</label>
                <select id="funding-cycle" name="cycle"><option value="">{tr!(locale, "funding.any")}</option>{cycle_options}</select></span>
            </div>
            <label class="check"><input type="checkbox" name="open" value="1" checked=asked.open />" "{tr!(locale, "funding.open_only")}</label>
            <button type="submit" class="primary">{tr!(locale, "funding.search")}</button>
        </form>
        <p class="meta" role="status">{tr!(locale, "funding.found", n = page.found.len().to_string())}</p>
        <div class="search-layout">
            {facets}
            <div class="search-results">{found}</div>
        </div>
        {add}
    }
}
