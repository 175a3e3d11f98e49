import type { ReactNode } from "react";

export type OrgRole = "owner" | "admin" | "operator" | "viewer";

export interface AppShellProps {
  user: { id: string; name: string; email: string };
  org: { id: string; name: string };
  role: OrgRole;
  orgs: Array<{ id: string; name: string; role: string }>;
  children: ReactNode;
}
