import { LocalTime } from "~/components/format";
import { Badge } from "~/components/ui/badge";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { AuditEventRow } from "./audit-data";

const ACTOR_TYPE_LABELS: Record<string, string> = {
  user: "User",
  api_key: "API key",
  system: "System",
  scheduler: "Scheduler",
};

interface AuditTableProps {
  events: AuditEventRow[];
  loading: boolean;
  emptyText: string;
}

export function AuditTable({ events, loading, emptyText }: AuditTableProps) {
  if (events.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-10 text-center text-sm text-slate-600">
        {emptyText}
      </p>
    );
  }
  return (
    <Table
      aria-busy={loading || undefined}
      containerClassName={loading ? "opacity-60 transition-opacity" : undefined}
    >
      <TableCaption srOnly>Audit events, newest first</TableCaption>
      <THead>
        <TR>
          <TH>Time</TH>
          <TH>Actor</TH>
          <TH>Action</TH>
          <TH>Resource</TH>
          <TH>Request ID</TH>
        </TR>
      </THead>
      <TBody>
        {events.map((event) => (
          <TR key={event.id}>
            <TD className="whitespace-nowrap font-mono text-xs">
              <LocalTime iso={event.createdAt} />
              <span className="block text-slate-500">#{event.seq}</span>
            </TD>
            <TD>
              <div className="flex flex-col gap-0.5">
                <span className="break-all text-slate-900">{event.actorLabel}</span>
                <span className="text-xs text-slate-500">
                  {ACTOR_TYPE_LABELS[event.actorType] ?? event.actorType}
                </span>
              </div>
            </TD>
            <TD className="whitespace-nowrap">
              <Badge className="font-mono">{event.action}</Badge>
            </TD>
            <TD>
              <div className="flex flex-col gap-0.5">
                <span className="text-slate-900">{event.resourceType}</span>
                {event.resourceId ? (
                  <span className="break-all font-mono text-xs text-slate-500">{event.resourceId}</span>
                ) : null}
              </div>
            </TD>
            <TD className="font-mono text-xs text-slate-500">
              {event.requestId ?? <span className="font-sans text-slate-400">—</span>}
            </TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
