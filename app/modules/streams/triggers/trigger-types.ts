import type { streamTriggerFirings, streamTriggers } from "~/platform/db/schema";
import type { TriggerConfig } from "~/core/streams/trigger-config";

export type StreamTrigger = typeof streamTriggers.$inferSelect;
export type TriggerFiring = typeof streamTriggerFirings.$inferSelect;

export interface TriggerInput {
  name?: string | null;
  enabled?: boolean;
  parameters?: Record<string, string>;
  config: TriggerConfig;
}

export interface TriggerPatch {
  name?: string | null;
  enabled?: boolean;
  parameters?: Record<string, string>;
  config?: TriggerConfig;
}

/** A trigger as the API shows it; `secret` only right after it was generated. */
export interface TriggerView {
  trigger: StreamTrigger;
  secret?: string;
}
