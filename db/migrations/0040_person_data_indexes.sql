CREATE INDEX "organisations_name_lower_idx" ON "organisations" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "responses_respondent_idx" ON "responses" USING btree ("respondent_user_id") WHERE "responses"."respondent_user_id" is not null;--> statement-breakpoint
CREATE INDEX "responses_started_by_idx" ON "responses" USING btree ("started_by");--> statement-breakpoint
CREATE INDEX "responses_submitted_by_idx" ON "responses" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "notifications_actor_idx" ON "notifications" USING btree ("actor_id") WHERE "notifications"."actor_id" is not null;--> statement-breakpoint
CREATE INDEX "document_endorsements_signatory_idx" ON "document_endorsements" USING btree ("signatory_id");