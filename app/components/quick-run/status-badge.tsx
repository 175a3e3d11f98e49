import { Badge } from "~/components/ui/badge";

const TONES = { pending: "neutral", running: "info", completed: "success", failed: "danger" } as const;
const LABELS = { pending: "Pending", running: "Running", completed: "Completed", failed: "Failed" } as const;

export function ReconciliationStatusBadge({ status }: { status: keyof typeof TONES }) {
  return (
    <Badge tone={TONES[status]} dot data-testid="reconciliation-status" data-status={status}>
      {LABELS[status]}
    </Badge>
  );
}
