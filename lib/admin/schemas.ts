import { z } from "zod";
import { confirmed } from "../input/confirm";
import { ASSIGNABLE_ORGANISATION_TYPES, ROLES } from "../../db/schema/organisations";
import { emailAddress } from "../auth/schemas";

export const createOrganisationSchema = z.object({
  name: z.string().trim().min(1, "Enter the organisation's name").max(200, "Name must be 200 characters or fewer"),
  type: z.enum(ASSIGNABLE_ORGANISATION_TYPES, { error: "Select the type of organisation" }),
});

export const createUserSchema = z.object({
  name: z.string().trim().min(1, "Enter the person's full name").max(200, "Name must be 200 characters or fewer"),
  email: emailAddress("Enter an email address"),
  organisationId: z.uuid({ error: "Select an organisation" }),
  role: z.enum(ROLES, { error: "Select a role" }),
});

export const grantRoleSchema = z.object({
  userId: z.uuid(),
  organisationId: z.uuid({ error: "Select an organisation" }),
  role: z.enum(ROLES, { error: "Select a role" }),
});

export const revokeRoleSchema = z.object({ membershipId: z.uuid(), confirm: confirmed("remove the role") });

export const endSessionsSchema = z.object({ userId: z.uuid() });

/** The person's page: name, email and (optionally) the organisation every role of theirs moves to. */
export const updatePersonSchema = z.object({
  userId: z.uuid(),
  name: z.string().trim().min(1, "Enter the person's full name").max(200, "Name must be 200 characters or fewer"),
  email: emailAddress("Enter an email address"),
  /** Empty: leave their roles where they are. */
  organisationId: z.union([z.literal(""), z.uuid({ error: "Select an organisation" })]).default(""),
});

export const personSchema = z.object({ userId: z.uuid() });

export const renameOrganisationSchema = z.object({
  organisationId: z.uuid(),
  name: createOrganisationSchema.shape.name,
  type: createOrganisationSchema.shape.type,
});

/** Merge `organisationId` (the duplicate, which goes) into `intoId` (the one that stays). */
export const mergeOrganisationsSchema = z.object({
  organisationId: z.uuid(),
  intoId: z.uuid({ error: "Select the organisation to keep" }),
});


/** Erase a member of the public on their request, after the confirmation step. */
export const erasePersonSchema = z.object({ userId: z.uuid(), confirm: confirmed("erase their data") });

