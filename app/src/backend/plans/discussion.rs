//! Comments on a plan's objectives and actions. Each item's comments are one thread in
//! the plan's space, started by the item's first comment and answered by the next; the
//! plan page links to it with its count, and the thread is an ordinary one (live,
//! notifications, search, moderation). Commenting needs both rules: the viewer may see the
//! plan, and may post in its space.

use super::visible;
use crate::backend::discussion::{self as write, check_body, render};
use crate::backend::store::plans::{self as store, Part};
use crate::backend::{access, Cx, ServerError};
use crate::model::thread::MAX_TITLE_CHARS;

/// Where a comment landed.
pub struct Commented {
    pub space_slug: String,
    pub thread_id: i64,
    pub post_id: i64,
}

/// The discussion thread's title: the plan's, then the item's, cut to fit.
fn thread_title(plan: &str, item: &str) -> String {
    let full = format!("{plan} · {item}");
    if full.chars().count() <= MAX_TITLE_CHARS {
        return full;
    }
    let mut cut: String = full.chars().take(MAX_TITLE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Comments on an objective or an action of the plan: answers its thread, or starts it.
pub async fn comment(
    cx: &Cx,
    plan: i64,
    part: Part,
    item: i64,
    body: &str,
) -> Result<Commented, ServerError> {
    let user = cx.user()?;
    if matches!(part, Part::Line) {
        return Err(ServerError::NotFound);
    }
    let seen = visible(cx, plan).await?;
    let slug = seen.row.summary.space_slug.clone();
    // Staff see every plan, but post only where the space lets them.
    let place = match access::place(cx, &slug).await {
        Ok(place) => place,
        Err(ServerError::NotFound) => return Err(ServerError::Forbidden),
        Err(e) => return Err(e),
    };
    if !place.can_participate(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    // Twice at most: if someone else's first comment started the thread meanwhile, this
    // one answers it.
    for _ in 0..2 {
        let found = store::item_discussion(&cx.db().pool, part, plan, item)
            .await?
            .ok_or(ServerError::NotFound)?;
        if let Some(thread_id) = found.readable {
            let reply = write::prepare_reply(cx, &slug, thread_id, None, body).await?;
            let mut change = cx.change().await?;
            let post_id = write::reply_in(cx, &mut change, &reply).await?;
            change.commit().await?;
            return Ok(Commented {
                space_slug: slug,
                thread_id,
                post_id,
            });
        }
        check_body(body, cx.max_post_bytes())?;
        let rendered = render(cx, body).await?;
        let title = thread_title(&seen.row.summary.title, &found.title);
        let mut change = cx.change().await?;
        let (thread_id, post_id) = write::start_in(
            &mut change,
            &place.space,
            user.id,
            &title,
            body,
            &rendered,
            cx.now,
        )
        .await?;
        // Only where the item's thread is still the one read above: none yet, or one a
        // moderator deleted or hid, which the new discussion replaces.
        if store::set_item_thread(change.conn(), part, item, found.stored, thread_id).await? {
            change.commit().await?;
            return Ok(Commented {
                space_slug: slug,
                thread_id,
                post_id,
            });
        }
    }
    Err(ServerError::Conflict(
        "the item's discussion kept changing".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::thread_title;
    use crate::model::thread::MAX_TITLE_CHARS;

    #[test]
    fn a_long_title_is_cut_to_fit_a_thread_title() {
        assert_eq!(thread_title("Perú 2026", "Formar"), "Perú 2026 · Formar");
        let long = thread_title("Perú 2026", &"á".repeat(400));
        assert_eq!(long.chars().count(), MAX_TITLE_CHARS);
        assert!(long.ends_with('…'));
    }
}
