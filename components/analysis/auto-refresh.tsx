"use client";
// While suggestions are worked out, refresh the page's data every few seconds (with JavaScript;
// without it the page offers a refresh link instead, since a meta refresh takes control away).
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function AutoRefresh({ seconds }: { seconds: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), seconds * 1000);
    return () => clearInterval(t);
  }, [router, seconds]);
  return null;
}
