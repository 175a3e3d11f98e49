import { Form } from "@remix-run/react";
import type { LegacyTable } from "@tanstack/react-table/legacy";
import { buttonClasses } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { EXCEPTION_TYPES } from "~/core/engine/types";
import { FilterSelect } from "../filter-select";
import { describeLinkFilter, LINK_FILTERS } from "../grid-preferences";
import type { GridRow } from "../grid-rows";
import type { MemberChoice } from "./page-data";

interface ExceptionFiltersProps {
  searchParams: URLSearchParams;
  setParam: (name: string, value: string) => void;
  sort: string;
  userId: string;
  members: MemberChoice[];
  table: LegacyTable<GridRow>;
}

/** The filter bar: selects apply at once, the search box on Apply; the column chooser sits at its end. */
export function ExceptionFilters({ searchParams, setParam, sort, userId, members, table }: ExceptionFiltersProps) {
  return (
    <Form
      method="get"
      role="search"
      aria-label="Filter exceptions"
      className="mb-4 flex flex-wrap items-end gap-3"
      onSubmit={(event) => {
        // The selects apply as they change; Apply (or Enter) adds the search text to the link's other filters, never an empty field.
        event.preventDefault();
        setParam("q", String(new FormData(event.currentTarget).get("q") ?? "").trim());
      }}
    >
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
        <option value={userId}>Me</option>
        {members
          .filter((member) => member.userId !== userId)
          .map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.name}
            </option>
          ))}
      </FilterSelect>
      <FilterSelect label="Sort" name="sort" value={sort} onChange={(value) => setParam("sort", value)}>
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
  );
}

/** Filters only a link can set (from a run or a file); each can be removed here. */
export function LinkFilters({ searchParams, setParam, fileName }: { searchParams: URLSearchParams; setParam: (name: string, value: string) => void; fileName: string | null }) {
  const linkFilters = [...searchParams].filter(([name]) => name in LINK_FILTERS);
  if (linkFilters.length === 0) return null;
  return (
    <div role="group" className="mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-700" aria-label="Filters from the link">
      <span>Also filtered by:</span>
      {linkFilters.map(([name, value]) => (
        <span key={name} className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 ring-1 ring-slate-200">
          {describeLinkFilter(name, value, searchParams.get("currency"), fileName)}
          <button type="button" className="ml-1 rounded-full px-1 text-slate-500 hover:text-slate-900 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500" aria-label={`Remove filter ${LINK_FILTERS[name]}`} onClick={() => setParam(name, "")}>
            ×
          </button>
        </span>
      ))}
    </div>
  );
}
