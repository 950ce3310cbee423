//! The one access rule: may this viewer see this thing?
//!
//! Every page, listing and server function asks here; listings turn the same rule into a
//! SQL condition ([`visible_spaces_sql`]) so nothing is filtered after the fact. A space
//! as the viewer stands in it ([`Place`]: seen, with their role) is what threads, drafts
//! and live rooms build on.

use crate::backend::store::{members, spaces, threads};
use crate::backend::{Cx, ServerError};
use crate::model::space::{Space, SpaceRole, Visibility};
use crate::model::user::{CountryRole, CurrentUser, PlatformRole};

/// Who is asking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Viewer {
    #[default]
    Anonymous,
    User(SignedIn),
}

/// A signed-in person and the spaces they are a member of (any per-space role).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: PlatformRole,
    pub spaces: Vec<i64>,
    /// The roles this person holds per country (focal point, publisher, directory editor),
    /// with the country's ISO code.
    pub country_roles: Vec<(CountryRole, String)>,
    /// The country this person belongs to (ISO code), if any — a verified fact, never set
    /// by the person: they may file technical-assistance requests for it and see its
    /// requests.
    pub country: Option<String>,
    /// Whether the account has a local password.
    pub has_password: bool,
    /// Id of the session this request came with (see `auth::session::id_of`).
    pub session_id: String,
    /// Notifications not read yet.
    pub unread_notifications: i64,
    /// The IANA name of the zone the person is in (see `zones::effective`).
    pub time_zone: String,
}

impl SignedIn {
    /// The countries (ISO codes) this person holds `role` for.
    pub fn countries_for(&self, role: CountryRole) -> Vec<String> {
        self.country_roles
            .iter()
            .filter(|(r, _)| *r == role)
            .map(|(_, c)| c.clone())
            .collect()
    }

    /// Whether this person holds `role` for `country` (ISO code, any case).
    pub fn holds(&self, role: CountryRole, country: &str) -> bool {
        self.country_roles
            .iter()
            .any(|(r, c)| *r == role && c.eq_ignore_ascii_case(country))
    }

    /// Whether this person holds `role` for any country.
    pub fn holds_any(&self, role: CountryRole) -> bool {
        self.country_roles.iter().any(|(r, _)| *r == role)
    }
}

impl Viewer {
    pub fn user(&self) -> Option<&SignedIn> {
        match self {
            Viewer::Anonymous => None,
            Viewer::User(u) => Some(u),
        }
    }

    pub fn current_user(&self) -> Option<CurrentUser> {
        self.user().map(|u| CurrentUser {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            has_password: u.has_password,
            unread_notifications: u.unread_notifications,
            is_publisher: u.holds_any(CountryRole::Publisher),
            is_focal_point: u.holds_any(CountryRole::FocalPoint),
        })
    }

    fn is_admin(&self) -> bool {
        self.user().is_some_and(|u| u.role == PlatformRole::Admin)
    }
}

/// Platform administrators: the admin pages are theirs alone.
pub fn is_admin(viewer: &Viewer) -> bool {
    viewer.is_admin()
}

/// May `viewer` publish library documents on behalf of `country` (ISO code)? Its
/// country publishers may, and platform admins.
pub fn can_publish_for(viewer: &Viewer, country: &str) -> bool {
    viewer.is_admin()
        || viewer
            .user()
            .is_some_and(|u| u.holds(CountryRole::Publisher, country))
}

/// Technical-assistance staff and admins: they work the requests of every country.
pub fn is_staff(viewer: &Viewer) -> bool {
    viewer
        .user()
        .is_some_and(|u| matches!(u.role, PlatformRole::Admin | PlatformRole::TaStaff))
}

/// Does `viewer` decide for `country` (ISO code)? Programme staff, admins and the
/// country's focal points: who is affiliated with it, the submission of its operational
/// plans and the record of their approval by the national authority (or their return),
/// and its register of MEM recommendations.
pub fn decides_for_country(viewer: &Viewer, country: &str) -> bool {
    is_staff(viewer)
        || viewer
            .user()
            .is_some_and(|u| u.holds(CountryRole::FocalPoint, country))
}

/// May `viewer` see the technical-assistance requests of `country` (ISO code)? The
/// country's own members, staff and admins; nobody else. The conversations live in the
/// country's request space, which `users::signed_in` adds to the same people's spaces, so
/// pages, live rooms and search follow this rule too.
pub fn can_see_requests_of(viewer: &Viewer, country: &str) -> bool {
    is_staff(viewer) || is_of_country(viewer, country)
}

/// Is `viewer` affiliated with `country` (a verified affiliation, never a profile field)?
fn is_of_country(viewer: &Viewer, country: &str) -> bool {
    viewer.user().is_some_and(|u| {
        u.country
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(country))
    })
}

/// May `viewer` see `country`'s indicator values that staff have not validated yet? The
/// country's own members, staff and admins; everyone signed in sees validated ones.
pub fn sees_provisional_figures_of(viewer: &Viewer, country: &str) -> bool {
    is_staff(viewer) || is_of_country(viewer, country)
}

/// The countries whose provisional indicator values `viewer` sees: `None` for every
/// country (staff), else their own, if any.
pub fn provisional_figures_of(viewer: &Viewer) -> Option<Vec<String>> {
    if is_staff(viewer) {
        return None;
    }
    Some(
        viewer
            .user()
            .and_then(|u| u.country.clone())
            .into_iter()
            .collect(),
    )
}

/// May `viewer` change `country`'s records in the directory of treatment services (add,
/// edit, confirm, import, review corrections)? The country's directory editors and
/// programme staff (admins among them); nobody else.
pub fn can_edit_directory_of(viewer: &Viewer, country: &str) -> bool {
    is_staff(viewer)
        || viewer
            .user()
            .is_some_and(|u| u.holds(CountryRole::DirectoryEditor, country))
}

/// May `viewer` see `country`'s services whose operators did not consent to public
/// listing? Whoever edits the country's directory, and its focal points. Search holds the
/// same rule as index tokens (`search::access_of`).
pub fn sees_unlisted_services_of(viewer: &Viewer, country: &str) -> bool {
    can_edit_directory_of(viewer, country)
        || viewer
            .user()
            .is_some_and(|u| u.holds(CountryRole::FocalPoint, country))
}

/// Who a quality-assessment campaign names: its country, lead and assessors (user ids).
#[derive(Clone, Debug)]
pub struct CampaignParties<'a> {
    pub country: &'a str,
    pub lead: i64,
    pub assessors: &'a [i64],
}

/// What of a campaign `viewer` may read: one rule for the whole area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum QualitySight {
    /// Nothing: the campaign and its assessments are "not found".
    None,
    /// The aggregated results only (the country's publishers, who may publish them).
    Results,
    /// Every assessment, with its ratings (lead, assessors, focal points, staff).
    All,
}

/// How much of a campaign `viewer` sees. A single assessment is also seen by its
/// respondent (the service's director), which [`sees_assessment`] adds.
pub fn quality_sight(viewer: &Viewer, c: &CampaignParties) -> QualitySight {
    let Some(u) = viewer.user() else {
        return QualitySight::None;
    };
    if decides_for_country(viewer, c.country) || u.id == c.lead || c.assessors.contains(&u.id) {
        QualitySight::All
    } else if u.holds(CountryRole::Publisher, c.country) {
        QualitySight::Results
    } else {
        QualitySight::None
    }
}

/// May `viewer` read one service's assessment (answered by `respondent`)?
pub fn sees_assessment(viewer: &Viewer, c: &CampaignParties, respondent: Option<i64>) -> bool {
    quality_sight(viewer, c) == QualitySight::All
        || viewer.user().is_some_and(|u| respondent == Some(u.id))
}

/// May `viewer` write in a plan of `country` kept in the space they stand in (`place`,
/// None when they may not see the space)? Whoever may decide on it, and the space's
/// participants.
pub fn can_edit_plan(viewer: &Viewer, place: Option<&Place>, country: &str) -> bool {
    decides_for_country(viewer, country) || place.is_some_and(|p| p.can_participate(viewer))
}

/// May `viewer` start a space for `country` (None: a regional space)? Admins and TA staff
/// may start any; country publishers, spaces for their own countries.
pub fn can_create_space(viewer: &Viewer, country: Option<&str>) -> bool {
    match viewer.user() {
        None => false,
        Some(u) if matches!(u.role, PlatformRole::Admin | PlatformRole::TaStaff) => true,
        Some(_) => country.is_some_and(|c| can_publish_for(viewer, c)),
    }
}

/// May `viewer` see the space `space_id` with this visibility? Public: everyone; network:
/// anyone signed in; private: its members and platform admins.
pub fn can_view_space(viewer: &Viewer, space_id: i64, visibility: Visibility) -> bool {
    match (visibility, viewer) {
        (Visibility::Public, _) => true,
        (_, Viewer::Anonymous) => false,
        (Visibility::Network, Viewer::User(_)) => true,
        (Visibility::Private, Viewer::User(u)) => viewer.is_admin() || u.spaces.contains(&space_id),
    }
}

/// A space as the viewer stands in it: one they may see, with their role there.
pub struct Place {
    pub space: Space,
    pub role: Option<SpaceRole>,
}

impl Place {
    /// Taking part (starting threads, replying, writing drafts) needs a member role or
    /// above, or a platform role that works across spaces; observers read; archived spaces
    /// are read-only.
    pub fn can_participate(&self, viewer: &Viewer) -> bool {
        if self.space.archived {
            return false;
        }
        match viewer.user() {
            None => false,
            Some(u) if matches!(u.role, PlatformRole::Admin | PlatformRole::TaStaff) => true,
            Some(_) => matches!(
                self.role,
                Some(SpaceRole::Owner | SpaceRole::Moderator | SpaceRole::Member)
            ),
        }
    }

    /// Owners, moderators and admins moderate.
    pub fn can_moderate(&self, viewer: &Viewer) -> bool {
        is_admin(viewer) || matches!(self.role, Some(SpaceRole::Owner | SpaceRole::Moderator))
    }
}

/// The space if the viewer may see it, with their role in it; otherwise "not found".
pub async fn place(cx: &Cx, slug: &str) -> Result<Place, ServerError> {
    let pool = &cx.db().pool;
    let viewer = &cx.viewer;
    let space = spaces::by_slug(pool, slug)
        .await?
        .filter(|s| can_view_space(viewer, s.id, s.visibility))
        .ok_or(ServerError::NotFound)?;
    let role = match viewer.user() {
        Some(u) => members::role_of(pool, space.id, u.id).await?,
        None => None,
    };
    // In a country's request space, the country's members take part as members.
    let role = role.or_else(|| {
        let country = space.ta_country.as_deref()?;
        let theirs = viewer.user()?.country.as_deref()?;
        theirs
            .eq_ignore_ascii_case(country)
            .then_some(SpaceRole::Member)
    });
    Ok(Place { space, role })
}

/// The thread, if it is in this space and the viewer may see it (hidden ones are for
/// moderators; deleted ones are gone).
pub async fn thread_in(
    cx: &Cx,
    slug: &str,
    thread_id: i64,
) -> Result<(Place, threads::ThreadRow), ServerError> {
    let place = place(cx, slug).await?;
    let thread = threads::by_id(&cx.db().pool, thread_id)
        .await?
        .filter(|t| t.space_id == place.space.id && !t.deleted)
        .filter(|t| !t.hidden || place.can_moderate(&cx.viewer))
        .ok_or(ServerError::NotFound)?;
    Ok((place, thread))
}

/// The same rule as [`can_view_space`], as a SQL condition on a `spaces` row aliased `s`
/// (a country's request space counts as the country's members' and staff's own). The only
/// value spliced in is the viewer's numeric id, never user text.
pub fn visible_spaces_sql(viewer: &Viewer) -> String {
    match viewer {
        Viewer::Anonymous => "s.visibility = 'public'".to_string(),
        Viewer::User(_) if viewer.is_admin() => "1 = 1".to_string(),
        Viewer::User(u) if u.role == PlatformRole::TaStaff => format!(
            "(s.visibility IN ('public', 'network') OR s.ta_country IS NOT NULL OR s.id IN \
             (SELECT m.space_id FROM space_members m WHERE m.user_id = {}))",
            u.id
        ),
        Viewer::User(u) => format!(
            "(s.visibility IN ('public', 'network') OR s.id IN \
             (SELECT m.space_id FROM space_members m WHERE m.user_id = {id}) OR s.ta_country = \
             (SELECT me.country_code FROM users me WHERE me.id = {id}))",
            id = u.id
        ),
    }
}

/// The same rule for any signed-in person: a SQL condition that holds when the `users`
/// row aliased `user` may see the `spaces` row aliased `space` (for lists about many
/// people, or computed while the viewer is being loaded). Aliases are ours, never user
/// text.
pub fn user_sees_space_sql(user: &str, space: &str) -> String {
    format!(
        "({user}.role = 'admin' OR {space}.visibility IN ('public', 'network') \
         OR EXISTS (SELECT 1 FROM space_members sm WHERE sm.space_id = {space}.id \
         AND sm.user_id = {user}.id) OR ({space}.ta_country IS NOT NULL AND \
         ({user}.role = 'ta_staff' OR {space}.ta_country = {user}.country_code)))"
    )
}

/// The same rule from the other side: a SQL condition on a `users` row aliased `u` that
/// holds when that person may see the space whose id is bound at `$space_param` and whose
/// visibility is `visibility` (used to notify only people who can read what they are
/// notified about).
pub fn space_readers_sql(visibility: Visibility, space_param: &str) -> String {
    match visibility {
        Visibility::Public | Visibility::Network => "1 = 1".to_string(),
        Visibility::Private => format!(
            "(u.role = 'admin' OR EXISTS (SELECT 1 FROM space_members m \
             WHERE m.space_id = {space_param} AND m.user_id = u.id) OR EXISTS (SELECT 1 FROM \
             spaces ts WHERE ts.id = {space_param} AND ts.ta_country IS NOT NULL AND \
             (u.role = 'ta_staff' OR u.country_code = ts.ta_country)))"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: PlatformRole, spaces: Vec<i64>) -> Viewer {
        Viewer::User(SignedIn {
            id: 7,
            username: "u".into(),
            display_name: "U".into(),
            role,
            spaces,
            country_roles: vec![(CountryRole::Publisher, "CO".into())],
            country: Some("CO".into()),
            has_password: true,
            session_id: String::new(),
            unread_notifications: 0,
            time_zone: "America/Bogota".into(),
        })
    }

    #[test]
    fn the_rule_table() {
        use Visibility::*;
        let anon = Viewer::Anonymous;
        let member_of_1 = user(PlatformRole::Member, vec![1]);
        let outsider = user(PlatformRole::Member, vec![]);
        let staff = user(PlatformRole::TaStaff, vec![]);
        let admin = user(PlatformRole::Admin, vec![]);
        let cases = [
            (&anon, Public, true),
            (&anon, Network, false),
            (&anon, Private, false),
            (&outsider, Public, true),
            (&outsider, Network, true),
            (&outsider, Private, false),
            (&member_of_1, Private, true),
            (&staff, Private, false),
            (&admin, Private, true),
        ];
        for (viewer, vis, expected) in cases {
            assert_eq!(
                can_view_space(viewer, 1, vis),
                expected,
                "{viewer:?} {vis:?}"
            );
        }
        assert!(
            !can_view_space(&member_of_1, 2, Private),
            "membership is per space"
        );
        assert!(can_publish_for(&member_of_1, "CO") && can_publish_for(&member_of_1, "co"));
        assert!(
            !can_publish_for(&member_of_1, "PE"),
            "publishing is per country"
        );
        assert!(can_publish_for(&admin, "PE"));
        assert!(can_see_requests_of(&member_of_1, "co"));
        assert!(
            !can_see_requests_of(&member_of_1, "PE"),
            "requests are per country"
        );
        assert!(can_see_requests_of(&staff, "PE") && can_see_requests_of(&admin, "PE"));
        assert!(!can_see_requests_of(&anon, "CO"));
        assert!(!can_publish_for(&anon, "CO"));
        // Affiliations: staff and admins for any country, focal points for theirs only;
        // publishing for a country is not deciding who belongs to it.
        assert!(decides_for_country(&staff, "PE") && decides_for_country(&admin, "PE"));
        assert!(
            !decides_for_country(&member_of_1, "CO"),
            "a publisher is not a focal point"
        );
        let focal = match user(PlatformRole::Member, vec![]) {
            Viewer::User(mut u) => {
                u.country_roles = vec![(CountryRole::FocalPoint, "CO".into())];
                Viewer::User(u)
            }
            v => v,
        };
        assert!(decides_for_country(&focal, "co"));
        assert!(!decides_for_country(&focal, "PE"));
        assert!(!decides_for_country(&anon, "CO"));
    }
}
