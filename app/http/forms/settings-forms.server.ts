import { z } from "zod";

/** Settings pages' query and form parsing; a .server module so zod stays out of the browser bundle. */
/** Filters from the URL, so a filtered view can be shared as a link; a malformed one is ignored, not an error page. */
export const AuditFilterSchema = z.object({
  actionPrefix: z.string().trim().min(1).max(100).optional().catch(undefined),
  resourceType: z.string().trim().min(1).max(100).optional().catch(undefined),
  resourceId: z.string().trim().min(1).max(100).optional().catch(undefined),
});

const days = z.coerce.number("Enter a number of days").int("Use whole days").min(0, "At least 0").max(3650, "At most 3650");
export const SlaFormSchema = () => z.object({ critical: days, high: days, medium: days, low: days });

