-- The corpus: one row per document, live or removed, and the corpus version.
-- Portable between SQLite and PostgreSQL: every integer is BIGINT, every string TEXT.

-- One row: the version of the corpus, bumped by every write transaction.
CREATE TABLE corpus_state (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO corpus_state (id, version) VALUES (1, 0);

-- A removed document keeps its row, emptied, with the version that removed it, so that a
-- replica catching up from any version learns of the removal.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    published TEXT NOT NULL,
    date_basis TEXT,
    url TEXT,
    body TEXT NOT NULL,
    -- The version of the write that last changed the row.
    version BIGINT NOT NULL,
    -- The version of the write that created the document, and its place in that write: the
    -- corpus's order.
    created BIGINT NOT NULL,
    place BIGINT NOT NULL,
    removed BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX documents_by_version ON documents (version);
