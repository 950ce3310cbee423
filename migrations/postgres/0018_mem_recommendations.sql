-- The Multilateral Evaluation Mechanism's recommendations to each country, round by round
-- (a small register kept by programme staff and the country's focal points), and which of
-- them a plan's objectives and actions answer.
CREATE TABLE mem_recommendations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    country_code TEXT NOT NULL REFERENCES countries(code),
    -- The evaluation round, as the MEM names it (e.g. its year).
    round TEXT NOT NULL,
    -- The recommendation's number or code in the round's report.
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (country_code, round, code)
);

CREATE TABLE plan_objective_citations (
    objective_id BIGINT NOT NULL REFERENCES plan_objectives(id) ON DELETE CASCADE,
    recommendation_id BIGINT NOT NULL REFERENCES mem_recommendations(id) ON DELETE CASCADE,
    PRIMARY KEY (objective_id, recommendation_id)
);

CREATE TABLE plan_action_citations (
    action_id BIGINT NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    recommendation_id BIGINT NOT NULL REFERENCES mem_recommendations(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, recommendation_id)
);
