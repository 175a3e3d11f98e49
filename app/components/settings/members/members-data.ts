import type { Role } from "~/core/access";
import type { BadgeTone } from "~/components/ui/badge";

export interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

export interface MembersPageData {
  orgName: string;
  currentUserId: string;
  canManage: boolean;
  grantableRoles: Role[];
  members: MemberRow[];
  membersTruncated: boolean;
  invitations: InvitationRow[];
}

export type MembersActionData = { intent: string } & (
  | { ok: true; message: string; invite: { email: string; url: string } | null }
  | { ok: false; error: { message: string; status: number; fields: Record<string, string> } }
);

/** What a form on the page is submitting, so only its button says "Saving…". */
export interface PendingForm {
  busy: boolean;
  intent: FormDataEntryValue | null | undefined;
  id: FormDataEntryValue | null | undefined;
}

export function roleLabel(role: string) {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

export const ROLE_TONES: Record<Role, BadgeTone> = { owner: "info", admin: "warning", operator: "success", viewer: "neutral" };

export const ROLE_HINTS: Record<Role, string> = {
  owner: "Everything, including members and organization settings",
  admin: "Configuration, API keys and the audit log",
  operator: "Upload files, run streams and work exceptions",
  viewer: "Read-only access",
};
