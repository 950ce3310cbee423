-- Space descriptions are markdown; their sanitised HTML is kept beside them (rendered when
-- written; rows written before this are filled in at start-up).
ALTER TABLE spaces ADD COLUMN description_html TEXT NOT NULL DEFAULT '';
