CREATE TABLE "document_comment_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"comment_id" uuid NOT NULL,
	"response" text NOT NULL,
	"outcome" text NOT NULL,
	"edit_version" integer DEFAULT 1 NOT NULL,
	"responded_by" uuid,
	"responded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_comment_responses_commentId_unique" UNIQUE("comment_id"),
	CONSTRAINT "document_comment_responses_outcome_check" CHECK ("document_comment_responses"."outcome" in ('changed', 'not_changed', 'partly', 'noted'))
);
--> statement-breakpoint
CREATE TABLE "document_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"paragraph_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"stance" text NOT NULL,
	"text" text NOT NULL,
	"proposed_change" text DEFAULT '' NOT NULL,
	"quote" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"representation_id" uuid,
	"issue_id" uuid,
	"edit_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', coalesce(text, '') || ' ' || coalesce(proposed_change, '') || ' ' || coalesce(quote, ''))) STORED,
	CONSTRAINT "document_comments_stance_check" CHECK ("document_comments"."stance" in ('support', 'object', 'comment')),
	CONSTRAINT "document_comments_status_check" CHECK ("document_comments"."status" in ('draft', 'submitted')),
	CONSTRAINT "document_comments_submitted_check" CHECK ("document_comments"."status" = 'draft' or ("document_comments"."submitted_at" is not null and "document_comments"."representation_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "document_issues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"title" text NOT NULL,
	"response" text DEFAULT '' NOT NULL,
	"outcome" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_issues_outcome_check" CHECK ("document_issues"."outcome" is null or "document_issues"."outcome" in ('changed', 'not_changed', 'partly', 'noted'))
);
--> statement-breakpoint
CREATE TABLE "document_paragraphs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"section_id" uuid,
	"anchor" text NOT NULL,
	"number" text NOT NULL,
	"text" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "document_paragraphs_anchor_unique" UNIQUE("version_id","anchor")
);
--> statement-breakpoint
CREATE TABLE "document_representations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_representations_reference_unique" UNIQUE("reference")
);
--> statement-breakpoint
CREATE TABLE "document_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"anchor" text NOT NULL,
	"heading" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "document_sections_anchor_unique" UNIQUE("version_id","anchor")
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"label" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source_text" text DEFAULT '' NOT NULL,
	"edit_version" integer DEFAULT 1 NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_versions_unique" UNIQUE("document_id","version"),
	CONSTRAINT "document_versions_status_check" CHECK ("document_versions"."status" in ('draft', 'published')),
	CONSTRAINT "document_versions_positive" CHECK ("document_versions"."version" > 0)
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"open_to_all" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_preferences" DROP CONSTRAINT "notification_preferences_kind_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "document_comment_responses" ADD CONSTRAINT "document_comment_responses_comment_id_document_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."document_comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comment_responses" ADD CONSTRAINT "document_comment_responses_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comments" ADD CONSTRAINT "document_comments_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comments" ADD CONSTRAINT "document_comments_paragraph_id_document_paragraphs_id_fk" FOREIGN KEY ("paragraph_id") REFERENCES "public"."document_paragraphs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comments" ADD CONSTRAINT "document_comments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comments" ADD CONSTRAINT "document_comments_representation_id_document_representations_id_fk" FOREIGN KEY ("representation_id") REFERENCES "public"."document_representations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comments" ADD CONSTRAINT "document_comments_issue_id_document_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."document_issues"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comments" ADD CONSTRAINT "document_comments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_comments" ADD CONSTRAINT "document_comments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_issues" ADD CONSTRAINT "document_issues_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_issues" ADD CONSTRAINT "document_issues_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_paragraphs" ADD CONSTRAINT "document_paragraphs_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_paragraphs" ADD CONSTRAINT "document_paragraphs_section_id_document_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."document_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_representations" ADD CONSTRAINT "document_representations_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_representations" ADD CONSTRAINT "document_representations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_representations" ADD CONSTRAINT "document_representations_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_sections" ADD CONSTRAINT "document_sections_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_stage_id_stages_id_fk" FOREIGN KEY ("stage_id") REFERENCES "public"."stages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_comments_version_paragraph_idx" ON "document_comments" USING btree ("version_id","paragraph_id");--> statement-breakpoint
CREATE INDEX "document_comments_version_org_idx" ON "document_comments" USING btree ("version_id","organisation_id","status");--> statement-breakpoint
CREATE INDEX "document_comments_search_idx" ON "document_comments" USING gin ("search");--> statement-breakpoint
CREATE INDEX "document_issues_version_idx" ON "document_issues" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "document_paragraphs_version_idx" ON "document_paragraphs" USING btree ("version_id","position");--> statement-breakpoint
CREATE INDEX "document_representations_version_org_idx" ON "document_representations" USING btree ("version_id","organisation_id");--> statement-breakpoint
CREATE INDEX "documents_consultation_idx" ON "documents" USING btree ("consultation_id","position");--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_kind_check" CHECK ("notification_preferences"."kind" in ('review_requested', 'signoff_requested', 'comment_added', 'response_submitted', 'answers_approved', 'answers_returned', 'consultation_closing', 'consultation_reopened', 'document_comments_submitted', 'document_comment_answered'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("notifications"."kind" in ('review_requested', 'signoff_requested', 'comment_added', 'response_submitted', 'answers_approved', 'answers_returned', 'consultation_closing', 'consultation_reopened', 'document_comments_submitted', 'document_comment_answered'));