// Links within the respondent's journey; they name the organisation when the person answers
// for several. Plain data in, so pages of either router can build them from their props.
export type RespondLinks = (rest?: string, params?: Record<string, string>, hash?: string) => string;

export function respondLinks(slug: string, org: string | null): RespondLinks {
  return (rest = "", params = {}, hash = "") => {
    const query = new URLSearchParams({ ...params, ...(org ? { org } : {}) }).toString();
    return `/respond/${slug}${rest}${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`;
  };
}
