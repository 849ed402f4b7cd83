-- Custom SQL migration (drizzle-kit generate --custom): answer_choice_counts counts the answers
-- of closed questions only. The summary is read for closed questions alone (lib/collation
-- summariseByChoice), but the triggers of 0012 upserted a row for every answer written: a
-- submission of 35 answers made 35 upserts where 7 were closed, and each short open answer
-- (a string of up to 100 characters is its own "choice") added a row that was never read.
-- The closed types are lib/collation CLOSED_QUESTION_TYPES. A question whose type changes
-- (refused by the editor once it has answers, but the database keeps the summary exact anyway)
-- has its counts rebuilt from its answers.
CREATE OR REPLACE FUNCTION answer_choice_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO answer_choice_counts (question_id, choice, slot, n)
      SELECT ch.question_id, ch.choice, (pg_backend_pid() % 8)::smallint, count(*)::int FROM new_rows ch
      JOIN questions q ON q.id = ch.question_id
        AND q.type IN ('single_choice', 'multiple_choice', 'agreement_scale', 'yes_no', 'rag_status', 'ranking')
      GROUP BY ch.question_id, ch.choice ORDER BY ch.question_id, ch.choice
      ON CONFLICT (question_id, choice, slot) DO UPDATE SET n = answer_choice_counts.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO answer_choice_counts (question_id, choice, slot, n)
      SELECT ch.question_id, ch.choice, (pg_backend_pid() % 8)::smallint, -count(*)::int FROM old_rows ch
      JOIN questions q ON q.id = ch.question_id
        AND q.type IN ('single_choice', 'multiple_choice', 'agreement_scale', 'yes_no', 'rag_status', 'ranking')
      GROUP BY ch.question_id, ch.choice ORDER BY ch.question_id, ch.choice
      ON CONFLICT (question_id, choice, slot) DO UPDATE SET n = answer_choice_counts.n + excluded.n;
  ELSE
    INSERT INTO answer_choice_counts (question_id, choice, slot, n)
      SELECT ch.question_id, ch.choice, (pg_backend_pid() % 8)::smallint, sum(ch.d)::int FROM (
        SELECT question_id, choice, 1 AS d FROM new_rows
        UNION ALL SELECT question_id, choice, -1 AS d FROM old_rows
      ) ch
      JOIN questions q ON q.id = ch.question_id
        AND q.type IN ('single_choice', 'multiple_choice', 'agreement_scale', 'yes_no', 'rag_status', 'ranking')
      GROUP BY ch.question_id, ch.choice HAVING sum(ch.d) <> 0 ORDER BY ch.question_id, ch.choice
      ON CONFLICT (question_id, choice, slot) DO UPDATE SET n = answer_choice_counts.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A change of type rebuilds the question's counts (none for an open question). Answers are
-- locked against writes first (SHARE: writers that started under the old type finish, later
-- ones wait for this transaction and then see the new type), so none is counted twice or missed.
CREATE FUNCTION answer_choice_counts_retype() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE answers IN SHARE MODE;
  DELETE FROM answer_choice_counts WHERE question_id = NEW.id;
  IF NEW.type IN ('single_choice', 'multiple_choice', 'agreement_scale', 'yes_no', 'rag_status', 'ranking') THEN
    INSERT INTO answer_choice_counts (question_id, choice, slot, n)
      SELECT question_id, choice, 0, count(*)::int FROM answers WHERE question_id = NEW.id GROUP BY question_id, choice;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER questions_choice_counts_retype AFTER UPDATE OF type ON questions
  FOR EACH ROW WHEN (OLD.type IS DISTINCT FROM NEW.type) EXECUTE FUNCTION answer_choice_counts_retype();
--> statement-breakpoint
-- The open questions' rows go (the replaced function above no longer adds to them).
LOCK TABLE answers IN SHARE MODE;
--> statement-breakpoint
DELETE FROM answer_choice_counts c USING questions q
  WHERE q.id = c.question_id
    AND q.type NOT IN ('single_choice', 'multiple_choice', 'agreement_scale', 'yes_no', 'rag_status', 'ranking');
