CREATE TABLE "answer_moderations" (
	"response_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"moderated_text" text NOT NULL,
	"redactions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_text" text,
	"withheld_reason" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"moderated_by" uuid,
	"moderated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "answer_moderations_response_id_question_id_pk" PRIMARY KEY("response_id","question_id"),
	CONSTRAINT "answer_moderations_state_check" CHECK ("answer_moderations"."state" in ('pending', 'approved', 'withheld')),
	CONSTRAINT "answer_moderations_published_check" CHECK (("answer_moderations"."state" = 'approved') = ("answer_moderations"."published_text" is not null))
);
--> statement-breakpoint
CREATE TABLE "consultation_outcomes" (
	"consultation_id" uuid PRIMARY KEY NOT NULL,
	"we_asked" text DEFAULT '' NOT NULL,
	"you_said" text DEFAULT '' NOT NULL,
	"we_did" text DEFAULT '' NOT NULL,
	"outcome_date" date,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consultation_outcomes_status_check" CHECK ("consultation_outcomes"."status" in ('draft', 'published')),
	CONSTRAINT "consultation_outcomes_published_check" CHECK ("consultation_outcomes"."status" = 'draft' or "consultation_outcomes"."published_at" is not null)
);
--> statement-breakpoint
ALTER TABLE "answer_moderations" ADD CONSTRAINT "answer_moderations_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_moderations" ADD CONSTRAINT "answer_moderations_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_moderations" ADD CONSTRAINT "answer_moderations_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "answer_moderations" ADD CONSTRAINT "answer_moderations_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_outcomes" ADD CONSTRAINT "consultation_outcomes_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_outcomes" ADD CONSTRAINT "consultation_outcomes_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consultation_outcomes" ADD CONSTRAINT "consultation_outcomes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "answer_moderations_queue_idx" ON "answer_moderations" USING btree ("consultation_id","state","response_id","question_id");--> statement-breakpoint
CREATE INDEX "consultation_outcomes_status_idx" ON "consultation_outcomes" USING btree ("status","published_at");