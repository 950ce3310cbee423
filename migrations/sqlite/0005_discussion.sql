-- Threads in spaces and their posts, nested as a tree; earlier versions of edited posts;
-- how far each person has read each thread.

CREATE TABLE threads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    -- when the last post arrived: the order of a space's thread list
    last_post_at INTEGER NOT NULL,
    -- highest post number given out in this thread
    last_seq INTEGER NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    -- hidden by a moderator: only moderators still see it
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    deleted_at INTEGER
);
CREATE INDEX threads_space ON threads (space_id, pinned, last_post_at);

-- `seq` numbers the posts of a thread in the order they were written (1 is the opening
-- post); `path` is the seqs from the root down to this post, each zero-padded to eight
-- digits and joined by '.', so ordering by path lists the tree depth-first.
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES posts(id),
    seq INTEGER NOT NULL,
    path TEXT NOT NULL,
    depth INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES users(id),
    body_md TEXT NOT NULL,
    -- the sanitised HTML of body_md, rendered once when it was written
    body_html TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    deleted_at INTEGER,
    hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
    UNIQUE (thread_id, seq),
    UNIQUE (thread_id, path)
);
CREATE INDEX posts_author ON posts (author_id, created_at);

-- The text a post had before each edit.
CREATE TABLE post_revisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    -- who wrote this version, and when
    author_id INTEGER NOT NULL REFERENCES users(id),
    written_at INTEGER NOT NULL
);
CREATE INDEX post_revisions_post ON post_revisions (post_id, id);

CREATE TABLE thread_reads (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
    last_read_seq INTEGER NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);

-- Text being written (a new thread, a reply, an edit), kept between a preview or a refused
-- attempt and the next try, so nothing typed is lost. `target` names the form, e.g.
-- 'space:3', 'reply:12:0' (thread 12, top level) or 'edit:40'.
CREATE TABLE compose_drafts (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, target)
);
