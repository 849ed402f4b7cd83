-- Hand-written (issue 21): btree_gin lets one GIN index hold a plain column beside a tsvector,
-- so the next migration's answers_search_idx on (question_id, search) finds a word's matches
-- within one question without reading every answer of that question or every match of the word.
-- btree_gin ships with Postgres (contrib) and is a trusted extension (a database owner may create
-- it); PGlite loads it in db/client.ts. It must exist before 0015 creates the index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
