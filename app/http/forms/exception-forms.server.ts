import { z } from "zod";
import { ExceptionFilterSchema } from "~/api/contracts/exceptions";

/**
 * The exceptions page's query and bulk-form parsing; a .server module so zod
 * and the API contracts stay out of the browser bundle.
 */
export { ExceptionFilterSchema };

export const RESOLUTION_CODES = ["timing_difference", "bank_error", "duplicate_confirmed", "written_off_small_balance", "other"] as const;

export const BulkSchema = () =>
  z.object({
    ids: z
      .string()
      .min(1, "Select at least one exception")
      .transform((text) => text.split(",").filter(Boolean))
      .pipe(z.array(z.string().min(1).max(64)).min(1, "Select at least one exception").max(5000)),
    operation: z.enum(["assignToMe", "unassign", "in_review", "resolved", "ignored", "open"], "Choose an action"),
    resolutionCode: z.enum(RESOLUTION_CODES).optional(),
  });

