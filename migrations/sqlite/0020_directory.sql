-- The directory of treatment services (DOMAIN.md, "Treatment-services directory record";
-- outcome 3 of the programme): one row per service with its single-valued fields, its
-- many-valued ones (modalities, medications, populations, languages, payment) as terms,
-- every change kept whole in its history, corrections reported by readers, the library
-- documents that describe it, and the vocabulary the terms come from (editable: several
-- lists are still "to confirm").

-- The words a service's many-valued fields are chosen from, with their labels.
CREATE TABLE directory_terms (
    kind TEXT NOT NULL CHECK (kind IN ('modality', 'medication', 'population', 'language', 'payment')),
    code TEXT NOT NULL,
    position INTEGER NOT NULL,
    label_en TEXT NOT NULL,
    label_es TEXT NOT NULL,
    label_pt TEXT NOT NULL,
    label_fr TEXT NOT NULL,
    PRIMARY KEY (kind, code)
);

CREATE TABLE services (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    country_code TEXT NOT NULL REFERENCES countries(code),
    name TEXT NOT NULL,
    operator TEXT NOT NULL CHECK (operator IN ('public', 'private', 'ngo', 'faith')),
    licence_number TEXT NOT NULL,
    licence_body TEXT NOT NULL,
    licence_issued TEXT,
    licence_expires TEXT,
    address TEXT NOT NULL,
    -- First and second administrative level (department/state/parish; province/municipality).
    region TEXT NOT NULL,
    district TEXT NOT NULL,
    latitude REAL,
    longitude REAL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    website TEXT NOT NULL,
    hours TEXT NOT NULL,
    intake_24h INTEGER NOT NULL CHECK (intake_24h IN (0, 1)),
    level TEXT NOT NULL CHECK (level IN ('immediate', 'level1', 'level2', 'level3', 'level4')),
    services_offered TEXT NOT NULL,
    beds INTEGER CHECK (beds >= 0),
    outpatient_places INTEGER CHECK (outpatient_places >= 0),
    waiting_days INTEGER CHECK (waiting_days >= 0),
    -- The day someone last confirmed the record with the service (YYYY-MM-DD).
    verified_on TEXT NOT NULL,
    public_listing INTEGER NOT NULL CHECK (public_listing IN (0, 1)),
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX services_by_country ON services (country_code, verified_on);

CREATE TABLE service_terms (
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (service_id, kind, code)
);

-- Every version of a record, whole (JSON), with who made it and what changed.
CREATE TABLE service_versions (
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    -- Comma-separated names of the fields that differ from the version before.
    changed TEXT NOT NULL,
    -- 'form', 'import', 'verified'.
    origin TEXT NOT NULL,
    changed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (service_id, version)
);

-- "This is wrong": what a signed-in reader reported, and what the country's editors did.
CREATE TABLE service_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    reported_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reported_at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'applied', 'dismissed')),
    response TEXT NOT NULL,
    reviewed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reviewed_at INTEGER
);
CREATE INDEX service_corrections_open ON service_corrections (status, service_id);

-- Library documents that describe a service.
CREATE TABLE service_documents (
    service_id INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, document_id)
);

-- A CSV import that was written (dry runs and refused files write nothing).
CREATE TABLE service_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    imported_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    imported_at INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    row_count INTEGER NOT NULL
);

-- The vocabulary as DOMAIN.md gives it (modalities and special populations are lists to
-- confirm: staff edit them).
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('modality', 'outreach', 1, 'Community-based outreach', 'Atención comunitaria de proximidad', 'Abordagem comunitária', 'Intervention communautaire de proximité');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('modality', 'sbirt', 2, 'Screening, brief intervention and referral', 'Tamizaje, intervención breve y derivación', 'Rastreio, intervenção breve e encaminhamento', 'Dépistage, intervention brève et orientation');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('modality', 'outpatient', 3, 'Outpatient (psychosocial and pharmacological)', 'Ambulatorio (psicosocial y farmacológico)', 'Ambulatorial (psicossocial e farmacológico)', 'Ambulatoire (psychosocial et pharmacologique)');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('modality', 'oat', 4, 'Opioid agonist maintenance', 'Tratamiento de mantenimiento con agonistas opioides', 'Manutenção com agonistas opioides', 'Traitement d''entretien par agonistes opioïdes');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('modality', 'short_residential', 5, 'Short-term inpatient or residential (intoxication, withdrawal, stabilisation)', 'Internamiento breve (intoxicación, abstinencia, estabilización)', 'Internação breve (intoxicação, abstinência, estabilização)', 'Hospitalisation courte (intoxication, sevrage, stabilisation)');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('modality', 'long_residential', 6, 'Long-term residential (including therapeutic communities)', 'Residencial de larga estancia (incluidas comunidades terapéuticas)', 'Residencial de longa permanência (incluindo comunidades terapêuticas)', 'Résidentiel de longue durée (y compris communautés thérapeutiques)');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('modality', 'recovery', 7, 'Recovery management and social reintegration', 'Apoyo a la recuperación y reintegración social', 'Apoio à recuperação e reinserção social', 'Soutien au rétablissement et réinsertion sociale');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('medication', 'methadone', 1, 'Methadone', 'Metadona', 'Metadona', 'Méthadone');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('medication', 'buprenorphine', 2, 'Buprenorphine', 'Buprenorfina', 'Buprenorfina', 'Buprénorphine');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('medication', 'naltrexone', 3, 'Naltrexone', 'Naltrexona', 'Naltrexona', 'Naltrexone');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('medication', 'naloxone', 4, 'Naloxone', 'Naloxona', 'Naloxona', 'Naloxone');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'women', 1, 'Women', 'Mujeres', 'Mulheres', 'Femmes');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'men', 2, 'Men', 'Hombres', 'Homens', 'Hommes');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'children', 3, 'Children (under 12)', 'Niñas y niños (menores de 12)', 'Crianças (menores de 12)', 'Enfants (moins de 12 ans)');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'adolescents', 4, 'Adolescents (12–17)', 'Adolescentes (12–17)', 'Adolescentes (12–17)', 'Adolescents (12–17 ans)');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'adults', 5, 'Adults', 'Personas adultas', 'Adultos', 'Adultes');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'older_adults', 6, 'Older adults', 'Personas mayores', 'Pessoas idosas', 'Personnes âgées');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'pregnant', 7, 'Pregnant women', 'Mujeres embarazadas', 'Gestantes', 'Femmes enceintes');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'justice', 8, 'People in contact with the criminal justice system', 'Personas en contacto con el sistema de justicia penal', 'Pessoas em contato com o sistema de justiça criminal', 'Personnes en contact avec le système de justice pénale');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'co_occurring', 9, 'People with co-occurring mental or physical conditions', 'Personas con trastornos mentales o físicos concurrentes', 'Pessoas com comorbidades mentais ou físicas', 'Personnes ayant des troubles mentaux ou physiques concomitants');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'sex_workers', 10, 'Sex workers', 'Trabajadoras y trabajadores sexuales', 'Profissionais do sexo', 'Travailleuses et travailleurs du sexe');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'lgbti', 11, 'People of diverse sexual and gender identities', 'Personas de identidades sexuales y de género diversas', 'Pessoas de identidades sexuais e de gênero diversas', 'Personnes d''identités sexuelles et de genre diverses');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'homeless', 12, 'Homeless and other marginalised people', 'Personas en situación de calle y otros grupos marginados', 'Pessoas em situação de rua e outros grupos marginalizados', 'Personnes sans abri et autres groupes marginalisés');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('population', 'indigenous', 13, 'Indigenous peoples', 'Pueblos indígenas', 'Povos indígenas', 'Peuples autochtones');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('language', 'en', 1, 'English', 'Inglés', 'Inglês', 'Anglais');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('language', 'es', 2, 'Spanish', 'Español', 'Espanhol', 'Espagnol');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('language', 'pt', 3, 'Portuguese', 'Portugués', 'Português', 'Portugais');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('language', 'fr', 4, 'French', 'Francés', 'Francês', 'Français');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('payment', 'free', 1, 'Free (public)', 'Gratuito (público)', 'Gratuito (público)', 'Gratuit (public)');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('payment', 'social_insurance', 2, 'Social insurance', 'Seguro social', 'Seguro social', 'Assurance sociale');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('payment', 'private_insurance', 3, 'Private insurance', 'Seguro privado', 'Seguro privado', 'Assurance privée');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('payment', 'out_of_pocket', 4, 'Out of pocket', 'Pago de bolsillo', 'Pagamento direto', 'À la charge du patient');
INSERT INTO directory_terms (kind, code, position, label_en, label_es, label_pt, label_fr) VALUES ('payment', 'sliding_scale', 5, 'Sliding scale', 'Tarifa según ingresos', 'Tarifa conforme a renda', 'Tarif selon les revenus');
