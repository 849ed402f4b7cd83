CREATE TABLE "campaign_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consultation_id" uuid NOT NULL,
	"first_response_id" uuid,
	"response_count" integer DEFAULT 0 NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "responses" DROP CONSTRAINT "responses_consultation_org_unique";--> statement-breakpoint
ALTER TABLE "organisations" DROP CONSTRAINT "organisations_type_check";--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "public_of_organisation_id" uuid;--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "audience" text DEFAULT 'partners' NOT NULL;--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "allow_unauthenticated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "publish_responses" text DEFAULT 'no' NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "respondent_user_id" uuid;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "return_token_hash" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "publish_consent" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "published_name" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "public_reference" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "notify_outcome" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "about_you" jsonb;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "text_fingerprint" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "text_simhash" bigint;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "campaign_group_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_groups" ADD CONSTRAINT "campaign_groups_consultation_id_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_groups" ADD CONSTRAINT "campaign_groups_first_response_id_responses_id_fk" FOREIGN KEY ("first_response_id") REFERENCES "public"."responses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_groups_consultation_idx" ON "campaign_groups" USING btree ("consultation_id");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_public_of_organisation_id_organisations_id_fk" FOREIGN KEY ("public_of_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_respondent_user_id_users_id_fk" FOREIGN KEY ("respondent_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_campaign_group_id_campaign_groups_id_fk" FOREIGN KEY ("campaign_group_id") REFERENCES "public"."campaign_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "responses_consultation_org_unique" ON "responses" USING btree ("consultation_id","organisation_id") WHERE "responses"."respondent_user_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "responses_consultation_person_unique" ON "responses" USING btree ("consultation_id","respondent_user_id") WHERE "responses"."respondent_user_id" is not null;--> statement-breakpoint
CREATE INDEX "responses_campaign_idx" ON "responses" USING btree ("campaign_group_id");--> statement-breakpoint
CREATE INDEX "responses_fingerprint_idx" ON "responses" USING btree ("consultation_id","text_fingerprint");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_publicOfOrganisationId_unique" UNIQUE("public_of_organisation_id");--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_returnTokenHash_unique" UNIQUE("return_token_hash");--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_publicReference_unique" UNIQUE("public_reference");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_public_of_check" CHECK (("organisations"."type" = 'public') = ("organisations"."public_of_organisation_id" is not null));--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_type_check" CHECK ("organisations"."type" in ('council', 'police', 'health', 'voluntary_sector', 'parish', 'business', 'other', 'public'));--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_audience_check" CHECK ("consultations"."audience" in ('partners', 'public', 'both'));--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_publish_responses_check" CHECK ("consultations"."publish_responses" in ('no', 'while_open', 'after_close'));--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_unauthenticated_check" CHECK (not "consultations"."allow_unauthenticated" or "consultations"."audience" <> 'partners');--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_publish_consent_check" CHECK ("responses"."publish_consent" is null or "responses"."publish_consent" in ('named', 'anonymous', 'none'));