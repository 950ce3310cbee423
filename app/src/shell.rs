//! The HTML document around every page, and the route table.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

use crate::components::layout::Layout;
use crate::i18n::use_locale;
use crate::pages::{
    account::AccountPage,
    admin::AuditPage,
    admin_users::UsersPage,
    affiliations::AffiliationsPage,
    checkin::CheckinView,
    compose::{EditPostPage, NewThreadPage, ReplyPage},
    country::{CountriesView, CountryView},
    directory::DirectoryView,
    directory_editor::DirectoryEditorView,
    directory_import::DirectoryImportView,
    draft_edit::{EditDraftPage, NewDraftPage},
    drafts::{DraftDiffPage, DraftPage},
    email::{EmailSettingsPage, UnsubscribePage},
    funding::FundingView,
    funding_mechanism::MechanismView,
    home::HomePage,
    indicator::{IndicatorVersionsView, IndicatorView},
    indicator_availability::IndicatorAvailabilityView,
    indicator_country::IndicatorCountryView,
    indicator_import::IndicatorImportView,
    indicators::IndicatorsPage,
    library::{DocumentPageView, LibraryPage},
    mission::MissionView,
    missions::MissionsView,
    network::NetworkView,
    not_found::NotFound,
    notifications::NotificationsPage,
    plan::PlanView,
    plan_domains::PlanDomainsPage,
    plan_versions::PlanVersionsView,
    plans::PlansPage,
    post_history::PostHistoryPage,
    profile::{ProfileEditPage, ProfilePage},
    publishing::{ReviseSubmissionPage, SubmissionPageView, SubmissionsPage, SubmitPage},
    quality::QualityView,
    quality_assessment::AssessmentView,
    quality_campaign::CampaignView,
    quality_instrument::InstrumentView,
    recommendations::RecommendationsPage,
    request::RequestView,
    request_queue::{CannedPage, FiguresPage, QueuePage},
    requests::{NewRequestPage, RequestsPage},
    search::SearchPage,
    service::ServiceView,
    service_form::{EditServiceView, NewServiceView},
    signin::SignInPage,
    signup::SignUpPage,
    space_settings::{NewSpacePage, SpaceSettingsPage},
    spaces::{SpacePage, SpacesPage},
    thread::ThreadPage,
};
use crate::tr;

/// The whole document. The server calls this for every page it renders.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = use_locale();
    let stylesheet = stylesheet_href(&options);
    // Pages with a live room put the hydration scripts beside it (`components::live`):
    // the others load no WebAssembly at all.
    provide_context(options.clone());
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="stylesheet" href=stylesheet />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options />
                <script src="/site.js" defer></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Every route is rendered completely before it is sent (`SsrMode::Async`), so pages are
/// whole with JavaScript off and nothing is patched in by inline scripts.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = use_locale();
    let site = tr!(locale, "app.name");
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { site.clone() } else { format!("{page} · {site}") }
        } />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/spaces") view=SpacesPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/new") view=NewSpacePage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug") view=SpacePage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/settings") view=SpaceSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/drafts/new") view=NewDraftPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/drafts/:draft") view=DraftPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/drafts/:draft/edit") view=EditDraftPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/drafts/:draft/diff") view=DraftDiffPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/threads/new") view=NewThreadPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/threads/:thread") view=ThreadPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/threads/:thread/reply") view=ReplyPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/threads/:thread/posts/:post/edit") view=EditPostPage ssr=SsrMode::Async />
                    <Route path=path!("/spaces/:slug/threads/:thread/posts/:post/history") view=PostHistoryPage ssr=SsrMode::Async />
                    <Route path=path!("/library") view=LibraryPage ssr=SsrMode::Async />
                    <Route path=path!("/library/submit") view=SubmitPage ssr=SsrMode::Async />
                    <Route path=path!("/library/submissions") view=SubmissionsPage ssr=SsrMode::Async />
                    <Route path=path!("/library/submissions/:id") view=SubmissionPageView ssr=SsrMode::Async />
                    <Route path=path!("/library/submissions/:id/edit") view=ReviseSubmissionPage ssr=SsrMode::Async />
                    // After the submission routes: the first route that matches wins.
                    <Route path=path!("/library/:language/:name") view=DocumentPageView ssr=SsrMode::Async />
                    <Route path=path!("/plans") view=PlansPage ssr=SsrMode::Async />
                    <Route path=path!("/directory") view=DirectoryView ssr=SsrMode::Async />
                    <Route path=path!("/directory/new") view=NewServiceView ssr=SsrMode::Async />
                    <Route path=path!("/directory/editor") view=DirectoryEditorView ssr=SsrMode::Async />
                    <Route path=path!("/directory/import") view=DirectoryImportView ssr=SsrMode::Async />
                    <Route path=path!("/directory/:id") view=ServiceView ssr=SsrMode::Async />
                    <Route path=path!("/directory/:id/edit") view=EditServiceView ssr=SsrMode::Async />
                    <Route path=path!("/countries") view=CountriesView ssr=SsrMode::Async />
                    <Route path=path!("/countries/:code") view=CountryView ssr=SsrMode::Async />
                    <Route path=path!("/network") view=NetworkView ssr=SsrMode::Async />
                    <Route path=path!("/missions") view=MissionsView ssr=SsrMode::Async />
                    <Route path=path!("/missions/:id") view=MissionView ssr=SsrMode::Async />
                    <Route path=path!("/funding") view=FundingView ssr=SsrMode::Async />
                    <Route path=path!("/funding/:id") view=MechanismView ssr=SsrMode::Async />
                    <Route path=path!("/quality") view=QualityView ssr=SsrMode::Async />
                    <Route path=path!("/quality/versions/:id") view=InstrumentView ssr=SsrMode::Async />
                    <Route path=path!("/quality/campaigns/:id") view=CampaignView ssr=SsrMode::Async />
                    <Route path=path!("/quality/assessments/:id") view=AssessmentView ssr=SsrMode::Async />
                    <Route path=path!("/indicators") view=IndicatorsPage ssr=SsrMode::Async />
                    <Route path=path!("/indicators/availability") view=IndicatorAvailabilityView ssr=SsrMode::Async />
                    <Route path=path!("/indicators/import") view=IndicatorImportView ssr=SsrMode::Async />
                    <Route path=path!("/indicators/:code") view=IndicatorView ssr=SsrMode::Async />
                    <Route path=path!("/indicators/:code/versions") view=IndicatorVersionsView ssr=SsrMode::Async />
                    <Route path=path!("/indicators/:code/:country") view=IndicatorCountryView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:id") view=PlanView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:id/checkins/:months") view=CheckinView ssr=SsrMode::Async />
                    <Route path=path!("/plans/:id/versions") view=PlanVersionsView ssr=SsrMode::Async />
                    <Route path=path!("/mem/:country") view=RecommendationsPage ssr=SsrMode::Async />
                    <Route path=path!("/requests") view=RequestsPage ssr=SsrMode::Async />
                    <Route path=path!("/requests/new") view=NewRequestPage ssr=SsrMode::Async />
                    <Route path=path!("/requests/queue") view=QueuePage ssr=SsrMode::Async />
                    <Route path=path!("/requests/figures") view=FiguresPage ssr=SsrMode::Async />
                    <Route path=path!("/requests/canned") view=CannedPage ssr=SsrMode::Async />
                    <Route path=path!("/requests/:id") view=RequestView ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/account/profile") view=ProfileEditPage ssr=SsrMode::Async />
                    <Route path=path!("/account/email") view=EmailSettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/email/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/affiliations") view=AffiliationsPage ssr=SsrMode::Async />
                    <Route path=path!("/people/:username") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/notifications") view=NotificationsPage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/domains") view=PlanDomainsPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

/// The stylesheet's URL. When cargo-leptos hashes file names (release builds, so the files
/// can be cached for a year), the hash is read from `hash.txt` beside the executable.
fn stylesheet_href(options: &LeptosOptions) -> String {
    let pkg = &options.site_pkg_dir;
    let name = &options.output_name;
    match asset_hash(options, "css") {
        Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
        None => format!("/{pkg}/{name}.css"),
    }
}

#[cfg(feature = "ssr")]
fn asset_hash(options: &LeptosOptions, kind: &str) -> Option<String> {
    use std::sync::OnceLock;
    static HASHES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    if !options.hash_files {
        return None;
    }
    let hashes = HASHES.get_or_init(|| {
        let path = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())));
        path.and_then(|p| std::fs::read_to_string(p).ok())
            .map(|text| {
                text.lines()
                    .filter_map(|l| l.split_once(':'))
                    .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    });
    hashes
        .iter()
        .find(|(k, _)| k == kind)
        .map(|(_, v)| v.clone())
}

#[cfg(not(feature = "ssr"))]
fn asset_hash(_options: &LeptosOptions, _kind: &str) -> Option<String> {
    None
}
