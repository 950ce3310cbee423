//! Reading the fields of a posted form the way several areas do: one field's value, and
//! the countries ticked in a list of boxes (each a known country of the Americas, at least
//! one). Checks that belong to one area stay in that area.

use crate::backend::store::countries;
use crate::backend::{Cx, ServerError};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

/// The value of field `name` in a posted form ("" when absent).
pub(crate) fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The codes of the countries ticked in the boxes named `field`, sorted, each once: a code
/// that is no country of the platform is refused, and so is ticking none.
pub(crate) async fn countries(
    cx: &Cx,
    pairs: &[(String, String)],
    field: &str,
) -> Result<Vec<String>, ServerError> {
    let known = countries::list(&cx.db().pool).await?;
    let mut chosen: Vec<String> = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == field) {
        let code = v.trim().to_ascii_uppercase();
        if !known.iter().any(|c| c.code == code) {
            return Err(Refusal::UnknownCountry.into());
        }
        if !chosen.contains(&code) {
            chosen.push(code);
        }
    }
    if chosen.is_empty() {
        return Err(FieldRefusal::new(field, Problem::Required).into());
    }
    chosen.sort();
    Ok(chosen)
}
