ALTER TABLE "responses" ADD COLUMN "campaign_xid" "xid8";--> statement-breakpoint
CREATE INDEX "responses_campaign_xid_idx" ON "responses" USING btree ("consultation_id","campaign_xid");