//! The spaces table: working-group spaces and their visibility.

use crate::model::refusal::Refusal;
use sqlx::{Any, Executor, Row};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::backend::access::{visible_spaces_sql, Viewer};
use crate::backend::ServerError;
use crate::markdown;
use crate::model::space::{is_valid_slug, Space, Visibility};

/// What it takes to create a space.
#[derive(Clone, Debug)]
pub struct NewSpace<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub country_code: Option<&'a str>,
    pub visibility: Visibility,
}

pub const MAX_NAME_CHARS: usize = 120;
pub const MAX_DESCRIPTION_CHARS: usize = 4000;

impl NewSpace<'_> {
    /// Checks every field; the refusal names the field at fault.
    pub fn validate(&self) -> Result<(), ServerError> {
        if !is_valid_slug(self.slug) {
            return Err(Refusal::Slug.into());
        }
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            return Err(Refusal::SpaceName.into());
        }
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(Refusal::Description.into());
        }
        Ok(())
    }
}

pub async fn create<'e>(
    db: impl Executor<'e, Database = Any>,
    new: &NewSpace<'_>,
    now: i64,
) -> Result<i64, ServerError> {
    new.validate()?;
    let row = sqlx::query(
        "INSERT INTO spaces (slug, name, description, description_html, country_code, \
         visibility, created_at) VALUES ($1, $2, $3, $7, $4, $5, $6) RETURNING id",
    )
    .bind(new.slug)
    .bind(new.name.trim())
    .bind(new.description)
    .bind(new.country_code.map(str::to_ascii_uppercase))
    .bind(new.visibility.as_str())
    .bind(now)
    .bind(markdown::render_plain(new.description).html)
    .fetch_one(db)
    .await
    .map_err(|e| super::write_error(e, Refusal::Slug.into(), Refusal::UnknownCountry.into()))?;
    Ok(row.try_get("id")?)
}

/// Changes a space's name, description, country and visibility (its slug stays: links
/// to it keep working).
pub async fn update<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    new: &NewSpace<'_>,
) -> Result<(), ServerError> {
    new.validate()?;
    sqlx::query(
        "UPDATE spaces SET name = $1, description = $2, description_html = $3, \
         country_code = $4, visibility = $5 WHERE id = $6",
    )
    .bind(new.name.trim())
    .bind(new.description)
    .bind(markdown::render_plain(new.description).html)
    .bind(new.country_code.map(str::to_ascii_uppercase))
    .bind(new.visibility.as_str())
    .bind(id)
    .execute(db)
    .await
    .map_err(|e| super::write_error(e, Refusal::Slug.into(), Refusal::UnknownCountry.into()))?;
    Ok(())
}

/// Archives a space (`Some(time)`) or brings it back (`None`).
pub async fn set_archived<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
    at: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE spaces SET archived_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Renders the descriptions of spaces written before descriptions were markdown.
pub async fn backfill_descriptions(pool: &sqlx::AnyPool) -> Result<u64, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, description FROM spaces WHERE description_html = '' AND description <> ''",
    )
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let (id, text): (i64, String) = (r.try_get("id")?, r.try_get("description")?);
        sqlx::query("UPDATE spaces SET description_html = $1 WHERE id = $2")
            .bind(markdown::render_plain(&text).html)
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(rows.len() as u64)
}

/// Listings leave archived spaces out; a space's own page still shows them (read-only).
/// Countries' request spaces are reached from their requests, not listed.
fn select_sql(condition: &str) -> String {
    format!(
        "{} WHERE s.archived_at IS NULL AND s.ta_country IS NULL AND {condition}",
        select_any_sql()
    )
}

fn select_any_sql() -> String {
    format!(
        "SELECT s.id, s.slug, s.name, s.description, s.description_html, s.country_code, \
         s.visibility, s.created_at, s.archived_at, s.ta_country, {COUNTRY_COLUMNS} FROM spaces s \
         LEFT JOIN countries c ON c.code = s.country_code"
    )
}

/// Spaces the viewer may see, most recent first.
pub async fn list_visible<'e>(
    db: impl Executor<'e, Database = Any>,
    viewer: &Viewer,
    limit: i64,
) -> Result<Vec<Space>, sqlx::Error> {
    let sql = format!(
        "{} ORDER BY s.created_at DESC, s.id DESC LIMIT $1",
        select_sql(&visible_spaces_sql(viewer))
    );
    let rows = sqlx::query(&sql).bind(limit).fetch_all(db).await?;
    rows.iter().map(from_row).collect()
}

/// The spaces of `country` the viewer may see, by name.
pub async fn visible_of_country<'e>(
    db: impl Executor<'e, Database = Any>,
    viewer: &Viewer,
    country: &str,
) -> Result<Vec<Space>, sqlx::Error> {
    let sql = format!(
        "{} AND s.country_code = $1 ORDER BY s.name, s.id",
        select_sql(&visible_spaces_sql(viewer))
    );
    let rows = sqlx::query(&sql).bind(country).fetch_all(db).await?;
    rows.iter().map(from_row).collect()
}

/// Spaces the viewer may see whose name or description contains `text` (case-insensitive).
pub async fn search_visible<'e>(
    db: impl Executor<'e, Database = Any>,
    viewer: &Viewer,
    text: &str,
    limit: i64,
) -> Result<Vec<Space>, sqlx::Error> {
    let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
    let sql = format!(
        "{} AND (LOWER(s.name) LIKE $1 ESCAPE '\\' OR LOWER(s.description) LIKE $1 ESCAPE '\\') \
         ORDER BY s.name LIMIT $2",
        select_sql(&visible_spaces_sql(viewer))
    );
    let rows = sqlx::query(&sql)
        .bind(pattern)
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

/// A space by slug, whatever its visibility, archived or not: callers apply the access
/// rule.
pub async fn by_slug<'e>(
    db: impl Executor<'e, Database = Any>,
    slug: &str,
) -> Result<Option<Space>, sqlx::Error> {
    let sql = format!("{} WHERE s.slug = $1", select_any_sql());
    let row = sqlx::query(&sql).bind(slug).fetch_optional(db).await?;
    row.as_ref().map(from_row).transpose()
}

/// The slug of the space with this id, if there is one.
pub async fn slug_of<'e>(
    db: impl Executor<'e, Database = Any>,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT slug FROM spaces WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(|r| r.try_get("slug")).transpose()
}

/// Escapes `%`, `_` and `\` so user text matches literally in a `LIKE … ESCAPE '\'`.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Space, sqlx::Error> {
    let visibility: String = row.try_get("visibility")?;
    Ok(Space {
        id: row.try_get("id")?,
        slug: row.try_get("slug")?,
        name: row.try_get("name")?,
        description: row.try_get("description")?,
        description_html: row.try_get("description_html")?,
        archived: row.try_get::<Option<i64>, _>("archived_at")?.is_some(),
        country: country_from_row(row)?,
        visibility: Visibility::parse(&visibility).ok_or_else(|| {
            sqlx::Error::Decode(format!("unknown visibility {visibility:?}").into())
        })?,
        created_at: row.try_get("created_at")?,
        ta_country: row.try_get("ta_country")?,
    })
}

/// The request space of `country` (see `backend::requests`), made the first time the
/// country files a request: private, so only the country's members and staff (through
/// `access::can_see_requests_of`) and admins see it.
pub async fn request_space(
    db: &sqlx::AnyPool,
    country: &str,
    country_name: &str,
    now: i64,
) -> Result<Space, ServerError> {
    let country = country.to_ascii_uppercase();
    if let Some(space) = by_ta_country(db, &country).await? {
        return Ok(space);
    }
    let slug = format!("{REQUEST_SPACE_PREFIX}{}", country.to_ascii_lowercase());
    let new = NewSpace {
        slug: &slug,
        name: &format!("{country_name} · technical assistance"),
        description: "",
        country_code: Some(&country),
        visibility: Visibility::Private,
    };
    let mut tx = db.begin().await?;
    match create(&mut *tx, &new, now).await {
        Ok(id) => {
            sqlx::query("UPDATE spaces SET ta_country = $1 WHERE id = $2")
                .bind(&country)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        // Another request of the same country made it first.
        Err(ServerError::Refused(Refusal::Slug)) => drop(tx),
        Err(e) => return Err(e),
    }
    by_ta_country(db, &country)
        .await?
        .ok_or_else(|| ServerError::Internal(format!("no request space for {country}")))
}

/// Slugs of countries' request spaces begin so; people cannot take them for other spaces.
pub const REQUEST_SPACE_PREFIX: &str = "ta-requests-";

async fn by_ta_country(db: &sqlx::AnyPool, country: &str) -> Result<Option<Space>, sqlx::Error> {
    let sql = format!("{} WHERE s.ta_country = $1", select_any_sql());
    let row = sqlx::query(&sql).bind(country).fetch_optional(db).await?;
    row.as_ref().map(from_row).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
