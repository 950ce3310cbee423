//! What someone typed in a form with many fields (a plan's action, a check-in, an
//! indicator's definition or value) that was refused: kept as the form's fields so the page
//! shows them again beside the message, and cleared once the form goes through. One per
//! person, place (`scope`: `plan:12`, `indicator:COV:CO`) and form (`key`); kept with the
//! other typed texts (`compose_drafts`), so never seen by anyone else.

use crate::backend::store::compose::{self, Saved};
use crate::backend::{Cx, ServerError};
use crate::model::plan::KeptForm;

/// The most of a form kept (bytes of its fields as JSON): a whole check-in of a large
/// plan fits, an abusive post does not.
const MAX_KEPT: usize = 512 * 1024;

/// A form's key as pages and handlers name it: `l12` (a line's new action), `a7` (an
/// action), `checkin3` (a check-in), `new` (a new plan, under [`NEW_PLAN`]); anything
/// else is not a form of a plan.
fn valid(key: &str) -> bool {
    (1..=20).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn target(scope: &str, key: &str) -> String {
    format!("{scope}:{key}")
}

/// Keeps the fields of the viewer's refused form `key` in `scope`.
pub async fn keep(
    cx: &Cx,
    scope: &str,
    key: &str,
    fields: &[(String, String)],
) -> Result<(), ServerError> {
    let user = cx.user()?;
    if !valid(key) {
        return Err(ServerError::NotFound);
    }
    let body = serde_json::to_string(fields)
        .map_err(|e| ServerError::Internal(format!("keeping a form: {e}")))?;
    if body.len() > MAX_KEPT {
        return Ok(());
    }
    let saved = Saved {
        title: String::new(),
        body,
    };
    compose::save(&cx.db().pool, user.id, &target(scope, key), &saved, cx.now).await?;
    Ok(())
}

/// The viewer's kept form `key` in `scope`, if any.
pub async fn kept(
    cx: &Cx,
    scope: &str,
    key: Option<&str>,
) -> Result<Option<KeptForm>, ServerError> {
    let (Some(user), Some(key)) = (cx.viewer.user(), key.filter(|k| valid(k))) else {
        return Ok(None);
    };
    let Some(saved) = compose::get(&cx.db().pool, user.id, &target(scope, key)).await? else {
        return Ok(None);
    };
    // Written by `keep` only; anything unreadable is as good as nothing kept.
    Ok(serde_json::from_str(&saved.body)
        .ok()
        .map(|fields| KeptForm {
            key: key.to_string(),
            fields,
        }))
}

/// Forgets the viewer's kept form `key` in `scope` (it went through).
pub async fn clear(cx: &Cx, scope: &str, key: &str) -> Result<(), ServerError> {
    if let Some(user) = cx.viewer.user() {
        compose::delete(&cx.db().pool, user.id, &target(scope, key)).await?;
    }
    Ok(())
}
