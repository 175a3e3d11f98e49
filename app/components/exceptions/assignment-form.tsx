import { useEffect, useState } from "react";
import type { ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { apiRequest } from "./api-request";
import { ASSIGNMENT_WORDS, plainProblem } from "./form-problems";
import type { TriageProps } from "./triage-props";
import type { ExceptionSummary } from "./types";

/** Who works the exception: anyone in the org, or nobody. */
export function AssignmentForm({ exception, members, currentUserId, onSaved, onStale }: Omit<TriageProps, "onManualMatchUndone">) {
  const [choice, setChoice] = useState(exception.assigneeId ?? "");
  const [pending, setPending] = useState<{ assigneeId: string | null } | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);

  useEffect(() => {
    setChoice(exception.assigneeId ?? "");
  }, [exception.assigneeId]);

  const nameOf = (userId: string | null) => {
    if (!userId) return "nobody";
    if (userId === currentUserId) return "me";
    return members.find((member) => member.userId === userId)?.name ?? userId;
  };

  async function assign(assigneeId: string | null) {
    setProblem(null);
    setPending({ assigneeId });
    const result = await apiRequest<ExceptionSummary>("PATCH", `/api/v1/exceptions/${encodeURIComponent(exception.id)}`, { assigneeId });
    setPending(null);
    if (!result.ok) {
      setChoice(exception.assigneeId ?? "");
      setProblem(result.problem);
      if (result.problem.status === 409) onStale();
      return;
    }
    onSaved(result.data);
  }

  const refusal = problem ? plainProblem(problem, ASSIGNMENT_WORDS) : null;
  return (
    <section aria-labelledby="exception-assignment-heading">
      <h3 id="exception-assignment-heading" className="mb-2 font-semibold text-slate-900">
        Assignment
      </h3>
      <p className="mb-2 text-slate-700" aria-live="polite">
        Assigned to <span className={pending ? "line-through" : "font-medium"}>{nameOf(exception.assigneeId)}</span>
        {pending ? <span className="ml-1 font-medium">→ {nameOf(pending.assigneeId)} (saving…)</span> : null}
      </p>
      {refusal?.summary ? (
        <Alert tone="danger" className="mb-3" title="Not assigned">
          {refusal.summary}
        </Alert>
      ) : null}
      <form
        className="flex flex-wrap items-end gap-2"
        aria-label="Assign"
        onSubmit={(event) => {
          event.preventDefault();
          void assign(choice || null);
        }}
      >
        <Field label="Assign to" className="w-56" error={refusal?.fields.assigneeId}>
          <Select value={choice} onChange={(event) => setChoice(event.target.value)} disabled={pending !== null}>
            <option value="">Nobody (unassigned)</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.userId === currentUserId ? `${member.name} (me)` : member.name}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" size="sm" variant="secondary" disabled={pending !== null || choice === (exception.assigneeId ?? "")}>
          Assign
        </Button>
        {exception.assigneeId !== currentUserId ? (
          <Button type="button" size="sm" variant="ghost" disabled={pending !== null} onClick={() => void assign(currentUserId)}>
            Assign to me
          </Button>
        ) : null}
      </form>
    </section>
  );
}
