/** The exception shapes the page reads from /api/v1 (see app/api/contracts/exceptions.ts). */
export interface ExceptionEvent {
  id: string;
  kind: "updated" | "comment" | "carried_forward" | "auto_resolved" | "manual_match" | "manual_match_undone";
  actor: { type: string; id: string | null; label: string };
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  bulkId: string | null;
  createdAt: string;
}

export interface ExceptionSummary {
  id: string;
  type: string;
  severity: string;
  status: "open" | "in_review" | "resolved" | "written_off" | "ignored";
  message: string;
  amountMinor: number | null;
  amountDifferenceMinor: number | null;
  currency: string | null;
  assigneeId: string | null;
  dueAt: string;
  overdue: boolean;
  streamRunId: string;
  manualMatchId: string | null;
  supersededById: string | null;
  resolution: { code: string; note: string | null; resolvedAt: string | null; resolvedBy: string | null } | null;
}

export interface ExceptionDetail extends ExceptionSummary {
  comparison: Array<{ field: string; source: string | number | null; target: string | number | null; differs: boolean }>;
  closestRule: { ruleSetId: string | null; ruleSetVersion: number | null; pass: { name: string; keys: string[] } | null; why: string };
  provenance: { rows: Array<{ side: "source" | "target"; fileId: string; fileName: string | null; fileKind: string | null; line: number }> };
  events: ExceptionEvent[];
}

export interface MemberOption {
  userId: string;
  name: string;
  email: string;
}
