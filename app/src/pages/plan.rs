//! One operational plan: its approval, check-ins, progress (an SVG chart with its table),
//! the tree of objectives, lines of action and actions with the forms that change them,
//! and its versions. Plain forms posting to `server::plans`; all of it works without
//! script.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::plans::{action_status_label, outcome, plan_badges, rag_label};
use super::{load, plan_charts};
use crate::api::plans::read_plan;
use crate::components::live::{Live, LiveLabels};
use crate::dates::day;
use crate::error::AppError;
use crate::i18n::{use_locale, Locale};
use crate::model::funding::FundingChoice;
use crate::model::plan::{
    format_amount, Action, DomainName, KeptForm, PlanPage, PlanPermissions, PlanStatus,
    Recommendation,
};
use crate::model::quality::text_in;
use crate::model::user::CurrentUser;
use crate::tr;

#[component]
pub fn PlanView() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let page = Resource::new_blocking(
        move || {
            let id = params.read().get("id").and_then(|i| i.parse::<i64>().ok());
            (id, query.read().get("form"))
        },
        |(id, form)| async move {
            match id {
                Some(id) => read_plan(id, form).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! { {load(page, move |p| view! { <Plan page=p /> })} }
}

/// The form of an action's fields, filled with what was typed in a refused try (`kept`),
/// else with `a` when changing one.
fn action_form(
    locale: Locale,
    action: String,
    a: Option<&Action>,
    key: String,
    kept: Option<&KeptForm>,
    criteria: Option<&[(i64, String, String)]>,
    funding: &[FundingChoice],
) -> AnyView {
    let v = |name: &str, f: fn(&Action) -> String| {
        KeptForm::value(kept, &key, name).unwrap_or_else(|| a.map(f).unwrap_or_default())
    };
    let id = |f: &str| format!("{key}-{f}");
    // An improvement plan's action cites the assessment criterion it closes.
    let criterion = criteria.map(|list| {
        let chosen = v("criterion", |a| a.criterion.as_ref().map(|c| c.0.to_string()).unwrap_or_default());
        let options = list
            .iter()
            .map(|(cid, code, text)| {
                let value = cid.to_string();
                view! { <option value=value.clone() selected=value == chosen>{format!("{code} {text}")}</option> }
            })
            .collect_view();
        view! {
            <label for=id("criterion")>{tr!(locale, "quality.criterion_pick")}</label>
            <select id=id("criterion") name="criterion" required>
                <option value="">"—"</option>
                {options}
            </select>
        }
    });
    // The catalogue's mechanisms open to the plan's country, one of which it may name.
    let mechanism = (!funding.is_empty()).then(|| {
        let chosen = v("funding", |a| a.funding.as_ref().map(|f| f.id.to_string()).unwrap_or_default());
        let options = funding
            .iter()
            .map(|f| {
                let value = f.id.to_string();
                view! { <option value=value.clone() selected=value == chosen>{text_in(&f.name, locale).to_string()}</option> }
            })
            .collect_view();
        view! {
            <label for=id("mechanism")>{tr!(locale, "plans.field_funding")}</label>
            <select id=id("mechanism") name="funding">
                <option value="">"—"</option>
                {options}
            </select>
            <p class="hint"><a href="/funding">{tr!(locale, "plans.funding_catalogue")}</a></p>
        }
    });
    view! {
        <form class="stacked action-form" method="post" action=action>
            {criterion}
            <label for=id("title")>{tr!(locale, "plans.field_action")}</label>
            <input id=id("title") name="title" maxlength="300" required value=v("title", |a| a.title.clone()) />
            <label for=id("resp")>{tr!(locale, "plans.field_responsible")}</label>
            <input id=id("resp") name="responsible" maxlength="300" required value=v("responsible", |a| a.responsible.clone()) />
            <label for=id("coresp")>{tr!(locale, "plans.field_co_responsible")}</label>
            <input id=id("coresp") name="co_responsible" maxlength="300" value=v("co_responsible", |a| a.co_responsible.clone()) />
            <div class="row">
                <span><label for=id("starts")>{tr!(locale, "plans.field_starts_on")}</label>
                <input id=id("starts") name="starts_on" type="date" required value=v("starts_on", |a| a.starts_on.clone()) /></span>
                <span><label for=id("ends")>{tr!(locale, "plans.field_ends_on")}</label>
                <input id=id("ends") name="ends_on" type="date" required value=v("ends_on", |a| a.ends_on.clone()) /></span>
            </div>
            <div class="row">
                <span><label for=id("budget")>{tr!(locale, "plans.field_budget")}</label>
                <input id=id("budget") name="budget" inputmode="decimal" value=v("budget", |a| a.budget_minor.map(format_amount).unwrap_or_default()) /></span>
                <span><label for=id("currency")>{tr!(locale, "plans.field_currency")}</label>
                <input id=id("currency") name="currency" maxlength="3" size="4" placeholder="USD" value=v("currency", |a| a.currency.clone().unwrap_or_default()) /></span>
            </div>
            <label for=id("funding")>{tr!(locale, "plans.field_funding_source")}</label>
            <input id=id("funding") name="funding_source" maxlength="300" value=v("funding_source", |a| a.funding_source.clone()) />
            {mechanism}
            <label for=id("indicator")>{tr!(locale, "plans.field_indicator")}</label>
            <input id=id("indicator") name="indicator" maxlength="300" value=v("indicator", |a| a.indicator.clone()) />
            <label for=id("indicator-code")>{tr!(locale, "plans.field_indicator_code")}</label>
            <input id=id("indicator-code") name="indicator_code" maxlength="20" size="12" placeholder="RET-90" value=v("indicator_code", |a| a.indicator_code.clone().unwrap_or_default()) />
            <p class="hint">{tr!(locale, "plans.indicator_code_hint")}" "<a href="/indicators">{tr!(locale, "nav.indicators")}</a></p>
            <div class="row">
                <span><label for=id("baseline")>{tr!(locale, "plans.field_baseline")}</label>
                <input id=id("baseline") name="baseline" maxlength="100" value=v("baseline", |a| a.baseline.clone()) /></span>
                <span><label for=id("byear")>{tr!(locale, "plans.field_baseline_year")}</label>
                <input id=id("byear") name="baseline_year" inputmode="numeric" size="5" value=v("baseline_year", |a| a.baseline_year.map(|y| y.to_string()).unwrap_or_default()) /></span>
                <span><label for=id("target")>{tr!(locale, "plans.field_target")}</label>
                <input id=id("target") name="target" maxlength="100" value=v("target", |a| a.target.clone()) /></span>
            </div>
            <button type="submit" class="primary">{tr!(locale, "plans.save")}</button>
        </form>
    }
    .into_any()
}

/// An objective's or action's discussion: a link to its thread with the count, or (for
/// whoever may post in the plan's space) a form whose comment starts it.
fn discussion_view(
    t: TreeCx<'_>,
    part: &'static str,
    item: i64,
    discussion: Option<(i64, i64)>,
) -> impl IntoView {
    let TreeCx {
        locale,
        base,
        space,
        perms,
        kept,
        ..
    } = t;
    match discussion {
        Some((thread, n)) => view! {
            <p class="meta discussion">
                <a href=format!("/spaces/{space}/threads/{thread}")>{tr!(locale, "plans.discussion", count = n)}</a>
            </p>
        }
        .into_any(),
        None if perms.can_comment => {
            let id = format!("comment-{part}-{item}");
            // A refused comment comes back as typed, its form open.
            let typed = KeptForm::value(kept, &format!("c{part}{item}"), "body");
            let open = typed.is_some();
            view! {
                <details class="comment" open=open>
                    <summary>{tr!(locale, "plans.comment")}</summary>
                    <form class="stacked" method="post" action=format!("{base}/comments")>
                        <input type="hidden" name="part" value=part />
                        <input type="hidden" name="item" value=item.to_string() />
                        <label for=id.clone()>{tr!(locale, "plans.field_comment")}</label>
                        <textarea id=id name="body" rows="3" required>{typed.unwrap_or_default()}</textarea>
                        <p class="hint">{tr!(locale, "plans.comment_hint")}</p>
                        <button type="submit" class="primary">{tr!(locale, "plans.comment_post")}</button>
                    </form>
                </details>
            }
            .into_any()
        }
        None => ().into_any(),
    }
}

/// The MEM recommendations an objective or action answers, and (while the plan may be
/// edited) the form that chooses them from the country's register.
fn cites_view(
    locale: Locale,
    base: &str,
    part: &'static str,
    item: i64,
    cites: &[i64],
    register: &[Recommendation],
    editable: bool,
) -> impl IntoView {
    let cited: Vec<&Recommendation> = register.iter().filter(|r| cites.contains(&r.id)).collect();
    let list = (!cited.is_empty()).then(|| {
        let items = cited
            .iter()
            .map(|r| view! { <li><strong>{format!("{} · {}", r.round, r.code)}</strong>" — "{r.text.clone()}</li> })
            .collect_view();
        view! {
            <div class="cites">
                <p class="meta">{tr!(locale, "plans.recommendations_answered")}</p>
                <ul class="plain-list">{items}</ul>
            </div>
        }
    });
    let form = (editable && !register.is_empty()).then(|| {
        let boxes = register
            .iter()
            .map(|r| {
                let id = format!("cite-{part}-{item}-{}", r.id);
                view! {
                    <li>
                        <input type="checkbox" id=id.clone() name="recommendation" value=r.id.to_string() checked=cites.contains(&r.id) />
                        <label for=id>{format!("{} · {} — {}", r.round, r.code, r.text)}</label>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="cite">
                <summary>{tr!(locale, "plans.choose_recommendations")}</summary>
                <form class="stacked" method="post" action=format!("{base}/citations")>
                    <input type="hidden" name="part" value=part />
                    <input type="hidden" name="item" value=item.to_string() />
                    <ul class="plain-list checks">{boxes}</ul>
                    <button type="submit" class="primary">{tr!(locale, "plans.save")}</button>
                </form>
            </details>
        }
    });
    view! { {list}{form} }
}

/// What every action of the tree needs from its page.
#[derive(Clone, Copy)]
struct TreeCx<'a> {
    locale: Locale,
    /// The plan's address, which its forms post under.
    base: &'a str,
    space: &'a str,
    /// The plan's country (its code), whose indicator values the actions link to.
    country: &'a str,
    perms: PlanPermissions,
    /// The viewer may change the plan in place now.
    editable: bool,
    register: &'a [Recommendation],
    kept: Option<&'a KeptForm>,
    /// An improvement plan's criteria its actions cite (id, code, text).
    criteria: Option<&'a [(i64, String, String)]>,
    /// The funding mechanisms its actions may name.
    funding: &'a [FundingChoice],
}

/// One action: its facts, its latest check-in, its requests, its discussion, and (for
/// editors) its form.
fn action_view(t: TreeCx<'_>, a: &Action) -> impl IntoView {
    let TreeCx {
        locale,
        base,
        country,
        perms,
        editable,
        register,
        kept,
        ..
    } = t;
    let can_edit = perms.can_edit;
    let budget = match (a.budget_minor, &a.currency) {
        (Some(b), Some(c)) => format!("{} {c}", format_amount(b)),
        _ => "—".to_string(),
    };
    let latest = a.latest.clone().map(|(status, rag, percent)| {
        view! {
            <p class="meta">
                <span class=format!("badge rag-{rag}")>{rag_label(locale, &rag)}</span>" "
                {action_status_label(locale, &status)}" · "{format!("{percent} %")}
            </p>
        }
    });
    let needs_help = a
        .latest
        .as_ref()
        .is_some_and(|(status, rag, _)| rag == "red" || status == "delayed");
    let ask = (needs_help && can_edit).then(|| {
        view! { <p><a class="button secondary" href=format!("/requests/new?action={}", a.id)>{tr!(locale, "plans.ask_for_help")}</a></p> }
    });
    let requests = (!a.requests.is_empty()).then(|| {
        let items = a
            .requests
            .iter()
            .map(|(id, title, status)| view! { <li><a href=format!("/requests/{id}")>{title.clone()}</a>" · "<span class=format!("badge request-status status-{status}")>{super::requests::status_label(locale, crate::model::request::Status::parse(status).unwrap_or(crate::model::request::Status::New))}</span></li> })
            .collect_view();
        view! { <p class="meta">{tr!(locale, "plans.linked_requests")}</p><ul class="plain-list">{items}</ul> }
    });
    let edit = editable.then(|| {
        let key = format!("a{}", a.id);
        let open = kept.is_some_and(|k| k.key == key);
        view! {
            <details class="edit-action" open=open>
                <summary>{tr!(locale, "plans.change_action")}</summary>
                {action_form(locale, format!("{base}/actions/{}", a.id), Some(a), key, kept, t.criteria, t.funding)}
            </details>
        }
    });
    let indicator = (!a.indicator.is_empty()).then(|| {
        // Only what was given: a baseline with its year, a target.
        let mut facts = vec![a.indicator.clone()];
        if !a.baseline.is_empty() {
            let year = a
                .baseline_year
                .map(|y| format!(" ({y})"))
                .unwrap_or_default();
            facts.push(format!(
                "{}: {}{year}",
                tr!(locale, "plans.field_baseline"),
                a.baseline
            ));
        }
        if !a.target.is_empty() {
            facts.push(format!(
                "{}: {}",
                tr!(locale, "plans.field_target"),
                a.target
            ));
        }
        let link = a.indicator_code.clone().map(|code| {
            view! { " · "<a href=format!("/indicators/{code}/{country}")>{code.clone()}</a> }
        });
        view! {
            <div><dt>{tr!(locale, "plans.field_indicator")}</dt><dd>{facts.join(" — ")}{link}</dd></div>
        }
    });
    view! {
        <li class="plan-action" id=format!("action-{}", a.id)>
            <h4>{a.title.clone()}</h4>
            {latest}
            <dl class="facts">
                <div><dt>{tr!(locale, "plans.field_responsible")}</dt><dd>{a.responsible.clone()}{(!a.co_responsible.is_empty()).then(|| format!(" · {}", a.co_responsible))}</dd></div>
                <div><dt>{tr!(locale, "plans.period")}</dt><dd>{format!("{} – {}", a.starts_on, a.ends_on)}</dd></div>
                <div><dt>{tr!(locale, "plans.field_budget")}</dt><dd>{budget}{(!a.funding_source.is_empty()).then(|| format!(" · {}", a.funding_source))}</dd></div>
                {a.funding.as_ref().map(|f| view! {
                    <div><dt>{tr!(locale, "plans.field_funding")}</dt><dd><a href=format!("/funding/{}", f.id)>{text_in(&f.name, locale).to_string()}</a></dd></div>
                })}
                {indicator}
                {a.criterion.as_ref().map(|(_, code)| view! {
                    <div><dt>{tr!(locale, "quality.closes_criterion")}</dt><dd><span class="code">{code.clone()}</span></dd></div>
                })}
            </dl>
            {cites_view(locale, base, "action", a.id, &a.cites, register, editable)}
            {requests}
            {ask}
            {discussion_view(t, "action", a.id, a.discussion)}
            {edit}
        </li>
    }
    .into_any()
}

fn domain_name(locale: Locale, domains: &[DomainName], code: &str) -> String {
    domains
        .iter()
        .find(|d| d.code == code)
        .map(|d| d.get(locale).to_string())
        .unwrap_or_else(|| code.to_string())
}

#[component]
fn Plan(page: PlanPage) -> impl IntoView {
    let locale = use_locale();
    let s = page.summary.clone();
    let base = format!("/plans/{}", s.id);
    let perms = page.permissions;
    let editable = perms.can_edit && s.status.editable();
    // A refused form's typed fields, shown again where the form is.
    let kept = page.kept.clone();
    let typed = |key: &str, name: &str| KeptForm::value(kept.as_ref(), key, name);

    let approval = match s.status {
        PlanStatus::Approved => page.authority.clone().map(|authority| {
            view! {
                <p class="notice">{tr!(locale, "plans.approved_line",
                    authority = authority,
                    date = page.approved_on.clone().unwrap_or_default(),
                    name = page.approved_by.clone().unwrap_or_default())}
                    {page.approval_ref.clone().filter(|r| !r.is_empty()).map(|r| format!(" · {r}"))}
                </p>
            }
            .into_any()
        }),
        PlanStatus::Returned => page.return_reason.clone().map(|r| {
            view! { <div class="notice"><p><strong>{tr!(locale, "plans.returned_because")}</strong></p><p>{r}</p></div> }.into_any()
        }),
        _ => None,
    };
    let decisions = perms.can_decide.then(|| match s.status {
        PlanStatus::Draft | PlanStatus::Returned => view! {
            <form method="post" action=format!("{base}/submit") class="inline">
                <button type="submit" class="primary">{tr!(locale, "plans.submit")}</button>
            </form>
        }
        .into_any(),
        PlanStatus::Submitted => view! {
            <form method="post" action=format!("{base}/approve") class="stacked">
                <fieldset>
                    <legend>{tr!(locale, "plans.record_approval")}</legend>
                    <label for="ap-authority">{tr!(locale, "plans.field_authority")}</label>
                    <input id="ap-authority" name="authority" maxlength="300" required value=typed("approve", "authority").unwrap_or_default() />
                    <label for="ap-date">{tr!(locale, "plans.field_approved_on")}</label>
                    <input id="ap-date" name="approved_on" type="date" required value=typed("approve", "approved_on").unwrap_or_default() />
                    <label for="ap-ref">{tr!(locale, "plans.field_reference")}</label>
                    <input id="ap-ref" name="reference" maxlength="500" value=typed("approve", "reference").unwrap_or_default() />
                    <button type="submit" class="primary">{tr!(locale, "plans.approve")}</button>
                </fieldset>
            </form>
            <form method="post" action=format!("{base}/return") class="stacked">
                <label for="ret-reasons">{tr!(locale, "plans.field_reasons")}</label>
                <textarea id="ret-reasons" name="reasons" rows="3" required>{typed("return", "reasons").unwrap_or_default()}</textarea>
                <button type="submit" class="secondary">{tr!(locale, "plans.return")}</button>
            </form>
        }
        .into_any(),
        PlanStatus::Approved => ().into_any(),
    });
    let revise = (perms.can_edit && s.status == PlanStatus::Approved).then(|| {
        view! {
            <form method="post" action=format!("{base}/revise") class="inline">
                <button type="submit" class="secondary">{tr!(locale, "plans.revise")}</button>
            </form>
            <p class="hint">{tr!(locale, "plans.revise_hint")}</p>
        }
    });

    let checkins = if page.checkins.is_empty() {
        view! { <p class="meta">{tr!(locale, "plans.checkins_after_approval")}</p> }.into_any()
    } else {
        let rows = page
            .checkins
            .iter()
            .map(|k| {
                let state = if k.submitted {
                    view! { <span class="badge status-submitted">{tr!(locale, "plans.checkin_submitted")}</span>" "{k.submitted_by.clone().unwrap_or_default()}" · "{k.submitted_at.map(day).unwrap_or_default()} }.into_any()
                } else if k.overdue {
                    view! { <span class="badge badge-overdue">{tr!(locale, "plans.checkin_overdue")}</span> }.into_any()
                } else {
                    view! { <span class="badge">{tr!(locale, "plans.checkin_open")}</span> }.into_any()
                };
                view! {
                    <tr>
                        <td><a href=format!("{base}/checkins/{}", k.months)>{tr!(locale, "plans.checkin_name", months = k.months.to_string())}</a></td>
                        <td>{k.due_on.clone()}</td>
                        <td>{state}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="checkins">
                <thead><tr>
                    <th scope="col">{tr!(locale, "plans.checkins")}</th>
                    <th scope="col">{tr!(locale, "plans.due")}</th>
                    <th scope="col">{tr!(locale, "plans.field_status")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };

    let domains = page.domains.clone();
    let register = page.recommendations.clone();
    let t = TreeCx {
        locale,
        base: &base,
        space: &s.space_slug,
        country: &s.country.code,
        perms,
        editable,
        register: &register,
        kept: kept.as_ref(),
        criteria: page.improvement.as_ref().map(|i| i.criteria.as_slice()),
        funding: &page.funding_choices,
    };
    let tree = page
        .objectives
        .iter()
        .enumerate()
        .map(|(oi, o)| {
            let lines = o
                .lines
                .iter()
                .enumerate()
                .map(|(li, l)| {
                    let actions = l
                        .actions
                        .iter()
                        .map(|a| action_view(t, a))
                        .collect_view();
                    let add_action = editable.then(|| {
                        let key = format!("l{}", l.id);
                        let open = kept.as_ref().is_some_and(|k| k.key == key);
                        view! {
                            <details class="add" open=open>
                                <summary>{tr!(locale, "plans.add_action")}</summary>
                                {action_form(locale, format!("{base}/lines/{}/actions", l.id), None, key, kept.as_ref(), t.criteria, t.funding)}
                            </details>
                        }
                    });
                    view! {
                        <section class="plan-line" id=format!("plan-line-{}", l.id)>
                            <h3>{format!("{}.{} {}", oi + 1, li + 1, l.title)}" "<span class="badge domain">{domain_name(locale, &domains, &l.domain)}</span></h3>
                            <ul class="plain-list actions">{actions}</ul>
                            {add_action}
                        </section>
                    }
                    .into_any()
                })
                .collect_view();
            let key = format!("o{}", o.id);
            let chosen = typed(&key, "domain").unwrap_or_default();
            let domain_options = domains
                .iter()
                .map(|d| view! { <option value=d.code.clone() selected=d.code == chosen>{d.get(locale).to_string()}</option> })
                .collect_view();
            let line_title = typed(&key, "title");
            let add_line = editable.then(|| view! {
                <details class="add" open=line_title.is_some()>
                    <summary>{tr!(locale, "plans.add_line")}</summary>
                    <form class="stacked" method="post" action=format!("{base}/objectives/{}/lines", o.id)>
                        <label for=format!("line-{}", o.id)>{tr!(locale, "plans.field_line")}</label>
                        <input id=format!("line-{}", o.id) name="title" maxlength="300" required value=line_title.clone().unwrap_or_default() />
                        <label for=format!("domain-{}", o.id)>{tr!(locale, "plans.field_domain")}</label>
                        <select id=format!("domain-{}", o.id) name="domain" required>{domain_options}</select>
                        <button type="submit" class="primary">{tr!(locale, "plans.save")}</button>
                    </form>
                </details>
            });
            view! {
                <section class="plan-objective" id=format!("objective-{}", o.id)>
                    <h2>{format!("{}. {}", oi + 1, o.title)}</h2>
                    {cites_view(locale, &base, "objective", o.id, &o.cites, &register, editable)}
                    {discussion_view(t, "objective", o.id, o.discussion)}
                    {lines}
                    {add_line}
                </section>
            }
            .into_any()
        })
        .collect_view();
    let objective_title = typed("objective", "title");
    let add_objective = editable.then(|| {
        view! {
            <details class="add" open=objective_title.is_some()>
                <summary>{tr!(locale, "plans.add_objective")}</summary>
                <form class="stacked" method="post" action=format!("{base}/objectives")>
                    <label for="new-objective">{tr!(locale, "plans.field_objective")}</label>
                    <input id="new-objective" name="title" maxlength="300" required value=objective_title.clone().unwrap_or_default() />
                    <button type="submit" class="primary">{tr!(locale, "plans.save")}</button>
                </form>
            </details>
        }
    });
    let live = use_context::<Option<CurrentUser>>().flatten().map(|me| {
        view! {
            <Live
                room=format!("plan:{}", s.id)
                base=base.clone()
                since=page.live_since
                last_page=false
                me=me.username
                labels=LiveLabels::new(locale)
            />
        }
    });
    // An approved plan says how to change it (a new revision) beside its button.
    let frozen = (perms.can_edit && s.status == PlanStatus::Submitted).then(|| {
        view! { <p class="meta">{tr!(locale, "plans.frozen_note")}</p> }
    });
    let versions = page
        .versions
        .iter()
        .map(|v| {
            view! {
                <li>
                    <time>{day(v.at)}</time>" · "{tr!(locale, "plans.version_line", number = v.number.to_string(), revision = v.revision.to_string())}
                    " · "{v.author.clone().unwrap_or_default()}" · "{v.summary.clone()}
                    {v.approved.then(|| view! { " "<span class="badge status-approved">{tr!(locale, "plans.status_approved")}</span> })}
                    {(v.number > 1).then(|| view! { " · "<a href=format!("{base}/versions?from={}&to={}", v.number - 1, v.number)>{tr!(locale, "plans.compare_previous")}</a> })}
                </li>
            }
        })
        .collect_view();
    let versions = view! {
        <section aria-labelledby="versions-title">
            <h2 id="versions-title">{tr!(locale, "plans.versions")}</h2>
            <ol class="history">{versions}</ol>
        </section>
    }
    .into_any();
    let decisions = view! { <div class="plan-decisions">{decisions}{revise}</div> }.into_any();
    view! {
        <Title text=s.title.clone() />
        <p class="breadcrumb"><a href="/plans">{tr!(locale, "plans.title")}</a></p>
        {outcome(locale)}
        <article class="plan" lang=page.language.clone()>
            <h1>{s.title.clone()}</h1>
            <p class="meta">
                {s.country.get(locale).to_string()}" · "{format!("{} – {}", s.starts_on, s.ends_on)}" · "
                <a href=format!("/spaces/{}", s.space_slug)>{s.space_name.clone()}</a>" · "
                {tr!(locale, "plans.revision", revision = s.revision.to_string())}" "
                {plan_badges(locale, &s)}
            </p>
            {page.improvement.as_ref().map(|i| view! {
                <p class="notice">
                    {tr!(locale, "quality.improvement_of", service = i.service.clone())}" "
                    <a href=format!("/directory/{}", i.service_id)>{i.service.clone()}</a>" · "
                    <a href=format!("/quality/assessments/{}", i.assessment_id)>{tr!(locale, "quality.see_assessment")}</a>
                </p>
            })}
            <p class="meta">
                <a href=format!("{base}/export.csv") download="">{tr!(locale, "plans.download_csv")}</a>" · "
                <a href=format!("/mem/{}", s.country.code)>{tr!(locale, "plans.mem_register", country = s.country.get(locale).to_string())}</a>
            </p>
            {live}
            {approval}
            {decisions}
            <section aria-labelledby="checkins-title">
                <h2 id="checkins-title">{tr!(locale, "plans.checkins")}</h2>
                {checkins}
                {plan_charts::progress(locale, &page.objectives)}
                {plan_charts::progress_by_domain(locale, &page.objectives, &page.domains)}
                {plan_charts::ratings(locale, &page.rag_by_checkin)}
                {plan_charts::budget(locale, &page.budget)}
                {plan_charts::indicators(locale, &page.objectives)}
            </section>
            {frozen}
            {tree}
            {add_objective}
        </article>
        {versions}
    }
}
