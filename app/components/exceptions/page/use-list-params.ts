import { useSearchParams } from "@remix-run/react";
import { useCallback } from "react";
import { SORT_KEYS, type ExceptionSort } from "./page-data";

/** Filters and sort live in the link; changing one drops ?open so the drawer does not reopen on the new list. */
export function useListParams(sort: ExceptionSort, filterQuery: string, ignored: ReadonlyArray<{ parameter: string }> = []) {
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

  /** Several at once (a new stream clears its run and step); an empty value removes the parameter, so no empty field is ever sent. */
  function setParams(changes: Record<string, string>) {
    const next = new URLSearchParams(searchParams);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    // A link may have brought empty fields (`severity=&type=`): they mean "any", so they are dropped rather than carried on.
    for (const name of [...next.keys()]) if (next.get(name) === "") next.delete(name);
    // Parameters the loader left out (and said so) are not carried into the next view, where the notice would repeat.
    for (const { parameter } of ignored) if (!(parameter in changes)) next.delete(parameter);
    next.delete("open");
    setSearchParams(next);
  }

  const setParam = (name: string, value: string) => setParams({ [name]: value });

  // The filter as the loader accepted it: what the totals, the export and later pages ask the API for.
  const exportQuery = new URLSearchParams(filterQuery);
  exportQuery.set("sort", sort);

  return { searchParams, sortBy, setParam, setParams, exportQuery };
}
