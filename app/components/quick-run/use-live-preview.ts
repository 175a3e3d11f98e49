import { useFetcher } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import type { Draft, FieldErrors, Side } from "./draft";
import type { ActionResult, PreviewView } from "./types";

const PREVIEW_DEBOUNCE_MS = 500;

interface LivePreviewInput {
  draft: Draft | null;
  pastFiles: boolean;
  pairKey: string;
  suggestedFor: string;
  selected: Record<Side, string>;
  limit: number;
}

/** The preview is asked for once the draft has been still for a moment; the last good one stays shown while the next loads. */
export function useLivePreview({ draft, pastFiles, pairKey, suggestedFor, selected, limit }: LivePreviewInput) {
  const previewFetcher = useFetcher<ActionResult>();
  const [waitingForPreview, setWaitingForPreview] = useState(false);
  const draftJson = useMemo(() => (draft ? JSON.stringify(draft) : ""), [draft]);
  const { submit: submitPreview } = previewFetcher;
  useEffect(() => {
    if (!draftJson || !pastFiles || suggestedFor !== pairKey) return;
    setWaitingForPreview(true);
    const timer = setTimeout(() => {
      setWaitingForPreview(false);
      submitPreview({ intent: "preview", sourceFileId: selected.source, targetFileId: selected.target, limit: String(limit), definition: draftJson }, { method: "post" });
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draftJson, limit, pairKey, pastFiles, selected.source, selected.target, submitPreview, suggestedFor]);
  const [lastPreview, setLastPreview] = useState<PreviewView | null>(null);
  const previewResult = previewFetcher.data?.intent === "preview" ? previewFetcher.data : null;
  useEffect(() => {
    if (previewResult?.ok && previewResult.preview) setLastPreview(previewResult.preview);
  }, [previewResult]);
  const previewProblem = previewResult && !previewResult.ok ? previewResult.problem : null;
  const previewState = waitingForPreview ? "waiting" : previewFetcher.state === "idle" ? "idle" : "loading";
  const previewBusy = previewState !== "idle";
  const previewFields: FieldErrors = previewResult && !previewResult.ok ? previewResult.fields : {};
  return { lastPreview, previewProblem, previewState, previewBusy, previewFields } as const;
}
