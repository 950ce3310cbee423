//! The members section of a space page: who belongs and in what role; for owners, forms
//! to add, re-role and remove members and to answer requests to join; for others, asking
//! to join or leaving. Plain forms (see the server's `membership` handlers), no script.

use crate::model::refusal::Refusal;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::{use_locale, Locale};
use crate::model::space::{Membership, SpaceRole, Visibility};
use crate::tr;

pub fn role_label(locale: Locale, role: SpaceRole) -> String {
    match role {
        SpaceRole::Owner => tr!(locale, "membership.role_owner"),
        SpaceRole::Moderator => tr!(locale, "membership.role_moderator"),
        SpaceRole::Member => tr!(locale, "membership.role_member"),
        SpaceRole::Observer => tr!(locale, "membership.role_observer"),
    }
}

fn role_select(locale: Locale, id: String, selected: SpaceRole) -> impl IntoView {
    view! {
        <select name="role" id=id>
            {SpaceRole::ALL.into_iter().map(|r| view! {
                <option value=r.as_str() selected=r == selected>{role_label(locale, r)}</option>
            }).collect_view()}
        </select>
    }
}

/// The outcome of the last form post, from `?done=` / `?error=`.
fn outcome(locale: Locale) -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked();
    let done = q.get("done").and_then(|d| match d.as_str() {
        "added" => Some(tr!(locale, "membership.done_added")),
        "role_changed" => Some(tr!(locale, "membership.done_role_changed")),
        "removed" => Some(tr!(locale, "membership.done_removed")),
        "requested" => Some(tr!(locale, "membership.done_requested")),
        "approved" => Some(tr!(locale, "membership.done_approved")),
        "declined" => Some(tr!(locale, "membership.done_declined")),
        "thread_deleted" => Some(tr!(locale, "discussion.done_thread_deleted")),
        "watch_saved" => Some(tr!(locale, "notifications.watch_saved")),
        "archived" | "restored" => Some(tr!(locale, "spaces.saved")),
        _ => None,
    });
    let error = q.get("error").map(|e| Refusal::message_for(&e, locale));
    super::form_outcome(done, error)
}

#[component]
pub fn MembersSection(membership: Membership, visibility: Visibility) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section id="members" aria-labelledby="members-title" class="members">
            <h2 id="members-title">{tr!(locale, "membership.title")}</h2>
            {outcome(locale)}
            {members_view(locale, membership, visibility)}
        </section>
    }
}

fn members_view(locale: Locale, m: Membership, visibility: Visibility) -> impl IntoView {
    let base = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let action = move |what: &str| format!("{base}/{what}");
    if !m.signed_in {
        return view! { <p class="meta">{tr!(locale, "membership.sign_in_to_see")}</p> }.into_any();
    }
    let can_manage = m.can_manage;
    let members = m.members.clone();
    let my_role = m.my_role;
    view! {
        <ul class="member-list">
            {members.into_iter().map(|p| {
                let id = format!("role-{}", p.username);
                view! {
                    <li>
                        <span class="who">{p.display_name.clone()} " " <span class="meta">{format!("@{}", p.username)}</span></span>
                        <span class="role">{role_label(locale, p.role)}</span>
                        {can_manage.then(|| view! {
                            <form method="post" action=action("members/role") class="inline">
                                <input type="hidden" name="username" value=p.username.clone() />
                                <label class="visually-hidden" for=id.clone()>{tr!(locale, "membership.role")}</label>
                                {role_select(locale, id.clone(), p.role)}
                                <button type="submit">{tr!(locale, "membership.change_role")}</button>
                            </form>
                            <form method="post" action=action("members/remove") class="inline">
                                <input type="hidden" name="username" value=p.username.clone() />
                                <button type="submit" class="danger">{tr!(locale, "membership.remove")}</button>
                            </form>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {can_manage.then(|| view! {
            <form method="post" action=action("members/add") class="stacked add-member">
                <h3>{tr!(locale, "membership.add_title")}</h3>
                <label for="add-who">{tr!(locale, "membership.who")}</label>
                <input id="add-who" name="who" type="text" required maxlength="254" autocomplete="off" />
                <label for="add-role">{tr!(locale, "membership.role")}</label>
                {role_select(locale, "add-role".into(), SpaceRole::Member)}
                <button type="submit" class="primary">{tr!(locale, "membership.add")}</button>
            </form>
        })}
        {(can_manage && !m.requests.is_empty()).then(|| view! {
            <h3>{tr!(locale, "membership.requests_title")}</h3>
            <ul class="member-list">
                {m.requests.iter().map(|r| view! {
                    <li>
                        <span class="who">{r.display_name.clone()} " " <span class="meta">{format!("@{}", r.username)}</span></span>
                        {(!r.message.is_empty()).then(|| view! { <q>{r.message.clone()}</q> })}
                        <form method="post" action=action("requests/decide") class="inline">
                            <input type="hidden" name="username" value=r.username.clone() />
                            <button type="submit" name="decision" value="approve" class="primary">{tr!(locale, "membership.approve")}</button>
                            <button type="submit" name="decision" value="decline">{tr!(locale, "membership.decline")}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        })}
        {match (my_role, m.requested) {
            (Some(_), _) => {
                let me = leptos::prelude::use_context::<Option<crate::model::user::CurrentUser>>()
                    .flatten()
                    .map(|u| u.username)
                    .unwrap_or_default();
                view! {
                    <form method="post" action=action("members/remove") class="inline">
                        <input type="hidden" name="username" value=me />
                        <button type="submit">{tr!(locale, "membership.leave")}</button>
                    </form>
                }.into_any()
            }
            (None, true) => view! { <p class="meta">{tr!(locale, "membership.request_pending")}</p> }.into_any(),
            (None, false) if visibility != Visibility::Private => view! {
                <form method="post" action=action("join") class="stacked">
                    <label for="join-message">{tr!(locale, "membership.join_message")}</label>
                    <textarea id="join-message" name="message" maxlength="1000" rows="2"></textarea>
                    <button type="submit" class="primary">{tr!(locale, "membership.ask_to_join")}</button>
                </form>
            }.into_any(),
            (None, false) => ().into_any(),
        }}
    }
    .into_any()
}
