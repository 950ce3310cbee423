//! Finding services: the directory's search page (words, facets, nearest first from a
//! place picked from the list) and the export of any such search as CSV. Both ask the
//! same engine as the library with the viewer's access tokens, so a service the viewer
//! may not see is never even collected; result lines are then read from the database.

use super::{geography, stale_before};
use crate::backend::search::{
    access_of, filter_pairs, SearchError, SearchIndex, SearchQuery, MAX_LIMIT,
};
use crate::backend::spreadsheet;
use crate::backend::store::{countries, services as store};
use crate::backend::{Cx, ServerError};
use crate::model::country::CountryName;
use crate::model::search::{is_token, normalise_query, Filters, ItemKind, Sort};
use crate::model::service::{DirectoryAsked, DirectoryPage, CSV_COLUMNS, DIRECTORY_PAGE};

/// Most rows one export writes.
pub const MAX_EXPORT: usize = 50_000;

/// The engine query for `asked`, and the place distances are measured from.
fn query(
    cx: &Cx,
    asked: &DirectoryAsked,
) -> Result<(SearchQuery, Option<(f64, f64)>), ServerError> {
    let country = match asked
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        Some(c) if is_token(c) => Some(c.to_ascii_uppercase()),
        Some(_) => {
            return Err(ServerError::Invalid(
                "the country filter takes a country code".into(),
            ))
        }
        None => None,
    };
    let filters = Filters {
        kind: Some(ItemKind::Service),
        country,
        service: asked.filters.clone(),
        ..Filters::default()
    };
    filter_pairs(&filters).map_err(|e| ServerError::Invalid(e.to_string()))?;
    let near = asked
        .near
        .as_deref()
        .and_then(geography::place)
        .map(|p| (p.latitude, p.longitude));
    let sort = match (asked.sort, near) {
        (Sort::Distance, None) => Sort::Relevance,
        (s, _) => s,
    };
    Ok((
        SearchQuery {
            text: normalise_query(&asked.q),
            access: access_of(&cx.viewer),
            filters,
            sort,
            prefix: false,
            limit: DIRECTORY_PAGE,
            offset: asked
                .page
                .max(1)
                .saturating_sub(1)
                .saturating_mul(DIRECTORY_PAGE),
            near,
        },
        near,
    ))
}

fn ids(keys: impl IntoIterator<Item = String>) -> Vec<i64> {
    keys.into_iter()
        .filter_map(|k| k.strip_prefix("service-").and_then(|id| id.parse().ok()))
        .collect()
}

/// The directory's page for `asked`.
pub async fn page(cx: &Cx, asked: &DirectoryAsked) -> Result<DirectoryPage, ServerError> {
    let (request, near) = query(cx, asked)?;
    let pool = &cx.db().pool;
    let all_countries = countries::list(pool).await?;
    let regions = store::regions(pool).await?;
    let with_services: Vec<&str> = regions.iter().map(|(c, _)| c.as_str()).collect();
    let chosen = request.filters.country.clone();
    let mut page = DirectoryPage {
        asked: DirectoryAsked {
            sort: request.sort,
            page: asked.page.max(1),
            ..asked.clone()
        },
        regions: regions
            .iter()
            .filter(|(c, _)| chosen.as_deref().is_none_or(|x| x == c))
            .map(|(_, r)| (geography::slug(r), r.clone()))
            .collect(),
        countries: all_countries
            .into_iter()
            .filter(|c| with_services.contains(&c.code.as_str()))
            .map(CountryName::from)
            .collect(),
        terms: store::terms(pool).await?,
        places: geography::places()
            .into_iter()
            .filter(|p| match &chosen {
                Some(c) => &p.country == c,
                None => with_services.contains(&p.country.as_str()),
            })
            .collect(),
        editor: !super::editable_countries(cx).await?.is_empty(),
        ..DirectoryPage::default()
    };
    page.regions.dedup();
    match cx.state.search.search(&request).await {
        Ok(results) => {
            let found = ids(results.hits.into_iter().map(|h| h.key));
            let mut conn = pool.acquire().await?;
            page.hits = store::hits(&mut conn, &found, near, &stale_before(cx)).await?;
            page.total = results.total;
            page.facets = results.facets;
        }
        Err(e @ SearchError::BadFilter(_)) => return Err(ServerError::Invalid(e.to_string())),
        Err(e) => {
            tracing::warn!("directory search failed: {e}");
            page.unavailable = true;
        }
    }
    Ok(page)
}

/// Every service `asked` finds (not only one page), as CSV in [`CSV_COLUMNS`] — the file
/// an import takes back.
pub async fn export(cx: &Cx, asked: &DirectoryAsked) -> Result<String, ServerError> {
    let (mut request, _) = query(cx, asked)?;
    request.limit = MAX_LIMIT;
    request.offset = 0;
    let mut found = Vec::new();
    loop {
        let results = cx
            .state
            .search
            .search(&request)
            .await
            .map_err(|e| match e {
                SearchError::BadFilter(_) => ServerError::Invalid(e.to_string()),
                e => ServerError::Internal(format!("exporting the directory: {e}")),
            })?;
        let n = results.hits.len();
        found.extend(ids(results.hits.into_iter().map(|h| h.key)));
        if n < MAX_LIMIT || found.len() >= MAX_EXPORT {
            break;
        }
        request.offset += n;
    }
    found.truncate(MAX_EXPORT);
    let mut conn = cx.db().pool.acquire().await?;
    let mut rows = Vec::with_capacity(found.len());
    for chunk in found.chunks(500) {
        for record in store::by_ids(&mut conn, chunk).await? {
            rows.push(
                record
                    .cells()
                    .into_iter()
                    .map(|(_, v)| v)
                    .collect::<Vec<_>>(),
            );
        }
    }
    spreadsheet::write(&CSV_COLUMNS, rows)
}
