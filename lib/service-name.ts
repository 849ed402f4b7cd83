// The service's name (SERVICE_NAME), in a module of its own with no Node.js imports, so that a
// page bundled for the browser as well (pages/_error.tsx) can read it.

/** The name in the header and page titles. */
export function serviceName(): string {
  return process.env.SERVICE_NAME ?? "Council consultations";
}
