import { Link, useNavigation, useSearchParams } from "@remix-run/react";
import { buttonClasses } from "~/components/ui/button";
import type { AuditLogData } from "./audit-data";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";
import { AuditTrailNote } from "./audit-trail-note";
import { ChainVerification } from "./chain-verification";

export function AuditLogPage({ data }: { data: AuditLogData }) {
  const { events, nextCursor, isFirstPage, filters } = data;
  const [searchParams] = useSearchParams();
  const filtered = Boolean(filters.actionPrefix || filters.resourceType || filters.resourceId);
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/settings/audit";

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 className="text-base font-semibold text-slate-900">Audit log</h2>
          <p className="text-sm text-slate-600">
            Every change in this organization, newest first: who did it, what changed and the request that carried it.
          </p>
        </div>
        {!isFirstPage ? (
          <Link to="/settings/audit" className={buttonClasses("secondary", "sm")}>
            Newest events
          </Link>
        ) : null}
      </div>

      <AuditTrailNote />

      <ChainVerification />

      <AuditFilters filters={filters} filtered={filtered} />

      <AuditTable
        events={events}
        loading={loading}
        emptyText={filtered ? "No events match these filters." : isFirstPage ? "No audit events yet." : "No older events."}
      />

      <div className="flex items-center justify-between">
        <p className="text-sm text-slate-500">
          {events.length > 0
            ? `Showing ${events.length} ${events.length === 1 ? "event" : "events"} (#${events[0]!.seq} to #${
                events[events.length - 1]!.seq
              }).`
            : null}
        </p>
        {nextCursor ? (
          <Link
            to={`/settings/audit?${withCursor(searchParams, nextCursor)}`}
            className={buttonClasses("secondary", "sm")}
            prefetch="intent"
          >
            Older events
          </Link>
        ) : null}
      </div>
    </div>
  );
}

function withCursor(params: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(params);
  next.set("cursor", cursor);
  return next.toString();
}
