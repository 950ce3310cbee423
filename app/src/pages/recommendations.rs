//! A country's register of the Multilateral Evaluation Mechanism's recommendations, round
//! by round — what its plans' objectives and actions cite — with the form staff and the
//! country's focal points add to it with. A plain form posting to `server::plans`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::load;
use super::plans::outcome;
use crate::api::plans::read_recommendations;
use crate::i18n::use_locale;
use crate::model::plan::RecommendationRegister;
use crate::tr;

#[component]
pub fn RecommendationsPage() -> impl IntoView {
    let params = use_params_map();
    let page = Resource::new_blocking(
        move || params.read().get("country").unwrap_or_default(),
        read_recommendations,
    );
    view! { {load(page, move |r| view! { <Register register=r /> })} }
}

#[component]
fn Register(register: RecommendationRegister) -> impl IntoView {
    let locale = use_locale();
    let country = register.country.get(locale).to_string();
    let title = tr!(locale, "plans.mem_register", country = country.clone());
    // Rounds in the order the register gives them (newest first), each with its items.
    let mut rounds: Vec<(String, Vec<_>)> = Vec::new();
    for r in register.items {
        match rounds.last_mut() {
            Some((round, items)) if *round == r.round => items.push(r),
            _ => rounds.push((r.round.clone(), vec![r])),
        }
    }
    let list = if rounds.is_empty() {
        view! { <p class="empty">{tr!(locale, "plans.mem_none")}</p> }.into_any()
    } else {
        rounds
            .into_iter()
            .map(|(round, items)| {
                let items = items
                    .into_iter()
                    .map(|r| view! { <div><dt>{r.code}</dt><dd>{r.text}</dd></div> })
                    .collect_view();
                view! {
                    <section>
                        <h2>{tr!(locale, "plans.mem_round", round = round)}</h2>
                        <dl class="recommendations">{items}</dl>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    let form = register.can_edit.then(|| {
        view! {
            <form class="stacked" method="post" action=format!("/mem/{}", register.country.code)>
                <fieldset>
                    <legend>{tr!(locale, "plans.mem_add")}</legend>
                    <label for="mem-round">{tr!(locale, "plans.field_round")}</label>
                    <input id="mem-round" name="round" maxlength="60" required />
                    <label for="mem-code">{tr!(locale, "plans.field_code")}</label>
                    <input id="mem-code" name="code" maxlength="30" required />
                    <label for="mem-text">{tr!(locale, "plans.field_recommendation")}</label>
                    <textarea id="mem-text" name="text" rows="3" maxlength="2000" required></textarea>
                    <button type="submit" class="primary">{tr!(locale, "plans.save")}</button>
                </fieldset>
            </form>
        }
    });
    view! {
        <Title text=title.clone() />
        <p class="breadcrumb"><a href="/plans">{tr!(locale, "plans.title")}</a></p>
        {outcome(locale)}
        <h1>{title}</h1>
        <p class="lead">{tr!(locale, "plans.mem_lead")}</p>
        {list}
        {form}
    }
}
