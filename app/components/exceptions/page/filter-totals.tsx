import { formatMoney } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import type { FilterTotals } from "./use-filter-totals";

/** "1,204 exceptions · €12,345.67 · $250.00 · 3 without an amount": the whole filter, not the rows loaded so far. */
export function FilterTotalsLine({ totals, problem }: { totals: FilterTotals | null; problem: ProblemView | null }) {
  if (problem) return <ProblemAlert problem={problem} className="mb-3" />;
  const currencies = totals ? Object.keys(totals.amountMinorByCurrency).sort() : [];
  return (
    <p className="mb-3 flex flex-wrap items-baseline gap-x-3 text-sm text-slate-700" aria-live="polite" data-testid="exception-totals">
      {totals ? (
        <>
          <strong className="font-semibold text-slate-900">{`${totals.count.toLocaleString("en-US")} exception${totals.count === 1 ? "" : "s"} match`}</strong>
          {currencies.map((currency) => (
            <span key={currency} className="tabular-nums" data-currency={currency}>
              {formatMoney(totals.amountMinorByCurrency[currency]!, currency)}
            </span>
          ))}
          {totals.withoutAmount > 0 ? <span className="text-slate-500">{`${totals.withoutAmount.toLocaleString("en-US")} without an amount`}</span> : null}
        </>
      ) : (
        <span className="text-slate-500">Counting…</span>
      )}
    </p>
  );
}

/** A link's empty, unknown or malformed parameters: left out of the list, and said so. */
export function IgnoredFiltersNotice({ ignored }: { ignored: Array<{ parameter: string; message: string }> }) {
  if (ignored.length === 0) return null;
  return (
    <Alert tone="warning" className="mb-4" title="Some filters in the link were left out">
      <ul className="list-disc pl-5">
        {ignored.map((item) => (
          <li key={item.parameter}>
            <code>{item.parameter}</code>: {item.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
