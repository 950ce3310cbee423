-- Sign-in through OpenID Connect providers.

-- One row per sign-in attempt between the redirect to the provider and its callback.
-- Keyed by the SHA-256 of `state`; deleted when the callback takes it (single use).
CREATE TABLE oidc_attempts (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    -- SHA-256 of the random value in the browser's attempt cookie: the callback must come
    -- from the browser that started the attempt.
    browser_hash TEXT NOT NULL,
    next_path TEXT NOT NULL DEFAULT '/',
    created_at BIGINT NOT NULL
);
CREATE INDEX oidc_attempts_created ON oidc_attempts (created_at);

-- Which provider account is which person: matched on issuer + subject, never on email.
CREATE TABLE user_identities (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX user_identities_user ON user_identities (user_id);
