import { useEffect, useState } from "react";
import type { ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Field, Textarea } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import {
  CHOOSABLE_RESOLUTION_CODES,
  needsResolutionCode,
  needsResolutionNote,
  nextStatuses,
  type ExceptionStatusName,
} from "~/modules/exceptions";
import { apiRequest } from "./api-request";
import { plainProblem, STATUS_WORDS } from "./form-problems";
import { ManualMatchNote } from "./manual-match-note";
import { resolutionLabel, STATUS_ACTIONS, STATUS_LABELS } from "./status-labels";
import type { TriageProps } from "./triage-props";
import type { ExceptionSummary } from "./types";

/** The status and its next moves; an exception matched by hand offers only "undo the match". */
export function StatusForm({ exception, members, onSaved, onManualMatchUndone, onStale }: Pick<TriageProps, "exception" | "members" | "onSaved" | "onManualMatchUndone" | "onStale">) {
  const choices = nextStatuses(exception.status);
  const [target, setTarget] = useState<ExceptionStatusName>(choices[0] ?? "open");
  const [code, setCode] = useState("");
  const [note, setNote] = useState("");
  const [pending, setPending] = useState<ExceptionStatusName | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  const [undoing, setUndoing] = useState(false);

  // A new current status (saved here or elsewhere) offers its own next moves.
  useEffect(() => {
    setTarget(nextStatuses(exception.status)[0] ?? "open");
  }, [exception.status]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setProblem(null);
    setPending(target);
    const body: Record<string, unknown> = { status: target };
    if (needsResolutionCode(target) && code) body.resolutionCode = code;
    if (needsResolutionCode(target) && note.trim()) body.resolutionNote = note.trim();
    const result = await apiRequest<ExceptionSummary>("PATCH", `/api/v1/exceptions/${encodeURIComponent(exception.id)}`, body);
    setPending(null);
    if (!result.ok) {
      setProblem(result.problem);
      if (result.problem.status === 409) onStale();
      return;
    }
    setCode("");
    setNote("");
    onSaved(result.data);
  }

  async function undoMatch() {
    if (!exception.manualMatchId) return;
    setProblem(null);
    setUndoing(true);
    const result = await apiRequest("DELETE", `/api/v1/manual-matches/${encodeURIComponent(exception.manualMatchId)}`);
    setUndoing(false);
    if (!result.ok) {
      setProblem(result.problem);
      if (result.problem.status === 409) onStale();
    } else onManualMatchUndone();
  }

  const refusal = problem ? plainProblem(problem, STATUS_WORDS) : null;
  const codeNeeded = needsResolutionCode(target);
  const noteNeeded = needsResolutionNote(target);
  return (
    <section aria-labelledby="exception-status-heading">
      <h3 id="exception-status-heading" className="mb-2 font-semibold text-slate-900">
        Status
      </h3>
      <p className="mb-3 flex flex-wrap items-center gap-2 text-slate-700" aria-live="polite">
        <span>Now</span>
        <Badge tone={pending ? "neutral" : "info"} className={pending ? "line-through" : undefined}>
          {STATUS_LABELS[exception.status]}
        </Badge>
        {pending ? (
          <>
            <span aria-hidden="true">→</span>
            <Badge tone="warning">{STATUS_LABELS[pending]} (saving…)</Badge>
          </>
        ) : null}
        {exception.resolution ? <span className="text-slate-600">· {resolutionLabel(exception.resolution.code)}{exception.resolution.note ? ` — ${exception.resolution.note}` : ""}</span> : null}
      </p>
      {exception.manualMatchId ? (
        <div className="mb-3 flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-slate-50 px-3 py-2">
          <ManualMatchNote matchId={exception.manualMatchId} exceptionId={exception.id} members={members} />
          <Button type="button" size="sm" variant="secondary" onClick={() => void undoMatch()} disabled={undoing}>
            {undoing ? "Undoing…" : "Undo manual match"}
          </Button>
        </div>
      ) : null}
      {refusal?.summary ? (
        <Alert tone="danger" className="mb-3" title="Not changed">
          {refusal.summary}
        </Alert>
      ) : null}
      {choices.length > 0 && !exception.manualMatchId ? (
        <form onSubmit={(event) => void submit(event)} className="space-y-3" aria-label="Change status">
          <Field label="New status">
            <Select value={target} onChange={(event) => setTarget(event.target.value as ExceptionStatusName)} disabled={pending !== null}>
              {choices.map((status) => (
                <option key={status} value={status}>
                  {STATUS_ACTIONS[status]}
                </option>
              ))}
            </Select>
          </Field>
          {codeNeeded ? (
            <Field label="Resolution code" required error={refusal?.fields.resolutionCode}>
              <Select value={code} onChange={(event) => setCode(event.target.value)} disabled={pending !== null}>
                <option value="">Choose why…</option>
                {CHOOSABLE_RESOLUTION_CODES.map((choice) => (
                  <option key={choice} value={choice}>
                    {resolutionLabel(choice)}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          {codeNeeded ? (
            <Field label="Resolution note" required={noteNeeded} hint={noteNeeded ? "A write-off says why." : "Optional."} error={refusal?.fields.resolutionNote}>
              <Textarea rows={2} value={note} onChange={(event) => setNote(event.target.value)} disabled={pending !== null} maxLength={2000} />
            </Field>
          ) : null}
          <Button type="submit" size="sm" disabled={pending !== null}>
            {pending ? "Saving…" : STATUS_ACTIONS[target]}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
