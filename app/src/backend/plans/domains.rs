//! The demand-reduction domains lines of action belong to: an editable list (DOMAIN.md
//! names six). Admins add one or rename one in the four languages; a domain is never
//! removed, since lines of action keep referring to it. Every change is audited.

use super::text;
use crate::backend::admin::admin;
use crate::backend::store::{audit, plans as store};
use crate::backend::{Cx, ServerError};
use crate::model::plan::DomainName;
use crate::model::refusal::{FieldRefusal, Problem};

/// The list, for the admin's page ("not found" for anyone else).
pub async fn domains(cx: &Cx) -> Result<Vec<DomainName>, ServerError> {
    admin(&cx.viewer)?;
    Ok(store::domains(&cx.db().pool).await?)
}

/// Adds a domain (a new `code`) or renames one (an existing `code`).
pub async fn save_domain(cx: &Cx, d: &DomainName) -> Result<(), ServerError> {
    let actor = admin(&cx.viewer)?;
    let code = d.code.trim();
    let code_ok =
        (2..=30).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if !code_ok {
        return Err(FieldRefusal::new("domain_code", Problem::Format).into());
    }
    let checked = DomainName {
        code: code.to_string(),
        en: text("name_en", &d.en, 80, true)?.to_string(),
        es: text("name_es", &d.es, 80, true)?.to_string(),
        pt: text("name_pt", &d.pt, 80, true)?.to_string(),
        fr: text("name_fr", &d.fr, 80, true)?.to_string(),
    };
    let mut change = cx.change().await?;
    store::save_domain(change.conn(), &checked).await?;
    let detail = format!("domain={} en={}", checked.code, checked.en);
    audit::record(
        change.conn(),
        Some(actor.id),
        "plan_domain_saved",
        &detail,
        "",
        cx.now,
    )
    .await?;
    change.commit().await?;
    Ok(())
}
