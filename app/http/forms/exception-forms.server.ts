import { z } from "zod";
import { ExceptionFilterSchema } from "~/api/contracts/exceptions";
import { CHOOSABLE_RESOLUTION_CODES } from "~/modules/exceptions";

/**
 * The exceptions page's query and bulk-form parsing; a .server module so zod
 * and the API contracts stay out of the browser bundle.
 */
export { ExceptionFilterSchema };

export const BulkSchema = () =>
  z.object({
    ids: z
      .string()
      .min(1, "Select at least one exception")
      .transform((text) => text.split(",").filter(Boolean))
      .pipe(z.array(z.string().min(1).max(64)).min(1, "Select at least one exception").max(5000)),
    operation: z.enum(["assignToMe", "assignTo", "unassign", "in_review", "resolved", "ignored", "open"], "Choose an action"),
    assigneeId: z.string().min(1).max(64).optional(),
    resolutionCode: z.enum(CHOOSABLE_RESOLUTION_CODES).optional(),
  })
  .refine((input) => input.operation !== "assignTo" || input.assigneeId, { path: ["assigneeId"], message: "Choose whom to assign them to" });

