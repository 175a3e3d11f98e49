import { useState } from "react";
import { LocalTime } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Button } from "~/components/ui/button";
import { Field, Textarea } from "~/components/ui/input";
import { apiRequest } from "./api-request";
import { resolutionLabel, STATUS_LABELS } from "./status-labels";
import type { ExceptionEvent, MemberOption } from "./types";

/**
 * The case's trail, oldest first (it spans runs: a carried-forward item keeps
 * its comments), and the comment box. A comment shows at once as "sending…"
 * and stays only if the API takes it; otherwise the text goes back into the
 * box with the problem above it.
 */
type Names = (userId: string | null) => string;

function describeValue(field: string, value: unknown, nameOf: Names): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "status" && typeof value === "string") return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
  if (field === "assigneeId") return nameOf(String(value));
  if (field === "resolutionCode") return resolutionLabel(String(value));
  if (field === "dueAt" && typeof value === "string") return value.slice(0, 10);
  return String(value);
}

const FIELD_LABELS: Record<string, string> = {
  status: "status",
  assigneeId: "assignee",
  resolutionCode: "resolution",
  resolutionNote: "resolution note",
  severity: "severity",
  note: "note",
  dueAt: "due date",
  manualMatchId: "manual match",
};

export function describeEvent(event: ExceptionEvent, nameOf: Names): string {
  switch (event.kind) {
    case "comment":
      return `commented: ${String(event.after.body ?? "")}`;
    case "manual_match":
      // The match's id is internal; the status note above says with which rows.
      return "matched by hand, resolved";
    case "manual_match_undone":
      return "undid the match by hand, reopened";
    case "carried_forward":
      return "carried forward to a later run";
    case "auto_resolved":
      return "resolved: matched in a later run";
    case "updated": {
      const changes = Object.keys(event.after).map(
        (field) => `${FIELD_LABELS[field] ?? field} ${describeValue(field, event.before[field], nameOf)} → ${describeValue(field, event.after[field], nameOf)}`,
      );
      return `changed ${changes.join("; ")}${event.bulkId ? " (bulk)" : ""}`;
    }
  }
}

export function memberNames(members: MemberOption[], currentUserId: string | null): Names {
  const byId = new Map(members.map((member) => [member.userId, member.name]));
  return (userId) => {
    if (!userId) return "nobody";
    if (userId === currentUserId) return "me";
    return byId.get(userId) ?? userId;
  };
}

export function ExceptionHistory({ events, nameOf }: { events: ExceptionEvent[]; nameOf: Names }) {
  return (
    <section aria-labelledby="exception-history">
      <h3 id="exception-history" className="mb-1 font-semibold text-slate-900">
        History
      </h3>
      {events.length === 0 ? (
        <p className="text-slate-600">No changes yet.</p>
      ) : (
        <ol className="space-y-1" aria-label="History of the case">
          {events.map((event) => (
            <li key={event.id} className="text-slate-700">
              <LocalTime iso={event.createdAt} className="text-slate-500" /> · <span className="font-medium">{event.actor.label}</span> {describeEvent(event, nameOf)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

interface PendingComment {
  key: number;
  body: string;
}

export function ExceptionComments({ exceptionId, events, canComment, onCommented }: { exceptionId: string; events: ExceptionEvent[]; canComment: boolean; onCommented: () => void }) {
  const comments = events.filter((event) => event.kind === "comment");
  const [draft, setDraft] = useState("");
  const [pending, setPending] = useState<PendingComment[]>([]);
  const [problem, setProblem] = useState<ProblemView | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = draft.trim();
    if (!body) return;
    const entry = { key: Date.now(), body };
    setProblem(null);
    setPending((current) => [...current, entry]);
    setDraft("");
    const result = await apiRequest("POST", `/api/v1/exceptions/${encodeURIComponent(exceptionId)}/comments`, { body });
    setPending((current) => current.filter((candidate) => candidate.key !== entry.key));
    if (!result.ok) {
      setDraft((current) => current || body);
      setProblem(result.problem);
      return;
    }
    onCommented();
  }

  return (
    <section aria-labelledby="exception-comments">
      <h3 id="exception-comments" className="mb-1 font-semibold text-slate-900">
        Comments
      </h3>
      {comments.length === 0 && pending.length === 0 ? <p className="text-slate-600">No comments yet.</p> : null}
      <ul className="space-y-2" aria-label="Comments" aria-live="polite">
        {comments.map((comment) => (
          <li key={comment.id} className="rounded-md border border-slate-200 px-3 py-2">
            <p className="text-xs text-slate-500">
              {comment.actor.label} · <LocalTime iso={comment.createdAt} />
            </p>
            <p className="whitespace-pre-wrap text-slate-800">{String(comment.after.body ?? "")}</p>
          </li>
        ))}
        {pending.map((comment) => (
          <li key={comment.key} className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-slate-600">
            <p className="text-xs">sending…</p>
            <p className="whitespace-pre-wrap">{comment.body}</p>
          </li>
        ))}
      </ul>
      {canComment ? (
        <form onSubmit={(event) => void submit(event)} className="mt-3 space-y-2" aria-label="Add a comment">
          {problem ? <ProblemAlert problem={problem} /> : null}
          <Field label="New comment" error={problem?.errors?.find((error) => error.pointer === "/body")?.message}>
            <Textarea rows={2} value={draft} onChange={(event) => setDraft(event.target.value)} maxLength={10_000} />
          </Field>
          <Button type="submit" size="sm" variant="secondary" disabled={!draft.trim()}>
            Add comment
          </Button>
        </form>
      ) : null}
    </section>
  );
}
