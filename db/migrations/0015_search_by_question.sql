DROP INDEX "answers_search_idx";--> statement-breakpoint
CREATE INDEX "answers_search_idx" ON "answers" USING gin ("question_id","search");