//! A campaign's aggregated results as the first draft of a library submission: the
//! country's publishers open the submission form from the campaign's page and find it
//! filled — the method, the services assessed, the area scores (median and range), the
//! medians by region and the weakest criteria as tables — to edit and submit for review
//! like any document. Nothing about a single service goes in.

use super::{campaign_seen, campaigns::cell_md, instrument, scores};
use crate::backend::access;
use crate::backend::store::quality as store;
use crate::backend::{Cx, ServerError};
use crate::i18n::Locale;
use crate::model::quality::{percent, text_in};
use crate::model::submission::SubmissionForm;

/// Fills an empty submission form with campaign `id`'s results, if the viewer publishes
/// for its country.
pub async fn prefill(cx: &Cx, id: i64, form: &mut SubmissionForm) -> Result<(), ServerError> {
    let (row, _) = campaign_seen(cx, id).await?;
    if !access::can_publish_for(&cx.viewer, &row.country) {
        return Err(ServerError::Forbidden);
    }
    if !form.fields.title.is_empty() {
        // The publisher's own kept draft wins.
        return Ok(());
    }
    let version = instrument(cx, row.version).await?;
    let pool = &cx.db().pool;
    let assessments: Vec<_> = store::assessments_of(pool, id)
        .await?
        .into_iter()
        .map(|a| a.summary)
        .collect();
    let ratings = store::campaign_ratings(pool, id).await?;
    let results = scores::campaign_scores(&version, &assessments, &ratings);
    let en = Locale::En;
    let closed = row.summary.closed;
    let area = |code: &str| {
        version
            .items
            .iter()
            .find(|i| i.kind == "area" && i.code == code)
            .map(|i| text_in(&i.text, en).to_string())
            .unwrap_or_default()
    };
    let mut table = String::from("| Area | Median | Range | Services |\n|---|---|---|---|\n");
    for (code, verified, _) in &results.areas {
        let (median, range, n) = verified.as_ref().map_or(("—".into(), "—".into(), 0), |s| {
            (
                percent(Some(s.median)),
                format!("{:.0}–{:.0} %", s.min, s.max),
                s.n,
            )
        });
        table.push_str(&format!(
            "| {code} {} | {median} | {range} | {n} |\n",
            cell_md(&area(code))
        ));
    }
    let codes: Vec<&str> = results.areas.iter().map(|(c, _, _)| c.as_str()).collect();
    let mut regions = format!(
        "| Region | {} |\n|---|{}\n",
        codes.join(" | "),
        "---|".repeat(codes.len())
    );
    for (region, medians) in &results.regions {
        let cells: Vec<String> = medians.iter().map(|m| percent(*m)).collect();
        regions.push_str(&format!(
            "| {} | {} |\n",
            cell_md(region),
            cells.join(" | ")
        ));
    }
    let mut weakest = String::from("| Criterion | Mean score | Not met |\n|---|---|---|\n");
    for c in &results.weakest {
        let text = version
            .items
            .iter()
            .find(|i| i.id == c.criterion_id)
            .map(|i| text_in(&i.text, en).to_string())
            .unwrap_or_default();
        weakest.push_str(&format!(
            "| {} {} | {:.0} % | {} of {} |\n",
            c.code,
            cell_md(&text),
            c.mean,
            c.not_met,
            c.rated
        ));
    }
    let instrument_name = text_in(&version.name, en).to_string();
    let f = &mut form.fields;
    f.country = row.country.clone();
    f.language = "en".into();
    f.kind = "best_practice".into();
    f.topics = "quality,standards".into();
    f.title = format!("Quality assessment results: {}", row.summary.title);
    f.summary = format!(
        "Aggregated results of the quality assessment of {} services ({} closed) on the \
         instrument \"{instrument_name}\", version {}.",
        row.summary.services, closed, version.number
    );
    f.context = format!(
        "Campaign \"{}\", {} to {}, led by {}.",
        row.summary.title, row.summary.starts_on, row.summary.ends_on, row.summary.lead
    );
    f.intervention = "Each service's director answered a self-assessment criterion by \
         criterion; assessors then checked the sources of verification on site and rated \
         each criterion; the campaign's lead closed each assessment, making the verified \
         ratings final."
        .into();
    f.population = format!(
        "{} services, in: {}.",
        row.summary.services,
        results
            .regions
            .iter()
            .map(|(r, _)| r.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    f.evidence = "An area's score is the share of its applicable criteria met, each rating \
         counting by its level's weight on the instrument's scale; figures below are over \
         closed assessments only."
        .into();
    f.results = format!(
        "## Scores by area\n\n{table}\n## Median by region\n\n{regions}\n## Weakest criteria\n\n{weakest}"
    );
    f.contact = row.summary.lead.clone();
    Ok(())
}
