-- Profiles (languages, a short bio), notifications, and how closely people follow a space.

ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN bio_md TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN bio_html TEXT NOT NULL DEFAULT '';

-- Something happened that concerns this person: a mention, a reply to their post, a new
-- post in a space they watch.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'watched')),
    actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    -- one notification per person and post, whatever else it was also for
    UNIQUE (user_id, post_id)
);
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);

-- watching: every new post; normal: mentions and replies; muted: nothing.
CREATE TABLE space_watch (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('watching', 'normal', 'muted')),
    PRIMARY KEY (user_id, space_id)
);
