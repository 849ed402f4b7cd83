// What a merge or a deletion of a theme did, carried by the redirect to the themes page (the
// theme whose forms were posted is gone, and with them their place to say it). Only ids and
// counts travel in the URL; the names come from the codeframe, so a link cannot make the page
// say anything the codeframe does not hold.
import { plural } from "../text/plural";

export type ThemeChange =
  | { kind: "merged"; into: string; moved: number }
  | { kind: "deleted"; moved: number; removed: number; movedTo: string | null };

/** The query parameters that carry `change` to the themes page, and the cross-tab it showed (`by`), if any. */
export function themeChangeParams(change: ThemeChange, crossTab?: string): URLSearchParams {
  const said: [string, string][] =
    change.kind === "merged"
      ? [["merged", change.into], ["moved", String(change.moved)]]
      : [["deleted", "1"], ["moved", String(change.moved)], ["removed", String(change.removed)], ...(change.movedTo ? [["to", change.movedTo] as [string, string]] : [])];
  if (crossTab) said.unshift(["by", crossTab]);
  return new URLSearchParams(said);
}

/** The sentence for the change the parameters carry; null when there is nothing (or nothing true) to say. */
export function themeChangeMessage(param: (key: string) => string | undefined, themes: { id: string; name: string }[]): string | null {
  const n = (key: string) => Math.max(0, Math.trunc(Number(param(key)) || 0));
  const name = (key: string) => themes.find((t) => t.id === param(key))?.name;
  const tags = (key: string) => plural(n(key), "tag");
  const target = name("merged");
  if (target) return `Merged into “${target}”: ${tags("moved")} moved`;
  if (param("deleted") !== "1") return null;
  const to = name("to");
  return to ? `Theme deleted: ${tags("moved")} moved to “${to}”, ${tags("removed")} removed` : `Theme deleted: ${tags("removed")} removed`;
}
