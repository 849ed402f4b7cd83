// On a report page read from the read replica (DATABASE_REPLICA_URL) while it lags by more than
// 5 seconds: says how old the figures are, so nobody takes them for this moment's.
export function FiguresAsOf({ notice }: { notice: string | null }) {
  if (!notice) return null;
  return (
    <div className="govuk-inset-text" data-testid="figures-as-of">
      These {notice.replace(/^figures/, "figures are")}: the newest changes will show here shortly.
    </div>
  );
}
