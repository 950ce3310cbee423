-- Indicators (DOMAIN.md, "Indicators"): definitions kept by programme staff, versioned and
-- in four languages, separate from the values countries report for them; each country's
-- baseline and target; the availability of each indicator's data per country (seed
-- activity 1.2); and the imports values came from.
CREATE TABLE indicators (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    -- The current version (the highest in indicator_versions).
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Every version of a definition, whole: editing adds one, nothing is overwritten.
CREATE TABLE indicator_versions (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('access', 'retention', 'quality', 'workforce', 'financial')),
    unit TEXT NOT NULL CHECK (unit IN ('percent', 'count', 'days', 'usd', 'ratio')),
    frequency TEXT NOT NULL CHECK (frequency IN ('annual', 'quarterly', 'monthly')),
    -- 1 when the value is numerator ÷ denominator (× 100 for a percent).
    ratio BIGINT NOT NULL CHECK (ratio IN (0, 1)),
    -- 1 when the numerator never exceeds the denominator (a share of people).
    bounded BIGINT NOT NULL CHECK (bounded IN (0, 1)),
    -- Comma-separated dimension codes values may be broken down by.
    disaggregations TEXT NOT NULL,
    edited_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    edited_at BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, version)
);

CREATE TABLE indicator_texts (
    indicator_id BIGINT NOT NULL,
    version BIGINT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'es', 'pt', 'fr')),
    name TEXT NOT NULL,
    definition TEXT NOT NULL,
    numerator TEXT NOT NULL,
    denominator TEXT NOT NULL,
    formula TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (indicator_id, version, language),
    FOREIGN KEY (indicator_id, version) REFERENCES indicator_versions(indicator_id, version) ON DELETE CASCADE
);

-- A CSV import that went through (refused ones write nothing).
CREATE TABLE indicator_imports (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    imported_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    imported_at BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    row_count BIGINT NOT NULL
);

-- A country's value of an indicator for a period and a disaggregation ('' for the total).
CREATE TABLE indicator_values (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    period TEXT NOT NULL,
    disaggregation TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    numerator DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('provisional', 'validated')),
    -- Where it came from: typed on the country's page, a CSV import, a plan's check-in.
    origin TEXT NOT NULL CHECK (origin IN ('entry', 'import', 'checkin')),
    import_id BIGINT REFERENCES indicator_imports(id) ON DELETE SET NULL,
    checkin_id BIGINT REFERENCES plan_checkins(id) ON DELETE SET NULL,
    entered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    entered_at BIGINT NOT NULL,
    validated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    validated_at BIGINT,
    UNIQUE (indicator_id, country_code, period, disaggregation)
);
CREATE INDEX indicator_values_by_country ON indicator_values (country_code, indicator_id);

-- What a value was before each correction (the row as it stood, and who replaced it).
CREATE TABLE indicator_value_history (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    value_id BIGINT NOT NULL REFERENCES indicator_values(id) ON DELETE CASCADE,
    value DOUBLE PRECISION NOT NULL,
    numerator DOUBLE PRECISION,
    denominator DOUBLE PRECISION,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    origin TEXT NOT NULL,
    entered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    entered_at BIGINT NOT NULL,
    replaced_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    replaced_at BIGINT NOT NULL
);
CREATE INDEX indicator_value_history_by_value ON indicator_value_history (value_id, id);

-- A country's baseline and target for an indicator.
CREATE TABLE indicator_goals (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    baseline DOUBLE PRECISION,
    baseline_period TEXT NOT NULL,
    target DOUBLE PRECISION,
    target_period TEXT NOT NULL,
    set_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, country_code)
);

-- Whether a country's data for an indicator exist, and from which information system.
CREATE TABLE indicator_availability (
    indicator_id BIGINT NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    status TEXT NOT NULL CHECK (status IN ('available', 'partial', 'not_collected')),
    system TEXT NOT NULL,
    set_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (indicator_id, country_code)
);

-- Links: a plan's action measured by an indicator (its check-ins record values through
-- indicator_values), a technical-assistance request about one.
ALTER TABLE plan_actions ADD COLUMN indicator_id BIGINT REFERENCES indicators(id) ON DELETE SET NULL;
ALTER TABLE ta_requests ADD COLUMN indicator_id BIGINT REFERENCES indicators(id) ON DELETE SET NULL;
