//! The spaces index and a space's own page.

use super::load;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::drafts::DraftsSection;
use super::space_members::MembersSection;
use super::space_threads::ThreadsSection;
use crate::api::drafts::list_drafts;
use crate::api::spaces::{get_space, list_spaces, space_membership};
use crate::api::threads::list_threads;
use crate::components::lists::{created_on, visibility_label, SpaceList};
use crate::error::AppError;
use crate::i18n::use_locale;
use crate::tr;

#[component]
pub fn SpacesPage() -> impl IntoView {
    let locale = use_locale();
    // Whether the viewer may start a space decides whether the page offers it.
    let spaces = Resource::new_blocking(
        || (),
        |_| async move {
            let list = list_spaces(200).await?;
            let can_start = crate::api::spaces::can_start_space().await?;
            Ok::<_, AppError>((list, can_start))
        },
    );
    view! {
        <Title text=tr!(locale, "spaces.title") />
        <h1>{tr!(locale, "spaces.title")}</h1>
        <p class="lead">{tr!(locale, "spaces.intro")}</p>
        // Hidden and missing spaces look exactly like an unknown address.
        {load(spaces, move |(list, can_start)| view! {
                {can_start.then(|| view! {
                    <p><a class="button primary" href="/spaces/new">{tr!(locale, "spaces.new")}</a></p>
        })}
                        <SpaceList spaces=list empty=tr!(locale, "spaces.none") />
                    }.into_any())}
    }
}

#[component]
pub fn SpacePage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    // One resource for the space, its threads and its members: a second resource nested
    // inside this one's Suspend can stall server rendering.
    let space = Resource::new_blocking(
        move || params.read().get("slug").unwrap_or_default(),
        |slug| async move {
            let space = get_space(slug.clone()).await?;
            let threads = list_threads(slug.clone()).await?;
            let drafts = list_drafts(slug.clone()).await?;
            let membership = space_membership(slug).await?;
            Ok::<_, AppError>((space, threads, drafts, membership))
        },
    );
    view! {
        // Hidden and missing spaces look exactly like an unknown address.
        {load(space, move |(s, threads, drafts, membership)| {
                let country = s
                    .country
                    .as_ref()
                    .map(|c| c.get(locale).to_string())
                    .unwrap_or_else(|| tr!(locale, "space.regional"));
                view! {
                    <Title text=s.name.clone() />
                    <article class="space">
                        <h1>{s.name.clone()}</h1>
                        {s.archived.then(|| view! { <p class="notice">{tr!(locale, "spaces.archived_note")}</p> })}
                        {membership.can_manage.then(|| view! {
                            <p><a href=format!("/spaces/{}/settings", s.slug)>{tr!(locale, "spaces.settings")}</a></p>
        })}
                                <dl class="facts">
                                    <dt>{tr!(locale, "space.country")}</dt>
                                    <dd>{country}</dd>
                                    <dt>{tr!(locale, "space.visibility")}</dt>
                                    <dd>{visibility_label(locale, s.visibility)}</dd>
                                </dl>
                                <section aria-labelledby="space-about">
                                    <h2 id="space-about">{tr!(locale, "space.about")}</h2>
                                    <div class="markdown" inner_html=s.description_html.clone()></div>
                                    <p class="meta">{created_on(locale, s.created_at)}</p>
                                </section>
                                <ThreadsSection slug=s.slug.clone() list=threads />
                                <DraftsSection slug=s.slug.clone() list=drafts />
                                <MembersSection membership visibility=s.visibility />
                            </article>
                        }
                        .into_any()
                    })}
    }
}
