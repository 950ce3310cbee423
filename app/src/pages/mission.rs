//! One mission: its facts and status (staff move it on), objectives, team, what it serves,
//! the services it visits with their notes, its checklist, its report (revisions, the
//! form that saves a new one, staff's approval) and the follow-up actions it put in the
//! country's plans. Every form is a plain post; what the viewer may not do is not shown
//! (and the server refuses it anyway).

use leptos::prelude::*;
use leptos_meta::Title;

use super::missions::{dates, label, outcome, status_badge};
use super::quality::kept_or;
use super::{id_and_form, load};
use crate::api::missions::read_mission;
use crate::dates::iso_date;
use crate::i18n::{use_locale, Locale};
use crate::model::mission::{ChecklistItem, MissionPage, STATUSES};
use crate::model::quality::text_in;
use crate::tr;

#[component]
pub fn MissionView() -> impl IntoView {
    let page = Resource::new_blocking(id_and_form(), |(id, form)| read_mission(id, form));
    view! { {load(page, move |p| view! { <Mission page=p /> })} }
}

/// `true` when the mission is at one of `statuses`.
fn at(page: &MissionPage, statuses: &[&str]) -> bool {
    statuses.contains(&page.summary.status.as_str())
}

#[component]
fn Mission(page: MissionPage) -> impl IntoView {
    let locale = use_locale();
    let s = page.summary.clone();
    let id = s.id;
    let steps = STATUSES
        .iter()
        .map(|st| {
            let current = *st == s.status;
            view! { <li class:current=current aria-current=current.then_some("step")>{label(locale, "status", st)}</li> }
        })
        .collect_view();
    let advance = page.next_status.clone().map(|next| {
        view! {
            <form method="post" action=format!("/missions/{id}/status") class="inline">
                <input type="hidden" name="from" value=s.status.clone() />
                <button type="submit" class="primary">{tr!(locale, "missions.move_to", status = label(locale, "status", &next))}</button>
            </form>
        }
    });
    let instrument = page.instrument.clone().map(|(_, name)| {
        view! { <div><dt>{label(locale, "field", "version")}</dt><dd>{name}</dd></div> }
    });
    view! {
        <Title text=s.title.clone() />
        <nav class="subnav" aria-label=tr!(locale, "missions.title")>
            <a href="/missions">{tr!(locale, "missions.title")}</a>
            <a href=format!("/countries/{}", s.country.code)>{s.country.get(locale).to_string()}</a>
        </nav>
        {outcome(locale)}
        <h1>{s.title.clone()}</h1>
        <p class="meta">{s.country.get(locale).to_string()}" · "{dates(&s)}" · "{label(locale, "scope", &s.scope)}" "{status_badge(locale, &s.status)}</p>
        <section id="status" aria-labelledby="status-title">
            <h2 id="status-title" class="visually-hidden">{tr!(locale, "missions.status")}</h2>
            <ol class="steps">{steps}</ol>
            {advance}
        </section>
        <dl class="facts pairs">
            <div><dt>{label(locale, "field", "scope")}</dt><dd>{label(locale, "scope", &s.scope)}</dd></div>
            <div><dt>{tr!(locale, "missions.dates")}</dt><dd>{dates(&s)}</dd></div>
            {instrument}
        </dl>
        <section aria-labelledby="objectives-title">
            <h2 id="objectives-title">{label(locale, "field", "objectives")}</h2>
            <div class="prose" inner_html=page.objectives_html.clone()></div>
        </section>
        {team(locale, &page)}
        {serves(locale, &page)}
        {visits(locale, &page)}
        {checklist(locale, &page)}
        {report(locale, &page)}
        {follow_ups(locale, &page)}
    }
}

fn team(locale: Locale, page: &MissionPage) -> AnyView {
    let id = page.summary.id;
    let open = at(
        page,
        &["planned", "in_preparation", "under_way", "report_in_review"],
    );
    let decide = page.can_decide && open;
    let members = page
        .team
        .iter()
        .map(|m| {
            let remove = (decide && page.team.len() > 1).then(|| {
                view! {
                    <form method="post" action=format!("/missions/{id}/team/remove") class="inline">
                        <input type="hidden" name="member" value=m.username.clone() />
                        <button type="submit" class="link">{tr!(locale, "missions.remove")}</button>
                    </form>
                }
            });
            view! {
                <li><a href=format!("/people/{}", m.username)>{m.display_name.clone()}</a>" "<span class="meta">"("{label(locale, "role", &m.role)}")"</span>" "{remove}</li>
            }
        })
        .collect_view();
    let add = decide.then(|| {
        let options = page
            .candidates
            .iter()
            .filter(|c| !page.team.iter().any(|t| t.username == c.username))
            .map(|c| view! { <option value=c.username.clone()>{format!("{} ({})", c.display_name, label(locale, "role", &c.role))}</option> })
            .collect_view();
        view! {
            <form method="post" action=format!("/missions/{id}/team") class="inline">
                <label>{label(locale, "field", "member")}<select name="member" required><option value="">"—"</option>{options}</select></label>
                <button type="submit">{tr!(locale, "missions.add")}</button>
            </form>
        }
    });
    view! {
        <section id="team" aria-labelledby="team-title">
            <h2 id="team-title">{tr!(locale, "missions.team")}</h2>
            <ul>{members}</ul>
            {add}
        </section>
    }
    .into_any()
}

fn serves(locale: Locale, page: &MissionPage) -> AnyView {
    let id = page.summary.id;
    let items = page
        .serves
        .iter()
        .map(|s| view! { <li>{label(locale, "serves", &s.kind)}": "<a href=s.link.clone()>{s.title.clone()}</a></li> })
        .collect_view();
    let form = (page.can_write
        && at(page, &["planned", "in_preparation", "under_way", "report_in_review"])
        && !page.serve_choices.is_empty())
    .then(|| {
        let options = page
            .serve_choices
            .iter()
            .filter(|c| !page.serves.iter().any(|s| s.kind == c.kind && s.id == c.id))
            .map(|c| view! { <option value=format!("{}:{}", c.kind, c.id)>{format!("{}: {}", label(locale, "serves", &c.kind), c.title)}</option> })
            .collect_view();
        view! {
            <form method="post" action=format!("/missions/{id}/serves") class="inline">
                <label>{label(locale, "field", "serves")}<select name="serves" required><option value="">"—"</option>{options}</select></label>
                <button type="submit">{tr!(locale, "missions.add")}</button>
            </form>
        }
    });
    view! {
        <section id="serves" aria-labelledby="serves-title">
            <h2 id="serves-title">{tr!(locale, "missions.serves")}</h2>
            {if page.serves.is_empty() {
                view! { <p class="empty">{tr!(locale, "missions.serves_none")}</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }}
            {form}
        </section>
    }
    .into_any()
}

fn visits(locale: Locale, page: &MissionPage) -> AnyView {
    let id = page.summary.id;
    let kept = page.kept.as_ref();
    let write_notes = page.can_write && at(page, &["under_way", "report_in_review"]);
    let list = page
        .visits
        .iter()
        .map(|v| {
            let key = format!("notes{}", v.service_id);
            let form = write_notes.then(|| {
                view! {
                    <form method="post" action=format!("/missions/{id}/visits/{}/notes", v.service_id) class="stacked">
                        <label>{label(locale, "field", "notes")}
                            <textarea name="notes" rows="6" required>{kept_or(kept, &key, "notes", &v.notes)}</textarea>
                        </label>
                        <button type="submit">{tr!(locale, "missions.save_notes")}</button>
                    </form>
                }
            });
            let by = v.notes_by.clone().map(|by| {
                let when = v.notes_at.map(iso_date).unwrap_or_default();
                view! { <p class="meta">{tr!(locale, "missions.notes_by", name = by, date = when)}</p> }
            });
            view! {
                <article class="visit" id=format!("visit-{}", v.service_id)>
                    <h3>{v.service.clone()}</h3>
                    {v.visit_on.clone().map(|d| view! { <p class="meta"><time datetime=d.clone()>{d.clone()}</time></p> })}
                    {if v.notes.is_empty() {
                        view! { <p class="empty">{tr!(locale, "missions.no_notes")}</p> }.into_any()
                    } else {
                        view! { <div class="prose" inner_html=v.notes_html.clone()></div> }.into_any()
                    }}
                    {by}
                    {form}
                </article>
            }
        })
        .collect_view();
    let add = (page.can_write && at(page, &["planned", "in_preparation", "under_way"]) && page.instrument.is_some())
        .then(|| {
            let options = page
                .services
                .iter()
                .filter(|(s, _)| !page.visits.iter().any(|v| v.service_id == *s))
                .map(|(s, name)| view! { <option value=s.to_string()>{name.clone()}</option> })
                .collect_view();
            view! {
                <form method="post" action=format!("/missions/{id}/visits") class="inline">
                    <label>{label(locale, "field", "service")}<select name="service" required><option value="">"—"</option>{options}</select></label>
                    <label>{label(locale, "field", "visit_on")}<input type="date" name="visit_on" min=page.summary.starts_on.clone() max=page.summary.ends_on.clone() /></label>
                    <button type="submit">{tr!(locale, "missions.add_visit")}</button>
                </form>
            }
        });
    view! {
        <section id="visits" aria-labelledby="visits-title">
            <h2 id="visits-title">{tr!(locale, "missions.visits")}</h2>
            {if page.visits.is_empty() {
                view! { <p class="empty">{tr!(locale, "missions.no_visits")}</p> }.into_any()
            } else {
                list.into_any()
            }}
            {add}
        </section>
    }
    .into_any()
}

fn checklist(locale: Locale, page: &MissionPage) -> AnyView {
    let id = page.summary.id;
    let write = page.can_write
        && at(
            page,
            &["planned", "in_preparation", "under_way", "report_in_review"],
        );
    let done = page.checklist.iter().filter(|i| i.done).count();
    let item = |i: &ChecklistItem| {
        let text = if i.item.is_empty() {
            format!(
                "{} {}",
                i.criterion_code,
                text_in(&i.criterion_text, locale)
            )
        } else {
            label(locale, "item", &i.item)
        };
        let body = if write {
            view! {
                <form method="post" action=format!("/missions/{id}/checklist/{}", i.id) class="inline check-item">
                    <label class="check"><input type="checkbox" name="done" value="1" checked=i.done />" "{text}</label>
                    <input name="note" value=i.note.clone() maxlength="2000" aria-label=tr!(locale, "missions.item_note") placeholder=tr!(locale, "missions.item_note") />
                    <button type="submit">{tr!(locale, "missions.save")}</button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p><span aria-hidden="true">{if i.done { "☑ " } else { "☐ " }}</span>
                <span class="visually-hidden">{if i.done { tr!(locale, "missions.done") } else { tr!(locale, "missions.not_done") }}</span>
                {text}{(!i.note.is_empty()).then(|| format!(" — {}", i.note))}</p>
            }
            .into_any()
        };
        view! {
            <li id=format!("item-{}", i.id) class:done=i.done>
                {body}
                {i.done_by.clone().filter(|_| i.done).map(|by| view! { <span class="meta">{by}</span> })}
            </li>
        }
        .into_any()
    };
    // The mission's own items, then each visited service's criteria in a group of its
    // own that folds once all of them are done (a long list on a phone otherwise).
    let general = page
        .checklist
        .iter()
        .filter(|i| i.service.is_none())
        .map(item)
        .collect_view();
    let mut services: Vec<&str> = Vec::new();
    for i in &page.checklist {
        if let Some(s) = i.service.as_deref() {
            if !services.contains(&s) {
                services.push(s);
            }
        }
    }
    let groups = services
        .into_iter()
        .map(|service| {
            let of: Vec<&ChecklistItem> = page
                .checklist
                .iter()
                .filter(|i| i.service.as_deref() == Some(service))
                .collect();
            let finished = of.iter().filter(|i| i.done).count();
            let total = of.len();
            let count = tr!(
                locale,
                "missions.checklist_done",
                done = finished.to_string(),
                total = total.to_string()
            );
            let items = of.into_iter().map(item).collect_view();
            view! {
                <details class="checklist-group" open=finished < total>
                    <summary>{service.to_string()}" "<span class="meta">"("{count}")"</span></summary>
                    <ul class="checklist">{items}</ul>
                </details>
            }
        })
        .collect_view();
    view! {
        <section id="checklist" aria-labelledby="checklist-title">
            <h2 id="checklist-title">{tr!(locale, "missions.checklist")}</h2>
            <p class="meta">{tr!(locale, "missions.checklist_done", done = done.to_string(), total = page.checklist.len().to_string())}</p>
            <ul class="checklist">{general}</ul>
            {groups}
        </section>
    }
    .into_any()
}

fn report(locale: Locale, page: &MissionPage) -> AnyView {
    let id = page.summary.id;
    let kept = page.kept.as_ref();
    let newest = page.report.first().cloned();
    let approved = page.approved_revision.map(|r| {
        let when = page.approved_at.map(iso_date).unwrap_or_default();
        view! {
            <div class="notice"><p>{tr!(locale, "missions.approved_note", revision = r.to_string(), name = page.approved_by.clone().unwrap_or_default(), date = when)}</p></div>
        }
    });
    let current = newest.clone().map(|r| {
        view! {
            <article class="report">
                <p class="meta">{tr!(locale, "missions.revision_by", revision = r.revision.to_string(), name = r.author.clone(), date = iso_date(r.written_at))}
                {(!r.note.is_empty()).then(|| format!(" — {}", r.note))}</p>
                <div class="prose" inner_html=r.html.clone()></div>
            </article>
        }
    });
    let older = (page.report.len() > 1).then(|| {
        let items = page
            .report
            .iter()
            .skip(1)
            .map(|r| {
                view! {
                    <details>
                        <summary>{tr!(locale, "missions.revision_by", revision = r.revision.to_string(), name = r.author.clone(), date = iso_date(r.written_at))}</summary>
                        <div class="prose" inner_html=r.html.clone()></div>
                    </details>
                }
            })
            .collect_view();
        view! { <div class="revisions"><h3>{tr!(locale, "missions.older")}</h3>{items}</div> }
    });
    let write = (page.can_write && at(page, &["under_way", "report_in_review"])).then(|| {
        let body = kept_or(kept, "report", "body", &newest.as_ref().map(|r| r.body.clone()).unwrap_or_default());
        view! {
            <form method="post" action=format!("/missions/{id}/report") class="stacked">
                <label>{tr!(locale, "missions.report_body")}<textarea name="body" rows="14" required>{body}</textarea></label>
                <label>{label(locale, "field", "note")}<input name="note" maxlength="300" value=kept_or(kept, "report", "note", "") /></label>
                <button type="submit">{tr!(locale, "missions.save_revision")}</button>
            </form>
        }
    });
    let approve = (page.can_decide && at(page, &["report_in_review"])).then(|| {
        newest.clone().map(|r| {
            view! {
                <form method="post" action=format!("/missions/{id}/approve") class="inline">
                    <input type="hidden" name="revision" value=r.revision.to_string() />
                    <button type="submit" class="primary">{tr!(locale, "missions.approve", revision = r.revision.to_string())}</button>
                </form>
            }
        })
    });
    view! {
        <section id="report" aria-labelledby="report-title">
            <h2 id="report-title">{tr!(locale, "missions.report")}</h2>
            {approved}
            {if newest.is_none() { Some(view! { <p class="empty">{tr!(locale, "missions.no_report")}</p> }) } else { None }}
            {current}
            {approve}
            {older}
            {write}
        </section>
    }
    .into_any()
}

fn follow_ups(locale: Locale, page: &MissionPage) -> AnyView {
    let id = page.summary.id;
    let kept = page.kept.as_ref();
    let v = |name: &str| kept_or(kept, "followup", name, "");
    let items = page
        .follow_ups
        .iter()
        .map(|f| {
            view! {
                <li>
                    <a href=format!("/plans/{}#action-{}", f.plan_id, f.action_id)>{f.title.clone()}</a>
                    <p class="meta">{f.plan_title.clone()}" · "{f.responsible.clone()}" · "{f.ends_on.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let form = (page.can_write && at(page, &["under_way", "report_in_review", "closed"]) && !page.plans.is_empty())
        .then(|| {
            let line = v("line");
            let lines = page
                .plans
                .iter()
                .map(|p| {
                    let options = p
                        .lines
                        .iter()
                        .map(|(l, title)| {
                            let value = format!("{}:{l}", p.id);
                            view! { <option value=value.clone() selected=line == value>{title.clone()}</option> }
                        })
                        .collect_view();
                    view! { <optgroup label=p.title.clone()>{options}</optgroup> }
                })
                .collect_view();
            let criterion = v("criterion");
            let criteria = page
                .plans
                .iter()
                .filter(|p| !p.criteria.is_empty())
                .map(|p| {
                    let options = p
                        .criteria
                        .iter()
                        .map(|(c, code, text)| view! { <option value=c.to_string() selected=criterion == c.to_string()>{format!("{code} {text}")}</option> })
                        .collect_view();
                    view! { <optgroup label=p.title.clone()>{options}</optgroup> }
                })
                .collect_view();
            let has_criteria = page.plans.iter().any(|p| !p.criteria.is_empty());
            view! {
                <details class="form-block" open=kept.is_some_and(|k| k.key == "followup")>
                    <summary>{tr!(locale, "missions.new_follow_up")}</summary>
                    <form method="post" action=format!("/missions/{id}/follow-ups") class="stacked">
                        <label>{label(locale, "field", "line")}<select name="line" required><option value="">"—"</option>{lines}</select></label>
                        <label>{label(locale, "field", "title")}<input name="title" value=v("title") maxlength="300" required /></label>
                        <label>{label(locale, "field", "responsible")}<input name="responsible" value=v("responsible") maxlength="300" required /></label>
                        <div class="row">
                            <label>{label(locale, "field", "starts_on")}<input type="date" name="starts_on" value=v("starts_on") required /></label>
                            <label>{label(locale, "field", "ends_on")}<input type="date" name="ends_on" value=v("ends_on") required /></label>
                        </div>
                        {has_criteria.then(|| view! {
                            <label>{label(locale, "field", "criterion")}<select name="criterion"><option value="">"—"</option>{criteria}</select></label>
                            <p class="hint">{tr!(locale, "missions.criterion_hint")}</p>
                        })}
                        <label>{label(locale, "field", "indicator")}<input name="indicator" value=v("indicator") maxlength="300" /></label>
                        <label>{label(locale, "field", "target")}<input name="target" value=v("target") maxlength="100" /></label>
                        <button type="submit" class="primary">{tr!(locale, "missions.add_follow_up")}</button>
                    </form>
                </details>
            }
        });
    view! {
        <section id="follow-ups" aria-labelledby="follow-ups-title">
            <h2 id="follow-ups-title">{tr!(locale, "missions.follow_ups")}</h2>
            {if page.follow_ups.is_empty() {
                view! { <p class="empty">{tr!(locale, "missions.no_follow_ups")}</p> }.into_any()
            } else {
                view! { <ul>{items}</ul> }.into_any()
            }}
            {form}
        </section>
    }
    .into_any()
}
