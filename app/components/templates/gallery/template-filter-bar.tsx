import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { industryLabel } from "../industry";
import type { TemplateFilters } from "./use-template-filters";

export function TemplateFilterBar({ filters }: { filters: TemplateFilters }) {
  const { query, setQuery, industry, setIndustry, industries, updateFilters } = filters;
  return (
    <div role="search" className="flex flex-wrap items-end gap-3" aria-label="Filter templates">
      <Field label="Search templates" className="min-w-[16rem] flex-1">
        <Input
          type="search"
          value={query}
          placeholder="Name, provider, keyword…"
          onChange={(event) => {
            setQuery(event.target.value);
            updateFilters({ q: event.target.value.trim() });
          }}
        />
      </Field>
      <Field label="Industry" className="w-56">
        <Select
          value={industry}
          onChange={(event) => {
            setIndustry(event.target.value);
            updateFilters({ industry: event.target.value });
          }}
        >
          <option value="">All industries</option>
          {industries.map((key) => (
            <option key={key} value={key}>
              {industryLabel(key)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}
