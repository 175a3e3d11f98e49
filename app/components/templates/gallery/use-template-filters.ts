import { useSearchParams } from "@remix-run/react";
import { useMemo, useState } from "react";
import { industryLabel } from "../industry";
import type { TemplateCardData } from "../template-card";

/** A gallery card, with the industry it is grouped under. */
export type GalleryTemplate = TemplateCardData & { industry: string };

/** The gallery's search and industry filter, kept in the URL, and the templates they leave grouped by industry. */
export function useTemplateFilters(templates: GalleryTemplate[]) {
  const [searchParams, setSearchParams] = useSearchParams();
  const [query, setQuery] = useState(searchParams.get("q") ?? "");
  const [industry, setIndustry] = useState(searchParams.get("industry") ?? "");

  const industries = useMemo(() => [...new Set(templates.map((template) => template.industry))].sort((a, b) => industryLabel(a).localeCompare(industryLabel(b))), [templates]);
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return templates.filter((template) => {
      if (industry && template.industry !== industry) return false;
      const haystack = [template.name, template.description, template.id, industryLabel(template.industry), template.author, ...template.keywords].join(" ").toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  }, [templates, query, industry]);
  const groups = useMemo(() => industries.map((key) => ({ key, templates: shown.filter((template) => template.industry === key) })).filter((group) => group.templates.length > 0), [industries, shown]);

  // The filters live in the URL too, so a filtered gallery can be shared and survives a reload.
  const updateFilters = (next: { q?: string; industry?: string }) => {
    const params = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(next)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    setSearchParams(params, { replace: true, preventScrollReset: true });
  };
  const clearFilters = () => {
    setQuery("");
    setIndustry("");
    updateFilters({ q: "", industry: "" });
  };

  return { query, setQuery, industry, setIndustry, industries, shown, groups, updateFilters, clearFilters };
}

export type TemplateFilters = ReturnType<typeof useTemplateFilters>;
