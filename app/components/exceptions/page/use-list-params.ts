import { useSearchParams } from "@remix-run/react";
import { useCallback } from "react";
import { SORT_KEYS, type ExceptionSort } from "./page-data";

/** Filters and sort live in the link; changing one drops ?open so the drawer does not reopen on the new list. */
export function useListParams(sort: ExceptionSort) {
  const [searchParams, setSearchParams] = useSearchParams();

  const sortBy = useCallback(
    (column: string) => {
      const keys = SORT_KEYS[column];
      if (!keys) return;
      const next = new URLSearchParams(searchParams);
      next.set("sort", sort === keys.descending ? keys.ascending : keys.descending);
      next.delete("open");
      setSearchParams(next);
    },
    [searchParams, setSearchParams, sort],
  );

  function setParam(name: string, value: string) {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("open");
    setSearchParams(next);
  }

  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete("open");
  if (!exportQuery.has("status")) exportQuery.set("status", "open,in_review");
  exportQuery.set("sort", sort);

  return { searchParams, sortBy, setParam, exportQuery };
}
