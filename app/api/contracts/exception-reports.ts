import { z } from "../zod";
import { defineOperation } from "../operation";
import { badQuery, ExceptionFilterSchema, problems, SortSchema } from "./exceptions";

/**
 * What the exceptions grid reports about a whole filter rather than a page:
 * its totals, and the export of every matching row.
 */
function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const getExceptionTotalsOp = defineOperation({
  operationId: "getExceptionTotals",
  method: "GET",
  path: "/api/v1/exceptions/totals",
  tag: "Exceptions",
  summary: "How many exceptions match the filter, and their amounts summed per currency",
  description: "Over the whole filter, not a page. Sums are integer minor units per currency; exceptions without an amount are counted but not summed (withoutAmount).",
  access: "org:read",
  query: ExceptionFilterSchema,
  responses: {
    200: {
      description: "Totals for the filter",
      schema: z
        .object({
          object: z.literal("exception_totals"),
          count: z.number().int(),
          amountMinorByCurrency: z.record(z.string(), z.number().int()),
          withoutAmount: z.number().int().openapi({ description: "Matching exceptions with no amount or no currency" }),
        })
        .openapi("ExceptionTotals"),
    },
    ...problems,
    ...badQuery,
  },
});

export const exportExceptionsOp = defineOperation({
  operationId: "exportExceptions",
  method: "GET",
  path: "/api/v1/exceptions/export",
  tag: "Exceptions",
  summary: "Export the filtered exceptions as CSV or XLSX (streamed)",
  description: "Text cells a spreadsheet would run as a formula — starting with =, +, -, @ or their fullwidth forms, also after leading whitespace or line breaks, or starting with tab, CR or LF — are prefixed with an apostrophe.",
  access: "org:read",
  query: ExceptionFilterSchema.extend({
    format: z.enum(["csv", "xlsx"]).default("csv"),
    sort: SortSchema,
    columns: z.enum(["human", "machine"]).optional().openapi({
      description:
        "human: amounts in major units beside the currency, stream, step and assignee names, file name and line, times in `timeZone` with the zone named. " +
        "machine: ids, integer minor units, UTC ISO times (the export's original columns). " +
        "Default: human for a signed-in person, machine for API keys, so scripts written against the machine columns keep working.",
    }),
    timeZone: z
      .string()
      .min(1)
      .max(64)
      .refine(isKnownTimeZone, "must be an IANA time zone, e.g. Europe/Berlin")
      .optional()
      .openapi({ description: "IANA zone for the human columns' times (default UTC)" }),
  }),
  responses: { 200: { description: "text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }, ...problems, ...badQuery },
});

