import { Link } from "@remix-run/react";
import { AuthLayout } from "../auth-layout";
import { linkClasses } from "./invite-data";

export function InviteInvalid() {
  return (
    <AuthLayout
      title="This invitation can't be used"
      description="This invitation link is invalid, used, revoked or expired."
      footer={
        <>
          Already have an account?{" "}
          <Link to="/login" className={linkClasses}>
            Sign in
          </Link>
        </>
      }
    >
      <p className="text-sm leading-6 text-slate-600">
        Invitation links work once and expire after 7 days. Ask an owner of the organization to send you a new one.
      </p>
    </AuthLayout>
  );
}
