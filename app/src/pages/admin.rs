//! Admin pages: the security audit log.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::admin::audit_log;
use crate::i18n::use_locale;
use crate::tr;

/// Seconds since the epoch as `YYYY-MM-DD HH:MM` (UTC).
fn date_time(unix: i64) -> String {
    let secs = unix.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}",
        crate::components::format::day(unix),
        secs / 3600,
        secs % 3600 / 60
    )
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let locale = use_locale();
    let entries = Resource::new_blocking(|| (), |_| audit_log(200));
    view! {
        {load(entries, move |list| view! {
                        <Title text=tr!(locale, "admin.audit_title") />
                        <h1>{tr!(locale, "admin.audit_title")}</h1>
                        <p class="lead">{tr!(locale, "admin.audit_intro")}</p>
                        <div class="table-wrap">
                            <table class="data">
                                <thead><tr>
                                    <th scope="col">{tr!(locale, "admin.when")}</th>
                                    <th scope="col">{tr!(locale, "admin.who")}</th>
                                    <th scope="col">{tr!(locale, "admin.event")}</th>
                                    <th scope="col">{tr!(locale, "admin.detail")}</th>
                                    <th scope="col">{tr!(locale, "admin.address")}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|e| view! {
                                        <tr>
                                            <td>{date_time(e.at)}</td>
                                            <td>{e.username.unwrap_or_default()}</td>
                                            <td><code>{e.event}</code></td>
                                            <td>{e.detail}</td>
                                            <td>{e.address}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
    }
}
