//! Follow-up actions: the team turns a finding of the mission into an action of one of the
//! country's plans — its operational plan or a service's improvement plan (where the
//! action cites the criterion it closes) — through the plans' own rules (the plan must be
//! open to changes and the viewer allowed to write it), with the mission recorded on the
//! action. A plan of another country is refused.

use super::writable;
use crate::backend::form_fields::value;
use crate::backend::plans::{add_action_from, open_plans_of, ActionInput};
use crate::backend::quality::improvement;
use crate::backend::store::plans as plans_store;
use crate::backend::{Cx, ServerError};
use crate::model::mission::PlanTarget;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// The plans of `country` a follow-up may go to, with their lines and criteria.
pub(crate) async fn targets(cx: &Cx, country: &str) -> Result<Vec<PlanTarget>, ServerError> {
    let mut out = Vec::new();
    for plan in open_plans_of(cx, country).await? {
        let mut conn = cx.db().pool.acquire().await?;
        let tree = plans_store::tree(&mut conn, plan.summary.id).await?;
        drop(conn);
        let criteria = improvement::of_plan(cx, &plan)
            .await?
            .map(|i| i.criteria)
            .unwrap_or_default();
        out.push(PlanTarget {
            id: plan.summary.id,
            title: plan.summary.title.clone(),
            lines: tree
                .lines
                .into_iter()
                .map(|(id, _, title, _)| (id, title))
                .collect(),
            criteria,
        });
    }
    Ok(out)
}

/// Adds the follow-up action the form describes (`line` as `PLAN:LINE`); returns the plan
/// and the action's ids.
pub async fn add(cx: &Cx, id: i64, pairs: &[(String, String)]) -> Result<(i64, i64), ServerError> {
    let seen = writable(cx, id, &["under_way", "report_in_review", "closed"]).await?;
    let (plan, line) = value(pairs, "line")
        .split_once(':')
        .and_then(|(p, l)| Some((p.trim().parse::<i64>().ok()?, l.trim().parse::<i64>().ok()?)))
        .ok_or(FieldRefusal::new("line", Problem::Required))?;
    let row = plans_store::by_id(&cx.db().pool, plan)
        .await?
        .ok_or(FieldRefusal::new("line", Problem::Choice))?;
    if row.summary.country.code != seen.row.summary.country.code {
        return Err(Refusal::MissionPlanCountry.into());
    }
    let field = |name: &str| value(pairs, name).to_string();
    let input = ActionInput {
        title: field("title"),
        responsible: field("responsible"),
        starts_on: field("starts_on"),
        ends_on: field("ends_on"),
        indicator: field("indicator"),
        target: field("target"),
        criterion: field("criterion"),
        ..ActionInput::default()
    };
    let action = add_action_from(cx, plan, line, &input, Some(id)).await?;
    Ok((plan, action))
}
