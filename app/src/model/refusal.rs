//! Why the platform refused what someone asked: one enum for every refusal a form or a
//! server function can meet, shared by the server (which refuses) and the pages (which
//! explain, in the reader's language). A refusal travels as its short code — in
//! `?error=code` after a form post, or inside an [`AppError`](crate::error::AppError) — and
//! every code has a message in every language (`[refusal]` in `locales/`; a test fails when
//! one is missing).

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// A post or reply with no text.
    Empty,
    /// A post, draft or description over the size limit.
    TooLong,
    /// A thread title that is blank or too long.
    Title,
    /// The thread is locked.
    Locked,
    /// The post was deleted.
    Deleted,
    /// A moderator hid the post.
    Hidden,
    /// The post replied to is not in the thread.
    BadParent,
    /// An action the form does not offer.
    BadAction,
    /// A request space's threads start with a request.
    RequestsOnly,
    /// Someone saved a newer revision meanwhile.
    Stale,
    /// A revision summary that is too long.
    Summary,
    /// A revision that does not exist.
    Revision,
    /// A draft status there is not.
    DraftStatus,
    /// Nobody with that username or email.
    UnknownUser,
    /// The person is not a member of the space.
    NotMember,
    /// A space keeps at least one owner.
    LastOwner,
    /// Already a member.
    AlreadyMember,
    /// Already asked to join.
    AlreadyRequested,
    /// A request to join with too long a message.
    MessageTooLong,
    /// No request to join from that person.
    NoRequest,
    /// A role there is not.
    BadRole,
    /// Neither approve nor decline.
    Decision,
    /// Someone already decided.
    Decided,
    /// The platform keeps at least one administrator.
    LastAdmin,
    /// Country codes that are not of the Americas.
    UnknownCountry,
    /// An invitation note that is too long.
    NoteTooLong,
    /// An invitation link that is used, expired or made up.
    Invite,
    /// The two passwords differ.
    Mismatch,
    /// A password too short or too long.
    Weak,
    /// Sign-up details that are not valid.
    Invalid,
    /// A username or email already taken.
    Taken,
    /// The current password is wrong.
    WrongCurrent,
    /// Not a participating country.
    Country,
    /// That is already the person's country.
    AlreadyYours,
    /// A note or reason that is too long.
    Note,
    /// A notification level there is not.
    Level,
    /// A person's name that is blank or too long.
    Name,
    /// An organisation name that is too long.
    Organisation,
    /// A language the platform does not speak.
    Language,
    /// Too long a text about oneself.
    Bio,
    /// A request for a country one may not file for.
    RequestCountry,
    /// A request topic there is not.
    Topic,
    /// An urgency there is not.
    Urgency,
    /// A date that does not exist.
    Date,
    /// A link that is neither a page of the site nor a web address.
    Link,
    /// A request status change that is not allowed.
    Status,
    /// The request is closed: reopen it first.
    Closed,
    /// Only staff can be assigned.
    Assignee,
    /// Only staff may do that.
    StaffOnly,
    /// A post that cannot be the answer.
    Answer,
    /// A rating there is not.
    Rating,
    /// Only a closed request is reopened.
    NotClosed,
    /// A canned reply without title or text.
    Canned,
    /// A space for a country one does not work for.
    CountryNotYours,
    /// A visibility there is not.
    Visibility,
    /// A space name that is blank or too long.
    SpaceName,
    /// A space description that is too long.
    Description,
    /// A space address that is not valid.
    Slug,
    /// Publishing for a country one is not a publisher of.
    NotPublisher,
    /// A time zone the platform does not offer.
    TimeZone,
    /// Editing an approved plan in place: changes after approval start a new revision.
    PlanFrozen,
    /// Submitting, approving or returning a plan that is not in the state for it.
    PlanState,
    /// An end date before its start date.
    DateOrder,
    /// Changing a check-in that was already submitted.
    CheckinLocked,
    /// A check-in for a plan that has not been approved.
    NotApproved,
    /// A plan in a space that belongs to no country, or one the viewer may not plan in.
    PlanSpace,
    /// A MEM recommendation whose code the country's round already has.
    RecommendationExists,
    /// An indicator code that is already taken.
    IndicatorExists,
    /// A period not written as the indicator's frequency wants (`2024`, `2024-Q3`, `2024-07`).
    Period,
    /// A numerator larger than its denominator, for a share.
    NumeratorOverDenominator,
    /// A value that does not agree with its numerator and denominator.
    ValueMismatch,
    /// A disaggregation the indicator does not have, or written wrongly.
    Disaggregation,
    /// Changing the frequency of an indicator that has values.
    FrequencyInUse,
    /// An import with problems: nothing written, the report lists them.
    ImportRefused,
    /// An indicator code no indicator has.
    UnknownIndicator,
    /// A licence that expires before it was issued.
    LicenceDates,
    /// A service confirmed on a day that has not come yet.
    VerifiedInFuture,
    /// Coordinates outside the service's country.
    OutsideCountry,
    /// Changing the directory of a country one does not edit.
    NotDirectoryEditor,
    /// A version of an instrument a campaign uses (frozen).
    InstrumentInUse,
    /// A rating that is not a level of the instrument's scale.
    OffScale,
    /// Changing a self-assessment already submitted.
    AssessmentSubmitted,
    /// Verifying a service outside one's campaigns.
    NotAssessor,
    /// Submitting with criteria not rated.
    AssessmentIncomplete,
    /// A step the assessment is not at.
    AssessmentState,
    /// Only the campaign's lead closes an assessment.
    NotLead,
    /// An improvement action that cites no criterion.
    CriterionRequired,
    /// A criterion that was met is not a gap.
    CriterionMet,
    /// A service that is not in the campaign's country.
    ServiceCountry,
    /// An item code another item of the version has.
    ItemCode,
    /// A largest amount below the smallest.
    AmountOrder,
    /// A funding mechanism not open to the plan's country.
    FundingNotEligible,
    /// Listing someone else in the network directory.
    ListingConsent,
    /// A mission team member who is neither staff nor a listed expert.
    MissionTeam,
    /// A mission's follow-up action aimed at a plan of another country.
    MissionPlanCountry,
    /// A step the mission is not at (or no longer at).
    MissionState,
    /// Sending a report for review, or approving one, when none is written.
    ReportMissing,
}

impl Refusal {
    pub const ALL: &'static [Refusal] = &[
        Refusal::Empty,
        Refusal::TooLong,
        Refusal::Title,
        Refusal::Locked,
        Refusal::Deleted,
        Refusal::Hidden,
        Refusal::BadParent,
        Refusal::BadAction,
        Refusal::RequestsOnly,
        Refusal::Stale,
        Refusal::Summary,
        Refusal::Revision,
        Refusal::DraftStatus,
        Refusal::UnknownUser,
        Refusal::NotMember,
        Refusal::LastOwner,
        Refusal::AlreadyMember,
        Refusal::AlreadyRequested,
        Refusal::MessageTooLong,
        Refusal::NoRequest,
        Refusal::BadRole,
        Refusal::Decision,
        Refusal::Decided,
        Refusal::LastAdmin,
        Refusal::UnknownCountry,
        Refusal::NoteTooLong,
        Refusal::Invite,
        Refusal::Mismatch,
        Refusal::Weak,
        Refusal::Invalid,
        Refusal::Taken,
        Refusal::WrongCurrent,
        Refusal::Country,
        Refusal::AlreadyYours,
        Refusal::Note,
        Refusal::Level,
        Refusal::Name,
        Refusal::Organisation,
        Refusal::Language,
        Refusal::Bio,
        Refusal::RequestCountry,
        Refusal::Topic,
        Refusal::Urgency,
        Refusal::Date,
        Refusal::Link,
        Refusal::Status,
        Refusal::Closed,
        Refusal::Assignee,
        Refusal::StaffOnly,
        Refusal::Answer,
        Refusal::Rating,
        Refusal::NotClosed,
        Refusal::Canned,
        Refusal::CountryNotYours,
        Refusal::Visibility,
        Refusal::SpaceName,
        Refusal::Description,
        Refusal::Slug,
        Refusal::NotPublisher,
        Refusal::TimeZone,
        Refusal::PlanFrozen,
        Refusal::PlanState,
        Refusal::DateOrder,
        Refusal::CheckinLocked,
        Refusal::NotApproved,
        Refusal::PlanSpace,
        Refusal::RecommendationExists,
        Refusal::IndicatorExists,
        Refusal::Period,
        Refusal::NumeratorOverDenominator,
        Refusal::ValueMismatch,
        Refusal::Disaggregation,
        Refusal::FrequencyInUse,
        Refusal::ImportRefused,
        Refusal::UnknownIndicator,
        Refusal::LicenceDates,
        Refusal::VerifiedInFuture,
        Refusal::OutsideCountry,
        Refusal::NotDirectoryEditor,
        Refusal::InstrumentInUse,
        Refusal::OffScale,
        Refusal::AssessmentSubmitted,
        Refusal::NotAssessor,
        Refusal::AssessmentIncomplete,
        Refusal::AssessmentState,
        Refusal::NotLead,
        Refusal::CriterionRequired,
        Refusal::CriterionMet,
        Refusal::ServiceCountry,
        Refusal::ItemCode,
        Refusal::AmountOrder,
        Refusal::FundingNotEligible,
        Refusal::ListingConsent,
        Refusal::MissionTeam,
        Refusal::MissionPlanCountry,
        Refusal::MissionState,
        Refusal::ReportMissing,
    ];

    /// The short code in URLs and on the wire.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::TooLong => "too_long",
            Refusal::Title => "title",
            Refusal::Locked => "locked",
            Refusal::Deleted => "deleted",
            Refusal::Hidden => "hidden",
            Refusal::BadParent => "bad_parent",
            Refusal::BadAction => "bad_action",
            Refusal::RequestsOnly => "requests_only",
            Refusal::Stale => "stale",
            Refusal::Summary => "summary",
            Refusal::Revision => "revision",
            Refusal::DraftStatus => "draft_status",
            Refusal::UnknownUser => "unknown_user",
            Refusal::NotMember => "not_member",
            Refusal::LastOwner => "last_owner",
            Refusal::AlreadyMember => "already_member",
            Refusal::AlreadyRequested => "already_requested",
            Refusal::MessageTooLong => "message_too_long",
            Refusal::NoRequest => "no_request",
            Refusal::BadRole => "bad_role",
            Refusal::Decision => "decision",
            Refusal::Decided => "decided",
            Refusal::LastAdmin => "last_admin",
            Refusal::UnknownCountry => "unknown_country",
            Refusal::NoteTooLong => "note_too_long",
            Refusal::Invite => "invite",
            Refusal::Mismatch => "mismatch",
            Refusal::Weak => "weak",
            Refusal::Invalid => "invalid",
            Refusal::Taken => "taken",
            Refusal::WrongCurrent => "wrong_current",
            Refusal::Country => "country",
            Refusal::AlreadyYours => "already",
            Refusal::Note => "note",
            Refusal::Level => "level",
            Refusal::Name => "name",
            Refusal::Organisation => "organisation",
            Refusal::Language => "language",
            Refusal::Bio => "bio",
            Refusal::RequestCountry => "request_country",
            Refusal::Topic => "topic",
            Refusal::Urgency => "urgency",
            Refusal::Date => "date",
            Refusal::Link => "link",
            Refusal::Status => "status",
            Refusal::Closed => "closed",
            Refusal::Assignee => "assignee",
            Refusal::StaffOnly => "staff_only",
            Refusal::Answer => "answer",
            Refusal::Rating => "rating",
            Refusal::NotClosed => "not_closed",
            Refusal::Canned => "canned",
            Refusal::CountryNotYours => "country_not_yours",
            Refusal::Visibility => "visibility",
            Refusal::SpaceName => "space_name",
            Refusal::Description => "description",
            Refusal::Slug => "slug",
            Refusal::NotPublisher => "not_publisher",
            Refusal::TimeZone => "time_zone",
            Refusal::PlanFrozen => "plan_frozen",
            Refusal::PlanState => "plan_state",
            Refusal::DateOrder => "date_order",
            Refusal::CheckinLocked => "checkin_locked",
            Refusal::NotApproved => "not_approved",
            Refusal::PlanSpace => "plan_space",
            Refusal::RecommendationExists => "recommendation_exists",
            Refusal::IndicatorExists => "indicator_exists",
            Refusal::Period => "period",
            Refusal::NumeratorOverDenominator => "numerator_over_denominator",
            Refusal::ValueMismatch => "value_mismatch",
            Refusal::Disaggregation => "disaggregation",
            Refusal::FrequencyInUse => "frequency_in_use",
            Refusal::ImportRefused => "import_refused",
            Refusal::UnknownIndicator => "unknown_indicator",
            Refusal::LicenceDates => "licence_dates",
            Refusal::VerifiedInFuture => "verified_in_future",
            Refusal::OutsideCountry => "outside_country",
            Refusal::NotDirectoryEditor => "not_directory_editor",
            Refusal::InstrumentInUse => "instrument_in_use",
            Refusal::OffScale => "off_scale",
            Refusal::AssessmentSubmitted => "assessment_submitted",
            Refusal::NotAssessor => "not_assessor",
            Refusal::AssessmentIncomplete => "assessment_incomplete",
            Refusal::AssessmentState => "assessment_state",
            Refusal::NotLead => "not_lead",
            Refusal::CriterionRequired => "criterion_required",
            Refusal::CriterionMet => "criterion_met",
            Refusal::ServiceCountry => "service_country",
            Refusal::ItemCode => "item_code",
            Refusal::AmountOrder => "amount_order",
            Refusal::FundingNotEligible => "funding_not_eligible",
            Refusal::ListingConsent => "listing_consent",
            Refusal::MissionTeam => "mission_team",
            Refusal::MissionPlanCountry => "mission_plan_country",
            Refusal::MissionState => "mission_state",
            Refusal::ReportMissing => "report_missing",
        }
    }

    pub fn parse(code: &str) -> Option<Refusal> {
        Refusal::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// What to tell the reader, in their language.
    pub fn message(self, locale: Locale) -> String {
        let key = format!("refusal.{}", self.code());
        rust_i18n::t!(key.as_str(), locale = locale.code()).into_owned()
    }

    /// The message for a code from a URL; a code there is not gets the general one.
    pub fn message_for(code: &str, locale: Locale) -> String {
        match Refusal::parse(code) {
            Some(r) => r.message(locale),
            None => rust_i18n::t!("refusal.other", locale = locale.code()).into_owned(),
        }
    }
}

/// One field of a form with many (the library's template; plans, indicators, directory
/// entries and assessments) and what was wrong with it. The field is the form's own input
/// name; the page that shows the form gives its label. Travels as `field.problem`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FieldRefusal {
    pub field: String,
    pub problem: Problem,
}

/// What can be wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Left empty.
    Required,
    /// Over its limit.
    TooLong,
    /// Markdown with markup that is not allowed (scripts, frames, handlers…).
    Unsafe,
    /// Not one of the options the form offers.
    Choice,
    /// Not in the expected form (a number, a date, a code…).
    Format,
    /// A number below zero where only zero or more makes sense.
    Negative,
}

impl Problem {
    pub const ALL: [Problem; 6] = [
        Problem::Required,
        Problem::TooLong,
        Problem::Unsafe,
        Problem::Choice,
        Problem::Format,
        Problem::Negative,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong => "too_long",
            Problem::Unsafe => "unsafe",
            Problem::Choice => "choice",
            Problem::Format => "format",
            Problem::Negative => "negative",
        }
    }
}

impl FieldRefusal {
    pub fn new(field: &str, problem: Problem) -> FieldRefusal {
        FieldRefusal {
            field: field.to_string(),
            problem,
        }
    }

    pub fn code(&self) -> String {
        format!("{}.{}", self.field, self.problem.code())
    }

    /// Reads `field.problem` back; anything else (or a field name that is not a plain
    /// identifier, as a made-up URL might carry) is `None`.
    pub fn parse(code: &str) -> Option<FieldRefusal> {
        let (field, problem) = code.split_once('.')?;
        let plain = |b: u8| b.is_ascii_lowercase() || b == b'_';
        if field.is_empty() || field.len() > 40 || !field.bytes().all(plain) {
            return None;
        }
        let problem = Problem::ALL.into_iter().find(|p| p.code() == problem)?;
        Some(FieldRefusal::new(field, problem))
    }

    /// What to tell the reader, naming the field by `label`.
    pub fn message(&self, locale: Locale, label: &str) -> String {
        let key = format!("refusal.field_{}", self.problem.code());
        rust_i18n::t!(key.as_str(), locale = locale.code(), field = label).into_owned()
    }
}

/// The message for an `?error=` code of a form with many fields: a field's refusal names
/// the field by `label` (the page's own label for it), anything else is a [`Refusal`].
pub fn explain(code: &str, locale: Locale, label: impl Fn(&str) -> String) -> String {
    match FieldRefusal::parse(code) {
        Some(f) => f.message(locale, &label(&f.field)),
        None => Refusal::message_for(code, locale),
    }
}

impl std::fmt::Display for FieldRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_refusals_travel_as_codes_and_read_back() {
        for p in Problem::ALL {
            let f = FieldRefusal::new("intervention", p);
            assert_eq!(FieldRefusal::parse(&f.code()), Some(f.clone()));
            for locale in Locale::ALL {
                let text = f.message(locale, "LABEL");
                assert!(text.contains("LABEL"), "{locale:?} {p:?}: {text}");
            }
        }
        for bad in [
            "title",
            "title.",
            ".required",
            "Title.required",
            "a-b.required",
            "t.nope",
        ] {
            assert_eq!(FieldRefusal::parse(bad), None, "{bad}");
        }
        let label = |f: &str| format!("<{f}>");
        assert!(explain("title.required", Locale::En, label).contains("<title>"));
        assert_eq!(
            explain("stale", Locale::En, label),
            Refusal::Stale.message(Locale::En)
        );
    }

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for r in Refusal::ALL {
            assert!(seen.insert(r.code()), "{r:?} repeats a code");
            assert_eq!(Refusal::parse(r.code()), Some(*r));
            assert!(r
                .code()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_'));
        }
    }

    #[test]
    fn every_refusal_has_a_message_in_every_language() {
        for locale in Locale::ALL {
            for r in Refusal::ALL {
                let key = format!("refusal.{}", r.code());
                let text = r.message(locale);
                assert!(
                    !text.is_empty() && text != key,
                    "{locale:?}: {key} has no message"
                );
            }
        }
    }
}
