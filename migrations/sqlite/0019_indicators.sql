-- Indicators (DOMAIN.md, "Indicators"): definitions kept by programme staff, versioned and
-- in four languages, separate from the values countries report for them; each country's
-- baseline and target; the availability of each indicator's data per country (seed
-- activity 1.2); and the imports values came from.
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    -- The current version (the highest in indicator_versions).
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

-- Every version of a definition, whole: editing adds one, nothing is overwritten.
CREATE TABLE indicator_versions (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('access', 'retention', 'quality', 'workforce', 'financial')),
    unit TEXT NOT NULL CHECK (unit IN ('percent', 'count', 'days', 'usd', 'ratio')),
    frequency TEXT NOT NULL CHECK (frequency IN ('annual', 'quarterly', 'monthly')),
    -- 1 when the value is numerator ÷ denominator (× 100 for a percent).
    ratio INTEGER NOT NULL CHECK (ratio IN (0, 1)),
    -- 1 when the numerator never exceeds the denominator (a share of people).
    bounded INTEGER NOT NULL CHECK (bounded IN (0, 1)),
    -- Comma-separated dimension codes values may be broken down by.
    disaggregations TEXT NOT NULL,
    edited_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    edited_at INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, version)
);

CREATE TABLE indicator_texts (
    indicator_id INTEGER NOT NULL,
    version INTEGER NOT NULL,
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
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    imported_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    imported_at INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    row_count INTEGER NOT NULL
);

-- A country's value of an indicator for a period and a disaggregation ('' for the total).
CREATE TABLE indicator_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    period TEXT NOT NULL,
    disaggregation TEXT NOT NULL,
    value REAL NOT NULL,
    numerator REAL,
    denominator REAL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('provisional', 'validated')),
    -- Where it came from: typed on the country's page, a CSV import, a plan's check-in.
    origin TEXT NOT NULL CHECK (origin IN ('entry', 'import', 'checkin')),
    import_id INTEGER REFERENCES indicator_imports(id) ON DELETE SET NULL,
    checkin_id INTEGER REFERENCES plan_checkins(id) ON DELETE SET NULL,
    entered_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    entered_at INTEGER NOT NULL,
    validated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    validated_at INTEGER,
    UNIQUE (indicator_id, country_code, period, disaggregation)
);
CREATE INDEX indicator_values_by_country ON indicator_values (country_code, indicator_id);

-- What a value was before each correction (the row as it stood, and who replaced it).
CREATE TABLE indicator_value_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    value_id INTEGER NOT NULL REFERENCES indicator_values(id) ON DELETE CASCADE,
    value REAL NOT NULL,
    numerator REAL,
    denominator REAL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    origin TEXT NOT NULL,
    entered_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    entered_at INTEGER NOT NULL,
    replaced_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    replaced_at INTEGER NOT NULL
);
CREATE INDEX indicator_value_history_by_value ON indicator_value_history (value_id, id);

-- A country's baseline and target for an indicator.
CREATE TABLE indicator_goals (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    baseline REAL,
    baseline_period TEXT NOT NULL,
    target REAL,
    target_period TEXT NOT NULL,
    set_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    set_at INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, country_code)
);

-- Whether a country's data for an indicator exist, and from which information system.
CREATE TABLE indicator_availability (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    status TEXT NOT NULL CHECK (status IN ('available', 'partial', 'not_collected')),
    system TEXT NOT NULL,
    set_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    set_at INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, country_code)
);

-- Links: a plan's action measured by an indicator (its check-ins record values through
-- indicator_values), a technical-assistance request about one.
ALTER TABLE plan_actions ADD COLUMN indicator_id INTEGER REFERENCES indicators(id) ON DELETE SET NULL;
ALTER TABLE ta_requests ADD COLUMN indicator_id INTEGER REFERENCES indicators(id) ON DELETE SET NULL;
