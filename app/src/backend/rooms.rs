//! Who may be in which live room: exactly who may see the page behind it, by the same
//! rules (a space's page, a thread — hidden ones for moderators —, a draft), and one's own
//! room for one's notifications. Live updates are for signed-in people.

use super::access::{SignedIn, Viewer};
use super::auth::session;
use super::events::Room;
use super::store::{drafts, spaces, threads, users};
use super::ServerError;
use crate::backend::Cx;

/// The viewer behind a live socket's session as they are now (rights change while a
/// socket stays open), and when the session ends unless used (Unix seconds); `None` once
/// the session has ended (signed out, ended elsewhere, timed out).
pub async fn session_viewer(
    cx: &Cx,
    session_id: &str,
) -> Result<Option<(Viewer, i64)>, ServerError> {
    let policy = cx.state.sessions;
    let Some((user_id, ends)) =
        session::check_id(&cx.db().pool, session_id, policy, cx.now).await?
    else {
        return Ok(None);
    };
    Ok(users::signed_in(&cx.db().pool, user_id).await?.map(|u| {
        let user = SignedIn {
            session_id: session_id.to_string(),
            ..u
        };
        (Viewer::User(user), ends)
    }))
}

/// `Ok` when the viewer may join `room`; "not found" when it does not exist or is hidden
/// from them (the two look alike, as on the pages).
pub async fn may_join(cx: &Cx, room: Room) -> Result<(), ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let slug_of = |space_id: i64| async move {
        spaces::slug_of(&cx.db().pool, space_id)
            .await?
            .ok_or(ServerError::NotFound)
    };
    match room {
        Room::User(id) if id == user.id => Ok(()),
        Room::User(_) | Room::People => Err(ServerError::NotFound),
        Room::Space(id) => {
            super::access::place(cx, &slug_of(id).await?).await?;
            Ok(())
        }
        Room::Thread(id) => {
            let thread = threads::by_id(&cx.db().pool, id)
                .await?
                .ok_or(ServerError::NotFound)?;
            let slug = slug_of(thread.space_id).await?;
            super::access::thread_in(cx, &slug, id).await?;
            Ok(())
        }
        Room::Plan(id) => super::plans::may_see(cx, id).await,
        Room::Draft(id) => {
            let draft = drafts::by_id(&cx.db().pool, id)
                .await?
                .ok_or(ServerError::NotFound)?;
            let slug = slug_of(draft.space_id).await?;
            super::drafts::draft_in(cx, &slug, id).await?;
            Ok(())
        }
    }
}
