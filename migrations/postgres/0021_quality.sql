-- Quality-standards assessment of services (DOMAIN.md, "Quality assessment of services"):
-- instruments built by programme staff (areas → standards → criteria, each criterion with
-- its verification sources and guidance) in numbered versions with their rating scale, a
-- version frozen once a campaign uses it; campaigns in which a country assesses services
-- of its directory; per service a self-assessment then an on-site verification, closed
-- by the campaign's lead; and improvement plans made from the gaps.

CREATE TABLE qa_instruments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stable name of the template or instrument ('peru-cmhc', 'treatnet').
    code TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_es TEXT NOT NULL,
    name_pt TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE qa_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instrument_id BIGINT NOT NULL REFERENCES qa_instruments(id),
    number BIGINT NOT NULL,
    -- What this version changed, as its author wrote it.
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (instrument_id, number)
);

-- A version's rating scale: each level's weight in percent (met 100, partially met 50…);
-- a level without weight (not applicable) leaves the criterion out of the score.
CREATE TABLE qa_scale (
    version_id BIGINT NOT NULL REFERENCES qa_versions(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    position BIGINT NOT NULL,
    weight BIGINT CHECK (weight BETWEEN 0 AND 100),
    name_en TEXT NOT NULL,
    name_es TEXT NOT NULL,
    name_pt TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    PRIMARY KEY (version_id, code)
);

-- Areas, standards and criteria of a version. A criterion keeps its code from version to
-- version, which is how a later assessment tells which gaps closed.
CREATE TABLE qa_items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id BIGINT NOT NULL REFERENCES qa_versions(id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES qa_items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('area', 'standard', 'criterion')),
    position BIGINT NOT NULL,
    code TEXT NOT NULL,
    text_en TEXT NOT NULL,
    text_es TEXT NOT NULL,
    text_pt TEXT NOT NULL,
    text_fr TEXT NOT NULL,
    guidance_en TEXT NOT NULL DEFAULT '',
    guidance_es TEXT NOT NULL DEFAULT '',
    guidance_pt TEXT NOT NULL DEFAULT '',
    guidance_fr TEXT NOT NULL DEFAULT '',
    -- How a criterion is verified: any of document, record, observation, interview.
    sources TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, code)
);
CREATE INDEX qa_items_tree ON qa_items (version_id, parent_id, position);

CREATE TABLE qa_campaigns (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries(code),
    version_id BIGINT NOT NULL REFERENCES qa_versions(id),
    title TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    lead_id BIGINT NOT NULL REFERENCES users(id),
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX qa_campaigns_country ON qa_campaigns (country_code, starts_on);

CREATE TABLE qa_campaign_assessors (
    campaign_id BIGINT NOT NULL REFERENCES qa_campaigns(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (campaign_id, user_id)
);

-- One service in a campaign: its respondent (the director, or whoever the campaign names)
-- answers the self-assessment; an assessor verifies it on site; the lead closes it.
CREATE TABLE qa_assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES qa_campaigns(id) ON DELETE CASCADE,
    service_id BIGINT NOT NULL REFERENCES services(id),
    respondent_id BIGINT REFERENCES users(id),
    status TEXT NOT NULL DEFAULT 'self' CHECK (status IN ('self', 'submitted', 'verified', 'closed')),
    submitted_at BIGINT,
    verified_by BIGINT REFERENCES users(id),
    verified_at BIGINT,
    closed_at BIGINT,
    updated_at BIGINT NOT NULL,
    UNIQUE (campaign_id, service_id)
);
CREATE INDEX qa_assessments_service ON qa_assessments (service_id, status);

CREATE TABLE qa_ratings (
    assessment_id BIGINT NOT NULL REFERENCES qa_assessments(id) ON DELETE CASCADE,
    criterion_id BIGINT NOT NULL REFERENCES qa_items(id),
    self_level TEXT,
    self_comment TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    verified_level TEXT,
    -- The verification sources the assessor checked (comma list).
    verified_sources TEXT NOT NULL DEFAULT '',
    verified_comment TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (assessment_id, criterion_id)
);

-- An improvement plan is a plan of kind 'improvement' for one service, made from a closed
-- assessment; each of its actions cites the criterion it closes.
ALTER TABLE plans ADD COLUMN kind TEXT NOT NULL DEFAULT 'national' CHECK (kind IN ('national', 'improvement'));
ALTER TABLE plans ADD COLUMN service_id BIGINT REFERENCES services(id);
ALTER TABLE plans ADD COLUMN assessment_id BIGINT REFERENCES qa_assessments(id);
ALTER TABLE plan_actions ADD COLUMN criterion_id BIGINT REFERENCES qa_items(id);
