/**
 * The exception lifecycle's table and what each closing status asks of the
 * person closing it. Plain data without the database, so the server's state
 * machine (exception-state.server.ts) and the triage drawer offer exactly the
 * same moves and ask for exactly the same fields.
 *   open → in_review → resolved | written_off | ignored, and reopen → open.
 * A closed exception changes only by being reopened.
 */
export const EXCEPTION_STATUSES = ["open", "in_review", "resolved", "written_off", "ignored"] as const;
export type ExceptionStatusName = (typeof EXCEPTION_STATUSES)[number];

export const EXCEPTION_TRANSITIONS: Record<ExceptionStatusName, readonly ExceptionStatusName[]> = {
  open: ["in_review", "resolved", "written_off", "ignored"],
  in_review: ["open", "resolved", "written_off", "ignored"],
  resolved: ["open"],
  written_off: ["open"],
  ignored: ["open"],
};

export const CLOSING_STATUSES: readonly ExceptionStatusName[] = ["resolved", "written_off", "ignored"];

/** Resolution codes a person may choose; matched_manually comes with a manual match, matched_in_later_run from carry-forward. */
export const CHOOSABLE_RESOLUTION_CODES = ["timing_difference", "bank_error", "duplicate_confirmed", "written_off_small_balance", "other"] as const;

/** resolved and written_off say why with a code; a write-off also needs a note (it moves money to a loss). */
export function needsResolutionCode(status: ExceptionStatusName): boolean {
  return status === "resolved" || status === "written_off";
}

export function needsResolutionNote(status: ExceptionStatusName): boolean {
  return status === "written_off";
}

export function nextStatuses(from: ExceptionStatusName): readonly ExceptionStatusName[] {
  return EXCEPTION_TRANSITIONS[from] ?? [];
}
