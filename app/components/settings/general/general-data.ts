import type { FormResultView } from "../form-result";

export interface FlagView {
  flag: string;
  label: string;
  description: string;
  enabled: boolean;
}

export interface GeneralSettingsData {
  organization: { id: string; name: string; createdAt: string };
  flags: FlagView[];
  canEdit: boolean;
  /** The signed-in user's own display zone. */
  timeZone: string;
}

export type GeneralActionData =
  | ({ intent: "rename" } & FormResultView<{ name: string }>)
  | ({ intent: "setFlag" } & FormResultView<{ flag: string; enabled: boolean }>)
  | ({ intent: "timeZone" } & FormResultView<{ timeZone: string }>);
