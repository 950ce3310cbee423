//! The difference between two versions of a plan: each version keeps the whole plan as
//! text (one fact per line), so any two compare line by line, with words marked inside
//! small changes — bounded like a draft's diff and run in the heavy-work pool.

use super::visible;
use crate::backend::draft_diffs::diff_lines;
use crate::backend::store::plans as store;
use crate::backend::{Cx, ServerError};
use crate::model::plan::PlanDiff;

/// The diff from version `from` to `to` (None: the one before `to`, and the latest).
pub async fn diff(
    cx: &Cx,
    id: i64,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<PlanDiff, ServerError> {
    let seen = visible(cx, id).await?;
    let pool = &cx.db().pool;
    let versions = store::versions(pool, id).await?;
    let latest = versions.first().map(|v| v.number).unwrap_or(1);
    let to = to.unwrap_or(latest);
    let from = from.unwrap_or((to - 1).max(1));
    let old = store::snapshot(pool, id, from)
        .await?
        .ok_or(ServerError::NotFound)?;
    let new = store::snapshot(pool, id, to)
        .await?
        .ok_or(ServerError::NotFound)?;
    let (lines, added, removed, _) = cx
        .state
        .caches
        .heavy
        .run(move || diff_lines(&old, &new))
        .await?;
    Ok(PlanDiff {
        plan: seen.row.summary,
        from,
        to,
        versions,
        lines,
        added,
        removed,
    })
}
