import { label } from "@/lib/format";

/** An outbox status as the administrator reads it. */
export function outboxStatusText(status: string): string {
  return status === "stored" ? "Kept in outbox (SMTP not configured)" : status === "queued" ? "Waiting to be sent" : label(status);
}
