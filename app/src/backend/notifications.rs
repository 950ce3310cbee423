//! The notification centre (what concerns me, newest first, with the unread count) and
//! how closely each person follows a space (watching, normal, muted).

use crate::backend::access::{self};
use crate::backend::store::{notifications, spaces};
use crate::backend::Cx;
use crate::backend::ServerError;
use crate::model::profile::{Notifications, WatchLevel};
use crate::model::refusal::Refusal;

pub async fn centre(cx: &Cx) -> Result<Notifications, ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let items = notifications::recent(&cx.db().pool, me.id, 100).await?;
    let unread = items.iter().filter(|n| !n.read).count() as i64;
    Ok(Notifications { items, unread })
}

pub async fn mark_all_read(cx: &Cx) -> Result<(), ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    notifications::mark_all_read(&cx.db().pool, me.id, cx.now).await?;
    Ok(())
}

/// The viewer's watch level for a space they may see.
pub async fn watch_level(cx: &Cx, space_id: i64) -> Result<Option<WatchLevel>, ServerError> {
    Ok(match cx.viewer.user() {
        Some(me) => Some(notifications::watch_level(&cx.db().pool, me.id, space_id).await?),
        None => None,
    })
}

pub async fn set_watch_level(cx: &Cx, slug: &str, level: &str) -> Result<(), ServerError> {
    let me = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = spaces::by_slug(&cx.db().pool, slug)
        .await?
        .filter(|s| access::can_view_space(&cx.viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)?;
    let level = WatchLevel::parse(level).ok_or_else(|| ServerError::from(Refusal::Level))?;
    notifications::set_watch_level(&cx.db().pool, me.id, space.id, level).await?;
    Ok(())
}
