ALTER TABLE "export_file_chunks" ADD COLUMN "claim" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "export_file_chunks" DROP CONSTRAINT "export_file_chunks_job_id_seq_pk";--> statement-breakpoint
ALTER TABLE "export_file_chunks" ADD CONSTRAINT "export_file_chunks_job_id_claim_seq_pk" PRIMARY KEY("job_id","claim","seq");
