// When a document version takes comments: its stage's dates (UK days, inclusive), while the
// consultation is open and the version is the document's newest published one, not yet put for
// endorsement as the final text. When a final version takes endorsements. Pure.
import { endOfUkDay, startOfUkDay } from "../consultations/dates";
import { formatDate } from "../format";

export type CommentWindow = "open" | "not_open_yet" | "closed";

export type WindowInput = {
  consultationStatus: string;
  versionStatus: string;
  /** A later version has been published: this one is kept for the record only. */
  superseded: boolean;
  /** Put to partners for endorsement as the final text: it takes endorsements, not comments. */
  final?: boolean;
  stage: { startsOn: string | null; dueOn: string | null } | null;
};

export function commentWindow(w: WindowInput, now: Date = new Date()): CommentWindow {
  if (w.versionStatus !== "published") return "not_open_yet";
  if (w.superseded || w.final) return "closed";
  if (w.consultationStatus === "closed" || w.consultationStatus === "archived") return "closed";
  if (w.consultationStatus !== "open") return "not_open_yet";
  if (w.stage?.startsOn && now < startOfUkDay(w.stage.startsOn)) return "not_open_yet";
  if (w.stage?.dueOn && now > endOfUkDay(w.stage.dueOn)) return "closed";
  return "open";
}

/** What a commenter is told when the version does not take comments now; null when it does. */
export function commentWindowMessage(w: WindowInput, now: Date = new Date()): string | null {
  const state = commentWindow(w, now);
  if (state === "open") return null;
  if (state === "closed") {
    if (w.superseded) return "A newer version of this document has been published. Comments on this version are closed.";
    if (w.final) return "This is the final version, put to partner organisations for endorsement. It no longer takes comments.";
    return `Comments on this version closed${w.stage?.dueOn ? ` on ${formatDate(w.stage.dueOn)}` : ""}. You can still read it.`;
  }
  return `Comments on this version open${w.stage?.startsOn ? ` on ${formatDate(w.stage.startsOn)}` : " when the consultation opens"}.`;
}

export type EndorsementWindow = "open" | "not_final" | "closed";

/**
 * Whether a version takes endorsements: it is the newest published version, put for endorsement
 * (final), the consultation is open and its stage's closing day (UK) has not passed. Endorsement
 * opens when the officer puts the version for endorsement, whatever the stage's first day.
 */
export function endorsementWindow(w: WindowInput, now: Date = new Date()): EndorsementWindow {
  if (w.versionStatus !== "published" || !w.final) return "not_final";
  if (w.superseded || w.consultationStatus !== "open") return "closed";
  if (w.stage?.dueOn && now > endOfUkDay(w.stage.dueOn)) return "closed";
  return "open";
}
