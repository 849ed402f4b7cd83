// The one place that decides who may do what to which organisation's data. Every page,
// server action and route handler asks `can` (or `authorize`, which throws).
import type { Role } from "../../db/schema/organisations";
import { ForbiddenError } from "../errors";

export type Actor = {
  id: string;
  name: string | null;
  email: string;
  memberships: { organisationId: string; organisationName: string; role: Role }[];
  /** Set when the actor is an API key (lib/api-keys): a "read" key may never change anything. */
  apiKeyScope?: "read" | "read_write";
  /**
   * Set when the actor is a member of the public who started a response without signing in and
   * came back by its return link (lib/public actorForReturnToken): they stand for that one
   * response, on that consultation's pages only, and have no account pages or sign-out.
   */
  returnLink?: { slug: string };
};

/**
 * The only actions a read-only API key may take, whatever its roles: a list of reads rather
 * than of writes, so that an action added later is refused to read-only keys until listed.
 */
const READ_ONLY_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  "consultation.read_responses",
  "draft_answer.read",
  "review.read",
  "audit.read",
  "response.read",
  "plan.read",
  "plan_return.read",
  "document.read_comments",
  "document.comment_read",
]);

export type Action =
  | "admin.manage" // users, organisations, roles, API keys, settings, outbox
  | "consultation.create"
  | "consultation.manage" // edit, publish, close, invite, remind
  | "consultation.read_responses" // responses overview, collation, exports
  | "draft_answer.read"
  | "draft_answer.edit"
  | "analysis.edit" // a question's codeframe, tags on answers, suggestion runs
  | "review.read" // the collated report
  | "review.comment"
  | "review.record_resolution"
  | "signoff.decide"
  | "signoff.reopen"
  | "audit.read"
  | "response.read" // a partner response of an organisation
  | "response.edit"
  | "plan.manage" // build an action plan, its periods; override an indicator's RAG; reopen a return
  | "plan.read" // the action-plan report, every organisation's returns
  | "plan_return.read" // one organisation's return to an action plan
  | "plan_return.edit"
  | "document.manage" // add documents, edit and publish versions, answer comments
  | "document.read_comments" // every organisation's comments on a document
  | "document.comment" // write and submit an organisation's comments (resource: response)
  | "document.comment_read" // read an organisation's own comments (resource: response)
  | "document.endorse" // record an organisation's endorsement of a final document (resource: response)
  | "publication.moderate" // moderate free-text answers for publication; redact, approve, withhold
  | "outcome.edit"; // write and publish "We asked, you said, we did"

/** What an action is about: the organisation that owns the data. */
export type Resource =
  | { kind: "system" }
  | { kind: "organisation"; organisationId: string }
  | { kind: "consultation"; ownerOrganisationId: string }
  | {
      kind: "response";
      organisationId: string;
      consultationOwnerOrganisationId: string;
      /**
       * Set for a member of the public's own response (issue 18): it is that person's alone,
       * whatever organisation holds it (the council's "Members of the public", which has no members).
       */
      respondentUserId?: string | null;
    }
  | { kind: "action_plan"; ownerOrganisationId: string }
  | { kind: "plan_return"; organisationId: string; planOwnerOrganisationId: string };

export function hasRole(actor: Actor, role: Role, organisationId?: string): boolean {
  return actor.memberships.some(
    (m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId),
  );
}

export function rolesOf(actor: Actor): Set<Role> {
  return new Set(actor.memberships.map((m) => m.role));
}

export function can(actor: Actor | null | undefined, action: Action, resource: Resource): boolean {
  if (!actor) return false;
  if (actor.apiKeyScope === "read" && !READ_ONLY_ACTIONS.has(action)) return false;
  const ownerOf = (r: Resource): string | undefined =>
    r.kind === "consultation" || r.kind === "action_plan"
      ? r.ownerOrganisationId
      : r.kind === "plan_return"
        ? r.planOwnerOrganisationId
      : r.kind === "response"
        ? r.consultationOwnerOrganisationId
        : r.kind === "organisation"
          ? r.organisationId
          : undefined;
  const owner = ownerOf(resource);
  const councilRole = (...roles: Role[]) => owner !== undefined && roles.some((role) => hasRole(actor, role, owner));

  switch (action) {
    case "admin.manage":
      return resource.kind === "system" ? hasRole(actor, "admin") : councilRole("admin");
    case "audit.read":
      // A consultation's audit log holds partners' answers (response saves): only those who may
      // read the responses and work on the answers, not the administrator.
      return resource.kind === "system" ? hasRole(actor, "admin") : councilRole("officer", "signatory");
    case "consultation.create":
      return resource.kind === "organisation" && councilRole("officer");
    case "consultation.manage":
    case "document.manage":
    case "publication.moderate":
    case "outcome.edit":
    case "draft_answer.edit":
    case "analysis.edit":
      return resource.kind === "consultation" && councilRole("officer");
    // Review and sign-off serve the council's answers and an action plan's period reports alike.
    case "review.record_resolution":
      return (resource.kind === "consultation" || resource.kind === "action_plan") && councilRole("officer");
    case "consultation.read_responses":
    case "document.read_comments":
    case "draft_answer.read":
      return resource.kind === "consultation" && councilRole("officer", "signatory", "scrutiny");
    case "review.read":
      return (resource.kind === "consultation" || resource.kind === "action_plan") && councilRole("officer", "signatory", "scrutiny");
    case "review.comment":
      return (resource.kind === "consultation" || resource.kind === "action_plan") && councilRole("scrutiny", "officer", "signatory");
    case "signoff.decide":
    case "signoff.reopen":
      return (resource.kind === "consultation" || resource.kind === "action_plan") && councilRole("signatory");
    case "response.read":
    case "document.comment_read":
      if (resource.kind !== "response") return false;
      if (resource.respondentUserId) {
        return (action === "response.read" && actor.id === resource.respondentUserId && !actor.apiKeyScope) ||
          councilRole("officer", "signatory", "scrutiny");
      }
      return (
        hasRole(actor, "partner", resource.organisationId) ||
        councilRole("officer", "signatory", "scrutiny")
      );
    case "document.endorse":
      // Only a named signatory of the organisation itself: not its other partners, not the council.
      return resource.kind === "response" && hasRole(actor, "signatory", resource.organisationId);
    case "response.edit":
    case "document.comment":
      if (resource.kind !== "response") return false;
      // A member of the public edits only their own response, and never through an API key.
      if (resource.respondentUserId) return action === "response.edit" && actor.id === resource.respondentUserId && !actor.apiKeyScope;
      return hasRole(actor, "partner", resource.organisationId);
    case "plan.manage":
      return resource.kind === "action_plan" && councilRole("officer");
    case "plan.read":
      return resource.kind === "action_plan" && councilRole("officer", "signatory", "scrutiny");
    case "plan_return.read":
      if (resource.kind !== "plan_return") return false;
      return hasRole(actor, "partner", resource.organisationId) || councilRole("officer", "signatory", "scrutiny");
    case "plan_return.edit":
      // Only the organisation's own people write its return; the council reads it.
      return resource.kind === "plan_return" && hasRole(actor, "partner", resource.organisationId);
  }
}

/** `can`, or throw ForbiddenError. */
export function authorize(actor: Actor | null | undefined, action: Action, resource: Resource): asserts actor is Actor {
  if (!can(actor, action, resource)) throw new ForbiddenError();
}

/**
 * The organisations whose consultations the actor may do `action` on: lets a query check
 * access itself, in the same statement as its read. Exact, because every consultation rule
 * above depends only on the actor's roles in the consultation's owner.
 */
export function ownersAllowed(actor: Actor, action: Action): string[] {
  return [...new Set(actor.memberships.map((m) => m.organisationId))].filter((ownerOrganisationId) =>
    can(actor, action, { kind: "consultation", ownerOrganisationId }),
  );
}

/** The organisations in which the actor holds `role`. */
export function organisationsWithRole(actor: Actor, role: Role): string[] {
  return [...new Set(actor.memberships.filter((m) => m.role === role).map((m) => m.organisationId))];
}
