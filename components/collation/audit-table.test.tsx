// The audit log's filter form: its actions are the fixed list (never a list of the log's people),
// the person is typed, and what anyone typed or was named is shown as text.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS } from "@/lib/audit/labels";
import { AUDIT_PERSON_MAX } from "@/lib/audit/schemas";
import { AuditFilterForm, AuditTable } from "./audit-table";

const HOSTILE = `"><script>alert(1)</script>&amp;`;

describe("AuditFilterForm", () => {
  it("offers every action the code writes, by label, and a text field for the person rather than a list of people", () => {
    const html = renderToStaticMarkup(<AuditFilterForm action="/admin/audit" values={{}} />);
    const options = [...html.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options[0]).toEqual(["", "All actions"]);
    expect(options).toHaveLength(Object.keys(AUDIT_ACTION_LABELS).length + 1);
    for (const [action, label] of Object.entries(AUDIT_ACTION_LABELS)) expect(options).toContainEqual([action, label.replace(/'/g, "&#x27;")]);
    expect(html.match(/<select/g)).toHaveLength(1);
    expect(html).toContain('<label class="govuk-label" for="person">Person (name or email)</label>');
    const input = /<input[^>]*id="person"[^>]*>/.exec(html)?.[0] ?? "";
    for (const attribute of ['name="person"', 'type="search"', `maxLength="${AUDIT_PERSON_MAX}"`, 'aria-describedby="person-hint"']) expect(input).toContain(attribute);
    expect(html).not.toContain('name="actor"');
    expect(html).toContain('method="get"');
  });

  it("keeps the chosen action and what was typed, as text", () => {
    const html = renderToStaticMarkup(<AuditFilterForm action="/admin/audit" values={{ action: "signoff.approve", person: HOSTILE }} />);
    expect(html).toMatch(/<option value="signoff.approve" selected="">/);
    expect(html).not.toContain("<script>");
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;"');
  });

  it("says why the person's text was refused, at the field", () => {
    const html = renderToStaticMarkup(<AuditFilterForm action="/admin/audit" values={{ person: "bulk" }} error={`More than 100 people's names begin “${HOSTILE}”`} />);
    expect(html).toContain("govuk-form-group--error");
    expect(html).toContain('aria-describedby="person-hint person-error"');
    expect(html).toContain('<p class="govuk-error-message" id="person-error"><span class="govuk-visually-hidden">Error:</span> More than 100 people&#x27;s names begin “&quot;&gt;&lt;script&gt;');
  });

  it("keeps a link's person (by id) through the form and says whose entries they are, with a way back to everyone's", () => {
    const id = "0b6f3c1e-8a4d-4f7b-9c2e-1d5a6b7c8d9e";
    const html = renderToStaticMarkup(<AuditFilterForm action="/admin/audit" values={{ actor: id }} filteredBy={{ name: HOSTILE }} everyoneHref="/admin/audit" />);
    expect(html).toContain(`<input type="hidden" name="actor" value="${id}"/>`);
    expect(html).toContain("Only the entries by &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;.");
    expect(html).toContain('<a class="govuk-link" href="/admin/audit">Show everyone&#x27;s entries</a>');
    expect(renderToStaticMarkup(<AuditFilterForm action="/admin/audit" values={{ actor: id }} filteredBy={null} />)).toContain("Only the entries by a person who was not found.");
  });
});

describe("AuditTable", () => {
  it("shows a person's name as text", () => {
    const row = { id: 1, at: new Date("2025-01-02T10:00:00Z"), action: "comment.add", entityType: "comment", entityId: null, consultationId: null, consultationTitle: null, consultationOwnerId: null, organisationId: null, before: null, after: null, actorId: null, actorName: HOSTILE };
    const html = renderToStaticMarkup(<AuditTable rows={[row]} caption="Newest first" />);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;");
  });
});
