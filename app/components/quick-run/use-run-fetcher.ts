import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ProblemView } from "~/components/problem";
import type { FieldErrors } from "./draft";
import type { ActionResult } from "./types";

/** Run: the post that starts the quick run, and the problems it answered with (a run that starts redirects). */
export function useRunFetcher() {
  const runFetcher = useFetcher<ActionResult>();
  const [runErrors, setRunErrors] = useState<{ problem: ProblemView; fields: FieldErrors } | null>(null);
  useEffect(() => {
    const result = runFetcher.data;
    if (runFetcher.state === "idle" && result && result.intent === "run" && !result.ok) setRunErrors({ problem: result.problem, fields: result.fields });
  }, [runFetcher.state, runFetcher.data]);
  return { runFetcher, runErrors, setRunErrors, running: runFetcher.state !== "idle" };
}
