// Agreement between two officers who coded the same answers (a second officer's review): per
// theme, each answer is a yes/no decision by each coder, so the pair of codings is a 2×2 table
// (both, first only, second only, neither). From it: percentage agreement and Cohen's kappa,
// which discounts the agreement two coders would reach by chance given how often each uses the
// theme. Pure: no database.

export type TwoByTwo = { both: number; firstOnly: number; secondOnly: number; neither: number };

export type Agreement = TwoByTwo & {
  n: number;
  /** Share of answers on which the two agree (0..1), or null with no answers. */
  percent: number | null;
  /**
   * Cohen's kappa, or null where it is undefined: no answers, or chance agreement of 1 (both
   * coders gave every answer the same code, so nothing is left to agree on beyond chance).
   */
  kappa: number | null;
};

/** Percentage agreement and Cohen's kappa of a 2×2 table. */
export function agreementOf(t: TwoByTwo): Agreement {
  const n = t.both + t.firstOnly + t.secondOnly + t.neither;
  if (n === 0) return { ...t, n, percent: null, kappa: null };
  const observed = (t.both + t.neither) / n;
  const firstYes = (t.both + t.firstOnly) / n;
  const secondYes = (t.both + t.secondOnly) / n;
  const chance = firstYes * secondYes + (1 - firstYes) * (1 - secondYes);
  const kappa = chance >= 1 ? null : (observed - chance) / (1 - chance);
  return { ...t, n, percent: observed, kappa };
}

/** Landis and Koch's words for a kappa (1977), as analysts quote them. */
export function kappaWords(kappa: number | null): string {
  if (kappa === null) return "not defined";
  if (kappa < 0) return "poor (less than chance)";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almost perfect";
}

export type CodedPair = { first: readonly string[]; second: readonly string[] };

export type AgreementReport = {
  perTheme: ({ themeId: string } & Agreement)[];
  /** Every theme's decisions pooled into one 2×2 table. */
  pooled: Agreement;
  /** Answers on which both coders chose exactly the same set of themes. */
  identical: number;
  coded: number;
};

/**
 * Agreement per theme over answers both officers coded. Themes outside `themeIds` (deleted or
 * merged since) are left out of the tables, as are they from "identical".
 */
export function measureAgreement(themeIds: readonly string[], pairs: readonly CodedPair[]): AgreementReport {
  const known = new Set(themeIds);
  const perTheme = themeIds.map((themeId) => {
    const t: TwoByTwo = { both: 0, firstOnly: 0, secondOnly: 0, neither: 0 };
    for (const p of pairs) {
      const a = p.first.includes(themeId);
      const b = p.second.includes(themeId);
      if (a && b) t.both++;
      else if (a) t.firstOnly++;
      else if (b) t.secondOnly++;
      else t.neither++;
    }
    return { themeId, ...agreementOf(t) };
  });
  const pooled = agreementOf(
    perTheme.reduce((s, t) => ({ both: s.both + t.both, firstOnly: s.firstOnly + t.firstOnly, secondOnly: s.secondOnly + t.secondOnly, neither: s.neither + t.neither }), { both: 0, firstOnly: 0, secondOnly: 0, neither: 0 }),
  );
  const sameSet = (p: CodedPair) => {
    const a = new Set(p.first.filter((x) => known.has(x)));
    const b = new Set(p.second.filter((x) => known.has(x)));
    return a.size === b.size && [...a].every((x) => b.has(x));
  };
  return { perTheme, pooled, identical: pairs.filter(sameSet).length, coded: pairs.length };
}

/** Whether two codings of one answer differ (on themes still in the codeframe). */
export function disagrees(themeIds: readonly string[], p: CodedPair): boolean {
  return measureAgreement(themeIds, [p]).identical === 0;
}
