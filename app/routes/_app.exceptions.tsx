import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams, useSubmit } from "@remix-run/react";
import { flexRender, type ColumnVisibilityState, type RowSelectionState } from "@tanstack/react-table";
// v9's v8-compatible API: plain state in React, which is all a grid of loaded pages needs.
import { getCoreRowModel, useLegacyTable, type LegacyColumnDef } from "@tanstack/react-table/legacy";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { roleAllows } from "~/core/access";
import { ExceptionsIcon } from "~/components/app-shell";
import { apiRequest } from "~/components/exceptions/api-request";
import { ExceptionDrawer } from "~/components/exceptions/exception-drawer";
import { memberNames } from "~/components/exceptions/exception-history";
import { ManualMatchOutcome, ManualMatchPanel, type ManualMatchResult } from "~/components/exceptions/manual-match-panel";
import type { ExceptionSummary } from "~/components/exceptions/types";
import { formatMoney, LocalTime } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { Select } from "~/components/ui/select";
import { EXCEPTION_TYPES } from "~/core/engine/types";
import { CHOOSABLE_RESOLUTION_CODES } from "~/modules/exceptions";
import { encodeCursor } from "~/http/cursor";
import { BulkSchema, ExceptionFilterSchema } from "~/http/forms/exception-forms.server";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import { listExceptions } from "~/modules/exceptions/index.server";
import { listMembers } from "~/modules/tenancy/index.server";
import { filterFromQuery } from "~/modules/exceptions";
import { serializeException } from "~/modules/exceptions";
import { bulkUpdateExceptions, type BulkAction } from "~/modules/exceptions/index.server";
import { FilterSelect } from "~/components/exceptions/filter-select";
import { COLUMNS_STORAGE_KEY, describeLinkFilter, LINK_FILTERS, readStoredColumns } from "~/components/exceptions/grid-preferences";
import { GridRowView, ROW_HEIGHT } from "~/components/exceptions/grid-row-view";
import { toGridRow, type GridRow } from "~/components/exceptions/grid-rows";
import { SEVERITY_TONES, STATUS_TONES } from "~/components/exceptions/tones";
import { uiAction, uiLoader } from "~/http/ui-route.server";

export const meta: MetaFunction = () => [{ title: "Exceptions · Reconstream" }];

const PAGE_SIZE = 200;
const SORTS = ["-created", "created", "-amount", "amount", "-age", "age", "-severity", "severity"] as const;

export const loader = uiLoader(async ({ request, ctx, role, user }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const sort = (SORTS as readonly string[]).includes(params.sort ?? "") ? (params.sort as (typeof SORTS)[number]) : "-severity";
  // Default view: what still needs someone.
  const parsed = ExceptionFilterSchema.safeParse({ status: "open,in_review", ...params });
  const canTriage = roleAllows(role, "exceptions:triage");
  // The assignee picker and the names in the grid; an org has tens of members, not thousands.
  const members = (await listMembers(ctx, { limit: 500 })).data.map((member) => ({ userId: member.userId, name: member.name, email: member.email }));
  if (!parsed.success) {
    const problem: ProblemView = {
      title: "The filters in the link are not valid",
      errors: parsed.error.issues.map((issue) => ({ parameter: issue.path.map(String).join("."), message: issue.message })),
    };
    return json({ rows: [], nextCursor: null, problem, sort, canTriage, userId: user.id, members });
  }
  const page = await listExceptions(ctx, filterFromQuery(parsed.data), { limit: PAGE_SIZE, sort });
  const now = new Date();
  return json({
    rows: page.data.map((row) => toGridRow(serializeException(row, page.sla, now))),
    nextCursor: encodeCursor(page.nextCursor),
    problem: null as ProblemView | null,
    sort,
    canTriage,
    userId: user.id,
    members,
  });
});


export const action = uiAction({ permission: "exceptions:triage" }, async ({ request, ctx, user }) => {
  const formData = await request.formData();
  const result = await runFormAction(request, async () => {
    const input = parseForm(BulkSchema(), formData);
    const change: BulkAction =
      input.operation === "assignToMe"
        ? { action: "assign", assigneeId: user.id }
        : input.operation === "assignTo"
          ? { action: "assign", assigneeId: input.assigneeId ?? null }
          : input.operation === "unassign"
          ? { action: "assign", assigneeId: null }
          : input.operation === "resolved"
            ? { action: "setStatus", status: "resolved", resolutionCode: input.resolutionCode ?? "other" }
            : { action: "setStatus", status: input.operation };
    await bulkUpdateExceptions(ctx, { ids: input.ids }, change);
    return { changed: input.ids.length, operation: input.operation };
  });
  return json(result, { status: result.ok ? 200 : result.error.status });
});


/** Columns whose header sorts the list: descending first (what a queue wants on top), a second click ascending. */
const SORT_KEYS: Record<string, { descending: (typeof SORTS)[number]; ascending: (typeof SORTS)[number] }> = {
  severity: { descending: "-severity", ascending: "severity" },
  amount: { descending: "-amount", ascending: "amount" },
  age: { descending: "-age", ascending: "age" },
  seen: { descending: "-created", ascending: "created" },
};

export default function ExceptionsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const revalidator = useRevalidator();
  const [searchParams, setSearchParams] = useSearchParams();
  const [rows, setRows] = useState<GridRow[]>(data.rows);
  const [cursor, setCursor] = useState<string | null>(data.nextCursor);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadProblem, setLoadProblem] = useState<ProblemView | null>(null);
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>({});
  const [openId, setOpenIdState] = useState<string | null>(searchParams.get("open"));
  // The open exception is in the link (?open=…) so it can be shared; written without a navigation, which would reload the list.
  const setOpenId = useCallback((id: string | null) => {
    setOpenIdState(id);
    const url = new URL(window.location.href);
    if (id) url.searchParams.set("open", id);
    else url.searchParams.delete("open");
    window.history.replaceState(window.history.state, "", url);
  }, []);
  const closeDrawer = useCallback(() => setOpenId(null), [setOpenId]);
  const [operation, setOperation] = useState("assignToMe");
  const [match, setMatch] = useState<ManualMatchResult | null>(null);
  const [undoing, setUndoing] = useState(false);
  const [undoProblem, setUndoProblem] = useState<ProblemView | null>(null);
  // The last row clicked without Shift: Shift-click selects the range from it.
  const anchorRef = useRef<number | null>(null);
  const nameOf = useMemo(() => memberNames(data.members, data.userId), [data.members, data.userId]);

  // Chosen columns are the reader's, kept in this browser; the server render shows all of them.
  const columnsRestored = useRef(false);
  useEffect(() => {
    setColumnVisibility(readStoredColumns());
    columnsRestored.current = true;
  }, []);
  useEffect(() => {
    if (columnsRestored.current) window.localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(columnVisibility));
  }, [columnVisibility]);

  // A new first page (new filters, or after a bulk change) replaces what was loaded.
  useEffect(() => {
    setRows(data.rows);
    setCursor(data.nextCursor);
    setRowSelection({});
    anchorRef.current = null;
  }, [data]);

  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const selectRow = useCallback((index: number, id: string, checked: boolean, extend: boolean) => {
    const anchor = anchorRef.current;
    const ids = [id];
    if (extend && anchor !== null) {
      const [from, to] = anchor < index ? [anchor, index] : [index, anchor];
      for (let position = from; position <= to; position++) {
        const row = rowsRef.current[position];
        if (row) ids.push(row.id);
      }
    }
    setRowSelection((current) => {
      const next = { ...current };
      for (const selected of ids) {
        if (checked) next[selected] = true;
        else delete next[selected];
      }
      return next;
    });
    anchorRef.current = index;
  }, []);

  const sortBy = useCallback(
    (column: string) => {
      const keys = SORT_KEYS[column];
      if (!keys) return;
      const next = new URLSearchParams(searchParams);
      next.set("sort", data.sort === keys.descending ? keys.ascending : keys.descending);
      next.delete("open");
      setSearchParams(next);
    },
    [searchParams, setSearchParams, data.sort],
  );

  const onExceptionChanged = useCallback((updated: ExceptionSummary) => {
    setRows((current) => current.map((row) => (row.id === updated.id ? { ...row, status: updated.status, assigneeId: updated.assigneeId, severity: updated.severity, dueAt: updated.dueAt, overdue: updated.overdue } : row)));
  }, []);

  async function undoMatch() {
    if (!match) return;
    setUndoing(true);
    setUndoProblem(null);
    const result = await apiRequest<ManualMatchResult>("DELETE", `/api/v1/manual-matches/${encodeURIComponent(match.id)}`);
    setUndoing(false);
    if (!result.ok) {
      setUndoProblem(result.problem);
      return;
    }
    setMatch(result.data);
    revalidator.revalidate();
  }

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    const query = new URLSearchParams(searchParams);
    query.delete("open");
    if (!query.has("status")) query.set("status", "open,in_review");
    query.set("sort", data.sort);
    query.set("limit", String(PAGE_SIZE));
    query.set("cursor", cursor);
    try {
      const response = await fetch(`/api/v1/exceptions?${query}`, { headers: { Accept: "application/json" } });
      const body = (await response.json()) as { data: Array<Parameters<typeof toGridRow>[0]>; nextCursor: string | null };
      if (!response.ok) {
        setLoadProblem(body as unknown as ProblemView);
        return;
      }
      setRows((current) => [...current, ...body.data.map(toGridRow)]);
      setCursor(body.nextCursor);
    } catch {
      setLoadProblem({ title: "Could not load more exceptions; check the connection" });
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, searchParams, data.sort]);

  const columns = useMemo<Array<LegacyColumnDef<GridRow>>>(
    () => [
      ...(data.canTriage
        ? [
            {
              id: "select",
              header: ({ table }) => (
                <input
                  type="checkbox"
                  aria-label="Select all loaded exceptions"
                  checked={table.getIsAllRowsSelected()}
                  ref={(element) => {
                    if (element) element.indeterminate = table.getIsSomeRowsSelected();
                  }}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                />
              ),
              cell: ({ row }) => (
                <input
                  type="checkbox"
                  aria-label={`Select exception ${row.original.id}`}
                  checked={row.getIsSelected()}
                  onChange={(event) => selectRow(row.index, row.original.id, event.target.checked, (event.nativeEvent as MouseEvent).shiftKey === true)}
                  onClick={(event) => event.stopPropagation()}
                />
              ),
              size: 40,
            } satisfies LegacyColumnDef<GridRow>,
          ]
        : []),
      { id: "severity", header: "Severity", cell: ({ row }) => <Badge tone={SEVERITY_TONES[row.original.severity] ?? "neutral"}>{row.original.severity}</Badge>, size: 100 },
      { id: "type", header: "Type", cell: ({ row }) => <span className="font-mono text-xs">{row.original.type}</span>, size: 180 },
      { id: "reference", header: "Reference", cell: ({ row }) => <span className="truncate font-mono text-xs">{row.original.reference}</span>, size: 180 },
      { id: "message", header: "Message", cell: ({ row }) => <span className="truncate">{row.original.message}</span>, size: 320 },
      {
        id: "amount",
        header: "Amount",
       
        cell: ({ row }) => (row.original.amountMinor !== null && row.original.currency ? formatMoney(row.original.amountMinor, row.original.currency) : "—"),
        size: 130,
      },
      { id: "status", header: "Status", cell: ({ row }) => <Badge tone={STATUS_TONES[row.original.status] ?? "neutral"}>{row.original.status.replace("_", " ")}</Badge>, size: 110 },
      {
        id: "due",
        header: "Due",
        cell: ({ row }) => (
          <span className={row.original.overdue ? "font-medium text-red-700" : "text-slate-600"}>
            <LocalTime iso={row.original.dueAt} style="date" />
            {row.original.overdue ? " (overdue)" : ""}
          </span>
        ),
        size: 160,
      },
      { id: "age", header: "Age", cell: ({ row }) => <span className="tabular-nums">{row.original.ageDays} d</span>, size: 80 },
      { id: "seen", header: "First seen", cell: ({ row }) => <LocalTime iso={row.original.firstSeenAt} style="date" />, size: 130 },
      { id: "step", header: "Step", cell: ({ row }) => <span className="font-mono text-xs text-slate-600">{row.original.stepKey}</span>, size: 150 },
      { id: "assignee", header: "Assignee", cell: ({ row }) => (row.original.assigneeId ? nameOf(row.original.assigneeId) : "—"), size: 140 },
    ],
    [data.canTriage, nameOf, selectRow],
  );

  const table = useLegacyTable({
    data: rows,
    columns,
    state: { rowSelection, columnVisibility },
    getRowId: (row) => row.id,
    onRowSelectionChange: setRowSelection,
    onColumnVisibilityChange: setColumnVisibility,
    getCoreRowModel: getCoreRowModel(),
  });

  const scrollRef = useRef<HTMLDivElement>(null);
  // initialRect lets the server render the first screen of rows, so they paint with the HTML rather than after hydration.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 40) void loadMore();
  }, [lastIndex, rows.length, loadMore]);

  /** Arrow keys move between rows (scrolling the virtual list as needed); Enter opens a row, Space selects it. */
  function moveRowFocus(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const current = (event.target as HTMLElement).closest<HTMLElement>('[role="row"][data-index]');
    const next = current ? Number(current.dataset.index) + (event.key === "ArrowDown" ? 1 : -1) : 0;
    if (next < 0 || next >= rows.length) return;
    event.preventDefault();
    virtualizer.scrollToIndex(next);
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[role="row"][data-index="${next}"]`)?.focus());
  }

  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete("open");
  if (!exportQuery.has("status")) exportQuery.set("status", "open,in_review");
  exportQuery.set("sort", data.sort);
  const busy = navigation.state !== "idle";
  const gridTemplate = table
    .getVisibleLeafColumns()
    .map((column) => `${column.getSize()}px`)
    .join(" ");

  const linkFilters = [...searchParams].filter(([name]) => name in LINK_FILTERS);

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("open");
    setSearchParams(next);
  }

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
          </div>
        }
      />

      <Form method="get" role="search" aria-label="Filter exceptions" className="mb-4 flex flex-wrap items-end gap-3">
        <FilterSelect label="Status" name="status" value={searchParams.get("status") ?? "open,in_review"} onChange={(value) => setParam("status", value)}>
          <option value="open,in_review">Open or in review</option>
          <option value="open">Open</option>
          <option value="in_review">In review</option>
          <option value="resolved">Resolved</option>
          <option value="ignored">Ignored</option>
          <option value="open,in_review,resolved,written_off,ignored">Any</option>
        </FilterSelect>
        <FilterSelect label="Severity" name="severity" value={searchParams.get("severity") ?? ""} onChange={(value) => setParam("severity", value)}>
          <option value="">Any</option>
          <option value="critical">Critical</option>
          <option value="critical,high">High or critical</option>
          <option value="medium">Medium</option>
          <option value="low">Low</option>
        </FilterSelect>
        <FilterSelect label="Type" name="type" value={searchParams.get("type") ?? ""} onChange={(value) => setParam("type", value)}>
          <option value="">Any</option>
          {EXCEPTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Assignee" name="assigneeId" value={searchParams.get("assigneeId") ?? ""} onChange={(value) => setParam("assigneeId", value)}>
          <option value="">Anyone</option>
          <option value="none">Unassigned</option>
          <option value={data.userId}>Me</option>
          {data.members
            .filter((member) => member.userId !== data.userId)
            .map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.name}
              </option>
            ))}
        </FilterSelect>
        <FilterSelect label="Sort" name="sort" value={data.sort} onChange={(value) => setParam("sort", value)}>
          <option value="-severity">Severity, critical first</option>
          <option value="severity">Severity, low first</option>
          <option value="-created">Newest first</option>
          <option value="created">Earliest raised first</option>
          <option value="-age">Oldest first</option>
          <option value="age">Youngest first</option>
          <option value="-amount">Largest amount first</option>
          <option value="amount">Smallest amount first</option>
        </FilterSelect>
        <div className="w-56">
          <label htmlFor="exceptions-q" className="mb-1 block text-xs font-medium text-slate-600">
            Search
          </label>
          <Input id="exceptions-q" name="q" type="search" defaultValue={searchParams.get("q") ?? ""} placeholder="Reference, id, text" />
        </div>
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
          <input type="checkbox" checked={searchParams.get("overdue") === "true"} onChange={(event) => setParam("overdue", event.target.checked ? "true" : "")} />
          Overdue only
        </label>
        <button type="submit" className={buttonClasses("secondary", "md")}>
          Apply
        </button>
        <details className="relative pb-1">
          <summary className={buttonClasses("ghost", "md", "cursor-pointer list-none")}>Columns</summary>
          <div className="absolute right-0 z-20 mt-1 w-48 rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
            {table
              .getAllLeafColumns()
              .filter((column) => column.id !== "select")
              .map((column) => (
                <label key={column.id} className="flex items-center gap-2 px-1 py-1 text-sm text-slate-700">
                  <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
                  {String(column.columnDef.header)}
                </label>
              ))}
          </div>
        </details>
      </Form>

      {linkFilters.length > 0 ? (
        <div role="group" className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-700" aria-label="Filters from the link">
          <span>Also filtered by:</span>
          {linkFilters.map(([name, value]) => (
            <span key={name} className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 ring-1 ring-slate-200">
              {describeLinkFilter(name, value, searchParams.get("currency"))}
              <button type="button" className="ml-1 rounded-full px-1 text-slate-500 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500" aria-label={`Remove filter ${LINK_FILTERS[name]}`} onClick={() => setParam(name, "")}>
                ×
              </button>
            </span>
          ))}
        </div>
      ) : null}
      {data.problem ? <ProblemAlert problem={data.problem} className="mb-4" /> : null}
      {actionData && !actionData.ok ? <ProblemAlert className="mb-4" problem={{ title: actionData.error.message, errors: Object.entries(actionData.error.fields).map(([pointer, message]) => ({ pointer: `/${pointer}`, message })) }} /> : null}
      {actionData?.ok && !busy ? <Alert className="mb-4" tone="success">{`${actionData.changed} exception${actionData.changed === 1 ? "" : "s"} updated.`}</Alert> : null}

      {data.canTriage ? (
        <div className="mb-3 flex min-h-[2.5rem] flex-wrap items-center gap-3" aria-live="polite">
          <span className="text-sm text-slate-700">{selectedIds.length > 0 ? `${selectedIds.length} selected` : "Select rows for bulk actions"}</span>
          {selectedIds.length > 0 ? (
            <Form
              method="post"
              className="flex items-center gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                const form = new FormData(event.currentTarget);
                form.set("ids", selectedIds.join(","));
                submit(form, { method: "post" });
              }}
            >
              <label htmlFor="bulk-operation" className="sr-only">
                Bulk action
              </label>
              <Select id="bulk-operation" name="operation" value={operation} onChange={(event) => setOperation(event.target.value)} className="w-48">
                <option value="assignToMe">Assign to me</option>
                <option value="assignTo">Assign to…</option>
                <option value="unassign">Unassign</option>
                <option value="in_review">Mark in review</option>
                <option value="resolved">Resolve</option>
                <option value="ignored">Ignore</option>
                <option value="open">Reopen</option>
              </Select>
              {operation === "assignTo" ? (
                <>
                  <label htmlFor="bulk-assignee" className="sr-only">
                    Assignee
                  </label>
                  <Select id="bulk-assignee" name="assigneeId" defaultValue={data.userId} className="w-52">
                    {data.members.map((member) => (
                      <option key={member.userId} value={member.userId}>
                        {member.userId === data.userId ? `${member.name} (me)` : member.name}
                      </option>
                    ))}
                  </Select>
                </>
              ) : null}
              {operation === "resolved" ? (
                <>
                  <label htmlFor="bulk-resolution" className="sr-only">
                    Resolution code
                  </label>
                  <Select id="bulk-resolution" name="resolutionCode" defaultValue="timing_difference" className="w-52">
                    {CHOOSABLE_RESOLUTION_CODES.map((code) => (
                      <option key={code} value={code}>
                        {code.replaceAll("_", " ")}
                      </option>
                    ))}
                  </Select>
                </>
              ) : null}
              <Button type="submit" size="sm" disabled={busy}>
                Apply to {selectedIds.length}
              </Button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {match ? <ManualMatchOutcome match={match} onUndo={() => void undoMatch()} undoing={undoing} undoProblem={undoProblem} /> : null}
      {data.canTriage && selectedIds.length > 0 ? (
        <ManualMatchPanel
          selected={rows.filter((row) => rowSelection[row.id])}
          onMatched={(created) => {
            setMatch(created);
            setUndoProblem(null);
            revalidator.revalidate();
          }}
        />
      ) : null}

      {rows.length === 0 && !data.problem ? (
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
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div
            ref={scrollRef}
            role="grid"
            aria-label="Exceptions"
            aria-rowcount={rows.length + 1}
            tabIndex={0}
            onKeyDown={moveRowFocus}
            className="h-[60vh] overflow-auto text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-500"
          >
            <div role="rowgroup" className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50">
              {table.getHeaderGroups().map((group) => (
                <div key={group.id} role="row" aria-rowindex={1} className="grid items-center" style={{ gridTemplateColumns: gridTemplate }}>
                  {group.headers.map((header) => {
                    const keys = SORT_KEYS[header.column.id];
                    const direction = keys ? (data.sort === keys.descending ? "descending" : data.sort === keys.ascending ? "ascending" : "none") : undefined;
                    return (
                      <div key={header.id} role="columnheader" aria-sort={direction} className="px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
                        {keys ? (
                          <button
                            type="button"
                            onClick={() => sortBy(header.column.id)}
                            className="inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
                            title={`Sort by ${String(header.column.columnDef.header).toLowerCase()}`}
                          >
                            {flexRender(header.column.columnDef.header, header.getContext())}
                            <span aria-hidden="true">{direction === "descending" ? "↓" : direction === "ascending" ? "↑" : "↕"}</span>
                          </button>
                        ) : (
                          flexRender(header.column.columnDef.header, header.getContext())
                        )}
                      </div>
                    );
                  })}
                </div>
              ))}
            </div>
            <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {virtualItems.map((item) => {
                const row = table.getRowModel().rows[item.index]!;
                return (
                  <GridRowView
                    key={row.id}
                    row={row}
                    index={item.index}
                    top={item.start}
                    selected={row.getIsSelected()}
                    gridTemplate={gridTemplate}
                    columns={columns}
                    onOpen={setOpenId}
                    onToggle={data.canTriage ? selectRow : null}
                  />
                );
              })}
            </div>
          </div>
          <div className="flex items-center justify-between border-t border-slate-200 px-4 py-2 text-xs text-slate-600">
            <span>
              {rows.length} loaded{cursor ? ", more load as you scroll" : ", all shown"}
            </span>
            {loadingMore ? <span>Loading…</span> : null}
          </div>
        </div>
      )}
      {loadProblem ? <ProblemAlert problem={loadProblem} className="mt-4" /> : null}

      {openId ? (
        <ExceptionDrawer
          id={openId}
          onClose={closeDrawer}
          canTriage={data.canTriage}
          currentUserId={data.userId}
          members={data.members}
          onChanged={onExceptionChanged}
          onManualMatchUndone={() => revalidator.revalidate()}
        />
      ) : null}
    </>
  );
}
