-- Drafts written together in a space (an operational plan, a protocol): every save is a
-- numbered revision; each draft has a comment thread of its own.

CREATE TABLE drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'approved')),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- number of the newest revision; a save names the revision it started from and is
    -- refused unless that is still this one
    current_revision INTEGER NOT NULL DEFAULT 0,
    -- where the draft is discussed
    thread_id INTEGER REFERENCES threads(id)
);
CREATE INDEX drafts_space ON drafts (space_id, updated_at);

CREATE TABLE draft_revisions (
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body_md TEXT NOT NULL,
    -- rendered once, when the revision was saved
    body_html TEXT NOT NULL,
    PRIMARY KEY (draft_id, number)
);

-- A draft's comment thread is not listed among the space's discussions.
ALTER TABLE threads ADD COLUMN for_draft INTEGER NOT NULL DEFAULT 0;
