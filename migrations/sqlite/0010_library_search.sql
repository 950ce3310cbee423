-- The library gets what the importer and the pages need (rendered HTML, topics, where a
-- document came from), and search gets its outbox.

-- Rendered once when the document is imported or approved, never on every view.
ALTER TABLE documents ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
-- 'content/en/levels-of-care.md' for documents imported from files, NULL for documents
-- published through the web.
ALTER TABLE documents ADD COLUMN content_path TEXT;
-- Hash of the imported file: re-import skips files whose hash did not change.
ALTER TABLE documents ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX documents_translation ON documents (translation_key);
CREATE INDEX documents_filters ON documents (language, kind, country_code);

CREATE TABLE document_topics (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    PRIMARY KEY (document_id, topic)
);
CREATE INDEX document_topics_topic ON document_topics (topic, document_id);

-- The search outbox: every write that changes searchable text (or who may see it) queues
-- the entity here in the same transaction; the index worker reads the entity's current
-- state, updates the index and deletes the rows it handled. With the engine down the rows
-- wait, so the index catches up when it returns.
CREATE TABLE search_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 'document:3', 'thread:12', 'post:40', 'draft:5', 'space:2' (everything in a space)
    entity TEXT NOT NULL,
    queued_at INTEGER NOT NULL
);
