//! Who belongs to a space and in what role: the rules for viewing the members, adding,
//! removing and re-roling them, and asking to join. Owners of the space and platform
//! admins manage members; everyone else may only ask to join, or leave. Every change is
//! one transaction with its audit entry.

use crate::backend::access::{self, SignedIn, Viewer};
use crate::backend::events::{self, Room};
use crate::backend::store::{audit, members, spaces, users};
use crate::backend::{Db, ServerError};
use crate::model::space::{Membership, Space, SpaceRole, Visibility};

// Refusals carry a short code, which the space page turns into a message in the reader's
// language (`membership.error_{code}`).
pub const REFUSED_UNKNOWN_USER: &str = "unknown_user";
pub const REFUSED_NOT_MEMBER: &str = "not_member";
pub const REFUSED_LAST_OWNER: &str = "last_owner";
pub const REFUSED_ALREADY_MEMBER: &str = "already_member";
pub const REFUSED_ALREADY_REQUESTED: &str = "already_requested";
pub const REFUSED_TOO_LONG: &str = "too_long";
pub const REFUSED_NO_REQUEST: &str = "no_request";

pub const REFUSED_BAD_ROLE: &str = "bad_role";

fn parse_role(s: &str) -> Result<SpaceRole, ServerError> {
    SpaceRole::parse(s).ok_or_else(|| ServerError::Invalid(REFUSED_BAD_ROLE.into()))
}

/// The space, if the viewer may see it; otherwise "not found", revealing nothing.
async fn visible_space(db: &Db, viewer: &Viewer, slug: &str) -> Result<Space, ServerError> {
    spaces::by_slug(&db.pool, slug)
        .await?
        .filter(|s| access::can_view_space(viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)
}

/// Owners of the space and platform admins manage its members.
pub(crate) async fn may_manage(
    db: &Db,
    user: &SignedIn,
    space_id: i64,
) -> Result<bool, ServerError> {
    Ok(access::is_admin(&Viewer::User(user.clone()))
        || members::role_of(&db.pool, space_id, user.id).await? == Some(SpaceRole::Owner))
}

/// The space and the signed-in viewer, who must manage it.
async fn managed_space<'v>(
    db: &Db,
    viewer: &'v Viewer,
    slug: &str,
) -> Result<(Space, &'v SignedIn), ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = visible_space(db, viewer, slug).await?;
    if !may_manage(db, user, space.id).await? {
        return Err(ServerError::Forbidden);
    }
    Ok((space, user))
}

pub async fn view(db: &Db, viewer: &Viewer, slug: &str) -> Result<Membership, ServerError> {
    let space = visible_space(db, viewer, slug).await?;
    let Some(user) = viewer.user() else {
        return Ok(Membership {
            members: Vec::new(),
            requests: Vec::new(),
            my_role: None,
            can_manage: false,
            requested: false,
            signed_in: false,
        });
    };
    let can_manage = may_manage(db, user, space.id).await?;
    Ok(Membership {
        members: members::list(&db.pool, space.id).await?,
        requests: if can_manage {
            members::requests(&db.pool, space.id).await?
        } else {
            Vec::new()
        },
        my_role: members::role_of(&db.pool, space.id, user.id).await?,
        can_manage,
        requested: members::has_requested(&db.pool, space.id, user.id).await?,
        signed_in: true,
    })
}

fn detail(space: &Space, username: &str, role: Option<SpaceRole>) -> String {
    match role {
        Some(r) => format!("space={} user={username} role={}", space.slug, r.as_str()),
        None => format!("space={} user={username}", space.slug),
    }
}

/// Adds someone, found by username or email, to the space (an owner's invitation).
pub async fn add(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    who: &str,
    role: &str,
    now: i64,
) -> Result<String, ServerError> {
    let (space, actor) = managed_space(db, viewer, slug).await?;
    let role = parse_role(role)?;
    let (user_id, username) = users::find_by_username_or_email(&db.pool, who)
        .await?
        .ok_or_else(|| ServerError::Invalid(REFUSED_UNKNOWN_USER.into()))?;
    let mut tx = db.pool.begin().await?;
    members::add(&mut *tx, space.id, user_id, role, now).await?;
    members::take_request(&mut *tx, space.id, user_id).await?;
    let d = detail(&space, &username, Some(role));
    audit::record(&mut *tx, Some(actor.id), "membership_added", &d, "", now).await?;
    tx.commit().await?;
    Ok(username)
}

/// Changes a member's role; the last owner cannot stop being one.
pub async fn change_role(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    username: &str,
    role: &str,
    now: i64,
) -> Result<(), ServerError> {
    let (space, actor) = managed_space(db, viewer, slug).await?;
    let role = parse_role(role)?;
    let user_id = member_id(db, &space, username).await?;
    let mut tx = db.pool.begin().await?;
    let current = members::role_of(&mut *tx, space.id, user_id).await?;
    if current == Some(SpaceRole::Owner)
        && role != SpaceRole::Owner
        && members::count_owners(&mut *tx, space.id).await? <= 1
    {
        return Err(ServerError::Conflict(REFUSED_LAST_OWNER.into()));
    }
    members::set_role(&mut *tx, space.id, user_id, role).await?;
    // What they may do in the space changed: their live sockets check again.
    events::access_changed(&mut tx, Room::User(user_id), now).await?;
    let d = detail(&space, username, Some(role));
    audit::record(
        &mut *tx,
        Some(actor.id),
        "membership_role_changed",
        &d,
        "",
        now,
    )
    .await?;
    db.commit_with_events(tx).await?;
    Ok(())
}

/// Removes a member (by an owner or admin), or lets a member leave; never the last owner.
pub async fn remove(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    username: &str,
    now: i64,
) -> Result<(), ServerError> {
    let actor = viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = visible_space(db, viewer, slug).await?;
    let leaving = actor.username == username;
    if !leaving && !may_manage(db, actor, space.id).await? {
        return Err(ServerError::Forbidden);
    }
    let user_id = member_id(db, &space, username).await?;
    let mut tx = db.pool.begin().await?;
    if members::role_of(&mut *tx, space.id, user_id).await? == Some(SpaceRole::Owner)
        && members::count_owners(&mut *tx, space.id).await? <= 1
    {
        return Err(ServerError::Conflict(REFUSED_LAST_OWNER.into()));
    }
    members::remove(&mut *tx, space.id, user_id).await?;
    // A private space's rooms close to them at once, on every open tab.
    events::access_changed(&mut tx, Room::User(user_id), now).await?;
    let event = if leaving {
        "membership_left"
    } else {
        "membership_removed"
    };
    let d = detail(&space, username, None);
    audit::record(&mut *tx, Some(actor.id), event, &d, "", now).await?;
    db.commit_with_events(tx).await?;
    Ok(())
}

async fn member_id(db: &Db, space: &Space, username: &str) -> Result<i64, ServerError> {
    let id = users::id_of(&db.pool, username)
        .await?
        .ok_or_else(|| ServerError::Invalid(REFUSED_NOT_MEMBER.into()))?;
    if members::role_of(&db.pool, space.id, id).await?.is_none() {
        return Err(ServerError::Invalid(REFUSED_NOT_MEMBER.into()));
    }
    Ok(id)
}

/// Asks the owners to be let in. Private spaces cannot be asked (their existence is not
/// known to outsiders): their owners add people directly.
pub async fn ask_to_join(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    message: &str,
    now: i64,
) -> Result<(), ServerError> {
    let user = viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = visible_space(db, viewer, slug).await?;
    if space.visibility == Visibility::Private {
        return Err(ServerError::Forbidden);
    }
    if members::role_of(&db.pool, space.id, user.id)
        .await?
        .is_some()
    {
        return Err(ServerError::Conflict(REFUSED_ALREADY_MEMBER.into()));
    }
    if message.chars().count() > 1000 {
        return Err(ServerError::Invalid(REFUSED_TOO_LONG.into()));
    }
    let mut tx = db.pool.begin().await?;
    members::request_to_join(&mut *tx, space.id, user.id, message.trim(), now).await?;
    let d = detail(&space, &user.username, None);
    audit::record(&mut *tx, Some(user.id), "join_requested", &d, "", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Approves (as a member) or declines (`None`: neither, refused) a pending request.
pub async fn decide(
    db: &Db,
    viewer: &Viewer,
    slug: &str,
    username: &str,
    approve: Option<bool>,
    now: i64,
) -> Result<(), ServerError> {
    let (space, actor) = managed_space(db, viewer, slug).await?;
    let approve = approve.ok_or_else(|| ServerError::Invalid("bad_decision".into()))?;
    let user_id = users::id_of(&db.pool, username)
        .await?
        .ok_or_else(|| ServerError::Invalid(REFUSED_NO_REQUEST.into()))?;
    let mut tx = db.pool.begin().await?;
    if !members::take_request(&mut *tx, space.id, user_id).await? {
        return Err(ServerError::Invalid(REFUSED_NO_REQUEST.into()));
    }
    let event = if approve {
        members::add(&mut *tx, space.id, user_id, SpaceRole::Member, now).await?;
        "join_approved"
    } else {
        "join_declined"
    };
    let d = detail(&space, username, None);
    audit::record(&mut *tx, Some(actor.id), event, &d, "", now).await?;
    tx.commit().await?;
    Ok(())
}
