import { z } from "zod";
import { DetectionOverridesSchema } from "~/api/contracts/files";
import { ValidationFailed } from "~/core/errors/domain-errors";
import type { ColumnProfile, DetectionOverrides } from "~/core/ingest";

/**
 * The files pages' form and query parsing. A .server module so zod and the
 * API contracts stay out of the browser bundle (Remix drops .server imports
 * from the client build; schemas defined in a route module would ship).
 */
export const FilesQuerySchema = z.object({
  status: z.enum(["processing", "ready", "failed"]).optional().catch(undefined),
  kind: z.enum(["upload", "artifact", "snapshot"]).optional().catch(undefined),
  q: z.string().trim().min(1).max(200).optional().catch(undefined),
  cursor: z.string().regex(/^[A-Za-z0-9_]{1,64}$/).optional().catch(undefined),
});

export const COLUMN_TYPES = ["string", "integer", "amount", "date", "datetime", "boolean", "currency", "empty"] as const;

export const OverrideFormSchema = () =>
  z.object({
    column: z.string().min(1, "Choose a column").max(500),
    type: z.enum(COLUMN_TYPES, "Choose a type"),
    decimalSeparator: z.enum([".", ","]).optional(),
    thousandsSeparator: z.enum(["none", ",", ".", "space", "'"]).optional(),
    negative: z.enum(["minus", "parentheses", "trailingMinus", "crdr"]).optional(),
    datePattern: z.string().trim().max(64).optional(),
    dateOrder: z.enum(["", "DMY", "MDY", "YMD"]).optional(),
    timeZone: z.string().trim().max(64).optional(),
    locale: z.string().trim().max(35).optional(),
  });

/** "auto": recognition decides again; "plain": a plain table; "mapping:<id>": a saved column mapping; otherwise an adapter's name (checked by the service). */
export const FormatFormSchema = () => z.object({ adapter: z.string().trim().min(1, "Choose a format").max(64) });

/** The same, for a file picked from a list (Quick Run). */
export const FileFormatFormSchema = () => FormatFormSchema().extend({ fileId: z.string().regex(/^file_[0-9A-Z]{26}$/, "Choose a file") });

export function formatChoiceOfForm(value: string): { adapter: string | null } | { mapping: string } | null {
  if (value === "auto") return null;
  if (value.startsWith("mapping:")) return { mapping: value.slice("mapping:".length) };
  return { adapter: value === "plain" ? null : value };
}

export const PolicyFormSchema = () => z.object({ policy: z.enum(["strict", "lenient"], "Choose a policy") });

/** Merges one column's override into the stored ones (PATCH replaces overrides as a whole), checked by the API's own schema. */
export function buildOverrides(current: DetectionOverrides, input: z.output<ReturnType<typeof OverrideFormSchema>>): DetectionOverrides {
  const column: Partial<ColumnProfile> = { type: input.type };
  if (input.type === "amount") {
    column.amount = {
      decimalSeparator: input.decimalSeparator ?? ".",
      thousandsSeparator: ({ none: "", space: " " } as Record<string, "" | " ">)[input.thousandsSeparator ?? "none"] ?? (input.thousandsSeparator as "," | "." | "'"),
      negative: input.negative ?? "minus",
    };
  }
  if ((input.type === "date" || input.type === "datetime") && input.datePattern) {
    column.date = { pattern: input.datePattern, ...(input.dateOrder ? { order: input.dateOrder } : {}), ...(input.timeZone ? { timeZone: input.timeZone } : {}) };
  }
  const next: DetectionOverrides = { ...current, columns: { ...(current.columns ?? {}), [input.column]: column } };
  if (input.locale) next.locale = input.locale;
  else delete next.locale;
  const parsed = DetectionOverridesSchema.safeParse(next);
  if (!parsed.success) {
    throw new ValidationFailed("The override is not valid", {
      errors: parsed.error.issues.map((issue) => ({ pointer: `/${issue.path.map(String).join("/")}`, message: issue.message })),
    });
  }
  return parsed.data as DetectionOverrides;
}

