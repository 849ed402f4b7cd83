ALTER TABLE "consultations" ADD COLUMN "reference_code" text;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "completed_chapters" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_reference_code_check" CHECK ("consultations"."reference_code" is null or "consultations"."reference_code" ~ '^[A-Z0-9]{2,10}$');