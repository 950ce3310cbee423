//! A mission's checklist and its visits: the fixed items of its scope are prepared when it
//! is planned; each service added to visit brings the criteria of the mission's assessment
//! instrument, so the team checks on site what the country's assessments rate. The team
//! ticks items with a note, and writes notes of each visit.

use super::{writable, Seen, OPEN};
use crate::backend::form_fields::value;
use crate::backend::plans::{date, text};
use crate::backend::quality::instrument;
use crate::backend::store::missions as store;
use crate::backend::{Cx, ServerError};
use crate::model::mission::ChecklistItem;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

const MAX_NOTE: usize = 2_000;
const MAX_NOTES: usize = 20_000;

/// The checklist as the page shows it, criteria named from the instrument.
pub(crate) async fn items(cx: &Cx, seen: &Seen) -> Result<Vec<ChecklistItem>, ServerError> {
    let rows = store::checklist(&cx.db().pool, seen.row.summary.id).await?;
    let criteria = match seen.row.version_id {
        Some(v) if rows.iter().any(|r| r.3.is_some()) => Some(instrument(cx, v).await?),
        _ => None,
    };
    Ok(rows
        .into_iter()
        .map(|(id, item, service, criterion, done, note, done_by)| {
            let c = criterion.and_then(|c| criteria.as_ref()?.criteria().find(|x| x.id == c));
            ChecklistItem {
                id,
                item,
                service,
                criterion_code: c.map(|c| c.code.clone()).unwrap_or_default(),
                criterion_text: c.map(|c| c.text.clone()).unwrap_or_default(),
                done,
                note,
                done_by,
            }
        })
        .collect())
}

/// The team adds a service of the country to visit (before the mission's report), with
/// the day of the visit if known; the instrument's criteria join the checklist for it.
pub async fn add_visit(cx: &Cx, id: i64, pairs: &[(String, String)]) -> Result<(), ServerError> {
    let seen = writable(cx, id, &["planned", "in_preparation", "under_way"]).await?;
    let pool = &cx.db().pool;
    let service: i64 = value(pairs, "service")
        .trim()
        .parse()
        .map_err(|_| FieldRefusal::new("service", Problem::Required))?;
    let country = &seen.row.summary.country.code;
    if !store::services_of(pool, country)
        .await?
        .iter()
        .any(|(s, _)| *s == service)
    {
        return Err(Refusal::ServiceCountry.into());
    }
    let visit_on = match value(pairs, "visit_on").trim() {
        "" => None,
        d => {
            let d = date("visit_on", d)?;
            if d < seen.row.summary.starts_on.as_str() || d > seen.row.summary.ends_on.as_str() {
                return Err(FieldRefusal::new("visit_on", Problem::Format).into());
            }
            Some(d)
        }
    };
    let version = seen
        .row
        .version_id
        .ok_or(FieldRefusal::new("version", Problem::Required))?;
    let criteria: Vec<i64> = instrument(cx, version)
        .await?
        .criteria()
        .map(|c| c.id)
        .collect();
    let mut change = cx.change().await?;
    if !store::add_visit(change.conn(), id, service, visit_on).await? {
        // Already visited: nothing to add twice.
        return Ok(());
    }
    let items: Vec<(&str, Option<i64>, Option<i64>)> = criteria
        .iter()
        .map(|c| ("", Some(service), Some(*c)))
        .collect();
    store::add_items(change.conn(), id, &items).await?;
    change.commit().await?;
    Ok(())
}

/// The team ticks (or unticks) a checklist item, with a note, until the mission closes.
pub async fn tick(
    cx: &Cx,
    id: i64,
    item: i64,
    pairs: &[(String, String)],
) -> Result<(), ServerError> {
    writable(cx, id, &OPEN).await?;
    let user = cx.user()?.id;
    let done = value(pairs, "done") == "1";
    let note = text("note", value(pairs, "note"), MAX_NOTE, false)?;
    let mut change = cx.change().await?;
    if !store::set_item(change.conn(), id, item, done, note, user, cx.now).await? {
        return Err(ServerError::NotFound);
    }
    change.commit().await?;
    Ok(())
}

/// The team writes the notes of a visit (markdown) while the mission is under way or its
/// report in review.
pub async fn notes(
    cx: &Cx,
    id: i64,
    service: i64,
    pairs: &[(String, String)],
) -> Result<(), ServerError> {
    writable(cx, id, &["under_way", "report_in_review"]).await?;
    let user = cx.user()?.id;
    let notes = text("notes", value(pairs, "notes"), MAX_NOTES, true)?;
    let mut change = cx.change().await?;
    if !store::set_notes(change.conn(), id, service, notes, user, cx.now).await? {
        return Err(ServerError::NotFound);
    }
    change.commit().await?;
    Ok(())
}
