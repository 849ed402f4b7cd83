CREATE TABLE "action_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"frequency" text DEFAULT 'quarterly' NOT NULL,
	"first_period_starts_on" date,
	"rag_key" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_plans_slug_unique" UNIQUE("slug"),
	CONSTRAINT "action_plans_frequency_check" CHECK ("action_plans"."frequency" in ('monthly', 'quarterly', 'annual'))
);
--> statement-breakpoint
CREATE TABLE "plan_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"unit" text DEFAULT 'percentage' NOT NULL,
	"polarity" text DEFAULT 'higher' NOT NULL,
	"baseline" double precision,
	"baseline_date" text DEFAULT '' NOT NULL,
	"targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"results" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"amber_tolerance" double precision DEFAULT 0 NOT NULL,
	"owner_organisation_id" uuid NOT NULL,
	CONSTRAINT "plan_indicators_plan_code_unique" UNIQUE("plan_id","code"),
	CONSTRAINT "plan_indicators_unit_check" CHECK ("plan_indicators"."unit" in ('percentage', 'number', 'currency', 'count', 'yes_no')),
	CONSTRAINT "plan_indicators_polarity_check" CHECK ("plan_indicators"."polarity" in ('higher', 'lower')),
	CONSTRAINT "plan_indicators_tolerance_check" CHECK ("plan_indicators"."amber_tolerance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "plan_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"priority_id" uuid NOT NULL,
	"kind" text DEFAULT 'milestone' NOT NULL,
	"number" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"text" text NOT NULL,
	"outcome" text DEFAULT '' NOT NULL,
	"due_on" date,
	"owner_organisation_id" uuid NOT NULL,
	CONSTRAINT "plan_items_plan_number_unique" UNIQUE("plan_id","number"),
	CONSTRAINT "plan_items_kind_check" CHECK ("plan_items"."kind" in ('milestone', 'project'))
);
--> statement-breakpoint
CREATE TABLE "plan_priorities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"lead_organisation_id" uuid,
	"lead_text" text DEFAULT '' NOT NULL,
	"resources" text DEFAULT '' NOT NULL,
	"comments" text DEFAULT '' NOT NULL,
	CONSTRAINT "plan_priorities_plan_number_unique" UNIQUE("plan_id","number")
);
--> statement-breakpoint
CREATE TABLE "plan_returns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"period_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"reference" text,
	"last_edited_by" uuid,
	"last_edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"reopened_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_returns_reference_unique" UNIQUE("reference"),
	CONSTRAINT "plan_returns_period_org_unique" UNIQUE("period_id","organisation_id"),
	CONSTRAINT "plan_returns_status_check" CHECK ("plan_returns"."status" in ('draft', 'submitted')),
	CONSTRAINT "plan_returns_submitted_check" CHECK ("plan_returns"."status" = 'draft' or ("plan_returns"."submitted_at" is not null and "plan_returns"."reference" is not null))
);
--> statement-breakpoint
CREATE TABLE "plan_risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"priority_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"risk" text NOT NULL,
	"mitigation" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reporting_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"label" text NOT NULL,
	"year_label" text DEFAULT '' NOT NULL,
	"position" integer NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "reporting_periods_plan_position_unique" UNIQUE("plan_id","position"),
	CONSTRAINT "reporting_periods_plan_label_unique" UNIQUE("plan_id","label"),
	CONSTRAINT "reporting_periods_dates_check" CHECK ("reporting_periods"."opens_at" <= "reporting_periods"."due_at" and "reporting_periods"."due_at" <= "reporting_periods"."closes_at")
);
--> statement-breakpoint
CREATE TABLE "return_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"return_id" uuid NOT NULL,
	"item_id" uuid,
	"indicator_id" uuid,
	"status" text,
	"rag" text,
	"commentary" text DEFAULT '' NOT NULL,
	"corrective_action" text DEFAULT '' NOT NULL,
	"actual" double precision,
	"computed_rag" text,
	"override_rag" text,
	"override_reason" text DEFAULT '' NOT NULL,
	"carried_forward" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"hash" text DEFAULT '' NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_items_return_item_unique" UNIQUE("return_id","item_id"),
	CONSTRAINT "return_items_return_indicator_unique" UNIQUE("return_id","indicator_id"),
	CONSTRAINT "return_items_subject_check" CHECK (("return_items"."item_id" is null) <> ("return_items"."indicator_id" is null)),
	CONSTRAINT "return_items_status_check" CHECK ("return_items"."status" is null or "return_items"."status" in ('not_started', 'in_progress', 'complete')),
	CONSTRAINT "return_items_rag_check" CHECK ("return_items"."rag" is null or "return_items"."rag" in ('red', 'amber', 'green')),
	CONSTRAINT "return_items_computed_rag_check" CHECK ("return_items"."computed_rag" is null or "return_items"."computed_rag" in ('red', 'amber', 'green')),
	CONSTRAINT "return_items_override_rag_check" CHECK ("return_items"."override_rag" is null or "return_items"."override_rag" in ('red', 'amber', 'green')),
	CONSTRAINT "return_items_red_action_check" CHECK ("return_items"."rag" is distinct from 'red' or "return_items"."indicator_id" is not null or length(trim("return_items"."corrective_action")) > 0)
);
--> statement-breakpoint
CREATE TABLE "return_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"return_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"items" jsonb NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_by" uuid,
	CONSTRAINT "return_submissions_unique" UNIQUE("return_id","revision")
);
--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_plans" ADD CONSTRAINT "action_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_indicators" ADD CONSTRAINT "plan_indicators_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_indicators" ADD CONSTRAINT "plan_indicators_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_indicators" ADD CONSTRAINT "plan_indicators_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_priorities" ADD CONSTRAINT "plan_priorities_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_priorities" ADD CONSTRAINT "plan_priorities_lead_organisation_id_organisations_id_fk" FOREIGN KEY ("lead_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_returns" ADD CONSTRAINT "plan_returns_period_id_reporting_periods_id_fk" FOREIGN KEY ("period_id") REFERENCES "public"."reporting_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_returns" ADD CONSTRAINT "plan_returns_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_returns" ADD CONSTRAINT "plan_returns_last_edited_by_users_id_fk" FOREIGN KEY ("last_edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_returns" ADD CONSTRAINT "plan_returns_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_risks" ADD CONSTRAINT "plan_risks_priority_id_plan_priorities_id_fk" FOREIGN KEY ("priority_id") REFERENCES "public"."plan_priorities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reporting_periods" ADD CONSTRAINT "reporting_periods_plan_id_action_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."action_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_return_id_plan_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."plan_returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_item_id_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plan_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_indicator_id_plan_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."plan_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_items" ADD CONSTRAINT "return_items_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_submissions" ADD CONSTRAINT "return_submissions_return_id_plan_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."plan_returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_submissions" ADD CONSTRAINT "return_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_plans_owner_idx" ON "action_plans" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "plan_indicators_owner_idx" ON "plan_indicators" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "plan_items_owner_idx" ON "plan_items" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "plan_returns_org_idx" ON "plan_returns" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "reporting_periods_opens_idx" ON "reporting_periods" USING btree ("opens_at");