// For tests that read Prometheus's text format (lib/metrics.test.ts, e2e/metrics.spec.ts).

/** The value of one sample (`name{labels} value`), or undefined when there is none. */
export function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}
