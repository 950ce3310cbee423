//! Canned replies: answers staff give often, in any language, ready to insert into a
//! request's reply box.

use super::staff;
use crate::backend::discussion;
use crate::backend::store::requests as store;
use crate::backend::{Cx, ServerError};
use crate::model::refusal::Refusal;
use crate::model::request::CannedReply;

pub const MAX_CANNED_TITLE_CHARS: usize = 120;

pub async fn canned(cx: &Cx) -> Result<Vec<CannedReply>, ServerError> {
    staff(cx)?;
    Ok(store::canned(&cx.db().pool).await?)
}

/// Writes a canned reply (`id` None: a new one).
pub async fn save_canned(
    cx: &Cx,
    id: Option<i64>,
    title: &str,
    body: &str,
) -> Result<(), ServerError> {
    let user = staff(cx)?;
    let title = title.trim();
    if title.is_empty()
        || title.chars().count() > MAX_CANNED_TITLE_CHARS
        || title.chars().any(char::is_control)
    {
        return Err(Refusal::Canned.into());
    }
    discussion::check_body(body, cx.max_post_bytes())?;
    if !store::save_canned(&cx.db().pool, id, title, body, user.id, cx.now).await? {
        return Err(ServerError::NotFound);
    }
    Ok(())
}

pub async fn delete_canned(cx: &Cx, id: i64) -> Result<(), ServerError> {
    staff(cx)?;
    if !store::delete_canned(&cx.db().pool, id).await? {
        return Err(ServerError::NotFound);
    }
    Ok(())
}
