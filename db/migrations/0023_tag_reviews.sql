CREATE TABLE "tag_review_items" (
	"review_id" uuid NOT NULL,
	"response_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"first_theme_ids" uuid[] NOT NULL,
	"first_coded_by" uuid,
	"second_theme_ids" uuid[],
	"second_coded_at" timestamp with time zone,
	"resolved_theme_ids" uuid[],
	"resolution_note" text,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "tag_review_items_review_id_response_id_pk" PRIMARY KEY("review_id","response_id")
);
--> statement-breakpoint
CREATE TABLE "tag_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"question_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"seed" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tag_review_items" ADD CONSTRAINT "tag_review_items_review_id_tag_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."tag_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_review_items" ADD CONSTRAINT "tag_review_items_first_coded_by_users_id_fk" FOREIGN KEY ("first_coded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_review_items" ADD CONSTRAINT "tag_review_items_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_review_items" ADD CONSTRAINT "tag_review_items_answer_fk" FOREIGN KEY ("response_id","question_id") REFERENCES "public"."answers"("response_id","question_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_reviews" ADD CONSTRAINT "tag_reviews_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_reviews" ADD CONSTRAINT "tag_reviews_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_reviews" ADD CONSTRAINT "tag_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tag_review_items_position_unique" ON "tag_review_items" USING btree ("review_id","position");--> statement-breakpoint
CREATE INDEX "tag_reviews_question_idx" ON "tag_reviews" USING btree ("question_id","created_at");