import { Form, Link } from "@remix-run/react";
import { buttonClasses } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import type { AuditFilters as Filters } from "./audit-data";

export function AuditFilters({ filters, filtered }: { filters: Filters; filtered: boolean }) {
  return (
    <Form method="get" role="search" aria-label="Filter audit events" className="flex flex-wrap items-end gap-3">
      <div className="w-48">
        <label htmlFor="audit-action" className="mb-1 block text-xs font-medium text-slate-600">
          Action starts with
        </label>
        <Input id="audit-action" name="actionPrefix" defaultValue={filters.actionPrefix ?? ""} placeholder="file." />
      </div>
      <div className="w-48">
        <label htmlFor="audit-resource-type" className="mb-1 block text-xs font-medium text-slate-600">
          Resource type
        </label>
        <Input id="audit-resource-type" name="resourceType" defaultValue={filters.resourceType ?? ""} placeholder="stream" />
      </div>
      <div className="w-56">
        <label htmlFor="audit-resource-id" className="mb-1 block text-xs font-medium text-slate-600">
          Resource id
        </label>
        <Input id="audit-resource-id" name="resourceId" defaultValue={filters.resourceId ?? ""} />
      </div>
      <button type="submit" className={buttonClasses("secondary", "md")}>
        Filter
      </button>
      {filtered ? (
        <Link to="/settings/audit" className={buttonClasses("ghost", "md")}>
          Clear
        </Link>
      ) : null}
    </Form>
  );
}
