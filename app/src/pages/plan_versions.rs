//! Two versions of a plan compared: a form (plain GET) to choose them, and the lines that
//! changed between them.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::drafts::diff_lines_view;
use super::load;
use crate::api::plans::compare_plan_versions;
use crate::dates::day;
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::model::plan::PlanDiff;
use crate::tr;

#[component]
pub fn PlanVersionsView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let q = query.read();
            let num = |k: &str| q.get(k).and_then(|v| v.parse::<i64>().ok());
            (
                params.read().get("id").and_then(|i| i.parse::<i64>().ok()),
                num("from"),
                num("to"),
            )
        },
        |(id, from, to)| async move {
            match id {
                Some(id) => compare_plan_versions(id, from, to).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { {load(page, move |d| view! { <Versions diff=d /> })} }
}

#[component]
fn Versions(diff: PlanDiff) -> impl IntoView {
    let locale = use_locale();
    let p = diff.plan.clone();
    let options = |selected: i64| {
        diff.versions
            .iter()
            .map(|v| {
                let label = format!(
                    "{} · {} · {}",
                    tr!(locale, "plans.version_line", number = v.number.to_string(), revision = v.revision.to_string()),
                    day(v.at),
                    v.summary
                );
                view! { <option value=v.number.to_string() selected=v.number == selected>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <Title text=format!("{} — {}", tr!(locale, "plans.versions"), p.title) />
        <p class="breadcrumb"><a href="/plans">{tr!(locale, "plans.title")}</a>" › "<a href=format!("/plans/{}", p.id)>{p.title.clone()}</a></p>
        <h1>{tr!(locale, "plans.compare_title")}</h1>
        <form method="get" action=format!("/plans/{}/versions", p.id) class="filters">
            <div class="field">
                <label for="from">{tr!(locale, "plans.compare_from")}</label>
                <select id="from" name="from">{options(diff.from)}</select>
            </div>
            <div class="field">
                <label for="to">{tr!(locale, "plans.compare_to")}</label>
                <select id="to" name="to">{options(diff.to)}</select>
            </div>
            <button type="submit" class="primary">{tr!(locale, "plans.compare")}</button>
        </form>
        {diff_lines_view(locale, &diff.lines, diff.added, diff.removed)}
    }
}
