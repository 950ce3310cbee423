//! One service's assessment: its step (self-assessment, verification, closing), the area
//! scores self-assessed and verified, and criterion by criterion the two ratings side by
//! side — disagreements marked, and against the service's previous assessment, the gaps
//! that closed. The respondent fills the self-assessment here, the campaign's assessors
//! verify it, the lead closes it; once closed, the country's plan writers turn its gaps
//! into an improvement plan.

use leptos::prelude::*;
use leptos_meta::Title;

use super::load;
use super::quality::{kept_has, kept_or, label, nav, outcome, status_label};
use crate::api::quality::read_assessment;
use crate::i18n::{use_locale, Locale};
use crate::model::plan::KeptForm;
use crate::model::quality::{
    percent, text_in, weight_of, AssessmentPage, AssessmentStatus, Item, Rating,
};
use crate::tr;

#[component]
pub fn AssessmentView() -> impl IntoView {
    let page = Resource::new_blocking(super::id_and_form(), |(id, form)| read_assessment(id, form));
    view! { {load(page, move |p| view! { <Assessment page=p /> })} }
}

/// Which form the criteria are shown in.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Fill,
    Verify,
    Read,
}

fn level_name(page: &AssessmentPage, locale: Locale, code: Option<&str>) -> String {
    code.and_then(|c| page.instrument.level(c))
        .map_or_else(|| "—".into(), |l| text_in(&l.names, locale).to_string())
}

fn level_select(page: &AssessmentPage, locale: Locale, name: String, chosen: &str) -> AnyView {
    let options = page
        .instrument
        .scale
        .iter()
        .map(|l| {
            view! { <option value=l.code.clone() selected=l.code == chosen>{text_in(&l.names, locale).to_string()}</option> }
        })
        .collect_view();
    view! {
        <select name=name>
            <option value="" selected=chosen.is_empty()>{tr!(locale, "quality.not_rated")}</option>
            {options}
        </select>
    }
    .into_any()
}

fn criterion_block(
    page: &AssessmentPage,
    locale: Locale,
    c: &Item,
    mode: Mode,
    kept: Option<&KeptForm>,
) -> AnyView {
    let empty = Rating::default();
    let r = page
        .ratings
        .iter()
        .find(|r| r.criterion_id == c.id)
        .unwrap_or(&empty);
    let id = c.id;
    let guidance = text_in(&c.guidance, locale).to_string();
    let own = level_name(page, locale, r.self_level.as_deref());
    let verified = level_name(page, locale, r.verified_level.as_deref());
    let differs = r.verified_level.is_some() && r.self_level != r.verified_level;
    let previous = page.previous.as_ref().and_then(|(_, levels)| {
        levels
            .iter()
            .find(|(code, _)| *code == c.code)
            .map(|(_, l)| l.clone())
    });
    let closed_gap = match (&previous, &r.verified_level) {
        (Some(before), Some(now)) => {
            let w = |l: &str| weight_of(&page.instrument.scale, l);
            matches!((w(before), w(now)), (Some(b), Some(n)) if b < 100 && n == 100)
        }
        _ => false,
    };
    let body = match mode {
        Mode::Fill => {
            let level = kept_or(kept, "self", &format!("level_{id}"), r.self_level.as_deref().unwrap_or(""));
            view! {
                <div class="rating-fields">
                    <label>{tr!(locale, "quality.self_rating")}{level_select(page, locale, format!("level_{id}"), &level)}</label>
                    <label>{label(locale, "field", "comment")}
                        <textarea name=format!("comment_{id}") rows="2" maxlength="2000">{kept_or(kept, "self", &format!("comment_{id}"), &r.self_comment)}</textarea>
                    </label>
                    <label>{label(locale, "field", "evidence")}
                        <input name=format!("evidence_{id}") value=kept_or(kept, "self", &format!("evidence_{id}"), &r.evidence) maxlength="2000" />
                    </label>
                </div>
            }
            .into_any()
        }
        Mode::Verify => {
            let level = kept_or(kept, "verify", &format!("verified_{id}"), r.verified_level.as_deref().unwrap_or(""));
            let sources = c
                .sources
                .iter()
                .map(|s| {
                    let checked = kept_has(kept, "verify", &format!("sources_{id}"), s)
                        .unwrap_or_else(|| r.verified_sources.iter().any(|x| x == s));
                    view! { <label class="check"><input type="checkbox" name=format!("sources_{id}") value=s.clone() checked=checked />{label(locale, "source", s)}</label> }
                })
                .collect_view();
            view! {
                <p class="self-said">{tr!(locale, "quality.self_rating")}": "<strong>{own.clone()}</strong>
                    {(!r.self_comment.is_empty()).then(|| view! { " — "{r.self_comment.clone()} })}
                    {(!r.evidence.is_empty()).then(|| view! { <br />{label(locale, "field", "evidence")}": "{r.evidence.clone()} })}
                </p>
                <div class="rating-fields">
                    <label>{tr!(locale, "quality.verified_rating")}{level_select(page, locale, format!("verified_{id}"), &level)}</label>
                    <fieldset class="sources"><legend>{tr!(locale, "quality.sources_checked")}</legend>{sources}</fieldset>
                    <label>{label(locale, "field", "comment")}
                        <textarea name=format!("vcomment_{id}") rows="2" maxlength="2000">{kept_or(kept, "verify", &format!("vcomment_{id}"), &r.verified_comment)}</textarea>
                    </label>
                </div>
            }
            .into_any()
        }
        Mode::Read => view! {
            <dl class="ratings">
                <dt>{tr!(locale, "quality.self_rating")}</dt><dd>{own}{(!r.self_comment.is_empty()).then(|| format!(" — {}", r.self_comment))}</dd>
                {(!r.evidence.is_empty()).then(|| view! { <dt>{label(locale, "field", "evidence")}</dt><dd>{r.evidence.clone()}</dd> })}
                <dt>{tr!(locale, "quality.verified_rating")}</dt><dd>{verified}{(!r.verified_comment.is_empty()).then(|| format!(" — {}", r.verified_comment))}</dd>
                {(!r.verified_sources.is_empty()).then(|| view! {
                    <dt>{tr!(locale, "quality.sources_checked")}</dt>
                    <dd>{r.verified_sources.iter().map(|s| label(locale, "source", s)).collect::<Vec<_>>().join(" · ")}</dd>
                })}
                {previous.clone().map(|p| view! { <dt>{tr!(locale, "quality.previous")}</dt><dd>{level_name(page, locale, Some(&p))}</dd> })}
            </dl>
        }
        .into_any(),
    };
    view! {
        <li class="qa-criterion" class:differs=differs id=format!("c{id}")>
            <p>
                <span class="code">{c.code.clone()}</span>" "{text_in(&c.text, locale).to_string()}
                {differs.then(|| view! { " "<span class="badge warn">{tr!(locale, "quality.differs")}</span> })}
                {closed_gap.then(|| view! { " "<span class="badge ok">{tr!(locale, "quality.gap_closed")}</span> })}
            </p>
            {(!guidance.is_empty() && mode != Mode::Read).then(|| view! { <p class="guidance">{guidance}</p> })}
            {body}
        </li>
    }
    .into_any()
}

fn criteria(page: &AssessmentPage, locale: Locale, mode: Mode, kept: Option<&KeptForm>) -> AnyView {
    let i = &page.instrument;
    i.children(None)
        .map(|area| {
            let standards = i
                .children(Some(area.id))
                .map(|st| {
                    let items = i
                        .children(Some(st.id))
                        .map(|c| criterion_block(page, locale, c, mode, kept))
                        .collect_view();
                    view! {
                        <h4><span class="code">{st.code.clone()}</span>" "{text_in(&st.text, locale).to_string()}</h4>
                        <ol class="criteria">{items}</ol>
                    }
                })
                .collect_view();
            view! {
                <section class="qa-area">
                    <h3><span class="code">{area.code.clone()}</span>" "{text_in(&area.text, locale).to_string()}</h3>
                    {standards}
                </section>
            }
        })
        .collect_view()
        .into_any()
}

fn improvement(page: &AssessmentPage, locale: Locale) -> Option<AnyView> {
    if page.summary.status != AssessmentStatus::Closed {
        return None;
    }
    let kept = page.kept.as_ref();
    let made = (!page.plans.is_empty()).then(|| {
        view! {
            <p>{tr!(locale, "quality.plans_made")}</p>
            <ul>{page.plans.iter().map(|(id, t)| view! { <li><a href=format!("/plans/{id}")>{t.clone()}</a></li> }).collect_view()}</ul>
        }
    });
    let form = page.rights.plan.then(|| {
        let gaps = page
            .instrument
            .criteria()
            .filter_map(|c| {
                let level = page
                    .ratings
                    .iter()
                    .find(|r| r.criterion_id == c.id)?
                    .verified_level
                    .clone()?;
                let w = weight_of(&page.instrument.scale, &level)?;
                (w < 100).then(|| {
                    let id = c.id.to_string();
                    let checked = kept_has(kept, "plan", "criterion", &id).unwrap_or(false);
                    view! {
                        <label class="check">
                            <input type="checkbox" name="criterion" value=id checked=checked />
                            <span class="code">{c.code.clone()}</span>" "{text_in(&c.text, locale).to_string()}
                            <span class="meta">" · "{level_name(page, locale, Some(&level))}</span>
                        </label>
                    }
                })
            })
            .collect_view();
        let spaces = page
            .plan_spaces
            .iter()
            .map(|(slug, name)| view! { <option value=slug.clone() selected=kept_or(kept, "plan", "space", "") == *slug>{name.clone()}</option> })
            .collect_view();
        let lang = kept_or(kept, "plan", "language", locale.code());
        let languages = ["en", "es", "pt", "fr"]
            .into_iter()
            .map(|l| view! { <option value=l selected=lang == l>{l.to_uppercase()}</option> })
            .collect_view();
        let default_title = tr!(locale, "quality.plan_title", service = page.summary.service.clone());
        view! {
            <form method="post" action=format!("/quality/assessments/{}/plan", page.summary.id) class="stacked">
                <p class="hint">{tr!(locale, "quality.improvement_intro")}</p>
                <fieldset class="gaps"><legend>{tr!(locale, "quality.gaps")}</legend>{gaps}</fieldset>
                <label>{label(locale, "field", "title")}<input name="title" value=kept_or(kept, "plan", "title", &default_title) maxlength="300" required /></label>
                <label>{label(locale, "field", "space")}<select name="space">{spaces}</select></label>
                <div class="pair">
                    <label>{label(locale, "field", "starts_on")}<input type="date" name="starts_on" value=kept_or(kept, "plan", "starts_on", "") required /></label>
                    <label>{label(locale, "field", "ends_on")}<input type="date" name="ends_on" value=kept_or(kept, "plan", "ends_on", "") required /></label>
                </div>
                <label>{label(locale, "field", "language")}<select name="language">{languages}</select></label>
                <button type="submit">{tr!(locale, "quality.make_plan")}</button>
            </form>
        }
    });
    Some(
        view! {
            <section id="improvement" aria-labelledby="improvement-title">
                <h2 id="improvement-title">{tr!(locale, "quality.improvement")}</h2>
                {made}
                {form}
            </section>
        }
        .into_any(),
    )
}

#[component]
fn Assessment(page: AssessmentPage) -> impl IntoView {
    let locale = use_locale();
    let s = page.summary.clone();
    let kept = page.kept.clone();
    let mode = if page.rights.fill {
        Mode::Fill
    } else if page.rights.verify {
        Mode::Verify
    } else {
        Mode::Read
    };
    let title = format!("{} · {}", s.service, s.campaign);
    let steps = [
        AssessmentStatus::SelfAssessment,
        AssessmentStatus::Submitted,
        AssessmentStatus::Verified,
        AssessmentStatus::Closed,
    ]
    .into_iter()
    .map(|st| {
        let current = st == s.status;
        view! { <li class:current=current aria-current=current.then_some("step")>{status_label(locale, st)}</li> }
    })
    .collect_view();
    let steps = steps.into_any();
    let area_rows = page
        .areas
        .iter()
        .map(|a| {
            let name = page
                .instrument
                .items
                .iter()
                .find(|i| i.kind == "area" && i.code == a.code)
                .map(|i| text_in(&i.text, locale).to_string())
                .unwrap_or_default();
            view! {
                <tr><th scope="row">{a.code.clone()}" "{name}</th><td>{percent(a.self_score)}</td><td>{percent(a.verified)}</td></tr>
            }
        })
        .collect_view()
        .into_any();
    let body = criteria(&page, locale, mode, kept.as_ref());
    let ratings = match mode {
        Mode::Fill => view! {
            <form method="post" action=format!("/quality/assessments/{}/self", s.id) class="assessment-form">
                <p class="hint">{tr!(locale, "quality.fill_hint")}</p>
                {body}
                <p class="actions">
                    <button type="submit" name="intent" value="save" class="secondary">{tr!(locale, "quality.save")}</button>
                    <button type="submit" name="intent" value="submit">{tr!(locale, "quality.submit")}</button>
                </p>
            </form>
        }
        .into_any(),
        Mode::Verify => view! {
            <form method="post" action=format!("/quality/assessments/{}/verify", s.id) class="assessment-form">
                <p class="hint">{tr!(locale, "quality.verify_hint")}</p>
                {body}
                <p class="actions">
                    <button type="submit" name="intent" value="save" class="secondary">{tr!(locale, "quality.save")}</button>
                    <button type="submit" name="intent" value="finish">{tr!(locale, "quality.finish")}</button>
                </p>
            </form>
        }
        .into_any(),
        Mode::Read => body,
    };
    let close = page.rights.close.then(|| {
        view! {
            <form method="post" action=format!("/quality/assessments/{}/close", s.id) class="inline-form">
                <button type="submit">{tr!(locale, "quality.close")}</button>
            </form>
        }
        .into_any()
    });
    let previous = page.previous.as_ref().map(|(id, _)| {
        view! { <p class="hint"><a href=format!("/quality/assessments/{id}")>{tr!(locale, "quality.compared_with")}</a></p> }
            .into_any()
    });
    let improvement = improvement(&page, locale);
    view! {
        <Title text=title.clone() />
        {nav(locale)}
        {outcome(locale)}
        <h1>{s.service.clone()}</h1>
        <table class="record">
            <tbody>
                <tr><th scope="row">{tr!(locale, "quality.campaign")}</th><td>{if page.rights.campaign {
                    view! { <a href=format!("/quality/campaigns/{}", s.campaign_id)>{s.campaign.clone()}</a> }.into_any()
                } else {
                    view! { {s.campaign.clone()} }.into_any()
                }}</td></tr>
                <tr><th scope="row">{tr!(locale, "quality.service")}</th><td><a href=format!("/directory/{}", s.service_id)>{s.service.clone()}</a>" · "{s.region.clone()}" · "{page.country.get(locale).to_string()}</td></tr>
                <tr><th scope="row">{tr!(locale, "quality.field_respondent")}</th><td>{s.respondent.clone().unwrap_or_else(|| "—".into())}</td></tr>
            </tbody>
        </table>
        <ol class="qa-steps">{steps}</ol>
        {close}
        <h2>{tr!(locale, "quality.scores")}</h2>
        <table class="list">
            <thead><tr>
                <th scope="col">{tr!(locale, "quality.area")}</th>
                <th scope="col">{tr!(locale, "quality.self_score")}</th>
                <th scope="col">{tr!(locale, "quality.verified_score")}</th>
            </tr></thead>
            <tbody>{area_rows}</tbody>
        </table>
        <h2>{tr!(locale, "quality.criteria")}</h2>
        {previous}
        {ratings}
        {improvement}
    }
}
