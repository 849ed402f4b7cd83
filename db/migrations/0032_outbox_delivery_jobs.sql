CREATE INDEX "outbox_user_idx" ON "outbox" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "outbox_consultation_idx" ON "outbox" USING btree ("consultation_id");--> statement-breakpoint
-- Emails recorded as queued before they had delivery jobs (outcome emails, progress return
-- emails, comment receipts: nothing sent them) get their job now if they are recent; an older
-- one is recorded as not sent rather than sent late. Invitations and reminders are sent by
-- their own jobs and are left alone.
INSERT INTO "jobs" ("name", "payload", "singleton_key", "run_at", "max_attempts")
  SELECT 'email.deliver', jsonb_build_object('outboxId', o."id"::text), 'email.deliver:' || o."id"::text, now(), 5
  FROM "outbox" o
  WHERE o."status" = 'queued' AND o."kind" NOT IN ('invitation', 'reminder') AND o."created_at" > now() - interval '7 days'
  ON CONFLICT ("singleton_key") DO NOTHING;
--> statement-breakpoint
UPDATE "outbox" SET "status" = 'failed', "last_error" = 'Not sent: recorded before emails had delivery jobs (December 2026)'
  WHERE "status" = 'queued' AND "kind" NOT IN ('invitation', 'reminder') AND "created_at" <= now() - interval '7 days';
