//! The HTTP router: Leptos pages and server functions, health checks, the language switch,
//! static files, and the layers every response passes through.

use std::time::Duration;

use app::backend::{access::Viewer, AppState};
use app::i18n::{Locale, LANG_COOKIE};
use app::{shell, App};
use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    middleware,
    response::IntoResponse,
    routing::{get, post},
    Extension, Json, Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{
    compression::CompressionLayer, services::ServeDir, set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use crate::auth::SecureCookies;
use crate::config::Config;
use crate::security::{self, CspNonce, SecurityPolicy};
use crate::throttle::SignInThrottle;

/// Builds the whole application for `state`, with the live `hub` its sockets join (started
/// by `serve`, or by the tests); `serve` and the tests both use this.
pub fn app(state: AppState, config: &Config, hub: std::sync::Arc<crate::live::Hub>) -> Router {
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_request_context(&state)
    };
    let secure = config.is_https();
    let site_origin = config.site_origin.clone();
    let max_body = usize::try_from(config.max_body_bytes).unwrap_or(usize::MAX);
    let policy = SecurityPolicy {
        hsts: secure,
        extra_connect_src: std::env::var("LEPTOS_WATCH").ok().map(|_| {
            format!(
                "ws://{}:{}",
                state.leptos.site_addr.ip(),
                state.leptos.reload_port
            )
        }),
        form_action: state.oidc.origins(),
    };
    // Hashed file names change with their content, so they may be cached for a year;
    // without hashing (debug builds) the browser must revalidate.
    let pkg_cache = if state.leptos.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg_dir = format!("{}/{}", state.leptos.site_root, state.leptos.site_pkg_dir);
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ));

    let metrics = crate::metrics::Metrics::new();
    // Checked at start-up (`Config::validate`); a bad list trusts nobody.
    let proxies = crate::proxy::TrustedProxies::parse(&config.trusted_proxies).unwrap_or_default();
    // Without a token there is no `/metrics` at all (the address is an ordinary 404).
    let operator = match &config.metrics_token {
        Some(token) => Router::new()
            .route("/metrics", get(crate::metrics::endpoint))
            .layer(Extension(crate::metrics::MetricsToken(
                token.as_str().into(),
            ))),
        None => Router::new(),
    };

    Router::new()
        .merge(operator)
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(
            "/lang",
            post(move |q| async move { crate::language::switch(secure, q) }),
        )
        .route("/auth/signin", post(crate::auth::sign_in))
        .route("/auth/signout", post(crate::auth::sign_out))
        .route("/auth/sessions/end", post(crate::auth::end_session))
        .route("/auth/password", post(crate::auth::change_password))
        .route("/auth/signup", post(crate::auth::sign_up))
        .route("/admin/users/role", post(crate::admin::change_role))
        .route(
            "/admin/users/country-roles",
            post(crate::admin::set_country_roles),
        )
        .route("/admin/users/country", post(crate::admin::set_country))
        .route("/account/affiliation", post(crate::affiliation::ask))
        .route(
            "/account/affiliation/withdraw",
            post(crate::affiliation::withdraw),
        )
        .route(
            "/affiliations/{id}/decide",
            post(crate::affiliation::decide),
        )
        .route("/admin/invitations", post(crate::admin::invite))
        .route("/spaces/{slug}/members/add", post(crate::membership::add))
        .route(
            "/spaces/{slug}/members/role",
            post(crate::membership::change_role),
        )
        .route(
            "/spaces/{slug}/members/remove",
            post(crate::membership::remove),
        )
        .route("/spaces/{slug}/join", post(crate::membership::ask_to_join))
        .route(
            "/spaces/{slug}/requests/decide",
            post(crate::membership::decide),
        )
        .route("/account/profile", post(crate::people::update_profile))
        .route("/account/email", post(crate::mailer::save_settings))
        .route(
            "/email/unsubscribe/{token}",
            post(crate::mailer::unsubscribe),
        )
        .route("/notifications/read", post(crate::people::mark_all_read))
        .route("/spaces/{slug}/watch", post(crate::people::watch))
        .route("/spaces", post(crate::spaces::create))
        .route("/spaces/{slug}/settings", post(crate::spaces::update))
        .route("/spaces/{slug}/archive", post(crate::spaces::archive))
        .route("/spaces/{slug}/drafts", post(crate::drafts::create))
        .route(
            "/spaces/{slug}/drafts/{draft}/edit",
            post(crate::drafts::save),
        )
        .route(
            "/spaces/{slug}/drafts/{draft}/restore",
            post(crate::drafts::restore),
        )
        .route(
            "/spaces/{slug}/drafts/{draft}/status",
            post(crate::drafts::set_status),
        )
        .route("/spaces/{slug}/threads", post(crate::discussion::start))
        .route(
            "/spaces/{slug}/threads/{thread}/reply",
            post(crate::discussion::reply),
        )
        .route(
            "/spaces/{slug}/threads/{thread}/moderate",
            post(crate::discussion::moderate_thread),
        )
        .route(
            "/spaces/{slug}/threads/{thread}/unread",
            get(crate::discussion::first_unread),
        )
        .route(
            "/spaces/{slug}/threads/{thread}/posts/{post}/edit",
            post(crate::discussion::edit),
        )
        .route(
            "/spaces/{slug}/threads/{thread}/posts/{post}",
            get(crate::discussion::permalink),
        )
        .route(
            "/spaces/{slug}/threads/{thread}/posts/{post}/fragment",
            get(crate::discussion::fragment),
        )
        .route(
            "/spaces/{slug}/threads/{thread}/posts/{post}/delete",
            post(crate::discussion::delete),
        )
        .route(
            "/spaces/{slug}/threads/{thread}/posts/{post}/moderate",
            post(crate::discussion::moderate_post),
        )
        .route("/library/submissions", post(crate::publishing::submit))
        .route(
            "/library/submissions/{id}/revise",
            post(crate::publishing::revise),
        )
        .route(
            "/library/submissions/{id}/review",
            post(crate::publishing::review),
        )
        .route("/plans", post(crate::plans::create))
        .route("/plans/{id}/objectives", post(crate::plans::add_objective))
        .route(
            "/plans/{id}/objectives/{objective}/lines",
            post(crate::plans::add_line),
        )
        .route(
            "/plans/{id}/lines/{line}/actions",
            post(crate::plans::add_action),
        )
        .route(
            "/plans/{id}/actions/{action}",
            post(crate::plans::update_action),
        )
        .route("/plans/{id}/export.csv", get(crate::plans::plan_csv))
        .route(
            "/plans/{id}/checkins/{months}/export.csv",
            get(crate::plans::checkin_csv),
        )
        .route("/plans/{id}/submit", post(crate::plans::submit))
        .route("/plans/{id}/approve", post(crate::plans::approve))
        .route("/plans/{id}/return", post(crate::plans::return_plan))
        .route("/plans/{id}/revise", post(crate::plans::revise))
        .route("/plans/{id}/comments", post(crate::plans::comment))
        .route("/plans/{id}/citations", post(crate::plans::cite))
        .route("/mem/{country}", post(crate::plans::add_recommendation))
        .route("/indicators", post(crate::indicators::define))
        .route("/indicators/import", post(crate::indicators::import))
        .route("/indicators/values.csv", get(crate::indicators::values_csv))
        .route(
            "/indicators/availability.csv",
            get(crate::indicators::availability_csv),
        )
        .route(
            "/indicators/values/{id}/validate",
            post(crate::indicators::validate),
        )
        .route("/indicators/{code}", post(crate::indicators::edit))
        .route(
            "/indicators/{code}/{country}/values",
            post(crate::indicators::enter_value),
        )
        .route(
            "/indicators/{code}/{country}/goal",
            post(crate::indicators::set_goal),
        )
        .route(
            "/indicators/{code}/{country}/availability",
            post(crate::indicators::set_availability),
        )
        .route("/directory/new", post(crate::directory::add))
        .route("/directory/import", post(crate::directory::import))
        .route("/directory.csv", get(crate::directory::export))
        .route(
            "/directory/corrections/{id}",
            post(crate::directory::review),
        )
        .route("/directory/{id}/edit", post(crate::directory::edit))
        .route("/directory/{id}/verify", post(crate::directory::verify))
        .route(
            "/directory/{id}/documents",
            post(crate::directory::documents),
        )
        .route(
            "/directory/{id}/corrections",
            post(crate::directory::report),
        )
        .route("/network/listing", post(crate::network::save_listing))
        .route(
            "/spaces/{slug}/working-group",
            post(crate::network::save_group),
        )
        .route("/missions", post(crate::missions::create))
        .route("/missions/feed", post(crate::missions::reset_feed))
        .route("/missions/calendar/{file}", get(crate::missions::feed))
        .route("/missions/{id}/status", post(crate::missions::advance))
        .route("/missions/{id}/team", post(crate::missions::add_members))
        .route(
            "/missions/{id}/team/remove",
            post(crate::missions::remove_member),
        )
        .route("/missions/{id}/serves", post(crate::missions::serves))
        .route("/missions/{id}/visits", post(crate::missions::add_visit))
        .route(
            "/missions/{id}/visits/{service}/notes",
            post(crate::missions::notes),
        )
        .route(
            "/missions/{id}/checklist/{item}",
            post(crate::missions::tick),
        )
        .route("/missions/{id}/report", post(crate::missions::write_report))
        .route("/missions/{id}/approve", post(crate::missions::approve))
        .route(
            "/missions/{id}/follow-ups",
            post(crate::missions::follow_up),
        )
        .route("/funding", post(crate::funding::create))
        .route("/funding/{id}", post(crate::funding::update))
        .route("/quality/instruments", post(crate::quality::new_instrument))
        .route("/quality/versions/{id}/copy", post(crate::quality::copy))
        .route(
            "/quality/versions/{id}/items",
            post(crate::quality::add_item),
        )
        .route(
            "/quality/versions/{id}/items/{item}",
            post(crate::quality::edit_item),
        )
        .route("/quality/versions/{id}/scale", post(crate::quality::scale))
        .route("/quality/campaigns", post(crate::quality::new_campaign))
        .route(
            "/quality/campaigns/{id}/respondent",
            post(crate::quality::respondent),
        )
        .route(
            "/quality/campaigns/{id}/results.csv",
            get(crate::quality::results_csv),
        )
        .route(
            "/quality/assessments/{id}/self",
            post(crate::quality::save_self),
        )
        .route(
            "/quality/assessments/{id}/verify",
            post(crate::quality::verify),
        )
        .route(
            "/quality/assessments/{id}/close",
            post(crate::quality::close),
        )
        .route("/quality/assessments/{id}/plan", post(crate::quality::plan))
        .route("/admin/domains", post(crate::plans::save_domain))
        .route("/plans/{id}/checkins/{months}", post(crate::plans::checkin))
        .route("/requests", post(crate::requests::file))
        .route("/requests/figures.csv", get(crate::requests::figures_csv))
        .route("/requests/canned", post(crate::requests::save_canned))
        .route(
            "/requests/canned/{id}/delete",
            post(crate::requests::delete_canned),
        )
        .route("/requests/{id}/reply", post(crate::requests::reply))
        .route("/requests/{id}/notes", post(crate::requests::note))
        .route("/requests/{id}/update", post(crate::requests::update))
        .route("/requests/{id}/answer", post(crate::requests::answer))
        .route("/requests/{id}/close", post(crate::requests::close))
        .route("/requests/{id}/reopen", post(crate::requests::reopen))
        .route("/live/v1", get(crate::live::socket::endpoint))
        .route("/auth/oidc/{provider}/start", post(crate::oidc::start))
        .route("/auth/oidc/{provider}/callback", get(crate::oidc::callback))
        .nest("/pkg", pkg)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn(move |req, next| {
            security::limit_body(max_body, req, next)
        }))
        .layer(CompressionLayer::new())
        .layer(Extension(hub))
        .layer(Extension(SignInThrottle::new(
            config.signin_failures_per_account,
            config.signin_failures_per_address,
            Duration::from_secs(15 * 60),
        )))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::auth::load_viewer,
        ))
        // Outside the session layer, which clears rejected cookies with the right flags.
        .layer(Extension(SecureCookies(secure)))
        .layer(middleware::from_fn({
            let state = state.clone();
            move |req, next| security::same_origin(site_origin.clone(), state.clone(), req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            security::headers(policy.clone(), req, next)
        }))
        .layer(TraceLayer::new_for_http())
        .layer(middleware::from_fn(move |req, next| {
            crate::proxy::client_address(proxies.clone(), req, next)
        }))
        .layer(Extension(metrics.clone()))
        .layer(middleware::from_fn(move |req, next| {
            crate::metrics::track(metrics.clone(), req, next)
        }))
        .with_state(state)
}

/// The app's routes, generated once per process. Generating them renders the app with
/// resource loading suppressed process-wide, which would stall any page being rendered at
/// the same moment (leptos issue #4773); doing it once, before serving, avoids that.
pub fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Per-request context for pages and server functions: state, language, viewer and their
/// time zone, CSP nonce.
fn provide_request_context(state: &AppState) {
    provide_context(state.clone());
    let parts = leptos::prelude::use_context::<http::request::Parts>();
    provide_context(
        parts
            .as_ref()
            .map_or(Locale::En, |p| request_locale(&p.headers)),
    );
    let viewer = parts
        .as_ref()
        .and_then(|p| p.extensions.get::<Viewer>())
        .cloned()
        .unwrap_or_default();
    provide_context(viewer.current_user());
    // Instants on every page are days in the reader's zone (see `app::dates::day`).
    provide_context(app::backend::zones::of(&viewer));
    provide_context(app::model::user::SignupEnabled(state.allow_signup));
    provide_context(app::model::user::SignInProviders(state.oidc.buttons()));
    provide_context(viewer);
    if let Some(nonce) = parts.as_ref().and_then(|p| p.extensions.get::<CspNonce>()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0.clone()));
    }
}

/// The reader's language: their choice (cookie), else their browser's.
pub fn request_locale(headers: &http::HeaderMap) -> Locale {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Locale::negotiate(cookie_value(headers, LANG_COOKIE).as_deref(), accept)
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// Liveness: the process answers.
async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

/// Readiness: the database answers within two seconds.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let ok = tokio::time::timeout(Duration::from_secs(2), state.db.ping())
        .await
        .unwrap_or(false);
    if ok {
        (
            StatusCode::OK,
            Json(serde_json::json!({ "status": "ready" })),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "reason": "database unreachable" })),
        )
    }
}
