//! Demo operational plans, written through the same functions as the web: Colombia's plan,
//! approved about five and a half months ago, with its 1- and 3-month check-ins submitted
//! (its 90-day retention action red, linked to Colombia's demo request about that
//! indicator) and the 6-month one due in about two weeks; and Peru's plan in draft.
//!
//! The texts follow the programme's own documents (seeds and DOMAIN.md): objectives and
//! actions name what the programme does, without budgets, baselines or targets the
//! documents do not give.

use super::plans::{self, ActionInput, ApprovalInput, EntryInput, NewPlanInput};
use super::store::plans::{self as store, Part};
use super::{AppState, ServerError};

struct DemoAction {
    title: &'static str,
    responsible: &'static str,
    indicator: &'static str,
    /// The defined indicator it is measured by (its code), or "".
    indicator_code: &'static str,
    /// Months after the plan's start: when it starts and ends.
    months: (i64, i64),
    /// Its line in the 1- and 3-month check-ins: status, percent, rating.
    checkins: [(&'static str, i64, &'static str); 2],
}

struct DemoLine {
    title: &'static str,
    domain: &'static str,
    actions: &'static [DemoAction],
}

struct DemoObjective {
    title: &'static str,
    lines: &'static [DemoLine],
}

const COLOMBIA: &[DemoObjective] = &[
    DemoObjective {
        title: "Mejorar la calidad de los servicios de tratamiento según los estándares internacionales",
        lines: &[DemoLine {
            title: "Evaluación de la calidad de los servicios",
            domain: "treatment",
            actions: &[DemoAction {
                title: "Adaptar un instrumento de evaluación de estándares de calidad",
                responsible: "Ministerio de Salud y Protección Social",
                indicator: "",
                indicator_code: "",
                months: (0, 6),
                checkins: [("in_progress", 20, "green"), ("in_progress", 50, "green")],
            }],
        }],
    },
    DemoObjective {
        title: "Contar con información sobre los indicadores de tratamiento",
        lines: &[DemoLine {
            title: "Disponibilidad de datos de tratamiento",
            domain: "information",
            actions: &[DemoAction {
                title: "Medir la retención a 90 días en los centros con financiación nacional",
                responsible: "Ministerio de Salud y Protección Social",
                indicator: "Retención a 90 días",
                indicator_code: "RET-90",
                months: (0, 12),
                checkins: [("not_started", 0, "amber"), ("delayed", 5, "red")],
            }],
        }],
    },
    DemoObjective {
        title: "Fortalecer la capacidad del personal de salud",
        lines: &[DemoLine {
            title: "Formación del personal",
            domain: "workforce",
            actions: &[DemoAction {
                title: "Formar a equipos de atención primaria en tamizaje e intervención breve",
                responsible: "Ministerio de Salud y Protección Social",
                indicator: "",
                indicator_code: "",
                months: (1, 9),
                checkins: [("in_progress", 10, "green"), ("in_progress", 35, "amber")],
            }],
        }],
    },
];

const PERU: &[DemoObjective] = &[DemoObjective {
    title: "Cerrar las brechas de calidad de los centros de salud mental comunitarios",
    lines: &[DemoLine {
        title: "Planes de mejora a partir de la evaluación",
        domain: "treatment",
        actions: &[DemoAction {
            title: "Elaborar un plan de mejora por centro evaluado",
            responsible: "Ministerio de Salud",
            indicator: "",
            indicator_code: "",
            months: (0, 12),
            checkins: [("not_started", 0, "green"), ("not_started", 0, "green")],
        }],
    }],
}];

/// Writes a plan's tree through the web's own functions.
async fn write_tree(
    cx: &super::Cx,
    id: i64,
    starts: &str,
    tree: &[DemoObjective],
) -> Result<(), ServerError> {
    let month = |m: i64| super::plans::add_months(starts, m);
    for o in tree {
        plans::add_objective(cx, id, o.title).await?;
        let objective = *store::part_ids(&cx.db().pool, Part::Objective, id)
            .await?
            .last()
            .ok_or(ServerError::NotFound)?;
        for l in o.lines {
            plans::add_line(cx, id, objective, l.title, l.domain).await?;
            let line = *store::part_ids(&cx.db().pool, Part::Line, id)
                .await?
                .last()
                .ok_or(ServerError::NotFound)?;
            for a in l.actions {
                let input = ActionInput {
                    title: a.title.into(),
                    responsible: a.responsible.into(),
                    starts_on: month(a.months.0),
                    ends_on: month(a.months.1),
                    indicator: a.indicator.into(),
                    indicator_code: a.indicator_code.into(),
                    ..ActionInput::default()
                };
                plans::add_action(cx, id, line, &input).await?;
            }
        }
    }
    Ok(())
}

/// Loads the demo plans when there are none yet; returns how many it wrote.
pub async fn load_plans(state: &AppState, now: i64) -> Result<usize, ServerError> {
    let existing: i64 = sqlx::Row::try_get(
        &sqlx::query("SELECT COUNT(*) AS n FROM plans")
            .fetch_one(&state.db.pool)
            .await?,
        "n",
    )?;
    if existing > 0 {
        return Ok(0);
    }
    let day = |t: i64| crate::dates::iso_date(t);
    // Approved 177 days ago: the 6-month check-in falls due within the week (its focal
    // point is told so), the 1- and 3-month ones are past.
    let approved = now - 177 * 86_400;
    let starts = day(approved - 30 * 86_400);
    let carlos = super::demo::as_person(state, "carlos.mejia", now).await?;
    let colombia = plans::create(
        &carlos,
        &NewPlanInput {
            space: "colombia-plan-operativo".into(),
            title: format!(
                "Colombia {}–{}",
                &starts[..4],
                starts[..4].parse::<i64>().unwrap_or(2026) + 1
            ),
            starts_on: starts.clone(),
            ends_on: super::plans::add_months(&starts, 24),
            language: "es".into(),
        },
    )
    .await?;
    write_tree(&carlos, colombia, &starts, COLOMBIA).await?;
    plans::submit(&carlos, colombia).await?;
    let staff = super::demo::as_person(state, "ta.lopez", now).await?;
    plans::approve(
        &staff,
        colombia,
        &ApprovalInput {
            authority: "Ministerio de Salud y Protección Social".into(),
            approved_on: day(approved),
            reference: String::new(),
        },
    )
    .await?;
    let actions = store::part_ids(&state.db.pool, Part::Action, colombia).await?;
    let all: Vec<&DemoAction> = COLOMBIA
        .iter()
        .flat_map(|o| o.lines.iter())
        .flat_map(|l| l.actions.iter())
        .collect();
    for (i, months) in [1, 3].into_iter().enumerate() {
        let entries: Vec<EntryInput> = actions
            .iter()
            .zip(&all)
            .map(|(id, a)| {
                let (status, percent, rag) = a.checkins[i];
                EntryInput {
                    action_id: *id,
                    status: status.into(),
                    percent: percent.to_string(),
                    rag: rag.into(),
                    ..EntryInput::default()
                }
            })
            .collect();
        plans::save_checkin(&carlos, colombia, months, &entries, true).await?;
    }
    // Colombia's demo request about the 90-day retention indicator came from its red action.
    if let (Some(action), Some(request)) = (
        actions.get(1),
        super::store::requests::id_by_title(
            &state.db.pool,
            "Definición del indicador de retención a 90 días",
        )
        .await?,
    ) {
        super::store::requests::link_action(&state.db.pool, request, *action).await?;
    }

    let ana = super::demo::as_person(state, "ana.quispe", now).await?;
    let peru_starts = day(now);
    let peru = plans::create(
        &ana,
        &NewPlanInput {
            space: "peru-treatment-quality".into(),
            title: format!("Perú {}", &peru_starts[..4]),
            starts_on: peru_starts.clone(),
            ends_on: super::plans::add_months(&peru_starts, 12),
            language: "es".into(),
        },
    )
    .await?;
    write_tree(&ana, peru, &peru_starts, PERU).await?;
    Ok(2)
}
