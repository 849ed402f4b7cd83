-- Hand-written (issue 18): moderation rows are now made when a response is submitted, edited or
-- changes its consent (lib/public/moderation-queue.ts), no longer when an officer opens the queue.
-- This brings an existing database to the state those writes keep: every non-empty free-text
-- answer of a submitted, consenting response has a row; rows of responses that no longer consent,
-- or of answers now empty or gone, are removed. A row whose answer changed since it was
-- moderated goes back to pending with the current text (its redactions are cleared: they were
-- offsets into the old text, and a pending answer is never public; the officer redacts again).
WITH kept AS (
  SELECT a.response_id, a.question_id, r.consultation_id,
    CASE q.type WHEN 'long_text' THEN a.value #>> '{}' WHEN 'short_text' THEN a.value #>> '{}'
      WHEN 'yes_no' THEN a.value ->> 'explanation' WHEN 'rag_status' THEN a.value ->> 'commentary' END AS text
  FROM answers a
  JOIN responses r ON r.id = a.response_id
  JOIN questions q ON q.id = a.question_id
  WHERE r.status = 'submitted' AND r.publish_consent IN ('named', 'anonymous')
    AND q.type IN ('long_text', 'short_text', 'yes_no', 'rag_status')
)
DELETE FROM answer_moderations m
WHERE NOT EXISTS (
  SELECT 1 FROM kept WHERE kept.response_id = m.response_id AND kept.question_id = m.question_id AND coalesce(kept.text, '') <> ''
);
--> statement-breakpoint
UPDATE answer_moderations m
SET state = 'pending', moderated_text = cur.text, redactions = '[]'::jsonb, published_text = NULL, version = m.version + 1
FROM (
  SELECT a.response_id, a.question_id,
    CASE q.type WHEN 'long_text' THEN a.value #>> '{}' WHEN 'short_text' THEN a.value #>> '{}'
      WHEN 'yes_no' THEN a.value ->> 'explanation' WHEN 'rag_status' THEN a.value ->> 'commentary' END AS text
  FROM answers a JOIN questions q ON q.id = a.question_id
) cur
WHERE cur.response_id = m.response_id AND cur.question_id = m.question_id AND cur.text IS DISTINCT FROM m.moderated_text;
--> statement-breakpoint
INSERT INTO answer_moderations (response_id, question_id, consultation_id, moderated_text)
SELECT a.response_id, a.question_id, r.consultation_id,
  CASE q.type WHEN 'long_text' THEN a.value #>> '{}' WHEN 'short_text' THEN a.value #>> '{}'
    WHEN 'yes_no' THEN a.value ->> 'explanation' WHEN 'rag_status' THEN a.value ->> 'commentary' END
FROM answers a
JOIN responses r ON r.id = a.response_id
JOIN questions q ON q.id = a.question_id
WHERE r.status = 'submitted' AND r.publish_consent IN ('named', 'anonymous')
  AND q.type IN ('long_text', 'short_text', 'yes_no', 'rag_status')
  AND coalesce(CASE q.type WHEN 'long_text' THEN a.value #>> '{}' WHEN 'short_text' THEN a.value #>> '{}'
    WHEN 'yes_no' THEN a.value ->> 'explanation' WHEN 'rag_status' THEN a.value ->> 'commentary' END, '') <> ''
ON CONFLICT DO NOTHING;
