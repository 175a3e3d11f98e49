import { Link } from "@remix-run/react";
import { formatCount, formatMoney } from "~/components/format";
import { buttonClasses } from "~/components/ui/button";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { ResultsData } from "./results-data";

export function Summary({ data, exceptionsUrl }: { data: ResultsData; exceptionsUrl: string }) {
  const summary = data.reconciliation.summary!;
  const types = Object.entries(summary.exceptionsByType).filter(([, count]) => count > 0);
  const total = types.reduce((sum, [, count]) => sum + count, 0);
  const amountsOf = (type: string) => data.exceptionsByType.find((bucket) => bucket.key === type)?.amountMinorByCurrency ?? {};
  return (
    <>
      <section aria-labelledby="summary-heading" className="space-y-3">
        <h2 id="summary-heading" className="text-base font-semibold text-slate-900">
          Results
        </h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-5" data-testid="results-summary">
          <Stat label="Matched" value={summary.matched} testId="result-matched" />
          <Stat label="Exceptions" value={total} testId="result-exceptions" />
          <Stat label="Source rows" value={summary.sourceRows} testId="result-source-rows" />
          <Stat label="Target rows" value={summary.targetRows} testId="result-target-rows" />
          <Stat label="Unmatched (source / target)" value={`${formatCount(summary.unmatchedSource)} / ${formatCount(summary.unmatchedTarget)}`} testId="result-unmatched" />
        </dl>
      </section>

      <section aria-labelledby="exceptions-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="exceptions-heading" className="text-base font-semibold text-slate-900">
            Exceptions by type
          </h2>
          {total > 0 ? (
            <Link to={exceptionsUrl} className={buttonClasses("secondary", "sm")}>
              Open all {formatCount(total)} in the exceptions grid
            </Link>
          ) : null}
        </div>
        {types.length === 0 ? (
          <p className="text-sm text-slate-600">No exceptions: every record in scope found its counterpart.</p>
        ) : (
          <Table>
            <TableCaption srOnly>Exceptions of this reconciliation by type, with their amounts</TableCaption>
            <THead>
              <TR>
                <TH>Type</TH>
                <TH numeric>Count</TH>
                <TH numeric>Amount</TH>
                <TH>
                  <span className="sr-only">Open</span>
                </TH>
              </TR>
            </THead>
            <TBody>
              {types.map(([type, count]) => (
                <TR key={type} data-testid={`result-type-${type}`}>
                  <TD className="font-medium">{type.replace(/_/g, " ").toLowerCase()}</TD>
                  <TD numeric data-testid="count">
                    {formatCount(count)}
                  </TD>
                  <TD numeric>
                    {Object.entries(amountsOf(type))
                      .map(([currency, minor]) => formatMoney(minor, currency))
                      .join(" · ") || "—"}
                  </TD>
                  <TD>
                    <Link to={`${exceptionsUrl}&type=${type}`} className="text-sm font-medium text-indigo-700 hover:underline">
                      View<span className="sr-only"> {type.replace(/_/g, " ").toLowerCase()} exceptions</span>
                    </Link>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: number | string; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {typeof value === "number" ? formatCount(value) : value}
      </dd>
    </div>
  );
}
