-- Country publishers, requests to join a space, and admins' invitation links.

-- A country publisher may publish to the library on behalf of these countries.
CREATE TABLE country_publishers (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, country_code)
);

-- Someone who can see a space asks its owners to let them in.
CREATE TABLE space_join_requests (
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    PRIMARY KEY (space_id, user_id)
);

-- An invitation link lets one person create an account even when sign-up is closed.
-- Only the SHA-256 of the link's token is kept.
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('admin', 'ta_staff', 'member')),
    country_code TEXT REFERENCES countries(code),
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    used_at INTEGER
);
