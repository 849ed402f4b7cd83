DROP INDEX "notifications_unread_idx";--> statement-breakpoint
CREATE INDEX "users_name_prefix_idx" ON "users" USING btree (lower("name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "responses_consultation_org_created_idx" ON "responses" USING btree ("consultation_id","organisation_id","created_at","id");--> statement-breakpoint
CREATE INDEX "notifications_unread_created_idx" ON "notifications" USING btree ("user_id","created_at") WHERE "notifications"."read_at" is null and "notifications"."in_app";--> statement-breakpoint
CREATE INDEX "notifications_prunable_idx" ON "notifications" USING btree ("created_at") WHERE ("notifications"."read_at" is not null or not "notifications"."in_app") and "notifications"."dedupe_key" is null;