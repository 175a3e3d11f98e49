import { z } from "zod";
import { ROLES } from "~/core/access";
import { FEATURE_FLAGS, type FeatureFlag } from "~/modules/tenancy/index.server";

/** Settings pages' query and form parsing; a .server module so zod stays out of the browser bundle. */
/** Filters from the URL, so a filtered view can be shared as a link; a malformed one is ignored, not an error page. */
export const AuditFilterSchema = z.object({
  actionPrefix: z.string().trim().min(1).max(100).optional().catch(undefined),
  resourceType: z.string().trim().min(1).max(100).optional().catch(undefined),
  resourceId: z.string().trim().min(1).max(100).optional().catch(undefined),
});

const days = z.coerce.number("Enter a number of days").int("Use whole days").min(0, "At least 0").max(3650, "At most 3650");
export const SlaFormSchema = () => z.object({ critical: days, high: days, medium: days, low: days });


export const RenameOrganizationSchema = () =>
  z.object({
    name: z.string().trim().min(1, "Enter a name").max(200, "Use at most 200 characters"),
  });

export const FeatureFlagSchema = () =>
  z.object({
    flag: z.custom<FeatureFlag>((value) => typeof value === "string" && Object.prototype.hasOwnProperty.call(FEATURE_FLAGS, value), "Unknown feature flag"),
    enabled: z.enum(["true", "false"], "Choose on or off"),
  });

const RoleSchema = () => z.enum(ROLES, "Choose a role");
const IdSchema = () => z.string().trim().min(1, "is required").max(64);

export const ChangeRoleSchema = () => z.object({ membershipId: IdSchema(), role: RoleSchema() });
export const RemoveMemberSchema = () => z.object({ membershipId: IdSchema() });
export const InviteMemberSchema = () =>
  z.object({
    email: z
      .string()
      .trim()
      .min(1, "Enter an email address")
      .max(320, "Use at most 320 characters")
      .pipe(z.email("Enter a valid email address, like name@company.com")),
    role: RoleSchema(),
  });
export const RevokeInvitationSchema = () => z.object({ invitationId: IdSchema() });

export const CreateApiKeySchema = () =>
  z.object({
    name: z.string().trim().min(1, "Give the key a name, e.g. the system that will use it").max(100, "Use at most 100 characters"),
    role: RoleSchema(),
  });
export const RevokeApiKeySchema = () => z.object({ id: IdSchema() });
