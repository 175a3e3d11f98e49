import type { ExceptionSummary, MemberOption } from "./types";

export interface TriageProps {
  exception: ExceptionSummary;
  members: MemberOption[];
  currentUserId: string;
  onSaved: (updated: ExceptionSummary) => void;
  onManualMatchUndone: () => void;
  /** A refusal because the exception changed meanwhile (409): the drawer reloads it, so what it shows is true again. */
  onStale: () => void;
}
