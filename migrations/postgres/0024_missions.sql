-- Missions to countries (seed 000, activity 7: supervision visits to drug demand reduction
-- services at a scope level — system, strategy, programme or service): who goes, when,
-- what for, what it serves, the checklist prepared from its scope, notes per service
-- visited, the report with its revisions and approval, and the follow-up actions it put in
-- the country's plans. Seen only by its team, the country's focal points and staff.

CREATE TABLE missions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries(code),
    title TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('system', 'strategy', 'programme', 'service')),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL CHECK (ends_on >= starts_on),
    objectives TEXT NOT NULL DEFAULT '',
    -- The assessment instrument whose criteria make the checklist of service visits.
    version_id BIGINT REFERENCES qa_versions(id),
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_preparation',
        'under_way', 'report_in_review', 'closed')),
    -- The report's revision approved, which closes the mission.
    approved_revision BIGINT,
    approved_by BIGINT REFERENCES users(id),
    approved_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX missions_country ON missions (country_code, starts_on);
CREATE INDEX missions_dates ON missions (starts_on);

-- Staff or experts (people listed in the network directory with their expertise).
CREATE TABLE mission_team (
    mission_id BIGINT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('staff', 'expert')),
    PRIMARY KEY (mission_id, user_id)
);
CREATE INDEX mission_team_user ON mission_team (user_id);

-- The plan actions and technical-assistance requests a mission serves.
CREATE TABLE mission_serves (
    mission_id BIGINT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('action', 'request')),
    target_id BIGINT NOT NULL,
    PRIMARY KEY (mission_id, kind, target_id)
);

-- Services visited, with the team's notes of the visit.
CREATE TABLE mission_visits (
    mission_id BIGINT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
    service_id BIGINT NOT NULL REFERENCES services(id),
    visit_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    notes_by BIGINT REFERENCES users(id),
    notes_at BIGINT,
    PRIMARY KEY (mission_id, service_id)
);

-- The checklist: fixed items of the mission's scope (`item` a code the interface names)
-- and, per service visited, the instrument's criteria (`criterion_id`).
CREATE TABLE mission_checklist (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mission_id BIGINT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    item TEXT NOT NULL DEFAULT '',
    service_id BIGINT REFERENCES services(id),
    criterion_id BIGINT REFERENCES qa_items(id),
    done BIGINT NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    done_by BIGINT REFERENCES users(id),
    done_at BIGINT
);
CREATE INDEX mission_checklist_mission ON mission_checklist (mission_id, position);

-- Every saved revision of the report; the newest is the draft until one is approved.
CREATE TABLE mission_reports (
    mission_id BIGINT NOT NULL REFERENCES missions(id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    body TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    author_id BIGINT NOT NULL REFERENCES users(id),
    written_at BIGINT NOT NULL,
    PRIMARY KEY (mission_id, revision)
);

-- A follow-up action: the mission whose finding put it in the plan.
ALTER TABLE plan_actions ADD COLUMN mission_id BIGINT REFERENCES missions(id) ON DELETE SET NULL;

-- The secret part of a staff member's calendar-feed address. Kept as it is, not digested,
-- because its owner must be able to copy the address again (as calendar services show
-- theirs); it reads only mission dates, stops working when its owner is no longer staff,
-- and a new one replaces it.
CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
