import { useEffect, useState } from "react";
import type { ProblemView } from "~/components/problem";
import { apiRequest } from "../api-request";

export interface FilterTotals {
  count: number;
  amountMinorByCurrency: Record<string, number>;
  withoutAmount: number;
}

/**
 * The whole filter's count and sums, asked of the API after the first rows
 * paint: the page does not wait for a count over a large backlog.
 */
export function useFilterTotals(filterQuery: string, refreshKey: unknown) {
  const [totals, setTotals] = useState<FilterTotals | null>(null);
  const [problem, setProblem] = useState<ProblemView | null>(null);
  useEffect(() => {
    let current = true;
    setTotals(null);
    void apiRequest<FilterTotals>("GET", `/api/v1/exceptions/totals?${filterQuery}`).then((result) => {
      if (!current) return;
      if (result.ok) {
        setTotals(result.data);
        setProblem(null);
      } else setProblem(result.problem);
    });
    return () => {
      current = false;
    };
  }, [filterQuery, refreshKey]);
  return { totals, problem };
}
