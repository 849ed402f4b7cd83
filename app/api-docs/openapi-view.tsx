// Renders parts of the OpenAPI document as GOV.UK-styled HTML: schema types, property tables
// and example bodies made from the schemas' own examples. Server components only.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = Record<string, any>;

export type Doc = Json;

export function refName(ref: string): string {
  return ref.replace("#/components/schemas/", "");
}

export function resolve(doc: Doc, schema: Json | undefined): Json {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = doc.components?.schemas?.[refName(s.$ref)] ?? {};
  return s;
}

/** A short type description: "string (uuid)", "array of Answer", "string or null", one of the enum values. */
export function TypeOf({ schema }: { schema: Json }) {
  if (!schema || Object.keys(schema).length === 0) return <>any</>;
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a className="govuk-link" href={`#schema-${name}`}>
        {name}
      </a>
    );
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    if (Array.isArray(schema[key])) {
      return (
        <>
          {schema[key].map((s: Json, i: number) => (
            <span key={i}>
              {i > 0 ? " or " : ""}
              <TypeOf schema={s} />
            </span>
          ))}
        </>
      );
    }
  }
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = types.includes("null");
  const main = types.filter((t) => t !== "null");
  let body: React.ReactNode;
  if (main[0] === "array") {
    body = (
      <>
        list of <TypeOf schema={schema.items ?? {}} />
      </>
    );
  } else if (schema.enum) {
    body = (
      <>
        one of{" "}
        {schema.enum.map((v: unknown, i: number) => (
          <span key={i}>
            {i > 0 ? ", " : ""}
            <code>{JSON.stringify(v)}</code>
          </span>
        ))}
      </>
    );
  } else if (schema.const !== undefined) {
    body = <code>{JSON.stringify(schema.const)}</code>;
  } else {
    body = (
      <>
        {main.join(" or ") || "any"}
        {schema.format ? ` (${schema.format})` : ""}
      </>
    );
  }
  return (
    <>
      {body}
      {nullable ? " or null" : ""}
    </>
  );
}

function constraints(schema: Json): string[] {
  const out: string[] = [];
  if (schema.minLength !== undefined && schema.minLength > 0) out.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) out.push(`at most ${schema.maxLength.toLocaleString("en-GB")} characters`);
  if (schema.minimum !== undefined) out.push(`from ${schema.minimum}`);
  if (schema.maximum !== undefined) out.push(`up to ${schema.maximum}`);
  if (schema.minItems) out.push(`at least ${schema.minItems} items`);
  if (schema.maxItems !== undefined) out.push(`at most ${schema.maxItems} items`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.pattern && !schema.format) out.push(`matches ${schema.pattern}`);
  return out;
}

type Row = { name: string; schema: Json; required: boolean };

/** Properties as rows; nested inline objects are flattened with dotted names (owner.name). */
function rowsOf(doc: Doc, schema: Json, prefix = "", depth = 0): Row[] {
  const s = schema.$ref ? schema : schema;
  const props: Json = s.properties ?? {};
  const required: string[] = s.required ?? [];
  const rows: Row[] = [];
  for (const [name, prop] of Object.entries(props) as [string, Json][]) {
    const full = prefix ? `${prefix}.${name}` : name;
    rows.push({ name: full, schema: prop, required: required.includes(name) });
    if (!prop.$ref && prop.type === "object" && prop.properties && depth < 3) rows.push(...rowsOf(doc, prop, full, depth + 1));
    if (!prop.$ref && prop.type === "array" && prop.items?.type === "object" && prop.items.properties && depth < 3) {
      rows.push(...rowsOf(doc, prop.items, `${full}[]`, depth + 1));
    }
  }
  return rows;
}

export function PropertiesTable({ doc, schema, caption }: { doc: Doc; schema: Json; caption?: string }) {
  const rows = rowsOf(doc, schema);
  if (!rows.length) return null;
  return (
    <table className="govuk-table">
      {caption ? <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption> : null}
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Field</th>
          <th scope="col" className="govuk-table__header">Type</th>
          <th scope="col" className="govuk-table__header">Notes</th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r) => {
          const notes = [r.required ? "Required" : "Optional", ...constraints(r.schema)];
          return (
            <tr className="govuk-table__row" key={r.name}>
              <td className="govuk-table__cell">
                <code>{r.name}</code>
              </td>
              <td className="govuk-table__cell">
                <TypeOf schema={r.schema} />
              </td>
              <td className="govuk-table__cell">
                {r.schema.description ? <>{/[.!?)]$/.test(r.schema.description) ? r.schema.description : `${r.schema.description}.`} </> : null}
                <span className="govuk-body-s">{notes.join("; ")}.</span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** An example value built from the schema's examples, enums and types. */
export function exampleOf(doc: Doc, schema: Json | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) return exampleOf(doc, resolve(doc, schema), depth + 1);
  if (schema.default !== undefined && !(Array.isArray(schema.default) && schema.default.length === 0)) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  for (const key of ["anyOf", "oneOf"] as const) if (Array.isArray(schema[key])) return exampleOf(doc, schema[key][0], depth + 1);
  const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  const t = types.find((x) => x !== "null");
  if (t === "object" || schema.properties) {
    return Object.fromEntries(Object.entries((schema.properties ?? {}) as Json).map(([k, v]) => [k, exampleOf(doc, v as Json, depth + 1)]));
  }
  if (t === "array") return [exampleOf(doc, schema.items, depth + 1)];
  if (t === "integer" || t === "number") return schema.minimum ?? 1;
  if (t === "boolean") return true;
  if (t === "string") return schema.format === "date-time" ? "2026-03-02T14:30:00.000Z" : schema.format === "uuid" ? "3f1c2a9e-8b7d-4c55-9a31-2d4e6f708192" : "text";
  return null;
}

export function CodeBlock({ value }: { value: unknown }) {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return (
    <pre className="app-code-block">
      <code>{text}</code>
    </pre>
  );
}
