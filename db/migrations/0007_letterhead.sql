CREATE TABLE "council_branding" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"council_name" text DEFAULT '' NOT NULL,
	"postal_address" text DEFAULT '' NOT NULL,
	"contact_name" text DEFAULT '' NOT NULL,
	"contact_email" text DEFAULT '' NOT NULL,
	"contact_phone" text DEFAULT '' NOT NULL,
	"signatory_name" text DEFAULT '' NOT NULL,
	"signatory_title" text DEFAULT '' NOT NULL,
	"letter_template" text DEFAULT '' NOT NULL,
	"logo" "bytea",
	"logo_type" text,
	"logo_updated_at" timestamp with time zone,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "council_branding_logo_type_check" CHECK ("council_branding"."logo_type" is null or "council_branding"."logo_type" in ('image/png', 'image/jpeg')),
	CONSTRAINT "council_branding_logo_pair_check" CHECK (("council_branding"."logo" is null) = ("council_branding"."logo_type" is null))
);
--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "contact_officer_name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "consultations" ADD COLUMN "contact_officer_email" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "reply_to" text;--> statement-breakpoint
ALTER TABLE "council_branding" ADD CONSTRAINT "council_branding_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "council_branding" ADD CONSTRAINT "council_branding_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;