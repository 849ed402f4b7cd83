CREATE TABLE "answer_analysis" (
	"response_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"analysed" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answer_analysis_response_id_question_id_pk" PRIMARY KEY("response_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "answer_tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"theme_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"passage_start" integer,
	"passage_end" integer,
	"passage_text" text,
	"source" text DEFAULT 'manual' NOT NULL,
	"status" text DEFAULT 'confirmed' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answer_tags_source_check" CHECK ("answer_tags"."source" in ('manual', 'rule', 'suggestion')),
	CONSTRAINT "answer_tags_status_check" CHECK ("answer_tags"."status" in ('confirmed', 'suggested')),
	CONSTRAINT "answer_tags_passage_check" CHECK (("answer_tags"."passage_start" is null and "answer_tags"."passage_end" is null) or ("answer_tags"."passage_start" >= 0 and "answer_tags"."passage_end" > "answer_tags"."passage_start"))
);
--> statement-breakpoint
CREATE TABLE "suggestion_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"job_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"stage" text,
	"progress" real DEFAULT 0 NOT NULL,
	"seed" integer DEFAULT 17 NOT NULL,
	"answer_count" integer,
	"result" jsonb,
	"decisions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "suggestion_runs_status_check" CHECK ("suggestion_runs"."status" in ('queued', 'running', 'done', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "theme_rules" (
	"theme_id" uuid PRIMARY KEY NOT NULL,
	"phrases" text[] DEFAULT '{}'::text[] NOT NULL,
	"exclusions" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_applied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"parent_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "themes_not_own_parent" CHECK ("themes"."parent_id" is null or "themes"."parent_id" <> "themes"."id")
);
--> statement-breakpoint
ALTER TABLE "answer_analysis" ADD CONSTRAINT "answer_analysis_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_analysis" ADD CONSTRAINT "answer_analysis_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_analysis" ADD CONSTRAINT "answer_analysis_answer_fk" FOREIGN KEY ("response_id","question_id") REFERENCES "public"."answers"("response_id","question_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_tags" ADD CONSTRAINT "answer_tags_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_tags" ADD CONSTRAINT "answer_tags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_tags" ADD CONSTRAINT "answer_tags_answer_fk" FOREIGN KEY ("response_id","question_id") REFERENCES "public"."answers"("response_id","question_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_runs" ADD CONSTRAINT "suggestion_runs_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_runs" ADD CONSTRAINT "suggestion_runs_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_runs" ADD CONSTRAINT "suggestion_runs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_runs" ADD CONSTRAINT "suggestion_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_rules" ADD CONSTRAINT "theme_rules_theme_id_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."themes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theme_rules" ADD CONSTRAINT "theme_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_parent_id_themes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."themes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "themes" ADD CONSTRAINT "themes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "answer_analysis_question_idx" ON "answer_analysis" USING btree ("question_id","analysed");--> statement-breakpoint
CREATE UNIQUE INDEX "answer_tags_unique" ON "answer_tags" USING btree ("theme_id","response_id","question_id",coalesce("passage_start", -1),coalesce("passage_end", -1));--> statement-breakpoint
CREATE INDEX "answer_tags_answer_idx" ON "answer_tags" USING btree ("response_id","question_id");--> statement-breakpoint
CREATE INDEX "suggestion_runs_question_idx" ON "suggestion_runs" USING btree ("question_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "themes_question_name_unique" ON "themes" USING btree ("question_id",lower("name"));--> statement-breakpoint
CREATE INDEX "themes_consultation_idx" ON "themes" USING btree ("consultation_id");