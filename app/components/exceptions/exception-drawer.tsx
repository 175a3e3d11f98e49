import { useCallback, useEffect, useRef, useState } from "react";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { apiRequest } from "./api-request";
import { ExceptionComments, ExceptionHistory, memberNames } from "./exception-history";
import { ClosestRule, ExceptionProvenance } from "./exception-origin";
import { ExceptionSides } from "./exception-sides";
import { ExceptionSummaryLine } from "./exception-summary-line";
import { ExceptionTriage } from "./exception-triage";
import type { ExceptionDetail, ExceptionSummary, MemberOption } from "./types";
import { useModalFocus } from "./use-modal-focus";

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

/**
 * One exception, read from GET /api/v1/exceptions/{id} (the session cookie
 * authenticates it): the two sides' rows with the differing fields marked,
 * the closest rule and why it failed, where each row came from (linked to
 * the file's line), its comments and history — and, for whoever may triage,
 * status, assignment and comments. A viewer sees the same drawer without
 * any control.
 */
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

  useModalFocus(dialogRef, closeRef, onClose);

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
            <ExceptionSummaryLine detail={detail} />

            {detail.supersededById ? (
              <Alert tone="info">
                A later run carried this item forward to <span className="font-mono text-xs">{detail.supersededById}</span>; this row is history, work the case there.
              </Alert>
            ) : null}
            {triageable ? <ExceptionTriage exception={detail} members={members} currentUserId={currentUserId} onSaved={saved} onManualMatchUndone={matchUndone} onStale={() => void load()} /> : null}

            <ExceptionSides detail={detail} />

            <ClosestRule detail={detail} />

            <ExceptionProvenance detail={detail} />

            <ExceptionComments exceptionId={detail.id} events={detail.events} canComment={triageable} onCommented={() => void load()} />
            <ExceptionHistory events={detail.events} nameOf={nameOf} />
          </>
        ) : null}
      </div>
    </div>
  );
}
