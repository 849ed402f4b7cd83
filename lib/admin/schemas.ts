import { z } from "zod";
import { ORGANISATION_TYPES, ROLES } from "../../db/schema/organisations";
import { emailAddress } from "../auth/schemas";

export const createOrganisationSchema = z.object({
  name: z.string().trim().min(1, "Enter the organisation's name").max(200, "Name must be 200 characters or fewer"),
  type: z.enum(ORGANISATION_TYPES, { error: "Select the type of organisation" }),
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

export const revokeRoleSchema = z.object({ membershipId: z.uuid() });

export const endSessionsSchema = z.object({ userId: z.uuid() });
