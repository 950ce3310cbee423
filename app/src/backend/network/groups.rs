//! A space's owners mark it as a working group — its topic, the countries taking part
//! and how to join — change that, or unmark it. Only those who manage the space may
//! (`spaces::managed`); everyone else gets "not found" or a refusal, and nothing changes.

use crate::backend::form_fields::{self, value};
use crate::backend::kept;
use crate::backend::plans::text;
use crate::backend::spaces::managed;
use crate::backend::store::{countries, network as store};
use crate::backend::{Cx, ServerError};
use crate::model::country::CountryName;
use crate::model::network::GroupForm;

const MAX_TOPIC: usize = 200;
const MAX_HOW: usize = 1_000;

/// Where a refused working-group form is kept.
pub fn scope(slug: &str) -> String {
    format!("network:group:{slug}")
}

/// The space's working-group form, for those who manage it.
pub async fn form(cx: &Cx, slug: &str, form: Option<&str>) -> Result<GroupForm, ServerError> {
    let space = managed(cx, slug).await?;
    let pool = &cx.db().pool;
    let mut conn = pool.acquire().await?;
    let current = store::group_of(&mut conn, space.id).await?;
    let countries = countries::list(&mut *conn)
        .await?
        .into_iter()
        .map(CountryName::from)
        .collect();
    let (is_group, (topic, how_to_join, chosen)) = match current {
        Some(g) => (true, g),
        None => (false, Default::default()),
    };
    Ok(GroupForm {
        slug: space.slug,
        is_group,
        topic,
        how_to_join,
        chosen,
        countries,
        kept: kept::kept(cx, &scope(slug), form).await?,
    })
}

/// Saves the form: with `remove`, the space is no longer a working group; otherwise its
/// topic (required), how to join and at least one country of the Americas.
pub async fn save(cx: &Cx, slug: &str, pairs: &[(String, String)]) -> Result<(), ServerError> {
    let space = managed(cx, slug).await?;
    if !value(pairs, "remove").is_empty() {
        let mut change = cx.change().await?;
        store::remove_group(change.conn(), space.id).await?;
        change.commit().await?;
        return Ok(());
    }
    let topic = text("topic", value(pairs, "topic"), MAX_TOPIC, true)?;
    let how = text("how_to_join", value(pairs, "how_to_join"), MAX_HOW, false)?;
    let chosen = form_fields::countries(cx, pairs, "country").await?;
    let mut change = cx.change().await?;
    store::set_group(change.conn(), space.id, topic, how, &chosen, cx.now).await?;
    change.commit().await?;
    Ok(())
}
