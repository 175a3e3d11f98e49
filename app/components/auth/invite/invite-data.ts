export type InviteState =
  | { state: "invalid" }
  | {
      state: "register" | "accept" | "signin";
      orgName: string;
      email: string;
      role: string;
      /** Email of whoever is signed in on this browser, if anyone. */
      signedInAs: string | null;
      minPasswordLength: number;
    };

export type OpenInvite = Exclude<InviteState, { state: "invalid" }>;

/** A failed accept or register: the error, and the name to fill in again. */
export interface InviteActionData {
  error: { message: string; status: number; fields: Record<string, string> };
  name: string;
}

export const linkClasses = "font-medium text-indigo-600 hover:text-indigo-500";

export function roleLabel(role: string) {
  return role.charAt(0).toUpperCase() + role.slice(1);
}
