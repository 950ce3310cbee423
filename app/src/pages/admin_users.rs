//! The admins' users page: find people, change their platform role, set their verified
//! country and their country roles, and make invitation links. Plain forms (see the server's `admin`
//! handlers); the page does not exist for anyone but admins.

use super::load;
use crate::model::refusal::Refusal;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::admin::list_users;
use crate::components::format::day;
use crate::i18n::{use_locale, Locale};
use crate::model::user::{AdminUsers, CountryRole, PlatformRole};
use crate::tr;

const ROLES: [PlatformRole; 3] = [
    PlatformRole::Member,
    PlatformRole::TaStaff,
    PlatformRole::Admin,
];

pub fn platform_role_label(locale: Locale, role: PlatformRole) -> String {
    match role {
        PlatformRole::Admin => tr!(locale, "admin.role_admin"),
        PlatformRole::TaStaff => tr!(locale, "admin.role_ta_staff"),
        PlatformRole::Member => tr!(locale, "admin.role_member"),
    }
}

pub fn country_role_label(locale: Locale, role: CountryRole) -> String {
    match role {
        CountryRole::FocalPoint => tr!(locale, "admin.role_focal_point"),
        CountryRole::Publisher => tr!(locale, "admin.role_publisher"),
        CountryRole::DirectoryEditor => tr!(locale, "admin.role_directory_editor"),
    }
}

fn role_select(locale: Locale, id: String, selected: PlatformRole) -> impl IntoView {
    view! {
        <select name="role" id=id>
            {ROLES.into_iter().map(|r| view! {
                <option value=r.as_str() selected=r == selected>{platform_role_label(locale, r)}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let locale = use_locale();
    let query = use_query_map();
    let q = query.read_untracked().get("q").unwrap_or_default();
    let filter = q.clone();
    let data = Resource::new_blocking(move || filter.clone(), list_users);
    view! {
        {load(data, move |d| page(locale, d, q.clone()))}
    }
}

fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").and_then(|d| match d.as_str() {
        "role_changed" => Some(tr!(locale, "admin.done_role_changed")),
        "country_changed" => Some(tr!(locale, "admin.done_country_changed")),
        "country_roles_changed" => Some(tr!(locale, "admin.done_country_roles_changed")),
        _ => None,
    });
    let error = q.get("error").map(|e| Refusal::message_for(&e, locale));
    super::form_outcome(done, error)
}

fn page(locale: Locale, d: AdminUsers, q: String) -> impl IntoView {
    let invited = use_query_map().read_untracked().get("invited");
    let origin = d.site_origin.clone();
    view! {
        <Title text=tr!(locale, "admin.users_title") />
        <h1>{tr!(locale, "admin.users_title")}</h1>
        <p class="lead">{tr!(locale, "admin.users_intro")}</p>
        {outcome(locale)}
        <form method="get" action="/admin/users" class="inline search-users" role="search">
            <label for="user-filter">{tr!(locale, "admin.filter")}</label>
            <input id="user-filter" name="q" type="search" value=q maxlength="100" />
            <button type="submit">{tr!(locale, "admin.filter_submit")}</button>
        </form>
        <div class="table-wrap">
            <table class="data">
                <thead><tr>
                    <th scope="col">{tr!(locale, "admin.person")}</th>
                    <th scope="col">{tr!(locale, "admin.platform_role")}</th>
                    <th scope="col">{tr!(locale, "admin.country_col")}</th>
                    <th scope="col">{tr!(locale, "admin.country_roles")}</th>
                    <th scope="col">{tr!(locale, "admin.since")}</th>
                </tr></thead>
                <tbody>
                    {d.users.into_iter().map(|u| {
                        let role_id = format!("role-{}", u.username);
                        let country_id = format!("country-{}", u.username);
                        let current = u.country_code.clone().unwrap_or_default();
                        view! {
                            <tr>
                                <td>
                                    <strong>{u.display_name.clone()}</strong>
                                    <br /><span class="meta">{format!("@{}", u.username)}</span>
                                    {u.email.clone().map(|e| view! { <br /><span class="meta">{e}</span> })}
                                </td>
                                <td>
                                    <form method="post" action="/admin/users/role" class="inline">
                                        <input type="hidden" name="username" value=u.username.clone() />
                                        <label class="visually-hidden" for=role_id.clone()>{tr!(locale, "admin.platform_role")}</label>
                                        {role_select(locale, role_id.clone(), u.role)}
                                        <button type="submit">{tr!(locale, "admin.save")}</button>
                                    </form>
                                </td>
                                <td>
                                    <form method="post" action="/admin/users/country" class="inline">
                                        <input type="hidden" name="username" value=u.username.clone() />
                                        <label class="visually-hidden" for=country_id.clone()>{tr!(locale, "admin.country_col")}</label>
                                        <select id=country_id name="country">
                                            <option value="" selected=current.is_empty()>{tr!(locale, "signup.country_none")}</option>
                                            {d.countries.iter().map(|c| view! {
                                                <option value=c.code.clone() selected=c.code == current>{c.get(locale).to_string()}</option>
                                            }).collect_view()}
                                        </select>
                                        <button type="submit">{tr!(locale, "admin.save")}</button>
                                    </form>
                                </td>
                                <td>
                                    <form method="post" action="/admin/users/country-roles" class="stacked compact">
                                        <input type="hidden" name="username" value=u.username.clone() />
                                        {u.country_roles.iter().map(|(role, codes)| {
                                            let id = format!("{}-{}", role.as_str(), u.username);
                                            view! {
                                                <label for=id.clone()>{country_role_label(locale, *role)}</label>
                                                <input id=id name=role.as_str() type="text" size="10" maxlength="200"
                                                    value=codes.join(", ") placeholder="CO, PE" />
                                            }
                                        }).collect_view()}
                                        <button type="submit" class="secondary">{tr!(locale, "admin.save")}</button>
                                    </form>
                                </td>
                                <td>{day(u.created_at)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>

        <section id="invite" aria-labelledby="invite-title">
            <h2 id="invite-title">{tr!(locale, "admin.invite_title")}</h2>
            {invited.map(|token| {
                let link = format!("{origin}/signup?invite={token}");
                view! {
                    <div class="notice" role="status">
                        <p>{tr!(locale, "admin.invite_made")}</p>
                        <p><input type="text" readonly value=link.clone() aria-label=tr!(locale, "admin.invite_link") class="wide" /></p>
                    </div>
                }
            })}
            <form method="post" action="/admin/invitations" class="stacked">
                <label for="inv-role">{tr!(locale, "admin.platform_role")}</label>
                {role_select(locale, "inv-role".into(), PlatformRole::Member)}
                <label for="inv-country">{tr!(locale, "admin.invite_country")}</label>
                <select id="inv-country" name="country">
                    <option value="">{tr!(locale, "signup.country_none")}</option>
                    {d.countries.iter().map(|c| view! {
                        <option value=c.code.clone()>{c.get(locale).to_string()}</option>
                    }).collect_view()}
                </select>
                <label for="inv-note">{tr!(locale, "admin.invite_note")}</label>
                <input id="inv-note" name="note" type="text" maxlength="200" />
                <button type="submit" class="primary">{tr!(locale, "admin.invite_submit")}</button>
            </form>
            {(!d.invitations.is_empty()).then(|| view! {
                <h3>{tr!(locale, "admin.invitations_pending")}</h3>
                <ul>
                    {d.invitations.into_iter().map(|i| view! {
                        <li>
                            {platform_role_label(locale, i.role)}
                            {i.country_code.map(|c| format!(" ({c})"))}
                            {(!i.note.is_empty()).then(|| format!(" — {}", i.note))}
                            <span class="meta">" · "{tr!(locale, "admin.invite_expires", date = day(i.expires_at))}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}
