//! One version of an instrument: its rating scale and its areas → standards → criteria,
//! each criterion with its verification sources and guidance, in the reader's language.
//! While no campaign uses it, staff change it here (each item in its own form, in four
//! languages; the scale's weights and names); any version can be copied into the next.

use leptos::prelude::*;
use leptos_meta::Title;

use super::load;
use super::quality::{kept_has, kept_or, label, nav, outcome};
use crate::api::quality::read_instrument;
use crate::i18n::{use_locale, Locale};
use crate::model::plan::KeptForm;
use crate::model::quality::{text_in, Instrument, InstrumentPage, Item, SOURCES};
use crate::tr;

const LANGS: [&str; 4] = ["en", "es", "pt", "fr"];

#[component]
pub fn InstrumentView() -> impl IntoView {
    let page = Resource::new_blocking(super::id_and_form(), |(id, form)| read_instrument(id, form));
    view! { {load(page, move |p| view! { <Version page=p /> })} }
}

/// The fields of an item's form, filled from `item` or from the kept try of `key`.
fn item_fields(
    locale: Locale,
    kind: &str,
    item: Option<&Item>,
    kept: Option<&KeptForm>,
    key: &str,
) -> AnyView {
    let pick = |names: Option<&crate::model::quality::Names>, l: &str| -> String {
        names
            .map(|n| match l {
                "en" => n.en.clone(),
                "es" => n.es.clone(),
                "pt" => n.pt.clone(),
                _ => n.fr.clone(),
            })
            .unwrap_or_default()
    };
    let code = kept_or(kept, key, "code", item.map_or("", |i| i.code.as_str()));
    let texts = LANGS
        .iter()
        .map(|l| {
            let field = format!("text_{l}");
            let value = kept_or(kept, key, &field, &pick(item.map(|i| &i.text), l));
            view! {
                <label>{label(locale, "field", &field)}
                    <textarea name=field rows="2" maxlength="600" required=*l == "en">{value}</textarea>
                </label>
            }
        })
        .collect_view();
    let criterion = (kind == "criterion").then(|| {
        let guidance = LANGS
            .iter()
            .map(|l| {
                let field = format!("guidance_{l}");
                let value = kept_or(kept, key, &field, &pick(item.map(|i| &i.guidance), l));
                view! {
                    <label>{label(locale, "field", &field)}
                        <textarea name=field rows="2" maxlength="1000">{value}</textarea>
                    </label>
                }
            })
            .collect_view();
        let sources = SOURCES
            .iter()
            .map(|s| {
                let checked = kept_has(kept, key, "sources", s)
                    .unwrap_or_else(|| item.is_some_and(|i| i.sources.iter().any(|x| x == s)));
                view! {
                    <label class="check"><input type="checkbox" name="sources" value=*s checked=checked />{label(locale, "source", s)}</label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="sources"><legend>{label(locale, "field", "sources")}</legend>{sources}</fieldset>
            {guidance}
        }
    });
    view! {
        <label>{label(locale, "field", "code")}<input name="code" value=code maxlength="24" required /></label>
        {texts}
        {criterion}
    }
    .into_any()
}

fn add_form(
    locale: Locale,
    version: i64,
    parent: Option<&Item>,
    kept: Option<&KeptForm>,
) -> AnyView {
    let (kind, what) = match parent.map(|p| p.kind.as_str()) {
        None => ("area", tr!(locale, "quality.add_area")),
        Some("area") => ("standard", tr!(locale, "quality.add_standard")),
        _ => ("criterion", tr!(locale, "quality.add_criterion")),
    };
    let key = format!("n{}", parent.map_or(0, |p| p.id));
    let open = kept.is_some_and(|k| k.key == key);
    view! {
        <details class="form-block add-item" id=key.clone() open=open>
            <summary>{what.clone()}</summary>
            <form method="post" action=format!("/quality/versions/{version}/items") class="stacked">
                <input type="hidden" name="parent" value=parent.map(|p| p.id.to_string()).unwrap_or_default() />
                {item_fields(locale, kind, None, kept, &key)}
                <button type="submit">{what}</button>
            </form>
        </details>
    }
    .into_any()
}

fn item_view(
    locale: Locale,
    instrument: &Instrument,
    item: &Item,
    editable: bool,
    kept: Option<&KeptForm>,
) -> AnyView {
    let version = instrument.version_id;
    let key = format!("i{}", item.id);
    let edit = editable.then(|| {
        view! {
            <details class="form-block" open=kept.is_some_and(|k| k.key == key)>
                <summary>{tr!(locale, "quality.edit")}</summary>
                <form method="post" action=format!("/quality/versions/{version}/items/{}", item.id) class="stacked">
                    {item_fields(locale, &item.kind, Some(item), kept, &key)}
                    <button type="submit">{tr!(locale, "quality.save")}</button>
                </form>
                <form method="post" action=format!("/quality/versions/{version}/items/{}", item.id)>
                    <input type="hidden" name="delete" value="1" />
                    <button type="submit" class="secondary">{tr!(locale, "quality.delete")}</button>
                </form>
            </details>
        }
    });
    let children: Vec<Item> = instrument.children(Some(item.id)).cloned().collect();
    let child_views = children
        .iter()
        .map(|c| item_view(locale, instrument, c, editable, kept))
        .collect_view();
    let add =
        (editable && item.kind != "criterion").then(|| add_form(locale, version, Some(item), kept));
    let text = text_in(&item.text, locale).to_string();
    let id = format!("item-{}", item.id);
    match item.kind.as_str() {
        "area" => view! {
            <section class="qa-area" id=id>
                <h2><span class="code">{item.code.clone()}</span>" "{text}</h2>
                {edit}
                {child_views}
                {add}
            </section>
        }
        .into_any(),
        "standard" => view! {
            <section class="qa-standard" id=id>
                <h3><span class="code">{item.code.clone()}</span>" "{text}</h3>
                {edit}
                <ol class="criteria">{child_views}</ol>
                {add}
            </section>
        }
        .into_any(),
        _ => {
            let sources = item
                .sources
                .iter()
                .map(|s| label(locale, "source", s))
                .collect::<Vec<_>>()
                .join(" · ");
            let guidance = text_in(&item.guidance, locale).to_string();
            view! {
                <li class="qa-criterion" id=id>
                    <p><span class="code">{item.code.clone()}</span>" "{text}</p>
                    <p class="meta">{label(locale, "field", "sources")}": "{sources}</p>
                    {(!guidance.is_empty()).then(|| view! { <p class="guidance">{guidance}</p> })}
                    {edit}
                </li>
            }
            .into_any()
        }
    }
}

#[component]
fn Version(page: InstrumentPage) -> impl IntoView {
    let locale = use_locale();
    let i = &page.instrument;
    let kept = page.kept.as_ref();
    let title = format!(
        "{} · {}",
        text_in(&i.name, locale),
        tr!(locale, "quality.version", n = i.number.to_string())
    );
    let state = if i.campaigns > 0 {
        tr!(locale, "quality.frozen", n = i.campaigns.to_string())
    } else {
        tr!(locale, "quality.not_used")
    };
    let scale_rows = i
        .scale
        .iter()
        .map(|l| {
            let weight = l.weight.map_or_else(|| tr!(locale, "quality.left_out"), |w| format!("{w} %"));
            view! { <tr><th scope="row">{text_in(&l.names, locale).to_string()}</th><td>{weight}</td></tr> }
        })
        .collect_view();
    let scale_form = page.can_edit.then(|| {
        let levels = i
            .scale
            .iter()
            .map(|l| {
                let wf = format!("weight_{}", l.code);
                let names = LANGS
                    .iter()
                    .map(|lang| {
                        let f = format!("name_{}_{lang}", l.code);
                        let current = match *lang {
                            "en" => &l.names.en,
                            "es" => &l.names.es,
                            "pt" => &l.names.pt,
                            _ => &l.names.fr,
                        };
                        view! { <label>{lang.to_uppercase()}<input name=f.clone() value=kept_or(kept, "scale", &f, current) maxlength="100" required /></label> }
                    })
                    .collect_view();
                view! {
                    <fieldset>
                        <legend>{l.code.clone()}</legend>
                        <label>{label(locale, "field", "weight")}
                            <input name=wf.clone() value=kept_or(kept, "scale", &wf, &l.weight.map(|w| w.to_string()).unwrap_or_default()) inputmode="numeric" />
                        </label>
                        {names}
                    </fieldset>
                }
            })
            .collect_view()
            .into_any();
        let new_names = LANGS
            .iter()
            .map(|lang| {
                let f = format!("new_name_{lang}");
                view! { <label>{lang.to_uppercase()}<input name=f.clone() value=kept_or(kept, "scale", &f, "") maxlength="100" /></label> }
            })
            .collect_view();
        view! {
            <details class="form-block" open=kept.is_some_and(|k| k.key == "scale")>
                <summary>{tr!(locale, "quality.edit_scale")}</summary>
                <form method="post" action=format!("/quality/versions/{}/scale", i.version_id) class="stacked">
                    <p class="hint">{tr!(locale, "quality.weight_hint")}</p>
                    {levels}
                    <fieldset>
                        <legend>{tr!(locale, "quality.new_level")}</legend>
                        <label>{label(locale, "field", "new_code")}<input name="new_code" value=kept_or(kept, "scale", "new_code", "") maxlength="24" /></label>
                        <label>{label(locale, "field", "new_weight")}<input name="new_weight" value=kept_or(kept, "scale", "new_weight", "") inputmode="numeric" /></label>
                        {new_names}
                    </fieldset>
                    <button type="submit">{tr!(locale, "quality.save")}</button>
                </form>
            </details>
        }
        .into_any()
    });
    let copy = page.staff.then(|| {
        view! {
            <form method="post" action=format!("/quality/versions/{}/copy", i.version_id) class="inline-form">
                <label>{label(locale, "field", "note")}<input name="note" maxlength="300" value=kept_or(kept, "copy", "note", "") /></label>
                <button type="submit">{tr!(locale, "quality.copy")}</button>
            </form>
        }
        .into_any()
    });
    let areas = i
        .children(None)
        .map(|a| item_view(locale, i, a, page.can_edit, kept))
        .collect_view();
    let add_area = page
        .can_edit
        .then(|| add_form(locale, i.version_id, None, kept));
    view! {
        <Title text=title.clone() />
        {nav(locale)}
        {outcome(locale)}
        <h1>{title}</h1>
        <p class="lead">{state}{(!i.note.is_empty()).then(|| format!(" · {}", i.note))}</p>
        {copy}
        {view! {
            <section id="scale" aria-labelledby="scale-title">
                <h2 id="scale-title">{tr!(locale, "quality.scale")}</h2>
                <table class="record"><tbody>{scale_rows}</tbody></table>
                {scale_form}
            </section>
        }
        .into_any()}
        {areas}
        {add_area}
    }
}
