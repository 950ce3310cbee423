//! The network directory: working groups — spaces their owners marked as such, with topic,
//! countries, the focal points of those countries (for signed-in readers), members, posts
//! of the last 30 days and how to join — and the people who chose to be listed (for
//! signed-in readers), each filtered by country, language and words. A working group is
//! listed only to those who may see its space.

use crate::backend::kept;
use crate::backend::store::{countries, country_roles, network as store};
use crate::backend::{Cx, ServerError};
use crate::model::country::CountryName;
use crate::model::network::{
    ListedPerson, MyListing, NetworkAsked, NetworkPage, PersonLine, SpaceLine, WorkingGroup,
};
use crate::model::search::fold;
use crate::model::user::CountryRole;

/// How far back "recent activity" looks, in days.
pub const ACTIVITY_DAYS: i64 = 30;

/// Where a refused listing form is kept.
pub fn scope() -> String {
    "network:listing".into()
}

/// Lower-case, accents folded: how words are compared.
fn folded(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(fold)
        .collect()
}

/// Whether every word of `query` is in one of `texts`.
fn has_words(query: &[String], texts: &[&str]) -> bool {
    let hay = folded(&texts.join(" "));
    query.iter().all(|w| hay.contains(w.as_str()))
}

/// The directory for `asked`.
pub async fn page(
    cx: &Cx,
    asked: &NetworkAsked,
    form: Option<&str>,
) -> Result<NetworkPage, ServerError> {
    let pool = &cx.db().pool;
    let all: Vec<CountryName> = countries::list(pool)
        .await?
        .into_iter()
        .map(CountryName::from)
        .collect();
    let country = asked.country.trim().to_ascii_uppercase();
    let language = asked.language.trim().to_ascii_lowercase();
    let query: Vec<String> = folded(&asked.q)
        .split_whitespace()
        .take(12)
        .map(String::from)
        .collect();
    let name = |code: &str| {
        all.iter()
            .find(|c| c.code == code)
            .cloned()
            .unwrap_or_else(|| CountryName {
                code: code.to_string(),
                ..CountryName::default()
            })
    };
    let signed_in = cx.viewer.user().is_some();
    let mut conn = pool.acquire().await?;
    let since = cx.now - ACTIVITY_DAYS * 86_400;
    let mut groups = Vec::new();
    for g in store::visible_groups(&mut conn, &cx.viewer, since).await? {
        if !country.is_empty() && !g.countries.contains(&country) {
            continue;
        }
        if !has_words(&query, &[&g.name, &g.topic, &g.how_to_join]) {
            continue;
        }
        let focal_points = if signed_in {
            let mut people: Vec<PersonLine> = Vec::new();
            for c in &g.countries {
                for (username, display_name) in
                    country_roles::holder_names(&mut *conn, c, CountryRole::FocalPoint).await?
                {
                    if !people.iter().any(|p| p.username == username) {
                        people.push(PersonLine {
                            username,
                            display_name,
                        });
                    }
                }
            }
            Some(people)
        } else {
            None
        };
        groups.push(WorkingGroup {
            space: SpaceLine {
                slug: g.slug,
                name: g.name,
                visibility: g.visibility,
            },
            countries: g.countries.iter().map(|c| name(c)).collect(),
            topic: g.topic,
            how_to_join: g.how_to_join,
            focal_points,
            members: g.members,
            posts_30_days: g.posts_since,
        });
    }
    let people = match cx.viewer.user() {
        None => None,
        Some(_) => Some(
            store::listings(&mut *conn)
                .await?
                .into_iter()
                .filter(|p| country.is_empty() || p.country.as_deref() == Some(country.as_str()))
                .filter(|p| {
                    language.is_empty() || p.languages.split(',').any(|l| l.trim() == language)
                })
                .filter(|p| {
                    has_words(
                        &query,
                        &[&p.display_name, &p.organisation, &p.position, &p.expertise],
                    )
                })
                .map(|p| ListedPerson {
                    country: p.country.as_deref().map(name),
                    languages: p
                        .languages
                        .split(',')
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(String::from)
                        .collect(),
                    username: p.username,
                    display_name: p.display_name,
                    organisation: p.organisation,
                    position: p.position,
                    expertise: p.expertise,
                })
                .collect(),
        ),
    };
    let me = match cx.viewer.user() {
        None => None,
        Some(u) => Some(match store::listing_of(&mut *conn, u.id).await? {
            Some((position, expertise)) => MyListing {
                listed: true,
                position,
                expertise,
            },
            None => MyListing::default(),
        }),
    };
    Ok(NetworkPage {
        asked: NetworkAsked {
            country,
            language,
            q: asked.q.clone(),
        },
        groups,
        people,
        countries: all,
        me,
        kept: kept::kept(cx, &scope(), form).await?,
    })
}
