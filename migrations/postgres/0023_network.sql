-- The network directory (seed 000: the network of working groups and focal points that
-- ties the countries together): spaces their owners mark as working groups, with a
-- topic, the countries taking part and how to join; and the people who chose to be
-- listed, with their position and expertise. Nobody is listed but by their own choice.

CREATE TABLE working_groups (
    space_id BIGINT PRIMARY KEY REFERENCES spaces(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    how_to_join TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

CREATE TABLE working_group_countries (
    space_id BIGINT NOT NULL REFERENCES working_groups(space_id) ON DELETE CASCADE,
    country_code TEXT NOT NULL REFERENCES countries(code),
    PRIMARY KEY (space_id, country_code)
);
CREATE INDEX working_group_countries_country ON working_group_countries (country_code);

-- One row per person who chose to be listed; removing it unlists them.
CREATE TABLE network_listings (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    position TEXT NOT NULL DEFAULT '',
    expertise TEXT NOT NULL DEFAULT '',
    listed_at BIGINT NOT NULL
);
