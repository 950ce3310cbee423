-- Email: how each person wants to hear by email, and the queue of messages to send. A
-- notification's email is queued in the transaction that writes the notification, so no
-- acknowledged notification is ever without its email; the sender re-checks, when it
-- sends, that the person may still read what it names.

CREATE TABLE email_preferences (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    -- an email for each notification, shortly after it (unless read on the site first)
    each_notification INTEGER NOT NULL DEFAULT 1,
    -- one email a day listing what is still unread
    daily_digest INTEGER NOT NULL DEFAULT 0,
    -- en, es, pt or fr ('' = from the person's profile languages, else English)
    language TEXT NOT NULL DEFAULT '',
    -- the secret in the one-click unsubscribe link of every email to this person
    unsubscribe_token TEXT NOT NULL UNIQUE,
    updated_at INTEGER NOT NULL
);

CREATE TABLE email_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- one notification's email, or the digest of one day (the person's local date)
    notification_id INTEGER REFERENCES notifications(id) ON DELETE CASCADE,
    digest_day TEXT,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    -- a sender working on the row holds it until then (several instances share the queue)
    lease_until INTEGER NOT NULL DEFAULT 0,
    sent_at INTEGER,
    -- not sent, and never will be: `outcome` says why
    dropped_at INTEGER,
    outcome TEXT NOT NULL DEFAULT '',
    CHECK ((notification_id IS NULL) <> (digest_day IS NULL)),
    UNIQUE (notification_id),
    UNIQUE (user_id, digest_day)
);
CREATE INDEX email_outbox_due ON email_outbox (sent_at, dropped_at, next_attempt_at);
