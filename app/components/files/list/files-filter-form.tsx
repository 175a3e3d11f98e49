import { Form, Link } from "@remix-run/react";
import { buttonClasses } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import type { FilesQuery } from "./files-list-data";

export function FilesFilterForm({ query, filtered }: { query: FilesQuery; filtered: boolean }) {
  return (
    <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter files">
      <div className="w-64">
        <label htmlFor="files-q" className="mb-1 block text-xs font-medium text-slate-600">
          Name contains
        </label>
        <Input id="files-q" name="q" defaultValue={query.q ?? ""} type="search" />
      </div>
      <div className="w-44">
        <label htmlFor="files-status" className="mb-1 block text-xs font-medium text-slate-600">
          Status
        </label>
        <Select id="files-status" name="status" defaultValue={query.status ?? ""}>
          <option value="">Any</option>
          <option value="processing">Processing</option>
          <option value="ready">Ready</option>
          <option value="failed">Failed</option>
        </Select>
      </div>
      <div className="w-44">
        <label htmlFor="files-kind" className="mb-1 block text-xs font-medium text-slate-600">
          Kind
        </label>
        <Select id="files-kind" name="kind" defaultValue={query.kind ?? "upload"}>
          <option value="upload">Uploads</option>
          <option value="artifact">Run artifacts</option>
          <option value="snapshot">Data-source snapshots</option>
        </Select>
      </div>
      <button type="submit" className={buttonClasses("secondary", "md")}>
        Filter
      </button>
      {filtered ? (
        <Link to="/files" className={buttonClasses("ghost", "md")}>
          Clear
        </Link>
      ) : null}
    </Form>
  );
}
