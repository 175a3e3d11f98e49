import { useLocation, useNavigation } from "@remix-run/react";
import { InviteAccept } from "./invite-accept";
import type { InviteActionData, InviteState } from "./invite-data";
import { InviteInvalid } from "./invite-invalid";
import { InviteRegister } from "./invite-register";
import { InviteSignin } from "./invite-signin";

/** One invitation link, four outcomes: unusable, accept, sign in first, or create an account. */
export function InvitePage({ data, actionData }: { data: InviteState; actionData: InviteActionData | undefined }) {
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const submitting = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";

  if (data.state === "invalid") return <InviteInvalid />;
  const error = actionData?.error;
  if (data.state === "accept") return <InviteAccept data={data} error={error} submitting={submitting} />;
  if (data.state === "signin") return <InviteSignin data={data} error={error} submitting={submitting} pathname={pathname} />;
  return <InviteRegister data={data} error={error} submitting={submitting} name={actionData?.name} />;
}
