import type { BadgeTone } from "~/components/ui/badge";

/** Badge colours of the exceptions grid and drawer: the same severity and status read the same everywhere. */
export const SEVERITY_TONES: Record<string, BadgeTone> = { critical: "danger", high: "danger", medium: "warning", low: "neutral" };
export const STATUS_TONES: Record<string, BadgeTone> = { open: "info", in_review: "warning", resolved: "success", written_off: "neutral", ignored: "neutral" };
