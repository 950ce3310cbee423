//! Profile fields of the users table (name, organisation, languages, bio; the verified
//! country is read here, set in `affiliation`), and a
//! person's recent posts as someone else may see them.

use sqlx::{Any, Executor, Row};

use super::{country_from_row, COUNTRY_COLUMNS};
use crate::backend::access::{visible_spaces_sql, Viewer};
use crate::model::country::CountryName;
use crate::model::profile::RecentPost;
use crate::model::user::PlatformRole;

/// A profile as stored.
pub struct ProfileRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub country: Option<CountryName>,
    pub organisation: String,
    pub role: PlatformRole,
    pub languages: Vec<String>,
    pub bio_md: String,
    pub bio_html: String,
    /// The zone chosen (`""`: none).
    pub time_zone: String,
}

pub async fn by_username<'e>(
    db: impl Executor<'e, Database = Any>,
    username: &str,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    let sql = format!(
        "SELECT u.id, u.username, u.display_name, u.country_code, u.organisation, u.role, \
         u.languages, u.bio_md, u.bio_html, u.time_zone, {COUNTRY_COLUMNS} FROM users u \
         LEFT JOIN countries c ON c.code = u.country_code WHERE u.username = $1"
    );
    let row = sqlx::query(&sql).bind(username).fetch_optional(db).await?;
    row.map(|r| {
        let role: String = r.try_get("role")?;
        let languages: String = r.try_get("languages")?;
        Ok(ProfileRow {
            id: r.try_get("id")?,
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            country: country_from_row(&r)?,
            organisation: r.try_get("organisation")?,
            role: PlatformRole::parse(&role)
                .ok_or_else(|| sqlx::Error::Decode(format!("role {role:?}").into()))?,
            languages: languages
                .split(',')
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            bio_md: r.try_get("bio_md")?,
            bio_html: r.try_get("bio_html")?,
            time_zone: r.try_get("time_zone")?,
        })
    })
    .transpose()
}

/// What the profile form writes (already checked).
pub struct ProfileUpdate<'a> {
    pub display_name: &'a str,
    pub organisation: &'a str,
    pub languages: &'a [String],
    pub bio_md: &'a str,
    pub bio_html: &'a str,
    /// `None` leaves the zone as it is.
    pub time_zone: Option<&'a str>,
}

pub async fn update<'e>(
    db: impl Executor<'e, Database = Any>,
    user_id: i64,
    p: &ProfileUpdate<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET display_name = $1, organisation = $2, languages = $3, bio_md = $4, \
         bio_html = $5, time_zone = COALESCE($7, time_zone) WHERE id = $6",
    )
    .bind(p.display_name)
    .bind(p.organisation)
    .bind(p.languages.join(","))
    .bind(p.bio_md)
    .bind(p.bio_html)
    .bind(user_id)
    .bind(p.time_zone)
    .execute(db)
    .await?;
    Ok(())
}

/// The author's latest posts that `viewer` may read: in spaces they can see, not deleted
/// or hidden, in threads that are neither. The access rule is part of the query.
pub async fn recent_posts<'e>(
    db: impl Executor<'e, Database = Any>,
    author_id: i64,
    viewer: &Viewer,
    limit: i64,
) -> Result<Vec<RecentPost>, sqlx::Error> {
    let sql = format!(
        "SELECT s.slug, s.name, t.id AS thread_id, t.title, p.id AS post_id, p.created_at, \
         p.body_md FROM posts p JOIN threads t ON t.id = p.thread_id \
         JOIN spaces s ON s.id = t.space_id \
         WHERE p.author_id = $1 AND p.deleted_at IS NULL AND p.hidden = 0 \
         AND t.deleted_at IS NULL AND t.hidden = 0 AND s.archived_at IS NULL AND {} \
         ORDER BY p.created_at DESC, p.id DESC LIMIT $2",
        visible_spaces_sql(viewer)
    );
    let rows = sqlx::query(&sql)
        .bind(author_id)
        .bind(limit)
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|r| {
            let body: String = r.try_get("body_md")?;
            let mut excerpt: String = body.chars().take(200).collect();
            if body.chars().count() > 200 {
                excerpt.push('…');
            }
            Ok(RecentPost {
                space_slug: r.try_get("slug")?,
                space_name: r.try_get("name")?,
                thread_id: r.try_get("thread_id")?,
                thread_title: r.try_get("title")?,
                post_id: r.try_get("post_id")?,
                created_at: r.try_get("created_at")?,
                excerpt,
            })
        })
        .collect()
}
