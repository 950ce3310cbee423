-- Comments on a plan's objectives and actions go to a thread in the plan's space, started
-- by the first comment; the item keeps which thread is its discussion.
ALTER TABLE plan_objectives ADD COLUMN thread_id INTEGER REFERENCES threads(id) ON DELETE SET NULL;
ALTER TABLE plan_actions ADD COLUMN thread_id INTEGER REFERENCES threads(id) ON DELETE SET NULL;
