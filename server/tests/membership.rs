//! Space owners manage their members: add by username or email, change roles, remove,
//! answer requests to join. Everyone else is refused with a clear outcome, nothing changes,
//! and every change is in the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::backend::{demo, now, store};
use http::{header, StatusCode};

use common::{form_post, get_as, send, sign_in};

const PRIVATE: &str = "/spaces/colombia-plan-operativo";
const NETWORK: &str = "/spaces/brasil-rede-de-atencao";

fn location(res: &common::Reply) -> String {
    res.headers
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn post(r: &axum::Router, uri: &str, cookie: &str, body: &str) -> common::Reply {
    send(r, form_post(uri, Some(cookie), body.to_string())).await
}

async fn role(db: &app::backend::Db, slug: &str, username: &str) -> Option<String> {
    let space = store::spaces::by_slug(&db.pool, slug)
        .await
        .unwrap()
        .unwrap();
    let user = store::users::id_of(&db.pool, username)
        .await
        .unwrap()
        .unwrap();
    store::members::role_of(&db.pool, space.id, user)
        .await
        .unwrap()
        .map(|r| r.as_str().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_adds_re_roles_and_removes_members() {
    for t in common::all_databases().await {
        demo::load(&t.db, now()).await.unwrap();
        let r = common::router(&t.db);
        let carlos = sign_in(&r, "carlos.mejia").await; // owner of the private space
        let ana = sign_in(&r, "ana.quispe").await;
        assert_eq!(
            get_as(&r, PRIVATE, Some(&ana)).await.status,
            StatusCode::NOT_FOUND
        );

        // Added by username: Ana now sees the private space and its members.
        let res = post(
            &r,
            &format!("{PRIVATE}/members/add"),
            &carlos,
            "who=ana.quispe&role=member",
        )
        .await;
        assert_eq!(location(&res), format!("{PRIVATE}?done=added#members"));
        let page = get_as(&r, PRIVATE, Some(&ana)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("@carlos.mejia") && page.body.contains("@ana.quispe"));
        assert!(
            !page.body.contains("members/add"),
            "members do not get the owner's forms"
        );

        // A member who is not an owner cannot manage members.
        let res = post(
            &r,
            &format!("{PRIVATE}/members/add"),
            &ana,
            "who=joana.silva&role=owner",
        )
        .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN);
        assert_eq!(
            role(&t.db, "colombia-plan-operativo", "joana.silva").await,
            None
        );
        // Someone who cannot see the space learns nothing about it.
        let joana = sign_in(&r, "joana.silva").await;
        let res = post(
            &r,
            &format!("{PRIVATE}/members/add"),
            &joana,
            "who=joana.silva&role=owner",
        )
        .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        // Nobody signed in: 401.
        let res = send(
            &r,
            form_post(&format!("{PRIVATE}/members/add"), None, "who=x&role=member"),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);

        // Change of role; the last owner cannot step down; bad input changes nothing.
        let res = post(
            &r,
            &format!("{PRIVATE}/members/role"),
            &carlos,
            "username=ana.quispe&role=moderator",
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{PRIVATE}?done=role_changed#members")
        );
        assert_eq!(
            role(&t.db, "colombia-plan-operativo", "ana.quispe")
                .await
                .as_deref(),
            Some("moderator")
        );
        let res = post(
            &r,
            &format!("{PRIVATE}/members/role"),
            &carlos,
            "username=carlos.mejia&role=member",
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{PRIVATE}?error=last_owner#members")
        );
        assert_eq!(
            role(&t.db, "colombia-plan-operativo", "carlos.mejia")
                .await
                .as_deref(),
            Some("owner")
        );
        let res = post(
            &r,
            &format!("{PRIVATE}/members/role"),
            &carlos,
            "username=ana.quispe&role=emperor",
        )
        .await;
        assert_eq!(location(&res), format!("{PRIVATE}?error=bad_role#members"));
        let res = post(
            &r,
            &format!("{PRIVATE}/members/add"),
            &carlos,
            "who=nobody-here&role=member",
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{PRIVATE}?error=unknown_user#members")
        );
        let res = post(
            &r,
            &format!("{PRIVATE}/members/add"),
            &carlos,
            "who=ana.quispe&role=member",
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{PRIVATE}?error=already_member#members")
        );
        let page = get_as(&r, &format!("{PRIVATE}?error=last_owner"), Some(&carlos)).await;
        assert!(
            page.body.contains("at least one owner"),
            "the refusal is explained"
        );

        // Removed: the private space is hidden from Ana again.
        let res = post(
            &r,
            &format!("{PRIVATE}/members/remove"),
            &carlos,
            "username=ana.quispe",
        )
        .await;
        assert_eq!(location(&res), format!("{PRIVATE}?done=removed#members"));
        assert_eq!(
            get_as(&r, PRIVATE, Some(&ana)).await.status,
            StatusCode::NOT_FOUND
        );
        // The last owner cannot leave either.
        let res = post(
            &r,
            &format!("{PRIVATE}/members/remove"),
            &carlos,
            "username=carlos.mejia",
        )
        .await;
        assert_eq!(
            location(&res),
            format!("{PRIVATE}?error=last_owner#members")
        );

        for event in [
            "membership_added",
            "membership_role_changed",
            "membership_removed",
        ] {
            assert_eq!(
                store::audit::count(&t.db.pool, event).await.unwrap(),
                1,
                "{event}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_ask_to_join_and_owners_answer() {
    let t = common::sqlite().await;
    demo::load(&t.db, now()).await.unwrap();
    let r = common::router(&t.db);
    let ana = sign_in(&r, "ana.quispe").await;
    let joana = sign_in(&r, "joana.silva").await; // owner of the network space

    let page = get_as(&r, NETWORK, Some(&ana)).await;
    assert!(page.body.contains("Ask to join"));
    let res = post(
        &r,
        &format!("{NETWORK}/join"),
        &ana,
        "message=Peru+focal+point",
    )
    .await;
    assert_eq!(location(&res), format!("{NETWORK}?done=requested#members"));
    let res = post(&r, &format!("{NETWORK}/join"), &ana, "message=again").await;
    assert_eq!(
        location(&res),
        format!("{NETWORK}?error=already_requested#members")
    );
    assert!(get_as(&r, NETWORK, Some(&ana))
        .await
        .body
        .contains("waiting for an owner"));

    // The owner sees the request with its note, and approves it.
    let page = get_as(&r, NETWORK, Some(&joana)).await;
    assert!(page.body.contains("Requests to join") && page.body.contains("Peru focal point"));
    let res = post(
        &r,
        &format!("{NETWORK}/requests/decide"),
        &ana,
        "username=ana.quispe&decision=approve",
    )
    .await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "nobody approves their own request"
    );
    let res = post(
        &r,
        &format!("{NETWORK}/requests/decide"),
        &joana,
        "username=ana.quispe&decision=approve",
    )
    .await;
    assert_eq!(location(&res), format!("{NETWORK}?done=approved#members"));
    assert_eq!(
        role(&t.db, "brasil-rede-de-atencao", "ana.quispe")
            .await
            .as_deref(),
        Some("member")
    );
    let res = post(
        &r,
        &format!("{NETWORK}/requests/decide"),
        &joana,
        "username=ana.quispe&decision=approve",
    )
    .await;
    assert_eq!(
        location(&res),
        format!("{NETWORK}?error=no_request#members")
    );

    // A private space cannot be asked: it does not exist for outsiders.
    let res = post(&r, &format!("{PRIVATE}/join"), &ana, "message=").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // Leaving.
    let res = post(
        &r,
        &format!("{NETWORK}/members/remove"),
        &ana,
        "username=ana.quispe",
    )
    .await;
    assert_eq!(location(&res), "/spaces");
    assert_eq!(
        role(&t.db, "brasil-rede-de-atencao", "ana.quispe").await,
        None
    );

    // Anonymous readers of a public space see no names.
    let page = get_as(&r, "/spaces/peru-treatment-quality", None).await;
    assert!(page.body.contains("Sign in to see who belongs"));
    assert!(!page.body.contains("@ana.quispe"));
    for event in ["join_requested", "join_approved", "membership_left"] {
        assert_eq!(
            store::audit::count(&t.db.pool, event).await.unwrap(),
            1,
            "{event}"
        );
    }
}
