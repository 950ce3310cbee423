//! The technical-assistance page: what countries can ask the programme for, and how.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_locale, Locale};
use crate::tr;

/// Topics of assistance requests, as stored (`topic.<key>` in the locale files).
pub const TOPICS: [&str; 7] = [
    "treatment_guidelines",
    "workforce_training",
    "quality_assurance",
    "indicators",
    "operational_planning",
    "funding",
    "other",
];

/// A topic's name in the reader's language.
pub fn topic_label(locale: Locale, topic: &str) -> String {
    match topic {
        "treatment_guidelines" => tr!(locale, "topic.treatment_guidelines"),
        "workforce_training" => tr!(locale, "topic.workforce_training"),
        "quality_assurance" => tr!(locale, "topic.quality_assurance"),
        "indicators" => tr!(locale, "topic.indicators"),
        "operational_planning" => tr!(locale, "topic.operational_planning"),
        "funding" => tr!(locale, "topic.funding"),
        _ => tr!(locale, "topic.other"),
    }
}

#[component]
pub fn RequestsPage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <Title text=tr!(locale, "requests.title") />
        <h1>{tr!(locale, "requests.title")}</h1>
        <p class="lead">{tr!(locale, "requests.intro")}</p>
        <div class="columns">
            <section aria-labelledby="ta-topics">
                <h2 id="ta-topics">{tr!(locale, "requests.topics_title")}</h2>
                <ul class="plain-list">
                    {TOPICS
                        .iter()
                        .map(|t| view! { <li>{topic_label(locale, t)}</li> })
                        .collect_view()}
                </ul>
            </section>
            <section aria-labelledby="ta-how">
                <h2 id="ta-how">{tr!(locale, "requests.how_title")}</h2>
                <ol class="steps">
                    <li>{tr!(locale, "requests.step_ask")}</li>
                    <li>{tr!(locale, "requests.step_triage")}</li>
                    <li>{tr!(locale, "requests.step_answer")}</li>
                </ol>
            </section>
        </div>
    }
}
