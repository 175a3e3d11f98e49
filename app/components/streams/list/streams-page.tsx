import { Link } from "@remix-run/react";
import { StreamsIcon } from "~/components/app-shell";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { PageHeader } from "~/components/ui/page-header";
import type { StreamsListData } from "./streams-data";
import { StreamsTable } from "./streams-table";

export function StreamsPage({ data }: { data: StreamsListData }) {
  const { enabled, canEdit, streams, truncated } = data;
  const newButton = canEdit && enabled ? (
    <Link to="/streams/new" className={buttonClasses("primary", "md")}>
      New stream
    </Link>
  ) : null;
  return (
    <>
      <PageHeader title="Streams" description="Pipelines of reconciliation steps: where the files come from, which rule sets match them, and what runs next." actions={newButton} />
      {!enabled ? (
        <EmptyState
          icon={<StreamsIcon className="h-6 w-6" />}
          title="Streams are turned off for this organization"
          description="An admin can turn on the “streams” feature flag in Settings. Until then, reconciliations run one at a time."
        />
      ) : streams.length === 0 ? (
        <EmptyState
          icon={<StreamsIcon className="h-6 w-6" />}
          title="No streams yet"
          description={canEdit ? "Create a stream in the visual editor: add inputs and steps, connect them, then run it." : "An admin creates streams; they will be listed here with their latest run."}
        />
      ) : (
        <StreamsTable streams={streams} />
      )}
      {truncated ? <p className="mt-2 text-sm text-slate-500">Showing the {streams.length} newest streams.</p> : null}
    </>
  );
}
