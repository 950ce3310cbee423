-- The catalogue of funding mechanisms for treatment (seed 000, activity 1.4: "identify
-- potential funding mechanisms and sources for providers to deliver services, programs,
-- and activities in the long term"): who funds, what kind of mechanism, which countries
-- may use it, what it funds, how much, its cycle and deadlines, how to apply, and when
-- programme staff last checked it. A plan action may name one as its funding source.

CREATE TABLE funding_mechanisms (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funder TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('national_budget', 'social_insurance',
        'international_cooperation', 'grant_programme', 'loan')),
    name_en TEXT NOT NULL,
    name_es TEXT NOT NULL DEFAULT '',
    name_pt TEXT NOT NULL DEFAULT '',
    name_fr TEXT NOT NULL DEFAULT '',
    funds_en TEXT NOT NULL,
    funds_es TEXT NOT NULL DEFAULT '',
    funds_pt TEXT NOT NULL DEFAULT '',
    funds_fr TEXT NOT NULL DEFAULT '',
    apply_en TEXT NOT NULL DEFAULT '',
    apply_es TEXT NOT NULL DEFAULT '',
    apply_pt TEXT NOT NULL DEFAULT '',
    apply_fr TEXT NOT NULL DEFAULT '',
    -- Smallest and largest award in minor units (cents) of `currency` (ISO 4217).
    amount_min BIGINT CHECK (amount_min >= 0),
    amount_max BIGINT CHECK (amount_max >= 0),
    currency TEXT,
    cycle TEXT NOT NULL CHECK (cycle IN ('annual', 'rolling', 'one_off', 'multi_year')),
    contact TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    -- The day staff last checked the record against its source (YYYY-MM-DD).
    verified_on TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE funding_countries (
    mechanism_id BIGINT NOT NULL REFERENCES funding_mechanisms(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    PRIMARY KEY (mechanism_id, country_code)
);
CREATE INDEX funding_countries_country ON funding_countries (country_code);

CREATE TABLE funding_deadlines (
    mechanism_id BIGINT NOT NULL REFERENCES funding_mechanisms(id) ON DELETE CASCADE,
    due_on TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (mechanism_id, due_on)
);
CREATE INDEX funding_deadlines_due ON funding_deadlines (due_on);

ALTER TABLE plan_actions ADD COLUMN funding_id BIGINT REFERENCES funding_mechanisms(id) ON DELETE SET NULL;
