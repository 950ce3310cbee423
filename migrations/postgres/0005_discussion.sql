-- Threads in spaces and their posts, nested as a tree; earlier versions of edited posts;
-- how far each person has read each thread.

CREATE TABLE threads (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    -- when the last post arrived: the order of a space's thread list
    last_post_at BIGINT NOT NULL,
    -- highest post number given out in this thread
    last_seq BIGINT NOT NULL DEFAULT 0,
    pinned BIGINT NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    locked BIGINT NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    -- hidden by a moderator: only moderators still see it
    hidden BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    deleted_at BIGINT
);
CREATE INDEX threads_space ON threads (space_id, pinned, last_post_at);

-- `seq` numbers the posts of a thread in the order they were written (1 is the opening
-- post); `path` is the seqs from the root down to this post, each zero-padded to eight
-- digits and joined by '.', so ordering by path lists the tree depth-first.
CREATE TABLE posts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    thread_id BIGINT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES posts(id),
    seq BIGINT NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    depth BIGINT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    body_md TEXT NOT NULL,
    -- the sanitised HTML of body_md, rendered once when it was written
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT,
    hidden BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    UNIQUE (thread_id, seq),
    UNIQUE (thread_id, path)
);
CREATE INDEX posts_author ON posts (author_id, created_at);

-- The text a post had before each edit.
CREATE TABLE post_revisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- who wrote this version, and when
    author_id BIGINT NOT NULL REFERENCES users(id),
    written_at BIGINT NOT NULL
);
CREATE INDEX post_revisions_post ON post_revisions (post_id, id);

CREATE TABLE thread_reads (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    thread_id BIGINT NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    last_read_seq BIGINT NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

-- Text being written (a new thread, a reply, an edit), kept between a preview or a refused
-- attempt and the next try, so nothing typed is lost. `target` names the form, e.g.
-- 'space:3', 'reply:12:0' (thread 12, top level) or 'edit:40'.
CREATE TABLE compose_drafts (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, target)
);
