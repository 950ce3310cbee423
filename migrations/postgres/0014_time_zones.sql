-- A person's time zone, an IANA name chosen on their profile ('' = none chosen: their
-- country's capital's zone, else UTC). Pages show instants as days in it.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
