-- Countries of the Americas, users, working-group spaces and library documents.

CREATE TABLE countries (
    code TEXT PRIMARY KEY CHECK (length(code) = 2),
    name_en TEXT NOT NULL,
    name_es TEXT NOT NULL,
    name_pt TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    working_language TEXT NOT NULL CHECK (working_language IN ('en', 'es', 'pt', 'fr')),
    participation TEXT NOT NULL CHECK (participation IN ('active', 'non_participating', 'withdrawn')),
    status_since TEXT,
    status_note TEXT
);

INSERT INTO countries (code, name_en, name_es, name_pt, name_fr, working_language, participation, status_since, status_note) VALUES
    ('AG', 'Antigua and Barbuda', 'Antigua y Barbuda', 'Antígua e Barbuda', 'Antigua-et-Barbuda', 'en', 'active', NULL, NULL),
    ('AR', 'Argentina', 'Argentina', 'Argentina', 'Argentine', 'es', 'active', NULL, NULL),
    ('BS', 'Bahamas', 'Bahamas', 'Bahamas', 'Bahamas', 'en', 'active', NULL, NULL),
    ('BB', 'Barbados', 'Barbados', 'Barbados', 'Barbade', 'en', 'active', NULL, NULL),
    ('BZ', 'Belize', 'Belice', 'Belize', 'Belize', 'en', 'active', NULL, NULL),
    ('BO', 'Bolivia', 'Bolivia', 'Bolívia', 'Bolivie', 'es', 'active', NULL, NULL),
    ('BR', 'Brazil', 'Brasil', 'Brasil', 'Brésil', 'pt', 'active', NULL, NULL),
    ('CA', 'Canada', 'Canadá', 'Canadá', 'Canada', 'en', 'active', NULL, 'Working languages: English and French'),
    ('CL', 'Chile', 'Chile', 'Chile', 'Chili', 'es', 'active', NULL, NULL),
    ('CO', 'Colombia', 'Colombia', 'Colômbia', 'Colombie', 'es', 'active', NULL, NULL),
    ('CR', 'Costa Rica', 'Costa Rica', 'Costa Rica', 'Costa Rica', 'es', 'active', NULL, NULL),
    ('CU', 'Cuba', 'Cuba', 'Cuba', 'Cuba', 'es', 'non_participating', '1962-01-31', 'Excluded in 1962; declined the 2009 resolution lifting the exclusion'),
    ('DM', 'Dominica', 'Dominica', 'Dominica', 'Dominique', 'en', 'active', NULL, NULL),
    ('DO', 'Dominican Republic', 'República Dominicana', 'República Dominicana', 'République dominicaine', 'es', 'active', NULL, NULL),
    ('EC', 'Ecuador', 'Ecuador', 'Equador', 'Équateur', 'es', 'active', NULL, NULL),
    ('SV', 'El Salvador', 'El Salvador', 'El Salvador', 'El Salvador', 'es', 'active', NULL, NULL),
    ('GD', 'Grenada', 'Granada', 'Granada', 'Grenade', 'en', 'active', NULL, NULL),
    ('GT', 'Guatemala', 'Guatemala', 'Guatemala', 'Guatemala', 'es', 'active', NULL, NULL),
    ('GY', 'Guyana', 'Guyana', 'Guiana', 'Guyana', 'en', 'active', NULL, NULL),
    ('HT', 'Haiti', 'Haití', 'Haiti', 'Haïti', 'fr', 'active', NULL, NULL),
    ('HN', 'Honduras', 'Honduras', 'Honduras', 'Honduras', 'es', 'active', NULL, NULL),
    ('JM', 'Jamaica', 'Jamaica', 'Jamaica', 'Jamaïque', 'en', 'active', NULL, NULL),
    ('MX', 'Mexico', 'México', 'México', 'Mexique', 'es', 'active', NULL, NULL),
    ('NI', 'Nicaragua', 'Nicaragua', 'Nicarágua', 'Nicaragua', 'es', 'withdrawn', '2023-11-19', 'Withdrawal effective November 2023 (to confirm)'),
    ('PA', 'Panama', 'Panamá', 'Panamá', 'Panama', 'es', 'active', NULL, NULL),
    ('PY', 'Paraguay', 'Paraguay', 'Paraguai', 'Paraguay', 'es', 'active', NULL, NULL),
    ('PE', 'Peru', 'Perú', 'Peru', 'Pérou', 'es', 'active', NULL, NULL),
    ('KN', 'Saint Kitts and Nevis', 'San Cristóbal y Nieves', 'São Cristóvão e Névis', 'Saint-Kitts-et-Nevis', 'en', 'active', NULL, NULL),
    ('LC', 'Saint Lucia', 'Santa Lucía', 'Santa Lúcia', 'Sainte-Lucie', 'en', 'active', NULL, NULL),
    ('VC', 'Saint Vincent and the Grenadines', 'San Vicente y las Granadinas', 'São Vicente e Granadinas', 'Saint-Vincent-et-les-Grenadines', 'en', 'active', NULL, NULL),
    ('SR', 'Suriname', 'Surinam', 'Suriname', 'Suriname', 'en', 'active', NULL, 'Official language Dutch; works in English in the programme'),
    ('TT', 'Trinidad and Tobago', 'Trinidad y Tobago', 'Trinidad e Tobago', 'Trinité-et-Tobago', 'en', 'active', NULL, NULL),
    ('US', 'United States', 'Estados Unidos', 'Estados Unidos', 'États-Unis', 'en', 'active', NULL, NULL),
    ('UY', 'Uruguay', 'Uruguay', 'Uruguai', 'Uruguay', 'es', 'active', NULL, NULL),
    ('VE', 'Venezuela', 'Venezuela', 'Venezuela', 'Venezuela', 'es', 'active', NULL, 'Status disputed (to confirm): withdrawal announced in 2017; representation contested since 2019');

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT UNIQUE,
    country_code TEXT REFERENCES countries(code),
    organisation TEXT NOT NULL DEFAULT '',
    -- platform role: admin, ta_staff or member (per-country publishing and per-space roles live elsewhere)
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'ta_staff', 'member')),
    created_at BIGINT NOT NULL
);

CREATE TABLE spaces (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    country_code TEXT REFERENCES countries(code),
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'network', 'private')),
    created_at BIGINT NOT NULL,
    archived_at BIGINT
);
CREATE INDEX spaces_visibility ON spaces (visibility, archived_at);

-- The library: one row per document and language. Versions of one document in several
-- languages share a translation_key.
CREATE TABLE documents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('guideline', 'manual', 'standard', 'best_practice', 'funding_mechanism', 'report')),
    country_code TEXT REFERENCES countries(code),
    language TEXT NOT NULL CHECK (language IN ('en', 'es', 'pt', 'fr')),
    published_on TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    translation_key TEXT,
    body_md TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX documents_published ON documents (published_on);
