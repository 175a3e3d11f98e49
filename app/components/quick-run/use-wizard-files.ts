import { useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import type { Side } from "./draft";
import type { WizardFile } from "./types";

const FILES_POLL_MS = 1_500;

/** While a file is profiling the page refreshes its list, so the file becomes selectable once ready. */
export function useFilesPolling(files: WizardFile[]) {
  const revalidator = useRevalidator();
  const anyProcessing = files.some((file) => file.status === "processing");
  useEffect(() => {
    if (!anyProcessing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, FILES_POLL_MS);
    return () => clearInterval(timer);
  }, [anyProcessing, revalidator]);
}

/** Files uploaded here fill the empty sides (source first) as soon as they are ready. */
export function useAutoPickUploads(
  files: WizardFile[],
  pending: string[],
  setPending: (update: (current: string[]) => string[]) => void,
  setSelected: (update: (current: Record<Side, string>) => Record<Side, string>) => void,
) {
  useEffect(() => {
    if (pending.length === 0) return;
    const settled = pending.filter((id) => {
      const status = files.find((file) => file.id === id)?.status;
      return status === "ready" || status === "failed";
    });
    if (settled.length === 0) return;
    const ready = settled.filter((id) => files.find((file) => file.id === id)?.status === "ready");
    setSelected((current) => {
      const next = { ...current };
      for (const id of ready) {
        if (next.source === id || next.target === id) continue;
        if (!next.source) next.source = id;
        else if (!next.target) next.target = id;
      }
      return next;
    });
    setPending((current) => current.filter((id) => !settled.includes(id)));
  }, [files, pending, setPending, setSelected]);
}
