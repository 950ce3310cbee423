//! Who may be in which live room: exactly who may see the page behind it, by the same
//! rules (a space's page, a thread — hidden ones for moderators —, a draft), and one's own
//! room for one's notifications. Live updates are for signed-in people.

use super::access::{SignedIn, Viewer};
use super::auth::{session, SessionPolicy};
use super::events::Room;
use super::store::{drafts, spaces, threads, users};
use super::{discussion, Db, ServerError};

/// The viewer behind a live socket's session as they are now (rights change while a
/// socket stays open), and when the session ends unless used (Unix seconds); `None` once
/// the session has ended (signed out, ended elsewhere, timed out).
pub async fn session_viewer(
    db: &Db,
    session_id: &str,
    policy: SessionPolicy,
    now: i64,
) -> Result<Option<(Viewer, i64)>, ServerError> {
    let Some((user_id, ends)) = session::check_id(&db.pool, session_id, policy, now).await? else {
        return Ok(None);
    };
    Ok(users::signed_in(&db.pool, user_id).await?.map(|u| {
        let user = SignedIn {
            session_id: session_id.to_string(),
            ..u
        };
        (Viewer::User(user), ends)
    }))
}

/// `Ok` when the viewer may join `room`; "not found" when it does not exist or is hidden
/// from them (the two look alike, as on the pages).
pub async fn may_join(db: &Db, viewer: &Viewer, room: Room) -> Result<(), ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let slug_of = |space_id: i64| async move {
        spaces::slug_of(&db.pool, space_id)
            .await?
            .ok_or(ServerError::NotFound)
    };
    match room {
        Room::User(id) if id == user.id => Ok(()),
        Room::User(_) | Room::People => Err(ServerError::NotFound),
        Room::Space(id) => {
            discussion::place(db, viewer, &slug_of(id).await?).await?;
            Ok(())
        }
        Room::Thread(id) => {
            let thread = threads::by_id(&db.pool, id)
                .await?
                .ok_or(ServerError::NotFound)?;
            let slug = slug_of(thread.space_id).await?;
            discussion::thread_in(db, viewer, &slug, id).await?;
            Ok(())
        }
        Room::Draft(id) => {
            let draft = drafts::by_id(&db.pool, id)
                .await?
                .ok_or(ServerError::NotFound)?;
            let slug = slug_of(draft.space_id).await?;
            super::drafts::draft_in(db, viewer, &slug, id).await?;
            Ok(())
        }
    }
}
