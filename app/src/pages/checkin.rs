//! One check-in of a plan (1, 3, 6 or 12 months after approval): per action its status,
//! percent complete, executed budget, the indicator's value, a red/amber/green rating, a
//! narrative and evidence links. One form: "save" keeps a draft, "submit" closes it;
//! submitted check-ins are read-only.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::load;
use super::plans::{action_status_label, outcome, rag_label};
use crate::api::plans::read_checkin;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::plan::{format_amount, CheckinPage, Entry, KeptForm, ACTION_STATUSES, RAGS};
use crate::tr;

#[component]
pub fn CheckinView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let p = params.read();
            let num = |k: &str| p.get(k).and_then(|i| i.parse::<i64>().ok());
            (num("id"), num("months"), query.read().get("form"))
        },
        |(id, months, form)| async move {
            match (id, months) {
                (Some(id), Some(months)) => read_checkin(id, months, form).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! { {load(page, move |p| view! { <Checkin page=p /> })} }
}

/// An action's line, as fields (`a{id}.field`) filled with what was saved or, after a
/// refused try, what was typed (`kept`); once submitted, as text.
fn entry_view(
    locale: Locale,
    e: &Entry,
    can_edit: bool,
    kept: Option<&KeptForm>,
    key: &str,
) -> impl IntoView {
    let name = |f: &str| format!("a{}.{f}", e.action_id);
    let typed = |f: &str| KeptForm::value(kept, key, &name(f));
    let executed = e.executed_minor.map(format_amount).unwrap_or_default();
    let currency = e.currency.clone().unwrap_or_default();
    if !can_edit {
        return view! {
            <li class="checkin-entry">
                <h3>{e.action_title.clone()}</h3>
                <p class="meta">{e.objective_title.clone()}</p>
                <p>
                    <span class=format!("badge rag-{}", e.rag)>{rag_label(locale, &e.rag)}</span>" "
                    {action_status_label(locale, &e.status)}" · "{format!("{} %", e.percent)}
                    {(!executed.is_empty()).then(|| format!(" · {executed} {currency}"))}
                    {(!e.indicator_value.is_empty()).then(|| format!(" · {}: {}", e.indicator, e.indicator_value))}
                </p>
                <p>{e.narrative.clone()}</p>
                {(!e.evidence.is_empty()).then(|| {
                    let links = e.evidence.lines().filter(|l| crate::links::is_link_to_follow(l.trim())).map(|l| view! { <li><a href=l.trim().to_string() rel="noopener nofollow">{l.trim().to_string()}</a></li> }).collect_view();
                    view! { <ul class="plain-list links">{links}</ul> }
                })}
            </li>
        }
        .into_any();
    }
    let statuses = ACTION_STATUSES
        .iter()
        .map(|s| view! { <option value=*s selected=typed("status").unwrap_or_else(|| e.status.clone()) == *s>{action_status_label(locale, s)}</option> })
        .collect_view();
    let rags = RAGS
        .iter()
        .map(|r| view! { <label class="choice"><input type="radio" name=name("rag") value=*r checked=typed("rag").unwrap_or_else(|| e.rag.clone()) == *r />" "{rag_label(locale, r)}</label> })
        .collect_view();
    let id = |f: &str| format!("e{}-{f}", e.action_id);
    view! {
        <li class="checkin-entry">
            <fieldset>
                <legend>{e.action_title.clone()}</legend>
                <p class="meta">{e.objective_title.clone()}</p>
                <input type="hidden" name="action" value=e.action_id.to_string() />
                <div class="row">
                    <span><label for=id("status")>{tr!(locale, "plans.field_status")}</label>
                    <select id=id("status") name=name("status")>
                        <option value="">"—"</option>
                        {statuses}
                    </select></span>
                    <span><label for=id("percent")>{tr!(locale, "plans.field_percent")}</label>
                    <input id=id("percent") name=name("percent") type="number" min="0" max="100" value=typed("percent").unwrap_or_else(|| if e.status.is_empty() { String::new() } else { e.percent.to_string() }) /></span>
                    <span><label for=id("executed")>{tr!(locale, "plans.field_executed")}" "{currency}</label>
                    <input id=id("executed") name=name("executed") inputmode="decimal" value=typed("executed").unwrap_or(executed) /></span>
                </div>
                <fieldset class="rag">
                    <legend>{tr!(locale, "plans.field_rag")}</legend>
                    {rags}
                </fieldset>
                {(!e.indicator.is_empty()).then(|| view! {
                    <label for=id("value")>{tr!(locale, "plans.field_indicator_value")}": "{e.indicator.clone()}</label>
                    <input id=id("value") name=name("indicator_value") maxlength="100" value=typed("indicator_value").unwrap_or_else(|| e.indicator_value.clone()) />
                })}
                <label for=id("narrative")>{tr!(locale, "plans.field_narrative")}</label>
                <textarea id=id("narrative") name=name("narrative") rows="3">{typed("narrative").unwrap_or_else(|| e.narrative.clone())}</textarea>
                <label for=id("evidence")>{tr!(locale, "plans.field_evidence")}</label>
                <textarea id=id("evidence") name=name("evidence") rows="2" placeholder="/library/…">{typed("evidence").unwrap_or_else(|| e.evidence.clone())}</textarea>
            </fieldset>
        </li>
    }
    .into_any()
}

#[component]
fn Checkin(page: CheckinPage) -> impl IntoView {
    let locale = use_locale();
    let p = page.plan.clone();
    let k = page.checkin.clone();
    let action = format!("/plans/{}/checkins/{}", p.id, k.months);
    // The key its typed fields are kept under after a refusal (see `server::plans`).
    let key = format!("checkin{}", k.months);
    let entries = page
        .entries
        .iter()
        .map(|e| entry_view(locale, e, page.can_edit, page.kept.as_ref(), &key))
        .collect_view();
    let title = tr!(locale, "plans.checkin_name", months = k.months.to_string());
    let state = if k.submitted {
        tr!(locale, "plans.checkin_submitted")
    } else if k.overdue {
        tr!(locale, "plans.checkin_overdue")
    } else {
        tr!(locale, "plans.checkin_open")
    };
    let body = if page.can_edit {
        view! {
            <form method="post" action=action class="stacked checkin-form">
                <ol class="plain-list">{entries}</ol>
                <div class="buttons">
                    <button type="submit" name="intent" value="save" class="secondary">{tr!(locale, "plans.save_checkin")}</button>
                    <button type="submit" name="intent" value="submit" class="primary">{tr!(locale, "plans.submit_checkin")}</button>
                </div>
                <p class="hint">{tr!(locale, "plans.submit_checkin_hint")}</p>
            </form>
        }
        .into_any()
    } else {
        view! { <ol class="plain-list">{entries}</ol> }.into_any()
    };
    view! {
        <Title text=format!("{title} — {}", p.title) />
        <p class="breadcrumb"><a href="/plans">{tr!(locale, "plans.title")}</a>" › "<a href=format!("/plans/{}", p.id)>{p.title.clone()}</a></p>
        {outcome(locale)}
        <h1>{title}</h1>
        <p class="meta">
            {tr!(locale, "plans.due")}": "{k.due_on.clone()}" · "{state}" · "
            <a href=format!("/plans/{}/checkins/{}/export.csv", p.id, k.months) download="">{tr!(locale, "plans.download_csv")}</a>
        </p>
        {body}
    }
}
