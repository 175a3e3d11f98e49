import { Link } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { formatMoney, LocalTime } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { apiRequest } from "./api-request";
import { ExceptionComments, ExceptionHistory, memberNames } from "./exception-history";
import { ExceptionTriage, STATUS_LABELS } from "./exception-triage";
import type { ExceptionDetail, ExceptionSummary, MemberOption } from "./types";

/**
 * One exception, read from GET /api/v1/exceptions/{id} (the session cookie
 * authenticates it): the two sides' rows with the differing fields marked,
 * the closest rule and why it failed, where each row came from (linked to
 * the file's line), its comments and history — and, for whoever may triage,
 * status, assignment and comments. A viewer sees the same drawer without
 * any control.
 */
/** Canonical amounts are minor units: shown as money, with the exact integer in the tooltip. */
function showValue(field: string, value: string | number | null, currency: string | null) {
  if (value === null || value === "") return "—";
  if (field === "amount" && currency && /^-?\d+$/.test(String(value))) {
    return <span title={`${value} minor units`}>{formatMoney(String(value), currency)}</span>;
  }
  return value;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function keepFocusInside(dialog: HTMLElement | null, event: KeyboardEvent) {
  if (!dialog) return;
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

interface Props {
  id: string;
  onClose: () => void;
  canTriage: boolean;
  currentUserId: string;
  members: MemberOption[];
  /** The exception as saved, so the grid row shows it without a reload. */
  onChanged: (updated: ExceptionSummary) => void;
  /** A manual match was undone here: its exceptions reopened, the list needs reloading. */
  onManualMatchUndone: () => void;
}

export function ExceptionDrawer({ id, onClose, canTriage, currentUserId, members, onChanged, onManualMatchUndone }: Props) {
  const [detail, setDetail] = useState<ExceptionDetail | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const onChangedRef = useRef(onChanged);
  onChangedRef.current = onChanged;

  const load = useCallback(
    async (isCancelled: () => boolean = () => false) => {
      const result = await apiRequest<ExceptionDetail>("GET", `/api/v1/exceptions/${encodeURIComponent(id)}`);
      if (isCancelled()) return;
      if (result.ok) {
        setDetail(result.data);
        setProblem(null);
        // What was read is newer than the grid's row: keep the row in step.
        onChangedRef.current(result.data);
      } else setProblem(result.problem);
    },
    [id],
  );

  useEffect(() => {
    let cancelled = false;
    setDetail(null);
    setProblem(null);
    void load(() => cancelled);
    return () => {
      cancelled = true;
    };
  }, [load]);

  // A modal dialog: focus moves in, Tab stays inside, and closing gives focus back to what opened it.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
      if (event.key === "Tab") keepFocusInside(dialogRef.current, event);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const nameOf = memberNames(members, currentUserId);
  const saved = (updated: ExceptionSummary) => {
    setDetail((current) => (current ? { ...current, ...updated } : current));
    onChanged(updated);
    // The history gains the change's event.
    void load();
  };
  const matchUndone = () => {
    void load();
    onManualMatchUndone();
  };
  const triageable = canTriage && detail !== null && !detail.supersededById;

  return (
    <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby="exception-drawer-title" className="fixed inset-y-0 right-0 z-50 flex w-full max-w-2xl flex-col border-l border-slate-200 bg-white shadow-2xl">
      <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-6 py-4">
        <div className="min-w-0">
          <h2 id="exception-drawer-title" className="truncate text-base font-semibold text-slate-900">
            {detail ? `${detail.type} · ${detail.id}` : "Exception"}
          </h2>
          {detail ? <p className="mt-1 text-sm text-slate-600">{detail.message}</p> : null}
        </div>
        <Button ref={closeRef} type="button" variant="ghost" size="sm" onClick={onClose} aria-label="Close exception details">
          Close
        </Button>
      </div>
      <div className="flex-1 space-y-6 overflow-y-auto px-6 py-5 text-sm">
        {problem ? <ProblemAlert problem={problem} /> : null}
        {!detail && !problem ? <div className="h-40 animate-pulse rounded bg-slate-100" aria-label="Loading" /> : null}
        {detail ? (
          <>
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={detail.severity === "critical" || detail.severity === "high" ? "danger" : detail.severity === "medium" ? "warning" : "neutral"}>{detail.severity}</Badge>
              <Badge>{STATUS_LABELS[detail.status]}</Badge>
              {detail.amountMinor !== null && detail.currency ? <span className="font-medium tabular-nums">{formatMoney(detail.amountMinor, detail.currency)}</span> : null}
              {detail.amountDifferenceMinor !== null && detail.currency ? (
                <span className="text-slate-600">difference {formatMoney(detail.amountDifferenceMinor, detail.currency)}</span>
              ) : null}
              <span className={detail.overdue ? "text-red-700" : "text-slate-600"}>
                due <LocalTime iso={detail.dueAt} style="date" />
              </span>
            </div>

            {detail.supersededById ? (
              <Alert tone="info">
                A later run carried this item forward to <span className="font-mono text-xs">{detail.supersededById}</span>; this row is history, work the case there.
              </Alert>
            ) : null}
            {triageable ? <ExceptionTriage exception={detail} members={members} currentUserId={currentUserId} onSaved={saved} onManualMatchUndone={matchUndone} onStale={() => void load()} /> : null}

            <section aria-labelledby="exception-sides">
              <h3 id="exception-sides" className="mb-2 font-semibold text-slate-900">
                Source and target, side by side
              </h3>
              <table className="w-full table-fixed border-collapse text-xs">
                <caption className="sr-only">Fields of both sides; differing fields are marked</caption>
                <thead>
                  <tr className="text-left text-slate-600">
                    <th scope="col" className="w-1/4 border-b border-slate-200 py-1 pr-2">
                      Field
                    </th>
                    <th scope="col" className="border-b border-slate-200 py-1 pr-2">
                      Source
                    </th>
                    <th scope="col" className="border-b border-slate-200 py-1">
                      Target
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {detail.comparison.map((field) => (
                    <tr key={field.field} className={field.differs ? "bg-amber-50" : undefined}>
                      <th scope="row" className="border-b border-slate-100 py-1 pr-2 text-left font-mono font-medium text-slate-800">
                        {field.field}
                        {field.differs ? <span className="ml-1 text-amber-800">(differs)</span> : null}
                      </th>
                      <td className="break-words border-b border-slate-100 py-1 pr-2 font-mono">{showValue(field.field, field.source, detail.currency)}</td>
                      <td className="break-words border-b border-slate-100 py-1 font-mono">{showValue(field.field, field.target, detail.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>

            <section aria-labelledby="exception-rule">
              <h3 id="exception-rule" className="mb-1 font-semibold text-slate-900">
                Closest rule
              </h3>
              <p className="text-slate-700">
                {detail.closestRule.pass ? (
                  <>
                    Pass “{detail.closestRule.pass.name}” (keys {detail.closestRule.pass.keys.join(", ") || "none"}) of rule set version {detail.closestRule.ruleSetVersion}:{" "}
                  </>
                ) : null}
                {detail.closestRule.why}
              </p>
            </section>

            <section aria-labelledby="exception-provenance">
              <h3 id="exception-provenance" className="mb-1 font-semibold text-slate-900">
                Where the rows came from
              </h3>
              <ul className="space-y-1">
                {detail.provenance.rows.map((row, index) => (
                  <li key={index}>
                    {row.side}:{" "}
                    {row.fileKind ? (
                      <Link to={`/files/${row.fileId}?line=${row.line}#line-${row.line}`} className="text-indigo-700 underline">
                        {row.fileName ?? row.fileId}, line {row.line}
                      </Link>
                    ) : (
                      <span className="font-mono">
                        {row.fileName ?? row.fileId}, line {row.line}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
              <Link to={`/runs/${detail.streamRunId}`} className="mt-1 inline-block text-indigo-700 underline">
                Open the run
              </Link>
            </section>

            <ExceptionComments exceptionId={detail.id} events={detail.events} canComment={triageable} onCommented={() => void load()} />
            <ExceptionHistory events={detail.events} nameOf={nameOf} />
          </>
        ) : null}
      </div>
    </div>
  );
}
