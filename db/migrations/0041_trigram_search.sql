-- Hand-written first line (issue 21): pg_trgm lets a GIN index answer ILIKE '%text%', the
-- "contains" searches of people, organisations and the outbox, which otherwise read every row.
-- pg_trgm ships with Postgres (contrib) and is a trusted extension (a database owner may create
-- it); PGlite loads it in db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "users_name_trgm_idx" ON "users" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "users_email_trgm_idx" ON "users" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "organisations_name_trgm_idx" ON "organisations" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "outbox_to_trgm_idx" ON "outbox" USING gin ("to" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "outbox_subject_trgm_idx" ON "outbox" USING gin ("subject" gin_trgm_ops);