"use client";
// What only a page without working JavaScript needs to say (a search that reloads the page, say):
// shown as the server sends it, and gone once React has taken the page over. Unlike <noscript>
// it also shows when JavaScript is on but the page's scripts did not load, which is when the
// page does work as it would without them.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function UntilHydrated({ children }: { children: React.ReactNode }) {
  // The server's answer (false) during hydration, then the browser's (true).
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return hydrated ? null : children;
}
