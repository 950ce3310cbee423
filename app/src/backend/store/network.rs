//! Network-directory tables: working groups (a space's topic, countries and how to join)
//! and the listings of people who chose to be listed. Access rules are the caller's
//! (`backend::network`); these only read and write.

use std::collections::HashMap;

use sqlx::{Any, AnyConnection, Executor, Row};

use crate::backend::access::{visible_spaces_sql, Viewer};

/// A working group as stored, with its space's name and counts.
pub struct GroupRow {
    pub space_id: i64,
    pub slug: String,
    pub name: String,
    pub visibility: String,
    pub topic: String,
    pub how_to_join: String,
    pub countries: Vec<String>,
    pub members: i64,
    pub posts_since: i64,
}

/// The working groups whose space `viewer` may see, by name, with their members and the
/// posts written in them since `since` (unix seconds).
pub async fn visible_groups(
    conn: &mut AnyConnection,
    viewer: &Viewer,
    since: i64,
) -> Result<Vec<GroupRow>, sqlx::Error> {
    let sql = format!(
        "SELECT s.id, s.slug, s.name, s.visibility, g.topic, g.how_to_join, \
         (SELECT COUNT(*) FROM space_members m WHERE m.space_id = s.id) AS members, \
         (SELECT COUNT(*) FROM posts p JOIN threads t ON t.id = p.thread_id \
          WHERE t.space_id = s.id AND p.created_at >= $1) AS posts_since \
         FROM working_groups g JOIN spaces s ON s.id = g.space_id \
         WHERE s.archived_at IS NULL AND s.ta_country IS NULL AND {} ORDER BY s.name, s.id",
        visible_spaces_sql(viewer)
    );
    let mut groups: Vec<GroupRow> = sqlx::query(&sql)
        .bind(since)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(GroupRow {
                space_id: r.try_get("id")?,
                slug: r.try_get("slug")?,
                name: r.try_get("name")?,
                visibility: r.try_get("visibility")?,
                topic: r.try_get("topic")?,
                how_to_join: r.try_get("how_to_join")?,
                countries: Vec::new(),
                members: r.try_get("members")?,
                posts_since: r.try_get("posts_since")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    let at: HashMap<i64, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.space_id, i))
        .collect();
    for r in sqlx::query(
        "SELECT space_id, country_code FROM working_group_countries ORDER BY country_code",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        if let Some(&i) = at.get(&r.try_get::<i64, _>("space_id")?) {
            groups[i].countries.push(r.try_get("country_code")?);
        }
    }
    Ok(groups)
}

/// A space's working-group settings: topic, how to join, countries; None when it is not
/// one.
pub async fn group_of(
    conn: &mut AnyConnection,
    space: i64,
) -> Result<Option<(String, String, Vec<String>)>, sqlx::Error> {
    let Some(row) =
        sqlx::query("SELECT topic, how_to_join FROM working_groups WHERE space_id = $1")
            .bind(space)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(None);
    };
    let countries = sqlx::query(
        "SELECT country_code FROM working_group_countries WHERE space_id = $1 \
         ORDER BY country_code",
    )
    .bind(space)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get("country_code"))
    .collect::<Result<_, _>>()?;
    Ok(Some((
        row.try_get("topic")?,
        row.try_get("how_to_join")?,
        countries,
    )))
}

/// Makes `space` a working group, or changes it. Run inside the caller's transaction.
pub async fn set_group(
    conn: &mut AnyConnection,
    space: i64,
    topic: &str,
    how_to_join: &str,
    countries: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    remove_group(&mut *conn, space).await?;
    sqlx::query(
        "INSERT INTO working_groups (space_id, topic, how_to_join, updated_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(space)
    .bind(topic)
    .bind(how_to_join)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    for c in countries {
        sqlx::query("INSERT INTO working_group_countries (space_id, country_code) VALUES ($1, $2)")
            .bind(space)
            .bind(c)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// `space` is no longer a working group.
pub async fn remove_group(conn: &mut AnyConnection, space: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM working_group_countries WHERE space_id = $1")
        .bind(space)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM working_groups WHERE space_id = $1")
        .bind(space)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A listing as stored, with the person's own profile fields.
pub struct ListingRow {
    pub username: String,
    pub display_name: String,
    pub country: Option<String>,
    pub organisation: String,
    pub languages: String,
    pub position: String,
    pub expertise: String,
}

/// Everyone listed, by name.
pub async fn listings<'e>(
    db: impl Executor<'e, Database = Any>,
) -> Result<Vec<ListingRow>, sqlx::Error> {
    sqlx::query(
        "SELECT u.username, u.display_name, u.country_code, u.organisation, u.languages, \
         l.position, l.expertise FROM network_listings l JOIN users u ON u.id = l.user_id \
         ORDER BY u.display_name, u.username",
    )
    .fetch_all(db)
    .await?
    .iter()
    .map(|r| {
        Ok(ListingRow {
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            country: r.try_get("country_code")?,
            organisation: r.try_get("organisation")?,
            languages: r.try_get("languages")?,
            position: r.try_get("position")?,
            expertise: r.try_get("expertise")?,
        })
    })
    .collect()
}

/// `user`'s listing: position and expertise; None when they are not listed.
pub async fn listing_of<'e>(
    db: impl Executor<'e, Database = Any>,
    user: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query("SELECT position, expertise FROM network_listings WHERE user_id = $1")
        .bind(user)
        .fetch_optional(db)
        .await?
        .map(|r| Ok((r.try_get("position")?, r.try_get("expertise")?)))
        .transpose()
}

/// Lists `user` (or changes their listing); with `listed` false, unlists them.
pub async fn set_listing(
    conn: &mut AnyConnection,
    user: i64,
    listed: bool,
    position: &str,
    expertise: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM network_listings WHERE user_id = $1")
        .bind(user)
        .execute(&mut *conn)
        .await?;
    if listed {
        sqlx::query(
            "INSERT INTO network_listings (user_id, position, expertise, listed_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(user)
        .bind(position)
        .bind(expertise)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
