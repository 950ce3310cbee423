//! Missions to countries (seed 000, activity 7): staff plan a supervision or
//! technical-assistance mission to a country at a scope level, with a team of staff and
//! experts, its objectives and what it serves; it goes planned → in preparation → under
//! way → report in review → closed. The checklist and visit notes are in `checklist`, the
//! report in `report`, the actions it puts in the country's plans in `followups`, the
//! calendar and its feed in `calendar`.
//!
//! Who sees a mission: its team, the country's focal points and staff — nobody else, not
//! even that it exists (a hidden mission is "not found"). Its team and staff write its
//! checklist, notes and report; staff plan it, change its team, move it on and approve the
//! report. Rights are read at every request, so someone taken off the team or out of
//! a role loses the mission at their next click.

pub mod calendar;
pub mod checklist;
pub mod followups;
pub mod report;

use crate::backend::access::{self, Viewer};
use crate::backend::form_fields::value;
use crate::backend::plans::{self, date, text};
use crate::backend::quality::instruments::staff;
use crate::backend::store::countries;
use crate::backend::store::missions::{self as store, MissionRow, NewMission, Sight};
use crate::backend::{kept, Cx, ServerError};
use crate::markdown;
use crate::model::country::{CountryName, Participation};
use crate::model::mission::{
    checklist_of, next_status, MissionPage, MissionSummary, Served, TeamMember, CHECKLIST_ALL,
    SCOPES,
};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};
use crate::model::user::CountryRole;

const MAX_TITLE: usize = 300;
const MAX_TEXT: usize = 20_000;

/// Where a refused form of a mission is kept (`0`: the new-mission form).
pub fn scope(id: i64) -> String {
    format!("mission:{id}")
}

/// Which missions the viewer sees, as the store's condition; None for visitors.
pub(crate) fn sight(viewer: &Viewer) -> Option<Sight> {
    let user = viewer.user()?;
    Some(Sight {
        all: access::is_staff(viewer),
        user: user.id,
        countries: user.countries_for(CountryRole::FocalPoint),
    })
}

/// The one rule: staff, the country's focal points and the team see a mission.
pub fn sees(viewer: &Viewer, country: &str, team: &[(i64, TeamMember)]) -> bool {
    access::decides_for_country(viewer, country)
        || viewer
            .user()
            .is_some_and(|u| team.iter().any(|(id, _)| *id == u.id))
}

/// A mission as the viewer may act on it.
pub(crate) struct Seen {
    pub row: MissionRow,
    pub team: Vec<(i64, TeamMember)>,
    /// Staff and the team write its checklist, notes, report and follow-ups.
    pub can_write: bool,
    /// Staff plan it, change its team, move it on and approve its report.
    pub can_decide: bool,
}

/// The mission if the viewer may see it; otherwise "not found".
pub(crate) async fn seen(cx: &Cx, id: i64) -> Result<Seen, ServerError> {
    let pool = &cx.db().pool;
    let row = store::row(pool, id).await?.ok_or(ServerError::NotFound)?;
    let team = store::team(pool, id).await?;
    if !sees(&cx.viewer, &row.summary.country.code, &team) {
        return Err(ServerError::NotFound);
    }
    let staff = access::is_staff(&cx.viewer);
    let on_team = cx
        .viewer
        .user()
        .is_some_and(|u| team.iter().any(|(t, _)| *t == u.id));
    Ok(Seen {
        row,
        team,
        can_write: staff || on_team,
        can_decide: staff,
    })
}

/// The mission for writing at one of `statuses`: "not allowed" for those who only read,
/// a refusal when it is at another step.
pub(crate) async fn writable(cx: &Cx, id: i64, statuses: &[&str]) -> Result<Seen, ServerError> {
    cx.user()?;
    let seen = seen(cx, id).await?;
    if !seen.can_write {
        return Err(ServerError::Forbidden);
    }
    if !statuses.contains(&seen.row.summary.status.as_str()) {
        return Err(Refusal::MissionState.into());
    }
    Ok(seen)
}

/// The same, for staff only.
pub(crate) async fn decidable(cx: &Cx, id: i64, statuses: &[&str]) -> Result<Seen, ServerError> {
    let seen = writable(cx, id, statuses).await?;
    if !seen.can_decide {
        return Err(Refusal::StaffOnly.into());
    }
    Ok(seen)
}

/// Markdown typed by the team, rendered safe.
pub(crate) fn html(markdown_text: &str) -> String {
    markdown::render_plain(markdown_text).html
}

/// The team picked on a form (`member` fields, usernames): each must be staff or an
/// expert, or the whole form is refused.
async fn picked_team(
    cx: &Cx,
    pairs: &[(String, String)],
) -> Result<Vec<(i64, String)>, ServerError> {
    let candidates = store::candidates(&cx.db().pool).await?;
    let mut out: Vec<(i64, String)> = Vec::new();
    for (_, name) in pairs.iter().filter(|(k, _)| k == "member") {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let (id, c) = candidates
            .iter()
            .find(|(_, c)| c.username == name)
            .ok_or(Refusal::MissionTeam)?;
        if !out.iter().any(|(o, _)| o == id) {
            out.push((*id, c.role.clone()));
        }
    }
    Ok(out)
}

/// Staff plan a mission: country, title, scope, dates, objectives, instrument (for
/// service visits) and team; the checklist of its scope is prepared with it. Returns its
/// id; all of it is written or nothing.
pub async fn create(cx: &Cx, pairs: &[(String, String)]) -> Result<i64, ServerError> {
    let by = staff(cx)?;
    let pool = &cx.db().pool;
    let code = value(pairs, "country").trim().to_ascii_uppercase();
    let country = countries::list(pool)
        .await?
        .into_iter()
        .find(|c| c.code == code && c.participation == Participation::Active)
        .ok_or(FieldRefusal::new("country", Problem::Choice))?;
    let title = text("title", value(pairs, "title"), MAX_TITLE, true)?;
    let scope_level = value(pairs, "scope").trim();
    if !SCOPES.contains(&scope_level) {
        return Err(FieldRefusal::new("scope", Problem::Choice).into());
    }
    let starts_on = date("starts_on", value(pairs, "starts_on"))?;
    let ends_on = date("ends_on", value(pairs, "ends_on"))?;
    if ends_on < starts_on {
        return Err(Refusal::DateOrder.into());
    }
    let objectives = text("objectives", value(pairs, "objectives"), MAX_TEXT, true)?;
    let version_id = match value(pairs, "version").trim() {
        "" if scope_level == "service" => {
            return Err(FieldRefusal::new("version", Problem::Required).into())
        }
        "" => None,
        v => {
            let id: i64 = v
                .parse()
                .map_err(|_| FieldRefusal::new("version", Problem::Choice))?;
            if !store::versions(pool).await?.iter().any(|(i, _)| *i == id) {
                return Err(FieldRefusal::new("version", Problem::Choice).into());
            }
            Some(id)
        }
    };
    let team = picked_team(cx, pairs).await?;
    if team.is_empty() {
        return Err(FieldRefusal::new("member", Problem::Required).into());
    }
    let mut change = cx.change().await?;
    let id = store::insert(
        change.conn(),
        &NewMission {
            country: &country.code,
            title,
            scope: scope_level,
            starts_on,
            ends_on,
            objectives,
            version_id,
            by,
        },
        cx.now,
    )
    .await?;
    for (user, role) in &team {
        store::add_member(change.conn(), id, *user, role).await?;
    }
    let items: Vec<(&str, Option<i64>, Option<i64>)> = CHECKLIST_ALL
        .iter()
        .chain(checklist_of(scope_level))
        .map(|i| (*i, None, None))
        .collect();
    store::add_items(change.conn(), id, &items).await?;
    change.commit().await?;
    Ok(id)
}

/// Staff move a mission one step on from `from` (the status the page showed, so a second
/// press does nothing twice). Sending the report for review needs a report; closing is
/// approving it (`report::approve`).
pub async fn advance(cx: &Cx, id: i64, from: &str) -> Result<(), ServerError> {
    let seen = decidable(cx, id, &["planned", "in_preparation", "under_way"]).await?;
    if seen.row.summary.status != from.trim() {
        return Err(Refusal::MissionState.into());
    }
    let to = next_status(from.trim()).ok_or(Refusal::MissionState)?;
    if to == "report_in_review" && store::revisions(&cx.db().pool, id).await?.is_empty() {
        return Err(Refusal::ReportMissing.into());
    }
    let mut change = cx.change().await?;
    if !store::set_status(change.conn(), id, from.trim(), to, cx.now).await? {
        return Err(Refusal::MissionState.into());
    }
    change.commit().await?;
    Ok(())
}

/// Staff add people to the team (or change their role) before the mission closes.
pub async fn add_members(cx: &Cx, id: i64, pairs: &[(String, String)]) -> Result<(), ServerError> {
    decidable(cx, id, &OPEN).await?;
    let team = picked_team(cx, pairs).await?;
    if team.is_empty() {
        return Err(FieldRefusal::new("member", Problem::Required).into());
    }
    let mut change = cx.change().await?;
    for (user, role) in &team {
        store::add_member(change.conn(), id, *user, role).await?;
    }
    change.commit().await?;
    Ok(())
}

/// Staff take someone off the team (they no longer see the mission, unless they may
/// otherwise). The last member stays: a mission always has a team.
pub async fn remove_member(cx: &Cx, id: i64, username: &str) -> Result<(), ServerError> {
    let seen = decidable(cx, id, &OPEN).await?;
    if seen.team.len() <= 1 {
        return Err(FieldRefusal::new("member", Problem::Required).into());
    }
    let mut change = cx.change().await?;
    if store::remove_member(change.conn(), id, username.trim()).await? == 0 {
        return Err(ServerError::NotFound);
    }
    change.commit().await?;
    Ok(())
}

/// Statuses in which a mission still changes.
pub(crate) const OPEN: [&str; 4] = ["planned", "in_preparation", "under_way", "report_in_review"];

/// The team and staff say which of the country's plan actions and requests the mission
/// serves (`serves` fields: `action:ID` or `request:ID`).
pub async fn add_serves(cx: &Cx, id: i64, pairs: &[(String, String)]) -> Result<(), ServerError> {
    let seen = writable(cx, id, &OPEN).await?;
    let choices = servable(cx, &seen.row.summary.country.code, None).await?;
    let mut picked = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "serves") {
        let (kind, target) = v.split_once(':').unwrap_or(("", ""));
        let target: i64 = target.parse().unwrap_or(0);
        if !choices.iter().any(|c| c.kind == kind && c.id == target) {
            return Err(FieldRefusal::new("serves", Problem::Choice).into());
        }
        picked.push((kind.to_string(), target));
    }
    if picked.is_empty() {
        return Err(FieldRefusal::new("serves", Problem::Required).into());
    }
    let mut change = cx.change().await?;
    for (kind, target) in &picked {
        store::add_serves(change.conn(), id, kind, *target).await?;
    }
    change.commit().await?;
    Ok(())
}

/// The plan actions and requests of `country` (those the mission `mission` serves, or
/// all) that the viewer may see by the plans' and requests' own rules: a mission's reader
/// learns nothing through it that they could not read directly.
async fn servable(
    cx: &Cx,
    country: &str,
    mission: Option<i64>,
) -> Result<Vec<Served>, ServerError> {
    let mut conn = cx.db().pool.acquire().await?;
    let all = store::servable(&mut conn, country, mission).await?;
    drop(conn);
    let requests = access::can_see_requests_of(&cx.viewer, country);
    // Many actions share a plan: ask once per plan.
    let mut seen_plans: Vec<(i64, bool)> = Vec::new();
    let mut out = Vec::with_capacity(all.len());
    for (served, plan) in all {
        let visible = match plan {
            Some(plan) => match seen_plans.iter().find(|(p, _)| *p == plan) {
                Some((_, v)) => *v,
                None => {
                    let v = match plans::may_see(cx, plan).await {
                        Ok(()) => true,
                        Err(ServerError::NotFound) => false,
                        Err(e) => return Err(e),
                    };
                    seen_plans.push((plan, v));
                    v
                }
            },
            None => requests,
        };
        if visible {
            out.push(served);
        }
    }
    Ok(out)
}

/// Missions of one country the viewer may see (its page lists them), newest first; None
/// for visitors, and for those who see none and are not among its deciders.
pub async fn of_country(
    cx: &Cx,
    country: &str,
) -> Result<Option<Vec<MissionSummary>>, ServerError> {
    let Some(sight) = sight(&cx.viewer) else {
        return Ok(None);
    };
    let mut found = store::list(
        &cx.db().pool,
        &sight,
        Some(country),
        "0000-01-01",
        "9999-12-31",
    )
    .await?;
    found.reverse();
    // Those who see no mission of the country and could only through a team are not
    // shown an empty part.
    if found.is_empty() && !access::decides_for_country(&cx.viewer, country) {
        return Ok(None);
    }
    Ok(Some(found))
}

/// A mission's page, for those who may see it.
pub async fn page(cx: &Cx, id: i64, form: Option<&str>) -> Result<MissionPage, ServerError> {
    let seen = seen(cx, id).await?;
    let pool = &cx.db().pool;
    let country = seen.row.summary.country.code.clone();
    let serves = servable(cx, &country, Some(id)).await?;
    let mut conn = pool.acquire().await?;
    let mut visits = store::visits(&mut *conn, id).await?;
    for v in &mut visits {
        v.notes_html = html(&v.notes);
    }
    let mut report = store::revisions(&mut *conn, id).await?;
    for r in &mut report {
        r.html = html(&r.body);
    }
    let instrument = match seen.row.version_id {
        Some(v) => store::versions(&mut *conn)
            .await?
            .into_iter()
            .find(|(i, _)| *i == v),
        None => None,
    };
    let follow_ups = store::follow_ups(&mut *conn, id).await?;
    let (candidates, services) = if seen.can_write {
        (
            store::candidates(&mut *conn)
                .await?
                .into_iter()
                .map(|(_, c)| c)
                .collect(),
            store::services_of(&mut *conn, &country).await?,
        )
    } else {
        Default::default()
    };
    drop(conn);
    let serve_choices = if seen.can_write {
        servable(cx, &country, None).await?
    } else {
        Vec::new()
    };
    let checklist = checklist::items(cx, &seen).await?;
    let plans = if seen.can_write {
        followups::targets(cx, &country).await?
    } else {
        Vec::new()
    };
    let status = seen.row.summary.status.clone();
    let next = next_status(&status)
        .filter(|_| seen.can_decide && status != "report_in_review")
        .map(str::to_string);
    Ok(MissionPage {
        objectives_html: html(&seen.row.objectives),
        objectives: seen.row.objectives.clone(),
        instrument,
        team: seen.team.iter().map(|(_, t)| t.clone()).collect(),
        serves,
        visits,
        checklist,
        report,
        approved_revision: seen.row.approved_revision,
        approved_by: seen.row.approved_by.clone(),
        approved_at: seen.row.approved_at,
        follow_ups,
        can_write: seen.can_write,
        can_decide: seen.can_decide,
        next_status: next,
        candidates,
        services,
        serve_choices,
        plans,
        kept: if seen.can_write {
            kept::kept(cx, &scope(id), form).await?
        } else {
            None
        },
        summary: seen.row.summary,
    })
}

/// The missions page: the viewer's missions of `year` (this year by default) as a list
/// and a calendar by country and month; for staff, the new-mission form's choices and
/// their calendar feed.
pub async fn list(
    cx: &Cx,
    year: Option<i32>,
    form: Option<&str>,
) -> Result<crate::model::mission::MissionsPage, ServerError> {
    let user = cx.user()?;
    let sight = sight(&cx.viewer).ok_or(ServerError::Unauthorized)?;
    let pool = &cx.db().pool;
    let this_year: i32 = crate::dates::iso_date(cx.now)[..4].parse().unwrap_or(2026);
    let year = year
        .filter(|y| (1990..=2100).contains(y))
        .unwrap_or(this_year);
    let missions = store::list(
        pool,
        &sight,
        None,
        &format!("{year:04}-01-01"),
        &format!("{year:04}-12-31"),
    )
    .await?;
    let all: Vec<CountryName> = countries::list(pool)
        .await?
        .into_iter()
        .map(CountryName::from)
        .collect();
    let staff = sight.all;
    let (countries, instruments, candidates, feed) = if staff {
        (
            all.clone(),
            store::versions(pool).await?,
            store::candidates(pool)
                .await?
                .into_iter()
                .map(|(_, c)| c)
                .collect(),
            store::feed_of(pool, user.id).await?.map(|t| {
                let origin = cx.state.site_origin.trim_end_matches('/');
                format!("{origin}{}", calendar::feed_path(&t))
            }),
        )
    } else {
        Default::default()
    };
    Ok(crate::model::mission::MissionsPage {
        calendar: calendar::grid(&missions, year),
        missions,
        year,
        staff,
        countries,
        instruments,
        candidates,
        feed,
        kept: if staff {
            kept::kept(cx, &scope(0), form).await?
        } else {
            None
        },
    })
}
