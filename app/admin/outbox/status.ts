import { formatDateTime, label } from "@/lib/format";

/** An outbox status as the administrator reads it: a failed email whose job will try again says when. */
export function outboxStatusText(status: string, retryAt?: Date | null): string {
  if (status === "failed" && retryAt) return `Failed; will try again at ${formatDateTime(retryAt)}`;
  return status === "stored" ? "Kept in outbox (SMTP not configured)" : status === "queued" ? "Waiting to be sent" : label(status);
}
