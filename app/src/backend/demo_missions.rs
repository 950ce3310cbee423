//! Demo missions: a supervision mission to Peru that visited two of the community mental
//! health centres of Lima assessed in the demo campaign, checked on site the criteria the
//! assessment rated, had its report approved and put two follow-up actions in the Ate
//! centre's improvement plan; and a mission to Jamaica, planned, on its operational plan.
//! The seeds say that such missions happen (seed 000, activity 7), not what any found, so
//! the texts stay general. Everything goes through the same rules as the web.

use sqlx::Row;

use super::demo::as_person;
use super::missions::{self, checklist, followups, report};
use super::state::AppState;
use super::ServerError;
use crate::dates::iso_date;

const DAY: i64 = 86_400;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Loads the two missions when there are none; returns how many it wrote.
pub async fn load_missions(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let pool = &state.db.pool;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM missions")
        .fetch_one(pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(0);
    }
    let centres: Vec<(i64, String)> = sqlx::query(
        "SELECT id, name FROM services WHERE country_code = 'PE' AND region = 'Lima' \
         AND name LIKE 'Centro de salud mental comunitario%' ORDER BY name",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let Some(ate) = centres.iter().find(|(_, n)| n.ends_with(" Ate")).cloned() else {
        return Ok(0);
    };
    let Some(other) = centres.iter().find(|(id, _)| *id != ate.0).cloned() else {
        return Ok(0);
    };
    let version: i64 = sqlx::query(
        "SELECT v.id FROM qa_versions v JOIN qa_instruments i ON i.id = v.instrument_id \
         WHERE i.code = 'peru-cmhc' AND v.number = 1",
    )
    .fetch_one(pool)
    .await?
    .try_get("id")?;
    let plan: Option<i64> = sqlx::query(
        "SELECT id FROM plans WHERE country_code = 'PE' AND service_id = $1 ORDER BY id",
    )
    .bind(ate.0)
    .fetch_optional(pool)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()?;
    let Some(plan) = plan else {
        return Ok(0);
    };

    // Peru: five weeks ago, three days in Lima.
    let starts = iso_date(now - 40 * DAY);
    let ends = iso_date(now - 38 * DAY);
    let staff = as_person(state, "ta.lopez", now - 70 * DAY).await?;
    let version_text = version.to_string();
    let id = missions::create(
        &staff,
        &pairs(&[
            ("country", "PE"),
            (
                "title",
                "Supervision visit to community mental health centres in Lima",
            ),
            ("scope", "service"),
            ("starts_on", &starts),
            ("ends_on", &ends),
            (
                "objectives",
                "- Check on site, with each centre's team, the criteria of the quality \
                 assessment of the community mental health centres.\n\
                 - Agree with the centres and the country's focal point what follows from \
                 what the visit finds.",
            ),
            ("version", &version_text),
            ("member", "ta.lopez"),
        ]),
    )
    .await?;
    let visit = |(s, _): &(i64, String), day: &str| {
        pairs(&[("service", &s.to_string()), ("visit_on", day)])
    };
    checklist::add_visit(&staff, id, &visit(&ate, &starts)).await?;
    checklist::add_visit(&staff, id, &visit(&other, &iso_date(now - 39 * DAY))).await?;
    missions::advance(&staff, id, "planned").await?;
    let on_site = as_person(state, "ta.lopez", now - 40 * DAY).await?;
    missions::advance(&on_site, id, "in_preparation").await?;
    // Every item done: the mission's own, and each criterion checked at both centres.
    let items: Vec<i64> =
        sqlx::query("SELECT id FROM mission_checklist WHERE mission_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, sqlx::Error>>()?;
    for item in items {
        checklist::tick(&on_site, id, item, &pairs(&[("done", "1")])).await?;
    }
    for (service, _) in [&ate, &other] {
        checklist::notes(
            &on_site,
            id,
            *service,
            &pairs(&[(
                "notes",
                "Visit with the centre's director and the head of its addiction service; \
                 criteria checked against the sources of verification the centre showed. \
                 Findings are in the report.",
            )]),
        )
        .await?;
    }
    let writer = as_person(state, "ta.lopez", now - 33 * DAY).await?;
    report::write(
        &writer,
        id,
        &pairs(&[
            (
                "body",
                "## Visits\n\nThe team visited two community mental health centres in Lima \
                 and went through the assessment's criteria with each centre's team.\n\n\
                 ## Findings\n\nWhere the assessment found gaps, the visit confirmed them on \
                 site; the centres' teams agreed on the follow-up below.\n\n\
                 ## Follow-up\n\nTwo actions in the Ate centre's improvement plan.",
            ),
            ("note", "first draft"),
        ]),
    )
    .await?;
    missions::advance(&writer, id, "under_way").await?;
    let approver = as_person(state, "elena.vargas", now - 30 * DAY).await?;
    report::approve(&approver, id, &pairs(&[("revision", "1")])).await?;

    // Two follow-ups in the improvement plan, each closing a criterion it cites.
    let follow = as_person(state, "ta.lopez", now).await?;
    let line: i64 =
        sqlx::query("SELECT id FROM plan_lines WHERE plan_id = $1 ORDER BY position, id")
            .bind(plan)
            .fetch_one(pool)
            .await?
            .try_get("id")?;
    let cited: Vec<(i64, String)> = sqlx::query(
        "SELECT a.criterion_id, a.title FROM plan_actions a WHERE a.plan_id = $1 \
         AND a.criterion_id IS NOT NULL ORDER BY a.position, a.id",
    )
    .bind(plan)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("criterion_id")?, r.try_get("title")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    let line_value = format!("{plan}:{line}");
    let from = iso_date(now);
    let to = iso_date(now + 180 * DAY);
    for (criterion, title) in cited.iter().take(2) {
        let title = format!("Seguimiento de la visita de supervisión: {title}");
        let title: String = title.chars().take(300).collect();
        followups::add(
            &follow,
            id,
            &pairs(&[
                ("line", &line_value),
                ("title", &title),
                ("responsible", &ate.1),
                ("starts_on", &from),
                ("ends_on", &to),
                ("criterion", &criterion.to_string()),
            ]),
        )
        .await?;
    }

    // Jamaica: planned, in six weeks.
    let planner = as_person(state, "ta.lopez", now).await?;
    missions::create(
        &planner,
        &pairs(&[
            ("country", "JM"),
            (
                "title",
                "Technical assistance on the operational plan for treatment",
            ),
            ("scope", "strategy"),
            ("starts_on", &iso_date(now + 42 * DAY)),
            ("ends_on", &iso_date(now + 44 * DAY)),
            (
                "objectives",
                "Work with the country's focal point on its operational plan for the \
                 treatment of substance use disorders.",
            ),
            ("member", "ta.lopez"),
        ]),
    )
    .await?;
    Ok(2)
}
