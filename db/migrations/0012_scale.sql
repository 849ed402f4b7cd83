CREATE TABLE "answer_choice_counts" (
	"question_id" uuid NOT NULL,
	"choice" text,
	"slot" smallint NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "answer_choice_counts_unique" UNIQUE NULLS NOT DISTINCT("question_id","choice","slot")
);
--> statement-breakpoint
CREATE TABLE "export_file_chunks" (
	"job_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "export_file_chunks_job_id_seq_pk" PRIMARY KEY("job_id","seq")
);
--> statement-breakpoint
ALTER TABLE "answer_choice_counts" ADD CONSTRAINT "answer_choice_counts_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "export_file_chunks" ADD CONSTRAINT "export_file_chunks_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- answer_choice_counts is kept by statement triggers on answers, in the writing transaction: one
-- grouped upsert per statement (rows in a fixed order, so concurrent writers lock in the same
-- order), into the slot of the writing connection (pg_backend_pid() % 8).
CREATE FUNCTION answer_choice_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO answer_choice_counts (question_id, choice, slot, n)
      SELECT question_id, choice, (pg_backend_pid() % 8)::smallint, count(*)::int FROM new_rows
      GROUP BY question_id, choice ORDER BY question_id, choice
      ON CONFLICT (question_id, choice, slot) DO UPDATE SET n = answer_choice_counts.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO answer_choice_counts (question_id, choice, slot, n)
      SELECT question_id, choice, (pg_backend_pid() % 8)::smallint, -count(*)::int FROM old_rows
      GROUP BY question_id, choice ORDER BY question_id, choice
      ON CONFLICT (question_id, choice, slot) DO UPDATE SET n = answer_choice_counts.n + excluded.n;
  ELSE
    INSERT INTO answer_choice_counts (question_id, choice, slot, n)
      SELECT question_id, choice, (pg_backend_pid() % 8)::smallint, sum(d)::int FROM (
        SELECT question_id, choice, 1 AS d FROM new_rows
        UNION ALL SELECT question_id, choice, -1 AS d FROM old_rows
      ) changes
      GROUP BY question_id, choice HAVING sum(d) <> 0 ORDER BY question_id, choice
      ON CONFLICT (question_id, choice, slot) DO UPDATE SET n = answer_choice_counts.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER answers_choice_counts_insert AFTER INSERT ON answers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_choice_counts_apply();
--> statement-breakpoint
CREATE TRIGGER answers_choice_counts_update AFTER UPDATE ON answers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_choice_counts_apply();
--> statement-breakpoint
CREATE TRIGGER answers_choice_counts_delete AFTER DELETE ON answers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION answer_choice_counts_apply();
--> statement-breakpoint
-- The counts of the answers already stored (the triggers above count every later change).
LOCK TABLE answers IN SHARE MODE;
--> statement-breakpoint
INSERT INTO answer_choice_counts (question_id, choice, slot, n)
  SELECT question_id, choice, 0, count(*)::int FROM answers GROUP BY question_id, choice;
