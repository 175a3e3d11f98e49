import type { Role } from "~/core/access";
import type { BadgeTone } from "~/components/ui/badge";
import type { serializeApiKey } from "~/api/views/tenancy";
import type { FormResultView } from "../form-result";

export type ApiKeyRow = ReturnType<typeof serializeApiKey>;

export interface ApiKeysPageData {
  keys: ApiKeyRow[];
  truncated: boolean;
  grantableRoles: Role[];
}

export type ApiKeysActionData =
  | ({ intent: "create" } & FormResultView<{ created: { id: string; name: string; role: Role; secret: string } }>)
  | ({ intent: "revoke" } & FormResultView<{ revoked: { id: string; name: string } }>);

export function roleLabel(role: string) {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

export const ROLE_TONES: Record<Role, BadgeTone> = { owner: "info", admin: "warning", operator: "success", viewer: "neutral" };

export const ROLE_HINTS: Record<Role, string> = {
  owner: "Full access, including members and organization settings",
  admin: "Configuration, API keys and the audit log",
  operator: "Upload files, start runs and work exceptions",
  viewer: "Read-only: results, exceptions and reports",
};
