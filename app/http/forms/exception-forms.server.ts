import { z } from "zod";
import { ExceptionFilterSchema } from "~/api/contracts/exceptions";
import { CHOOSABLE_RESOLUTION_CODES } from "~/modules/exceptions";

/**
 * The exceptions page's query and bulk-form parsing; a .server module so zod
 * and the API contracts stay out of the browser bundle.
 */
export { ExceptionFilterSchema };

/** The page's own parameters, which are not filters. */
const PAGE_PARAMETERS = new Set(["sort", "open"]);

export interface IgnoredParameter {
  parameter: string;
  message: string;
}

/**
 * The filters of a link, forgiving where the API is strict: a shared or
 * hand-edited link with an empty, unknown or malformed parameter still opens
 * the list, without that parameter, and says which were left out and why.
 */
export function readLinkFilters(searchParams: URLSearchParams, defaults: Record<string, string>) {
  const shape = ExceptionFilterSchema.shape as Record<string, z.ZodType>;
  const accepted: Record<string, string> = { ...defaults };
  const ignored: IgnoredParameter[] = [];
  for (const [name, value] of searchParams) {
    if (PAGE_PARAMETERS.has(name)) continue;
    const field = shape[name];
    if (!field) {
      ignored.push({ parameter: name, message: "not a filter of this list" });
      continue;
    }
    if (value.trim() === "") {
      // An empty field means "any": the filter's default applies.
      continue;
    }
    const parsed = field.safeParse(value);
    if (!parsed.success) {
      ignored.push({ parameter: name, message: parsed.error.issues[0]?.message ?? "not valid" });
      continue;
    }
    accepted[name] = value;
  }
  return { filter: ExceptionFilterSchema.parse(accepted), ignored };
}

/** "Select all matching": the filter travels as the list's query string. */
export const BulkFilterQuerySchema = z.string().max(4000);

export const BulkSchema = () =>
  z.object({
    ids: z
      .string()
      .min(1, "Select at least one exception")
      .transform((text) => text.split(",").filter(Boolean))
      .pipe(z.array(z.string().min(1).max(64)).min(1, "Select at least one exception").max(5000))
      .optional(),
    matching: BulkFilterQuerySchema.optional(),
    operation: z.enum(["assignToMe", "assignTo", "unassign", "in_review", "resolved", "ignored", "open"], "Choose an action"),
    assigneeId: z.string().min(1).max(64).optional(),
    resolutionCode: z.enum(CHOOSABLE_RESOLUTION_CODES).optional(),
  })
  .refine((input) => input.operation !== "assignTo" || input.assigneeId, { path: ["assigneeId"], message: "Choose whom to assign them to" })
  .refine((input) => input.ids !== undefined || input.matching !== undefined, { path: ["ids"], message: "Select at least one exception" });

