// A plain-text answer from a route handler: for a download or a post that cannot be answered
// with a page (a file that failed, a request that is not the form), never cached.
export function plain(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
