-- The outbox of live events: written in the same transaction as the change it announces,
-- so an event exists exactly when its change committed. Ids only grow, in commit order
-- (SQLite has one writer at a time), which is what lets a client that reconnects ask for
-- everything after the last id it saw. Rows carry ids, never text: a client reads the
-- text through the pages, which check access. Old rows are pruned.
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- 'space:3', 'thread:12', 'draft:5', 'user:7'
    room TEXT NOT NULL,
    kind TEXT NOT NULL,
    -- JSON object of ids and numbers
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX events_room ON events (room, id);
CREATE INDEX events_created ON events (created_at);
