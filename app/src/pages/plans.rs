//! The operational plans the viewer may see (for staff: every country's, with which are
//! on track and which check-ins are overdue), the form that starts one, and the labels
//! and messages the plan and check-in pages share.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{form_outcome, load};
use crate::api::plans::list_plans;
use crate::i18n::{use_locale, Locale};
use crate::model::plan::{KeptForm, PlanList, PlanStatus, PlanSummary, RAGS};
use crate::model::refusal::explain;
use crate::tr;

pub fn status_label(locale: Locale, s: PlanStatus) -> String {
    match s {
        PlanStatus::Draft => tr!(locale, "plans.status_draft"),
        PlanStatus::Submitted => tr!(locale, "plans.status_submitted"),
        PlanStatus::Approved => tr!(locale, "plans.status_approved"),
        PlanStatus::Returned => tr!(locale, "plans.status_returned"),
    }
}

pub fn action_status_label(locale: Locale, s: &str) -> String {
    match s {
        "not_started" => tr!(locale, "plans.action_not_started"),
        "in_progress" => tr!(locale, "plans.action_in_progress"),
        "completed" => tr!(locale, "plans.action_completed"),
        "delayed" => tr!(locale, "plans.action_delayed"),
        "cancelled" => tr!(locale, "plans.action_cancelled"),
        _ => String::new(),
    }
}

pub fn rag_label(locale: Locale, s: &str) -> String {
    match s {
        "red" => tr!(locale, "plans.rag_red"),
        "amber" => tr!(locale, "plans.rag_amber"),
        "green" => tr!(locale, "plans.rag_green"),
        _ => String::new(),
    }
}

/// The label of a plan form's field, for messages that name it.
fn field_label(locale: Locale, field: &str) -> String {
    match field {
        "title" => tr!(locale, "plans.field_title"),
        "starts_on" => tr!(locale, "plans.field_starts_on"),
        "ends_on" => tr!(locale, "plans.field_ends_on"),
        "language" => tr!(locale, "plans.field_language"),
        "objective" => tr!(locale, "plans.field_objective"),
        "line" => tr!(locale, "plans.field_line"),
        "domain" => tr!(locale, "plans.field_domain"),
        "responsible" => tr!(locale, "plans.field_responsible"),
        "co_responsible" => tr!(locale, "plans.field_co_responsible"),
        "budget" => tr!(locale, "plans.field_budget"),
        "currency" => tr!(locale, "plans.field_currency"),
        "funding_source" => tr!(locale, "plans.field_funding_source"),
        "funding" => tr!(locale, "plans.field_funding"),
        "indicator" => tr!(locale, "plans.field_indicator"),
        "baseline" => tr!(locale, "plans.field_baseline"),
        "baseline_year" => tr!(locale, "plans.field_baseline_year"),
        "target" => tr!(locale, "plans.field_target"),
        "authority" => tr!(locale, "plans.field_authority"),
        "approved_on" => tr!(locale, "plans.field_approved_on"),
        "reference" => tr!(locale, "plans.field_reference"),
        "reasons" => tr!(locale, "plans.field_reasons"),
        "status" => tr!(locale, "plans.field_status"),
        "percent" => tr!(locale, "plans.field_percent"),
        "executed" => tr!(locale, "plans.field_executed"),
        "indicator_value" => tr!(locale, "plans.field_indicator_value"),
        "indicator_code" => tr!(locale, "plans.field_indicator_code"),
        "rag" => tr!(locale, "plans.field_rag"),
        "narrative" => tr!(locale, "plans.field_narrative"),
        "evidence" => tr!(locale, "plans.field_evidence"),
        "recommendation" => tr!(locale, "plans.recommendations_answered"),
        "round" => tr!(locale, "plans.field_round"),
        "code" => tr!(locale, "plans.field_code"),
        "text" => tr!(locale, "plans.field_recommendation"),
        "comment" | "body" => tr!(locale, "plans.field_comment"),
        "domain_code" => tr!(locale, "plans.field_domain_code"),
        "name_en" => tr!(locale, "plans.field_name_en"),
        "name_es" => tr!(locale, "plans.field_name_es"),
        "name_pt" => tr!(locale, "plans.field_name_pt"),
        "name_fr" => tr!(locale, "plans.field_name_fr"),
        other => other.to_string(),
    }
}

/// What the last form post did (`?done=`) or why it was refused (`?error=`).
pub fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").and_then(|d| {
        Some(match d.as_str() {
            "started" => tr!(locale, "plans.done_started"),
            "saved" => tr!(locale, "plans.done_saved"),
            "submitted" => tr!(locale, "plans.done_submitted"),
            "approved" => tr!(locale, "plans.done_approved"),
            "returned" => tr!(locale, "plans.done_returned"),
            "revised" => tr!(locale, "plans.done_revised"),
            "checkin_saved" => tr!(locale, "plans.done_checkin_saved"),
            "checkin_submitted" => tr!(locale, "plans.done_checkin_submitted"),
            "recommendation_added" => tr!(locale, "plans.done_recommendation_added"),
            _ => return None,
        })
    });
    let error = q
        .get("error")
        .map(|code| explain(&code, locale, |f| field_label(locale, f)));
    form_outcome(done, error)
}

/// A plan's status as a badge, with overdue check-ins and red actions beside it.
pub fn plan_badges(locale: Locale, p: &PlanSummary) -> impl IntoView {
    view! {
        {p.improvement.then(|| view! { <span class="badge">{tr!(locale, "quality.improvement")}</span> })}
        <span class=format!("badge plan-status status-{}", p.status.as_str())>{status_label(locale, p.status)}</span>
        {(p.overdue > 0).then(|| view! { <span class="badge badge-overdue">{tr!(locale, "plans.overdue_count", count = p.overdue.to_string())}</span> })}
        {(p.red > 0).then(|| view! { <span class="badge rag-red">{tr!(locale, "plans.red_count", count = p.red.to_string())}</span> })}
    }
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let list = Resource::new_blocking(move || query.read().get("form"), list_plans);
    view! {
        <Title text=tr!(locale, "plans.title") />
        <h1>{tr!(locale, "plans.title")}</h1>
        <p class="lead">{tr!(locale, "plans.intro")}</p>
        {outcome(locale)}
        {load(list, move |l| view! { <Plans list=l /> })}
    }
}

#[component]
fn Plans(list: PlanList) -> impl IntoView {
    let locale = use_locale();
    let rows = list
        .plans
        .iter()
        .map(|p| {
            let next = p
                .next_checkin
                .clone()
                .map(|(m, due)| {
                    tr!(
                        locale,
                        "plans.next_checkin",
                        months = m.to_string(),
                        due = due
                    )
                })
                .unwrap_or_default();
            view! {
                <tr>
                    <td><a href=format!("/plans/{}", p.id)>{p.title.clone()}</a></td>
                    <td>{p.country.get(locale).to_string()}</td>
                    <td>{format!("{} – {}", p.starts_on, p.ends_on)}</td>
                    <td>{plan_badges(locale, p)}</td>
                    <td>{next}</td>
                    <td>{latest_ratings(locale, p)}</td>
                </tr>
            }
        })
        .collect_view();
    let table = if list.plans.is_empty() {
        view! { <p class="empty">{tr!(locale, "plans.none")}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="plans">
                    <caption class="visually-hidden">{tr!(locale, "plans.title")}</caption>
                    <thead><tr>
                        <th scope="col">{tr!(locale, "plans.field_title")}</th>
                        <th scope="col">{tr!(locale, "search.facet_country")}</th>
                        <th scope="col">{tr!(locale, "plans.period")}</th>
                        <th scope="col">{tr!(locale, "plans.field_status")}</th>
                        <th scope="col">{tr!(locale, "plans.checkins")}</th>
                        <th scope="col">{tr!(locale, "plans.latest_ratings")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let start = (!list.can_start_in.is_empty()).then(|| {
        // A refused try comes back as typed.
        let typed = |name: &str| KeptForm::value(list.kept.as_ref(), "new", name).unwrap_or_default();
        let (space, language) = (typed("space"), typed("language"));
        let spaces = list
            .can_start_in
            .iter()
            .map(|(slug, name)| view! { <option value=slug.clone() selected=*slug == space>{name.clone()}</option> })
            .collect_view();
        let languages = [("es", "Español"), ("en", "English"), ("pt", "Português"), ("fr", "Français")]
            .into_iter()
            .map(|(code, name)| view! { <option value=code selected=code == language>{name}</option> })
            .collect_view();
        view! {
            <section aria-labelledby="new-plan-title">
                <h2 id="new-plan-title">{tr!(locale, "plans.new_title")}</h2>
                <form class="stacked" method="post" action="/plans">
                    <label for="plan-space">{tr!(locale, "plans.field_space")}</label>
                    <select id="plan-space" name="space" required>{spaces}</select>
                    <label for="plan-title">{tr!(locale, "plans.field_title")}</label>
                    <input id="plan-title" name="title" maxlength="300" required placeholder=tr!(locale, "plans.title_example") value=typed("title") />
                    <label for="plan-starts">{tr!(locale, "plans.field_starts_on")}</label>
                    <input id="plan-starts" name="starts_on" type="date" required value=typed("starts_on") />
                    <label for="plan-ends">{tr!(locale, "plans.field_ends_on")}</label>
                    <input id="plan-ends" name="ends_on" type="date" required value=typed("ends_on") />
                    <label for="plan-language">{tr!(locale, "plans.field_language")}</label>
                    <select id="plan-language" name="language">{languages}</select>
                    <button type="submit" class="primary">{tr!(locale, "plans.start")}</button>
                </form>
            </section>
        }
    });
    // Staff see every country's plan: the region at a glance first.
    let regional = list.staff.then(|| {
        let plans = &list.plans;
        let approved = plans
            .iter()
            .filter(|p| p.status == PlanStatus::Approved)
            .count();
        let overdue = plans.iter().filter(|p| p.overdue > 0).count();
        let red = plans.iter().filter(|p| p.red > 0).count();
        view! {
            <p class="meta regional">{tr!(locale, "plans.regional_summary",
                plans = plans.len().to_string(), approved = approved.to_string(),
                overdue = overdue.to_string(), red = red.to_string())}</p>
        }
    });
    view! { {regional}{table}{start} }
}

/// The latest submitted check-in's ratings: a small stacked bar (decoration) and the
/// counts in words.
fn latest_ratings(locale: Locale, p: &PlanSummary) -> impl IntoView {
    p.latest_ratings.map(|(months, counts)| {
        let total = counts.iter().sum::<i64>().max(1);
        let mut x = 0;
        let segments = RAGS
            .iter()
            .zip(counts)
            .map(|(rag, n)| {
                let w = n * 100 / total;
                let at = x;
                x += w;
                view! { <rect x=at y="0" width=w height="10" class=format!("chart-{rag}") /> }
            })
            .collect_view();
        view! {
            <svg class="rag-mini" viewBox="0 0 100 10" aria-hidden="true">{segments}</svg>
            <span class="meta">{tr!(locale, "plans.ratings_line",
                months = months.to_string(), red = counts[0].to_string(),
                amber = counts[1].to_string(), green = counts[2].to_string())}</span>
        }
    })
}
