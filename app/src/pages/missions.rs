//! The missions page: the viewer's missions of a year as a calendar by country and month
//! (a plain table, no script) and as a list; for staff, the form that plans a mission and
//! the address of their calendar feed. Also the area's shared pieces: labels, outcomes
//! and a mission's status badge (the mission page reuses them).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::quality::{kept_has, kept_or};
use super::{keyed, load};
use crate::api::missions::read_missions;
use crate::i18n::{use_locale, Locale};
use crate::model::mission::{MissionSummary, MissionsPage, SCOPES};
use crate::tr;

/// A label of the area: `missions.{group}_{code}` (statuses, scopes, fields, items…).
pub fn label(locale: Locale, group: &str, code: &str) -> String {
    keyed(locale, &format!("missions.{group}_{code}"), code)
}

/// The outcome of the form post that led here.
pub fn outcome(locale: Locale) -> impl IntoView {
    let done = [
        "created",
        "saved",
        "moved",
        "report_saved",
        "approved",
        "follow_up",
        "feed",
    ];
    super::outcome_of(locale, &done, move |group, code| label(locale, group, code))
}

/// A mission's status as a badge.
pub fn status_badge(locale: Locale, status: &str) -> impl IntoView {
    view! { <span class=format!("badge status-{status}")>{label(locale, "status", status)}</span> }
}

/// "2026-03-30 – 2026-04-03".
pub fn dates(m: &MissionSummary) -> String {
    format!("{} – {}", m.starts_on, m.ends_on)
}

#[component]
pub fn MissionsView() -> impl IntoView {
    let query = use_query_map();
    let asked = move || {
        let q = query.read();
        (
            q.get("year").and_then(|y| y.parse::<i32>().ok()),
            q.get("form"),
        )
    };
    let page = Resource::new_blocking(asked, |(year, form)| read_missions(year, form));
    view! { {load(page, move |p| view! { <Missions page=p /> })} }
}

#[component]
fn Missions(page: MissionsPage) -> impl IntoView {
    let locale = use_locale();
    let year = page.year;
    let months = (1..=12)
        .map(|m| {
            let key = format!("missions.month_{m}");
            view! { <th scope="col">{tr!(locale, &key)}</th> }
        })
        .collect_view();
    let rows = page
        .calendar
        .iter()
        .map(|row| {
            let cells = row
                .months
                .iter()
                .map(|ms| {
                    let items = ms
                        .iter()
                        .map(|m| {
                            view! {
                                <li class=format!("status-{}", m.status)>
                                    <a href=format!("/missions/{}", m.id) title=format!("{} · {}", m.title, dates(m))>{m.title.clone()}</a>
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <td>{(!ms.is_empty()).then(|| view! { <ul>{items}</ul> })}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row"><a href=format!("/countries/{}", row.country.code)>{row.country.get(locale).to_string()}</a></th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let calendar = if page.calendar.is_empty() {
        view! { <p class="empty">{tr!(locale, "missions.none_in_year", year = year.to_string())}</p> }.into_any()
    } else {
        view! {
            <div class="table-scroll">
                <table class="calendar">
                    <caption class="visually-hidden">{tr!(locale, "missions.calendar_of", year = year.to_string())}</caption>
                    <thead><tr><th scope="col">{tr!(locale, "missions.country")}</th>{months}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let list = page
        .missions
        .iter()
        .map(|m| {
            view! {
                <li>
                    <a href=format!("/missions/{}", m.id)>{m.title.clone()}</a>" "
                    {status_badge(locale, &m.status)}
                    <p class="meta">{m.country.get(locale).to_string()}" · "{dates(m)}" · "{label(locale, "scope", &m.scope)}</p>
                </li>
            }
        })
        .collect_view();
    let new = page.staff.then(|| new_form(locale, &page));
    let feed = page.staff.then(|| {
        view! {
            <section id="feed" aria-labelledby="feed-title">
                <h2 id="feed-title">{tr!(locale, "missions.feed")}</h2>
                <p class="hint">{tr!(locale, "missions.feed_hint")}</p>
                {page.feed.clone().map(|f| view! {
                    <p><label>{tr!(locale, "missions.feed_address")}<input class="feed-address" readonly value=f /></label></p>
                })}
                <form method="post" action="/missions/feed" class="inline">
                    <button type="submit">{if page.feed.is_some() { tr!(locale, "missions.feed_reset") } else { tr!(locale, "missions.feed_make") }}</button>
                </form>
            </section>
        }
    });
    view! {
        <Title text=tr!(locale, "missions.title") />
        {outcome(locale)}
        <h1>{tr!(locale, "missions.title")}</h1>
        <p class="lead">{tr!(locale, "missions.intro")}</p>
        <nav class="pager" aria-label=tr!(locale, "missions.years")>
            <a href=format!("/missions?year={}", year - 1) rel="prev">"← "{(year - 1).to_string()}</a>
            <strong aria-current="page">{year.to_string()}</strong>
            <a href=format!("/missions?year={}", year + 1) rel="next">{(year + 1).to_string()}" →"</a>
        </nav>
        <section aria-labelledby="calendar-title">
            <h2 id="calendar-title">{tr!(locale, "missions.calendar_of", year = year.to_string())}</h2>
            {calendar}
        </section>
        <section aria-labelledby="list-title">
            <h2 id="list-title">{tr!(locale, "missions.list_of", year = year.to_string())}</h2>
            {if page.missions.is_empty() {
                view! { <p class="empty">{tr!(locale, "missions.none_in_year", year = year.to_string())}</p> }.into_any()
            } else {
                view! { <ul class="mission-list">{list}</ul> }.into_any()
            }}
        </section>
        {new}
        {feed}
    }
}

/// Staff's form that plans a mission.
fn new_form(locale: Locale, page: &MissionsPage) -> impl IntoView {
    let kept = page.kept.as_ref();
    let v = |name: &str| kept_or(kept, "mission", name, "");
    let open = kept.is_some_and(|k| k.key == "mission");
    let country = v("country");
    let countries = page
        .countries
        .iter()
        .map(|c| view! { <option value=c.code.clone() selected=country == c.code>{c.get(locale).to_string()}</option> })
        .collect_view();
    let scope = v("scope");
    let scopes = SCOPES
        .iter()
        .map(|s| view! { <option value=*s selected=scope == *s>{label(locale, "scope", s)}</option> })
        .collect_view();
    let version = v("version");
    let versions = page
        .instruments
        .iter()
        .map(|(id, name)| view! { <option value=id.to_string() selected=version == id.to_string()>{name.clone()}</option> })
        .collect_view();
    let team = page
        .candidates
        .iter()
        .map(|c| {
            let checked = kept_has(kept, "mission", "member", &c.username).unwrap_or(false);
            view! {
                <label class="check"><input type="checkbox" name="member" value=c.username.clone() checked=checked />" "{c.display_name.clone()}" "<span class="meta">"("{label(locale, "role", &c.role)}")"</span></label>
            }
        })
        .collect_view();
    view! {
        <details class="form-block" id="new" open=open>
            <summary>{tr!(locale, "missions.new")}</summary>
            <form method="post" action="/missions" class="stacked">
                <label>{label(locale, "field", "country")}
                    <select name="country" required><option value="">"—"</option>{countries}</select>
                </label>
                <label>{label(locale, "field", "title")}<input name="title" value=v("title") maxlength="300" required /></label>
                <div class="row">
                    <label>{label(locale, "field", "scope")}
                        <select name="scope" required><option value="">"—"</option>{scopes}</select>
                    </label>
                    <label>{label(locale, "field", "starts_on")}<input type="date" name="starts_on" value=v("starts_on") required /></label>
                    <label>{label(locale, "field", "ends_on")}<input type="date" name="ends_on" value=v("ends_on") required /></label>
                </div>
                <label>{label(locale, "field", "objectives")}<textarea name="objectives" rows="5" required>{v("objectives")}</textarea></label>
                <label>{label(locale, "field", "version")}
                    <select name="version"><option value="">"—"</option>{versions}</select>
                </label>
                <p class="hint">{tr!(locale, "missions.version_hint")}</p>
                <fieldset>
                    <legend>{label(locale, "field", "member")}</legend>
                    <div class="check-grid">{team}</div>
                    <p class="hint">{tr!(locale, "missions.team_hint")}</p>
                </fieldset>
                <button type="submit" class="primary">{tr!(locale, "missions.plan")}</button>
            </form>
        </details>
    }
}
