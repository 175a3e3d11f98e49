import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { ProblemView } from "~/components/problem";
import type { Side } from "./draft";
import type { ActionResult, SuggestionView } from "./types";

/**
 * The suggestion, asked for when leaving the files step with a new pair.
 * onSuggested runs once per answered request, with the pair it was asked for.
 */
export function useSuggestion(onSuggested: (suggestion: SuggestionView, forPair: string) => void) {
  const suggestFetcher = useFetcher<ActionResult>();
  const [suggestProblem, setSuggestProblem] = useState<ProblemView | null>(null);
  const awaitingSuggestion = useRef("");
  useEffect(() => {
    const result = suggestFetcher.data;
    if (suggestFetcher.state !== "idle" || !result || result.intent !== "suggest" || !awaitingSuggestion.current) return;
    const forPair = awaitingSuggestion.current;
    awaitingSuggestion.current = "";
    if (!result.ok) {
      setSuggestProblem(result.problem);
      return;
    }
    setSuggestProblem(null);
    onSuggested(result.suggestion as SuggestionView, forPair);
    // onSuggested is stable enough for this one-shot reaction to a finished request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [suggestFetcher.state, suggestFetcher.data]);

  function requestSuggestion(selected: Record<Side, string>, pairKey: string) {
    awaitingSuggestion.current = pairKey;
    setSuggestProblem(null);
    suggestFetcher.submit({ intent: "suggest", sourceFileId: selected.source, targetFileId: selected.target }, { method: "post" });
  }

  return { suggestProblem, suggesting: suggestFetcher.state !== "idle", requestSuggestion };
}
