import { json, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { formatCount, formatMoney, LocalTime } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { ReconciliationStatusBadge } from "~/components/quick-run/status-badge";
import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { getQuickRunResults } from "~/api/views/quick-run.server";
import { ArtifactTable } from "~/components/streams/artifact-table";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.reconciliation.name ?? "Quick Run"} · Quick Run · Reconstream` }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ params, ctx }) => {
  const results = await getQuickRunResults(ctx, params.id!);
  return json(results);
});

/** Until the run ends the page reloads its data; the run page has the step-by-step live timeline. */
const POLL_MS = 1_500;

export default function QuickRunResultsPage() {
  const data = useLoaderData<typeof loader>();
  const { reconciliation } = data;
  const revalidator = useRevalidator();
  const inProgress = reconciliation.status === "pending" || reconciliation.status === "running";

  useEffect(() => {
    if (!inProgress) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [inProgress, revalidator]);

  const exceptionsUrl = `/exceptions?reconciliationId=${encodeURIComponent(reconciliation.id)}`;
  return (
    <div className="space-y-8">
      <PageHeader
        title={reconciliation.name}
        description={
          <>
            Quick Run · <span className="font-mono text-xs">{reconciliation.id}</span>
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            {reconciliation.streamRunId ? (
              <Link to={`/runs/${reconciliation.streamRunId}`} className={buttonClasses("secondary", "md")}>
                Open the run
              </Link>
            ) : null}
            <Link to="/quick-run" className={buttonClasses("secondary", "md")}>
              New Quick Run
            </Link>
          </div>
        }
      />

      <section aria-labelledby="status-heading" className="rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-sm">
        <h2 id="status-heading" className="sr-only">
          Status
        </h2>
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-600">Status</dt>
            <dd className="mt-1" aria-live="polite">
              <ReconciliationStatusBadge status={reconciliation.status} />
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Source</dt>
            <dd className="mt-1">
              <Link to={`/files/${data.sourceFile.id}`} className="text-indigo-700 hover:underline">
                {data.sourceFile.name}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Target</dt>
            <dd className="mt-1">
              <Link to={`/files/${data.targetFile.id}`} className="text-indigo-700 hover:underline">
                {data.targetFile.name}
              </Link>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Rule set</dt>
            <dd className="mt-1 text-slate-900">
              {data.ruleSet.name} <span className="text-slate-600">· version {data.ruleSet.version}</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Started</dt>
            <dd className="mt-1">{reconciliation.startedAt ? <LocalTime iso={reconciliation.startedAt} /> : "—"}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Finished</dt>
            <dd className="mt-1">{reconciliation.finishedAt ? <LocalTime iso={reconciliation.finishedAt} /> : "—"}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-600">Started by</dt>
            <dd className="mt-1">{reconciliation.createdBy}</dd>
          </div>
        </dl>
      </section>

      {inProgress ? (
        <Alert tone="info" title="Reconciling…">
          Both files are read in full and matched pass by pass. This page updates by itself; the run page shows each step live.
        </Alert>
      ) : null}
      {reconciliation.status === "failed" ? (
        <div className="space-y-2">
          <ProblemAlert problem={failureProblem(data.failure)} />
          {reconciliation.streamRunId ? (
            <p className="text-sm">
              <Link to={`/runs/${reconciliation.streamRunId}`} className="font-medium text-indigo-700 hover:underline">
                See the run for its steps and to retry
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {reconciliation.status === "completed" && reconciliation.summary ? <Summary data={data} exceptionsUrl={exceptionsUrl} /> : null}
      {data.artifacts.length > 0 ? <Artifacts artifacts={data.artifacts} /> : null}
    </div>
  );
}

type ResultsData = ReturnType<typeof useLoaderData<typeof loader>>;

function Summary({ data, exceptionsUrl }: { data: ResultsData; exceptionsUrl: string }) {
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

function Artifacts({ artifacts }: { artifacts: ResultsData["artifacts"] }) {
  return (
    <section aria-labelledby="artifacts-heading" className="space-y-3">
      <h2 id="artifacts-heading" className="text-base font-semibold text-slate-900">
        Artifacts
      </h2>
      <ArtifactTable artifacts={artifacts} caption="Artifacts this reconciliation wrote" />
    </section>
  );
}

/** The step's failure (app/modules/streams/runtime/runtime-types StepFailure) with its located errors, shown like any other problem. */
function failureProblem(failure: unknown): ProblemView {
  const record = failure && typeof failure === "object" ? (failure as { message?: unknown; errors?: unknown }) : {};
  const errors = Array.isArray(record.errors)
    ? record.errors
        .filter((error): error is Record<string, unknown> => typeof error === "object" && error !== null && typeof (error as { message?: unknown }).message === "string")
        .map((error) => ({
          message: String(error.message),
          ...(typeof error.pointer === "string" ? { pointer: error.pointer } : {}),
          ...(typeof error.file === "string" ? { file: error.file } : {}),
          ...(typeof error.line === "number" ? { line: error.line } : {}),
          ...(typeof error.column === "number" ? { column: error.column } : {}),
          ...(typeof error.field === "string" ? { field: error.field } : {}),
        }))
    : [];
  return {
    title: "The reconciliation failed",
    detail: typeof record.message === "string" ? record.message : "The run ended without a result.",
    errors,
  };
}
