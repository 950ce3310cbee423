//! The access matrix: every route and server function × every kind of viewer × every kind
//! of space, with the expected outcome written out by hand (not computed from the access
//! rule it checks). It fails when the application has a route or server function that the
//! table does not list.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;

use app::backend::{auth::password, demo, now, store};
use app::model::user::PlatformRole;
use axum::body::Body;
use http::{header, Method, Request};

use common::{form_post, HOST, ORIGIN};

/// Who is asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// Signed in, member of none of the three spaces.
    NonMember,
    /// Member of all three spaces.
    Member,
    /// Moderator of all three spaces.
    Moderator,
    /// Country publisher and directory editor (for Colombia, the private space's
    /// country), member of none.
    Publisher,
    /// Technical-assistance staff, member of none.
    Staff,
    Admin,
    /// A member of another country (Peru) asking for Colombia's things; member of none.
    OtherCountry,
    /// Signed in while a member of all three spaces, then removed from them (the session
    /// stays): from then on, a non-member.
    Removed,
    /// Signed in while Colombia's, then moved to Peru by an admin: from then on, another
    /// country's member.
    Moved,
    /// Signed in as TA staff, then made a plain member: from then on, a non-member.
    Demoted,
}
const EVERYONE: [Who; 11] = [
    Who::Anonymous,
    Who::NonMember,
    Who::Publisher,
    Who::Member,
    Who::Moderator,
    Who::Staff,
    Who::Admin,
    Who::OtherCountry,
    Who::Removed,
    Who::Moved,
    Who::Demoted,
];

/// Whose rights a viewer has now: those whose rights changed mid-session, and another
/// country's member, have exactly a non-member's.
fn acts_as(who: Who) -> Who {
    match who {
        Who::OtherCountry | Who::Removed | Who::Moved | Who::Demoted => Who::NonMember,
        w => w,
    }
}

/// The account behind each signed-in viewer.
fn username(who: Who) -> Option<&'static str> {
    Some(match who {
        Who::Anonymous => return None,
        Who::NonMember => "matrix.outsider",
        Who::Publisher => "matrix.publisher",
        Who::Member => "matrix.member",
        Who::Moderator => "matrix.moderator",
        Who::Staff => "matrix.staff",
        Who::Admin => "matrix.admin",
        Who::OtherCountry => "matrix.other",
        Who::Removed => "matrix.removed",
        Who::Moved => "matrix.moved",
        Who::Demoted => "matrix.demoted",
    })
}

/// A page a mid-session viewer could read before the change (and what it answered).
fn had_before(who: Who) -> Option<(String, u16)> {
    match who {
        Who::Removed => Some((format!("/spaces/{}", Space::Private.slug()), 200)),
        Who::Moved => Some((format!("/requests/{}", request()), 200)),
        Who::Demoted => Some(("/requests/queue".to_string(), 200)),
        _ => None,
    }
}

/// What changes the rights of the mid-session viewers, done by an admin through the same
/// backend functions as the admin pages, after the viewer signed in.
async fn change_rights(platform: &common::TestApp, who: Who) {
    let admin = platform.cx_of("matrix.admin").await;
    match who {
        Who::Removed => {
            for s in SPACES {
                app::backend::membership::remove(&admin, s.slug(), "matrix.removed")
                    .await
                    .unwrap();
            }
        }
        Who::Moved => {
            app::backend::affiliation::set_by_admin(&admin, "matrix.moved", "PE")
                .await
                .unwrap();
        }
        Who::Demoted => {
            app::backend::admin::change_role(&admin, "matrix.demoted", PlatformRole::Member)
                .await
                .unwrap();
        }
        _ => {}
    }
}

#[derive(Clone, Copy, Debug)]
enum Space {
    Public,
    Network,
    Private,
}
const SPACES: [Space; 3] = [Space::Public, Space::Network, Space::Private];

impl Space {
    fn slug(self) -> &'static str {
        match self {
            Space::Public => "peru-treatment-quality",
            Space::Network => "brasil-rede-de-atencao",
            Space::Private => "colombia-plan-operativo",
        }
    }
}

/// Expected status of reading `space` as `who`: seen (200) or indistinguishable from
/// missing (404).
fn space_read(who: Who, space: Space) -> u16 {
    use {Space::*, Who::*};
    match (space, who) {
        (Public, _) => 200,
        (Network, Anonymous) => 404,
        (Network, _) => 200,
        (Private, Member | Moderator | Admin) => 200,
        (Private, Anonymous | NonMember | Publisher | Staff) => 404,
        (Private, OtherCountry | Removed | Moved | Demoted) => 404,
    }
}

/// Managing a space's members: sign-in first, then the space must be visible (404 hides
/// it), then only owners and admins (no viewer in this table owns a space).
fn manage(who: Who, space: Option<Space>) -> u16 {
    match (who, space_read(who, space.unwrap())) {
        (Who::Anonymous, _) => 401,
        (_, 404) => 404,
        (Who::Admin, _) => 303,
        _ => 403,
    }
}

/// Asking to join: private spaces cannot be asked; elsewhere the form answers (done, or
/// "already a member").
fn join(who: Who, space: Option<Space>) -> u16 {
    match (who, space_read(who, space.unwrap()), space.unwrap()) {
        (Who::Anonymous, _, _) => 401,
        (_, 404, _) => 404,
        (_, _, Space::Private) => 403,
        _ => 303,
    }
}

/// Admin pages and actions: `ok` for admins, and for everyone else they do not exist.
fn admin_only(ok: u16) -> fn(Who, Option<Space>) -> u16 {
    match ok {
        200 => |w, _| if matches!(w, Who::Admin) { 200 } else { 404 },
        _ => |w, _| if matches!(w, Who::Admin) { 303 } else { 404 },
    }
}

/// Taking part in a space's discussions (starting, replying): sign-in first, then the
/// space must be visible, then a member role (or TA staff, or admin).
fn participate(who: Who, space: Option<Space>) -> u16 {
    match (who, space_read(who, space.unwrap())) {
        (Who::Anonymous, _) => 401,
        (_, 404) => 404,
        (Who::NonMember | Who::Publisher, _) => 403,
        _ => 303,
    }
}

/// As [`participate`], for the compose pages and their server function (200 when allowed).
fn participate_page(who: Who, space: Option<Space>) -> u16 {
    match participate(who, space) {
        303 => 200,
        other => other,
    }
}

/// Starting a space: admins, TA staff, and country publishers (for their country).
fn creator(ok: u16) -> fn(Who, Option<Space>) -> u16 {
    match ok {
        200 => |w, _| match w {
            Who::Anonymous => 401,
            Who::Publisher | Who::Staff | Who::Admin => 200,
            _ => 403,
        },
        _ => |w, _| match w {
            Who::Anonymous => 401,
            Who::Publisher | Who::Staff | Who::Admin => 303,
            _ => 403,
        },
    }
}

/// As [`manage`], for pages and server functions that answer 200.
fn manage_page(who: Who, space: Option<Space>) -> u16 {
    match manage(who, space) {
        303 => 200,
        other => other,
    }
}

/// Moderating: the space's moderators and admins (refused with a message here: the action
/// in the table is not one there is).
fn moderate(who: Who, space: Option<Space>) -> u16 {
    match (who, space_read(who, space.unwrap())) {
        (Who::Anonymous, _) => 401,
        (_, 404) => 404,
        (Who::Moderator | Who::Admin, _) => 303,
        _ => 403,
    }
}

/// Editing the fixture post, which `matrix.member` wrote: only its author.
fn author_only(ok: u16) -> fn(Who, Option<Space>) -> u16 {
    match ok {
        200 => |w, s| match (w, space_read(w, s.unwrap())) {
            (Who::Anonymous, _) => 401,
            (_, 404) => 404,
            (Who::Member, _) => 200,
            _ => 403,
        },
        _ => |w, s| match (w, space_read(w, s.unwrap())) {
            (Who::Anonymous, _) => 401,
            (_, 404) => 404,
            (Who::Member, _) => 303,
            _ => 403,
        },
    }
}

/// A post's history: its author and the space's moderators (and admins).
fn history(who: Who, space: Option<Space>) -> u16 {
    match (who, space_read(who, space.unwrap())) {
        (Who::Anonymous, _) => 401,
        (_, 404) => 404,
        (Who::Member | Who::Moderator | Who::Admin, _) => 200,
        _ => 403,
    }
}

/// The thread, post and draft made in each space for this run of the matrix (one database
/// at a time): `(space slug, thread id, post id, draft id)`.
/// The fixture library submission (Colombia's, by the matrix publisher).
static SUBMISSION: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn submission() -> i64 {
    SUBMISSION.load(std::sync::atomic::Ordering::SeqCst)
}

/// The fixture services: Colombia's, one listed publicly, one not (its operator did not
/// consent), and a correction a reader reported on the listed one.
static SERVICE_LISTED: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
static SERVICE_UNLISTED: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
static CORRECTION: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// The quality fixtures: an instrument version, Colombia's campaign and its assessment.
static VERSION: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
static CAMPAIGN: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
static ASSESSMENT: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// The funding fixture: a mechanism open to Colombia, with a deadline ahead.
static MECHANISM: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn mechanism() -> i64 {
    MECHANISM.load(std::sync::atomic::Ordering::SeqCst)
}

/// The mission fixture: Colombia's, at the service level, visiting the listed service, its
/// team matrix.staff alone (Colombia has no focal point in the matrix); an item of its
/// checklist; and the demo staff member's calendar-feed secret.
static MISSION: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
static MISSION_ITEM: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
static FEED: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

fn mission() -> i64 {
    MISSION.load(std::sync::atomic::Ordering::SeqCst)
}

/// A mission and its report are seen by its team, the country's focal points and staff;
/// to everyone else they do not exist (visitors included).
fn mission_read(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Staff | Who::Admin => 200,
        _ => 404,
    }
}

/// Writing to a mission: visitors are asked to sign in; its people get an answer (done
/// or refused, a 303 back to the page); for everyone else it does not exist.
fn mission_write(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        Who::Staff | Who::Admin => 303,
        _ => 404,
    }
}

fn version() -> i64 {
    VERSION.load(std::sync::atomic::Ordering::SeqCst)
}
fn campaign() -> i64 {
    CAMPAIGN.load(std::sync::atomic::Ordering::SeqCst)
}
fn assessment() -> i64 {
    ASSESSMENT.load(std::sync::atomic::Ordering::SeqCst)
}

/// Signed-in people read instruments and the quality page; visitors are asked to sign in.
fn signed_in_reads(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        _ => 200,
    }
}

/// Who sees every assessment of Colombia's campaign: its lead and assessor (staff) and
/// admins (Colombia has no focal point in the matrix).
fn runs_campaign(w: Who) -> bool {
    matches!(w, Who::Staff | Who::Admin)
}

/// The campaign and its results: those who run it, and Colombia's publisher (who may
/// publish the aggregated results); to everyone else it does not exist.
fn campaign_read(w: Who, _: Option<Space>) -> u16 {
    match w {
        w if runs_campaign(w) => 200,
        Who::Publisher => 200,
        _ => 404,
    }
}

/// One service's assessment: those who run the campaign and its respondent (the matrix
/// member); a publisher sees only aggregated results.
fn assessment_read(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        w if runs_campaign(w) => 200,
        Who::Member => 200,
        _ => 404,
    }
}

/// A form of the assessment: sign in, see it (else 404), then the step's rules answer
/// (refusals go back to the page, 303).
fn assessment_write(w: Who, _: Option<Space>) -> u16 {
    match assessment_read(w, None) {
        200 => 303,
        other => other,
    }
}

fn listed() -> i64 {
    SERVICE_LISTED.load(std::sync::atomic::Ordering::SeqCst)
}
fn unlisted() -> i64 {
    SERVICE_UNLISTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Who edits Colombia's directory: its directory editor (the matrix publisher), staff and
/// admins.
fn directory_editor(w: Who) -> bool {
    matches!(w, Who::Publisher | Who::Staff | Who::Admin)
}

/// The editors' pages and forms: 401 signed out, `ok` for editors, 403 for others.
fn directory_pages(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        w if directory_editor(w) => 200,
        _ => 403,
    }
}

/// An unlisted service, to read: editors (and Colombia's focal points, of whom the
/// matrix has none); to everyone else it does not exist.
fn unlisted_read(w: Who, _: Option<Space>) -> u16 {
    if directory_editor(w) {
        200
    } else {
        404
    }
}

/// Changing an unlisted service: sign-in first, then it must be visible (404 hides it),
/// then the form answers.
fn unlisted_write(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        w if directory_editor(w) => 303,
        _ => 404,
    }
}

/// Importing services: editors reach the upload, which the matrix's form body is not
/// (400); others may not (403).
fn directory_importer(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        w if directory_editor(w) => 400,
        _ => 403,
    }
}

/// Everyone, signed in or not.
fn anyone(_: Who, _: Option<Space>) -> u16 {
    200
}

/// Who may read a submission: its country's publisher, TA staff, admins (404 otherwise).
fn submission_reader(w: Who) -> bool {
    matches!(w, Who::Publisher | Who::Staff | Who::Admin)
}

/// The fixture affiliation request (matrix.outsider asks to be Colombia's).
static AFFILIATION: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn affiliation() -> i64 {
    AFFILIATION.load(std::sync::atomic::Ordering::SeqCst)
}

/// The fixture technical-assistance request (Colombia's, filed by `matrix.member`, whose
/// country is Colombia).
static REQUEST: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn request() -> i64 {
    REQUEST.load(std::sync::atomic::Ordering::SeqCst)
}

/// The fixture plans in Colombia's private space: one approved (with its check-ins), one
/// submitted and waiting for the decision.
static PLANS: std::sync::Mutex<(i64, i64)> = std::sync::Mutex::new((0, 0));

/// An objective of the submitted fixture plan (comments go to its thread).
static OBJECTIVE: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

fn approved_plan() -> i64 {
    PLANS.lock().unwrap().0
}

fn submitted_plan() -> i64 {
    PLANS.lock().unwrap().1
}

/// Who may see a plan in Colombia's private space: whoever may see the space, and staff.
fn plan_reader(w: Who) -> bool {
    matches!(w, Who::Member | Who::Moderator | Who::Staff | Who::Admin)
}

/// Writing in such a plan: sign-in first, then 404 for those who may not see it; its
/// space's participants and staff write (here every form is refused with a message: 303).
fn plan_write(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        w if plan_reader(w) => 303,
        _ => 404,
    }
}

/// Commenting on such a plan's objective: sign-in first, then 404 for those who may not
/// see the plan; posting needs a place in its space (staff who are not members of the
/// private space see the plan but get 403); the empty comment is refused (303).
fn plan_comment(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        Who::Staff => 403,
        w if plan_reader(w) => 303,
        _ => 404,
    }
}

/// Adding to Colombia's register of MEM recommendations (which anyone signed in reads):
/// staff and Colombia's focal points (here refused with a message: 303); anyone else 403.
fn mem_keep(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        Who::Staff | Who::Admin => 303,
        _ => 403,
    }
}

/// Importing indicator values: staff (and focal points, of whom the matrix has none)
/// reach the upload, which the matrix's form body is not (400); others may not (403).
fn importer(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        Who::Staff | Who::Admin => 400,
        _ => 403,
    }
}

/// A validated value of Colombia's (coverage, 2024), which everyone signed in may read.
static INDICATOR_VALUE: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Deciding on such a plan (submit, approve, return): staff and the country's focal
/// points; the space's members see it but may not (403).
fn plan_decide(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        Who::Staff | Who::Admin => 303,
        Who::Member | Who::Moderator => 403,
        _ => 404,
    }
}

/// Who may see Colombia's requests: its members (here `Member`), staff and admins.
fn request_reader(w: Who) -> bool {
    matches!(w, Who::Member | Who::Staff | Who::Admin)
}

/// A request's form posts: sign-in first, then the request must be visible (404 hides
/// it), then the form answers (done, or a refusal the page explains).
fn request_post(w: Who, _: Option<Space>) -> u16 {
    match w {
        Who::Anonymous => 401,
        w if request_reader(w) => 303,
        _ => 404,
    }
}

/// Staff's pages and actions: 401 signed out, `ok` for staff and admins, 403 for others.
fn staff_only(ok: u16) -> fn(Who, Option<Space>) -> u16 {
    match ok {
        200 => |w, _| match w {
            Who::Anonymous => 401,
            Who::Staff | Who::Admin => 200,
            _ => 403,
        },
        303 => |w, _| match w {
            Who::Anonymous => 401,
            Who::Staff | Who::Admin => 303,
            _ => 403,
        },
        // Deleting a canned reply that does not exist: staff learn it is missing.
        _ => |w, _| match w {
            Who::Anonymous => 401,
            Who::Staff | Who::Admin => 404,
            _ => 403,
        },
    }
}

static FIXTURES: std::sync::Mutex<Vec<(&'static str, i64, i64, i64)>> =
    std::sync::Mutex::new(Vec::new());

/// `/spaces/{slug}/threads/{thread}` and the post's id, for the fixture thread in `space`.
fn thread_of(space: Option<Space>) -> (String, i64) {
    let slug = space.unwrap().slug();
    let fixtures = FIXTURES.lock().unwrap();
    let (_, thread, post, _) = fixtures.iter().find(|(s, ..)| *s == slug).unwrap();
    (format!("/spaces/{slug}/threads/{thread}"), *post)
}

fn thread_form(space: Option<Space>) -> String {
    let slug = space.unwrap().slug();
    let fixtures = FIXTURES.lock().unwrap();
    let (_, thread, post, _) = fixtures.iter().find(|(s, ..)| *s == slug).unwrap();
    format!("slug={slug}&thread={thread}&post={post}")
}

/// `/spaces/{slug}/drafts/{draft}` for the fixture draft in `space`, and its form fields.
fn draft_of(space: Option<Space>) -> (String, String) {
    let slug = space.unwrap().slug();
    let fixtures = FIXTURES.lock().unwrap();
    let (_, _, _, draft) = fixtures.iter().find(|(s, ..)| *s == slug).unwrap();
    (
        format!("/spaces/{slug}/drafts/{draft}"),
        format!("slug={slug}&draft={draft}"),
    )
}

/// One row: a route (method + path pattern as registered), and how to call it.
struct Row {
    method: Method,
    pattern: &'static str,
    /// The concrete request for a space (`None` when the route is not about a space).
    call: fn(Option<Space>) -> (String, Option<String>),
    per_space: bool,
    expected: fn(Who, Option<Space>) -> u16,
}

/// 401 for anonymous viewers, `ok` for everyone signed in.
fn signed_in_only(ok: u16) -> fn(Who, Option<Space>) -> u16 {
    match ok {
        200 => |w, _| {
            if matches!(w, Who::Anonymous) {
                401
            } else {
                200
            }
        },
        _ => |w, _| {
            if matches!(w, Who::Anonymous) {
                401
            } else {
                303
            }
        },
    }
}

fn table() -> Vec<Row> {
    fn page(path: &'static str) -> fn(Option<Space>) -> (String, Option<String>) {
        match path {
            "/" => |_| ("/".into(), None),
            "/spaces" => |_| ("/spaces".into(), None),
            "/library" => |_| ("/library".into(), None),
            "/requests" => |_| ("/requests".into(), None),
            "/search" => |_| ("/search?q=plan".into(), None),
            "/signin" => |_| ("/signin".into(), None),
            "/account" => |_| ("/account".into(), None),
            _ => unreachable!(),
        }
    }
    let ok = |_: Who, _: Option<Space>| 200;
    let mut rows = vec![];
    for p in [
        "/",
        "/spaces",
        "/library",
        "/requests",
        "/search",
        "/signin",
    ] {
        rows.push(Row {
            method: Method::GET,
            pattern: p,
            call: page(p),
            per_space: false,
            expected: ok,
        });
    }
    rows.extend([
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}",
            call: |s| (format!("/spaces/{}", s.unwrap().slug()), None),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::GET,
            pattern: "/healthz",
            call: |_| ("/healthz".into(), None),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::GET,
            pattern: "/readyz",
            call: |_| ("/readyz".into(), None),
            per_space: false,
            expected: ok,
        },
        // Operators' figures: for the bearer of the metrics token alone, which no session
        // is — admins included.
        Row {
            method: Method::GET,
            pattern: "/metrics",
            call: |_| ("/metrics".into(), None),
            per_space: false,
            expected: |_, _| 401,
        },
        Row {
            method: Method::POST,
            pattern: "/lang",
            call: |_| ("/lang".into(), Some("to=es&next=/".into())),
            per_space: false,
            expected: |_, _| 303,
        },
        Row {
            method: Method::GET,
            pattern: "/pkg",
            call: |_| ("/pkg/entrust.css".into(), None),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::POST,
            pattern: "/auth/signin",
            call: |_| {
                (
                    "/auth/signin".into(),
                    Some("username=nobody&password=wrong-password".into()),
                )
            },
            per_space: false,
            // A failed sign-in sends everyone back to the form.
            expected: |_, _| 303,
        },
        Row {
            method: Method::POST,
            pattern: "/auth/signout",
            call: |_| ("/auth/signout".into(), Some(String::new())),
            per_space: false,
            expected: |_, _| 303,
        },
        Row {
            method: Method::GET,
            pattern: "/account",
            call: page("/account"),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/account/sessions",
            call: |_| ("/api/account/sessions".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/auth/sessions/end",
            // Not one of the viewer's sessions: back to the account page, nothing ended.
            call: |_| ("/auth/sessions/end".into(), Some("id=0000".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/auth/password",
            // A wrong current password: back to the form with a message.
            call: |_| {
                let body =
                    "current=not-the-password&new=another-password-1&confirm=another-password-1";
                ("/auth/password".into(), Some(body.into()))
            },
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::GET,
            pattern: "/admin/audit",
            call: |_| ("/admin/audit".into(), None),
            per_space: false,
            expected: admin_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/admin/users",
            call: |_| ("/admin/users".into(), None),
            per_space: false,
            expected: admin_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/admin/users",
            call: |_| ("/api/admin/users".into(), Some("q=".into())),
            per_space: false,
            expected: admin_only(200),
        },
        // For admins: refused with a message (unknown person / bad role), nothing changed.
        Row {
            method: Method::GET,
            pattern: "/admin/domains",
            call: |_| ("/admin/domains".into(), None),
            per_space: false,
            expected: admin_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/plans/domains",
            call: |_| ("/api/plans/domains".into(), Some(String::new())),
            per_space: false,
            expected: admin_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/admin/domains",
            call: |_| ("/admin/domains".into(), Some("code=Bad+Code&name_en=x".into())),
            per_space: false,
            expected: admin_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/admin/users/role",
            call: |_| ("/admin/users/role".into(), Some("username=nobody-here&role=admin".into())),
            per_space: false,
            expected: admin_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/admin/users/country-roles",
            call: |_| ("/admin/users/country-roles".into(), Some("username=nobody-here&publisher=CO".into())),
            per_space: false,
            expected: admin_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/admin/users/country",
            call: |_| ("/admin/users/country".into(), Some("username=nobody-here&country=CO".into())),
            per_space: false,
            expected: admin_only(303),
        },
        // Country affiliation: one's own (any signed-in person), and the deciders' queue
        // (staff, admins and the country's focal points; none of the viewers here is one).
        Row {
            method: Method::POST,
            pattern: "/api/account/affiliation",
            call: |_| ("/api/account/affiliation".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        // A country there is not: refused with a message, nothing asked.
        Row {
            method: Method::POST,
            pattern: "/account/affiliation",
            call: |_| ("/account/affiliation".into(), Some("country=ZZ&note=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/account/affiliation/withdraw",
            call: |_| ("/account/affiliation/withdraw".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::GET,
            pattern: "/affiliations",
            call: |_| ("/affiliations".into(), None),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/affiliations/queue",
            call: |_| ("/api/affiliations/queue".into(), Some(String::new())),
            per_space: false,
            expected: staff_only(200),
        },
        // The fixture request (Colombia, by matrix.outsider), with a decision there is not:
        // deciders get a message, everyone else learns nothing of it.
        Row {
            method: Method::POST,
            pattern: "/affiliations/{id}/decide",
            call: |_| (format!("/affiliations/{}/decide", affiliation()), Some("decision=explode".into())),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                Who::Staff | Who::Admin => 303,
                _ => 404,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/admin/invitations",
            call: |_| ("/admin/invitations".into(), Some("role=emperor".into())),
            per_space: false,
            expected: admin_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/api/admin/audit",
            call: |_| ("/api/admin/audit".into(), Some("limit=10".into())),
            per_space: false,
            expected: admin_only(200),
        },
        // Sign-up is closed in this deployment (the default): nothing to see or post.
        Row {
            method: Method::GET,
            pattern: "/signup",
            call: |_| ("/signup".into(), None),
            per_space: false,
            expected: |_, _| 404,
        },
        Row {
            method: Method::POST,
            pattern: "/auth/signup",
            call: |_| {
                let body = "username=newbie&name=N&email=&country=&password=long-enough-pw&confirm=long-enough-pw";
                ("/auth/signup".into(), Some(body.into()))
            },
            per_space: false,
            expected: |_, _| 404,
        },
        Row {
            method: Method::POST,
            pattern: "/api/account/signup_form",
            call: |_| ("/api/account/signup_form".into(), Some("invite=".into())),
            per_space: false,
            expected: |_, _| 404,
        },
        // No provider is configured here: both steps send everyone back to sign in with a
        // message (tests/oidc.rs covers the flow with a provider).
        Row {
            method: Method::POST,
            pattern: "/auth/oidc/{provider}/start",
            call: |_| ("/auth/oidc/keycloak/start".into(), Some("next=%2F".into())),
            per_space: false,
            expected: |_, _| 303,
        },
        Row {
            method: Method::GET,
            pattern: "/auth/oidc/{provider}/callback",
            call: |_| ("/auth/oidc/keycloak/callback?state=x&code=y".into(), None),
            per_space: false,
            expected: |_, _| 303,
        },
        Row {
            method: Method::POST,
            pattern: "/api/spaces/list",
            call: |_| ("/api/spaces/list".into(), Some("limit=50".into())),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::POST,
            pattern: "/api/spaces/get",
            call: |s| {
                (
                    "/api/spaces/get".into(),
                    Some(format!("slug={}", s.unwrap().slug())),
                )
            },
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::POST,
            pattern: "/api/spaces/membership",
            call: |s| {
                (
                    "/api/spaces/membership".into(),
                    Some(format!("slug={}", s.unwrap().slug())),
                )
            },
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/members/add",
            call: |s| (format!("/spaces/{}/members/add", s.unwrap().slug()), Some("who=nobody-here&role=member".into())),
            per_space: true,
            expected: manage,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/members/role",
            call: |s| (format!("/spaces/{}/members/role", s.unwrap().slug()), Some("username=nobody-here&role=emperor".into())),
            per_space: true,
            expected: manage,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/members/remove",
            call: |s| (format!("/spaces/{}/members/remove", s.unwrap().slug()), Some("username=nobody-here".into())),
            per_space: true,
            expected: manage,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/requests/decide",
            call: |s| (format!("/spaces/{}/requests/decide", s.unwrap().slug()), Some("username=nobody-here&decision=maybe".into())),
            per_space: true,
            expected: manage,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/join",
            call: |s| (format!("/spaces/{}/join", s.unwrap().slug()), Some("message=".into())),
            per_space: true,
            expected: join,
        },
        Row {
            method: Method::POST,
            pattern: "/api/threads/list",
            call: |s| ("/api/threads/list".into(), Some(format!("slug={}", s.unwrap().slug()))),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::POST,
            pattern: "/api/threads/get",
            call: |s| ("/api/threads/get".into(), Some(format!("{}&page=1", thread_form(s)))),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/{thread}",
            call: |s| (thread_of(s).0, None),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/{thread}/unread",
            call: |s| (format!("{}/unread", thread_of(s).0), None),
            per_space: true,
            expected: |w, s| if space_read(w, s.unwrap()) == 200 { 303 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/{thread}/posts/{post}",
            call: |s| {
                let (t, p) = thread_of(s);
                (format!("{t}/posts/{p}"), None)
            },
            per_space: true,
            expected: |w, s| if space_read(w, s.unwrap()) == 200 { 303 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/library/{language}/{name}",
            call: |_| ("/library/en/matrix-doc".into(), None),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/{thread}/posts/{post}/fragment",
            call: |s| {
                let (t, p) = thread_of(s);
                (format!("{t}/posts/{p}/fragment"), None)
            },
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        // The live socket: signed-in people only; this plain GET is no WebSocket
        // handshake, so it gets no further (rooms are checked per join: tests/live.rs).
        Row {
            method: Method::GET,
            pattern: "/live/v1",
            call: |_| ("/live/v1".into(), None),
            per_space: false,
            expected: |w, _| if matches!(w, Who::Anonymous) { 401 } else { 400 },
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/new",
            call: |s| (format!("/spaces/{}/threads/new", s.unwrap().slug()), None),
            per_space: true,
            expected: participate_page,
        },
        Row {
            method: Method::POST,
            pattern: "/api/threads/compose",
            call: |s| {
                let body = format!("slug={}&kind=new_thread&quote=false&preview=false", s.unwrap().slug());
                ("/api/threads/compose".into(), Some(body))
            },
            per_space: true,
            expected: participate_page,
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/{thread}/reply",
            call: |s| (format!("{}/reply", thread_of(s).0), None),
            per_space: true,
            expected: participate_page,
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/{thread}/posts/{post}/edit",
            call: |s| {
                let (t, p) = thread_of(s);
                (format!("{t}/posts/{p}/edit"), None)
            },
            per_space: true,
            expected: author_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/threads/{thread}/posts/{post}/history",
            call: |s| {
                let (t, p) = thread_of(s);
                (format!("{t}/posts/{p}/history"), None)
            },
            per_space: true,
            expected: history,
        },
        Row {
            method: Method::POST,
            pattern: "/api/threads/history",
            call: |s| ("/api/threads/history".into(), Some(thread_form(s))),
            per_space: true,
            expected: history,
        },
        // The writes below are all refused with a message for those allowed (empty title or
        // body, an action there is not), so the table changes nothing as it runs.
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/threads",
            call: |s| (format!("/spaces/{}/threads", s.unwrap().slug()), Some("title=&body=x&intent=post".into())),
            per_space: true,
            expected: participate,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/threads/{thread}/reply",
            call: |s| (format!("{}/reply", thread_of(s).0), Some("parent=&body=&intent=post".into())),
            per_space: true,
            expected: participate,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/threads/{thread}/moderate",
            call: |s| (format!("{}/moderate", thread_of(s).0), Some("action=explode".into())),
            per_space: true,
            expected: moderate,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/threads/{thread}/posts/{post}/edit",
            call: |s| {
                let (t, p) = thread_of(s);
                (format!("{t}/posts/{p}/edit"), Some("body=&intent=post".into()))
            },
            per_space: true,
            expected: author_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/threads/{thread}/posts/{post}/moderate",
            call: |s| {
                let (t, p) = thread_of(s);
                (format!("{t}/posts/{p}/moderate"), Some("action=explode".into()))
            },
            per_space: true,
            expected: moderate,
        },
        // Deleting is destructive, so the table deletes a post that does not exist: past
        // sign-in, everyone learns only that (tests/discussion.rs covers who may delete).
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/threads/{thread}/posts/{post}/delete",
            call: |s| (format!("{}/posts/999999999/delete", thread_of(s).0), Some(String::new())),
            per_space: true,
            expected: |w, _| if matches!(w, Who::Anonymous) { 401 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/people/{username}",
            call: |_| ("/people/ana.quispe".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/people/get",
            call: |_| ("/api/people/get".into(), Some("username=ana.quispe".into())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/account/profile",
            call: |_| ("/account/profile".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/people/form",
            call: |_| ("/api/people/form".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        // An empty name: refused with a message, nothing saved.
        Row {
            method: Method::POST,
            pattern: "/account/profile",
            call: |_| ("/account/profile".into(), Some("name=&languages=en".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        // Email settings: one's own, signed in; a bad language is refused with a message.
        Row {
            method: Method::GET,
            pattern: "/account/email",
            call: |_| ("/account/email".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/email/settings",
            call: |_| ("/api/email/settings".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/account/email",
            call: |_| ("/account/email".into(), Some("each=on&language=xx".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        // Unsubscribe links need no session (the token is the proof; tests/email.rs uses
        // real ones): a token nobody holds is not found, whoever asks.
        Row {
            method: Method::GET,
            pattern: "/email/unsubscribe/{token}",
            call: |_| ("/email/unsubscribe/nobody-holds-this-token".into(), None),
            per_space: false,
            expected: |_, _| 404,
        },
        Row {
            method: Method::POST,
            pattern: "/email/unsubscribe/{token}",
            call: |_| {
                let body = "List-Unsubscribe=One-Click";
                ("/email/unsubscribe/nobody-holds-this-token".into(), Some(body.into()))
            },
            per_space: false,
            expected: |_, _| 404,
        },
        Row {
            method: Method::POST,
            pattern: "/api/email/unsubscribe",
            call: |_| {
                let body = "token=nobody-holds-this-token";
                ("/api/email/unsubscribe".into(), Some(body.into()))
            },
            per_space: false,
            expected: |_, _| 404,
        },
        Row {
            method: Method::GET,
            pattern: "/notifications",
            call: |_| ("/notifications".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/notifications/list",
            call: |_| ("/api/notifications/list".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/notifications/read",
            call: |_| ("/notifications/read".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(303),
        },
        // A level there is not: refused with a message for those who see the space.
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/watch",
            call: |s| (format!("/spaces/{}/watch", s.unwrap().slug()), Some("level=loud".into())),
            per_space: true,
            expected: |w, s| match (w, space_read(w, s.unwrap())) {
                (Who::Anonymous, _) => 401,
                (_, 404) => 404,
                _ => 303,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/api/drafts/list",
            call: |s| ("/api/drafts/list".into(), Some(format!("slug={}", s.unwrap().slug()))),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::POST,
            pattern: "/api/drafts/get",
            call: |s| ("/api/drafts/get".into(), Some(draft_of(s).1)),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::POST,
            pattern: "/api/drafts/diff",
            call: |s| ("/api/drafts/diff".into(), Some(format!("{}&from=1&to=1", draft_of(s).1))),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::POST,
            pattern: "/api/drafts/compose",
            call: |s| {
                let body = format!("{}&stale=false&preview=false", draft_of(s).1);
                ("/api/drafts/compose".into(), Some(body))
            },
            per_space: true,
            expected: participate_page,
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/drafts/{draft}",
            call: |s| (draft_of(s).0, None),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/drafts/{draft}/diff",
            call: |s| (format!("{}/diff?from=1&to=1", draft_of(s).0), None),
            per_space: true,
            expected: |w, s| space_read(w, s.unwrap()),
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/drafts/new",
            call: |s| (format!("/spaces/{}/drafts/new", s.unwrap().slug()), None),
            per_space: true,
            expected: participate_page,
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/drafts/{draft}/edit",
            call: |s| (format!("{}/edit", draft_of(s).0), None),
            per_space: true,
            expected: participate_page,
        },
        // Refused with a message for those allowed (empty title or text, a revision or a
        // status there is not): nothing changes.
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/drafts",
            call: |s| (format!("/spaces/{}/drafts", s.unwrap().slug()), Some("title=&body=x&intent=save".into())),
            per_space: true,
            expected: participate,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/drafts/{draft}/edit",
            call: |s| (format!("{}/edit", draft_of(s).0), Some("body=&base=1&intent=save".into())),
            per_space: true,
            expected: participate,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/drafts/{draft}/restore",
            call: |s| (format!("{}/restore", draft_of(s).0), Some("number=999".into())),
            per_space: true,
            expected: participate,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/drafts/{draft}/status",
            call: |s| (format!("{}/status", draft_of(s).0), Some("status=published".into())),
            per_space: true,
            expected: moderate,
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/new",
            call: |_| ("/spaces/new".into(), None),
            per_space: false,
            expected: creator(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/spaces/can_start",
            call: |_| ("/api/spaces/can_start".into(), Some(String::new())),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::POST,
            pattern: "/api/spaces/new_form",
            call: |_| ("/api/spaces/new_form".into(), Some(String::new())),
            per_space: false,
            expected: creator(200),
        },
        // A visibility there is not: refused with a message for those who may start spaces.
        Row {
            method: Method::POST,
            pattern: "/spaces",
            call: |_| ("/spaces".into(), Some("name=N&country=CO&visibility=secret".into())),
            per_space: false,
            expected: creator(303),
        },
        Row {
            method: Method::GET,
            pattern: "/spaces/{slug}/settings",
            call: |s| (format!("/spaces/{}/settings", s.unwrap().slug()), None),
            per_space: true,
            expected: manage_page,
        },
        Row {
            method: Method::POST,
            pattern: "/api/spaces/settings",
            call: |s| ("/api/spaces/settings".into(), Some(format!("slug={}", s.unwrap().slug()))),
            per_space: true,
            expected: manage_page,
        },
        // An empty name / an action there is not: refused with a message for managers.
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/settings",
            call: |s| (format!("/spaces/{}/settings", s.unwrap().slug()), Some("name=&visibility=public".into())),
            per_space: true,
            expected: manage,
        },
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/archive",
            call: |s| (format!("/spaces/{}/archive", s.unwrap().slug()), Some("action=explode".into())),
            per_space: true,
            expected: manage,
        },
        Row {
            method: Method::POST,
            pattern: "/api/library/latest",
            call: |_| ("/api/library/latest".into(), Some("limit=5".into())),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::POST,
            pattern: "/api/library/list",
            call: |_| ("/api/library/list".into(), Some("filters[kind]=guideline&filters[country]=&filters[language]=&filters[topic]=&filters[sort]=".into())),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::POST,
            pattern: "/api/library/document",
            call: |_| ("/api/library/document".into(), Some("language=en&name=matrix-doc".into())),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::GET,
            pattern: "/library/submit",
            call: |_| ("/library/submit".into(), None),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                Who::Publisher | Who::Admin => 200,
                _ => 403,
            },
        },
        Row {
            method: Method::GET,
            pattern: "/library/submissions",
            call: |_| ("/library/submissions".into(), None),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                w if submission_reader(w) => 200,
                _ => 403,
            },
        },
        Row {
            method: Method::GET,
            pattern: "/library/submissions/{id}",
            call: |_| (format!("/library/submissions/{}", submission()), None),
            per_space: false,
            expected: |w, _| if submission_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/library/submissions/{id}/edit",
            call: |_| (format!("/library/submissions/{}/edit", submission()), None),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                Who::Publisher | Who::Admin => 200,
                _ => 403,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/library/submissions",
            call: |_| ("/library/submissions".into(), Some("title=".into())),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                Who::Publisher | Who::Admin => 303,
                _ => 403,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/library/submissions/{id}/revise",
            call: |_| (format!("/library/submissions/{}/revise", submission()), Some("base=1".into())),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                Who::Publisher | Who::Admin => 303,
                Who::Staff => 403,
                _ => 404,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/library/submissions/{id}/review",
            call: |_| (format!("/library/submissions/{}/review", submission()), Some("action=explode".into())),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                w if submission_reader(w) => 303,
                _ => 404,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/api/publishing/form",
            call: |_| ("/api/publishing/form".into(), Some(String::new())),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                Who::Publisher | Who::Admin => 200,
                _ => 403,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/api/publishing/list",
            call: |_| ("/api/publishing/list".into(), Some(String::new())),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                w if submission_reader(w) => 200,
                _ => 403,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/api/publishing/page",
            call: |_| ("/api/publishing/page".into(), Some(format!("id={}", submission()))),
            per_space: false,
            expected: |w, _| if submission_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/plans",
            call: |_| ("/plans".into(), None),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::GET,
            pattern: "/plans/{id}",
            call: |_| (format!("/plans/{}", approved_plan()), None),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/plans/{id}/checkins/{months}",
            call: |_| (format!("/plans/{}/checkins/1", approved_plan()), None),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/plans/{id}/export.csv",
            call: |_| (format!("/plans/{}/export.csv", approved_plan()), None),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/plans/{id}/checkins/{months}/export.csv",
            call: |_| (format!("/plans/{}/checkins/1/export.csv", approved_plan()), None),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::GET,
            pattern: "/plans/{id}/versions",
            call: |_| (format!("/plans/{}/versions?from=1&to=2", approved_plan()), None),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::POST,
            pattern: "/api/plans/diff",
            call: |_| ("/api/plans/diff".into(), Some(format!("id={}&from=1&to=2", approved_plan()))),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::POST,
            pattern: "/api/plans/list",
            call: |_| ("/api/plans/list".into(), Some(String::new())),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::POST,
            pattern: "/api/plans/page",
            call: |_| ("/api/plans/page".into(), Some(format!("id={}", approved_plan()))),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::POST,
            pattern: "/api/plans/checkin",
            call: |_| ("/api/plans/checkin".into(), Some(format!("id={}&months=1", approved_plan()))),
            per_space: false,
            expected: |w, _| if plan_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::POST,
            pattern: "/api/plans/recommendations",
            call: |_| ("/api/plans/recommendations".into(), Some("country=CO".into())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/plans",
            call: |_| ("/plans".into(), Some("space=".into())),
            per_space: false,
            expected: |w, _| if matches!(w, Who::Anonymous) { 401 } else { 303 },
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/objectives",
            call: |_| (format!("/plans/{}/objectives", submitted_plan()), Some("title=x".into())),
            per_space: false,
            expected: plan_write,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/objectives/{objective}/lines",
            call: |_| (format!("/plans/{}/objectives/1/lines", submitted_plan()), Some("title=x".into())),
            per_space: false,
            expected: plan_write,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/lines/{line}/actions",
            call: |_| (format!("/plans/{}/lines/1/actions", submitted_plan()), Some("title=x".into())),
            per_space: false,
            expected: plan_write,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/actions/{action}",
            call: |_| (format!("/plans/{}/actions/1", submitted_plan()), Some("title=x".into())),
            per_space: false,
            expected: plan_write,
        },
        Row {
            method: Method::GET,
            pattern: "/mem/{country}",
            call: |_| ("/mem/CO".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/mem/{country}",
            call: |_| ("/mem/CO".into(), Some("round=&code=1&text=x".into())),
            per_space: false,
            expected: mem_keep,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/citations",
            call: |_| {
                let body = format!("part=objective&item={}", OBJECTIVE.load(std::sync::atomic::Ordering::SeqCst));
                (format!("/plans/{}/citations", submitted_plan()), Some(body))
            },
            per_space: false,
            expected: plan_write,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/comments",
            call: |_| {
                let body = format!("part=objective&item={}&body=", OBJECTIVE.load(std::sync::atomic::Ordering::SeqCst));
                (format!("/plans/{}/comments", submitted_plan()), Some(body))
            },
            per_space: false,
            expected: plan_comment,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/revise",
            call: |_| (format!("/plans/{}/revise", submitted_plan()), Some(String::new())),
            per_space: false,
            expected: plan_write,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/checkins/{months}",
            call: |_| (format!("/plans/{}/checkins/1", approved_plan()), Some("intent=submit".into())),
            per_space: false,
            expected: plan_write,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/submit",
            call: |_| (format!("/plans/{}/submit", submitted_plan()), Some(String::new())),
            per_space: false,
            expected: plan_decide,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/approve",
            call: |_| (format!("/plans/{}/approve", submitted_plan()), Some("authority=".into())),
            per_space: false,
            expected: plan_decide,
        },
        Row {
            method: Method::POST,
            pattern: "/plans/{id}/return",
            call: |_| (format!("/plans/{}/return", submitted_plan()), Some("reasons=".into())),
            per_space: false,
            expected: plan_decide,
        },
        Row {
            method: Method::GET,
            pattern: "/requests/new",
            call: |_| ("/requests/new".into(), None),
            per_space: false,
            expected: |w, _| if matches!(w, Who::Anonymous) { 401 } else { 200 },
        },
        Row {
            method: Method::GET,
            pattern: "/requests/queue",
            call: |_| ("/requests/queue?view=unassigned".into(), None),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/requests/figures",
            call: |_| ("/requests/figures".into(), None),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/requests/figures.csv",
            call: |_| ("/requests/figures.csv".into(), None),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/requests/canned",
            call: |_| ("/requests/canned".into(), None),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/requests/{id}",
            call: |_| (format!("/requests/{}", request()), None),
            per_space: false,
            expected: |w, _| if request_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::POST,
            pattern: "/requests",
            call: |_| ("/requests".into(), Some("title=".into())),
            per_space: false,
            expected: |w, _| if matches!(w, Who::Anonymous) { 401 } else { 303 },
        },
        Row {
            method: Method::POST,
            pattern: "/requests/{id}/reply",
            call: |_| (format!("/requests/{}/reply", request()), Some("body=".into())),
            per_space: false,
            expected: request_post,
        },
        Row {
            method: Method::POST,
            pattern: "/requests/{id}/notes",
            call: |_| (format!("/requests/{}/notes", request()), Some("body=".into())),
            per_space: false,
            expected: request_post,
        },
        Row {
            method: Method::POST,
            pattern: "/requests/{id}/update",
            call: |_| (format!("/requests/{}/update", request()), Some("status=bogus".into())),
            per_space: false,
            expected: request_post,
        },
        Row {
            method: Method::POST,
            pattern: "/requests/{id}/answer",
            call: |_| (format!("/requests/{}/answer", request()), Some("post=0".into())),
            per_space: false,
            expected: request_post,
        },
        Row {
            method: Method::POST,
            pattern: "/requests/{id}/close",
            call: |_| (format!("/requests/{}/close", request()), Some("rating=meh".into())),
            per_space: false,
            expected: request_post,
        },
        Row {
            method: Method::POST,
            pattern: "/requests/{id}/reopen",
            call: |_| (format!("/requests/{}/reopen", request()), Some(String::new())),
            per_space: false,
            expected: request_post,
        },
        Row {
            method: Method::POST,
            pattern: "/requests/canned",
            call: |_| ("/requests/canned".into(), Some("title=".into())),
            per_space: false,
            expected: staff_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/requests/canned/{id}/delete",
            call: |_| ("/requests/canned/999999/delete".into(), Some(String::new())),
            per_space: false,
            expected: staff_only(404),
        },
        Row {
            method: Method::POST,
            pattern: "/api/requests/mine",
            call: |_| ("/api/requests/mine".into(), Some(String::new())),
            per_space: false,
            expected: ok,
        },
        Row {
            method: Method::POST,
            pattern: "/api/requests/form",
            call: |_| ("/api/requests/form".into(), Some(String::new())),
            per_space: false,
            expected: |w, _| if matches!(w, Who::Anonymous) { 401 } else { 200 },
        },
        Row {
            method: Method::POST,
            pattern: "/api/requests/page",
            call: |_| ("/api/requests/page".into(), Some(format!("id={}", request()))),
            per_space: false,
            expected: |w, _| if request_reader(w) { 200 } else { 404 },
        },
        Row {
            method: Method::POST,
            pattern: "/api/requests/queue",
            call: |_| ("/api/requests/queue".into(), Some("filters[view]=mine&filters[status]=&filters[country]=&filters[topic]=&filters[urgency]=&filters[assignee]=&filters[sort]=".into())),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/requests/figures",
            call: |_| ("/api/requests/figures".into(), Some(String::new())),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/requests/canned",
            call: |_| ("/api/requests/canned".into(), Some(String::new())),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/directory",
            call: |_| ("/directory?country=CO&level=level1".into(), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::GET,
            pattern: "/directory.csv",
            call: |_| ("/directory.csv?country=CO".into(), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::GET,
            pattern: "/directory/new",
            call: |_| ("/directory/new".into(), None),
            per_space: false,
            expected: directory_pages,
        },
        Row {
            method: Method::GET,
            pattern: "/directory/editor",
            call: |_| ("/directory/editor".into(), None),
            per_space: false,
            expected: directory_pages,
        },
        Row {
            method: Method::GET,
            pattern: "/directory/import",
            call: |_| ("/directory/import".into(), None),
            per_space: false,
            expected: directory_pages,
        },
        Row {
            method: Method::GET,
            pattern: "/quality",
            call: |_| ("/quality".into(), None),
            per_space: false,
            expected: signed_in_reads,
        },
        Row {
            method: Method::GET,
            pattern: "/quality/versions/{id}",
            call: |_| (format!("/quality/versions/{}", version()), None),
            per_space: false,
            expected: signed_in_reads,
        },
        Row {
            method: Method::GET,
            pattern: "/quality/campaigns/{id}",
            call: |_| (format!("/quality/campaigns/{}", campaign()), None),
            per_space: false,
            expected: campaign_read,
        },
        Row {
            method: Method::GET,
            pattern: "/quality/campaigns/{id}/results.csv",
            call: |_| (format!("/quality/campaigns/{}/results.csv", campaign()), None),
            per_space: false,
            expected: campaign_read,
        },
        Row {
            method: Method::GET,
            pattern: "/quality/assessments/{id}",
            call: |_| (format!("/quality/assessments/{}", assessment()), None),
            per_space: false,
            expected: assessment_read,
        },
        Row {
            method: Method::POST,
            pattern: "/quality/instruments",
            call: |_| ("/quality/instruments".into(), Some("code=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/quality/versions/{id}/copy",
            call: |_| (format!("/quality/versions/{}/copy", version()), Some(format!("note={}", "x".repeat(400)))),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/quality/versions/{id}/items",
            call: |_| (format!("/quality/versions/{}/items", version()), Some("code=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/quality/versions/{id}/items/{item}",
            call: |_| (format!("/quality/versions/{}/items/1", version()), Some("code=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/quality/versions/{id}/scale",
            call: |_| (format!("/quality/versions/{}/scale", version()), Some(String::new())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/quality/campaigns",
            call: |_| ("/quality/campaigns".into(), Some("country=CO".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/quality/campaigns/{id}/respondent",
            call: |_| (format!("/quality/campaigns/{}/respondent", campaign()), Some(format!("assessment={}&respondent=matrix.member", assessment()))),
            per_space: false,
            expected: |w, _| match w {
                w if runs_campaign(w) => 303,
                Who::Publisher => 403,
                _ => 404,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/quality/assessments/{id}/self",
            call: |_| (format!("/quality/assessments/{}/self", assessment()), Some("intent=save".into())),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                Who::Member => 303,
                w if runs_campaign(w) => 403,
                _ => 404,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/quality/assessments/{id}/verify",
            call: |_| (format!("/quality/assessments/{}/verify", assessment()), Some("intent=save".into())),
            per_space: false,
            expected: assessment_write,
        },
        Row {
            method: Method::POST,
            pattern: "/quality/assessments/{id}/close",
            call: |_| (format!("/quality/assessments/{}/close", assessment()), Some(String::new())),
            per_space: false,
            expected: assessment_write,
        },
        Row {
            method: Method::POST,
            pattern: "/quality/assessments/{id}/plan",
            call: |_| (format!("/quality/assessments/{}/plan", assessment()), Some("title=x".into())),
            per_space: false,
            expected: assessment_write,
        },
        // The funding catalogue is public information: everyone reads it; only staff
        // write it (others are refused with staff_only, a 303 back to the form).
        // Country pages: anyone reads them; each part is filtered inside (checked by
        // tests/network.rs).
        Row {
            method: Method::GET,
            pattern: "/countries",
            call: |_| ("/countries".into(), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::GET,
            pattern: "/countries/{code}",
            call: |_| ("/countries/CO".into(), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/api/network/countries",
            call: |_| ("/api/network/countries".into(), Some(String::new())),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/api/network/country",
            call: |_| ("/api/network/country".into(), Some("code=CO".into())),
            per_space: false,
            expected: anyone,
        },
        // The network directory: anyone reads its working groups (filtered by space
        // visibility inside); a listing is the signed-in person's own.
        Row {
            method: Method::GET,
            pattern: "/network",
            call: |_| ("/network?country=co&language=es&q=plan".into(), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/api/network/directory",
            call: |_| ("/api/network/directory".into(), Some(String::new())),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/network/listing",
            call: |_| ("/network/listing".into(), Some("listed=1&expertise=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        // A space's working-group settings: its managers only.
        Row {
            method: Method::POST,
            pattern: "/spaces/{slug}/working-group",
            call: |s| (format!("/spaces/{}/working-group", s.unwrap().slug()), Some("topic=".into())),
            per_space: true,
            expected: manage,
        },
        Row {
            method: Method::POST,
            pattern: "/api/network/group",
            call: |s| ("/api/network/group".into(), Some(format!("slug={}", s.unwrap().slug()))),
            per_space: true,
            expected: manage_page,
        },
        Row {
            method: Method::GET,
            pattern: "/funding",
            call: |_| ("/funding?kind=loan&country=co&open=1".into(), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::GET,
            pattern: "/funding/{id}",
            call: |_| (format!("/funding/{}", mechanism()), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/funding",
            call: |_| ("/funding".into(), Some("funder=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/funding/{id}",
            call: |_| (format!("/funding/{}", mechanism()), Some("funder=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/api/funding/catalogue",
            call: |_| ("/api/funding/catalogue".into(), Some(String::new())),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/api/funding/mechanism",
            call: |_| ("/api/funding/mechanism".into(), Some(format!("id={}", mechanism()))),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/api/funding/upcoming",
            call: |_| ("/api/funding/upcoming".into(), Some(String::new())),
            per_space: false,
            expected: anyone,
        },
        // Missions: the list and calendar for the signed-in (each sees their own); one
        // mission for its team, the country's focal points and staff.
        Row {
            method: Method::GET,
            pattern: "/missions",
            call: |_| ("/missions?year=2026".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/missions/list",
            call: |_| ("/api/missions/list".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/missions/{id}",
            call: |_| (format!("/missions/{}", mission()), None),
            per_space: false,
            expected: mission_read,
        },
        Row {
            method: Method::POST,
            pattern: "/api/missions/one",
            call: |_| ("/api/missions/one".into(), Some(format!("id={}", mission()))),
            per_space: false,
            expected: mission_read,
        },
        Row {
            method: Method::POST,
            pattern: "/missions",
            call: |_| ("/missions".into(), Some("title=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/missions/feed",
            call: |_| ("/missions/feed".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(303),
        },
        // The feed answers whoever holds its secret (calendar programs send no cookie).
        Row {
            method: Method::GET,
            pattern: "/missions/calendar/{file}",
            call: |_| (format!("/missions/calendar/{}.ics", FEED.lock().unwrap()), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/status",
            call: |_| (format!("/missions/{}/status", mission()), Some("from=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/team",
            call: |_| (format!("/missions/{}/team", mission()), Some("member=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/team/remove",
            call: |_| (format!("/missions/{}/team/remove", mission()), Some("member=nobody".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/serves",
            call: |_| (format!("/missions/{}/serves", mission()), Some("serves=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/visits",
            call: |_| (format!("/missions/{}/visits", mission()), Some("service=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/report",
            call: |_| (format!("/missions/{}/report", mission()), Some("body=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/approve",
            call: |_| (format!("/missions/{}/approve", mission()), Some("revision=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/follow-ups",
            call: |_| (format!("/missions/{}/follow-ups", mission()), Some("line=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/visits/{service}/notes",
            call: |_| (format!("/missions/{}/visits/{}/notes", mission(), listed()), Some("notes=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/missions/{id}/checklist/{item}",
            call: |_| (format!("/missions/{}/checklist/{}", mission(), MISSION_ITEM.load(std::sync::atomic::Ordering::SeqCst)), Some("note=".into())),
            per_space: false,
            expected: mission_write,
        },
        Row {
            method: Method::POST,
            pattern: "/api/quality/home",
            call: |_| ("/api/quality/home".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_reads,
        },
        Row {
            method: Method::POST,
            pattern: "/api/quality/instrument",
            call: |_| ("/api/quality/instrument".into(), Some(format!("version={}", version()))),
            per_space: false,
            expected: signed_in_reads,
        },
        Row {
            method: Method::POST,
            pattern: "/api/quality/campaign",
            call: |_| ("/api/quality/campaign".into(), Some(format!("id={}", campaign()))),
            per_space: false,
            expected: campaign_read,
        },
        Row {
            method: Method::POST,
            pattern: "/api/quality/assessment",
            call: |_| ("/api/quality/assessment".into(), Some(format!("id={}", assessment()))),
            per_space: false,
            expected: assessment_read,
        },
        Row {
            method: Method::GET,
            pattern: "/directory/{id}",
            call: |_| (format!("/directory/{}", listed()), None),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::GET,
            pattern: "/directory/{id}",
            call: |_| (format!("/directory/{}", unlisted()), None),
            per_space: false,
            expected: unlisted_read,
        },
        Row {
            method: Method::GET,
            pattern: "/directory/{id}/edit",
            call: |_| (format!("/directory/{}/edit", listed()), None),
            per_space: false,
            expected: directory_pages,
        },
        Row {
            method: Method::GET,
            pattern: "/directory/{id}/edit",
            call: |_| (format!("/directory/{}/edit", unlisted()), None),
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                w if directory_editor(w) => 200,
                _ => 404,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/directory/new",
            call: |_| ("/directory/new".into(), Some("country=CO&name=x".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/directory/import",
            call: |_| ("/directory/import".into(), Some("file=x".into())),
            per_space: false,
            expected: directory_importer,
        },
        Row {
            method: Method::POST,
            pattern: "/directory/{id}/edit",
            call: |_| (format!("/directory/{}/edit", unlisted()), Some("country=CO&name=x".into())),
            per_space: false,
            expected: unlisted_write,
        },
        Row {
            method: Method::POST,
            pattern: "/directory/{id}/verify",
            call: |_| (format!("/directory/{}/verify", unlisted()), Some(String::new())),
            per_space: false,
            expected: unlisted_write,
        },
        Row {
            method: Method::POST,
            pattern: "/directory/{id}/documents",
            call: |_| (format!("/directory/{}/documents", unlisted()), Some("document=none".into())),
            per_space: false,
            expected: unlisted_write,
        },
        Row {
            method: Method::POST,
            pattern: "/directory/{id}/corrections",
            call: |_| (format!("/directory/{}/corrections", listed()), Some("correction=".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/directory/{id}/corrections",
            call: |_| (format!("/directory/{}/corrections", unlisted()), Some("correction=".into())),
            per_space: false,
            expected: unlisted_write,
        },
        Row {
            method: Method::POST,
            pattern: "/directory/corrections/{id}",
            call: |_| {
                let id = CORRECTION.load(std::sync::atomic::Ordering::SeqCst);
                (format!("/directory/corrections/{id}"), Some("status=maybe".into()))
            },
            per_space: false,
            expected: |w, _| match w {
                Who::Anonymous => 401,
                w if directory_editor(w) => 303,
                _ => 404,
            },
        },
        Row {
            method: Method::POST,
            pattern: "/api/directory/search",
            call: |_| ("/api/directory/search".into(), Some(String::new())),
            per_space: false,
            expected: anyone,
        },
        Row {
            method: Method::POST,
            pattern: "/api/directory/service",
            call: |_| ("/api/directory/service".into(), Some(format!("id={}", unlisted()))),
            per_space: false,
            expected: unlisted_read,
        },
        Row {
            method: Method::POST,
            pattern: "/api/directory/form",
            call: |_| ("/api/directory/form".into(), Some(String::new())),
            per_space: false,
            expected: directory_pages,
        },
        Row {
            method: Method::POST,
            pattern: "/api/directory/editor",
            call: |_| ("/api/directory/editor".into(), Some(String::new())),
            per_space: false,
            expected: directory_pages,
        },
        Row {
            method: Method::POST,
            pattern: "/api/directory/import",
            call: |_| ("/api/directory/import".into(), Some(String::new())),
            per_space: false,
            expected: directory_pages,
        },
        Row {
            method: Method::GET,
            pattern: "/indicators",
            call: |_| ("/indicators".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/indicators/availability",
            call: |_| ("/indicators/availability".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/indicators/availability.csv",
            call: |_| ("/indicators/availability.csv".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/indicators/values.csv",
            call: |_| ("/indicators/values.csv?country=CO".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/indicators/import",
            call: |_| ("/indicators/import".into(), None),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/indicators/{code}",
            call: |_| ("/indicators/COV".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/indicators/{code}/versions",
            call: |_| ("/indicators/COV/versions".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::GET,
            pattern: "/indicators/{code}/{country}",
            call: |_| ("/indicators/COV/CO".into(), None),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/indicators/list",
            call: |_| ("/api/indicators/list".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/indicators/page",
            call: |_| ("/api/indicators/page".into(), Some("code=COV".into())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/indicators/history",
            call: |_| ("/api/indicators/history".into(), Some("code=COV".into())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/indicators/series",
            call: |_| ("/api/indicators/series".into(), Some("code=COV&country=CO".into())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/indicators/availability",
            call: |_| ("/api/indicators/availability".into(), Some(String::new())),
            per_space: false,
            expected: signed_in_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/api/indicators/import",
            call: |_| ("/api/indicators/import".into(), Some(String::new())),
            per_space: false,
            expected: staff_only(200),
        },
        Row {
            method: Method::POST,
            pattern: "/indicators",
            call: |_| ("/indicators".into(), Some("code=x".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/indicators/{code}",
            call: |_| ("/indicators/COV".into(), Some("category=bad".into())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/indicators/import",
            call: |_| ("/indicators/import".into(), Some("file=x".into())),
            per_space: false,
            expected: importer,
        },
        Row {
            method: Method::POST,
            pattern: "/indicators/values/{id}/validate",
            call: |_| (format!("/indicators/values/{}/validate", INDICATOR_VALUE.load(std::sync::atomic::Ordering::SeqCst)), Some(String::new())),
            per_space: false,
            expected: signed_in_only(303),
        },
        Row {
            method: Method::POST,
            pattern: "/indicators/{code}/{country}/values",
            call: |_| ("/indicators/COV/CO/values".into(), Some("period=".into())),
            per_space: false,
            expected: mem_keep,
        },
        Row {
            method: Method::POST,
            pattern: "/indicators/{code}/{country}/goal",
            call: |_| ("/indicators/COV/CO/goal".into(), Some("target=x".into())),
            per_space: false,
            expected: mem_keep,
        },
        Row {
            method: Method::POST,
            pattern: "/indicators/{code}/{country}/availability",
            call: |_| ("/indicators/COV/CO/availability".into(), Some("availability=maybe".into())),
            per_space: false,
            expected: mem_keep,
        },
        Row {
            method: Method::POST,
            pattern: "/api/search",
            call: |_| ("/api/search".into(), Some("q=plan".into())),
            per_space: false,
            expected: ok,
        },
    ]);
    rows
}

/// Every route the application registers: Leptos pages, server functions, and the
/// hand-written axum routes (read from the router's source, so a new `.route(` is seen).
fn registered_routes() -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for listing in server::router::route_list() {
        all.insert(format!("GET {}", listing.path()));
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        all.insert(format!("{method} {path}"));
    }
    let source = include_str!("../src/router.rs");
    for (marker, method) in [(".route(", None), (".nest(", Some("GET"))] {
        for piece in source.split(marker).skip(1) {
            let rest = piece.trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue;
            };
            let path = &rest[..rest.find('"').unwrap()];
            let after = &rest[rest.find('"').unwrap()..];
            let method = method.unwrap_or(
                if after
                    .trim_start_matches(['"', ',', ' ', '\n'])
                    .starts_with("post(")
                {
                    "POST"
                } else {
                    "GET"
                },
            );
            all.insert(format!("{method} {path}"));
        }
    }
    all
}

#[test]
fn every_route_has_a_row() {
    let listed: BTreeSet<String> = table()
        .iter()
        .map(|r| format!("{} {}", r.method, r.pattern))
        .collect();
    let registered = registered_routes();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the access matrix: {missing:?}"
    );
    let stale: Vec<_> = listed.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rows for routes that no longer exist: {stale:?}"
    );
}

async fn make_user(db: &app::backend::Db, name: &str, role: PlatformRole, hash: &str) -> i64 {
    let new = store::users::NewUser {
        username: name,
        display_name: name,
        email: None,
        country_code: None,
        organisation: "",
        role,
        password_hash: Some(hash),
    };
    store::users::create(&db.pool, &new, now()).await.unwrap()
}

/// The text of the hidden and of the deleted post in each fixture thread: only the
/// space's moderators (and admins) may ever read the first, nobody the second.
const HIDDEN_TEXT: &str = "Matrixhidden words";
const DELETED_TEXT: &str = "Matrixdeleted words";

/// The hidden and deleted post of the fixture thread in each space.
static HIDDEN: std::sync::Mutex<Vec<(&'static str, i64, i64)>> = std::sync::Mutex::new(Vec::new());

fn hidden_of(space: Space) -> (i64, i64) {
    let hidden = HIDDEN.lock().unwrap();
    let (_, h, d) = hidden.iter().find(|(s, ..)| *s == space.slug()).unwrap();
    (*h, *d)
}

/// Pages and server functions that could show a hidden or deleted post's text, for the
/// fixture thread in a space: `(path, body of a POST or None)`.
fn text_probes(space: Space) -> Vec<(String, Option<String>)> {
    let (thread, _) = thread_of(Some(space));
    let (hidden, deleted) = hidden_of(space);
    let thread_id = thread.rsplit('/').next().unwrap().to_string();
    let mut out = Vec::new();
    for post in [hidden, deleted] {
        out.extend([
            (format!("{thread}/reply?to={post}&quote=1"), None),
            (format!("{thread}/posts/{post}/fragment"), None),
            (format!("{thread}/posts/{post}/history"), None),
            (format!("{thread}/posts/{post}/edit"), None),
            (
                "/api/threads/compose".to_string(),
                Some(format!(
                    "slug={}&kind=reply&thread={thread_id}&post={post}&quote=true&preview=false",
                    space.slug()
                )),
            ),
        ]);
    }
    out.push((thread, None));
    out
}

/// Everything the matrix needs in one database: the demo, a library document, the
/// viewers' accounts, a submission and a request of Colombia's, a thread (with a hidden
/// and a deleted post) and a draft in each space.
async fn fixtures(t: &common::TestDb, platform: &common::TestApp) {
    demo::load(&t.db, now()).await.unwrap();
    // One library document, for the library's rows.
    let mut doc_tx = t.db.pool.begin().await.unwrap();
    let topics = vec!["quality".to_string()];
    let doc = store::documents::NewDocument {
        slug: "en/matrix-doc",
        title: "Matrix document",
        summary: "For the access matrix.",
        kind: "guideline",
        country: None,
        language: "en",
        published_on: "2026-01-01",
        source: "test",
        translation_key: None,
        body_md: "# Matrix\n\nText.",
        body_html: "<h1>Matrix</h1><p>Text.</p>",
        topics: &topics,
    };
    store::documents::insert(&mut doc_tx, &doc, None, now())
        .await
        .unwrap();
    doc_tx.commit().await.unwrap();
    let hash = password::hash(demo::DEMO_PASSWORD).unwrap();
    let member = make_user(&t.db, "matrix.member", PlatformRole::Member, &hash).await;
    let moderator = make_user(&t.db, "matrix.moderator", PlatformRole::Member, &hash).await;
    let removed = make_user(&t.db, "matrix.removed", PlatformRole::Member, &hash).await;
    let outsider = make_user(&t.db, "matrix.outsider", PlatformRole::Member, &hash).await;
    store::affiliations::insert(&t.db.pool, outsider, "CO", "", now())
        .await
        .unwrap();
    let (pending, _) = store::affiliations::of_user(&t.db.pool, outsider)
        .await
        .unwrap();
    AFFILIATION.store(
        pending.unwrap().view.id,
        std::sync::atomic::Ordering::SeqCst,
    );
    let other = make_user(&t.db, "matrix.other", PlatformRole::Member, &hash).await;
    let moved = make_user(&t.db, "matrix.moved", PlatformRole::Member, &hash).await;
    make_user(&t.db, "matrix.demoted", PlatformRole::TaStaff, &hash).await;
    let publisher = make_user(&t.db, "matrix.publisher", PlatformRole::Member, &hash).await;
    let mut tx = t.db.pool.begin().await.unwrap();
    store::country_roles::replace(
        &mut tx,
        publisher,
        store::country_roles::CountryRole::Publisher,
        &["CO".to_string()],
        now(),
    )
    .await
    .unwrap();
    store::country_roles::replace(
        &mut tx,
        publisher,
        store::country_roles::CountryRole::DirectoryEditor,
        &["CO".to_string()],
        now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    {
        let mut conn = t.db.pool.acquire().await.unwrap();
        for (name, listed, slot) in [
            ("Matrix listed service", true, &SERVICE_LISTED),
            ("Matrix unlisted service", false, &SERVICE_UNLISTED),
        ] {
            let record = app::model::service::ServiceRecord {
                country: "CO".into(),
                name: name.into(),
                operator: "public".into(),
                region: "Bogotá D.C.".into(),
                level: "level1".into(),
                verified_on: "2026-01-01".into(),
                public_listing: listed,
                ..Default::default()
            };
            let id = store::services::insert(&mut conn, &record, now())
                .await
                .unwrap();
            slot.store(id, std::sync::atomic::Ordering::SeqCst);
        }
        let id = store::services::add_correction(
            &mut conn,
            listed(),
            "Matrix correction",
            publisher,
            now(),
        )
        .await
        .unwrap();
        CORRECTION.store(id, std::sync::atomic::Ordering::SeqCst);
    }
    {
        let mut sub_tx = t.db.pool.begin().await.unwrap();
        let fields = app::model::submission::SubmissionFields {
            country: "CO".into(),
            language: "es".into(),
            kind: "best_practice".into(),
            topics: "quality".into(),
            title: "Práctica de la matriz".into(),
            summary: "Resumen.".into(),
            context: "c".into(),
            intervention: "i".into(),
            population: "p".into(),
            evidence: "e".into(),
            results: "r".into(),
            costs: String::new(),
            contact: "x".into(),
        };
        let id = store::submissions::insert(&mut sub_tx, &fields, publisher, None, now())
            .await
            .unwrap();
        sub_tx.commit().await.unwrap();
        SUBMISSION.store(id, std::sync::atomic::Ordering::SeqCst);
    }
    // matrix.member (and, until moved, matrix.moved) belong to Colombia; matrix.other to
    // Peru. matrix.member files Colombia's request.
    for (id, country) in [(member, "CO"), (moved, "CO"), (other, "PE")] {
        store::users::set_country(&t.db.pool, id, Some(country))
            .await
            .unwrap();
    }
    {
        let filing = app::backend::requests::Filing {
            country: "CO".into(),
            topic: "funding".into(),
            title: "Matrix request".into(),
            description: "Text.".into(),
            urgency: "normal".into(),
            ..Default::default()
        };
        let filer = platform.cx_of("matrix.member").await;
        let id = app::backend::requests::file(&filer, &filing).await.unwrap();
        REQUEST.store(id, std::sync::atomic::Ordering::SeqCst);
    }
    {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO indicator_values (indicator_id, country_code, period, disaggregation, \
             value, source, status, origin, entered_at) SELECT id, 'CO', '2024', '', 9.5, \
             'Matrix', 'validated', 'entry', 0 FROM indicators WHERE code = 'COV' RETURNING id",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        INDICATOR_VALUE.store(id, std::sync::atomic::Ordering::SeqCst);
    }
    make_user(&t.db, "matrix.staff", PlatformRole::TaStaff, &hash).await;
    make_user(&t.db, "matrix.admin", PlatformRole::Admin, &hash).await;
    for s in SPACES {
        let id = store::spaces::by_slug(&t.db.pool, s.slug())
            .await
            .unwrap()
            .unwrap()
            .id;
        use store::members::{add, SpaceRole};
        for (user, role) in [
            (member, SpaceRole::Member),
            (moderator, SpaceRole::Moderator),
            (removed, SpaceRole::Member),
        ] {
            add(&t.db.pool, id, user, role, now()).await.unwrap();
        }
    }
    // Two plans in Colombia's private space, started by matrix.member: one approved by
    // staff (its check-ins scheduled), one submitted.
    {
        use app::backend::plans;
        let writer = platform.cx_of("matrix.member").await;
        let staff = platform.cx_of("matrix.staff").await;
        let mut ids = Vec::new();
        for title in ["Matrix plan", "Matrix plan, submitted"] {
            let input = plans::NewPlanInput {
                space: "colombia-plan-operativo".into(),
                title: title.into(),
                starts_on: "2026-01-01".into(),
                ends_on: "2026-12-31".into(),
                language: "es".into(),
            };
            let id = plans::create(&writer, &input).await.unwrap();
            plans::add_objective(&writer, id, "Matrix objective")
                .await
                .unwrap();
            let part = store::plans::Part::Objective;
            let objectives = store::plans::part_ids(&t.db.pool, part, id).await.unwrap();
            OBJECTIVE.store(objectives[0], std::sync::atomic::Ordering::SeqCst);
            plans::submit(&staff, id).await.unwrap();
            ids.push(id);
        }
        let approval = plans::ApprovalInput {
            authority: "Ministerio".into(),
            approved_on: "2026-01-15".into(),
            reference: String::new(),
        };
        plans::approve(&staff, ids[0], &approval).await.unwrap();
        *PLANS.lock().unwrap() = (ids[0], ids[1]);
    }
    // A quality campaign of Colombia's, started by staff over the listed service, led and
    // assessed by matrix.staff; matrix.member answers its self-assessment.
    {
        let staff = platform.cx_of("matrix.staff").await;
        let version: i64 = sqlx::query_scalar("SELECT MIN(id) FROM qa_versions")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        VERSION.store(version, std::sync::atomic::Ordering::SeqCst);
        let pairs: Vec<(String, String)> = [
            ("country", "CO".to_string()),
            ("version", version.to_string()),
            ("title", "Matrix campaign".into()),
            ("starts_on", "2026-01-01".into()),
            ("ends_on", "2026-12-31".into()),
            ("lead", "matrix.staff".into()),
            ("assessors", "matrix.staff".into()),
            ("service", listed().to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let campaign = app::backend::quality::campaigns::create(&staff, &pairs)
            .await
            .unwrap();
        CAMPAIGN.store(campaign, std::sync::atomic::Ordering::SeqCst);
        let assessment: i64 =
            sqlx::query_scalar("SELECT id FROM qa_assessments WHERE campaign_id = $1")
                .bind(campaign)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        app::backend::quality::campaigns::set_respondent(
            &staff,
            campaign,
            assessment,
            "matrix.member",
        )
        .await
        .unwrap();
        ASSESSMENT.store(assessment, std::sync::atomic::Ordering::SeqCst);
    }
    // A funding mechanism open to Colombia, written by staff.
    {
        let staff = platform.cx_of("matrix.staff").await;
        let pairs: Vec<(String, String)> = [
            ("name_en", "Matrix fund"),
            ("funder", "Matrix funder"),
            ("kind", "grant_programme"),
            ("cycle", "annual"),
            ("country", "CO"),
            ("funds_en", "Treatment services"),
            ("deadlines", "2099-01-31 Proposals"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let id = app::backend::funding::save(&staff, None, &pairs)
            .await
            .unwrap();
        MECHANISM.store(id, std::sync::atomic::Ordering::SeqCst);
    }
    // A mission to Colombia with matrix.staff as its team, visiting the listed service.
    {
        let staff = platform.cx_of("matrix.staff").await;
        let pairs: Vec<(String, String)> = [
            ("country", "CO".to_string()),
            ("title", "Matrix mission".into()),
            ("scope", "service".into()),
            ("starts_on", "2026-03-01".into()),
            ("ends_on", "2026-03-05".into()),
            ("objectives", "Matrix objectives".into()),
            ("version", version().to_string()),
            ("member", "matrix.staff".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let id = app::backend::missions::create(&staff, &pairs)
            .await
            .unwrap();
        MISSION.store(id, std::sync::atomic::Ordering::SeqCst);
        let visit = vec![("service".to_string(), listed().to_string())];
        app::backend::missions::checklist::add_visit(&staff, id, &visit)
            .await
            .unwrap();
        let item: i64 =
            sqlx::query_scalar("SELECT MIN(id) FROM mission_checklist WHERE mission_id = $1")
                .bind(id)
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        MISSION_ITEM.store(item, std::sync::atomic::Ordering::SeqCst);
        // The feed is the demo staff member's: the matrix's staff viewers make new
        // addresses of their own as they go through the rows.
        let lucia = platform.cx_of("ta.lopez").await;
        app::backend::missions::calendar::reset_feed(&lucia)
            .await
            .unwrap();
        *FEED.lock().unwrap() = sqlx::query_scalar(
            "SELECT f.token FROM calendar_feeds f JOIN users u ON u.id = f.user_id \
             WHERE u.username = 'ta.lopez'",
        )
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    }
    // A thread in each space, its posts written by matrix.member: the opening one, one a
    // moderator hid, one he deleted.
    FIXTURES.lock().unwrap().clear();
    HIDDEN.lock().unwrap().clear();
    for s in SPACES {
        let space = store::spaces::by_slug(&t.db.pool, s.slug())
            .await
            .unwrap()
            .unwrap();
        let thread = store::threads::create(&t.db.pool, space.id, "Matrix", member, now())
            .await
            .unwrap();
        let mut ids = Vec::new();
        for body in ["x", HIDDEN_TEXT, DELETED_TEXT] {
            let seq = store::threads::next_seq(&t.db.pool, thread, now())
                .await
                .unwrap();
            let parent = ids.first().map(|p: &(i64, String)| (p.0, p.1.as_str(), 0));
            let html = format!("<p>{body}</p>");
            let new = store::posts::NewPost {
                thread_id: thread,
                seq,
                parent,
                author_id: member,
                body_md: body,
                body_html: &html,
            };
            let id = store::posts::insert(&t.db.pool, &new, now()).await.unwrap();
            let path = store::posts::by_id(&t.db.pool, id)
                .await
                .unwrap()
                .unwrap()
                .path;
            ids.push((id, path));
        }
        let (post, hidden, deleted) = (ids[0].0, ids[1].0, ids[2].0);
        store::posts::set_hidden(&t.db.pool, hidden, true)
            .await
            .unwrap();
        store::posts::mark_deleted(&t.db.pool, deleted, now())
            .await
            .unwrap();
        let writer = platform.cx_of("matrix.member").await;
        let draft = app::backend::drafts::create(&writer, s.slug(), "Matrix draft", "Text.", "")
            .await
            .unwrap();
        FIXTURES
            .lock()
            .unwrap()
            .push((s.slug(), thread, post, draft));
        HIDDEN.lock().unwrap().push((s.slug(), hidden, deleted));
    }
}

/// The fixtures live in statics: one matrix test at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_matrix_holds() {
    let _turn = ONE_AT_A_TIME.lock().await;
    for t in common::all_databases().await {
        // With a metrics token, so `/metrics` exists and must turn every viewer away.
        let platform = common::app(&t.db)
            .configure(|c| c.metrics_token = Some("matrix-metrics-token-0123456789".into()))
            .build();
        fixtures(&t, &platform).await;
        let r = platform.router.clone();

        let mut failures = vec![];
        for who in EVERYONE {
            let mut cookie: Option<String> = None;
            let mut changed = false;
            for row in table() {
                let spaces: Vec<Option<Space>> = if row.per_space {
                    SPACES.iter().copied().map(Some).collect()
                } else {
                    vec![None]
                };
                for space in spaces {
                    // Sign-out ends the session it uses; sign in again after it.
                    if cookie.is_none() {
                        cookie = match username(who) {
                            None => None,
                            Some(name) => Some(sign_in(&r, name).await),
                        };
                        // Rights change once, after the first sign-in: the session stays.
                        // Before it, the session had the rights it is about to lose.
                        if !changed {
                            if let Some((uri, status)) = had_before(who) {
                                let got = call(&r, Method::GET, &uri, None, cookie.as_deref())
                                    .await
                                    .status
                                    .as_u16();
                                if got != status {
                                    failures.push(format!(
                                        "{who:?} before the change: {uri} got {got}, want {status}"
                                    ));
                                }
                            }
                            change_rights(&platform, who).await;
                            changed = true;
                        }
                    }
                    let (uri, body) = (row.call)(space);
                    let got = call(&r, row.method.clone(), &uri, body, cookie.as_deref())
                        .await
                        .status
                        .as_u16();
                    let want = (row.expected)(acts_as(who), space);
                    if row.pattern == "/auth/signout" {
                        cookie = None;
                    }
                    if got != want {
                        failures.push(format!(
                            "{who:?} {} {uri} ({space:?}): got {got}, want {want}",
                            row.method
                        ));
                    }
                }
            }
            // Hidden text: moderators and admins of the space only; deleted: nobody.
            if cookie.is_none() {
                cookie = match username(who) {
                    None => None,
                    Some(name) => Some(sign_in(&r, name).await),
                };
            }
            for space in SPACES {
                for (uri, body) in text_probes(space) {
                    let method = if body.is_some() {
                        Method::POST
                    } else {
                        Method::GET
                    };
                    let page = call(&r, method, &uri, body, cookie.as_deref()).await.body;
                    let moderates = matches!(acts_as(who), Who::Moderator | Who::Admin);
                    if page.contains(DELETED_TEXT) {
                        failures.push(format!("{who:?} read deleted text at {uri}"));
                    }
                    if page.contains(HIDDEN_TEXT) && !moderates {
                        failures.push(format!("{who:?} read hidden text at {uri}"));
                    }
                }
            }
            // Moderators do read hidden text (so the probes above can see it at all).
            if matches!(who, Who::Moderator) {
                let (thread, _) = thread_of(Some(Space::Private));
                let page = call(&r, Method::GET, &thread, None, cookie.as_deref()).await;
                if !page.body.contains(HIDDEN_TEXT) {
                    failures.push("a moderator does not see the hidden post".into());
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{}: {} mismatches:\n{}",
            t.label,
            failures.len(),
            failures.join("\n")
        );
    }
}

/// One request as a page of the site sends it, with the viewer's cookie.
async fn call(
    r: &axum::Router,
    method: Method,
    uri: &str,
    body: Option<String>,
    cookie: Option<&str>,
) -> common::Reply {
    let mut b = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    if body.is_some() {
        b = b.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let req = b.body(Body::from(body.unwrap_or_default())).unwrap();
    common::send(r, req).await
}

async fn sign_in(r: &axum::Router, username: &str) -> String {
    let body = format!("username={username}&password={}", demo::DEMO_PASSWORD);
    let req = form_post("/auth/signin", None, body);
    let res = common::send(r, req).await;
    common::set_cookie_pair(&res)
}

/// The live socket through real WebSocket handshakes: who may open one, and which rooms
/// each viewer may join — exactly the spaces, threads and drafts the pages let them read.
/// The viewers whose rights change mid-session join what they could before the change,
/// are taken out of what they no longer may when it happens, and cannot join it again.
/// What a live room belongs to, for whom may be in it.
#[derive(Clone, Copy, Debug)]
enum Subject {
    In(Space),
    /// The fixture plan in Colombia's private space.
    Plan,
}

impl Subject {
    fn reads(self, who: Who) -> bool {
        match self {
            Subject::In(space) => space_read(who, space) == 200,
            Subject::Plan => plan_reader(who),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_rooms_follow_the_matrix() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};

    /// The rights a viewer had before the change.
    fn before(who: Who) -> Who {
        match who {
            Who::Removed => Who::Member,
            Who::Demoted => Who::Staff,
            Who::OtherCountry | Who::Moved => Who::NonMember,
            w => w,
        }
    }

    let _turn = ONE_AT_A_TIME.lock().await;
    for t in common::all_databases().await {
        let platform = common::app(&t.db).build();
        fixtures(&t, &platform).await;
        let addr = common::serve(platform.router.clone()).await;
        let router = platform.router.clone();
        // Each room with what it belongs to: a space's rooms follow the space, a plan's room
        // the plan's rule.
        let mut rooms: Vec<(Subject, String)> = Vec::new();
        for s in SPACES {
            let id = store::spaces::by_slug(&t.db.pool, s.slug())
                .await
                .unwrap()
                .unwrap()
                .id;
            let (_, thread, _, draft) = *FIXTURES
                .lock()
                .unwrap()
                .iter()
                .find(|(slug, ..)| *slug == s.slug())
                .unwrap();
            rooms.extend([
                (Subject::In(s), format!("space:{id}")),
                (Subject::In(s), format!("thread:{thread}")),
                (Subject::In(s), format!("draft:{draft}")),
            ]);
        }
        rooms.push((Subject::Plan, format!("plan:{}", approved_plan())));
        let mut failures = Vec::new();
        for who in EVERYONE {
            let mut req = format!("ws://{addr}/live/v1")
                .into_client_request()
                .unwrap();
            req.headers_mut()
                .insert("origin", format!("http://{addr}").parse().unwrap());
            if let Some(name) = username(who) {
                let cookie = sign_in(&router, name).await;
                req.headers_mut().insert("cookie", cookie.parse().unwrap());
            }
            let mut ws = match tokio_tungstenite::connect_async(req).await {
                Ok((ws, _)) => ws,
                Err(tokio_tungstenite::tungstenite::Error::Http(res)) => {
                    if !matches!(who, Who::Anonymous) || res.status() != 401 {
                        failures.push(format!("{who:?}: handshake answered {}", res.status()));
                    }
                    continue;
                }
                Err(e) => panic!("{who:?}: {e}"),
            };
            if matches!(who, Who::Anonymous) {
                failures.push("an anonymous socket was opened".into());
                continue;
            }
            // The welcome.
            loop {
                let m = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
                    .await
                    .expect("a welcome within 5 s")
                    .expect("open")
                    .expect("no error");
                if matches!(m, Message::Text(_)) {
                    break;
                }
            }
            // Join what the viewer may see now, and nothing else.
            let mut joined = Vec::new();
            for (subject, room) in &rooms {
                let msg = serde_json::json!({ "type": "join", "room": room }).to_string();
                ws.send(Message::text(msg)).await.unwrap();
                let answer = loop {
                    let m = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
                        .await
                        .expect("an answer")
                        .unwrap()
                        .unwrap();
                    if let Message::Text(t) = m {
                        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
                        if v["type"] == "joined" || v["type"] == "error" {
                            break v;
                        }
                    }
                };
                let got = answer["type"] == "joined";
                let want = subject.reads(before(who));
                if got != want {
                    failures.push(format!(
                        "{who:?} join {room}: got {answer}, want joined={want}"
                    ));
                }
                if got {
                    joined.push((*subject, room.clone()));
                }
            }
            if before(who) == acts_as(who) {
                continue;
            }
            // The change: every room no longer allowed is left, said to the socket.
            change_rights(&platform, who).await;
            let must_leave: Vec<&String> = joined
                .iter()
                .filter(|(s, _)| !s.reads(acts_as(who)))
                .map(|(_, r)| r)
                .collect();
            let mut left = Vec::new();
            while left.len() < must_leave.len() {
                let m = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next()).await;
                let Ok(Some(Ok(m))) = m else {
                    failures.push(format!(
                        "{who:?}: left {left:?} of {must_leave:?}, then nothing"
                    ));
                    break;
                };
                if let Message::Text(t) = m {
                    let v: serde_json::Value = serde_json::from_str(&t).unwrap();
                    if v["type"] == "left" {
                        left.push(v["room"].as_str().unwrap().to_string());
                    }
                }
            }
            for room in must_leave {
                if !left.contains(room) {
                    failures.push(format!("{who:?} still in {room} after the change"));
                }
                let msg = serde_json::json!({ "type": "join", "room": room }).to_string();
                ws.send(Message::text(msg)).await.unwrap();
                loop {
                    let m = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
                        .await
                        .expect("an answer")
                        .unwrap()
                        .unwrap();
                    if let Message::Text(t) = m {
                        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
                        if v["type"] == "joined" {
                            failures.push(format!("{who:?} joined {room} again after the change"));
                            break;
                        }
                        if v["type"] == "error" {
                            break;
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}: {}", t.label, failures.join("\n"));
    }
}
