CREATE TABLE "published_counts" (
	"consultation_id" uuid NOT NULL,
	"question_id" uuid,
	"option" text,
	"slot" smallint NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "published_counts_unique" UNIQUE NULLS NOT DISTINCT("consultation_id","question_id","option","slot")
);
--> statement-breakpoint
ALTER TABLE "answer_moderations" ADD COLUMN "published_search" "tsvector" GENERATED ALWAYS AS (case when published_text is not null then to_tsvector('simple', published_text) end) STORED;--> statement-breakpoint
ALTER TABLE "published_counts" ADD CONSTRAINT "published_counts_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "responses_published_idx" ON "responses" USING btree ("consultation_id","public_reference") WHERE "responses"."public_reference" is not null and "responses"."status" = 'submitted' and "responses"."publish_consent" in ('named', 'anonymous');--> statement-breakpoint
CREATE INDEX "answer_moderations_search_idx" ON "answer_moderations" USING gin ("consultation_id","published_search");--> statement-breakpoint
-- Hand-written below (issue 18): published_counts is kept by triggers in the writing transaction,
-- like answer_choice_counts (0012): grouped upserts in a fixed order, so concurrent writers lock
-- in the same order, into the slot of the writing connection (pg_backend_pid() % 32: the ten
-- connections of a pool rarely share one). A response
-- counts while it is submitted with consent to publish (named or anonymous); its closed answers
-- count then. The rows a change moves:
--   (consultation, null, null)      the published responses
--   (consultation, null, 'listed')  those with a public reference (the public responses pages list)
--   (consultation, question, null)  the closed question's answers
--   (consultation, question, opt)   each option chosen (each one ticked of a multiple choice)
-- Writers of answers lock their response first (lib/responses), so an answer saved while its
-- response is submitted is counted by one of the two triggers, never neither.
CREATE FUNCTION published_answer_options(q_type text, v jsonb, c text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT NULL::text WHERE q_type IN ('single_choice', 'multiple_choice', 'agreement_scale', 'yes_no', 'rag_status', 'ranking')
  UNION ALL
  SELECT x FROM jsonb_array_elements_text(CASE WHEN q_type = 'multiple_choice' AND jsonb_typeof(v) = 'array' THEN v ELSE '[]'::jsonb END) x WHERE x IS NOT NULL
  UNION ALL
  SELECT c WHERE q_type IN ('single_choice', 'agreement_scale', 'yes_no', 'rag_status', 'ranking') AND c IS NOT NULL
$$;
--> statement-breakpoint
CREATE FUNCTION published_counts_answers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO published_counts (consultation_id, question_id, option, slot, n)
      SELECT r.consultation_id, ch.question_id, o.option, (pg_backend_pid() % 32)::smallint, count(*)::int
      FROM new_rows ch
      JOIN responses r ON r.id = ch.response_id AND r.status = 'submitted' AND r.publish_consent IN ('named', 'anonymous')
      JOIN questions q ON q.id = ch.question_id
      CROSS JOIN LATERAL published_answer_options(q.type, ch.value, ch.choice) o(option)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (consultation_id, question_id, option, slot) DO UPDATE SET n = published_counts.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO published_counts (consultation_id, question_id, option, slot, n)
      SELECT r.consultation_id, ch.question_id, o.option, (pg_backend_pid() % 32)::smallint, -count(*)::int
      FROM old_rows ch
      JOIN responses r ON r.id = ch.response_id AND r.status = 'submitted' AND r.publish_consent IN ('named', 'anonymous')
      JOIN questions q ON q.id = ch.question_id
      CROSS JOIN LATERAL published_answer_options(q.type, ch.value, ch.choice) o(option)
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (consultation_id, question_id, option, slot) DO UPDATE SET n = published_counts.n + excluded.n;
  ELSE
    INSERT INTO published_counts (consultation_id, question_id, option, slot, n)
      SELECT r.consultation_id, ch.question_id, o.option, (pg_backend_pid() % 32)::smallint, sum(ch.d)::int
      FROM (
        SELECT response_id, question_id, value, choice, 1 AS d FROM new_rows
        UNION ALL SELECT response_id, question_id, value, choice, -1 AS d FROM old_rows
      ) ch
      JOIN responses r ON r.id = ch.response_id AND r.status = 'submitted' AND r.publish_consent IN ('named', 'anonymous')
      JOIN questions q ON q.id = ch.question_id
      CROSS JOIN LATERAL published_answer_options(q.type, ch.value, ch.choice) o(option)
      GROUP BY 1, 2, 3 HAVING sum(ch.d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (consultation_id, question_id, option, slot) DO UPDATE SET n = published_counts.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER answers_published_counts_insert AFTER INSERT ON answers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION published_counts_answers();
--> statement-breakpoint
CREATE TRIGGER answers_published_counts_update AFTER UPDATE ON answers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION published_counts_answers();
--> statement-breakpoint
CREATE TRIGGER answers_published_counts_delete AFTER DELETE ON answers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION published_counts_answers();
--> statement-breakpoint
-- A response starting or stopping to count (submitted, consent given, withdrawn, erased) moves
-- itself and all its answers. Deleting a response: its answers go by cascade after the row has
-- gone (when the answers' trigger no longer finds it counted), so it takes them off first.
CREATE FUNCTION published_counts_responses() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO published_counts (consultation_id, question_id, option, slot, n)
    SELECT consultation_id, NULL::uuid, k.option, (pg_backend_pid() % 32)::smallint, count(*)::int FROM new_rows
    CROSS JOIN LATERAL (SELECT NULL::text AS option UNION ALL SELECT 'listed' WHERE public_reference IS NOT NULL) k
    WHERE status = 'submitted' AND publish_consent IN ('named', 'anonymous')
    GROUP BY 1, 3 ORDER BY 1, 3
    ON CONFLICT (consultation_id, question_id, option, slot) DO UPDATE SET n = published_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An update moves counts only when it changes whether the response counts (or is listed): a row
-- trigger with a WHEN condition, so the many other updates of a response (its edits, campaign,
-- reference) run nothing at all.
CREATE FUNCTION published_counts_response_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d int := (CASE WHEN NEW.status = 'submitted' AND NEW.publish_consent IN ('named', 'anonymous') THEN 1 ELSE 0 END)
    - (CASE WHEN OLD.status = 'submitted' AND OLD.publish_consent IN ('named', 'anonymous') THEN 1 ELSE 0 END);
  listed int := (CASE WHEN NEW.status = 'submitted' AND NEW.publish_consent IN ('named', 'anonymous') AND NEW.public_reference IS NOT NULL THEN 1 ELSE 0 END)
    - (CASE WHEN OLD.status = 'submitted' AND OLD.publish_consent IN ('named', 'anonymous') AND OLD.public_reference IS NOT NULL THEN 1 ELSE 0 END);
BEGIN
  IF d = 0 AND listed = 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO published_counts (consultation_id, question_id, option, slot, n)
    SELECT NEW.consultation_id, x.question_id, x.option, (pg_backend_pid() % 32)::smallint, sum(x.d)::int
    FROM (
      SELECT NULL::uuid AS question_id, 'listed'::text AS option, listed AS d WHERE listed <> 0
      UNION ALL
      SELECT NULL::uuid, NULL::text, d WHERE d <> 0
      UNION ALL
      SELECT a.question_id, opt.option, d FROM answers a
        JOIN questions q ON q.id = a.question_id
        CROSS JOIN LATERAL published_answer_options(q.type, a.value, a.choice) opt(option)
        WHERE d <> 0 AND a.response_id = NEW.id
    ) x
    GROUP BY 1, 2, 3 HAVING sum(x.d) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (consultation_id, question_id, option, slot) DO UPDATE SET n = published_counts.n + excluded.n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION published_counts_response_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'submitted' AND OLD.publish_consent IN ('named', 'anonymous') THEN
    INSERT INTO published_counts (consultation_id, question_id, option, slot, n)
      SELECT OLD.consultation_id, x.question_id, x.option, (pg_backend_pid() % 32)::smallint, -count(*)::int
      FROM (
        SELECT NULL::uuid AS question_id, NULL::text AS option
        UNION ALL
        SELECT NULL::uuid, 'listed' WHERE OLD.public_reference IS NOT NULL
        UNION ALL
        SELECT a.question_id, opt.option FROM answers a
          JOIN questions q ON q.id = a.question_id
          CROSS JOIN LATERAL published_answer_options(q.type, a.value, a.choice) opt(option)
          WHERE a.response_id = OLD.id
      ) x
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (consultation_id, question_id, option, slot) DO UPDATE SET n = published_counts.n + excluded.n;
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER responses_published_counts_insert AFTER INSERT ON responses
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION published_counts_responses();
--> statement-breakpoint
CREATE TRIGGER responses_published_counts_update AFTER UPDATE OF status, publish_consent, public_reference ON responses
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.publish_consent IS DISTINCT FROM NEW.publish_consent
    OR (OLD.public_reference IS NULL) <> (NEW.public_reference IS NULL))
  EXECUTE FUNCTION published_counts_response_update();
--> statement-breakpoint
CREATE TRIGGER responses_published_counts_delete BEFORE DELETE ON responses
  FOR EACH ROW EXECUTE FUNCTION published_counts_response_delete();
--> statement-breakpoint
-- The counts of what is already stored (the triggers above count every later change).
LOCK TABLE responses, answers IN SHARE MODE;
--> statement-breakpoint
INSERT INTO published_counts (consultation_id, question_id, option, slot, n)
  SELECT r.consultation_id, x.question_id, x.option, 0, count(*)::int
  FROM responses r
  CROSS JOIN LATERAL (
    SELECT NULL::uuid AS question_id, NULL::text AS option
    UNION ALL
    SELECT NULL::uuid, 'listed' WHERE r.public_reference IS NOT NULL
    UNION ALL
    SELECT a.question_id, opt.option FROM answers a
      JOIN questions q ON q.id = a.question_id
      CROSS JOIN LATERAL published_answer_options(q.type, a.value, a.choice) opt(option)
      WHERE a.response_id = r.id
  ) x
  WHERE r.status = 'submitted' AND r.publish_consent IN ('named', 'anonymous')
  GROUP BY 1, 2, 3;
