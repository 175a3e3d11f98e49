import { AssignmentForm } from "./assignment-form";
import { StatusForm } from "./status-form";
import type { TriageProps } from "./triage-props";

/**
 * Status and assignment of one exception. A change shows at once as pending
 * ("saving…") next to the current value, and only becomes the value when
 * the API accepts it; a refusal rolls it back and shows the problem here,
 * with the field it names marked.
 */
export function ExceptionTriage({ exception, members, currentUserId, onSaved, onManualMatchUndone, onStale }: TriageProps) {
  return (
    <div className="space-y-5">
      <StatusForm exception={exception} members={members} onSaved={onSaved} onManualMatchUndone={onManualMatchUndone} onStale={onStale} />
      <AssignmentForm exception={exception} members={members} currentUserId={currentUserId} onSaved={onSaved} onStale={onStale} />
    </div>
  );
}

