//! A person's own entry in the network directory: they list themselves (with their
//! position and expertise; country, organisation and languages come from their profile),
//! change it, or take it down. Nobody lists anyone else: a form naming another person is
//! refused, whoever sends it.

use crate::backend::form_fields::value;
use crate::backend::plans::text;
use crate::backend::store::network as store;
use crate::backend::{Cx, ServerError};
use crate::model::refusal::Refusal;

const MAX_POSITION: usize = 200;
const MAX_EXPERTISE: usize = 1_000;

/// Saves the viewer's listing from its form (`listed` on or off, `position`, `expertise`;
/// `username`, when sent, must be the viewer's own); returns whether they are listed now.
pub async fn save(cx: &Cx, pairs: &[(String, String)]) -> Result<bool, ServerError> {
    let user = cx.user()?;
    let named = value(pairs, "username").trim();
    if !named.is_empty() && !named.eq_ignore_ascii_case(&user.username) {
        return Err(Refusal::ListingConsent.into());
    }
    let listed = !value(pairs, "listed").is_empty();
    let position = text("position", value(pairs, "position"), MAX_POSITION, false)?;
    let expertise = text(
        "expertise",
        value(pairs, "expertise"),
        MAX_EXPERTISE,
        listed,
    )?;
    let mut change = cx.change().await?;
    store::set_listing(change.conn(), user.id, listed, position, expertise, cx.now).await?;
    change.commit().await?;
    Ok(listed)
}
