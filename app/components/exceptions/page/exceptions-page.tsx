import { Link, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { ExceptionsIcon } from "~/components/app-shell";
import { useDisplay } from "~/components/format";
import { ProblemAlert } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { useMediaQuery } from "~/components/ui/use-media-query";
import { PageHeader } from "~/components/ui/page-header";
import { ExceptionDrawer } from "../exception-drawer";
import { memberNames } from "../exception-history";
import { ManualMatchOutcome } from "../manual-match-outcome";
import { ManualMatchPanel } from "../manual-match-panel";
import { BulkActionsBar } from "./bulk-actions-bar";
import { ExceptionFilters, LinkFilters } from "./exception-filters";
import { ExceptionCards } from "./exception-cards";
import { ExceptionsGrid } from "./exceptions-grid";
import { FilterTotalsLine, IgnoredFiltersNotice } from "./filter-totals";
import { SourceFilters } from "./source-filters";
import { useFilterTotals } from "./use-filter-totals";
import { useGridColumns } from "./grid-columns";
import type { BulkActionResult, ExceptionsPageData } from "./page-data";
import { useColumnVisibility } from "./use-column-visibility";
import { useExceptionsTable } from "./use-exceptions-table";
import { useListParams } from "./use-list-params";
import { useLoadedRows } from "./use-loaded-rows";
import { useManualMatch } from "./use-manual-match";
import { useOpenException } from "./use-open-exception";

export function ExceptionsPage({ data, actionData }: { data: ExceptionsPageData; actionData: BulkActionResult | undefined }) {
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const { searchParams, sortBy, setParam, setParams, exportQuery } = useListParams(data.sort, data.filterQuery, data.ignored);
  const { openId, setOpenId, closeDrawer } = useOpenException();
  const manualMatch = useManualMatch();
  const nameOf = useMemo(() => memberNames(data.members, data.userId), [data.members, data.userId]);
  const [columnVisibility, setColumnVisibility] = useColumnVisibility();
  const loaded = useLoadedRows(data);
  const { rows, rowSelection, selectedIds } = loaded;
  const columns = useGridColumns(data.canTriage, nameOf, loaded.selectRow);
  const grid = useExceptionsTable({ rows, columns, rowSelection, setRowSelection: loaded.setRowSelection, columnVisibility, setColumnVisibility, loadMore: loaded.loadMore });
  const busy = navigation.state !== "idle";
  // Tailwind's md breakpoint: below it the grid's columns do not fit, and the exceptions are cards.
  const narrow = useMediaQuery("(max-width: 767px)");
  // A bulk change revalidates the loader: a new data object, so the totals are asked again.
  const filterTotals = useFilterTotals(data.filterQuery, data);
  const [matchingChosen, setMatchingChosen] = useState(false);
  useEffect(() => setMatchingChosen(false), [data, selectedIds.length]);
  // Times in the human export read in the reader's zone, the one the pages use.
  exportQuery.set("timeZone", useDisplay().timeZone);

  return (
    <>
      <PageHeader
        title="Exceptions"
        description="What the rules did not match, for your team to close. Filters live in the link, so a view can be shared."
        actions={
          <div className="flex gap-2">
            <a href={`/api/v1/exceptions/export?${exportQuery}&format=csv`} className={buttonClasses("secondary", "sm")} download>
              Export CSV
            </a>
            <a href={`/api/v1/exceptions/export?${exportQuery}&format=xlsx`} className={buttonClasses("secondary", "sm")} download>
              Export XLSX
            </a>
            <a href={`/api/v1/exceptions/export?${exportQuery}&format=csv&columns=machine`} className={buttonClasses("ghost", "sm")} download title="Ids, minor units and UTC times, for scripts">
              Machine CSV
            </a>
          </div>
        }
      />

      <ExceptionFilters searchParams={searchParams} setParam={setParam} sort={data.sort} userId={data.userId} members={data.members} table={grid.table} />
      <SourceFilters searchParams={searchParams} setParams={setParams} choices={data.choices} />
      <LinkFilters searchParams={searchParams} setParam={setParam} fileName={data.choices.fileName} />
      <IgnoredFiltersNotice ignored={data.ignored} />
      {actionData && !actionData.ok ? <ProblemAlert className="mb-4" problem={{ title: actionData.error.message, errors: Object.entries(actionData.error.fields).map(([pointer, message]) => ({ pointer: `/${pointer}`, message })) }} /> : null}
      {actionData?.ok && !busy ? <Alert className="mb-4" tone="success">{`${actionData.changed} exception${actionData.changed === 1 ? "" : "s"} updated.`}</Alert> : null}

      <FilterTotalsLine totals={filterTotals.totals} problem={filterTotals.problem} />
      {data.canTriage ? (
        <BulkActionsBar
          selectedIds={selectedIds}
          userId={data.userId}
          members={data.members}
          busy={busy}
          allLoadedSelected={rows.length > 0 && selectedIds.length === rows.length}
          matchingCount={filterTotals.totals?.count ?? null}
          filterQuery={data.filterQuery}
          matchingChosen={matchingChosen}
          chooseMatching={setMatchingChosen}
        />
      ) : null}

      {manualMatch.match ? <ManualMatchOutcome match={manualMatch.match} rows={manualMatch.rows} onUndo={() => void manualMatch.undoMatch()} undoing={manualMatch.undoing} undoProblem={manualMatch.undoProblem} /> : null}
      {data.canTriage && selectedIds.length > 0 ? <ManualMatchPanel selected={rows.filter((row) => rowSelection[row.id])} onMatched={manualMatch.matched} /> : null}

      {rows.length === 0 ? (
        <EmptyState
          icon={<ExceptionsIcon className="h-6 w-6" />}
          title="No exceptions match"
          description={
            <>
              Runs put what their rules did not match here. Change the filters, or{" "}
              <Link to="/" className="text-indigo-700 underline">
                load the demo data
              </Link>{" "}
              from the dashboard of an empty organization.
            </>
          }
        />
      ) : narrow ? (
        <ExceptionCards
          rows={rows}
          selected={rowSelection}
          onOpen={setOpenId}
          onToggle={data.canTriage ? loaded.selectRow : null}
          hasMore={Boolean(loaded.cursor)}
          loadingMore={loaded.loadingMore}
          loadMore={() => void loaded.loadMore()}
        />
      ) : (
        <ExceptionsGrid
          grid={grid}
          columns={columns}
          rowCount={rows.length}
          sort={data.sort}
          sortBy={sortBy}
          onOpen={setOpenId}
          onToggle={data.canTriage ? loaded.selectRow : null}
          hasMore={Boolean(loaded.cursor)}
          loadingMore={loaded.loadingMore}
        />
      )}
      {loaded.loadProblem ? <ProblemAlert problem={loaded.loadProblem} className="mt-4" /> : null}

      {openId ? (
        <ExceptionDrawer
          id={openId}
          onClose={closeDrawer}
          canTriage={data.canTriage}
          currentUserId={data.userId}
          members={data.members}
          onChanged={loaded.onExceptionChanged}
          onManualMatchUndone={() => revalidator.revalidate()}
        />
      ) : null}
    </>
  );
}
