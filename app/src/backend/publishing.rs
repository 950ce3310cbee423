//! Publishing to the library through the web: a country publisher submits a guideline or
//! best practice in a structured template (context, intervention, population, evidence,
//! results and indicators, costs, contact), in their language; technical-assistance staff
//! comment, ask for changes or approve; approval publishes the document with the country's
//! attribution (or updates it, keeping each approved version in its history). A draft of
//! a space can be promoted to a submission.
//!
//! Who may do what: submitting and revising — the country's publishers (and admins);
//! reviewing — TA staff and admins; reading a submission and commenting — those, plus its
//! author. Everyone else gets a 404 for a submission's page.

use super::access::{self, can_publish_for};
use super::content_import::is_slug;
use super::search::queue::Entity;
use super::store::{compose, countries, documents, drafts, submissions};
use super::ServerError;
use crate::backend::{Change, Cx};
use crate::markdown;
use crate::model::country::CountryName;
use crate::model::refusal::{FieldRefusal, Problem, Refusal};
use crate::model::submission::{
    SubmissionFields, SubmissionForm, SubmissionPage, SubmissionSummary, SECTIONS,
};
use crate::model::user::CountryRole;

const KINDS: [&str; 2] = ["guideline", "best_practice"];
const LANGUAGES: [&str; 4] = ["en", "es", "pt", "fr"];
const MAX_TITLE: usize = 200;
const MAX_SUMMARY: usize = 600;
/// Largest template section, in bytes of markdown.
const MAX_SECTION: usize = 20_000;
/// Sections a submission may leave empty.
const OPTIONAL: [&str; 1] = ["costs"];

fn refused(field: &str, problem: Problem) -> ServerError {
    ServerError::Field(FieldRefusal::new(field, problem))
}

/// Checks and tidies what was typed. Every problem names its field.
pub fn check(f: &SubmissionFields) -> Result<SubmissionFields, ServerError> {
    let mut f = f.clone();
    f.country = f.country.trim().to_ascii_uppercase();
    f.title = f.title.trim().to_string();
    f.summary = f.summary.trim().to_string();
    if f.country.is_empty() {
        return Err(refused("country", Problem::Required));
    }
    if !LANGUAGES.contains(&f.language.as_str()) {
        return Err(refused("language", Problem::Choice));
    }
    if !KINDS.contains(&f.kind.as_str()) {
        return Err(refused("kind", Problem::Choice));
    }
    let topics: Vec<String> = f
        .topics
        .split(',')
        .map(|t| t.trim().to_lowercase().replace(' ', "-"))
        .filter(|t| !t.is_empty())
        .collect();
    if topics.is_empty() {
        return Err(refused("topics", Problem::Required));
    }
    if topics.len() > 8 || !topics.iter().all(|t| is_slug(t)) {
        // One to eight, separated by commas, of letters, digits and hyphens (the page says so).
        return Err(refused("topics", Problem::Format));
    }
    f.topics = topics.join(",");
    for (name, text, max) in [
        ("title", &f.title, MAX_TITLE),
        ("summary", &f.summary, MAX_SUMMARY),
    ] {
        if text.is_empty() {
            return Err(refused(name, Problem::Required));
        }
        if text.chars().count() > max {
            return Err(refused(name, Problem::TooLong));
        }
    }
    if f.title.chars().any(char::is_control) {
        return Err(refused("title", Problem::Format));
    }
    for name in SECTIONS {
        let text = f.section(name).trim();
        if text.is_empty() && !OPTIONAL.contains(&name) {
            return Err(refused(name, Problem::Required));
        }
        if text.len() > MAX_SECTION {
            return Err(refused(name, Problem::TooLong));
        }
        if markdown::unsafe_markup(text).is_some() {
            return Err(refused(name, Problem::Unsafe));
        }
    }
    Ok(f)
}

/// The compose store's key for a form being written.
fn keep_target(id: Option<i64>) -> String {
    match id {
        Some(id) => format!("submission:{id}"),
        None => "submission:new".into(),
    }
}

/// Keeps what a refused form held, so the writer gets it back.
pub async fn keep(cx: &Cx, id: Option<i64>, f: &SubmissionFields) -> Result<(), ServerError> {
    let Some(user) = cx.viewer.user() else {
        return Ok(());
    };
    let body = serde_json::to_string(f).map_err(|e| ServerError::Internal(e.to_string()))?;
    let saved = compose::Saved {
        title: compose::truncate(&f.title, 400),
        body: compose::truncate(&body, 200_000),
    };
    compose::save(&cx.db().pool, user.id, &keep_target(id), &saved, cx.now).await?;
    Ok(())
}

async fn publishable_countries(cx: &Cx) -> Result<Vec<CountryName>, ServerError> {
    Ok(countries::list(&cx.db().pool)
        .await?
        .into_iter()
        .filter(|c| can_publish_for(&cx.viewer, &c.code))
        .map(CountryName::from)
        .collect())
}

/// The form for a new submission (optionally promoted from the draft `from_draft` =
/// (space slug, draft id)), or for a new revision of submission `id`.
pub async fn form(
    cx: &Cx,
    id: Option<i64>,
    from_draft: Option<(&str, i64)>,
) -> Result<SubmissionForm, ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let countries = publishable_countries(cx).await?;
    if countries.is_empty() {
        return Err(ServerError::Forbidden);
    }
    let mut form = SubmissionForm {
        countries,
        submission_id: id,
        ..Default::default()
    };
    if let Some(id) = id {
        let row = readable(cx, id).await?;
        if !can_publish_for(&cx.viewer, &row.summary.country.code) {
            return Err(ServerError::Forbidden);
        }
        form.fields = submissions::revision(&cx.db().pool, id, row.current_revision)
            .await?
            .ok_or(ServerError::NotFound)?;
    } else if let Some((slug, draft_id)) = from_draft {
        let (place, draft) = super::drafts::draft_in(cx, slug, draft_id).await?;
        let body = drafts::revision(&cx.db().pool, draft.id, draft.current_revision)
            .await?
            .map(|r| r.body_md)
            .unwrap_or_default();
        form.fields.title = draft.title;
        form.fields.intervention = body;
        form.fields.country = place
            .space
            .country
            .as_ref()
            .map(|c| c.code.clone())
            .filter(|c| can_publish_for(&cx.viewer, c))
            .unwrap_or_default();
        form.from_draft = Some(draft.id);
    }
    if form.fields.language.is_empty() {
        form.fields.language = "es".into();
    }
    // A refused attempt comes back as it was typed.
    if let Some(saved) = compose::get(&cx.db().pool, user.id, &keep_target(id)).await? {
        if let Ok(fields) = serde_json::from_str::<SubmissionFields>(&saved.body) {
            form.fields = fields;
        }
    }
    Ok(form)
}

/// Submits a new proposal; returns its id.
pub async fn submit(
    cx: &Cx,
    fields: &SubmissionFields,
    from_draft: Option<(&str, i64)>,
) -> Result<i64, ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    // Only publishers (and admins) submit at all; which country is checked once the
    // form is known to be whole.
    if !user.holds_any(CountryRole::Publisher) && !super::access::is_admin(&cx.viewer) {
        return Err(ServerError::Forbidden);
    }
    let f = check(fields)?;
    if !can_publish_for(&cx.viewer, &f.country) {
        return Err(Refusal::NotPublisher.into());
    }
    let draft = match from_draft {
        Some((slug, id)) => Some(super::drafts::draft_in(cx, slug, id).await?.1.id),
        None => None,
    };
    let mut change = cx.change().await?;
    let id = submissions::insert(change.conn(), &f, user.id, draft, cx.now).await?;
    compose::delete(change.conn(), user.id, &keep_target(None)).await?;
    change.commit().await?;
    Ok(id)
}

/// A new revision by one of the country's publishers; the submission goes back to review.
pub async fn revise(
    cx: &Cx,
    id: i64,
    base: i64,
    fields: &SubmissionFields,
) -> Result<(), ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let row = readable(cx, id).await?;
    if !can_publish_for(&cx.viewer, &row.summary.country.code) {
        return Err(ServerError::Forbidden);
    }
    let mut f = fields.clone();
    // The country is the submission's own; a revision cannot move it.
    f.country = row.summary.country.code.clone();
    let f = check(&f)?;
    let mut change = cx.change().await?;
    if !submissions::advance(change.conn(), id, base, &f, cx.now).await? {
        return Err(Refusal::Stale.into());
    }
    submissions::add_revision(change.conn(), id, base + 1, &f, user.id, cx.now).await?;
    submissions::add_review(
        change.conn(),
        id,
        user.id,
        "resubmit",
        base + 1,
        "",
        "",
        cx.now,
    )
    .await?;
    compose::delete(change.conn(), user.id, &keep_target(Some(id))).await?;
    change.commit().await?;
    Ok(())
}

/// A review step: `comment` (staff, the country's publishers, the author),
/// `request_changes` or `approve` (staff). Approving publishes the current revision.
/// Returns the published document's address when it approved.
pub async fn review(
    cx: &Cx,
    id: i64,
    action: &str,
    body: &str,
) -> Result<Option<String>, ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    let row = readable(cx, id).await?;
    let body = body.trim();
    if body.len() > MAX_SECTION {
        return Err(refused("body", Problem::TooLong));
    }
    if markdown::unsafe_markup(body).is_some() {
        return Err(refused("body", Problem::Unsafe));
    }
    match action {
        "comment" | "request_changes" if body.is_empty() => {
            return Err(refused("body", Problem::Required))
        }
        "comment" => {}
        "request_changes" | "approve" if !access::is_staff(&cx.viewer) => {
            return Err(ServerError::Forbidden)
        }
        "request_changes" | "approve" if row.summary.status == "approved" => {
            return Err(Refusal::Decided.into())
        }
        "request_changes" | "approve" => {}
        _ => return Err(Refusal::BadAction.into()),
    }
    let html = markdown::render_plain(body).html;
    let mut change = cx.change().await?;
    submissions::add_review(
        change.conn(),
        id,
        user.id,
        action,
        row.current_revision,
        body,
        &html,
        cx.now,
    )
    .await?;
    let mut published = None;
    match action {
        "request_changes" => {
            submissions::set_status(change.conn(), id, "changes_requested", None, cx.now).await?
        }
        "approve" => {
            let fields = submissions::revision(change.conn(), id, row.current_revision)
                .await?
                .ok_or(ServerError::NotFound)?;
            let (document_id, slug) = publish(
                &mut change,
                &row,
                &fields,
                &user.display_name,
                cx.now,
                &cx.zone().date(cx.now),
            )
            .await?;
            submissions::set_status(change.conn(), id, "approved", Some(document_id), cx.now)
                .await?;
            submissions::add_document_revision(
                change.tx(),
                document_id,
                id,
                row.current_revision,
                user.id,
                cx.now,
            )
            .await?;
            change.index(Entity::Document(document_id), cx.now).await?;
            published = Some(format!("/library/{slug}"));
        }
        _ => {}
    }
    change.commit().await?;
    Ok(published)
}

/// The document's markdown: the summary's sections under headings in its language.
pub fn assemble(f: &SubmissionFields) -> String {
    let mut out = String::new();
    for name in SECTIONS {
        let text = f.section(name).trim();
        if text.is_empty() {
            continue;
        }
        let key = format!("publish.section_{name}");
        let heading = rust_i18n::t!(key.as_str(), locale = f.language.as_str());
        out.push_str(&format!("## {heading}\n\n{text}\n\n"));
    }
    out.trim_end().to_string()
}

/// An address for a new document: `es/` and the title's words (accents folded), made
/// unique with a number when taken.
async fn new_slug(
    tx: &mut sqlx::AnyConnection,
    language: &str,
    title: &str,
) -> Result<String, ServerError> {
    let mut base: String = super::search::query::words(title).join("-");
    base.truncate(60);
    let base = base.trim_matches('-').to_string();
    let base = if is_slug(&base) {
        base
    } else {
        "document".to_string()
    };
    for n in 1..1000 {
        let slug = if n == 1 {
            format!("{language}/{base}")
        } else {
            format!("{language}/{base}-{n}")
        };
        if documents::by_slug(&mut *tx, &slug).await?.is_none() {
            return Ok(slug);
        }
    }
    Err(ServerError::Conflict(
        "slug: no free address for this title".into(),
    ))
}

/// Writes the approved revision into the library: a new document, or the submission's
/// document updated. Returns (document id, slug).
async fn publish(
    change: &mut Change,
    row: &submissions::SubmissionRow,
    f: &SubmissionFields,
    reviewer: &str,
    now: i64,
    // The approver's day: the document's publication date.
    today: &str,
) -> Result<(i64, String), ServerError> {
    let body = assemble(f);
    let html = markdown::render_plain(&body).html;
    let topics: Vec<String> = f.topics.split(',').map(str::to_string).collect();
    let country_name = CountryName::from(
        countries::get(change.conn(), &f.country)
            .await?
            .ok_or(ServerError::NotFound)?,
    );
    let source = format!(
        "{} — {} ({}); {}",
        country_name.get(crate::i18n::Locale::from_tag(&f.language).unwrap_or_default()),
        row.summary.author_name,
        rust_i18n::t!(
            "publish.submitted_by_publisher",
            locale = f.language.as_str()
        ),
        rust_i18n::t!(
            "publish.reviewed_by",
            locale = f.language.as_str(),
            name = reviewer
        ),
    );
    let published_on = today;
    let existing = match row.document_id {
        Some(id) => documents::slug_of(change.conn(), id)
            .await?
            .map(|s| (id, s)),
        None => None,
    };
    let slug = match &existing {
        Some((_, s)) => s.clone(),
        None => new_slug(change.conn(), &f.language, &f.title).await?,
    };
    let new = documents::NewDocument {
        slug: &slug,
        title: &f.title,
        summary: &f.summary,
        kind: &f.kind,
        country: Some(&f.country),
        language: &f.language,
        published_on,
        source: &source,
        translation_key: None,
        body_md: &body,
        body_html: &html,
        topics: &topics,
    };
    let id = match existing {
        Some((id, _)) => {
            documents::update(change.conn(), id, &new, now).await?;
            id
        }
        None => documents::insert(change.conn(), &new, None, now).await?,
    };
    Ok((id, slug))
}

/// The submission, if the viewer may read it (else a 404, so its existence stays private).
async fn readable(cx: &Cx, id: i64) -> Result<submissions::SubmissionRow, ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::NotFound)?;
    let row = submissions::by_id(&cx.db().pool, id)
        .await?
        .ok_or(ServerError::NotFound)?;
    if access::is_staff(&cx.viewer)
        || row.author_id == user.id
        || can_publish_for(&cx.viewer, &row.summary.country.code)
    {
        Ok(row)
    } else {
        Err(ServerError::NotFound)
    }
}

pub async fn page(cx: &Cx, id: i64) -> Result<SubmissionPage, ServerError> {
    let row = readable(cx, id).await?;
    let fields = submissions::revision(&cx.db().pool, id, row.current_revision)
        .await?
        .ok_or(ServerError::NotFound)?;
    let sections_html = SECTIONS
        .iter()
        .filter(|s| !fields.section(s).trim().is_empty())
        .map(|s| {
            (
                s.to_string(),
                markdown::render_plain(fields.section(s)).html,
            )
        })
        .collect();
    let document_url = match row.document_id {
        Some(d) => documents::slug_of(&cx.db().pool, d)
            .await?
            .map(|s| format!("/library/{s}")),
        None => None,
    };
    Ok(SubmissionPage {
        can_review: access::is_staff(&cx.viewer),
        can_revise: can_publish_for(&cx.viewer, &row.summary.country.code),
        revision: row.current_revision,
        revisions: submissions::revisions(&cx.db().pool, id).await?,
        reviews: submissions::reviews(&cx.db().pool, id).await?,
        summary: row.summary,
        fields,
        sections_html,
        document_url,
    })
}

/// Submissions the viewer may see: all for staff and admins, their countries' for
/// publishers; others may not list them.
pub async fn list(cx: &Cx, status: &str) -> Result<Vec<SubmissionSummary>, ServerError> {
    let user = cx.viewer.user().ok_or(ServerError::Unauthorized)?;
    if !["", "submitted", "changes_requested", "approved"].contains(&status) {
        return Err(refused("status", Problem::Choice));
    }
    if access::is_staff(&cx.viewer) {
        return Ok(submissions::list(&cx.db().pool, None, status).await?);
    }
    if !user.holds_any(CountryRole::Publisher) {
        return Err(ServerError::Forbidden);
    }
    let countries: Vec<String> = user
        .countries_for(CountryRole::Publisher)
        .iter()
        .map(|c| c.to_ascii_uppercase())
        .collect();
    Ok(submissions::list(&cx.db().pool, Some(&countries), status).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SubmissionFields {
        SubmissionFields {
            country: "co".into(),
            language: "es".into(),
            kind: "best_practice".into(),
            topics: "Retention, continuity of care".into(),
            title: " Llamadas de seguimiento ".into(),
            summary: "Resumen.".into(),
            context: "Contexto.".into(),
            intervention: "Intervención.".into(),
            population: "Población.".into(),
            evidence: "Evidencia.".into(),
            results: "Resultados.".into(),
            costs: String::new(),
            contact: "ana@example.org".into(),
        }
    }

    #[test]
    fn checking_tidies_and_names_the_field_at_fault() {
        let f = check(&good()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.country, "CO");
        assert_eq!(f.topics, "retention,continuity-of-care");
        assert_eq!(f.title, "Llamadas de seguimiento");
        let refused = |change: fn(&mut SubmissionFields)| {
            let mut f = good();
            change(&mut f);
            match check(&f) {
                Err(ServerError::Field(r)) => r.code(),
                other => panic!("accepted: {other:?}"),
            }
        };
        assert_eq!(refused(|f| f.evidence = " ".into()), "evidence.required");
        assert_eq!(refused(|f| f.kind = "manual".into()), "kind.choice");
        assert_eq!(refused(|f| f.language = "de".into()), "language.choice");
        assert_eq!(refused(|f| f.topics = "<b>".into()), "topics.format");
        assert_eq!(refused(|f| f.topics = " , ".into()), "topics.required");
        assert_eq!(refused(|f| f.title = "t".repeat(201)), "title.too_long");
        assert_eq!(
            refused(|f| f.context = "<script>alert(1)</script>".into()),
            "context.unsafe"
        );
        assert_eq!(
            refused(|f| f.results = "[x](javascript:alert(1))".into()),
            "results.unsafe"
        );
    }

    #[test]
    fn the_document_has_a_heading_per_section_in_its_language() {
        let f = check(&good()).unwrap_or_else(|e| panic!("{e}"));
        let md = assemble(&f);
        assert!(md.starts_with("## Contexto\n\nContexto."), "{md}");
        assert!(
            !md.contains("## Costos"),
            "empty sections are left out: {md}"
        );
    }
}
