// The API's request and response shapes as zod schemas: route handlers parse requests with
// them, and the OpenAPI document (openapi.ts) is generated from them, so the documentation
// cannot drift from what the code accepts. Question sets use lib/question-sets' own schema.
import { z } from "zod";
import { ANSWER_SET_STATUSES, CONSULTATION_KINDS, CONSULTATION_STATUSES, PUBLISH_RESPONSES, QUESTION_TYPES } from "../../db/schema/consultations";
import { DRAFT_STATUSES } from "../../db/schema/drafting";
import { DRAFT_TEXT_MAX, EDITABLE_DRAFT_STATUSES } from "../drafts/schemas";
import { ORGANISATION_TYPES } from "../../db/schema/organisations";
import { PUBLISH_CONSENTS, RESPONSE_STATUSES } from "../../db/schema/responses";

/** The answer set's statuses, and "not_applicable" for a questionnaire (no council answer). */
export const API_ANSWER_SET_STATUSES = [...ANSWER_SET_STATUSES, "not_applicable"] as const;

const uuid = z.uuid().meta({ example: "3f1c2a9e-8b7d-4c55-9a31-2d4e6f708192" });
const dateTime = z.iso.datetime({ offset: true }).meta({ example: "2026-03-02T14:30:00.000Z" });
const calendarDate = z.iso.date().meta({ example: "2026-03-03" });

// ---------------------------------------------------------------------------------------------
// Errors

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code", example: "invalid" }),
      message: z.string().meta({ description: "What went wrong, for a person to read", example: "The request is not valid" }),
      details: z
        .unknown()
        .optional()
        .meta({ description: "For 400 and 422: a list of { path, message }. For 412: { current } with the stored version." }),
      reference: z
        .string()
        .optional()
        .meta({ description: "For 500 and 503: the failure's reference in the service's log; quote it when reporting the problem", example: "2868193867" }),
    }),
  })
  .meta({ id: "Error", description: "Every error has this shape." });

export const issueSchema = z.object({
  path: z.string().meta({ description: "Dotted path to the field; empty for the whole body", example: "chapters.0.title" }),
  message: z.string().meta({ example: "Give the chapter a title" }),
})
  .meta({ id: "Issue" });

// ---------------------------------------------------------------------------------------------
// Consultations

export const organisationRefSchema = z.object({
  id: uuid,
  name: z.string().meta({ example: "Chorley Council" }),
  type: z.enum(ORGANISATION_TYPES),
})
  .meta({ id: "OrganisationRef" });

export const stageSchema = z.object({
  name: z.string().meta({ example: "Partners give their views" }),
  description: z.string(),
  startsOn: calendarDate.nullable(),
  dueOn: calendarDate.nullable(),
})
  .meta({ id: "Stage" });

export const questionSchema = z.object({
  id: uuid,
  number: z.string().meta({ description: "As printed in the paper", example: "16" }),
  subheading: z.string().nullable().meta({ example: "LSP as the partnership of partnerships" }),
  type: z.enum(QUESTION_TYPES),
  text: z.string().meta({ example: "Should every local authority area have its own LSP?" }),
  hint: z.string(),
  required: z.boolean(),
  options: z.array(z.string()).meta({ description: "For choice, scale and ranking questions" }),
  limits: z.record(z.string(), z.number()).meta({ description: "maxLength, minLength, min, max, minSelections, maxSelections as they apply" }),
  showIf: z.object({ questionNumber: z.string(), equals: z.array(z.string()) }).nullable(),
})
  .meta({ id: "Question" });

export const chapterSchema = z.object({
  id: uuid,
  title: z.string().meta({ example: "Governance" }),
  description: z.string(),
  subheadings: z.array(z.string()).meta({ description: "The chapter's sub-headings in order; each question names its own" }),
  questions: z.array(questionSchema),
})
  .meta({ id: "Chapter" });

export const consultationSummarySchema = z.object({
  id: uuid,
  slug: z.string().meta({ example: "lsp-shaping-their-future" }),
  title: z.string().meta({ example: "Local Strategic Partnerships: Shaping their Future" }),
  summary: z.string(),
  kind: z.enum(CONSULTATION_KINDS),
  status: z.enum(CONSULTATION_STATUSES),
  askedBy: z.string().nullable().meta({ description: "For a consultation to answer: who is asking", example: "Office of the Deputy Prime Minister (ODPM)" }),
  responseDeadline: calendarDate.nullable(),
  opensAt: dateTime.nullable(),
  closesAt: dateTime.nullable(),
  owner: organisationRefSchema.meta({ description: "The council that runs or answers the consultation" }),
  publishedVersion: z.number().int().meta({ description: "Latest published structure version; 0 if never published" }),
  answerSetStatus: z.enum(API_ANSWER_SET_STATUSES).meta({
    description:
      "Where the council's own answers are: drafting, in_review or signed_off for a consultation the council answers; not_applicable for a questionnaire, which needs no council answer",
  }),
})
  .meta({ id: "ConsultationSummary" });

export const consultationSchema = consultationSummarySchema.extend({
  audienceDescription: z.string(),
  privacyNotice: z.string(),
  publishResponses: z.enum(PUBLISH_RESPONSES).meta({
    description: "Whether the council publishes responses (while_open, after_close) or not (no); when it does, a submission states publishConsent",
  }),
  stages: z.array(stageSchema),
  currentStage: z
    .string()
    .nullable()
    .meta({ description: "The stage under way today (UK date), as people read it; null when none is", example: "Stage 2: Overview and Scrutiny Committee" }),
  chapters: z.array(chapterSchema),
})
  .meta({ id: "Consultation" });

export const consultationListSchema = z.object({ data: z.array(consultationSummarySchema) })
  .meta({ id: "ConsultationList" });

export const listConsultationsQuerySchema = z.object({
  status: z.enum(CONSULTATION_STATUSES, { error: `status must be one of ${CONSULTATION_STATUSES.join(", ")}` }).optional(),
});

// ---------------------------------------------------------------------------------------------
// Paste parser

export const parseQuerySchema = z.object({
  title: z.string().trim().min(1).max(300).optional().meta({ description: "Title for the question set (default: taken from the text)" }),
  kind: z.enum(CONSULTATION_KINDS, { error: `kind must be one of ${CONSULTATION_KINDS.join(", ")}` }).optional(),
});

export const parseWarningSchema = z.object({
  line: z.number().int().meta({ description: "1-based line in the text sent", example: 41 }),
  code: z.string().meta({ example: "number_gap" }),
  message: z.string().meta({ example: "Question 14 is missing: the numbering goes from 13 to 15" }),
  text: z.string().optional(),
})
  .meta({ id: "ParseWarning" });

// ---------------------------------------------------------------------------------------------
// Responses

export const answerSchema = z.object({
  questionId: uuid,
  questionNumber: z.string().meta({ example: "12" }),
  value: z.unknown().meta({
    description:
      "The stored value: text for long_text, short_text, single_choice and agreement_scale; a list for multiple_choice and ranking (best first); a number; a date as YYYY-MM-DD; { answer, explanation } for yes_no; { status, commentary } for rag_status.",
  }),
  text: z.string().meta({ description: "The value as plain text" }),
})
  .meta({ id: "Answer" });

export const responseSchema = z.object({
  id: uuid,
  consultationId: uuid,
  reference: z.string().nullable().meta({ example: "LSPSTF-7K3F-92QX" }),
  status: z.enum(RESPONSE_STATUSES),
  revision: z.number().int().meta({ description: "1 at first submission, +1 per amendment" }),
  submittedAt: dateTime.nullable(),
  consultationVersion: z.number().int().nullable().meta({ description: "The published structure version answered" }),
  organisation: organisationRefSchema,
  answers: z.array(answerSchema),
})
  .meta({ id: "Response" });

export const responsePageSchema = z.object({
  data: z.array(responseSchema),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
})
  .meta({ id: "ResponsePage" });

export const listResponsesQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "limit must be a whole number from 1 to 100" })
    .int("limit must be a whole number from 1 to 100")
    .min(1, "limit must be a whole number from 1 to 100")
    .max(100, "limit must be a whole number from 1 to 100")
    .default(25),
  cursor: z.string().max(200).optional().meta({ description: "nextCursor from the previous page" }),
});

export const submitResponseSchema = z
  .object({
    answers: z
      .array(
        z
          .object({
            questionId: z.uuid().optional(),
            questionNumber: z.string().min(1).max(20).optional().meta({ example: "1" }),
            value: z.unknown().meta({ description: "The answer in the stored form for the question's type (see Answer.value); null for no answer" }),
          })
          .strict()
          .refine((a) => a.questionId !== undefined || a.questionNumber !== undefined, "Give questionId or questionNumber"),
      )
      .min(1, "Send at least one answer")
      .max(1000),
    publishConsent: z
      .enum(PUBLISH_CONSENTS, { error: "publishConsent must be one of named, anonymous or none" })
      .optional()
      .meta({
        description:
          "Consent to publish this response, required when the consultation publishes responses (Consultation.publishResponses is not \"no\"); " +
          "without it such a submission is refused (422, field publishConsent). named: publish under the organisation's name; anonymous: publish " +
          "without it; none: do not publish. Ignored when the consultation does not publish responses. The name published is always the " +
          "organisation's, so there is no publishedName for API submissions.",
        example: "named",
      }),
  })
  .strict()
  .meta({ id: "SubmitResponse" });

// ---------------------------------------------------------------------------------------------
// Summaries and draft answers

export const questionSummarySchema = z.object({
  questionId: uuid,
  questionNumber: z.string(),
  type: z.enum(QUESTION_TYPES),
  closed: z.boolean().meta({ description: "Whether the question has options that can be counted" }),
  answered: z.number().int().meta({ description: "Submitted answers to the question" }),
  options: z
    .array(
      z.object({
        option: z.string().meta({ example: "Agree" }),
        count: z.number().int(),
        percent: z.number().meta({ description: "Of those who answered, to one decimal place" }),
        offered: z.boolean().meta({ description: "false for a value that is not among the question's options" }),
      }),
    )
    .nullable()
    .meta({ description: "For closed questions: the count for each option; null for open questions" }),
})
  .meta({ id: "QuestionSummary" });

export const draftAnswerSchema = z.object({
  questionId: uuid,
  questionNumber: z.string(),
  text: z.string(),
  status: z.enum(DRAFT_STATUSES),
  assigneeId: uuid.nullable().meta({ description: "The council officer writing it" }),
  version: z.number().int().meta({ description: "Send it back in If-Match when you save; 0 before the first save" }),
  updatedAt: dateTime.nullable(),
})
  .meta({ id: "DraftAnswer" });

export const putDraftAnswerSchema = z
  .object({
    text: z.string({ error: "Send the answer's text" }).max(DRAFT_TEXT_MAX, `The answer must be ${DRAFT_TEXT_MAX.toLocaleString("en-GB")} characters or fewer`),
    status: z
      .enum(EDITABLE_DRAFT_STATUSES, { error: `status must be one of ${EDITABLE_DRAFT_STATUSES.join(", ")}` })
      .optional()
      .meta({ description: "Leave out to keep the current status. \"approved\" is set only by sign-off." }),
    assigneeId: uuid.nullable().optional().meta({ description: "A council officer's user id, or null for nobody; leave out to keep" }),
  })
  .strict()
  .meta({ id: "DraftAnswerUpdate" });

export const preconditionFailedSchema = z.object({
  error: z.object({
    code: z.literal("precondition_failed"),
    message: z.string(),
    details: z.object({ current: draftAnswerSchema }),
  }),
})
  .meta({ id: "PreconditionFailedError" });

export const exportCsvQuerySchema = z.object({
  shape: z
    .enum(["wide", "long"], { error: "shape must be wide or long" })
    .default("wide")
    .meta({ description: "wide: one row per response, a column per question; long: one row per answer" }),
});

// ---------------------------------------------------------------------------------------------
// Analysis of free-text answers (issue 17)

export const apiThemeSchema = z
  .object({
    id: uuid,
    name: z.string(),
    description: z.string(),
    parentId: uuid.nullable().meta({ description: "The theme it sits inside, if any" }),
    answers: z.number().int().meta({ description: "Submitted answers tagged with the theme (confirmed or suggested)" }),
    respondents: z.number().int().meta({ description: "Distinct respondents: organisations, and members of the public each as themselves" }),
    confirmed: z.number().int().meta({ description: "Answers whose tag an officer confirmed" }),
    suggested: z.number().int().meta({ description: "Answers tagged only by a keyword rule or a suggestion, not yet confirmed" }),
    byOrganisationType: z.record(z.string(), z.number().int()),
    byStage: z.record(z.string(), z.number().int()).meta({ description: "Answers by stage id (last saved during the stage)" }),
  })
  .meta({ id: "Theme" });

export const apiThemesSchema = z
  .object({
    questionId: uuid,
    answered: z.number().int().meta({ description: "Submitted answers to the question" }),
    analysed: z.number().int().meta({ description: "Of those, answers an officer marked analysed" }),
    themes: z.array(apiThemeSchema),
  })
  .meta({ id: "QuestionThemes" });

export const apiAnswerTagsSchema = z
  .object({
    responseId: uuid,
    questionId: uuid,
    version: z.number().int().meta({ description: "Send it back in If-Match when you set the tags" }),
    analysed: z.boolean(),
    tags: z.array(
      z.object({
        id: uuid.meta({ description: "The tag's id: DELETE …/tags/passages/{tagId} removes a passage's tag" }),
        themeId: uuid,
        themeName: z.string(),
        passage: z
          .object({ start: z.number().int(), end: z.number().int(), text: z.string() })
          .nullable()
          .meta({ description: "The tagged words (UTF-16 code units of the answer's text, end not included); null for a theme of the whole answer" }),
        source: z.enum(["manual", "rule", "suggestion"]),
        status: z.enum(["confirmed", "suggested"]),
      }),
    ),
  })
  .meta({ id: "AnswerTags" });

export { postPassageBodySchema, putAnswerTagsBodySchema } from "../analysis/schemas";

export const tagsPreconditionFailedSchema = z
  .object({
    error: z.object({
      code: z.literal("precondition_failed"),
      message: z.string(),
      details: z.object({ current: apiAnswerTagsSchema }),
    }),
  })
  .meta({ id: "TagsPreconditionFailedError" });
