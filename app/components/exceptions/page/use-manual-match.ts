import { useRevalidator } from "@remix-run/react";
import { useState } from "react";
import type { ProblemView } from "~/components/problem";
import { apiRequest } from "../api-request";
import type { ManualMatchResult, MatchedRows } from "../manual-match-panel";

/** The last manual match made on this page, and undoing it. */
export function useManualMatch() {
  const revalidator = useRevalidator();
  const [match, setMatch] = useState<ManualMatchResult | null>(null);
  const [rows, setRows] = useState<MatchedRows | null>(null);
  const [undoing, setUndoing] = useState(false);
  const [undoProblem, setUndoProblem] = useState<ProblemView | null>(null);

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

  function matched(created: ManualMatchResult, matchedRows: MatchedRows) {
    setMatch(created);
    setRows(matchedRows);
    setUndoProblem(null);
    revalidator.revalidate();
  }

  return { match, rows, undoing, undoProblem, undoMatch, matched };
}
