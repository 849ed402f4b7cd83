CREATE TABLE "document_endorsements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reservations" text DEFAULT '' NOT NULL,
	"hash" text NOT NULL,
	"signatory_id" uuid NOT NULL,
	"signatory_name" text NOT NULL,
	"signatory_position" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_endorsements_one_per_organisation" UNIQUE("version_id","organisation_id"),
	CONSTRAINT "document_endorsements_decision_check" CHECK ("document_endorsements"."decision" in ('endorse', 'endorse_with_reservations', 'not_endorse')),
	CONSTRAINT "document_endorsements_reservations_check" CHECK ("document_endorsements"."decision" = 'endorse' or length("document_endorsements"."reservations") > 0)
);
--> statement-breakpoint
ALTER TABLE "notification_preferences" DROP CONSTRAINT "notification_preferences_kind_check";--> statement-breakpoint
ALTER TABLE "notifications" DROP CONSTRAINT "notifications_kind_check";--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "final_hash" text;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "final_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "final_by" uuid;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "statement_published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "statement_published_by" uuid;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "open_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "closing_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_versions" ADD COLUMN "digested_up_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_endorsements" ADD CONSTRAINT "document_endorsements_version_id_document_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."document_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_endorsements" ADD CONSTRAINT "document_endorsements_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_endorsements" ADD CONSTRAINT "document_endorsements_signatory_id_users_id_fk" FOREIGN KEY ("signatory_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_final_by_users_id_fk" FOREIGN KEY ("final_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_statement_published_by_users_id_fk" FOREIGN KEY ("statement_published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_kind_check" CHECK ("notification_preferences"."kind" in ('review_requested', 'signoff_requested', 'comment_added', 'response_submitted', 'answers_approved', 'answers_returned', 'consultation_closing', 'consultation_reopened', 'document_comments_submitted', 'document_comment_answered', 'document_stage_opened', 'document_stage_closing', 'document_endorsed'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_kind_check" CHECK ("notifications"."kind" in ('review_requested', 'signoff_requested', 'comment_added', 'response_submitted', 'answers_approved', 'answers_returned', 'consultation_closing', 'consultation_reopened', 'document_comments_submitted', 'document_comment_answered', 'document_stage_opened', 'document_stage_closing', 'document_endorsed'));