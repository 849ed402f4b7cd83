// Test fixture: one question of every type, with a valid canonical answer to each, drawn from
// the seed papers (Breckland partner questionnaire, Rochford action plan RAG returns).
import type { QuestionType } from "../../db/schema/consultations";
import type { AnswerValue, QuestionDef } from "./answers";

function question(partial: Partial<QuestionDef> & Pick<QuestionDef, "id" | "number" | "type" | "text">): QuestionDef {
  return { hint: "", required: true, options: [], limits: {}, showIf: null, ...partial };
}

/** One required question of each type, keyed by type. Numbers match the example messages. */
export const QUESTION_OF_TYPE = {
  short_text: question({
    id: "00000000-0000-4000-8000-000000000001",
    number: "1",
    type: "short_text",
    text: "Which organisation are you responding for?",
  }),
  single_choice: question({
    id: "00000000-0000-4000-8000-000000000002",
    number: "2",
    type: "single_choice",
    text: "Which sector is your organisation in?",
    options: ["Police", "Health", "Voluntary sector", "Parish council", "Business"],
  }),
  multiple_choice: question({
    id: "00000000-0000-4000-8000-000000000003",
    number: "3",
    type: "multiple_choice",
    text: "Which themes should the Sustainable Community Strategy focus on?",
    hint: "Select all that apply",
    options: ["Economy", "Health and wellbeing", "Community safety", "Environment", "Housing"],
  }),
  long_text: question({
    id: "00000000-0000-4000-8000-000000000004",
    number: "4",
    type: "long_text",
    text: "What evidence of need and consultation data can your organisation share?",
  }),
  ranking: question({
    id: "00000000-0000-4000-8000-000000000005",
    number: "5",
    type: "ranking",
    text: "Rank these priorities, most important first",
    options: ["Economy", "Health and wellbeing", "Community safety", "Environment"],
  }),
  agreement_scale: question({
    id: "00000000-0000-4000-8000-000000000006",
    number: "6",
    type: "agreement_scale",
    text: "The partnership is well placed to deliver its priorities",
  }),
  number: question({
    id: "00000000-0000-4000-8000-000000000007",
    number: "7",
    type: "number",
    text: "How many staff days a year can your organisation commit to the partnership?",
    limits: { min: 0, max: 365 },
  }),
  yes_no: question({
    id: "00000000-0000-4000-8000-000000000008",
    number: "8",
    type: "yes_no",
    text: "Will your organisation commit resources to the partnership's priorities?",
  }),
  date: question({
    id: "00000000-0000-4000-8000-000000000009",
    number: "9",
    type: "date",
    text: "When will your organisation's own strategy next be refreshed?",
  }),
  rag_status: question({
    id: "00000000-0000-4000-8000-000000000010",
    number: "1.1",
    type: "rag_status",
    text: "Milestone 1.1: Reduce the number of young people not in education, employment or training",
  }),
} satisfies Record<QuestionType, QuestionDef>;

/** The same questions in position order. */
export const FIXTURE_QUESTIONS: QuestionDef[] = Object.values(QUESTION_OF_TYPE);

/** A valid canonical answer to each question in `QUESTION_OF_TYPE`. */
export const VALID_ANSWER_OF_TYPE = {
  short_text: "Breckland Council",
  single_choice: "Voluntary sector",
  multiple_choice: ["Economy", "Community safety"],
  long_text: "We hold the 2009 Place Survey results.\n\nWe can also share:\n- ward profiles\n- crime data",
  ranking: ["Community safety", "Economy", "Environment", "Health and wellbeing"],
  agreement_scale: "Agree",
  number: 12.5,
  yes_no: { answer: "Yes", explanation: "Two officers will attend each board meeting." },
  date: "2026-03-03",
  rag_status: { status: "Amber", commentary: "On track but funding for 2010–11 is not yet confirmed." },
} satisfies Record<QuestionType, AnswerValue>;
