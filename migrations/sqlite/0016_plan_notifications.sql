-- Notifications about more than posts: a plan's check-in falls due, or becomes overdue,
-- and the country's focal points hear of it. A notification is about exactly one subject
-- (a post or a check-in). SQLite cannot alter a column's constraints, so the table is
-- rebuilt with its rows.

CREATE TABLE notifications_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'watched', 'checkin_due', 'checkin_overdue')),
    actor_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    post_id INTEGER REFERENCES posts(id) ON DELETE CASCADE,
    checkin_id INTEGER REFERENCES plan_checkins(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    CHECK ((post_id IS NULL) <> (checkin_id IS NULL)),
    -- one notification per person and post, whatever else it was also for
    UNIQUE (user_id, post_id),
    -- a check-in tells each person once that it is due and once that it is overdue
    UNIQUE (user_id, checkin_id, kind)
);
INSERT INTO notifications_new (id, user_id, kind, actor_id, post_id, created_at, read_at)
    SELECT id, user_id, kind, actor_id, post_id, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_unread ON notifications (user_id, read_at, id);
