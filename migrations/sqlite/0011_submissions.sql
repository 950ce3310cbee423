-- Publishing through the web: a country publisher submits a guideline or best practice
-- written in a structured template; technical-assistance staff comment, ask for changes
-- or approve; approval publishes (or updates) a library document, whose revisions are
-- kept.

CREATE TABLE submissions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    country_code TEXT NOT NULL REFERENCES countries(code),
    language TEXT NOT NULL CHECK (language IN ('en', 'es', 'pt', 'fr')),
    kind TEXT NOT NULL CHECK (kind IN ('guideline', 'best_practice')),
    -- Comma-separated topic slugs.
    topics TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'changes_requested', 'approved')),
    author_id INTEGER NOT NULL REFERENCES users(id),
    -- The space draft it was promoted from, if any.
    from_draft_id INTEGER REFERENCES drafts(id),
    -- The library document its approval published.
    document_id INTEGER REFERENCES documents(id),
    current_revision INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX submissions_status ON submissions (status, updated_at);
CREATE INDEX submissions_country ON submissions (country_code, updated_at);

-- Every version the publisher wrote, field by field (the template's sections).
CREATE TABLE submission_revisions (
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    context TEXT NOT NULL,
    intervention TEXT NOT NULL,
    population TEXT NOT NULL,
    evidence TEXT NOT NULL,
    results TEXT NOT NULL,
    costs TEXT NOT NULL,
    contact TEXT NOT NULL,
    PRIMARY KEY (submission_id, number)
);

-- The review conversation: comments, requests for changes, approvals, resubmissions.
CREATE TABLE submission_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('comment', 'request_changes', 'approve', 'resubmit')),
    -- Which revision it is about.
    revision INTEGER NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX submission_reviews_submission ON submission_reviews (submission_id, id);

-- A published document's history: one row per approved version.
CREATE TABLE document_revisions (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    submission_revision INTEGER NOT NULL,
    approved_by INTEGER NOT NULL REFERENCES users(id),
    approved_at INTEGER NOT NULL,
    PRIMARY KEY (document_id, number)
);
