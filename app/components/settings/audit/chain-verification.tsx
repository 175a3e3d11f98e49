import { useFetcher } from "@remix-run/react";
import { LocalTime } from "~/components/format";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import type { ChainVerificationResult } from "./audit-data";

export function ChainVerification() {
  const fetcher = useFetcher<ChainVerificationResult>();
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Chain verification</h3>
          <p className="text-sm text-slate-600">Recomputes every event's hash from the first one and checks each link.</p>
        </div>
        <fetcher.Form method="post">
          <Button type="submit" variant="secondary" size="sm" disabled={busy}>
            {busy ? "Verifying…" : "Verify the chain"}
          </Button>
        </fetcher.Form>
      </div>
      <div aria-live="polite">
        {result ? (
          result.ok ? (
            <Alert tone="success" title="Chain intact">
              All {result.events} events verified, <LocalTime iso={result.verifiedAt} />.
            </Alert>
          ) : (
            <Alert tone="danger" title={`Chain broken at event #${result.firstBreak?.seq ?? "?"}`}>
              {result.firstBreak?.reason} ({result.events} events before it verified; event {result.firstBreak?.eventId}).
            </Alert>
          )
        ) : null}
      </div>
    </div>
  );
}
