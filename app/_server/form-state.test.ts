import { afterEach, describe, expect, it, vi } from "vitest";
import { ConflictError, ForbiddenError, InvalidError } from "@/lib/errors";
import { stateFromError } from "./form-state";

const typed = { "q.1": "Our answer, as typed", topics: ["a", "b"] };

describe("stateFromError: a failed save drawn again with what was typed", () => {
  afterEach(() => vi.restoreAllMocks());

  it("puts a domain error's field messages beside their fields", () => {
    const state = stateFromError(new InvalidError("There is a problem", { "q.1": "Answer in 500 words or fewer" }), typed);
    expect(state).toEqual({ message: "There is a problem", errors: { "q.1": "Answer in 500 words or fewer" }, values: typed });
  });

  it("makes a domain error without fields the form's own error", () => {
    const state = stateFromError(new ForbiddenError("You cannot edit this response"), typed);
    expect(state).toMatchObject({ errors: { _form: "You cannot edit this response" }, values: typed });
  });

  it("lists a refusal's particulars under it", () => {
    const stale = Object.assign(new ConflictError("The answers changed since you read them", { hash: "b" }, { hash: "a" }), {
      particulars: ["Question 5: changed by Officer Two", 7],
    });
    const state = stateFromError(stale, typed);
    expect(state.errors).toEqual({ _form: "The answers changed since you read them" });
    expect(state.particulars).toEqual(["Question 5: changed by Officer Two"]);
    expect(state.conflict).toEqual({ current: { hash: "b" }, attempted: { hash: "a" } });
  });

  it("keeps both versions of a conflict, listed as an error unless the page draws its own panels", () => {
    const conflict = new ConflictError("A colleague saved a newer answer", { text: "theirs" }, { text: "ours" });
    expect(stateFromError(conflict, typed).errors).toEqual({ _form: "A colleague saved a newer answer" });
    const panels = stateFromError(conflict, typed, { conflictPanels: true });
    expect(panels).toEqual({ message: "A colleague saved a newer answer", errors: {}, values: typed, conflict: { current: { text: "theirs" }, attempted: { text: "ours" } } });
  });

  it("says a slow database is slow and an unexpected fault is nobody's doing, logs it, and never shows its words", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const slow = Object.assign(new Error("Failed query: update answers set text = $1\nparams: secret"), { cause: Object.assign(new Error("canceling statement"), { code: "57014" }) });
    const state = stateFromError(slow, typed);
    expect(state.errors?._form).toMatch(/^The database took too long to answer, so nothing was saved\. Try again in a minute\. If it keeps happening, report it with reference \d+\.$/);
    expect(state.values).toBe(typed);
    const fault = new TypeError("x is undefined");
    const other = stateFromError(fault, typed);
    expect(other.errors?._form).toMatch(/^Sorry, something went wrong and nothing was saved\. Try again\. If it keeps happening, report it with reference \d+\.$/);
    expect(JSON.stringify([state, other])).not.toMatch(/secret|undefined/);
    expect(log).toHaveBeenCalledTimes(2);
    // The reference is the one the log has the failure under.
    const reference = (fault as TypeError & { digest?: string }).digest!;
    expect(other.errors?._form).toContain(reference);
    expect(log.mock.calls[1]).toContain(fault);
  });
});
