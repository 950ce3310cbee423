//! Form posts of the network directory: a person's own listing, and a space's
//! working-group settings. The rules are in `app::backend::network`; a refused form comes
//! back with its typed fields and a code the page explains.

use app::backend::network::{groups, listing};
use app::backend::Cx;
use axum::extract::Path;
use axum::response::Response;
use axum::Form;

use crate::forms::{answer_kept, Kept};

type Pairs = Form<Vec<(String, String)>>;

/// `POST /network/listing` (`listed`, `position`, `expertise`).
pub async fn save_listing(cx: Cx, Form(pairs): Pairs) -> Response {
    let outcome = listing::save(&cx, &pairs).await;
    let scope = app::backend::network::directory::scope();
    let kept = Kept {
        scope: &scope,
        key: "listing",
        pairs: &pairs,
    };
    let outcome = outcome.map(|_| ("/network".to_string(), "saved"));
    answer_kept(&cx, kept, "/network", "#listing", outcome).await
}

/// `POST /spaces/{slug}/working-group` (`topic`, `how_to_join`, `country`…, or `remove`).
pub async fn save_group(cx: Cx, Path(slug): Path<String>, Form(pairs): Pairs) -> Response {
    let outcome = groups::save(&cx, &slug, &pairs).await;
    let page = format!("/spaces/{slug}/settings");
    let scope = groups::scope(&slug);
    let kept = Kept {
        scope: &scope,
        key: "group",
        pairs: &pairs,
    };
    let outcome = outcome.map(|()| (page.clone(), "saved"));
    answer_kept(&cx, kept, &page, "#working-group", outcome).await
}
