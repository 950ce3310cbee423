-- National operational plans: a country's plan for a period, kept in one of its spaces;
-- objectives → lines of action (each in one demand-reduction domain) → actions. A plan is
-- approved by the national authority, then checked in on at 1, 3, 6 and 12 months.

-- The demand-reduction domains, an editable list (DOMAIN.md, "Operational plans").
CREATE TABLE plan_domains (
    code TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name_en TEXT NOT NULL,
    name_es TEXT NOT NULL,
    name_pt TEXT NOT NULL,
    name_fr TEXT NOT NULL
);
INSERT INTO plan_domains (code, position, name_en, name_es, name_pt, name_fr) VALUES
    ('prevention', 1, 'Prevention', 'Prevención', 'Prevenção', 'Prévention'),
    ('treatment', 2, 'Treatment', 'Tratamiento', 'Tratamento', 'Traitement'),
    ('recovery', 3, 'Recovery support and social integration', 'Apoyo a la recuperación e integración social', 'Apoio à recuperação e integração social', 'Soutien au rétablissement et intégration sociale'),
    ('workforce', 4, 'Workforce training', 'Formación del personal', 'Formação da força de trabalho', 'Formation du personnel'),
    ('information', 5, 'Information and evaluation', 'Información y evaluación', 'Informação e avaliação', 'Information et évaluation'),
    ('policy', 6, 'Policy and regulation', 'Política y regulación', 'Política e regulação', 'Politique et réglementation');

CREATE TABLE plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    country_code TEXT NOT NULL REFERENCES countries(code),
    space_id INTEGER NOT NULL REFERENCES spaces(id),
    title TEXT NOT NULL,
    -- The period the plan covers, YYYY-MM-DD.
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    -- The language the plan is written in.
    language TEXT NOT NULL CHECK (language IN ('en', 'es', 'pt', 'fr')),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    -- The revision being written or approved: a change after approval starts the next.
    revision INTEGER NOT NULL DEFAULT 1,
    -- The last approval recorded: the national authority, its date, a reference.
    authority TEXT,
    approved_on TEXT,
    approval_ref TEXT,
    approved_by INTEGER REFERENCES users(id),
    -- The date check-ins count from: the first approval.
    first_approved_on TEXT,
    return_reason TEXT,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX plans_country ON plans (country_code, starts_on);
CREATE INDEX plans_space ON plans (space_id);

CREATE TABLE plan_objectives (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX plan_objectives_plan ON plan_objectives (plan_id, position);

CREATE TABLE plan_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    objective_id INTEGER NOT NULL REFERENCES plan_objectives(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    domain TEXT NOT NULL REFERENCES plan_domains(code)
);
CREATE INDEX plan_lines_objective ON plan_lines (objective_id, position);

CREATE TABLE plan_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    line_id INTEGER NOT NULL REFERENCES plan_lines(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    -- A person on the platform (username) or a named office, as written.
    responsible TEXT NOT NULL,
    co_responsible TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    -- Planned budget in minor units (cents) of `currency` (ISO 4217).
    budget_minor INTEGER CHECK (budget_minor >= 0),
    currency TEXT,
    funding_source TEXT NOT NULL DEFAULT '',
    -- The indicator that follows the action: what, baseline (value and year), target.
    indicator TEXT NOT NULL DEFAULT '',
    baseline TEXT NOT NULL DEFAULT '',
    baseline_year INTEGER,
    target TEXT NOT NULL DEFAULT ''
);
CREATE INDEX plan_actions_line ON plan_actions (line_id, position);
CREATE INDEX plan_actions_plan ON plan_actions (plan_id);

-- Every change, as a version: who, when, what changed, and the whole plan as text then
-- (what the diff between two versions compares). Approved versions are marked.
CREATE TABLE plan_versions (
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    author_id INTEGER REFERENCES users(id),
    summary TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    approved INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (plan_id, number)
);

-- Check-ins at 1, 3, 6 and 12 months after the first approval.
CREATE TABLE plan_checkins (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    months INTEGER NOT NULL CHECK (months IN (1, 3, 6, 12)),
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted')),
    submitted_by INTEGER REFERENCES users(id),
    submitted_at INTEGER,
    updated_at INTEGER NOT NULL,
    UNIQUE (plan_id, months)
);
CREATE INDEX plan_checkins_due ON plan_checkins (status, due_on);

-- Per action, in one check-in.
CREATE TABLE plan_checkin_entries (
    checkin_id INTEGER NOT NULL REFERENCES plan_checkins(id) ON DELETE CASCADE,
    action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'completed', 'delayed', 'cancelled')),
    percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
    executed_minor INTEGER CHECK (executed_minor >= 0),
    indicator_value TEXT NOT NULL DEFAULT '',
    rag TEXT NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
    narrative TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (checkin_id, action_id)
);

-- A technical-assistance request asked for from a plan's action (a delayed or red one).
ALTER TABLE ta_requests ADD COLUMN plan_action_id INTEGER REFERENCES plan_actions(id) ON DELETE SET NULL;
