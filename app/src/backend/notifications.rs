//! The notification centre (what concerns me, newest first, with the unread count) and
//! how closely each person follows a space (watching, normal, muted).

use crate::backend::access::{self, Viewer};
use crate::backend::store::{notifications, spaces};
use crate::backend::{Db, ServerError};
use crate::model::profile::{Notifications, WatchLevel};

pub const REFUSED_LEVEL: &str = "level";

pub async fn centre(db: &Db, viewer: &Viewer) -> Result<Notifications, ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let items = notifications::recent(&db.pool, me.id, 100).await?;
    let unread = items.iter().filter(|n| !n.read).count() as i64;
    Ok(Notifications { items, unread })
}

pub async fn mark_all_read(db: &Db, viewer: &Viewer, now: i64) -> Result<(), ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    notifications::mark_all_read(&db.pool, me.id, now).await?;
    Ok(())
}

/// The viewer's watch level for a space they may see.
pub async fn watch_level(
    db: &Db,
    viewer: &Viewer,
    space_id: i64,
) -> Result<Option<WatchLevel>, ServerError> {
    Ok(match viewer.user() {
        Some(me) => Some(notifications::watch_level(&db.pool, me.id, space_id).await?),
        None => None,
    })
}

pub async fn set_watch_level(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    level: &str,
) -> Result<(), ServerError> {
    let me = viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = spaces::by_slug(&db.pool, slug)
        .await?
        .filter(|s| access::can_view_space(viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)?;
    let level =
        WatchLevel::parse(level).ok_or_else(|| ServerError::Invalid(REFUSED_LEVEL.into()))?;
    notifications::set_watch_level(&db.pool, me.id, space.id, level).await?;
    Ok(())
}
