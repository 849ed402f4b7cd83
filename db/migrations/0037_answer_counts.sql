CREATE TABLE "answer_counts" (
	"question_id" uuid NOT NULL,
	"slot" smallint NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	"with_text" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "answer_counts_question_id_slot_pk" PRIMARY KEY("question_id","slot")
);
--> statement-breakpoint
ALTER TABLE "answer_counts" ADD CONSTRAINT "answer_counts_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- answer_counts is kept by statement triggers on answers, in the writing transaction, as
-- answer_choice_counts is (0012): one grouped upsert per statement, rows in question order (so
-- concurrent writers lock in the same order), into the writing connection's slot: one of 32, as
-- published_counts (0020), since every question's row is written by every submission here, open
-- ones included, so that a pool's connections rarely share one. Joined to the
-- questions so that a question deleted with its answers (by cascade) is not counted again: its
-- counts go with it.
CREATE FUNCTION answer_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO answer_counts (question_id, slot, n, with_text)
      SELECT ch.question_id, (pg_backend_pid() % 32)::smallint, count(*)::int, count(*) FILTER (WHERE ch.value_text <> '')::int
      FROM new_rows ch JOIN questions q ON q.id = ch.question_id
      GROUP BY ch.question_id ORDER BY ch.question_id
      ON CONFLICT (question_id, slot) DO UPDATE SET n = answer_counts.n + excluded.n, with_text = answer_counts.with_text + excluded.with_text;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO answer_counts (question_id, slot, n, with_text)
      SELECT ch.question_id, (pg_backend_pid() % 32)::smallint, -count(*)::int, -(count(*) FILTER (WHERE ch.value_text <> ''))::int
      FROM old_rows ch JOIN questions q ON q.id = ch.question_id
      GROUP BY ch.question_id ORDER BY ch.question_id
      ON CONFLICT (question_id, slot) DO UPDATE SET n = answer_counts.n + excluded.n, with_text = answer_counts.with_text + excluded.with_text;
  ELSE
    -- An update changes a count only where an answer's text became empty or stopped being so
    -- (an autosave's usual update changes none, and writes nothing here).
    INSERT INTO answer_counts (question_id, slot, n, with_text)
      SELECT ch.question_id, (pg_backend_pid() % 32)::smallint, sum(ch.d)::int, sum(ch.t)::int FROM (
        SELECT question_id, 1 AS d, (value_text <> '')::int AS t FROM new_rows
        UNION ALL SELECT question_id, -1 AS d, -((value_text <> '')::int) AS t FROM old_rows
      ) ch JOIN questions q ON q.id = ch.question_id
      GROUP BY ch.question_id HAVING sum(ch.d) <> 0 OR sum(ch.t) <> 0 ORDER BY ch.question_id
      ON CONFLICT (question_id, slot) DO UPDATE SET n = answer_counts.n + excluded.n, with_text = answer_counts.with_text + excluded.with_text;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER answers_counts_insert AFTER INSERT ON answers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_counts_apply();
--> statement-breakpoint
CREATE TRIGGER answers_counts_update AFTER UPDATE ON answers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_counts_apply();
--> statement-breakpoint
CREATE TRIGGER answers_counts_delete AFTER DELETE ON answers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_counts_apply();
--> statement-breakpoint
-- The counts of the answers already stored (the triggers above count every later change).
LOCK TABLE answers IN SHARE MODE;
--> statement-breakpoint
INSERT INTO answer_counts (question_id, slot, n, with_text)
  SELECT question_id, 0, count(*)::int, count(*) FILTER (WHERE value_text <> '')::int FROM answers GROUP BY question_id;
