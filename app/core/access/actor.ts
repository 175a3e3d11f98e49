import type { Role } from "./permissions";

/** Who is acting: recorded on every audit event. */
export type Actor =
  | { type: "user"; id: string; label: string; role: Role }
  | { type: "api_key"; id: string; label: string; role: Role }
  | { type: "system"; id: null; label: string; role: Role }
  | { type: "scheduler"; id: null; label: string; role: Role };

/** Every service function takes this first; a query without org_id is a bug. */
export interface OrgContext {
  orgId: string;
  actor: Actor;
  requestId?: string;
}

export function systemActor(label: string): Actor {
  return { type: "system", id: null, label, role: "owner" };
}
