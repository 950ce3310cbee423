//! Who belongs to a space and in what role: the rules for viewing the members, adding,
//! removing and re-roling them, and asking to join. Owners of the space and platform
//! admins manage members; everyone else may only ask to join, or leave. Every change is
//! one transaction with its audit entry.

use crate::backend::access::{self, SignedIn, Viewer};
use crate::backend::events::Room;
use crate::backend::store::{audit, members, spaces, users};
use crate::backend::Cx;
use crate::backend::ServerError;
use crate::model::refusal::Refusal;
use crate::model::space::{Membership, Space, SpaceRole, Visibility};

fn parse_role(s: &str) -> Result<SpaceRole, ServerError> {
    SpaceRole::parse(s).ok_or_else(|| ServerError::from(Refusal::BadRole))
}

/// The space, if the viewer may see it; otherwise "not found", revealing nothing.
async fn visible_space(cx: &Cx, slug: &str) -> Result<Space, ServerError> {
    spaces::by_slug(&cx.db().pool, slug)
        .await?
        .filter(|s| access::can_view_space(&cx.viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)
}

/// Owners of the space and platform admins manage its members.
pub(crate) async fn may_manage(
    cx: &Cx,
    user: &SignedIn,
    space_id: i64,
) -> Result<bool, ServerError> {
    Ok(access::is_admin(&Viewer::User(user.clone()))
        || members::role_of(&cx.db().pool, space_id, user.id).await? == Some(SpaceRole::Owner))
}

/// The space and the signed-in viewer, who must manage it.
async fn managed_space<'c>(cx: &'c Cx, slug: &str) -> Result<(Space, &'c SignedIn), ServerError> {
    let user = cx.user()?;
    let space = visible_space(cx, slug).await?;
    if !may_manage(cx, user, space.id).await? {
        return Err(ServerError::Forbidden);
    }
    Ok((space, user))
}

pub async fn view(cx: &Cx, slug: &str) -> Result<Membership, ServerError> {
    let space = visible_space(cx, slug).await?;
    let Some(user) = cx.viewer.user() else {
        return Ok(Membership {
            members: Vec::new(),
            requests: Vec::new(),
            my_role: None,
            can_manage: false,
            requested: false,
            signed_in: false,
        });
    };
    let can_manage = may_manage(cx, user, space.id).await?;
    Ok(Membership {
        members: members::list(&cx.db().pool, space.id).await?,
        requests: if can_manage {
            members::requests(&cx.db().pool, space.id).await?
        } else {
            Vec::new()
        },
        my_role: members::role_of(&cx.db().pool, space.id, user.id).await?,
        can_manage,
        requested: members::has_requested(&cx.db().pool, space.id, user.id).await?,
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
pub async fn add(cx: &Cx, slug: &str, who: &str, role: &str) -> Result<String, ServerError> {
    let (space, actor) = managed_space(cx, slug).await?;
    let role = parse_role(role)?;
    let (user_id, username) = users::find_by_username_or_email(&cx.db().pool, who)
        .await?
        .ok_or_else(|| ServerError::from(Refusal::UnknownUser))?;
    let mut change = cx.change().await?;
    members::add(change.conn(), space.id, user_id, role, cx.now).await?;
    members::take_request(change.conn(), space.id, user_id).await?;
    let d = detail(&space, &username, Some(role));
    audit::record(
        change.conn(),
        Some(actor.id),
        "membership_added",
        &d,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(username)
}

/// Changes a member's role; the last owner cannot stop being one.
pub async fn change_role(
    cx: &Cx,
    slug: &str,
    username: &str,
    role: &str,
) -> Result<(), ServerError> {
    let (space, actor) = managed_space(cx, slug).await?;
    let role = parse_role(role)?;
    let user_id = member_id(cx, &space, username).await?;
    let mut change = cx.change().await?;
    let current = members::role_of(change.conn(), space.id, user_id).await?;
    if current == Some(SpaceRole::Owner)
        && role != SpaceRole::Owner
        && members::count_owners(change.conn(), space.id).await? <= 1
    {
        return Err(ServerError::from(Refusal::LastOwner));
    }
    members::set_role(change.conn(), space.id, user_id, role).await?;
    // What they may do in the space changed: their live sockets check again.
    change.access_changed(Room::User(user_id), cx.now).await?;
    let d = detail(&space, username, Some(role));
    audit::record(
        change.conn(),
        Some(actor.id),
        "membership_role_changed",
        &d,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Removes a member (by an owner or admin), or lets a member leave; never the last owner.
pub async fn remove(cx: &Cx, slug: &str, username: &str) -> Result<(), ServerError> {
    let actor = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = visible_space(cx, slug).await?;
    let leaving = actor.username == username;
    if !leaving && !may_manage(cx, actor, space.id).await? {
        return Err(ServerError::Forbidden);
    }
    let user_id = member_id(cx, &space, username).await?;
    let mut change = cx.change().await?;
    if members::role_of(change.conn(), space.id, user_id).await? == Some(SpaceRole::Owner)
        && members::count_owners(change.conn(), space.id).await? <= 1
    {
        return Err(ServerError::from(Refusal::LastOwner));
    }
    members::remove(change.conn(), space.id, user_id).await?;
    // A private space's rooms close to them at once, on every open tab.
    change.access_changed(Room::User(user_id), cx.now).await?;
    let event = if leaving {
        "membership_left"
    } else {
        "membership_removed"
    };
    let d = detail(&space, username, None);
    audit::record(change.conn(), Some(actor.id), event, &d, "", cx.now).await?;
    change.commit().await?;
    Ok(())
}

async fn member_id(cx: &Cx, space: &Space, username: &str) -> Result<i64, ServerError> {
    let id = users::id_of(&cx.db().pool, username)
        .await?
        .ok_or_else(|| ServerError::from(Refusal::NotMember))?;
    if members::role_of(&cx.db().pool, space.id, id)
        .await?
        .is_none()
    {
        return Err(ServerError::from(Refusal::NotMember));
    }
    Ok(id)
}

/// Asks the owners to be let in. Private spaces cannot be asked (their existence is not
/// known to outsiders): their owners add people directly.
pub async fn ask_to_join(cx: &Cx, slug: &str, message: &str) -> Result<(), ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let space = visible_space(cx, slug).await?;
    if space.visibility == Visibility::Private {
        return Err(ServerError::Forbidden);
    }
    if members::role_of(&cx.db().pool, space.id, user.id)
        .await?
        .is_some()
    {
        return Err(ServerError::from(Refusal::AlreadyMember));
    }
    if message.chars().count() > 1000 {
        return Err(ServerError::from(Refusal::MessageTooLong));
    }
    let mut change = cx.change().await?;
    members::request_to_join(change.conn(), space.id, user.id, message.trim(), cx.now).await?;
    let d = detail(&space, &user.username, None);
    audit::record(
        change.conn(),
        Some(user.id),
        "join_requested",
        &d,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}

/// Approves (as a member) or declines (`None`: neither, refused) a pending request.
pub async fn decide(
    cx: &Cx,
    slug: &str,
    username: &str,
    approve: Option<bool>,
) -> Result<(), ServerError> {
    let (space, actor) = managed_space(cx, slug).await?;
    let approve = approve.ok_or_else(|| ServerError::from(Refusal::Decision))?;
    let user_id = users::id_of(&cx.db().pool, username)
        .await?
        .ok_or_else(|| ServerError::from(Refusal::NoRequest))?;
    let mut change = cx.change().await?;
    if !members::take_request(change.conn(), space.id, user_id).await? {
        return Err(ServerError::from(Refusal::NoRequest));
    }
    let event = if approve {
        members::add(change.conn(), space.id, user_id, SpaceRole::Member, cx.now).await?;
        "join_approved"
    } else {
        "join_declined"
    };
    let d = detail(&space, username, None);
    audit::record(change.conn(), Some(actor.id), event, &d, "", cx.now).await?;
    change.commit().await?;
    Ok(())
}
