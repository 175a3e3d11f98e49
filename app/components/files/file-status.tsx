import { Badge } from "~/components/ui/badge";

export function FileStatusBadge({ status, errorCount }: { status: "processing" | "ready" | "failed"; errorCount: number }) {
  if (status === "processing") {
    return (
      <Badge tone="info">
        <span className="inline-block h-2 w-2 animate-spin rounded-full border border-indigo-500 border-t-transparent" aria-hidden="true" />
        Processing
      </Badge>
    );
  }
  if (status === "failed") return <Badge tone="danger" dot>Failed</Badge>;
  return errorCount > 0 ? (
    <Badge tone="warning" dot title={`${errorCount} rows left out (lenient policy)`}>
      Ready · {errorCount} errors
    </Badge>
  ) : (
    <Badge tone="success" dot>
      Ready
    </Badge>
  );
}
