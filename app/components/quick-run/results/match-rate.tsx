import { formatCount, formatMoney } from "~/components/format";
import type { ResultsData } from "./results-data";
import { describeUnmatchedGroup, formatRate } from "./unmatched-words";

/** The headline: the share of rows in scope that matched, by count and by amount, and why the biggest groups of the rest did not. */
export function MatchRate({ data }: { data: ResultsData }) {
  const rates = data.matchRates;
  if (!rates) return null;
  const files = { source: data.sourceFile.name, target: data.targetFile.name };
  return (
    <section aria-labelledby="match-rate-heading" className="space-y-3">
      <h2 id="match-rate-heading" className="text-base font-semibold text-slate-900">
        Match rate
      </h2>
      <dl className="grid gap-3 md:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
          <dt className="text-xs text-slate-600">By count</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid="match-rate-count">
            {rates.byCount === null ? "—" : formatRate(rates.byCount)}
          </dd>
          <dd className="text-xs text-slate-600">
            {formatCount(rates.matchedRows)} of {formatCount(rates.rowsInScope)} rows in scope (both files, excluded rows left out)
          </dd>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
          <dt className="text-xs text-slate-600">By amount</dt>
          {rates.byAmount.length === 0 ? <dd className="mt-1 text-2xl font-semibold text-slate-900">—</dd> : null}
          {rates.byAmount.map((entry) => (
            <dd key={entry.currency} data-testid={`match-rate-amount-${entry.currency}`}>
              <span className="text-2xl font-semibold tabular-nums text-slate-900">{entry.rate === null ? "—" : formatRate(entry.rate)}</span>{" "}
              <span className="text-xs text-slate-600">
                {formatMoney(entry.matchedMinor, entry.currency)} of {formatMoney(entry.inScopeMinor, entry.currency)}
              </span>
            </dd>
          ))}
        </div>
      </dl>
      {data.unmatched.length > 0 ? (
        <div>
          <h3 className="text-sm font-medium text-slate-800">Why rows are unmatched</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="unmatched-reasons">
            {data.unmatched.map((group) => (
              <li key={`${group.side}-${group.missing.join(",")}`}>
                {describeUnmatchedGroup(group, files, formatCount)}
                {Object.entries(group.amountMinorByCurrency).length > 0 ? (
                  <span className="text-slate-500"> · {Object.entries(group.amountMinorByCurrency).map(([currency, minor]) => formatMoney(minor, currency)).join(" · ")}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
