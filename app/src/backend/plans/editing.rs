//! Writing a plan: starting one in a country's space, adding objectives, lines of action
//! and actions, and changing an action. Only a plan in draft (or returned) changes in
//! place; an approved one needs a new revision first (`decisions::revise`).

use super::{date, text, version, writable, Seen};
use crate::backend::access;
use crate::backend::store::plans::{self as store, ActionFields, NewPlan, Part, PlanRow};
use crate::backend::store::{indicators as indicators_store, missions as missions_store, spaces};
use crate::backend::{Cx, ServerError};
use crate::model::plan::parse_amount;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

const MAX_TITLE: usize = 300;
const MAX_FIELD: usize = 300;
const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];

/// What the new-plan form sends.
#[derive(Clone, Debug, Default)]
pub struct NewPlanInput {
    pub space: String,
    pub title: String,
    pub starts_on: String,
    pub ends_on: String,
    pub language: String,
}

/// What an action's form sends.
#[derive(Clone, Debug, Default)]
pub struct ActionInput {
    pub title: String,
    pub responsible: String,
    pub co_responsible: String,
    pub starts_on: String,
    pub ends_on: String,
    pub budget: String,
    pub currency: String,
    pub funding_source: String,
    pub indicator: String,
    /// The code of a defined indicator the action is measured by (its check-ins' values
    /// are recorded as the country's values of it); empty for none.
    pub indicator_code: String,
    pub baseline: String,
    pub baseline_year: String,
    pub target: String,
    /// In an improvement plan, the id of the assessment criterion the action closes.
    pub criterion: String,
    /// The id of the catalogue's funding mechanism it names; empty for none.
    pub funding: String,
}

/// Spaces (slug, name) of a country the viewer may start a plan in: ones they may see and
/// whose country's plans they may write (focal points, staff, the space's participants).
pub(super) async fn spaces_to_start_in(cx: &Cx) -> Result<Vec<(String, String)>, ServerError> {
    spaces_for(cx, None).await
}

/// The same, for one country's spaces only (`country` Some), or for every country's.
pub(crate) async fn spaces_for(
    cx: &Cx,
    only: Option<&str>,
) -> Result<Vec<(String, String)>, ServerError> {
    if cx.viewer.user().is_none() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for s in spaces::list_visible(&cx.db().pool, &cx.viewer, 500).await? {
        let Some(country) = s.country.as_ref() else {
            continue;
        };
        if s.archived || s.ta_country.is_some() || only.is_some_and(|o| o != country.code) {
            continue;
        }
        let place = access::place(cx, &s.slug).await?;
        if access::can_edit_plan(&cx.viewer, Some(&place), &country.code) {
            out.push((s.slug.clone(), s.name.clone()));
        }
    }
    Ok(out)
}

/// Checks an end date is not before its start.
fn in_order(starts: &str, ends: &str) -> Result<(), ServerError> {
    if ends < starts {
        return Err(Refusal::DateOrder.into());
    }
    Ok(())
}

/// Starts a plan in a space of its country; returns its id.
pub async fn create(cx: &Cx, input: &NewPlanInput) -> Result<i64, ServerError> {
    let user = cx.user()?;
    let slug = input.space.trim();
    let allowed = spaces_to_start_in(cx).await?;
    if !allowed.iter().any(|(s, _)| s == slug) {
        return Err(Refusal::PlanSpace.into());
    }
    let place = access::place(cx, slug).await?;
    let country = place
        .space
        .country
        .as_ref()
        .map(|c| c.code.clone())
        .ok_or(Refusal::PlanSpace)?;
    let title = text("title", &input.title, MAX_TITLE, true)?;
    let starts_on = date("starts_on", &input.starts_on)?;
    let ends_on = date("ends_on", &input.ends_on)?;
    in_order(starts_on, ends_on)?;
    let language = input.language.trim();
    if !LANGUAGES.contains(&language) {
        return Err(FieldRefusal::new("language", Problem::Choice).into());
    }
    let mut change = cx.change().await?;
    let id = store::insert(
        change.conn(),
        &NewPlan {
            country: &country,
            space_id: place.space.id,
            title,
            starts_on,
            ends_on,
            language,
            author: user.id,
            improvement: None,
        },
        cx.now,
    )
    .await?;
    version(cx, &mut change, id, "started", false).await?;
    change.commit().await?;
    Ok(id)
}

/// The plan for changing its text: writable and in draft or returned.
pub(super) async fn open_for_edit(cx: &Cx, id: i64) -> Result<Seen, ServerError> {
    let seen = writable(cx, id).await?;
    if !seen.row.summary.status.editable() {
        return Err(Refusal::PlanFrozen.into());
    }
    Ok(seen)
}

/// Refuses a part that is not the plan's own (a made-up id): "not found".
pub(super) async fn own(cx: &Cx, part: Part, part_id: i64, plan: i64) -> Result<(), ServerError> {
    if store::belongs(&cx.db().pool, part, part_id, plan).await? {
        Ok(())
    } else {
        Err(ServerError::NotFound)
    }
}

pub async fn add_objective(cx: &Cx, id: i64, title: &str) -> Result<(), ServerError> {
    open_for_edit(cx, id).await?;
    let title = text("objective", title, MAX_TITLE, true)?;
    let mut change = cx.change().await?;
    store::add_objective(change.conn(), id, title).await?;
    version(
        cx,
        &mut change,
        id,
        &format!("objective added: {title}"),
        false,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

pub async fn add_line(
    cx: &Cx,
    id: i64,
    objective: i64,
    title: &str,
    domain: &str,
) -> Result<(), ServerError> {
    open_for_edit(cx, id).await?;
    own(cx, Part::Objective, objective, id).await?;
    let title = text("line", title, MAX_TITLE, true)?;
    let domains = store::domains(&cx.db().pool).await?;
    let domain = domain.trim();
    if !domains.iter().any(|d| d.code == domain) {
        return Err(FieldRefusal::new("domain", Problem::Choice).into());
    }
    let mut change = cx.change().await?;
    store::add_line(change.conn(), id, objective, title, domain).await?;
    version(
        cx,
        &mut change,
        id,
        &format!("line of action added: {title}"),
        false,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// An action's fields, checked: every problem names its field.
async fn check_action<'a>(
    cx: &Cx,
    plan: &PlanRow,
    a: &'a ActionInput,
) -> Result<ActionFields<'a>, ServerError> {
    let title = text("title", &a.title, MAX_TITLE, true)?;
    let responsible = text("responsible", &a.responsible, MAX_FIELD, true)?;
    let co_responsible = text("co_responsible", &a.co_responsible, MAX_FIELD, false)?;
    let starts_on = date("starts_on", &a.starts_on)?;
    let ends_on = date("ends_on", &a.ends_on)?;
    in_order(starts_on, ends_on)?;
    let budget_minor =
        parse_amount(&a.budget).map_err(|_| FieldRefusal::new("budget", Problem::Format))?;
    let currency = a.currency.trim();
    let currency = match (budget_minor, currency) {
        (_, "") if budget_minor.is_none() => None,
        (Some(_), "") => return Err(FieldRefusal::new("currency", Problem::Required).into()),
        (_, c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c),
        _ => return Err(FieldRefusal::new("currency", Problem::Format).into()),
    };
    let baseline_year = match a.baseline_year.trim() {
        "" => None,
        y => Some(
            y.parse::<i64>()
                .ok()
                .filter(|y| (1950..=2100).contains(y))
                .ok_or(FieldRefusal::new("baseline_year", Problem::Format))?,
        ),
    };
    Ok(ActionFields {
        title,
        responsible,
        co_responsible,
        starts_on,
        ends_on,
        budget_minor,
        currency,
        funding_source: text("funding_source", &a.funding_source, MAX_FIELD, false)?,
        indicator: text("indicator", &a.indicator, MAX_FIELD, false)?,
        indicator_id: match a.indicator_code.trim() {
            "" => None,
            code => Some(
                indicators_store::definition(&cx.db().pool, &code.to_ascii_uppercase())
                    .await?
                    .ok_or(FieldRefusal::new("indicator_code", Problem::Choice))?
                    .id,
            ),
        },
        criterion_id: crate::backend::quality::improvement::cited(cx, plan, &a.criterion).await?,
        funding_id: crate::backend::funding::cited(cx, plan, &a.funding).await?,
        baseline: text("baseline", &a.baseline, 100, false)?,
        baseline_year,
        target: text("target", &a.target, 100, false)?,
    })
}

pub async fn add_action(cx: &Cx, id: i64, line: i64, a: &ActionInput) -> Result<i64, ServerError> {
    add_action_from(cx, id, line, a, None).await
}

/// Adds an action, as the follow-up of `mission` when it is Some: the action and its link
/// to the mission are written together or not at all. The caller checks the mission.
pub(crate) async fn add_action_from(
    cx: &Cx,
    id: i64,
    line: i64,
    a: &ActionInput,
    mission: Option<i64>,
) -> Result<i64, ServerError> {
    let seen = open_for_edit(cx, id).await?;
    own(cx, Part::Line, line, id).await?;
    let fields = check_action(cx, &seen.row, a).await?;
    let mut change = cx.change().await?;
    let action = store::add_action(change.conn(), id, line, &fields).await?;
    let summary = match mission {
        Some(m) => {
            missions_store::set_follow_up(change.conn(), action, m).await?;
            format!("action added from mission {m}: {}", fields.title)
        }
        None => format!("action added: {}", fields.title),
    };
    version(cx, &mut change, id, &summary, false).await?;
    change.commit().await?;
    Ok(action)
}

/// The plans of `country` the viewer may add actions to now: in draft or returned, and
/// theirs to write.
pub(crate) async fn open_plans_of(cx: &Cx, country: &str) -> Result<Vec<PlanRow>, ServerError> {
    let condition = if access::is_staff(&cx.viewer) {
        "1 = 1".to_string()
    } else {
        access::visible_spaces_sql(&cx.viewer)
    };
    let mut out = Vec::new();
    for p in store::list(&cx.db().pool, &condition).await? {
        if p.summary.country.code != country || !p.summary.status.editable() {
            continue;
        }
        match open_for_edit(cx, p.summary.id).await {
            Ok(_) => out.push(p),
            Err(ServerError::Forbidden | ServerError::NotFound | ServerError::Refused(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

pub async fn update_action(
    cx: &Cx,
    id: i64,
    action: i64,
    a: &ActionInput,
) -> Result<(), ServerError> {
    let seen = open_for_edit(cx, id).await?;
    own(cx, Part::Action, action, id).await?;
    let fields = check_action(cx, &seen.row, a).await?;
    let mut change = cx.change().await?;
    store::update_action(change.conn(), id, action, &fields).await?;
    version(
        cx,
        &mut change,
        id,
        &format!("action changed: {}", fields.title),
        false,
    )
    .await?;
    change.commit().await?;
    Ok(())
}
