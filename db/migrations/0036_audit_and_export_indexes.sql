DROP INDEX "audit_log_consultation_idx";--> statement-breakpoint
DROP INDEX "audit_log_actor_idx";--> statement-breakpoint
CREATE INDEX "audit_log_consultation_id_idx" ON "audit_log" USING btree ("consultation_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_id_idx" ON "audit_log" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_log_action_id_idx" ON "audit_log" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "jobs_export_consultation_idx" ON "jobs" USING btree (("payload"->>'consultationId'),"created_at") WHERE "jobs"."name" = 'export.responses';