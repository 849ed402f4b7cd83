// The API reference, rendered on the server from the same OpenAPI document the API serves
// (lib/api/openapi.ts), so the page cannot describe an API that does not exist. Public.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Metadata } from "next";
import { Tag } from "@/components/ui/tag";
import { openApiDocument } from "@/lib/api/openapi";
import { rateLimitPerMinute } from "@/lib/api/rate-limit";
import { appUrl } from "@/lib/config";
import { CodeBlock, exampleOf, PropertiesTable, refName, resolve, TypeOf, type Doc } from "./openapi-view";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

type Operation = { method: string; path: string; op: any };

const METHOD_TAG: Record<string, string> = { GET: "submitted", POST: "in_review", PUT: "drafting", DELETE: "closed" };

function operationsByTag(doc: Doc): Map<string, Operation[]> {
  const byTag = new Map<string, Operation[]>();
  for (const tag of doc.tags ?? []) byTag.set(tag.name, []);
  for (const [path, item] of Object.entries(doc.paths ?? {}) as [string, any][]) {
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method: method.toUpperCase(), path, op });
    }
  }
  return byTag;
}

const anchor = (op: Operation) => `op-${op.op.operationId ?? `${op.method}-${op.path}`.replace(/[^a-zA-Z0-9]+/g, "-")}`;
const tagAnchor = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

function sentence(s: string | undefined): string {
  if (!s) return "";
  return /[.!?)]$/.test(s) ? s : `${s}.`;
}

function OperationSection({ doc, o }: { doc: Doc; o: Operation }) {
  const params: any[] = o.op.parameters ?? [];
  const body = o.op.requestBody?.content ?? {};
  const bodyTypes = Object.keys(body);
  const responses = Object.entries(o.op.responses ?? {}) as [string, any][];
  const success = responses.find(([status]) => status.startsWith("2"));
  const successJson = success?.[1]?.content?.["application/json"];
  const needsKey = !(Array.isArray(o.op.security) && o.op.security.length === 0);
  return (
    <section className="govuk-!-margin-bottom-9" aria-labelledby={anchor(o)}>
      <h3 className="govuk-heading-m" id={anchor(o)}>
        <Tag status={METHOD_TAG[o.method] ?? "draft"}>{o.method}</Tag> <code className="govuk-!-font-size-24">{o.path}</code>
      </h3>
      <p className="govuk-body govuk-!-font-weight-bold">{sentence(o.op.summary)}</p>
      {o.op.description ? <p className="govuk-body">{o.op.description}</p> : null}
      <p className="govuk-body-s">{needsKey ? "Needs an API key." : "No API key needed."}</p>

      {params.length > 0 && (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Parameters</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">In</th>
              <th scope="col" className="govuk-table__header">Type</th>
              <th scope="col" className="govuk-table__header">Notes</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {params.map((p) => (
              <tr className="govuk-table__row" key={`${p.in}-${p.name}`}>
                <td className="govuk-table__cell">
                  <code>{p.name}</code>
                </td>
                <td className="govuk-table__cell">{p.in === "path" ? "path" : p.in === "query" ? "query string" : "header"}</td>
                <td className="govuk-table__cell">
                  <TypeOf schema={p.schema ?? {}} />
                </td>
                <td className="govuk-table__cell">
                  {p.description ?? p.schema?.description ? <>{sentence(p.description ?? p.schema?.description)} </> : null}
                  <span className="govuk-body-s">{p.required ? "Required." : "Optional."}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {bodyTypes.length > 0 && (
        <>
          <h4 className="govuk-heading-s">Request body</h4>
          {bodyTypes.map((type) => {
            const media = body[type];
            const schema = media.schema ?? {};
            return (
              <div key={type}>
                <p className="govuk-body">
                  <code>{type}</code>
                  {schema.$ref ? (
                    <>
                      {": "}
                      <TypeOf schema={schema} />
                    </>
                  ) : null}
                  {o.op.requestBody?.required ? " (required)" : ""}
                </p>
                {type === "application/json" && !schema.$ref ? <PropertiesTable doc={doc} schema={resolve(doc, schema)} /> : null}
                <p className="govuk-body-s govuk-!-margin-bottom-1">Example request body</p>
                <CodeBlock value={media.example ?? exampleOf(doc, schema)} />
              </div>
            );
          })}
        </>
      )}

      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--s">Responses</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Status</th>
            <th scope="col" className="govuk-table__header">Meaning</th>
            <th scope="col" className="govuk-table__header">Body</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {responses.map(([status, r]) => {
            const types = Object.keys(r.content ?? {});
            const schema = r.content?.[types[0] ?? ""]?.schema;
            return (
              <tr className="govuk-table__row" key={status}>
                <td className="govuk-table__cell">
                  <strong>{status}</strong>
                </td>
                <td className="govuk-table__cell">{sentence(r.description)}</td>
                <td className="govuk-table__cell">
                  {types[0] === "application/json" && schema ? <TypeOf schema={schema} /> : types[0] ? <code>{types[0]}</code> : "None"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {successJson?.schema && (
        <details className="govuk-details">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">
              Example {success![0]} response<span className="govuk-visually-hidden"> for {o.method} {o.path}</span>
            </span>
          </summary>
          <div className="govuk-details__text">
            <CodeBlock value={successJson.example ?? exampleOf(doc, successJson.schema)} />
          </div>
        </details>
      )}
    </section>
  );
}

export default function ApiDocsPage() {
  const doc = openApiDocument() as Doc;
  const base = `${appUrl()}/api/v1`;
  const byTag = operationsByTag(doc);
  const schemas = Object.keys(doc.components?.schemas ?? {}).sort();
  return (
    <>
      <span className="govuk-caption-l">Version {doc.info?.version}</span>
      <h1 className="govuk-heading-xl">API reference</h1>
      <p className="govuk-body-l">{doc.info?.description?.split(". ")[0]}.</p>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-l" id="getting-started">
            Getting started
          </h2>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Base address</dt>
              <dd className="govuk-summary-list__value">
                <code>{base}</code>
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Format</dt>
              <dd className="govuk-summary-list__value">JSON in and out (UTF-8), except the paste parser (text in) and the CSV export (CSV out).</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Machine-readable</dt>
              <dd className="govuk-summary-list__value">
                <a className="govuk-link" href="/api/v1/openapi.json">
                  OpenAPI 3.1 document
                </a>{" "}
                (this page is made from it) and the{" "}
                <a className="govuk-link" href="/api/v1/question-set.schema.json">
                  question-set JSON Schema
                </a>
                .
              </dd>
            </div>
          </dl>

          <h3 className="govuk-heading-m" id="authentication">
            Authentication
          </h3>
          <p className="govuk-body">
            Ask an administrator for an API key. Each key acts for one organisation and is either <strong>read only</strong> or <strong>read and write</strong>.
            A council&apos;s key sees all the responses to that council&apos;s consultations and can work on its draft answers; a partner organisation&apos;s key
            sees only its own organisation&apos;s responses and can submit them. Send the key with every request:
          </p>
          <CodeBlock value={`curl -H "Authorization: Bearer cck_…" ${base}/consultations`} />
          <p className="govuk-body">The key is shown once, when it is created; keep it secret. A revoked key stops working at once.</p>

          <h3 className="govuk-heading-m" id="errors">
            Errors
          </h3>
          <p className="govuk-body">Every error has the same shape, with a status that says what kind of problem it is:</p>
          <CodeBlock value={{ error: { code: "invalid", message: "The request is not valid", details: [{ path: "chapters.0.title", message: "Give the chapter a title" }] } }} />
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Error statuses</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Status</th>
                <th scope="col" className="govuk-table__header">When</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {[
                ["400", "The request is malformed: the body is not JSON, or a query parameter, header or cursor is not valid. details lists each problem."],
                ["401", "No API key, or one that is not valid or has been revoked."],
                ["403", "The key's organisation or scope does not allow this (for example, a read-only key trying to write)."],
                ["404", "No such record, or one your key may not see."],
                ["409", "Locked (a closed consultation, or answers that have been signed off), or a request with the same Idempotency-Key is still running."],
                ["412", "If-Match names an older version of a draft answer. details.current has the stored one."],
                ["413", "The body is larger than the limit (1 MB; 2 MB for question sets and pasted text)."],
                ["422", "The body is well-formed but not valid. details lists { path, message } for each problem."],
                ["428", "If-Match is required."],
                ["429", "Too many requests for this key; wait for the number of seconds in Retry-After."],
              ].map(([s, w]) => (
                <tr className="govuk-table__row" key={s}>
                  <td className="govuk-table__cell">
                    <strong>{s}</strong>
                  </td>
                  <td className="govuk-table__cell">{w}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h3 className="govuk-heading-m" id="limits">
            Rate limit, paging, retries and versions
          </h3>
          <ul className="govuk-list govuk-list--bullet">
            <li>Each key may make {rateLimitPerMinute()} requests a minute; beyond that you get 429 with Retry-After.</li>
            <li>
              Lists of responses come a page at a time: pass <code>limit</code> (1 to 100) and, for the next page, the <code>nextCursor</code> you were
              given as <code>cursor</code>. The last page has <code>nextCursor: null</code>.
            </li>
            <li>
              Submitting a response is safe to retry with an <code>Idempotency-Key</code> header: the same key and body return the first result again; the
              same key with a different body is refused.
            </li>
            <li>
              Draft answers carry a version. Send it back in <code>If-Match</code> when you save, so you never overwrite someone else&apos;s newer text.
            </li>
          </ul>

          <h2 className="govuk-heading-l" id="contents">
            Endpoints
          </h2>
          <ul className="govuk-list">
            {[...byTag.entries()]
              .filter(([, ops]) => ops.length)
              .map(([tag, ops]) => (
                <li key={tag}>
                  <a className="govuk-link govuk-!-font-weight-bold" href={`#${tagAnchor(tag)}`}>
                    {tag}
                  </a>
                  <ul className="govuk-list govuk-!-margin-left-4">
                    {ops.map((o) => (
                      <li key={anchor(o)}>
                        <a className="govuk-link" href={`#${anchor(o)}`}>
                          {o.method} {o.path}
                        </a>{" "}
                        <span className="govuk-body-s">– {o.op.summary}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
          </ul>
        </div>
      </div>

      {[...byTag.entries()]
        .filter(([, ops]) => ops.length)
        .map(([tag, ops]) => (
          <section key={tag} aria-labelledby={tagAnchor(tag)}>
            <h2 className="govuk-heading-l" id={tagAnchor(tag)}>
              {tag}
            </h2>
            {ops.map((o) => (
              <OperationSection key={anchor(o)} doc={doc} o={o} />
            ))}
          </section>
        ))}

      <section aria-labelledby="schemas">
        <h2 className="govuk-heading-l" id="schemas">
          Schemas
        </h2>
        {schemas.map((name) => {
          const schema = doc.components.schemas[name];
          return (
            <section key={name} className="govuk-!-margin-bottom-8" aria-labelledby={`schema-${name}`}>
              <h3 className="govuk-heading-m" id={`schema-${name}`}>
                {refName(name)}
              </h3>
              {schema.description ? <p className="govuk-body">{sentence(schema.description)}</p> : null}
              {schema.properties ? <PropertiesTable doc={doc} schema={schema} /> : <p className="govuk-body"><TypeOf schema={schema} /></p>}
            </section>
          );
        })}
      </section>
    </>
  );
}
