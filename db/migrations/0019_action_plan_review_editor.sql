ALTER TABLE "comments" ALTER COLUMN "consultation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" ALTER COLUMN "question_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "resolutions" ALTER COLUMN "consultation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_offs" ALTER COLUMN "consultation_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "reporting_period_id" uuid;--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "priority_id" uuid;--> statement-breakpoint
ALTER TABLE "resolutions" ADD COLUMN "reporting_period_id" uuid;--> statement-breakpoint
ALTER TABLE "sign_offs" ADD COLUMN "reporting_period_id" uuid;--> statement-breakpoint
ALTER TABLE "plan_indicators" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_items" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_priorities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_risks" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD COLUMN "report_status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD COLUMN "report_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_reporting_period_id_reporting_periods_id_fk" FOREIGN KEY ("reporting_period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_reporting_period_id_reporting_periods_id_fk" FOREIGN KEY ("reporting_period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_offs" ADD CONSTRAINT "sign_offs_reporting_period_id_reporting_periods_id_fk" FOREIGN KEY ("reporting_period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_period_idx" ON "comments" USING btree ("reporting_period_id","created_at");--> statement-breakpoint
CREATE INDEX "resolutions_period_idx" ON "resolutions" USING btree ("reporting_period_id");--> statement-breakpoint
CREATE INDEX "sign_offs_period_idx" ON "sign_offs" USING btree ("reporting_period_id","decided_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sign_offs_period_approved_unique" ON "sign_offs" USING btree ("reporting_period_id") WHERE "sign_offs"."decision" = 'approved' and "sign_offs"."reopened_at" is null and "sign_offs"."reporting_period_id" is not null;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_subject_check" CHECK (("comments"."consultation_id" is null) <> ("comments"."reporting_period_id" is null));--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_anchor_check" CHECK (("comments"."consultation_id" is null or "comments"."question_id" is not null) and ("comments"."reporting_period_id" is null or "comments"."priority_id" is not null));--> statement-breakpoint
ALTER TABLE "resolutions" ADD CONSTRAINT "resolutions_subject_check" CHECK (("resolutions"."consultation_id" is null) <> ("resolutions"."reporting_period_id" is null));--> statement-breakpoint
ALTER TABLE "sign_offs" ADD CONSTRAINT "sign_offs_subject_check" CHECK (("sign_offs"."consultation_id" is null) <> ("sign_offs"."reporting_period_id" is null));--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_report_status_check" CHECK ("reporting_periods"."report_status" in ('open', 'in_review', 'signed_off'));