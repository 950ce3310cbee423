-- Notifications about more than posts: a plan's check-in falls due, or becomes overdue,
-- and the country's focal points hear of it. A notification is about exactly one subject
-- (a post or a check-in).

ALTER TABLE notifications ALTER COLUMN post_id DROP NOT NULL;
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
    CHECK (kind IN ('mention', 'reply', 'watched', 'checkin_due', 'checkin_overdue'));
ALTER TABLE notifications ADD COLUMN checkin_id BIGINT REFERENCES plan_checkins(id) ON DELETE CASCADE;
ALTER TABLE notifications ADD CONSTRAINT notifications_one_subject
    CHECK ((post_id IS NULL) <> (checkin_id IS NULL));
-- a check-in tells each person once that it is due and once that it is overdue
ALTER TABLE notifications ADD CONSTRAINT notifications_checkin_once UNIQUE (user_id, checkin_id, kind);
