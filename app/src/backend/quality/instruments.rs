//! Instruments built by programme staff: a new instrument starts as version 1 with the
//! default scale; a version is changed item by item (areas, standards, criteria in four
//! languages, each criterion with its verification sources and guidance) and its scale
//! level by level, until a campaign uses it — then it is frozen, and a change is made in
//! a copy, the next version, which keeps every code (so later assessments can tell which
//! gaps closed).

use super::{instrument, scope, templates, value};
use crate::backend::access;
use crate::backend::kept;
use crate::backend::plans::text;
use crate::backend::store::quality as store;
use crate::backend::{Cx, ServerError};
use crate::model::quality::{Instrument, InstrumentPage, Item, Names, ScaleLevel, SOURCES};
use crate::model::refusal::{FieldRefusal, Problem, Refusal};

const MAX_TEXT: usize = 600;
const MAX_GUIDANCE: usize = 1_000;
const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];

/// Texts `{prefix}_en` … `{prefix}_fr` from a form: English required when `required`
/// (the others fall back to it when shown).
pub(crate) fn four(
    pairs: &[(String, String)],
    prefix: &str,
    code: &str,
    max: usize,
    required: bool,
) -> Result<Names, FieldRefusal> {
    let mut out = Names {
        code: code.to_string(),
        ..Names::default()
    };
    for lang in LANGUAGES {
        let field = format!("{prefix}_{lang}");
        let v = text(&field, value(pairs, &field), max, required && lang == "en")?.to_string();
        match lang {
            "en" => out.en = v,
            "es" => out.es = v,
            "pt" => out.pt = v,
            _ => out.fr = v,
        }
    }
    Ok(out)
}

/// A code for an item or an instrument: letters, digits, dots, dashes, at most 24.
fn code(field: &str, v: &str) -> Result<String, FieldRefusal> {
    let v = v.trim();
    if v.is_empty() {
        return Err(FieldRefusal::new(field, Problem::Required));
    }
    if v.len() > 24
        || !v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    {
        return Err(FieldRefusal::new(field, Problem::Format));
    }
    Ok(v.to_string())
}

pub(crate) fn staff(cx: &Cx) -> Result<i64, ServerError> {
    let user = cx.user()?;
    if !access::is_staff(&cx.viewer) {
        return Err(Refusal::StaffOnly.into());
    }
    Ok(user.id)
}

/// The version for changing: staff, and no campaign uses it yet.
async fn changeable(cx: &Cx, version: i64) -> Result<Instrument, ServerError> {
    staff(cx)?;
    let found = instrument(cx, version).await?;
    if found.campaigns > 0 {
        return Err(Refusal::InstrumentInUse.into());
    }
    Ok(found)
}

/// A version's page (signed-in people read instruments; staff change them).
pub async fn page(
    cx: &Cx,
    version: i64,
    form: Option<&str>,
) -> Result<InstrumentPage, ServerError> {
    cx.user()?;
    let instrument = instrument(cx, version).await?;
    let staff = access::is_staff(&cx.viewer);
    Ok(InstrumentPage {
        can_edit: staff && instrument.campaigns == 0,
        staff,
        kept: kept::kept(cx, &scope("version", version), form).await?,
        instrument,
    })
}

/// Starts an instrument of the staff's own: version 1, the default scale, no items yet.
pub async fn create(cx: &Cx, pairs: &[(String, String)]) -> Result<i64, ServerError> {
    staff(cx)?;
    let code = code("code", value(pairs, "code"))?.to_ascii_lowercase();
    let name = four(pairs, "name", &code, 200, true)?;
    let mut change = cx.change().await?;
    if store::instrument_id(change.conn(), &code).await?.is_some() {
        return Err(Refusal::ItemCode.into());
    }
    let id = store::insert_instrument(change.conn(), &name, cx.now).await?;
    let user = cx.user()?.id;
    let (version, _) = store::insert_version(change.conn(), id, "", Some(user), cx.now).await?;
    for (i, level) in templates::default_scale().iter().enumerate() {
        store::put_level(change.conn(), version, i as i64 + 1, level).await?;
    }
    change.commit().await?;
    Ok(version)
}

/// Copies a version (used or not) into the instrument's next version; returns its id.
pub async fn copy(cx: &Cx, version: i64, note: &str) -> Result<i64, ServerError> {
    let user = staff(cx)?;
    let from = instrument(cx, version).await?;
    let note = text("note", note, 300, false)?;
    let mut change = cx.change().await?;
    let (id, _) =
        store::insert_version(change.conn(), from.instrument_id, note, Some(user), cx.now).await?;
    for (i, level) in from.scale.iter().enumerate() {
        store::put_level(change.conn(), id, i as i64 + 1, level).await?;
    }
    let items: Vec<(Option<String>, Item)> = from
        .items
        .iter()
        .map(|item| {
            let parent = item
                .parent
                .and_then(|p| from.items.iter().find(|i| i.id == p))
                .map(|p| p.code.clone());
            (parent, item.clone())
        })
        .collect();
    templates::write_items(change.conn(), id, &items).await?;
    change.commit().await?;
    Ok(id)
}

/// Adds an item under `parent` (`item` None) or changes item `item` of the version.
pub async fn save_item(
    cx: &Cx,
    version: i64,
    item: Option<i64>,
    pairs: &[(String, String)],
) -> Result<(), ServerError> {
    let found = changeable(cx, version).await?;
    let (kind, parent, id) = match item {
        Some(id) => {
            let it = found
                .items
                .iter()
                .find(|i| i.id == id)
                .ok_or(ServerError::NotFound)?;
            (it.kind.clone(), it.parent, id)
        }
        None => {
            let parent = match value(pairs, "parent") {
                "" => None,
                p => Some(p.parse::<i64>().map_err(|_| ServerError::NotFound)?),
            };
            let parent_kind = parent
                .map(|p| {
                    found
                        .items
                        .iter()
                        .find(|i| i.id == p)
                        .map(|i| i.kind.as_str())
                })
                .map(|k| k.ok_or(ServerError::NotFound))
                .transpose()?;
            let kind = match parent_kind {
                None => "area",
                Some("area") => "standard",
                Some("standard") => "criterion",
                Some(_) => return Err(ServerError::NotFound),
            };
            (kind.to_string(), parent, 0)
        }
    };
    let item_code = code("code", value(pairs, "code"))?;
    if found
        .items
        .iter()
        .any(|i| i.code.eq_ignore_ascii_case(&item_code) && i.id != id)
    {
        return Err(Refusal::ItemCode.into());
    }
    let criterion = kind == "criterion";
    let sources: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "sources")
        .map(|(_, v)| v.clone())
        .collect();
    if sources.iter().any(|s| !SOURCES.contains(&s.as_str())) {
        return Err(FieldRefusal::new("sources", Problem::Choice).into());
    }
    if criterion && sources.is_empty() {
        return Err(FieldRefusal::new("sources", Problem::Required).into());
    }
    let record = Item {
        id,
        parent,
        text: four(pairs, "text", &item_code, MAX_TEXT, true)?,
        guidance: if criterion {
            four(pairs, "guidance", &item_code, MAX_GUIDANCE, false)?
        } else {
            Names::default()
        },
        sources: if criterion { sources } else { Vec::new() },
        code: item_code,
        kind,
    };
    let mut change = cx.change().await?;
    if item.is_some() {
        store::update_item(change.conn(), &record).await?;
    } else {
        store::insert_item(change.conn(), version, &record).await?;
    }
    change.commit().await?;
    Ok(())
}

/// Removes an item and everything under it.
pub async fn delete_item(cx: &Cx, version: i64, item: i64) -> Result<(), ServerError> {
    let found = changeable(cx, version).await?;
    if !found.items.iter().any(|i| i.id == item) {
        return Err(ServerError::NotFound);
    }
    // Children before their parent: the tree order, reversed, filtered to the subtree.
    let mut doomed = vec![item];
    for i in &found.items {
        if i.parent.is_some_and(|p| doomed.contains(&p)) {
            doomed.push(i.id);
        }
    }
    doomed.reverse();
    let mut change = cx.change().await?;
    store::delete_items(change.conn(), &doomed).await?;
    change.commit().await?;
    Ok(())
}

/// A weight as typed: empty for "not applicable", else a whole percent 0–100.
fn weight(field: &str, v: &str) -> Result<Option<i64>, FieldRefusal> {
    match v.trim() {
        "" => Ok(None),
        w => w
            .parse::<i64>()
            .ok()
            .filter(|w| (0..=100).contains(w))
            .map(Some)
            .ok_or(FieldRefusal::new(field, Problem::Format)),
    }
}

/// Changes the scale's weights and names, and adds a level when `new_code` is filled.
pub async fn save_scale(
    cx: &Cx,
    version: i64,
    pairs: &[(String, String)],
) -> Result<(), ServerError> {
    let found = changeable(cx, version).await?;
    let mut levels = Vec::new();
    for l in &found.scale {
        levels.push(ScaleLevel {
            weight: weight("weight", value(pairs, &format!("weight_{}", l.code)))?,
            names: four(pairs, &format!("name_{}", l.code), &l.code, 100, true)?,
            code: l.code.clone(),
        });
    }
    if !value(pairs, "new_code").trim().is_empty() {
        let new = code("new_code", value(pairs, "new_code"))?.to_ascii_lowercase();
        if found.scale.iter().any(|l| l.code == new) {
            return Err(Refusal::ItemCode.into());
        }
        levels.push(ScaleLevel {
            weight: weight("new_weight", value(pairs, "new_weight"))?,
            names: four(pairs, "new_name", &new, 100, true)?,
            code: new,
        });
    }
    let mut change = cx.change().await?;
    for (i, level) in levels.iter().enumerate() {
        store::put_level(change.conn(), version, i as i64 + 1, level).await?;
    }
    change.commit().await?;
    Ok(())
}
