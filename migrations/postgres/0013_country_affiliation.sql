-- A person's country is a verified fact (it grants access to the country's requests, plans
-- and assessments): set by admins, by an invitation that carries it, or asked for and
-- approved by staff or the country's focal points. Country-scoped roles (focal point,
-- publisher, directory editor) live in one table.

CREATE TABLE country_roles (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    role TEXT NOT NULL CHECK (role IN ('focal_point', 'publisher', 'directory_editor')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, country_code, role)
);
CREATE INDEX country_roles_country ON country_roles (country_code, role);

INSERT INTO country_roles (user_id, country_code, role, created_at)
    SELECT user_id, country_code, 'publisher', created_at FROM country_publishers;
DROP TABLE country_publishers;

-- Someone asks to be recognised as working for a country; staff or the country's focal
-- points decide. One pending request per person at a time.
CREATE TABLE affiliation_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined', 'withdrawn')),
    created_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    decided_at BIGINT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX affiliation_requests_pending ON affiliation_requests (status, country_code, created_at);
CREATE UNIQUE INDEX affiliation_requests_one_pending ON affiliation_requests (user_id) WHERE status = 'pending';
