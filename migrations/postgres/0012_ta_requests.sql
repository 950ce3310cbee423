-- Technical-assistance requests: a country asks the programme's staff for help; staff work
-- them from a queue. The conversation is an ordinary thread in the country's own
-- request space (spaces.ta_country), which the country's members and staff may read.

ALTER TABLE spaces ADD COLUMN ta_country TEXT REFERENCES countries(code);
CREATE UNIQUE INDEX spaces_ta_country ON spaces (ta_country);

CREATE TABLE ta_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries(code),
    requester_id BIGINT NOT NULL REFERENCES users(id),
    topic TEXT NOT NULL CHECK (topic IN ('treatment_guidelines', 'workforce_training',
        'quality_assurance', 'indicators', 'operational_planning', 'funding', 'other')),
    title TEXT NOT NULL,
    urgency TEXT NOT NULL CHECK (urgency IN ('low', 'normal', 'high', 'urgent')),
    -- When the country would like an answer (YYYY-MM-DD), if it said.
    desired_date TEXT,
    -- When staff owe an answer: from the urgency, changeable by staff.
    due_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'triaged', 'in_progress',
        'waiting', 'answered', 'closed')),
    assignee_id BIGINT REFERENCES users(id),
    -- The conversation; its opening post is the request's description.
    thread_id BIGINT NOT NULL UNIQUE REFERENCES threads(id),
    answer_post_id BIGINT REFERENCES posts(id),
    rating TEXT CHECK (rating IN ('satisfied', 'unsatisfied')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    answered_at BIGINT,
    closed_at BIGINT
);
CREATE INDEX ta_requests_status ON ta_requests (status, due_at);
CREATE INDEX ta_requests_country ON ta_requests (country_code, created_at);
CREATE INDEX ta_requests_assignee ON ta_requests (assignee_id, status);

-- Related pages of the platform and attachments, by link.
CREATE TABLE ta_request_links (
    request_id BIGINT NOT NULL REFERENCES ta_requests(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (request_id, position)
);

-- Every change, with who and when: filed, status, assignee, due date, answer, rating.
CREATE TABLE ta_request_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES ta_requests(id) ON DELETE CASCADE,
    actor_id BIGINT REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('filed', 'status', 'reopened', 'assigned',
        'due', 'answer', 'rated')),
    from_value TEXT,
    to_value TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX ta_request_events_request ON ta_request_events (request_id, id);

-- Staff's internal notes: never shown to the country.
CREATE TABLE ta_request_notes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES ta_requests(id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES users(id),
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ta_request_notes_request ON ta_request_notes (request_id, id);

-- Replies staff insert often, in any language.
CREATE TABLE canned_replies (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title TEXT NOT NULL,
    body_md TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);
